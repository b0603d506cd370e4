/** `target-kit test <bundle | template folder | rules file>`: runs the rules' examples. */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import {
  authorText,
  createEngine,
  defineRule,
  parseJsonText,
  runExamples,
  checkSchema,
  type DefinedRule,
  type ExampleResult,
  type Problem,
  type RulesFile,
  type TemplateDef,
  type ParametersFile,
} from '../../../plugin/index.js';
import { loadBundleOrFail } from '../bundle-io.js';
import { defineCommand } from '../command.js';
import { Failure, UsageError, say, write, type CommandContext } from '../context.js';
import { printProblems } from '../problems-out.js';
import { findBundleRoot, relativeTo } from '../read-bundle.js';

const testHelp = {
  zh: `用法：target-kit test <包目录 | 模板目录 | 规则文件> [--params <参数文件>] [--lang zh|en]

运行规则旁边的示例（examples）。模板目录只跑该模板用到的规则；规则文件在所属包中运行
（参数取自包），不在任何包中时可用 --params 提供参数文件。
每个失败打印规则 id、示例序号、期望值与实际值；随后列出哪些示例按包的当前参数运行、哪些示例
用 params 固定了自己的参数（改参数后仍然成立的边界示例）；最后一行为 "N passed, N failed"。
有失败时退出码为 1。`,
  en: `Usage: target-kit test <bundle folder | template folder | rules file> [--params <parameters file>] [--lang zh|en]

Runs the examples beside each rule. A template folder runs the rules that template uses; a rules
file runs inside the bundle that lists it (with that bundle's parameters), or on its own with
--params when no bundle lists it.
Prints each failure (rule id, example index, expected, got), then which examples follow the
bundle's current parameters and which pin their own with params (boundary examples that stay
true when a parameter changes), and a last line "N passed, N failed"; exits 1 on any failure.`,
};

export const testCommand = defineCommand({
  name: 'test',
  synopsis: { zh: '<包|模板目录|规则文件>', en: '<bundle|template dir|rules>' },
  summary: { zh: '运行规则的示例', en: "run the rules' examples" },
  help: testHelp,
  options: { params: { type: 'string' } },
  positionals: { min: 1, max: 1, what: { zh: '路径', en: 'path' } },
  run: (ctx, values, positionals) => runTests(ctx, positionals[0] as string, values.params),
});

async function runTests(ctx: CommandContext, target: string, paramsFile?: string): Promise<void> {
  const abs = resolve(ctx.cwd, target);
  const info = await stat(abs).catch(() => undefined);
  if (!info) throw new UsageError(say(ctx, `找不到 ${target}`, `${target} does not exist`));
  let rules: DefinedRule[];
  if (info.isDirectory() && (await exists(join(abs, 'template.json'))) && !(await exists(join(abs, 'bundle.json')))) {
    rules = await templateRules(ctx, join(abs, 'template.json'));
  } else if (info.isFile() && basename(abs) !== 'bundle.json' && (await looksLikeRulesFile(abs))) {
    rules = await rulesFileRules(ctx, abs, paramsFile);
  } else {
    rules = [...(await loadOrFail(ctx, abs)).rules.values()];
  }
  await report(ctx, runExamples(rules));
}

async function report(ctx: CommandContext, results: ExampleResult[]): Promise<void> {
  const failed = results.filter((r) => !r.pass);
  for (const r of failed) {
    const expected = 'error' in r.expected ? `error ${r.expected.error}` : JSON.stringify(r.expected.value);
    const got = 'error' in r.got ? `error ${r.got.error} (${r.got.message[ctx.lang]})` : JSON.stringify(r.got.value);
    await write(ctx.stdout, say(ctx,
      `失败 ${r.ruleId} 示例 #${r.index}${r.note ? `「${authorText(r.note, 'zh')}」` : ''}（${r.file}#${r.pointer}）：期望 ${expected}，实际 ${got}\n`,
      `FAIL ${r.ruleId} example #${r.index}${r.note ? ` "${authorText(r.note, 'en')}"` : ''} (${r.file}#${r.pointer}): expected ${expected}, got ${got}\n`));
  }
  await write(ctx.stdout, parameterSplit(ctx, results));
  await write(ctx.stdout, `${results.length - failed.length} passed, ${failed.length} failed\n`);
  if (failed.length) throw new Failure();
}

/**
 * Which examples follow the bundle's current parameters and which pin their own: after a
 * parameter change, a failing follower is a claim about the bundle's values (fix the example or
 * pin it), a failing pinned one is a change in the rule's logic.
 */
function parameterSplit(ctx: CommandContext, results: readonly ExampleResult[]): string {
  const pinned = results.filter((r) => r.pins);
  const following = results.filter((r) => !r.pins && r.readsParameters);
  const perRule = new Map<string, number>();
  for (const r of following) perRule.set(r.ruleId, (perRule.get(r.ruleId) ?? 0) + 1);
  const rules = [...perRule].map(([id, n]) => `${id} ×${n}`).join(', ');
  const none = results.length - pinned.length - following.length;
  const lines = [say(ctx,
    `按包的当前参数运行的示例 ${following.length} 个${rules ? `：${rules}` : ''}；不读参数的示例 ${none} 个\n`,
    `Examples following the bundle's current parameters: ${following.length}${rules ? ` (${rules})` : ''}; reading no parameter: ${none}\n`)];
  lines.push(say(ctx, `固定了自己参数（params）的示例 ${pinned.length} 个${pinned.length ? '：' : ''}\n`,
    `Examples pinning their own parameters (params): ${pinned.length}\n`));
  const byRule = new Map<string, { indexes: number[]; paths: Set<string> }>();
  for (const r of pinned) {
    const entry = byRule.get(r.ruleId) ?? { indexes: [], paths: new Set<string>() };
    entry.indexes.push(r.index);
    for (const path of r.pins ?? []) entry.paths.add(path);
    byRule.set(r.ruleId, entry);
  }
  for (const [id, { indexes, paths }] of byRule) {
    const which = indexes.map((i) => `#${i}`).join(' ');
    lines.push(say(ctx, `  ${id} 示例 ${which}：${[...paths].join('、')}\n`, `  ${id} examples ${which}: ${[...paths].join(', ')}\n`));
  }
  return lines.join('');
}

async function loadOrFail(ctx: CommandContext, path: string) {
  const refusal = { zh: '包无效，无法运行示例', en: 'the bundle is invalid; no example was run' };
  return (await loadBundleOrFail(ctx, path, refusal)).bundle;
}

async function templateRules(ctx: CommandContext, templatePath: string): Promise<DefinedRule[]> {
  const root = await findBundleRoot(dirname(dirname(templatePath)));
  if (!root) {
    throw new UsageError(say(ctx, `${templatePath} 不在任何包（bundle.json）中，无法解析它引用的规则`,
      `${templatePath} is not inside a bundle (bundle.json), so its rules cannot be resolved`));
  }
  const bundle = await loadOrFail(ctx, root);
  const file = relativeTo(root, templatePath);
  const template = bundle.templates.find((t) => t.file === file);
  if (!template) {
    throw new UsageError(say(ctx, `包 ${root} 的 bundle.json 没有列出 ${file}`, `bundle ${root} does not list ${file} in bundle.json`));
  }
  return (template.def as TemplateDef).rules.map((id) => bundle.rules.get(id)).filter((r): r is DefinedRule => !!r);
}

async function rulesFileRules(ctx: CommandContext, path: string, paramsFile?: string): Promise<DefinedRule[]> {
  const root = paramsFile ? undefined : await findBundleRoot(dirname(path));
  if (root) {
    const bundle = await loadOrFail(ctx, root);
    const file = relativeTo(root, path);
    if (bundle.manifest.rules.includes(file)) {
      return [...bundle.rules.values()].filter((r) => r.file === file);
    }
  }
  // standalone: a rules file on its own, with parameters from --params
  const name = basename(path);
  const problems: Problem[] = [];
  const rulesFile = await readJsonChecked(ctx, path, name, 'rules', problems) as RulesFile | undefined;
  let params: Record<string, unknown> = {};
  if (paramsFile) {
    const p = await readJsonChecked(ctx, resolve(ctx.cwd, paramsFile), basename(paramsFile), 'parameters', problems) as ParametersFile | undefined;
    params = p?.parameters ?? {};
  }
  const engine = createEngine();
  const rules: DefinedRule[] = [];
  rulesFile?.rules.forEach((def, i) => {
    const defined = defineRule(def, name, `/rules/${i}`, engine, params);
    problems.push(...defined.problems);
    if (defined.rule) rules.push(defined.rule);
  });
  const errors = problems.filter((p) => p.severity === 'error');
  await printProblems(ctx, problems); // warnings too, though only errors fail
  if (errors.length) throw new Failure();
  return rules;
}

async function readJsonChecked(
  ctx: CommandContext, path: string, name: string, kind: 'rules' | 'parameters', problems: Problem[],
): Promise<unknown> {
  const parsed = parseJsonText(await readFile(path, 'utf8'), name);
  if (!parsed.ok) {
    problems.push(parsed.problem);
    return undefined;
  }
  const schemaProblems = checkSchema(kind, parsed.value, name);
  problems.push(...schemaProblems);
  return schemaProblems.length ? undefined : parsed.value;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

async function looksLikeRulesFile(path: string): Promise<boolean> {
  const parsed = parseJsonText(await readFile(path, 'utf8'), basename(path));
  return parsed.ok && typeof parsed.value === 'object' && parsed.value !== null
    && Array.isArray((parsed.value as { rules?: unknown }).rules) && !('format' in parsed.value);
}
