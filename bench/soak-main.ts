import { benchSoak } from './soak.ts';

/**
 * The soak's process when compiled (tsconfig.bench.json, as large-main.ts): Ferry as the Procfile runs
 * it, without tsx, whose loader thread is a second V8 heap in the measured process.
 */
await benchSoak(Number(process.env.FERRY_SOAK_MINUTES ?? 10));
process.exit(0);
