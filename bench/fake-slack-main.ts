import { FakeSlack } from '../src/chat/fake-slack.ts';

/** The fake Slack Web API in a process of its own (the soak bench's): prints its URL, runs until killed. */
const fake = new FakeSlack();
await fake.start();
console.log(`export SLACK_API_URL=${fake.apiUrl}\nready`);
