import { afterEach, describe, expect, it } from 'vitest';
import { drainApproval } from '../../src/chat/drain-view.ts';
import { windowSpan } from '../../src/chat/maintenance-view.ts';
import { controlsMessage } from '../../src/chat/run-view.ts';
import { consoleFault } from '../../src/console/faults.ts';
import type { DrainRecord, RunRecord, WindowRecord } from '../../src/core/model/records.ts';
import { capacityShortfall, type HostFindings } from '../../src/core/move/fit.ts';
import { inLanguage } from '../../src/i18n/index.ts';
import { shortfallText } from '../../src/messages/fit.ts';
import { hostFindingsWords } from '../../src/messages/shared-checks.ts';
import { type SandboxFixture, sandboxFixture } from '../helpers/sandbox.ts';
import { textOf } from '../helpers/slack.ts';

const zh = <T>(make: () => T) => inLanguage('zh-CN', make);

describe('the words Ferry uses', () => {
  // operator trial (#24): "没有节点能容纳它：compute1：memory：需要 4096 MB，可用 1536 MB"
  it('names each resource short of room in the ambient language', () => {
    const room = (total: number, used: number) => ({
      total,
      reserved: 0,
      allocationRatio: 1,
      used,
      minUnit: 1,
      maxUnit: total,
      stepSize: 1,
    });
    const capacity = { MEMORY_MB: room(8192, 6656), VCPU: room(8, 7), DISK_GB: room(100, 90) };
    const need = { MEMORY_MB: 4096, VCPU: 2, DISK_GB: 20 };
    expect(capacityShortfall(need, capacity).map(shortfallText)).toEqual([
      'memory: needs 4096 MB, 1536 MB free',
      'vCPU: needs 2 vCPUs, 1 vCPUs free',
      'disk: needs 20 GB, 10 GB free',
    ]);
    expect(zh(() => capacityShortfall(need, capacity).map(shortfallText))).toEqual([
      '内存：需要 4096 MB，可用 1536 MB',
      'vCPU：需要 2 个 vCPU，可用 1 个 vCPU',
      '磁盘：需要 20 GB，可用 10 GB',
    ]);
  });

  it('names the drain and its hosts in its approval dialog', () => {
    const drain = {
      id: 'd-1a2b3c',
      drain: {
        hosts: ['compute2', 'compute3', 'c4', 'c5', 'c6', 'c7', 'c8'].map((host) => ({ host })),
        hostsAtOnce: 1,
        returnHome: true,
        fingerprint: 'f',
      },
    } as unknown as DrainRecord;
    const confirm = JSON.stringify(drainApproval(drain));
    expect(confirm).toContain('"text":"Approve drain d-1a2b3c?"');
    expect(confirm).toContain(
      'Disable and empty `compute2`, `compute3`, `c4`, `c5`, `c6` and 2 more hosts, one host at a time, bringing their servers back after each.',
    );
  });

  it('says what the on-call people named under a run’s buttons may do', () => {
    const run = {
      id: 'm-1a2b3c',
      serverName: 'ledger',
      source: 'compute1',
      destination: 'compute2',
      mode: 'cold',
      state: 'awaiting-confirmation',
    } as RunRecord;
    expect(textOf(controlsMessage(run, '<@U_BOB>'))).toContain(
      'Only on-call people may confirm or revert it: <@U_BOB>.',
    );
    expect(textOf(controlsMessage({ ...run, mode: 'live', state: 'running' }, '<@U_BOB>'))).toContain(
      'Only on-call people may abort it or force it to complete: <@U_BOB>.',
    );
  });

  it('says in Chinese which migration a clean host check covers, and a window with its zone at the end', () => {
    const clean: HostFindings = {
      scope: 'source',
      mode: 'live',
      source: 'source',
      destination: null,
      bad: 0,
      first: null,
      secret: false,
      reached: [],
    };
    expect(zh(() => hostFindingsWords(clean).reason)).toBe(
      'nova.conf 和 libvirtd.conf 中与热迁移相关的设置正确。',
    );
    const window = {
      start: Date.parse('2026-12-05T03:00:00Z'),
      end: Date.parse('2026-12-05T05:00:00Z'),
    } as WindowRecord;
    expect(zh(() => windowSpan(window, 'UTC'))).toBe('2026年12月05日周六 03:00–05:00 UTC');
    expect(windowSpan(window, 'UTC')).toBe('Sat, 05 Dec 2026, 03:00–05:00 UTC');
  });

  describe('/fault in the console', () => {
    let fx: SandboxFixture;
    afterEach(async () => fx?.close());

    it('explains a bad fault instead of the validator, and says a fault in Chinese', async () => {
      fx = await sandboxFixture();
      const cloud = fx.sandbox.cloud;
      expect(consoleFault(cloud, '{"type":"nope"}')).toMatch(
        /^There is no sandbox fault "nope"\. Faults: fail-migration, stall, converge, .*; e\.g\. \/fault /,
      );
      expect(consoleFault(cloud, '{"type":"fail-migration","stage":"x"}')).toMatch(
        /^The fault "fail-migration" cannot be applied: "stage" is one of scheduler, pre-live-migration,/,
      );
      expect(consoleFault(cloud, '{"type":"slow","ms":"a"}')).toMatch(/"ms" must be a number/);
      expect(consoleFault(cloud, '[1]')).toMatch(/^A fault needs a "type"\./);
      expect(consoleFault(cloud, '{"type":"stall"}')).not.toMatch(/Invalid input|expected string/);
      expect(zh(() => consoleFault(cloud, '{"type":"service-down","host":"compute4"}'))).toBe(
        '沙箱：compute4 上的 nova-compute 已宕机。',
      );
      expect(zh(() => consoleFault(cloud, '{"type":"stall"}'))).toBe(
        '无法施加故障“stall”：缺少“server”；例如 /fault {"type":"stall","server":"ledger"}；/fault help 会说明每种故障的作用。',
      );
    });

    it('says every fault and every refusal in Chinese under zh-CN', async () => {
      fx = await sandboxFixture();
      const cloud = fx.sandbox.cloud;
      const said = (spec: object) => zh(() => consoleFault(cloud, JSON.stringify(spec)));
      expect(said({ type: 'outage', seconds: 30, answer: 'error', status: 503 })).toBe(
        '沙箱：接下来 30 秒内 Nova 返回 503。',
      );
      expect(said({ type: 'outage', seconds: 30, answer: 'late', lateMs: 8000 })).toBe(
        '沙箱：接下来 30 秒内 Nova 的应答推迟 8000 毫秒。',
      );
      expect(said({ type: 'cell-down', servers: ['server-x'], seconds: 60 })).toBe(
        '沙箱：server-x 所在 cell 的数据库在 60 秒内无响应：对它们的请求返回 500，迁移列表和带过滤条件的云主机列表略过它们的记录。',
      );
      expect(said({ type: 'lose-answer', method: 'POST', path: '/action', how: 'drop' })).toBe(
        '沙箱：下一个 POST 请求（路径包含 /action）会被执行，然后应答被丢弃。',
      );
      expect(said({ type: 'lose-answer', how: 'delay', ms: 2000 })).toBe(
        '沙箱：下一个请求会被执行，然后应答推迟 2000 毫秒发送。',
      );
      expect(said({ type: 'nova-conf', host: 'compute2', live_migration_permit_post_copy: true })).toBe(
        '沙箱：compute2 的 nova.conf：live_migration_permit_post_copy = true。',
      );
      expect(said({ type: 'clear' })).toBe(
        '沙箱：故障已清除，nova.conf 已恢复为默认值；保留的是云的状态，不是故障：ledger 产生脏页的速度快于复制速度（/fault {"type":"converge","server":"ledger"} 可使其收敛）。',
      );
      expect(said({ type: 'forget-migration', server: 'server-x' })).toBe(
        '沙箱拒绝了该故障：server-x 没有可以删除的迁移记录。',
      );
      expect(said({ type: 'stall', server: 'nope' })).toBe('沙箱拒绝了该故障：沙箱中没有云主机“nope”。');
      expect(said({ type: 'stall', server: 'worker' })).toBe(
        '沙箱拒绝了该故障：“worker”对应 2 台云主机；请用 ID。',
      );
      expect(said({ type: 'service-down', host: 'compute9' })).toBe(
        '沙箱拒绝了该故障：沙箱中没有计算节点“compute9”。',
      );
      const serverX = cloud.resolveServer('server-x');
      await fx.clients.nova.liveMigrate(serverX.id, { host: 'compute2', blockMigration: 'auto' });
      const newest = cloud.migrations.find((m) => m.serverId === serverX.id)?.id;
      expect(said({ type: 'forget-migration', server: 'server-x' })).toBe(
        `沙箱：Nova 不再有 server-x 的迁移 ${newest}：os-migrations 和该云主机的迁移列表都不再列出它，读取它返回 404。`,
      );
    });
  });
});
