import { benchPollingRate, benchPreconditions } from './preconditions.ts';

/** `npm run bench`: every performance figure Ferry claims, measured here and printed. */
await benchPreconditions();
await benchPollingRate();
