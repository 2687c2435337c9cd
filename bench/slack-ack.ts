import { createHmac } from 'node:crypto';
import { LogLevel } from '@slack/bolt';
import { COMMANDS } from '../commands/index.ts';
import { FakeSlack } from '../src/chat/fake-slack.ts';
import { systemClock } from '../src/clock.ts';
import { startFerry } from '../src/ferry.ts';
import { cloudApiFrom } from '../src/openstack/cloud-api.ts';
import { applyFault, startSandbox } from '../src/sandbox/index.ts';
import { systemScheduler } from '../src/scheduler.ts';
import { LowdbStore } from '../src/store/lowdb/lowdb-store.ts';
import { sandboxClients } from './sandbox-clients.ts';

/** Issue 4: slash-command ack latency, 200 commands sent 20 at a time while the cloud answers after 1 s. */
export async function benchSlackAck(): Promise<void> {
  const secret = 'bench-secret';
  const sandbox = await startSandbox({ clock: systemClock, speed: 1 });
  const clients = await sandboxClients(sandbox, { clock: systemClock });
  const fake = new FakeSlack();
  await fake.start();
  const ferry = await startFerry({
    commands: COMMANDS,
    scheduler: systemScheduler({ recurring: false }),
    clock: systemClock,
    cloud: cloudApiFrom(clients),
    store: LowdbStore.memory(),
    slack: { mode: 'http', botToken: 'xoxb-bench', signingSecret: secret, port: 0, apiUrl: fake.apiUrl },
    oncallUsers: ['U_BOB'],
    access: { refusal: () => null },
    timeZone: 'UTC',
    progressIntervalMs: 30_000,
    approvalTtlMs: 1_800_000,
    autoConfirm: true,
    postGapMs: 0,
    logLevel: LogLevel.ERROR,
  });
  applyFault(sandbox.cloud, { type: 'slow', ms: 1_000 });
  const url = `http://127.0.0.1:${ferry.port}/slack/events`;
  const send = async (index: number) => {
    const body = new URLSearchParams({
      command: '/migrate',
      text: 'server-x to compute2 --dry-run',
      user_id: `U${index}`,
      user_name: `user${index}`,
      channel_id: 'C0BENCH',
      team_id: 'T0001',
      response_url: fake.responseUrl({ channel: 'C0BENCH', user: `U${index}` }),
      trigger_id: `t${index}`,
    }).toString();
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Slack-Request-Timestamp': timestamp,
        'X-Slack-Signature': signature,
      },
      body,
    });
    await response.text();
    if (response.status !== 200) throw new Error(`ack answered ${response.status}`);
    return performance.now() - started;
  };
  const latencies: number[] = [];
  const total = 200;
  const batch = 20;
  for (let start = 0; start < total; start += batch) {
    latencies.push(...(await Promise.all(Array.from({ length: batch }, (_, i) => send(start + i)))));
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] as number;
  console.log(
    `slack ack: ${total} /migrate commands, ${batch} at a time, cloud answering after 1 s: p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms, max ${at(1).toFixed(1)} ms (target p99 < 100 ms)`,
  );
  applyFault(sandbox.cloud, { type: 'slow', ms: 0 });
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  await ferry.stop();
  await fake.stop();
  await sandbox.close();
}
