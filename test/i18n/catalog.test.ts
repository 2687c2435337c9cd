import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { messageKeys, sourceFiles } from '../../scripts/i18n-catalog.ts';
import { CATALOGS, inLanguage, t, translated } from '../../src/i18n/index.ts';
import { asciiPunctuationInChinese, straySpacesInChinese } from '../helpers/chinese.ts';

const root = new URL('../..', import.meta.url).pathname;
const placeholders = (text: string) => (text.match(/\{\{\d+\}\}/g) ?? []).sort();

describe('the message catalogs', () => {
  it('hold every t`…` and k`…` of the source in English, and nothing else (npm run i18n rewrites it)', () => {
    const inSource = messageKeys(root).map(({ key }) => key);
    expect(Object.keys(CATALOGS.en).sort()).toEqual(inSource.sort());
    expect(Object.entries(CATALOGS.en).filter(([key, english]) => key !== english)).toEqual([]);
  });

  it('translate every English message into Simplified Chinese, with the same placeholders', () => {
    const english = Object.keys(CATALOGS.en);
    const chinese = CATALOGS['zh-CN'];
    expect(english.filter((key) => !(key in chinese))).toEqual([]);
    expect(Object.keys(chinese).filter((key) => !(key in CATALOGS.en))).toEqual([]);
    expect(
      english.filter((key) => placeholders(key).join() !== placeholders(chinese[key] ?? '').join()),
    ).toEqual([]);
    // Slack's special characters come only from the English: a translation adds no <, > or &
    const specials = (text: string) => (text.match(/[<>&]/g) ?? []).sort().join('');
    expect(english.filter((key) => specials(key) !== specials(chinese[key] ?? ''))).toEqual([]);
    // a "translation" that is the English text again is a missing one (pure placeholders and commands aside)
    const untranslated = english.filter(
      (key) => chinese[key] === key && /[A-Za-z]{3,} [A-Za-z]{3,}/.test(key.replace(/\{\{\d+\}\}/g, '')),
    );
    expect(untranslated.filter((key) => !/^(systemctl|getent|ss |ssh |usermod)/.test(key))).toEqual([]);
    // an English word leading a Chinese line is a name (Ferry, Nova, Placement), never a common noun
    const leadingEnglish = Object.values(chinese).flatMap(
      (value) => /^([A-Z][a-z]+) ?[\u4e00-\u9fff]/.exec(value)?.[1] ?? [],
    );
    expect(leadingEnglish.filter((word) => !['Ferry', 'Nova', 'Placement'].includes(word))).toEqual([]);
  });

  it('punctuate Chinese with full-width marks (，。：；), never ASCII ones beside Chinese text', () => {
    const found = Object.entries(CATALOGS['zh-CN']).flatMap(([key, value]) =>
      asciiPunctuationInChinese(value).map((where) => `${key} → …${where}…`),
    );
    expect(found).toEqual([]);
  });

  // the operator trial: "或 批准" and the like; a space beside a placeholder, a name or a number stays
  it('put no space between two Chinese characters or full-width marks', () => {
    const found = Object.entries(CATALOGS['zh-CN']).flatMap(([key, value]) =>
      straySpacesInChinese(value).map((where) => `${key} → …${where}…`),
    );
    expect(found).toEqual([]);
  });

  // the operator trial (#24): 目的物理主机 beside 目标节点 / 目的计算节点, and "up" left in English
  it("name each thing one way in Chinese: the runbook's terms, nova-compute's state in Chinese", () => {
    const losing: [string, string][] = [
      ['目标节点', '目的物理主机'],
      ['目的计算节点', '目的物理主机'],
      ['目标物理主机', '目的物理主机'],
      ['源节点', '源物理主机'],
      ['源计算节点', '源物理主机'],
      // a service up is 在线, down (forced or not) 宕机 (#24: 服务正常运行, 被强制下线)
      ['正常运行', '在线'],
      ['下线', '宕机'],
    ];
    const found = Object.entries(CATALOGS['zh-CN']).flatMap(([key, value]) => [
      ...losing.flatMap(([term, wanted]) =>
        value.includes(term) ? [`${key} → ${term}, not ${wanted}`] : [],
      ),
      // a service's state is 在线 / 宕机, never the English word beside Chinese text
      ...(/(^|[\s\u4e00-\u9fff])(up|down)($|[\s\u4e00-\u9fff])/.test(value) ? [`${key} → up/down`] : []),
      // a resource is named in Chinese (#24: "没有节点能容纳它：compute1：memory：需要 4096 MB")
      ...(/[\u4e00-\u9fff：]\s*(memory|disk|vCPUs)\b|\b(memory|disk|vCPUs)\s*[：\u4e00-\u9fff]/.test(value)
        ? [`${key} → memory/disk/vCPUs`]
        : []),
    ]);
    expect(found).toEqual([]);
  });

  it('puts values where the translation says, in the ambient language', () => {
    const host = 'compute7';
    expect(inLanguage('zh-CN', () => t`${host} is empty`)).toBe('compute7 已清空');
    expect(inLanguage('en', () => t`${host} is empty`)).toBe('compute7 is empty');
    expect(t`${host} is empty`).toBe('compute7 is empty');
    // a value is never read as markup: {{1}} typed by a person stays as typed
    expect(inLanguage('zh-CN', () => t`${'{{1}} $t(x)'} is empty`)).toBe('{{1}} $t(x) 已清空');
    expect(inLanguage('zh-CN', () => translated('Examples:'))).toBe('示例：');
    // a person's language is set around synchronous work only: async work would leak it to others
    expect(() => inLanguage('zh-CN', async () => t`Examples:`)).toThrow(TypeError);
    expect(t`Examples:`).toBe('Examples:');
  });
});

/** User-facing text is made in these; Ferry's logs, shell commands and identifiers are not messages. */
const MESSAGE_DIRECTORIES = ['src/chat/', 'src/core/', 'commands/', 'src/hostcheck/', 'src/console/'];
const NOT_MESSAGES = new Set(['src/chat/fake-slack.ts', 'src/chat/redacting-logger.ts']);
const WORDS = /[A-Za-z]{2,} +[("'`*_]*[A-Za-z]|[A-Za-z][)"'`*_.,:;]* +[A-Za-z]{2,}/;

/**
 * Where an English literal may stay: a log line, a developer's error, a shell command run over SSH, the
 * reason Ferry gives Nova when it disables a service (matched again later), usage lines and examples
 * (commands, not prose), and the Slack start-up errors printed before any channel exists.
 */
function allowed(node: ts.Node, file: string): boolean {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) {
      const callee = parent.expression.getText();
      if (/(^|\.)(log|logger|warn|info|debug|error)$/.test(callee) && callee.includes('.')) return true;
      if (/(^|\.)log$/.test(callee)) return true;
      if (/^(Error|SlackStartError|SettingError)$/.test(callee)) return true;
      if (callee.endsWith('setServiceEnabled') || callee === 'response.end') return true;
      // a button's name for the log; an API error's technical message (the edge explains its fields)
      if (callee === 'onButton' && parent.arguments?.[2] === node) return true;
      if (callee === 'super' && file === 'src/core/cloud-errors.ts') return true;
      if (callee.endsWith('startsWith') || callee.endsWith('includes')) return true;
    }
    if (ts.isPropertyAssignment(parent) && ['usage', 'examples'].includes(parent.name.getText())) return true;
    if (ts.isVariableDeclaration(parent) && parent.name.getText() === 'during') return true;
    if (ts.isFunctionLike(parent)) break;
  }
  if (
    // the commands Ferry runs on a host (moved from hostcheck.ts to remote.ts)
    file === 'src/hostcheck/remote.ts' &&
    /^(`|')(timeout|getent|systemctl|ss |cat |ls )/.test(node.getText())
  )
    return true;
  if (file === 'src/hostcheck/analyze.ts' && /^`(\[libvirt\]|listen_tcp)/.test(node.getText())) return true;
  // virsh's own labels, matched in its answer (`virsh domjobinfo --completed`)
  if (
    file === 'src/hostcheck/blackout.ts' &&
    /^'(Job type|Total downtime|Downtime w\/o network|Setup time|Time elapsed|Incoming migration)'$/.test(
      node.getText(),
    )
  )
    return true;
  if (/^['`]running \(post-copy\)['`]$/.test(node.getText())) return true;
  if (/^`(Ferry (drain|evacuation) \$|requested by \$)/.test(node.getText())) return true;
  if (/^`\$\{(stderr|during)\}/.test(node.getText())) return true;
  // a slash command's name with its help verb, as typed
  if (/^`\$\{command\.name\} help`$/.test(node.getText())) return true;
  return false;
}

describe('messages', () => {
  it('are never built from an English literal outside the catalog', () => {
    const found: string[] = [];
    for (const path of sourceFiles(root)) {
      const file = path.slice(root.length);
      if (!MESSAGE_DIRECTORIES.some((directory) => file.startsWith(directory)) || NOT_MESSAGES.has(file))
        continue;
      const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        const text =
          ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)
            ? node.text
            : ts.isTemplateExpression(node)
              ? node.head.text + node.templateSpans.map((span) => `X${span.literal.text}`).join('')
              : null;
        if (text === null) {
          ts.forEachChild(node, visit);
          return;
        }
        const tagged = ts.isTaggedTemplateExpression(node.parent);
        const imported = ts.isImportDeclaration(node.parent) || ts.isExportDeclaration(node.parent);
        if (WORDS.test(text) && !tagged && !imported && !allowed(node, file)) {
          const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
          found.push(`${file}:${line} ${node.getText().slice(0, 80)}`);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(found).toEqual([]);
  });
});
