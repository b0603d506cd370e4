/**
 * The operator reference, generated from the engine's own table so it cannot drift from the
 * code: the README embeds it (a test keeps them equal) and `target-kit operators` prints it.
 */
import type { Lang } from '../problems.js';
import type { Engine } from './types.js';

const kindTitle: Record<Lang, Record<string, string>> = {
  zh: { standard: '标准（json-logic-js 2.0.5）', domain: '领域运算符（target-kit）', custom: '自定义' },
  en: { standard: 'Standard (json-logic-js 2.0.5)', domain: 'Domain operators (target-kit)', custom: 'Custom' },
};

export function operatorReference(engine: Engine, lang: Lang): string {
  const lines: string[] = [];
  const ops = engine.operators();
  for (const kind of ['standard', 'domain', 'custom'] as const) {
    const ofKind = ops.filter((o) => o.kind === kind);
    if (!ofKind.length) continue;
    lines.push(`| ${kindTitle[lang][kind]} | ${lang === 'zh' ? '说明' : 'what it does'} | ${lang === 'zh' ? '例子' : 'example'} |`, '|---|---|---|');
    for (const op of ofKind) {
      const ex = op.doc.examples[0];
      const example = ex
        ? `\`${JSON.stringify(ex.logic)}\`${ex.data !== undefined ? ` on \`${JSON.stringify(ex.data)}\`` : ''} → \`${JSON.stringify(ex.expect)}\``
        : '';
      lines.push(`| \`${op.name}\` | ${escapeCell(op.doc.summary[lang])} | ${escapeCell(example)} |`);
    }
    lines.push('');
  }
  return lines.join('\n').trimEnd() + '\n';
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
