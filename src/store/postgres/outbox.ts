import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import {
  NOT_RELEASED,
  ORPHANED_MS,
  type OutboxDraft,
  type OutboxEntry,
  type OutboxMerge,
  type OutboxResult,
  type OutboxStore,
} from '../../core/ports/outbox.ts';
import type { Place } from '../../core/ports/places.ts';
import { join, joinChain, joinedMessage, mayCarry, settleJoined, threadKey } from '../outbox-join.ts';
import {
  absorbsEdit,
  CAUSED_KEEP_MS,
  ENDED_KEEP_MS,
  mayBeInSlack,
  mergeInto,
  newEntry,
  settle,
  showsAgain,
} from '../outbox-rules.ts';
import { wholeTimes } from '../whole-times.ts';

/** What the outbox needs of the PostgreSQL store: its transactions, its pool, and its places. */
export interface OutboxDeps {
  write<T>(work: (tx: pg.PoolClient) => Promise<T>): Promise<T>;
  pool: pg.Pool;
  /** merges a place in the transaction (and tells the other replicas); answers the merged place */
  setPlace(tx: pg.PoolClient, subject: string, place: Place): Promise<Place>;
  /** after the commit: the place as this replica now holds it */
  placed(subject: string, place: Place): void;
}

interface Row {
  seq: string;
  state: OutboxEntry['state'];
  next_at: string;
  ended_at: string | null;
  claimed_by: string | null;
  claimed_until: string | null;
  entry: OutboxEntry;
}

const COLUMNS = 'seq, state, next_at, ended_at, claimed_by, claimed_until, entry';
const RETURNED = COLUMNS.split(', ')
  .map((column) => `o.${column}`)
  .join(', ');

/**
 * The outbox in PostgreSQL, shared by the replicas: each write one transaction, a claim one UPDATE
 * on the first waiting row of each lane (a channel's posts, its edits), re-checked under the row lock,
 * so two replicas never send the same message nor two messages of one lane at once.
 */
export class PostgresOutbox implements OutboxStore {
  constructor(private readonly deps: OutboxDeps) {}

  enqueueOutbox(
    draft: OutboxDraft,
    at: number,
    merge?: OutboxMerge,
  ): Promise<{ entry: OutboxEntry; merged: boolean }> {
    return this.deps.write(async (tx) => {
      if (draft.cause) {
        // one writer of a cause at a time, so two replicas telling one change cannot both write it
        await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CAUSE_LOCK, draft.cause]);
        const said = await byCause(tx, draft.cause);
        if (said && said.state !== 'failed') return { entry: said, merged: false };
      }
      if (merge && draft.group) {
        // the group's newest only: new parts in an older one would be sent before the newest
        const { rows } = await tx.query<Row>(
          `SELECT ${COLUMNS} FROM ferry_outbox WHERE grp = $1 AND state = 'pending'
           ORDER BY seq DESC LIMIT 1 FOR UPDATE`,
          [draft.group],
        );
        const newest = rows[0] && fromRow(rows[0]);
        const waiting =
          newest && newest.claimedBy === undefined && !mayBeInSlack(newest) && newest.joinedInto === undefined
            ? newest
            : undefined;
        if (waiting) {
          mergeInto(waiting, draft, merge);
          await save(tx, waiting);
          return { entry: waiting, merged: true };
        }
      }
      if (draft.kind === 'update' && draft.group) {
        const { rows } = await tx.query<Row>(
          `SELECT ${COLUMNS} FROM ferry_outbox WHERE grp = $1 ORDER BY seq DESC LIMIT 1`,
          [draft.group],
        );
        const last = rows[0] && fromRow(rows[0]);
        if (last && showsAgain(last, draft)) return { entry: last, merged: true };
      }
      if (draft.kind === 'update' && draft.of) {
        const { rows } = await tx.query<Row>(
          `SELECT ${COLUMNS} FROM ferry_outbox
           WHERE channel = $1 AND state = 'pending' AND entry->>'kind' = 'post'
             AND entry->'remember'->>'subject' = $2 AND entry->'remember'->>'field' = $3
             AND claimed_by IS NULL
           ORDER BY seq LIMIT 1 FOR UPDATE`,
          [draft.channel, draft.of.subject, draft.of.field],
        );
        const post = rows[0] && fromRow(rows[0]);
        if (post && absorbsEdit(post, draft)) {
          post.text = draft.text;
          post.blocks = draft.blocks;
          await save(tx, post);
          return { entry: post, merged: true };
        }
      }
      const { rows } = await tx.query<{ seq: string }>("SELECT nextval('ferry_outbox_seq_seq') AS seq");
      const entry = wholeTimes(newEntry(draft, randomUUID(), Number(rows[0]?.seq), at));
      await tx.query(
        `INSERT INTO ferry_outbox (seq, id, channel, state, grp, cause, next_at, entry)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          entry.seq,
          entry.id,
          entry.channel,
          entry.state,
          entry.group ?? null,
          entry.cause ?? null,
          entry.nextAt,
          JSON.stringify(entry),
        ],
      );
      return { entry, merged: false };
    });
  }

  async claimOutbox(
    owner: string,
    now: number,
    until: number,
    wallNow: number,
    retakeOwn = false,
    released = false,
  ): Promise<OutboxEntry[]> {
    // edits a newer edit of their message replaced, unclaimed and this replica's to send (outbox-rules.ts
    // supersededEdits, drop)
    const dropped = await this.deps.pool.query<Row>(
      `UPDATE ferry_outbox o SET state = 'dropped', ended_at = $2::bigint,
         entry = o.entry || jsonb_build_object('text', '', 'blocks', '[]'::jsonb)
       WHERE o.state = 'pending' AND o.claimed_by IS NULL AND o.grp IS NOT NULL AND o.entry->>'kind' = 'update'
         AND (o.entry->>'writer' IS NULL OR o.entry->>'writer' = $1
              OR (o.entry->>'createdAt')::bigint <= $2::bigint - $3::bigint)
         AND EXISTS (SELECT 1 FROM ferry_outbox n WHERE n.grp = o.grp AND n.state = 'pending' AND n.seq > o.seq)
       RETURNING ${RETURNED}`,
      [owner, now, ORPHANED_MS],
    );
    // the first waiting message of each lane, a channel's posts or its edits (outbox-rules.ts laneOf),
    // an edit of a message not in Slack yet holding its lane (waitsForItsMessage); a post is written in
    // flight (claimedPost) in the claim's own UPDATE
    const { rows } = await this.deps.pool.query<Row>(
      `WITH heads AS (
         SELECT DISTINCT ON (channel, entry->>'kind' = 'update') seq FROM ferry_outbox WHERE state = 'pending'
         ORDER BY channel, entry->>'kind' = 'update', seq
       )
       UPDATE ferry_outbox o SET claimed_by = $1, claimed_until = $3,
         entry = CASE WHEN o.entry->>'kind' <> 'post' THEN o.entry ELSE o.entry || jsonb_build_object(
           'inFlight', true,
           'unsure', COALESCE((o.entry->>'inFlight')::boolean, false) OR COALESCE((o.entry->>'unsure')::boolean, false),
           'sendingSince', COALESCE(o.entry->'sendingSince', to_jsonb($5::bigint))) END
       FROM heads
       WHERE o.seq = heads.seq AND o.state = 'pending'
         AND (o.next_at <= $2 OR ($7 AND o.entry->>'error' IS NOT NULL AND o.entry->>'error' <> ALL($8)))
         AND (o.claimed_by IS NULL OR o.claimed_until <= $2 OR ($6 AND o.claimed_by = $1))
         AND (o.entry->>'writer' IS NULL OR o.entry->>'writer' = $1
              OR (o.entry->>'createdAt')::bigint <= $2 - $4)
         AND NOT (o.entry->>'kind' = 'update' AND o.entry->>'ts' IS NULL AND o.entry->'of' IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM ferry_places p WHERE p.subject_id = o.entry->'of'->>'subject'
                              AND p.place->>(o.entry->'of'->>'field') IS NOT NULL)
              AND EXISTS (SELECT 1 FROM ferry_outbox w WHERE w.state = 'pending' AND w.entry->>'kind' = 'post'
                          AND w.entry->'remember'->>'subject' = o.entry->'of'->>'subject'
                          AND w.entry->'remember'->>'field' = o.entry->'of'->>'field'))
       RETURNING ${RETURNED}`,
      [owner, now, until, ORPHANED_MS, wallNow, retakeOwn, released, NOT_RELEASED],
    );
    const claimed = await Promise.all(
      rows
        .map(fromRow)
        .map((head) =>
          head.kind === 'post' && mayCarry(head, now) ? this.joinReplies(owner, head, now, until) : head,
        ),
    );
    return [...dropped.rows.map(fromRow), ...claimed].sort((a, b) => a.seq - b.seq);
  }

  /**
   * A claimed reply behind a backlog takes its thread's later waiting replies (outbox-join.ts), each
   * claimed with it in one transaction under their row locks, so no other replica sends or merges
   * into any of them meanwhile.
   */
  private joinReplies(owner: string, head: OutboxEntry, now: number, until: number): Promise<OutboxEntry> {
    return this.deps.write(async (tx) => {
      const { rows } = await tx.query<Row>(
        `SELECT ${COLUMNS} FROM ferry_outbox WHERE channel = $1 AND state = 'pending' AND seq >= $2
         ORDER BY seq FOR UPDATE`,
        [head.channel, head.seq],
      );
      const entries = rows.map(fromRow);
      const held = entries.find((entry) => entry.id === head.id);
      if (!held || held.claimedBy !== owner) return head;
      const subjects = [...new Set(entries.flatMap((entry) => (entry.threadOf ? [entry.threadOf] : [])))];
      const places = await tx.query<{ subject_id: string; place: Place }>(
        'SELECT subject_id, place FROM ferry_places WHERE subject_id = ANY($1)',
        [subjects],
      );
      const placeOf = (subject: string) => places.rows.find((row) => row.subject_id === subject)?.place;
      // unclaimed (a claim run out is its dead sender's), and among replicas left to its writer while young
      const free = (entry: OutboxEntry) =>
        (entry.claimedBy === undefined || (entry.claimedUntil ?? 0) <= now) &&
        (entry.writer === undefined || entry.writer === owner || entry.createdAt <= now - ORPHANED_MS);
      const chain = joinChain(held, entries, now, (entry) => threadKey(entry, placeOf), free);
      join(held, chain);
      await save(tx, held);
      for (const entry of chain) await save(tx, { ...entry, claimedBy: owner, claimedUntil: until });
      return { ...held, ...joinedMessage([held, ...chain]) };
    });
  }

  async holdOutboxClaim(id: string, owner: string, until: number): Promise<OutboxEntry | undefined> {
    const held = await this.deps.pool.query<Row>(
      `UPDATE ferry_outbox SET claimed_until = $3 WHERE id = $1 AND state = 'pending' AND claimed_by = $2
       RETURNING ${COLUMNS}`,
      [id, owner, until],
    );
    const { rows } = held.rows.length
      ? held
      : await this.deps.pool.query<Row>(`SELECT ${COLUMNS} FROM ferry_outbox WHERE id = $1`, [id]);
    return rows[0] && fromRow(rows[0]);
  }

  async settleOutbox(id: string, owner: string, result: OutboxResult): Promise<OutboxEntry | undefined> {
    const settled = await this.deps.write(async (tx) => {
      const { rows } = await tx.query<Row>(`SELECT ${COLUMNS} FROM ferry_outbox WHERE id = $1 FOR UPDATE`, [
        id,
      ]);
      const entry = rows[0] && fromRow(rows[0]);
      if (!entry || entry.claimedBy !== owner || entry.state !== 'pending') return undefined;
      const remembered = settle(entry, result);
      await save(tx, entry);
      if (entry.joined?.length) {
        const joined = await tx.query<Row>(
          `SELECT ${COLUMNS} FROM ferry_outbox WHERE id = ANY($1) AND state = 'pending' ORDER BY seq FOR UPDATE`,
          [entry.joined],
        );
        for (const reply of joined.rows.map(fromRow))
          if (reply.joinedInto === entry.id) {
            settleJoined(reply, result);
            await save(tx, reply);
          }
      }
      await tx.query(
        `DELETE FROM ferry_outbox WHERE state <> 'pending'
         AND ended_at < (CASE WHEN cause IS NULL THEN $1::bigint ELSE $2::bigint END)`,
        [result.at - ENDED_KEEP_MS, result.at - CAUSED_KEEP_MS],
      );
      const place = remembered && {
        subject: remembered.subject,
        place: await this.deps.setPlace(tx, remembered.subject, remembered.place),
      };
      return { entry, place };
    });
    if (settled?.place) this.deps.placed(settled.place.subject, settled.place.place);
    return settled?.entry;
  }

  async pendingOutbox(): Promise<OutboxEntry[]> {
    const { rows } = await this.deps.pool.query<Row>(
      `SELECT ${COLUMNS} FROM ferry_outbox WHERE state = 'pending' ORDER BY seq`,
    );
    return rows.map(fromRow);
  }

  async outboxEntries(ids: string[]): Promise<OutboxEntry[]> {
    const { rows } = await this.deps.pool.query<Row>(
      `SELECT ${COLUMNS} FROM ferry_outbox WHERE id = ANY($1)`,
      [ids],
    );
    return rows.map(fromRow);
  }

  async failedOutbox(limit: number): Promise<OutboxEntry[]> {
    const { rows } = await this.deps.pool.query<Row>(
      `SELECT ${COLUMNS} FROM ferry_outbox WHERE state = 'failed' ORDER BY seq DESC LIMIT $1`,
      [limit],
    );
    return rows.map(fromRow);
  }

  outboxByCause(cause: string): Promise<OutboxEntry | undefined> {
    return byCause(this.deps.pool, cause);
  }
}

/** An arbitrary constant: the advisory lock class of causes being written. */
const CAUSE_LOCK = 7_265_024;

/** The newest message telling `cause`, as its own or merged into another (mergedCauses, indexed in v6). */
async function byCause(db: pg.Pool | pg.PoolClient, cause: string): Promise<OutboxEntry | undefined> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM ferry_outbox WHERE cause = $1 OR entry->'mergedCauses' ? $1
     ORDER BY seq DESC LIMIT 1`,
    [cause],
  );
  return rows[0] && fromRow(rows[0]);
}

/** The row's columns are the truth for what changes (state, claim, timing); the entry holds the rest. */
function fromRow(row: Row): OutboxEntry {
  const entry: OutboxEntry = {
    ...row.entry,
    seq: Number(row.seq),
    state: row.state,
    nextAt: Number(row.next_at),
  };
  delete entry.claimedBy;
  delete entry.claimedUntil;
  if (row.ended_at !== null) entry.endedAt = Number(row.ended_at);
  if (row.claimed_by !== null) entry.claimedBy = row.claimed_by;
  if (row.claimed_until !== null) entry.claimedUntil = Number(row.claimed_until);
  return entry;
}

async function save(tx: pg.PoolClient, entry: OutboxEntry): Promise<void> {
  const { claimedBy, claimedUntil, ...kept } = wholeTimes(entry);
  await tx.query(
    `UPDATE ferry_outbox SET state = $2, next_at = $3, ended_at = $4, claimed_by = $5, claimed_until = $6,
       entry = $7 WHERE id = $1`,
    [
      entry.id,
      entry.state,
      entry.nextAt,
      entry.endedAt ?? null,
      claimedBy ?? null,
      claimedUntil ?? null,
      JSON.stringify(kept),
    ],
  );
}
