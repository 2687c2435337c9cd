import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, runConsole, TSX } from './run-console.ts';

describe('the console (npm start with nothing configured)', () => {
  it('runs a request, a refused self-approval, an approval by on-call, progress and completion; and a failed precondition', async () => {
    const { stdout, stderr, code } = await runConsole([
      '/asbob',
      '/migrate help',
      '/migrate server-x to compute2',
      'approve',
      'y',
      '/as bob',
      'approve',
      'y',
      '/wait',
      '/migrate vault to compute2',
      '/migrations',
      'exit',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Ferry — console mode/);
    expect(stdout).toMatch(/Unknown command \/asbob\. Type help\./);
    expect(stdout).toMatch(/Usage: \/migrate <server>/);
    expect(stdout).not.toContain('```');
    expect(stdout).toMatch(/Cloud: +built-in sandbox cloud/);
    expect(stdout).toMatch(/alice> \/migrate server-x to compute2/);
    expect(stdout).toMatch(/Buttons: \[1\] Approve r-[0-9a-f]{6} {2}\[2\] Reject/);
    expect(stdout).toMatch(/\(only you\) You asked for this move, so someone else must approve it/);
    expect(stdout).toMatch(/Approved by @bob/);
    expect(stdout).toMatch(/\[[▓░]+\] \d+% running/);
    expect(stdout).toMatch(/✅ Completed after \d+s: server-x now runs on compute2/);
    expect(stdout).toMatch(/❌ Server state: vault is locked/);
    expect(stdout).toMatch(/➜ Ask its owner, then unlock it/);
    expect(stdout).toMatch(/completed/);
  }, 90_000);

  it('speaks Chinese with FERRY_LANG=zh-CN: the help, the request, the buttons, the run', async () => {
    const { stdout, stderr, code } = await runConsole(
      // a button by its English label, as the README offers, though the console speaks Chinese
      ['help', '/migrate server-x to compute2', '/as bob', 'approve', 'y', '/wait', 'exit'],
      undefined,
      { FERRY_LANG: 'zh-CN' },
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/语言： +zh-CN（FERRY_LANG）/);
    expect(stdout).toMatch(/Ferry — 控制台模式/);
    expect(stdout).toMatch(/\/migrate help +检查并申请迁移一台云主机/);
    expect(stdout).toMatch(/<@?alice>? 申请热迁移|@alice 申请热迁移/);
    expect(stdout).toMatch(/按钮：\[1\] 批准 r-[0-9a-f]{6} {2}\[2\] 拒绝/);
    expect(stdout).toMatch(/你现在是 bob（值班中，可以审批）/);
    expect(stdout).toMatch(/✅ 已完成，用时 \d+ 秒：server-x 现在在 compute2 上运行/);
    expect(stdout).not.toMatch(/Completed|asks for a live migration/);
  }, 90_000);

  it('rejects with a reason typed on the next line, and shows App Home with /home', async () => {
    const { stdout, code } = await runConsole([
      '/migrate cache-1',
      '/as carol',
      '/home',
      'reject',
      'maintenance freeze',
      'exit',
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/home │ .*Ferry.* for @carol · you are on call: you may approve/);
    expect(stdout).toMatch(/home │ .*r-[0-9a-f]{6}.* @alice asks to move .*cache-1/);
    // the channel it waits in, readable: no raw Slack markup (operator trial: "in <#C0CONSOLE>")
    expect(stdout).toMatch(/home │ .*cache-1.* · in #C0CONSOLE/);
    expect(stdout).not.toContain('<#');
    expect(stdout).toMatch(/Likely candidates/);
    expect(stdout).toMatch(/Why reject r-[0-9a-f]{6}\?/);
    expect(stdout).toMatch(/Rejected by @carol at .*: maintenance freeze/);
  }, 90_000);

  it('takes a command typed at the reason question as a command: the dialog closes unsent', async () => {
    const { stdout, code } = await runConsole([
      '/migrate cache-1',
      '/as carol',
      'reject',
      '/migrations',
      'exit',
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Why reject r-[0-9a-f]{6}\?/);
    expect(stdout).toContain(
      'Closed the dialog without sending it; nothing was submitted. Running /migrations.',
    );
    expect(stdout).not.toMatch(/Rejected by @carol/);
    // the request still waits for a decision, and /migrations ran
    expect(stdout).toMatch(/Buttons: \[1\] Approve r-[0-9a-f]{6}/);
  }, 90_000);

  it('runs a command typed at a [y/N] question: the question closes unanswered, nothing is pressed', async () => {
    const { stdout, code } = await runConsole([
      '/migrate cache-1',
      '/as carol',
      'approve',
      '/whereis cache-1',
      'exit',
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Approve this migration\?.*\[y\/N\]/);
    expect(stdout).toMatch(
      /Closed the question without pressing Approve r-[0-9a-f]{6}\. Running \/whereis cache-1\./,
    );
    expect(stdout).not.toContain('Cancelled.');
    // /whereis answered, and the request still waits for a decision
    expect(stdout).toMatch(/cache-1.* is on .*compute/);
    expect(stdout).not.toMatch(/Approved by @carol/);
    expect(stdout).toMatch(/Buttons: \[1\] Approve r-[0-9a-f]{6}/);
  }, 90_000);

  it('keeps its channel across a restart: threads keep their labels and buttons', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ferry-console-'));
    const first = await runConsole(['/migrate server-x to compute2', 'exit'], cwd);
    const id = /Buttons: \[1\] Approve (r-[0-9a-f]{6})/.exec(first.stdout)?.[1] as string;
    expect(id).toBeDefined();
    // the button typed as the list shows it, label and ID
    const second = await runConsole(['/buttons', '/as bob', `approve ${id}`, 'y', '/wait', 'exit'], cwd);
    expect(second.stderr).toBe('');
    expect(second.stdout).toMatch(
      /Restored the console's channel: (1 message|\d+ messages) from before the restart\./,
    );
    expect(second.stdout).toContain(`[1] Approve ${id}`);
    expect(second.stdout).toMatch(
      new RegExp(`  ${id} │ .*Completed after \\d+s: server-x now runs on compute2`),
    );
    expect(second.stdout).not.toMatch(/message_not_found/);
  }, 90_000);

  it('stops /wait and piped input at a cold migration waiting for Confirm, asks which of two buttons, labels drain threads, explains a bad fault', async () => {
    const { stdout, stderr, code } = await runConsole(
      [
        '/migrate server-x to compute2',
        '/evacuate compute3',
        '/as carol',
        'approve',
        // compute4 alone is empty and disabled already: refused, as nothing would change; web-2 has no
        // room off compute2, so it stays
        '/drain compute4 compute2 --skip web-2',
        '/fault {"type":"nope"}',
        '/fault {"type":"stall"}',
        '/as alice',
        '/migrate legacy-app to compute1 --cold',
        '/as bob',
        // Approve of the cold move: after the evacuation's and the drain's Approve, Reject and Edit plan
        '9',
        'y',
        '/wait',
      ],
      undefined,
      { FERRY_AUTO_CONFIRM: 'false' },
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // two Approve buttons: the console asks which, and presses none
    expect(stdout).toMatch(
      /carol> approve\n"approve" is 2 buttons: \[1\] Approve r-[0-9a-f]{6} {2}\[3\] Approve e-[0-9a-f]{6}\. Type its number, or the label with its ID\./,
    );
    expect(stdout).not.toMatch(/Approved by @carol/);
    // a button names what it acts on, not the plan's fingerprint
    expect(stdout).toMatch(
      /\[3\] Approve e-[0-9a-f]{6} {2}\[4\] Reject e-[0-9a-f]{6} {2}\[5\] Edit plan e-[0-9a-f]{6} {2}\[6\] Approve d-[0-9a-f]{6} {2}\[7\] Reject d-[0-9a-f]{6} {2}\[8\] Edit plan d-[0-9a-f]{6} {2}\[9\] Approve r-/,
    );
    expect(stdout).not.toMatch(/Approve [ed]-[0-9a-f]{6}@/);
    expect(stdout).toMatch(/ {2}d-[0-9a-f]{6} │ Drain plan asked by @carol/);
    expect(stdout).toMatch(/There is no sandbox fault "nope"\. Faults: fail-migration, stall,/);
    expect(stdout).toMatch(/The fault "stall" cannot be applied: "server" is missing/);
    // /wait stops where a person must act and shows what to press; so does the end of the input
    const waits = stdout.match(
      /Waiting for a person: legacy-app \((m-[0-9a-f]{6})\) waits for Confirm or Revert\.\nButtons: .*\[\d+\] Confirm \1 {2}\[\d+\] Revert \1/g,
    );
    expect(waits).toHaveLength(2);
    // the end of the input says what the move waits for: a person, not the cloud
    expect(stdout).toMatch(/Input ended; m-[0-9a-f]{6} waits for someone to press Confirm or Revert\./);
    expect(stdout).not.toMatch(/Input ended; Ferry stops watching/);
  }, 90_000);

  it('waits with /wait for a cold move Ferry confirms itself, and says nobody must act', async () => {
    const { stdout, stderr } = await runConsole([
      // Nova answers the migrate and the confirm late: the move spends a while in VERIFY_RESIZE
      '/fault {"type":"lose-answer","method":"POST","path":"action","how":"delay","ms":1500,"count":2}',
      '/migrate batch-7 to compute2 --cold',
      '/as bob',
      'approve',
      'y',
      '/wait',
      '/migrations',
    ]);
    expect(stderr).toBe('');
    expect(stdout).not.toMatch(/Waiting for a person/);
    // /wait returned after the outcome, not before it
    expect(stdout).toMatch(/✅ Completed after \d+s: batch-7 is now on compute2[\s\S]*bob> \/migrations/);
    expect(stdout).not.toMatch(/Input ended/);
  }, 90_000);

  it('ends /wait at a move that never converges, saying so and how to go on', async () => {
    const { stdout, stderr } = await runConsole(
      [
        '/fault {"type":"stall","server":"server-x"}',
        '/migrate server-x to compute2',
        '/as bob',
        'approve',
        'y',
        '/wait',
        '/migrations',
      ],
      undefined,
      { FERRY_STALL_AFTER: '3', FERRY_SANDBOX_SPEED: '400' },
      150_000,
    );
    expect(stderr).toBe('');
    // /wait returned (the next line ran) with what is known: the move waits for someone to end it
    expect(stdout).toMatch(
      /Waiting for a person: (m-[0-9a-f]{6}) \(server-x\) is not converging \(its thread says so\) and ends only when on-call forces or aborts it: \/migrations force \1 or \/migrations abort \1\. Policy: ask on-call, leave it running \(the default policy, set by FERRY_STALL_POLICY\): Ferry does nothing by itself\.\nType \/wait to wait again\.\nButtons: \[1\] Abort \1 {2}\[2\] Force complete \1[\s\S]*bob> \/migrations/,
    );
  }, 180_000);

  it("lists a drain's buttons as they appear, its Stop once though its question carries one too", async () => {
    const { stdout, stderr } = await runConsole(
      [
        '/fault {"type":"fail-migration","server":"cache-2","stage":"pre-live-migration"}',
        '/drain compute3',
        '/as bob',
        'approve',
        'y',
        '/wait',
        'continue with compute3',
        '/as carol',
        'continue with compute3',
        '/wait',
      ],
      undefined,
      // compute3's analytics-1 has 176 GiB to copy, twice: the sandbox runs fast, the wait is long
      { FERRY_SANDBOX_SPEED: '400' },
      150_000,
    );
    expect(stderr).toBe('');
    const lists = stdout.split('\n').filter((line) => line.startsWith('Buttons: '));
    // the question not empty: Continue, Skip host and the drain's Stop, once
    const question = lists.find((line) => line.includes('Continue with compute3'));
    expect(question).toBeDefined();
    expect(question?.match(/\] Stop(?: drain)? d-/g)).toHaveLength(1);
    // Host is back is listed as its question is shown, not only when someone types /buttons
    expect(stdout).toMatch(
      /│ 🔧 `compute3` is empty and disabled: [^\n]*\nButtons: [^\n]*\[\d+\] Host is back d-[0-9a-f]{6}:compute3/,
    );
  }, 180_000);

  it('leaves no lock-holder file behind when it refuses its database', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ferry-null-'));
    mkdirSync(join(cwd, 'data'), { mode: 0o700 });
    writeFileSync(join(cwd, 'data/ferry.json'), 'null\n');
    const { stderr, code } = await runConsole(['exit'], cwd);
    expect(code).toBe(1);
    expect(stderr).toMatch(/Ferry cannot start: .*ferry\.json holds null, not a Ferry database/);
    expect(existsSync(join(cwd, 'data/ferry.json.lock-holder.json'))).toBe(false);
    expect(existsSync(join(cwd, 'data/ferry.json.lock'))).toBe(false);
  }, 60_000);

  it('warns of a stall policy override naming a project or flavor the cloud lacks, and starts', async () => {
    const { stderr, code } = await runConsole(['/wait', 'exit'], undefined, {
      FERRY_STALL_POLICY_OVERRIDES: 'project:web=abort,project:db-tem=abort,flavor:m1.smal=ask',
    });
    expect(code).toBe(0);
    expect(stderr).toContain(
      'Ferry warning: FERRY_STALL_POLICY_OVERRIDES names project "db-tem", but the cloud has no project with this ID or name',
    );
    expect(stderr).toContain(
      'FERRY_STALL_POLICY_OVERRIDES names flavor "m1.smal", but the cloud has no flavor',
    );
    expect(stderr).not.toContain('"web"');
  }, 60_000);

  it('stops at start-up with a message naming a wrong setting', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ferry-bad-'));
    const result = await new Promise<{ stderr: string; code: number | null }>((done) => {
      execFile(
        TSX,
        [join(root, 'src/index.ts')],
        {
          cwd,
          env: {
            PATH: process.env.PATH,
            SLACK_BOT_TOKEN: 'xoxb-1',
            SLACK_SIGNING_SECRET: 'secret-value',
            FERRY_ONCALL_USERS: 'U1',
            FERRY_APPROVAL_TTL: 'soon',
          },
          timeout: 30_000,
        },
        (error, _stdout, stderr) =>
          done({ stderr, code: error ? ((error as { code?: number }).code ?? 1) : 0 }),
      );
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /Ferry cannot start: FERRY_APPROVAL_TTL: must be a positive number of seconds, got "soon"/,
    );
    expect(result.stderr).not.toMatch(/secret-value|at .*\.ts:\d+/);
  }, 60_000);
});
