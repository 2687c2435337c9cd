import { randomUUID } from 'node:crypto';
import type {
  OutboxDraft,
  OutboxEntry,
  OutboxMerge,
  OutboxResult,
  OutboxStore,
} from '../../core/ports/outbox.ts';
import { join, joinChain, joinedMessage, settleJoined, threadKey } from '../outbox-join.ts';
import {
  absorbsEdit,
  claimable,
  claimedPost,
  drop,
  expired,
  laneHeads,
  mayBeInSlack,
  mergeInto,
  newEntry,
  newestOfGroup,
  settle,
  showsAgain,
  supersededEdits,
  tells,
  waitsForItsMessage,
} from '../outbox-rules.ts';
import type { Database } from '../schema.ts';
import type { DatabaseFile } from './database-file.ts';

/**
 * The outbox in the lowdb file. One process holds the file (file-lock.ts), so each operation runs to
 * its write without interleaving: a claim cannot be taken twice. Claims live only in this process's
 * memory: after a restart nothing is claimed; a claimed post's `inFlight` is written to the file, so
 * the next start knows which posts may already be in Slack.
 */
export class LowdbOutbox implements OutboxStore {
  /**
   * Claims until settled: one that ran out lets another claim take the message, but nothing is merged
   * into it meanwhile (its sender may still be sending the text it claimed, and settling it sent
   * would drop what was merged after)
   */
  private readonly claims = new Map<string, { owner: string; until: number }>();
  /**
   * Waiting messages a queued write is merging newer text into, by how many such writes: not claimed
   * until it is written, or a claim would send the text before it and settle the entry as showing it
   */
  private readonly merging = new Map<string, number>();

  constructor(private readonly file: DatabaseFile) {}

  private get entries(): OutboxEntry[] {
    return (this.file.data as { outbox?: OutboxEntry[] }).outbox ?? [];
  }

  async enqueueOutbox(
    draft: OutboxDraft,
    at: number,
    merge?: OutboxMerge,
  ): Promise<{ entry: OutboxEntry; merged: boolean }> {
    const into: string[] = [];
    // made on the file's copy and written whole, as every write of the store (database-file.ts)
    const written = this.file.change((data) => {
      const entries = entriesOf(data);
      const said = draft.cause ? findByCause(entries, draft.cause) : undefined;
      if (said && said.state !== 'failed') return { entry: structuredClone(said), merged: false };
      const newest = merge && draft.group ? newestOfGroup(entries, draft.group) : undefined;
      const waiting =
        newest && !this.claims.has(newest.id) && !mayBeInSlack(newest) && newest.joinedInto === undefined
          ? newest
          : undefined;
      if (waiting && merge) {
        this.mergingInto(waiting.id, into);
        mergeInto(waiting, draft, merge);
        return { entry: structuredClone(waiting), merged: true };
      }
      if (draft.group) {
        const last = entries.findLast((entry) => entry.group === draft.group);
        if (showsAgain(last, draft)) return { entry: structuredClone(last as OutboxEntry), merged: true };
      }
      const post = entries.find((entry) => absorbsEdit(entry, draft) && !this.claims.has(entry.id));
      if (post) {
        this.mergingInto(post.id, into);
        post.text = draft.text;
        post.blocks = draft.blocks;
        return { entry: structuredClone(post), merged: true };
      }
      const last = entries[entries.length - 1];
      const entry = newEntry(draft, randomUUID(), (last?.seq ?? 0) + 1, at);
      entries.push(entry);
      return { entry: structuredClone(entry), merged: false };
    });
    return written.finally(() => {
      for (const id of into) {
        const left = (this.merging.get(id) ?? 1) - 1;
        if (left > 0) this.merging.set(id, left);
        else this.merging.delete(id);
      }
    });
  }

  private mergingInto(id: string, into: string[]): void {
    into.push(id);
    this.merging.set(id, (this.merging.get(id) ?? 0) + 1);
  }

  async claimOutbox(
    owner: string,
    now: number,
    until: number,
    wallNow: number,
    retakeOwn = false,
    released = false,
  ): Promise<OutboxEntry[]> {
    const dropped = await this.dropSuperseded(now);
    return [...dropped, ...(await this.claimHeads(owner, now, until, wallNow, retakeOwn, released))];
  }

  private async dropSuperseded(now: number): Promise<OutboxEntry[]> {
    const held = (entry: OutboxEntry) => this.claims.has(entry.id);
    if (supersededEdits(this.entries, held).length === 0) return [];
    return this.file.change((data) =>
      supersededEdits(entriesOf(data), held).map((entry) => {
        drop(entry, now);
        return structuredClone(entry);
      }),
    );
  }

  private async claimHeads(
    owner: string,
    now: number,
    until: number,
    wallNow: number,
    retakeOwn: boolean,
    released: boolean,
  ): Promise<OutboxEntry[]> {
    const { entries } = this;
    const places = (this.file.data as Database).places;
    const heads = laneHeads(entries).filter((head) => {
      if (this.merging.has(head.id)) return false;
      const held = this.claims.get(head.id);
      const claim = retakeOwn && held?.owner === owner ? undefined : held;
      return (
        claimable(
          { ...head, ...(claim ? { claimedBy: claim.owner, claimedUntil: claim.until } : {}) },
          now,
          released,
        ) && !waitsForItsMessage(head, entries, (subject) => places[subject])
      );
    });
    for (const head of heads) this.claims.set(head.id, { owner, until });
    if (!heads.some((head) => head.kind === 'post'))
      return heads.map((head) => claimedCopy(head, owner, until));
    // a post is written in flight before it is sent: after a kill, the next start knows it may be in Slack
    const ids = new Set(heads.map((head) => head.id));
    try {
      // written after the writes queued before it: a head settled meanwhile is not handed out
      return await this.file.change((data) => {
        const entries = entriesOf(data);
        return entries
          .filter((entry) => ids.has(entry.id) && entry.state === 'pending')
          .map((entry) => {
            claimedPost(entry, wallNow);
            if (entry.kind !== 'post') return claimedCopy(entry, owner, until);
            // a reply behind a backlog carries its thread's later waiting replies, claimed with it
            const chain = joinChain(
              entry,
              entries,
              now,
              (candidate) => threadKey(candidate, (subject) => data.places[subject]),
              (candidate) => !this.claims.has(candidate.id),
            );
            join(entry, chain);
            for (const joined of chain) this.claims.set(joined.id, { owner, until });
            return { ...claimedCopy(entry, owner, until), ...joinedMessage([entry, ...chain]) };
          })
          .sort((a, b) => a.seq - b.seq);
      });
    } catch (error) {
      for (const id of ids) this.claims.delete(id);
      for (const entry of this.entries)
        if (entry.joinedInto && ids.has(entry.joinedInto)) this.claims.delete(entry.id);
      throw error;
    }
  }

  async holdOutboxClaim(id: string, owner: string, until: number): Promise<OutboxEntry | undefined> {
    const entry = this.entries.find((candidate) => candidate.id === id);
    if (!entry) return undefined;
    const claim = this.claims.get(id);
    if (entry.state !== 'pending' || claim?.owner !== owner)
      return {
        ...structuredClone(entry),
        ...(claim ? { claimedBy: claim.owner, claimedUntil: claim.until } : {}),
      };
    claim.until = until;
    return claimedCopy(entry, owner, until);
  }

  async settleOutbox(id: string, owner: string, result: OutboxResult): Promise<OutboxEntry | undefined> {
    const held = this.entries.find((candidate) => candidate.id === id);
    if (!held || this.claims.get(id)?.owner !== owner || held.state !== 'pending') return undefined;
    // the claim holds until the entry is written settled, so no claim round can send it again meanwhile
    const settled = await this.file.change((data) => {
      const entries = entriesOf(data);
      const entry = entries.find((candidate) => candidate.id === id) as OutboxEntry;
      const place = settle(entry, result);
      for (const joined of entries)
        if (joined.joinedInto === id && joined.state === 'pending') settleJoined(joined, result);
      if (place) data.places[place.subject] = { ...data.places[place.subject], ...place.place };
      (data as { outbox?: OutboxEntry[] }).outbox = entries.filter(
        (candidate) => !expired(candidate, result.at),
      );
      return structuredClone(entry);
    });
    this.claims.delete(id);
    for (const joined of settled.joined ?? []) this.claims.delete(joined);
    return settled;
  }

  async pendingOutbox(): Promise<OutboxEntry[]> {
    return structuredClone(this.entries.filter((entry) => entry.state === 'pending'));
  }

  async outboxEntries(ids: string[]): Promise<OutboxEntry[]> {
    const wanted = new Set(ids);
    return structuredClone(this.entries.filter((entry) => wanted.has(entry.id)));
  }

  async failedOutbox(limit: number): Promise<OutboxEntry[]> {
    return structuredClone(
      this.entries
        .filter((entry) => entry.state === 'failed')
        .reverse()
        .slice(0, limit),
    );
  }

  async outboxByCause(cause: string): Promise<OutboxEntry | undefined> {
    const found = findByCause(this.entries, cause);
    return found && structuredClone(found);
  }
}

function entriesOf(data: Database): OutboxEntry[] {
  const held = data as { outbox?: OutboxEntry[] };
  held.outbox ??= [];
  return held.outbox;
}

function claimedCopy(entry: OutboxEntry, owner: string, until: number): OutboxEntry {
  return { ...structuredClone(entry), claimedBy: owner, claimedUntil: until };
}

function findByCause(entries: OutboxEntry[], cause: string): OutboxEntry | undefined {
  return entries.findLast((entry) => tells(entry, cause));
}
