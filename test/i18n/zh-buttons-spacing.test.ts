import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from '../../scripts/i18n-catalog.ts';
import type { CheckResult } from '../../src/core/model/types.ts';
import { inLanguage } from '../../src/i18n/index.ts';
import { zhCN } from '../../src/i18n/zh-CN.ts';
import { wordCheck } from '../../src/messages/checks.ts';
import { drainHostReasonText } from '../../src/messages/drain.ts';
import { englishButtonLabels, spacesAfterFullWidth } from '../helpers/chinese.ts';

const root = new URL('../..', import.meta.url).pathname;

/** The label of every button Ferry posts: the t`…` passed first to button() (src/chat/render.ts). */
function buttonLabels(): string[] {
  const labels = new Set<string>();
  for (const file of sourceFiles(root)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      const first =
        ts.isCallExpression(node) && node.expression.getText() === 'button' ? node.arguments[0] : undefined;
      if (first && ts.isTaggedTemplateExpression(first) && first.tag.getText() === 't') {
        const template = first.template;
        labels.add(
          ts.isNoSubstitutionTemplateLiteral(template)
            ? template.text
            : template.templateSpans.reduce(
                (text, span, i) => `${text}{{${i}}}${span.literal.text}`,
                template.head.text,
              ),
        );
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return [...labels];
}

/** The operator trial (h-zh29): 按 Host is back, Continue 或 Skip host, 迁移。 compute1. */
describe('Chinese lines and the buttons they name', () => {
  const labels = buttonLabels();

  it('finds the buttons, and each reads in Chinese', () => {
    expect(labels).toEqual(
      expect.arrayContaining(['Host is back', 'Skip host', 'Continue with {{0}}', 'Stop']),
    );
    expect(labels.filter((label) => !zhCN[label] || zhCN[label] === label)).toEqual([]);
  });

  it('never names a button by its English label: the reader sees the Chinese one', () => {
    const found = Object.entries(zhCN)
      .filter(([english]) => !labels.includes(english))
      .flatMap(([english, chinese]) =>
        englishButtonLabels(chinese, labels).map((at) => `${english} → ${at}`),
      );
    expect(found).toEqual([]);
  });

  it('quotes a Chinese button label it tells the reader to press: 按“节点已恢复”, never 按*节点已恢复*', () => {
    // each label whole (继续处理 of 继续处理 {{0}}); a label said as a verb (再停止排空) is no button, and
    // two-character ones (暂停, 恢复) are as often a state's word (*暂停*) or a verb (节点恢复后) as a label
    const chinese = labels
      .map((label) => (zhCN[label] ?? '').replace(/ ?\{\{\d+\}\}/g, ''))
      .filter((l) => l.length >= 4);
    const found = Object.entries(zhCN).flatMap(([english, text]) =>
      chinese
        .filter((label) => new RegExp(`(按下?|点击)[*_]?${label}|[*_]${label}[*_]`).test(text))
        .map((label) => `${english} → ${label}`),
    );
    expect(found).toEqual([]);
  });

  // the operator trial (h-grammar28): a drain waiting "等待人工操作：批准新计划", the button named bare
  it('never says a button by its bare label in another line: a line that reads as the label is the button unquoted', () => {
    const chinese = new Set(labels.map((label) => zhCN[label]));
    // the verb a label is made of (Nova refused to "abort") is no button
    const verbs = new Set(labels.map((label) => label.toLowerCase()));
    const found = Object.entries(zhCN)
      .filter(([english, text]) => !labels.includes(english) && !verbs.has(english) && chinese.has(text))
      .map(([english, text]) => `${english} → ${text}`);
    expect(found).toEqual([]);
  });

  // the operator trial (h-grammar28): "未迁移: 被 <@U…> 跳过": t`not moved${note ? `: ${note}` : ''}` put
  // the English colon into a Chinese line, as no catalogue entry can translate it
  it('puts no English punctuation into a translated line from outside the catalogue', () => {
    const found: string[] = [];
    for (const file of sourceFiles(root)) {
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const inside = (node: ts.Node, where: string) => {
        // a t`…` within is translated by its own entry
        if (ts.isTaggedTemplateExpression(node)) return;
        const texts =
          ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)
            ? [node.text]
            : ts.isTemplateExpression(node)
              ? [node.head.text, ...node.templateSpans.map((span) => span.literal.text)]
              : [];
        for (const text of texts.filter((part) => /^[:;] /.test(part))) found.push(`${where}: "${text}"`);
        ts.forEachChild(node, (child) => inside(child, where));
      };
      const visit = (node: ts.Node) => {
        if (
          ts.isTaggedTemplateExpression(node) &&
          node.tag.getText() === 't' &&
          ts.isTemplateExpression(node.template)
        ) {
          const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
          for (const span of node.template.templateSpans)
            inside(span.expression, `${file.slice(root.length)}:${line}`);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(found).toEqual([]);
  });

  it('sets no space after 。，；：！？、 (the console banner aligns its values after ： in a column)', () => {
    const found = Object.entries(zhCN).flatMap(([english, chinese]) =>
      spacesAfterFullWidth(chinese).map((at) => `${english} → …${at}…`),
    );
    expect(found).toEqual([]);
  });

  // sentences Ferry joins itself: "其上 8 台云主机都无法迁移。 compute1 上的 nova-compute 宕机…"
  it('joins the sentences it puts together as Chinese does, with no space after 。', () => {
    const check = (fact: unknown): CheckResult =>
      ({ id: 'host-up', status: 'fail', fact, evidence: {} }) as unknown as CheckResult;
    const down = check({ code: 'evacuated-host-down', host: 'compute1' });
    const joined = inLanguage('zh-CN', () => [
      drainHostReasonText({ code: 'plan-failed', checks: [down], servers: 8 }),
      drainHostReasonText({ code: 'plan-failed', checks: [down, down] }),
      wordCheck(
        check({
          code: 'drain-hosts-disabled',
          hosts: [
            { host: 'compute2', reason: 'disk', servers: 3 },
            { host: 'compute4', reason: null, servers: 0 },
          ],
        }),
      ).reason,
    ]);
    expect(joined[0]).toMatch(/^其上 8 台云主机都无法迁移。compute1 上的 nova-compute/);
    expect(joined.flatMap(spacesAfterFullWidth)).toEqual([]);
    // English keeps its space between sentences
    expect(drainHostReasonText({ code: 'plan-failed', checks: [down], servers: 8 })).toMatch(
      /can move\. nova-compute/,
    );
  });
});
