import { LogLevel } from '@slack/bolt';
import { COMMANDS } from '../commands/index.ts';
import { FakeSlack } from '../src/chat/fake-slack.ts';
import { systemClock } from '../src/clock.ts';
import { ConsoleReceiver } from '../src/console/receiver.ts';
import { type RunningFerry, startFerry } from '../src/ferry.ts';
import type { FerryOptions } from '../src/ferry-options.ts';
import { cloudApiFrom } from '../src/openstack/cloud-api.ts';
import type { Sandbox } from '../src/sandbox/index.ts';
import { systemScheduler } from '../src/scheduler.ts';
import { LowdbStore } from '../src/store/lowdb/lowdb-store.ts';
import { type CloudCall, recordingCloud } from './pace.ts';
import { sandboxClients } from './sandbox-clients.ts';

/**
 * Ferry on real time against a sandbox, driven by calling its flow directly (no Slack requests), its
 * posts going to a fake Slack: what the evacuation and drain benches measure.
 */
export async function benchFerry(
  sandbox: Sandbox,
  progressIntervalMs: number,
  slack: ConstructorParameters<typeof FakeSlack>[0] = {},
  more: Partial<FerryOptions> = {},
  /** every cloud call Ferry makes, written down at the cloud's door (bench/pace.ts) */
  calls?: CloudCall[],
): Promise<{ ferry: RunningFerry; store: LowdbStore; fake: FakeSlack; stop(): Promise<void> }> {
  const clients = await sandboxClients(sandbox, { clock: systemClock });
  const fake = new FakeSlack(slack);
  await fake.start();
  const store = LowdbStore.memory();
  const ferry = await startFerry({
    commands: COMMANDS,
    scheduler: systemScheduler({ recurring: false }),
    clock: systemClock,
    cloud: calls ? recordingCloud(clients, calls) : cloudApiFrom(clients),
    store,
    slack: { mode: 'receiver', botToken: 'xoxb-bench', receiver: new ConsoleReceiver(), apiUrl: fake.apiUrl },
    oncallUsers: ['U_BOB'],
    access: { refusal: () => null },
    timeZone: 'UTC',
    progressIntervalMs,
    approvalTtlMs: 1_800_000,
    autoConfirm: true,
    logLevel: LogLevel.ERROR,
    ...more,
  });
  return {
    ferry,
    store,
    fake,
    stop: async () => {
      await ferry.stop();
      await fake.stop();
      await sandbox.close();
    },
  };
}
