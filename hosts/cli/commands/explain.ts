/** `target-kit explain <rule id>`: a rule as a formula its owner can read, with its inputs and parameters. */
import { printFormula, type DefinedRule, type LoadedBundle } from '../../../plugin/index.js';
import { loadBundleOrFail } from '../bundle-io.js';
import { defineCommand } from '../command.js';
import { Failure, say, write, type CommandContext } from '../context.js';

const explainHelp = {
  zh: `用法：target-kit explain <规则 id | 规则文件> [--bundle <包>] [--lang zh|en]

把规则写成读得懂的公式（参数代入当前值），再列出它读取的输入与参数。
给规则文件（如 rules/allocation.rules.json）时逐条说明其中每条规则。
不给 --bundle 时用随包附带的模板包。`,
  en: `Usage: target-kit explain <rule id | rules file> [--bundle <bundle>] [--lang zh|en]

Prints a rule as a formula you can read (parameters at their current values), then the inputs
and parameters it reads. Given a rules file (e.g. rules/allocation.rules.json), explains each
of its rules. Without --bundle, the bundle shipped with the package.`,
};

const options = { bundle: { type: 'string' } } as const;

export const explainCommand = defineCommand({
  name: 'explain',
  synopsis: { zh: '<规则 id>', en: '<rule id>' },
  summary: { zh: '把规则写成读得懂的公式', en: 'print a rule as a readable formula' },
  help: explainHelp,
  options,
  positionals: { min: 1, max: 1, what: { zh: '规则 id', en: 'rule id' } },
  run: async (ctx, values, positionals) => {
    const { bundle } = await loadBundleOrFail(ctx, values.bundle);
    const wanted = positionals[0] as string;
    const rules = bundle.rules.has(wanted)
      ? [bundle.rules.get(wanted)!]
      : [...bundle.rules.values()].filter((r) => r.file === wanted);
    if (!rules.length) {
      const ids = [...bundle.rules.keys()];
      await write(ctx.stderr, say(ctx,
        `包中没有规则 ${wanted}；可选：${ids.join('、')}\n`,
        `the bundle has no rule ${wanted}; its rules: ${ids.join(', ')}\n`));
      throw new Failure();
    }
    await write(ctx.stdout, rules.map((r) => explained(ctx, bundle, r)).join('\n'));
  },
});

function explained(ctx: CommandContext, bundle: LoadedBundle, rule: DefinedRule): string {
  const { lang } = ctx;
  const def = rule.def;
  const formula = printFormula(def.logic, { lang, params: bundle.parameters, inputs: def.inputs });
  const lines = [`${def.id}: ${def.description[lang]}`, ...formula.text.split('\n').map((l) => `    ${l}`)];
  if (def.inputs.length) {
    lines.push(say(ctx, '  输入：', '  inputs:'));
    const width = Math.max(...def.inputs.map((i) => i.name.length));
    for (const input of def.inputs) {
      const optional = input.required === false ? say(ctx, '，可缺', ', optional') : '';
      lines.push(`    ${input.name.padEnd(width)}  ${input.description?.[lang] ?? ''} (${input.type}${optional})`);
    }
  }
  if (formula.parameters.length) {
    lines.push(say(ctx, '  参数（当前值）：', '  parameters (current values):'));
    for (const { path, value } of formula.parameters) lines.push(`    ${path} = ${JSON.stringify(value)}`);
  }
  return `${lines.join('\n')}\n`;
}
