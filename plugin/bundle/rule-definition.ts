/**
 * A rule as the bundle defines it: JsonLogic plus declared inputs, output and examples.
 * Defining a rule compiles it once and checks what can be checked without running it;
 * evaluating it checks the inputs first, so missing data is an error and never turns into a
 * light or full points, and checks the output, so NaN or Infinity is never a result.
 */
import type { Engine } from '../rules/index.js';
import { isRuleError, joinPointer, problem, type Localized, type Problem } from '../problems.js';
import { paramPathsIn, pinParameters } from './example-params.js';
import type { RuleDef, ValueType } from './types.js';

export type RuleOutcome = { ok: true; value: unknown } | { ok: false; problem: Problem };

/** An example that carries its own parameter values: the paths it pins and the rule compiled with them. */
interface PinnedExample {
  readonly paths: readonly string[];
  evaluate(data: unknown): RuleOutcome;
}

export interface DefinedRule {
  readonly id: string;
  readonly def: RuleDef;
  readonly file: string;
  readonly pointer: string;
  /** The parameter paths the logic reads (`{"param": ...}`), in the order they appear. */
  readonly reads: readonly string[];
  /** The examples with `params`, by index; the others run with the bundle's parameters. */
  readonly pinned: ReadonlyMap<number, PinnedExample>;
  evaluate(data: unknown): RuleOutcome;
}

interface DefineResult {
  rule?: DefinedRule;
  problems: Problem[];
}

export function defineRule(
  def: RuleDef,
  file: string,
  pointer: string,
  engine: Engine,
  params: Record<string, unknown>,
): DefineResult {
  const problems: Problem[] = [];
  const inputs = new Map(def.inputs.map((input) => [input.name, input]));
  def.inputs.forEach((input, i) => {
    if (def.inputs.findIndex((other) => other.name === input.name) !== i) {
      problems.push(problem('RULE_DUPLICATE_INPUT', file, joinPointer(pointer, 'inputs', i, 'name'), {
        zh: `规则 ${def.id} 重复声明了输入 ${input.name}`,
        en: `rule ${def.id} declares input ${input.name} twice`,
      }));
    }
  });

  let compiled: ((data?: unknown) => unknown) | undefined;
  try {
    compiled = engine.compile(def.logic, { pointer: joinPointer(pointer, 'logic'), params });
  } catch (e) {
    if (!isRuleError(e)) throw e;
    problems.push(problem(e.code, file, e.pointer, e.messages));
  }

  const read = new Set<string>();
  if (compiled) {
    const vars = engine.variables(def.logic);
    for (const v of vars.paths) {
      const head = v.path.split('.')[0] ?? '';
      read.add(head);
      if (head !== '' && !inputs.has(head)) {
        problems.push(problem('RULE_UNDECLARED_INPUT', file, joinPointer(pointer, 'logic') + v.pointer, {
          zh: `规则 ${def.id} 读取了未声明的输入 "${head}"（在 inputs 中声明它）`,
          en: `rule ${def.id} reads "${head}", which its inputs do not declare (add it to inputs)`,
        }));
      }
      if (head === '' ) {
        problems.push(problem('RULE_WHOLE_DATA', file, joinPointer(pointer, 'logic') + v.pointer, {
          zh: `规则 ${def.id} 在顶层读取了整个数据（{"var": ""}），无法对照声明的输入检查`,
          en: `rule ${def.id} reads the whole data at the top level ({"var": ""}), which cannot be checked against its inputs`,
        }, 'warning'));
      }
    }
    for (const d of vars.dynamic) {
      problems.push(problem('RULE_DYNAMIC_VAR', file, joinPointer(pointer, 'logic') + d.pointer, {
        zh: `规则 ${def.id} 的变量名在运行时才算出，无法对照声明的输入检查`,
        en: `rule ${def.id} computes a variable name at run time; it cannot be checked against the declared inputs`,
      }, 'warning'));
    }
    def.inputs.forEach((input, i) => {
      if (!read.has(input.name) && vars.dynamic.length === 0) {
        problems.push(problem('RULE_UNUSED_INPUT', file, joinPointer(pointer, 'inputs', i), {
          zh: `规则 ${def.id} 声明了输入 ${input.name} 却没有读取它`,
          en: `rule ${def.id} declares input ${input.name} but never reads it`,
        }, 'warning'));
      }
    });
  }

  def.examples.forEach((example, i) => {
    if (example.expectError !== undefined) return;
    for (const input of def.inputs) {
      if (input.required === false) continue;
      const value = Object.hasOwn(example.data, input.name) ? example.data[input.name] : undefined;
      if (value === undefined || value === null) {
        problems.push(problem('EXAMPLE_MISSING_INPUT', file, joinPointer(pointer, 'examples', i, 'data'), {
          zh: `规则 ${def.id} 的示例 ${i} 缺少必需输入 ${input.name}`,
          en: `example ${i} of rule ${def.id} misses the required input ${input.name}`,
        }));
      }
    }
  });

  const reads = paramPathsIn(def.logic);
  const pinned = new Map<number, PinnedExample>();
  if (compiled) {
    def.examples.forEach((example, index) => {
      if (example.params === undefined) return;
      const at = joinPointer(pointer, 'examples', index, 'params');
      const pins = pinParameters(params, example.params, reads, { ruleId: def.id, index, file, pointer: at });
      problems.push(...pins.problems);
      if (pins.problems.some((p) => p.severity === 'error')) return;
      try {
        const run = engine.compile(def.logic, { pointer: joinPointer(pointer, 'logic'), params: pins.params });
        pinned.set(index, { paths: pins.paths, evaluate: evaluator(def, run, file, pointer) });
      } catch (e) {
        if (!isRuleError(e)) throw e;
        problems.push(problem(e.code, file, at, e.messages));
      }
    });
  }

  if (!compiled || problems.some((p) => p.severity === 'error')) return { problems };
  const rule: DefinedRule = { id: def.id, def, file, pointer, reads, pinned, evaluate: evaluator(def, compiled, file, pointer) };
  return { rule, problems };
}

/**
 * Evaluation around compiled logic: inputs checked and coerced first, the output checked after.
 * Shared by a rule and its pinned examples, so an example tests exactly what hosts run.
 */
function evaluator(def: RuleDef, run: (data?: unknown) => unknown, file: string, pointer: string): (data: unknown) => RuleOutcome {
  const fail = (code: string, message: Localized, at = pointer): RuleOutcome =>
    ({ ok: false, problem: problem(code, file, at, message) });
  return (data: unknown): RuleOutcome => {
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      return fail('RULE_INPUT_NOT_OBJECT', {
        zh: `规则 ${def.id} 的数据必须是一个对象`,
        en: `the data for rule ${def.id} must be an object`,
      });
    }
    const record = data as Record<string, unknown>;
    let prepared: Record<string, unknown> | undefined;
    for (const input of def.inputs) {
      const raw = Object.hasOwn(record, input.name) ? record[input.name] : undefined;
      const value = coerce(raw, input.type);
      if (value === undefined) {
        if (input.required === false) continue;
        return fail('RULE_INPUT_MISSING', {
          zh: `规则 ${def.id} 缺少必需输入 ${input.name}`,
          en: `rule ${def.id} is missing the required input ${input.name}`,
        });
      }
      if (!hasType(value, input.type)) {
        return fail('RULE_INPUT_TYPE', {
          zh: `规则 ${def.id} 的输入 ${input.name} 应为 ${input.type}，实际是 ${describe(raw)}`,
          en: `input ${input.name} of rule ${def.id} must be ${input.type}, got ${describe(raw)}`,
        });
      }
      if (value !== raw) {
        prepared ??= { ...record };
        prepared[input.name] = value;
      }
    }
    let value: unknown;
    try {
      value = run(prepared ?? record);
    } catch (e) {
      if (isRuleError(e)) return fail(e.code, e.messages, e.pointer || pointer);
      const message = e instanceof Error ? e.message : String(e);
      return fail('RULE_RUNTIME', { zh: `规则 ${def.id} 运行出错：${message}`, en: `rule ${def.id} failed: ${message}` });
    }
    return checkOutput(def, value, fail);
  };
}

function checkOutput(def: RuleDef, value: unknown, fail: (code: string, m: Localized) => RuleOutcome): RuleOutcome {
  const { type, nullable, enum: allowed } = def.output;
  if (typeof value === 'number' && !Number.isFinite(value) && (type === 'number' || type === 'integer' || type === 'any')) {
    return fail('RULE_OUTPUT_NOT_FINITE', {
      zh: `规则 ${def.id} 算出了 ${String(value)}，不是一个有限的数（检查除数为零或缺失的数据）`,
      en: `rule ${def.id} produced ${String(value)}, not a finite number (check for a zero divisor or missing data)`,
    });
  }
  if (value === null || value === undefined) {
    if (nullable) return { ok: true, value: null };
    return fail('RULE_OUTPUT_NULL', {
      zh: `规则 ${def.id} 没有得出结果（null），而输出未声明 nullable`,
      en: `rule ${def.id} produced no result (null) and its output is not nullable`,
    });
  }
  if (!hasType(value, type)) {
    return fail('RULE_OUTPUT_TYPE', {
      zh: `规则 ${def.id} 的结果应为 ${type}，实际是 ${describe(value)}`,
      en: `rule ${def.id} must produce ${type}, got ${describe(value)}`,
    });
  }
  if (allowed && !allowed.some((a) => a === value)) {
    return fail('RULE_OUTPUT_ENUM', {
      zh: `规则 ${def.id} 的结果 ${JSON.stringify(value)} 不在允许的取值中：${allowed.map((a) => JSON.stringify(a)).join(', ')}`,
      en: `rule ${def.id} produced ${JSON.stringify(value)}, which is not one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`,
    });
  }
  return { ok: true, value };
}

/**
 * Values from CSV cells and form fields arrive as text. A declared number, integer or boolean
 * input accepts the exact textual form of one; an empty string counts as missing. Exported so
 * that `ruleInputs` reads a record's cells by exactly these rules (rule-inputs.ts).
 */
export function coerce(value: unknown, type: ValueType): unknown {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if ((type === 'number' || type === 'integer') && /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) {
    return Number(text);
  }
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return value;
}

export function hasType(value: unknown, type: ValueType): boolean {
  switch (type) {
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'integer': return typeof value === 'number' && Number.isInteger(value);
    case 'string': return typeof value === 'string';
    case 'boolean': return typeof value === 'boolean';
    case 'array': return Array.isArray(value);
    case 'object': return typeof value === 'object' && value !== null && !Array.isArray(value);
    default: return true;
  }
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  if (typeof value === 'number') return `number ${String(value)}`;
  return typeof value;
}
