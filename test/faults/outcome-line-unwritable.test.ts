import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/chat/fake-slack.ts';
import { ACTIONS } from '../../src/chat/render.ts';
import type { FerryEvent } from '../../src/core/events.ts';
import { applyFault } from '../../src/sandbox/index.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { buttonValue, CHANNEL, type SlackHarness, slackHarness, textOf, waitFor } from '../helpers/slack.ts';
import { canMount, type SmallDisk, smallDisk } from '../helpers/small-disk.ts';

/**
 * An evacuation's per-server outcome line is told from its journal entry (journal-teller.ts), which
 * is marked told once the report resolves. The matrix's store-unwritable case at a drain's running
 * lost such a line under load: the report resolved before the line was in the outbox, so a line the
 * store could not write was logged and dropped while the entry was marked told once the disk took
 * writes again. Here the disk fills as the first move's end is told, deterministically.
 */
describe.skipIf(!canMount)("an evacuation's outcome line the store could not write", () => {
  let fx: SandboxFixture;
  let slack: SlackHarness | undefined;
  let disk: SmallDisk;

  beforeEach(async () => {
    fx = await sandboxFixture();
    disk = smallDisk();
  });
  afterEach(async () => {
    disk.free();
    await slack?.stop();
    slack = undefined;
    await fx.close();
    disk.close();
  });

  it('fails its report (the entry stays untold), then is posted exactly once when the disk takes writes', async () => {
    const h = await slackHarness(fx, { store: await LowdbStore.open(join(disk.dir, 'ferry.json')) });
    slack = h;
    const ended: [FerryEvent & { kind: 'evacuation.item-ended' }, string][] = [];
    h.ferry.events.subscribe((event, journalId) => {
      if (event.kind !== 'evacuation.item-ended' || !journalId) return;
      // the teller (subscribed first) has begun telling it: the disk fills before its line is written
      if (ended.length === 0) disk.fill();
      ended.push([event, journalId]);
    });
    await h.command('U_ALICE', '/evacuate', 'compute1 --concurrency 2');
    const parent = await waitFor(
      () => h.fake.messages.find((m) => !m.threadTs && !m.ephemeralTo && m.text.startsWith('Evacuation')),
      'the evacuation',
    );
    await h.press('U_BOB', parent.ts, ACTIONS.approve, buttonValue(parent, ACTIONS.approve));
    const [event] = await waitFor(() => ended[0], "a server's move to end", 30_000);
    // a write under way as the disk filled frees its temp file: topped up until writes fail
    await waitFor(() => {
      disk.fill();
      return h.store.writeFailure();
    }, 'a write to fail');
    // the contract the teller relies on: no resolving while the line is not in the outbox (the
    // evacuation's message was refreshed moments ago, so only the line is written here)
    await expect(h.ferry.reporter.report(event, 'told-again-while-full')).rejects.toThrow();

    disk.free();
    for (let tries = 0; tries < 200 && h.store.writeFailure(); tries++) {
      await h.ferry.sweep().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(h.store.writeFailure()).toBeNull();
    // ledger dirties memory faster than it is copied until told otherwise: the evacuation ends now
    applyFault(fx.sandbox.cloud, { type: 'converge', server: 'ledger' });
    const thread = () => h.fake.threadOf(CHANNEL, parent.ts).map(textOf).join('\n');
    await waitFor(() => thread().includes('Evacuation report'), 'the report', 60_000);
    await h.ferry.sweep();
    await h.ferry.reporter.idle();
    await h.ferry.poster.drain();
    const line = `\`${event.item.serverName}\``;
    // posts in a thread are batched, so an outcome line may share a message with progress lines
    const outcomeLines = h.fake
      .threadOf(CHANNEL, parent.ts)
      .flatMap((m: StoredMessage) => textOf(m).split('\n'))
      .filter((text) => text.includes(line) && text.includes('— completed'));
    expect(outcomeLines).toHaveLength(1);
    // the report's own entry is marked told once its post is taken
    let untold = await h.store.untoldJournal();
    for (let tries = 0; tries < 100 && untold.length > 0; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      untold = await h.store.untoldJournal();
    }
    expect(untold).toEqual([]);
  }, 120_000);
});
