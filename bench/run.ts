import { benchEvacuation } from './evacuation.ts';
import { benchLargeProfile } from './large.ts';
import { benchPollingRate, benchPreconditions } from './preconditions.ts';
import { benchReplicaApprovals, benchReplicaTakeover } from './replicas.ts';
import { benchSharedPoll } from './shared-poll.ts';
import { benchSlackAck } from './slack-ack.ts';

/** `npm run bench`: every performance figure Ferry claims, measured here and printed. */
await benchPreconditions();
await benchPollingRate();
await benchSlackAck();
await benchEvacuation();
await benchLargeProfile();
await benchSharedPoll();
await benchReplicaApprovals();
await benchReplicaTakeover();
