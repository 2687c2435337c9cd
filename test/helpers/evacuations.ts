import { type EvacuationRequest, planEvacuation } from '../../src/core/evacuation.ts';
import { type EvacuationEvent, Evacuator } from '../../src/core/evacuator.ts';
import { RequestBook } from '../../src/core/requests.ts';
import { MigrationRunner, type RunEvent, type RunnerOptions } from '../../src/core/runner.ts';
import { systemScheduler } from '../../src/scheduler.ts';
import { Store } from '../../src/store/store.ts';
import { everyone, plannerFor } from './core.ts';
import { onCall } from './runs.ts';
import type { SandboxFixture } from './sandbox.ts';

export function evacuationHarness(fx: SandboxFixture, options: RunnerOptions = {}, store = Store.memory()) {
  const runEvents: RunEvent[] = [];
  const events: EvacuationEvent[] = [];
  const { cloud } = plannerFor(fx);
  let evacuator: Evacuator | undefined;
  const runner = new MigrationRunner(
    {
      cloud,
      clock: fx.clock,
      store,
      emit: (event) => {
        runEvents.push(event);
        evacuator?.onRunEvent(event);
      },
    },
    options,
  );
  evacuator = new Evacuator({
    cloud,
    clock: fx.clock,
    store,
    runner,
    access: everyone,
    scheduler: systemScheduler({ recurring: false }),
    emit: (event) => events.push(event),
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
      await evacuator?.chooseCold(record.id, fx.sandbox.cloud.resolveServer(name).id);
    await book.approve(record.id, 'U_BOB', store.getRequest(record.id)?.evacuation?.fingerprint);
    return record.id;
  };
  return { runner, evacuator: evacuator as Evacuator, book, store, events, runEvents, plan, approved };
}
