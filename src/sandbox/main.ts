import { parseArgs } from 'node:util';
import { systemClock } from '../clock.ts';
import { startSandbox } from './index.ts';
import type { Profile } from './model.ts';
import { PROFILES } from './profiles.ts';

/** `npm run sandbox`: the sandbox cloud on loopback until stopped, for the openstack CLI or a second Ferry. */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.SANDBOX_PORT ?? '5050' },
    speed: { type: 'string', default: process.env.SANDBOX_SPEED ?? '1' },
    'max-microversion': { type: 'string', default: '2.96' },
    profile: { type: 'string', default: process.env.SANDBOX_PROFILE ?? 'small' },
  },
});
const profile = values.profile as Profile;
if (!PROFILES.includes(profile)) {
  console.error(`--profile must be one of ${PROFILES.join(', ')}, got "${values.profile}"`);
  process.exit(2);
}

const speed = Number(values.speed);
const port = Number(values.port);
if (!Number.isFinite(speed) || speed <= 0) {
  console.error(`--speed must be a positive number, got "${values.speed}"`);
  process.exit(2);
}
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port must be a port number, got "${values.port}"`);
  process.exit(2);
}

const sandbox = await startSandbox({
  clock: systemClock,
  speed,
  port,
  maxMicroversion: values['max-microversion'] as string,
  profile,
});
console.log(
  `Sandbox cloud listening on ${sandbox.url} (${profile} profile: ${sandbox.cloud.hosts.size} hosts, ${sandbox.cloud.servers.size} servers; speed ${speed}, compute microversions 2.1-${sandbox.cloud.maxMicroversion})`,
);
console.log('Point the openstack CLI or Ferry at it with:\n');
for (const [key, value] of Object.entries(sandbox.env)) console.log(`export ${key}=${value}`);
console.log(
  `\nFaults: curl -X POST ${sandbox.url}/sandbox/faults -H 'Content-Type: application/json' -d '{"type":"stall","server":"server-x"}'`,
);
console.log('Stop with Ctrl-C.');

const stop = async () => {
  await sandbox.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
