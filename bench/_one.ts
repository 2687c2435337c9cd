import { benchPollingRate, benchPreconditions } from './preconditions.ts';
import { benchSharedPoll } from './shared-poll.ts';

await benchPreconditions();
await benchPollingRate();
await benchSharedPoll();
