/** `target-kit eval`: one rule over one record, or over a stream of records with --each. */
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import {
  checkSchema,
  createEngine,
  decodeTextStrict,
  defineRule,
  isRuleError,
  parseJsonText,
  problem,
  type Engine,
  type ParametersFile,
  type RuleDef,
  type RuleOutcome,
  type RulesFile,
} from '../../../plugin/index.js';
import { loadBundleOrFail } from '../bundle-io.js';
import { NO_POSITIONALS, defineCommand, type OptionValues } from '../command.js';
import { Failure, UsageError, say, write, type CommandContext } from '../context.js';
import { refuse } from '../problems-out.js';
import { readRecords, RecordError, type RecordFormat, type RecordSource } from '../records.js';

const evalHelp = {
  zh: `用法：target-kit eval --rule <规则> --data <数据> [--each] [--bundle <包>] [--id <规则id>]
                      [--params <参数文件>] [--format json|ndjson|csv] [--lang zh|en]

--rule   规则文件（规则文件中有多条规则时用 --id 选择）、单条规则定义、JsonLogic 本身，
         可以是文件路径或直接写 JSON；给了 --bundle 时也可以是包内规则的 id。
--data   一条记录：文件路径、直接写的 JSON，或 "-" 表示标准输入。
--each   数据是一组记录（JSON 数组、NDJSON 或 CSV，UTF-8 或 GBK），逐条输出结果为 NDJSON，
         流式处理，百万条记录也只占用有限内存。出错的记录输出 {"error": …} 并在最后以 1 退出。
--params 参数文件（parameters.schema.json），供 {"param": …} 读取；--bundle 时取包的参数。`,
  en: `Usage: target-kit eval --rule <rule> --data <data> [--each] [--bundle <bundle>] [--id <rule id>]
                      [--params <parameters file>] [--format json|ndjson|csv] [--lang zh|en]

--rule   a rules file (pick one with --id when it holds several), one rule definition, or bare
         JsonLogic, as a file path or inline JSON; with --bundle also the id of a bundle rule.
--data   one record: a file path, inline JSON, or "-" for standard input.
--each   the data is many records (a JSON array, NDJSON or CSV, UTF-8 or GBK); prints one result
         per record as NDJSON, streaming, in bounded memory. A failing record prints
         {"error": ...} and the command exits 1 at the end.
--params a parameters file (parameters.schema.json) for {"param": ...}; --bundle uses the bundle's.`,
};

const options = {
  rule: { type: 'string' }, data: { type: 'string' }, each: { type: 'boolean' },
  bundle: { type: 'string' }, id: { type: 'string' }, params: { type: 'string' }, format: { type: 'string' },
} as const;

type EvalOptions = OptionValues<typeof options>;

export const evalCommand = defineCommand({
  name: 'eval',
  synopsis: { zh: '--rule <规则> --data <数据>', en: '--rule <rule> --data <data>' },
  summary: { zh: '计算规则（--each 逐条处理一组记录）', en: 'evaluate a rule (--each for a stream of records)' },
  help: evalHelp,
  options,
  positionals: NO_POSITIONALS,
  run: evaluateRule,
});

type Evaluate = (data: unknown) => RuleOutcome;

async function evaluateRule(ctx: CommandContext, options: EvalOptions): Promise<void> {
  if (!options.rule) throw new UsageError(say(ctx, '缺少 --rule', '--rule is required'));
  if (options.data === undefined) throw new UsageError(say(ctx, '缺少 --data', '--data is required'));
  const format = options.format as RecordFormat | undefined;
  if (format !== undefined && !['json', 'ndjson', 'csv'].includes(format)) {
    throw new UsageError(say(ctx, '--format 只能是 json、ndjson 或 csv', '--format must be json, ndjson or csv'));
  }
  const evaluate = await resolveRule(ctx, options);
  const source = dataSource(ctx, options.data);

  if (!options.each) {
    if (format === 'csv' || format === 'ndjson') {
      throw new UsageError(say(ctx, 'CSV 与 NDJSON 数据需要 --each', 'CSV and NDJSON data need --each'));
    }
    const record = await readOneRecord(ctx, source);
    const outcome = evaluate(record);
    if (!outcome.ok) return refuse(ctx, [outcome.problem]);
    await write(ctx.stdout, JSON.stringify(outcome.value) + '\n');
    return;
  }

  let failures = 0;
  try {
    for await (const { index, line, value } of readRecords(source, format)) {
      const outcome = evaluate(value);
      if (outcome.ok) {
        await write(ctx.stdout, JSON.stringify(outcome.value) + '\n');
        continue;
      }
      failures++;
      const p = outcome.problem;
      await write(ctx.stdout, JSON.stringify({ error: { code: p.code, message: p.message[ctx.lang] } }) + '\n');
      const where = say(ctx, `第 ${index} 条记录${line !== undefined ? `（第 ${line} 行）` : ''}`, `record ${index}${line !== undefined ? ` (line ${line})` : ''}`);
      await write(ctx.stderr, `${where}: ${p.message[ctx.lang]} [${p.code}]\n`);
    }
  } catch (e) {
    if (e instanceof RecordError) return refuse(ctx, [e.problem]);
    throw e;
  }
  if (failures) {
    await write(ctx.stderr, say(ctx, `${failures} 条记录失败\n`, `${failures} record(s) failed\n`));
    throw new Failure();
  }
}

function looksInline(text: string): boolean {
  const t = text.trim();
  return /^[[{"]/.test(t) || /^-?\d/.test(t) && !/[/\\]/.test(t) || t === 'true' || t === 'false' || t === 'null';
}

function dataSource(ctx: CommandContext, data: string): RecordSource {
  if (data === '-') return { kind: 'stdin', stream: ctx.stdin };
  if (looksInline(data)) return { kind: 'inline', text: data };
  return { kind: 'file', path: resolve(ctx.cwd, data), name: data };
}

async function readOneRecord(ctx: CommandContext, source: RecordSource): Promise<unknown> {
  let text: string;
  let name: string;
  if (source.kind === 'inline') {
    text = source.text;
    name = '--data';
  } else if (source.kind === 'file') {
    text = await decodeOrFail(ctx, await readFileOrFail(ctx, source.path, source.name), source.name);
    name = source.name;
  } else {
    const chunks: Buffer[] = [];
    for await (const chunk of source.stream) chunks.push(Buffer.from(chunk as Uint8Array));
    text = await decodeOrFail(ctx, Buffer.concat(chunks), '<stdin>');
    name = '<stdin>';
  }
  const parsed = parseJsonText(text, name);
  if (!parsed.ok) return refuse(ctx, [parsed.problem]);
  return parsed.value;
}

async function readFileOrFail(ctx: CommandContext, path: string, name: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch {
    await write(ctx.stderr, say(ctx, `无法读取 ${name}\n`, `cannot read ${name}\n`));
    throw new Failure();
  }
}

/** UTF-8 if all of it is, else GB18030 if all of it is, else refused at the first bad byte. */
async function decodeOrFail(ctx: CommandContext, bytes: Uint8Array, name: string): Promise<string> {
  const decoded = decodeTextStrict(bytes, name);
  if (!decoded.ok) return refuse(ctx, [decoded.problem]);
  return decoded.text;
}

async function resolveRule(ctx: CommandContext, options: EvalOptions): Promise<Evaluate> {
  const ruleArg = options.rule as string;
  let engine: Engine = createEngine();
  let params: Record<string, unknown> = {};
  if (options.bundle) {
    const { bundle } = await loadBundleOrFail(ctx, options.bundle);
    const byId = bundle.rules.get(ruleArg);
    if (byId) return (data) => byId.evaluate(data);
    engine = bundle.engine;
    params = bundle.parameters;
  } else if (options.params) {
    params = await readParams(ctx, options.params);
  }

  const inline = looksInline(ruleArg);
  const name = inline ? '--rule' : basename(ruleArg);
  const text = inline ? ruleArg : await decodeOrFail(ctx, await readFileOrFail(ctx, resolve(ctx.cwd, ruleArg), ruleArg), name);
  const parsed = parseJsonText(text, name);
  if (!parsed.ok) return refuse(ctx, [parsed.problem]);
  const value = parsed.value;

  if (isObject(value) && Array.isArray(value.rules)) {
    const schemaProblems = checkSchema('rules', value, name);
    if (schemaProblems.length) return refuse(ctx, schemaProblems);
    const file = value as unknown as RulesFile;
    const index = options.id ? file.rules.findIndex((r) => r.id === options.id) : file.rules.length === 1 ? 0 : -1;
    if (index < 0) {
      throw new UsageError(options.id
        ? say(ctx, `${name} 中没有规则 ${options.id}`, `${name} has no rule ${options.id}`)
        : say(ctx, `${name} 有多条规则，用 --id 选择一条：${file.rules.map((r) => r.id).join(', ')}`,
          `${name} holds several rules; pick one with --id: ${file.rules.map((r) => r.id).join(', ')}`));
    }
    return defined(ctx, file.rules[index] as RuleDef, name, `/rules/${index}`, engine, params);
  }
  if (isObject(value) && 'logic' in value && 'inputs' in value) {
    const schemaProblems = checkSchema('rules', { rules: [value] }, name).map((p) => ({ ...p, pointer: p.pointer.replace(/^\/rules\/0/, '') }));
    if (schemaProblems.length) return refuse(ctx, schemaProblems);
    return defined(ctx, value as unknown as RuleDef, name, '', engine, params);
  }

  let run: (data: unknown) => unknown;
  try {
    run = engine.compile(value, { params });
  } catch (e) {
    if (isRuleError(e)) return refuse(ctx, [problem(e.code, name, e.pointer, e.messages)]);
    throw e;
  }
  return (data) => {
    try {
      const result = run(data);
      if (typeof result === 'number' && !Number.isFinite(result)) {
        return { ok: false, problem: problem('RULE_OUTPUT_NOT_FINITE', name, '', {
          zh: `结果是 ${String(result)}，不是一个有限的数`, en: `the result is ${String(result)}, not a finite number`,
        }) };
      }
      return { ok: true, value: result === undefined ? null : result };
    } catch (e) {
      if (isRuleError(e)) return { ok: false, problem: problem(e.code, name, e.pointer, e.messages) };
      throw e;
    }
  };
}

function defined(ctx: CommandContext, def: RuleDef, name: string, pointer: string, engine: Engine, params: Record<string, unknown>): Evaluate | Promise<Evaluate> {
  const result = defineRule(def, name, pointer, engine, params);
  if (!result.rule) return refuse(ctx, result.problems);
  const rule = result.rule;
  return (data) => rule.evaluate(data);
}

async function readParams(ctx: CommandContext, path: string): Promise<Record<string, unknown>> {
  const name = basename(path);
  const parsed = parseJsonText(await decodeOrFail(ctx, await readFileOrFail(ctx, resolve(ctx.cwd, path), path), name), name);
  if (!parsed.ok) return refuse(ctx, [parsed.problem]);
  const problems = checkSchema('parameters', parsed.value, name);
  if (problems.length) return refuse(ctx, problems);
  return (parsed.value as ParametersFile).parameters;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
