/** `target-kit explain <rule id>`: a rule as a formula its owner can read, with its inputs and parameters. */
import { fractionToPercent, printFormula, type DefinedRule, type LoadedBundle, type Localized } from '../../../plugin/index.js';
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

const TYPE_WORDS: Record<string, Localized> = {
  number: { zh: '数值', en: 'number' },
  integer: { zh: '整数', en: 'integer' },
  string: { zh: '文本', en: 'text' },
  boolean: { zh: '是或否', en: 'yes or no' },
  object: { zh: '对象', en: 'object' },
  array: { zh: '列表', en: 'list' },
};

function explained(ctx: CommandContext, bundle: LoadedBundle, rule: DefinedRule): string {
  const { lang } = ctx;
  const def = rule.def;
  const formula = printFormula(def.logic, { lang, params: bundle.parameters, inputs: def.inputs });
  const lines = [`${def.id}: ${def.description[lang]}`, ...formula.text.split('\n').map((l) => `    ${l}`)];
  // a factor rule is read through its parameter entry: name the factor, so the rule is found by the name users know
  const users = parameterUsers(bundle.parameters, def.id);
  const factors = users.filter((u) => u.path.startsWith('allocationFactors.'));
  if (factors.length) {
    lines.push(say(ctx, '  因子：', factors.length > 1 ? '  factors:' : '  factor:'));
    for (const f of factors) {
      const weight = f.weight === undefined ? '' : say(ctx, `，权重 ${fractionToPercent(f.weight)}%`, `, weight ${fractionToPercent(f.weight)}%`);
      lines.push(`    ${f.name?.[lang] ?? f.path.slice('allocationFactors.'.length)}${weight} (${f.path})`);
    }
  }
  const others = users.filter((u) => !factors.includes(u));
  if (others.length) {
    lines.push(say(ctx, '  由参数使用：', '  used by the parameters:'));
    for (const u of others) lines.push(`    ${u.path}${u.name ? ` ${u.name[lang]}` : ''}`);
  }
  if (def.inputs.length) {
    lines.push(say(ctx, '  输入：', '  inputs:'));
    const width = Math.max(...def.inputs.map((i) => i.name.length));
    for (const input of def.inputs) {
      // "；数值，可不填" after the description, not a second bracket after its own "(0-100)"
      const type = TYPE_WORDS[input.type]?.[lang] ?? input.type;
      const optional = input.required === false ? say(ctx, '，可不填', ', optional') : '';
      const description = input.description?.[lang] ?? '';
      lines.push(`    ${input.name.padEnd(width)}  ${description}${description ? say(ctx, '；', '; ') : ''}${type}${optional}`);
    }
  }
  if (formula.parameters.length) {
    lines.push(say(ctx, '  参数（当前值）：', '  parameters (current values):'));
    for (const { path, value } of formula.parameters) lines.push(`    ${path} = ${JSON.stringify(value)}`);
  }
  return `${lines.join('\n')}\n`;
}

interface ParameterUser { path: string; name?: Localized; weight?: number }

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isLocalized = (value: unknown): value is Localized => isRecord(value) && typeof value.zh === 'string' && typeof value.en === 'string';

/** Every parameter entry naming the rule (`"rule": "<id>"`), with its dotted path, its name and weight when it has them. */
function parameterUsers(parameters: Readonly<Record<string, unknown>>, ruleId: string): ParameterUser[] {
  const out: ParameterUser[] = [];
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) { value.forEach((v, i) => walk(v, `${path}.${i}`)); return; }
    if (!isRecord(value)) return;
    if (value.rule === ruleId) {
      out.push({ path, ...(isLocalized(value.name) ? { name: value.name } : {}), ...(typeof value.weight === 'number' ? { weight: value.weight } : {}) });
    }
    for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
  };
  walk(parameters, '');
  return out;
}
