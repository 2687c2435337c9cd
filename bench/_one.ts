import { benchSharedPoll } from './shared-poll.ts';

await benchSharedPoll();
