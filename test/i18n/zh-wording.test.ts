import { describe, expect, it } from 'vitest';
import { hostSkippedLine } from '../../src/chat/drain-host-view.ts';
import { hostDoneLine } from '../../src/chat/drain-report-view.ts';
import { drainEndLine, drainMessage } from '../../src/chat/drain-view.ts';
import { windowSpan } from '../../src/chat/maintenance-view.ts';
import { clockTime } from '../../src/chat/render.ts';
import { evacuationStallMessage } from '../../src/chat/run-view.ts';
import { stallWarning } from '../../src/chat/stall-view.ts';
import type { DrainRecord, RunRecord, WindowRecord } from '../../src/core/model/records.ts';
import { inLanguage } from '../../src/i18n/index.ts';
import { zhCN } from '../../src/i18n/zh-CN.ts';
import { wordCheck } from '../../src/messages/checks.ts';
import { outcomeFactText } from '../../src/messages/runs.ts';
import { serverStatusWord, stateWord } from '../../src/messages/states.ts';
import { formatDuration, utcTime } from '../../src/messages/units.ts';
import { spacesAfterFullWidth, straySpacesInChinese } from '../helpers/chinese.ts';
import { drain as hostileDrain } from '../helpers/hostile-drain.ts';

/** The Chinese catalogue's words the operator trial h-fix28 found wrong. */

describe('Chinese wording', () => {
  it('speaks to the reader as 你 throughout, never 您', () => {
    expect(Object.values(zhCN).filter((text) => text.includes('您'))).toEqual([]);
  });

  it('says a drain held by a check as held, not as paused (暂停 is Pause)', () => {
    inLanguage('zh-CN', () => {
      expect(stateWord('paused')).toContain('暂停');
      expect(stateWord('held')).not.toContain('暂停');
    });
    // every line that says held or holds (a check, a gate, a new plan to approve), and not paused
    const held = Object.entries(zhCN).filter(
      ([english]) => /\b(held|Held|holds?)\b/.test(english) && !/[Pp]ause/.test(english),
    );
    expect(held.length).toBeGreaterThan(5);
    expect(held.filter(([, chinese]) => chinese.includes('暂停'))).toEqual([]);
  });

  it('translates the placeholder <host> inside a Chinese line', () => {
    const fix = inLanguage('zh-CN', () =>
      wordCheck({
        id: 'host-config',
        status: 'warn',
        fact: {
          code: 'host-check-rules-out',
          ruledOut: [{ source: 'compute1', target: 'compute3', modes: 'live' }],
          single: null,
        },
        evidence: {},
      }),
    ).fix;
    expect(fix).toContain('/hostcheck <节点> <目的物理主机>');
    expect(fix).not.toContain('<host>');
  });

  it("joins a done host's note without a space after 。", () => {
    const drain = {
      id: 'd-1',
      drain: {
        returnHome: true,
        hosts: [{ host: 'compute3', phase: 'done', reason: { code: 'no-record', host: 'compute3' } }],
      },
    } as unknown as DrainRecord;
    const zh = inLanguage('zh-CN', () => hostDoneLine(drain, 'compute3'));
    expect(zh).toMatch(/^✅ `compute3` 已完成并重新启用。\S/);
    expect(zh).not.toContain('。 ');
    // English keeps its space between the sentences
    expect(hostDoneLine(drain, 'compute3')).toMatch(
      /^✅ `compute3` is done and enabled again\. Nothing moved back/,
    );
  });

  // the operator trial (h-zh29): 03:04:05（UTC） beside UTC 03:04:05; 1分05秒 beside 5 秒 and 2 分钟
  it('writes every moment as 03:04:05 UTC and every duration in 小时 / 分钟 / 秒, spaced as the catalogue spaces numbers', () => {
    const at = Date.UTC(2026, 11, 7, 13, 4, 5);
    const window = { start: at, end: at + 7_200_000 } as WindowRecord;
    inLanguage('zh-CN', () => {
      expect(utcTime(at)).toBe('13:04:05 UTC');
      expect(clockTime(at, 'UTC')).toBe('13:04:05 UTC');
      expect(clockTime(at, 'Asia/Shanghai')).toBe('21:04:05 GMT+8');
      expect(windowSpan(window, 'UTC')).toMatch(/ 13:04–15:04 UTC$/);
      expect([5_000, 65_000, 3_725_000].map(formatDuration)).toEqual([
        '5 秒',
        '1 分钟 05 秒',
        '1 小时 02 分钟',
      ]);
    });
    // English as it was
    expect(clockTime(at, 'UTC')).toBe('13:04:05 UTC');
    expect(formatDuration(3_725_000)).toBe('1h 02m');
  });

  // the operator trial (h-zh29): 主机 beside 节点 for a compute host, 服务器 beside 云主机, 线程 for a thread
  it("names a compute host 节点 as the operators' runbook does; 主机 only in the terms that keep it", () => {
    // 云主机 a server, 目的/源物理主机 a move's ends (the runbook), 主机聚合 an aggregate (Nova),
    // 主机密钥 an SSH host key, 主机名 a name DNS resolves
    const kept = /云主机|物理主机|主机聚合|主机密钥|主机名/g;
    const found = Object.entries(zhCN).flatMap(([english, chinese]) => [
      ...(chinese.replace(kept, '').includes('主机') ? [`${english} → 主机`] : []),
      ...(/服务器(?!组)|服务器组/.test(chinese) ? [`${english} → 服务器 (a server is 云主机)`] : []),
      ...(/线程|讨论串|会话串/.test(chinese) ? [`${english} → a Slack thread is 消息串`] : []),
      ...(/腾空/.test(chinese) ? [`${english} → a drain is 排空`] : []),
    ]);
    expect(found).toEqual([]);
  });

  // the operator trial (h-grammar28): "2 台未开始" of hosts; "等待人工操作：恢复" naming a button bare
  describe('a drain of compute1 … compute4, in Chinese', () => {
    const phases = ['done', 'skipped', 'not-started', 'empty'] as const;
    const drainIn = (phase: DrainRecord['drain']['phase']): DrainRecord => {
      const record = hostileDrain('approved', phase);
      const [first] = record.drain.hosts;
      record.drain.hosts = phases.map((hostPhase, i) => ({
        ...(first as DrainRecord['drain']['hosts'][number]),
        host: `compute${i + 1}`,
        phase: hostPhase,
      }));
      record.drain.stoppedBy = 'U_BOB';
      record.drain.windowId = undefined;
      return record;
    };
    const progressOf = (record: DrainRecord) =>
      inLanguage('zh-CN', () => {
        const view = {
          approvers: '',
          expiresAt: 0,
          timeZone: 'UTC',
          now: 5,
          status: '',
          lookup: () => undefined,
        };
        const blocks = drainMessage(record, view).blocks as { block_id?: string; text?: { text: string } }[];
        return blocks.find((block) => block.block_id === 'progress')?.text?.text ?? '';
      });

    it('counts its hosts as 个节点, never 台 (the counter of a server)', () => {
      const end = inLanguage('zh-CN', () => drainEndLine(drainIn('done'), 'UTC'));
      expect(end).toContain(
        '4 个节点中 1 个已完成；1 个节点被跳过，1 个节点未开始，1 个节点已清空，仍处于禁用状态',
      );
      const progress = progressOf(drainIn('running'));
      expect(progress).toContain('（1 个节点已完成，1 个节点被跳过，1 个节点未开始）');
      // 台 stays the servers' counter (迁出 0 台云主机，0 台已回到原节点)
      expect(`${end}\n${progress}`).not.toMatch(/\d 台(?:已完成|被跳过|未开始|已清空|未清空)/);
    });

    it('names the button a paused or held drain waits for as a button: 按“恢复”, 按“批准新计划”', () => {
      expect(progressOf(drainIn('paused'))).toContain('等待人工操作：按“恢复”');
      expect(progressOf(drainIn('held'))).toContain('等待人工操作：值班人员按“批准新计划”');
    });
  });

  // the operator trial h-words29
  describe('a drain, an evacuation and a stall as the operator trial h-words29 read them', () => {
    it('says how long a move made no progress as one phrase: 已 2 分钟 01 秒没有进展', () => {
      const run = {
        id: 'm-1',
        serverName: 'ledger',
        mode: 'live',
        state: 'running',
        source: 'compute1',
        destination: 'compute2',
      } as RunRecord;
      const zh = inLanguage('zh-CN', () => JSON.stringify(stallWarning(run, 121_000, undefined, '@oncall')));
      expect(zh).toContain('`ledger` 无法收敛：已 2 分钟 01 秒没有进展，虚拟机');
      expect(zh).not.toContain('秒 没有');
      // an evacuation's move, said in the evacuation's thread
      const evacuation = inLanguage('zh-CN', () =>
        JSON.stringify(
          evacuationStallMessage(run, 121_000, '@oncall', undefined, 'UTC', { id: 'e-1', host: 'compute1' }),
        ),
      );
      expect(evacuation).toContain('`ledger` 无法收敛：已 2 分钟 01 秒没有进展，虚拟机');
      // what Abort does, its sentences joined as Chinese joins them: none after 。
      expect(spacesAfterFullWidth(evacuation)).toEqual([]);
    });

    it("shows Nova's server status as Nova says it: 状态为 ACTIVE, not 状态为运行中", () => {
      inLanguage('zh-CN', () => {
        for (const status of ['ACTIVE', 'SHUTOFF', 'PAUSED', 'ERROR', 'VERIFY_RESIZE'])
          expect(serverStatusWord(status)).toBe(status);
        expect(
          outcomeFactText({ code: 'stays', server: 'web-1', host: 'compute1', status: 'ACTIVE' } as never),
        ).toBe('web-1 留在 compute1，状态为 ACTIVE。');
      });
    });

    it("joins a skipped host's line as Chinese does: 值班人员跳过了, no space after 。", () => {
      const skipped = (record?: object) =>
        ({
          id: 'd-1',
          drain: { returnHome: true, hosts: [{ host: 'compute1', phase: 'skipped', skipped: record }] },
        }) as unknown as DrainRecord;
      const alone = inLanguage('zh-CN', () => hostSkippedLine(skipped(), 'compute1'));
      expect(alone).toBe('⏭️ 值班人员跳过了 `compute1`。');
      const away = inLanguage('zh-CN', () =>
        hostSkippedLine(skipped({ by: 'U_BOB', enabledAgain: false, staysAway: 2 }), 'compute1'),
      );
      expect(away).toMatch(/^⏭️ <@U_BOB> 跳过了 `compute1`。已离开它的 2 台云主机/);
      expect(spacesAfterFullWidth(away)).toEqual([]);
      expect(straySpacesInChinese(alone)).toEqual([]);
    });

    it('never capitalises a host or server name that starts a note: compute4, not Compute4', () => {
      const done = (reason: DrainRecord['drain']['hosts'][number]['reason']) =>
        ({
          id: 'd-1',
          drain: {
            returnHome: false,
            hosts: [{ host: 'compute4', phase: 'done', evacuationIds: [], reason }],
          },
        }) as unknown as DrainRecord;
      const idle = done({ code: 'nothing-to-do', host: 'compute4' });
      const zh = inLanguage('zh-CN', () => hostDoneLine(idle, 'compute4'));
      expect(zh).toContain('已完成并重新启用。compute4 上无事可做');
      expect(zh).not.toContain('Compute4');
      // English capitalises its own first word, never a name
      expect(hostDoneLine(idle, 'compute4')).toContain('enabled again. Nothing to do on compute4');
      const failed = done({
        code: 'not-moved',
        failed: [{ server: 'web-1', outcome: { kind: 'failed', host: 'compute4', forced: false } }],
      });
      expect(hostDoneLine(failed, 'compute4')).toMatch(/enabled again\. web-1: /);
    });
  });
});
