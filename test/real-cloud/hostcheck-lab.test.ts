import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/chat/render.ts';
import type { SlackHarness } from '../helpers/slack.ts';
import { textOf, waitFor } from '../helpers/slack.ts';
import { computesInService } from './lab.ts';
import {
  cloud,
  domainOf,
  expectTicking,
  labFerry,
  labHostChecker,
  requestMessage,
  runningDomains,
  threadText,
  tickingBefore,
} from './lab-guest.ts';

/**
 * /hostcheck over real SSH against the lab's own nova.conf and libvirtd.conf; then compute3 broken
 * (`npm run lab -- break compute3`: listen_tcp = 0): the check names the setting, and a real live
 * migration to compute3 fails the way it predicted, and Ferry's outcome says so.
 */

const run = promisify(execFile);
const lab = (...args: string[]) =>
  run('npm', ['run', '--silent', 'lab', '--', ...args], { timeout: 120_000 });

let slack: SlackHarness | undefined;
afterEach(async () => {
  await slack?.stop();
  slack = undefined;
});
// the next suite plans on compute3: fixed, and back in service (Nova disables it while libvirtd restarts)
afterAll(async () => {
  await lab('fix', 'compute3');
  await computesInService(['compute3']);
}, 240_000);

/** a guest compute3 could take (other suites share the lab): web-1 and web-2 are never both there */
async function aGuestNotOnCompute3(): Promise<string> {
  for (const name of ['server-x', 'web-1', 'web-2'])
    if ((await cloud.findServer(name)).host !== 'compute3') return name;
  throw new Error('server-x, web-1 and web-2 are all on compute3: anti-affinity broken');
}

async function hostcheck(ferry: SlackHarness, hosts: string): Promise<string> {
  await ferry.command('U_ALICE', '/hostcheck', hosts);
  const message = await waitFor(
    () => ferry.fake.messages.find((m) => m.text.startsWith(`Host check of ${hosts.replace(' ', ' and ')}`)),
    'host check message',
    90_000,
  );
  return textOf(message);
}

describe('/hostcheck against the lab', () => {
  it("reads compute1's and compute3's real files over SSH: nothing in the way of a live migration", async () => {
    slack = await labFerry({ hostChecker: labHostChecker() });
    const text = await hostcheck(slack, 'compute1 compute3');
    console.log(text);
    expect(text).toMatch(/\*compute1\*/);
    expect(text).toMatch(/\*compute3\*/);
    expect(text).not.toMatch(/❌/);
    // each host's own libvirtd, not a neighbour's socket (the lab's hosts share one network namespace)
    expect(text).toMatch(
      /\*compute3\*[\s\S]*✅ Something listens on 16509 \(tcp\)\n\s+`LISTEN[^`]*127\.0\.0\.5:16509/,
    );
  }, 120_000);

  it('names listen_tcp on a broken compute3; a real live migration there fails as predicted', async () => {
    await lab('break', 'compute3');
    // nova-compute may lose its libvirt connection while libvirtd restarts, and Nova then disables the
    // host itself ("AUTO: Connection to libvirt lost") until it reconnects: wait for it, so the move
    // below meets the broken setting and not a disabled host
    await computesInService(['compute3']);
    slack = await labFerry({ hostChecker: labHostChecker() });
    const text = await hostcheck(slack, 'compute1 compute3');
    console.log(text);
    expect(text).toMatch(/\*compute3\*\n❌ libvirtd does not listen on TCP[^\n]*\n\s+`listen_tcp = 0/);
    // compute1's libvirtd, seen from compute3 (one network namespace), is no listener for compute3
    expect(text).toMatch(/❌ Nothing listens on 16509: peers cannot migrate to compute3/);
    // Ferry with the host check refuses the move before Nova is asked
    const guest = await aGuestNotOnCompute3();
    await slack.command('U_ALICE', '/migrate', `${guest} to compute3`);
    const refused = await requestMessage(slack, guest);
    console.log(textOf(refused));
    expect(textOf(refused)).toMatch(
      /❌ \*Host configuration \(compute3\)\*: [^\n]*libvirtd does not listen on TCP/,
    );
    await slack.stop();

    // without the host check Ferry asks Nova, and the real migration fails the way the check said
    slack = await labFerry();
    const home = (await cloud.findServer(guest)).host as string;
    const domain = await domainOf(guest);
    await tickingBefore(guest);
    const began = Date.now();
    await slack.command('U_ALICE', '/migrate', `${guest} to compute3`);
    const parent = await requestMessage(slack, guest);
    await slack.press('U_BOB', parent.ts, ACTIONS.approve, slack.store.pendingRequests()[0]?.id as string);
    const ferry = slack;
    await waitFor(
      () =>
        /Aborted|Completed|Moved, not proven|Rolled back|Failed|Timed out/.test(threadText(ferry, parent)),
      'an outcome',
      240_000,
    );
    const outcome = threadText(slack, parent);
    console.log(
      `live move to a broken compute3: outcome after ${((Date.now() - began) / 1000).toFixed(0)} s\n${outcome}`,
    );
    // Nova's record and its instance action events carry no reason (every event "Success"): Ferry says
    // so and points at the source's log, where libvirt wrote what the check predicted
    expect(outcome).toMatch(
      new RegExp(
        `Rolled back\\*[^\\n]*${guest} is ACTIVE on ${home} again\\. [^\\n]* was the last step Ferry saw; Nova records no reason, look in nova-compute's log on ${home}`,
      ),
    );
    const log = readFileSync(`/tmp/ferry-lab/log/nova-compute-${home}.log`, 'utf8');
    expect(log).toMatch(
      /Live Migration failure: unable to connect to server at '127\.0\.0\.5:16509': Connection refused/,
    );
    expect((await cloud.findServer(guest)).host).toBe(home);
    expect(await runningDomains(home)).toContain(domain);
    await expectTicking(guest);
  }, 420_000);
});
