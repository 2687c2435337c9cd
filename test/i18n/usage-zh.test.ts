import { describe, expect, it } from 'vitest';
import { helpText as drainHelp } from '../../commands/drain.ts';
import { helpText as evacuateHelp } from '../../commands/evacuate.ts';
import { helpText as hostcheckHelp } from '../../commands/hostcheck.ts';
import { helpText as maintenanceHelp, parseMaintenance } from '../../commands/maintenance.ts';
import { helpText as migrateHelp } from '../../commands/migrate.ts';
import { helpText as migrationsHelp, parseMigrations } from '../../commands/migrations.ts';
import { helpText as whereisHelp } from '../../commands/whereis.ts';
import { faultHelpText } from '../../src/console/fault-grammar.ts';
import { inLanguage } from '../../src/i18n/index.ts';

const messageOf = (parsed: { kind: string; message?: string }) => parsed.message ?? '';

// the operator trial: with FERRY_LANG=zh-CN, `/migrations r-zzz` answered "用法： /migrations …", the
// usage put after "Usage:" with an English space where Chinese writes none after its full-width colon
describe('the usage line in Chinese', () => {
  it.each([
    ['/migrate help', migrateHelp],
    ['/evacuate help', evacuateHelp],
    ['/drain help', drainHelp],
    ['/maintenance help', maintenanceHelp],
    ['/hostcheck help', hostcheckHelp],
    ['/migrations help', migrationsHelp],
    ['/whereis help', whereisHelp],
    ['/fault help', faultHelpText],
    ['/migrations r-zzz', () => messageOf(parseMigrations('r-zzz'))],
    ['/maintenance cancel', () => messageOf(parseMaintenance('cancel'))],
  ])('%s puts the usage right after 用法：', (_typed, make) => {
    const text = inLanguage('zh-CN', make);
    expect(text).toContain('用法：/');
    expect(text).not.toMatch(/用法：\s/);
  });
});
