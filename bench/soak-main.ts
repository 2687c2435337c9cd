import { benchSoak } from './soak.ts';

/** The soak in a process of its own (started with --expose-gc): its memory is Ferry's alone. */
await benchSoak(Number(process.env.FERRY_SOAK_MINUTES ?? 10));
process.exit(0);
