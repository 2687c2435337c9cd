import { it } from 'vitest';
import { textOf } from '../helpers/slack.ts';
import { FAULTS } from './fault-kinds.ts';
import { runScenario, startWorld } from './harness.ts';
import { SCENARIOS } from './scenarios.ts';

for (const [phase, fault] of [
  ['approved', 'nova-outage'],
  ['running', 'store-unwritable'],
  ['waiting', 'clock-back'],
] as const)
  it(`debug ${fault} ${phase}`, async () => {
    const world = await startWorld({
      kind: 'lowdb',
      autoConfirm: SCENARIOS.move.autoConfirm,
      ...FAULTS[fault].world,
    });
    const dump = () =>
      console.log(
        world.fake.messages
          .map((m) => `${m.ephemeralTo ? 'E ' : ''}${m.threadTs ? '  ' : ''}${textOf(m).slice(0, 200)}`)
          .join('\n'),
        JSON.stringify(world.slack.store.runs().map((r) => r.state)),
      );
    try {
      await runScenario(world, 'move', { phase, inject: FAULTS[fault].inject });
    } finally {
      dump();
      await world.close();
    }
  }, 60_000);
