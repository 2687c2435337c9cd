import { Evacuator } from '../../src/core/evacuation/evacuator.ts';
import { planEvacuation } from '../../src/core/evacuation/plan.ts';
import { type EvacuationEvent, isEvacuationEvent, isRunEvent, type RunEvent } from '../../src/core/events.ts';
import type { EvacuationRequest } from '../../src/core/model/evacuation.ts';
import { MigrationRunner } from '../../src/core/move/runner.ts';
import type { RunnerOptions } from '../../src/core/move/runner-deps.ts';
import { RequestBook } from '../../src/core/requests.ts';
import { systemScheduler } from '../../src/scheduler.ts';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.ts';
import type { PostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { everyone, plannerFor } from './core.ts';
import { recordedStream } from './events.ts';
import { onCall } from './runs.ts';
import type { SandboxFixture } from './sandbox.ts';

export function evacuationHarness(
  fx: SandboxFixture,
  options: RunnerOptions = {},
  store: LowdbStore | PostgresStore = LowdbStore.memory(),
) {
  const runEvents: RunEvent[] = [];
  const events: EvacuationEvent[] = [];
  const { cloud } = plannerFor(fx);
  const stream = recordedStream().events;
  const runner = new MigrationRunner({ cloud, clock: fx.clock, store, events: stream }, options);
  const evacuator = new Evacuator({
    cloud,
    clock: fx.clock,
    store,
    runner,
    access: everyone,
    scheduler: systemScheduler({ recurring: false }),
    events: stream,
  });
  stream.subscribe((event) => {
    if (isRunEvent(event)) runEvents.push(event);
    if (isEvacuationEvent(event)) events.push(event);
    evacuator.onEvent(event);
  });
  const book = new RequestBook({
    store,
    clock: fx.clock,
    ttlMs: 1_800_000,
    approvers: { isApprover: async (user) => onCall.has(user), describe: () => 'on-call' },
  });
  const plan = (request: Partial<EvacuationRequest> & { host: string }) =>
    planEvacuation(
      { cloud, clock: fx.clock, access: everyone },
      { concurrency: 2, requestedBy: 'U_ALICE', ...request },
    );
  const approved = async (
    request: Partial<EvacuationRequest> & { host: string },
    options: { perDestination?: number; chooseCold?: string[] } = {},
  ) => {
    const record = await book.submitEvacuation(await plan(request), {
      perDestination: options.perDestination ?? 1,
    });
    for (const name of options.chooseCold ?? [])
      await evacuator.chooseCold(record.id, fx.sandbox.cloud.resolveServer(name).id);
    await book.approve(record.id, 'U_BOB', store.getEvacuation(record.id)?.evacuation.fingerprint);
    return record.id;
  };
  return { runner, evacuator, book, store, events, runEvents, plan, approved };
}
