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
  /**
   * `evaluate` over many records, each value written to `values[i]` (a fresh array when none is
   * given), with no outcome object per record: for a use case that runs one rule over every
   * unit. Stops at the first record refused, with its index and the problem `evaluate` gives.
   */
  evaluateAll(records: ArrayLike<unknown>, values?: unknown[]): BatchOutcome;
  /**
   * `evaluate` over columns: record i holds, for each declared input, `columns[name][i]` (a
   * name without a column, or an undefined cell, is absent). One record object is refilled row
   * after row, so a use case that keeps its figures in flat arrays (the allocation's scoring)
   * builds no object per row at all. Same values and the same first refusal as `evaluateAll`.
   */
  evaluateColumns(columns: Readonly<Record<string, ArrayLike<unknown>>>, count: number, values?: unknown[]): BatchOutcome;
}

type BatchOutcome = { ok: true; values: unknown[] } | { ok: false; index: number; problem: Problem };

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
        pinned.set(index, { paths: pins.paths, evaluate: evaluator(def, run, file, pointer).evaluate });
      } catch (e) {
        if (!isRuleError(e)) throw e;
        problems.push(problem(e.code, file, at, e.messages));
      }
    });
  }

  if (!compiled || problems.some((p) => p.severity === 'error')) return { problems };
  const { evaluate, evaluateAll, evaluateColumns } = evaluator(def, compiled, file, pointer);
  const rule: DefinedRule = { id: def.id, def, file, pointer, reads, pinned, evaluate, evaluateAll, evaluateColumns };
  return { rule, problems };
}

/** What an input check returns when the input is absent (null, undefined or '') or of the wrong type. */
const MISSING = Symbol('missing');
const WRONG = Symbol('wrong type');
type InputCheck = (raw: unknown) => unknown;

/**
 * The check of one declared input, chosen once per type: a value already of its type passes
 * through untouched (one typeof); anything else takes `coerce` and `hasType`, as every input did.
 */
function inputCheck(type: ValueType): InputCheck {
  const slow: InputCheck = (raw) => {
    const value = coerce(raw, type);
    if (value === undefined) return MISSING;
    return hasType(value, type) ? value : WRONG;
  };
  switch (type) {
    case 'number': return (raw) => (typeof raw === 'number' && Number.isFinite(raw) ? raw : slow(raw));
    case 'integer': return (raw) => (Number.isInteger(raw) ? raw : slow(raw));
    case 'string': return (raw) => (typeof raw === 'string' && raw !== '' ? raw : slow(raw));
    case 'boolean': return (raw) => (typeof raw === 'boolean' ? raw : slow(raw));
    default: return slow;
  }
}

/** The output check, chosen once: the value to return, or what `fail` returns. */
type OutputCheck = (value: unknown) => unknown;

/**
 * Evaluation around compiled logic: inputs checked and coerced first, the output checked after.
 * The checks are chosen when the rule is defined (per declared input and its type), so a call
 * costs a typeof or two per input beyond the compiled logic. Shared by a rule and its pinned
 * examples, so an example tests exactly what hosts run.
 */
function evaluator(def: RuleDef, run: (data?: unknown) => unknown, file: string, pointer: string): {
  evaluate(data: unknown): RuleOutcome;
  evaluateAll(records: ArrayLike<unknown>, values?: unknown[]): BatchOutcome;
  evaluateColumns(columns: Readonly<Record<string, ArrayLike<unknown>>>, count: number, values?: unknown[]): BatchOutcome;
} {
  const names = def.inputs.map((i) => i.name);
  const checks = def.inputs.map((i) => inputCheck(i.type));
  const optional = def.inputs.map((i) => i.required === false);
  const n = names.length;
  // The one failure of the call under way: the core returns FAILED and leaves it here, so a
  // passing call allocates no outcome at all (evaluation is synchronous, so one slot will do).
  let failure: Problem | undefined;
  const FAILED = Symbol('failed');
  const fail = (code: string, message: Localized, at = pointer): typeof FAILED => {
    failure = problem(code, file, at, message);
    return FAILED;
  };
  const output = outputCheck(def, fail);

  const core = (data: unknown): unknown => {
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      return fail('RULE_INPUT_NOT_OBJECT', {
        zh: `规则 ${def.id} 的数据必须是一个对象`,
        en: `the data for rule ${def.id} must be an object`,
      });
    }
    const record = data as Record<string, unknown>;
    let prepared: Record<string, unknown> | undefined;
    for (let i = 0; i < n; i++) {
      const name = names[i]!;
      const raw = Object.hasOwn(record, name) ? record[name] : undefined;
      const value = checks[i]!(raw);
      if (value === raw) continue;
      if (value === MISSING) {
        if (optional[i]) continue;
        return fail('RULE_INPUT_MISSING', {
          zh: `规则 ${def.id} 缺少必需输入 ${name}`,
          en: `rule ${def.id} is missing the required input ${name}`,
        });
      }
      if (value === WRONG) {
        const type = def.inputs[i]!.type;
        return fail('RULE_INPUT_TYPE', {
          zh: `规则 ${def.id} 的输入 ${name} 应为 ${type}，实际是 ${describe(raw)}`,
          en: `input ${name} of rule ${def.id} must be ${type}, got ${describe(raw)}`,
        });
      }
      prepared ??= { ...record };
      prepared[name] = value;
    }
    let value: unknown;
    try {
      value = run(prepared ?? record);
    } catch (e) {
      if (isRuleError(e)) return fail(e.code, e.messages, e.pointer || pointer);
      const message = e instanceof Error ? e.message : String(e);
      return fail('RULE_RUNTIME', { zh: `规则 ${def.id} 运行出错：${message}`, en: `rule ${def.id} failed: ${message}` });
    }
    return output(value);
  };

  return {
    evaluate(data) {
      const value = core(data);
      return value === FAILED ? { ok: false, problem: failure! } : { ok: true, value };
    },
    evaluateAll(records, values = new Array<unknown>(records.length)) {
      for (let i = 0; i < records.length; i++) {
        const value = core(records[i]);
        if (value === FAILED) return { ok: false, index: i, problem: failure! };
        values[i] = value;
      }
      return { ok: true, values };
    },
    evaluateColumns(columns, count, values = new Array<unknown>(count)) {
      const cols = names.map((name) => (Object.hasOwn(columns, name) ? columns[name] : undefined));
      // a rule whose output may be the record itself (an object or anything) gets a record of
      // its own per row, so no two values are the same refilled object
      const reuse = def.output.type !== 'object' && def.output.type !== 'any';
      let row: Record<string, unknown> = {};
      for (let i = 0; i < count; i++) {
        if (!reuse || i === 0) {
          row = {};
          for (let j = 0; j < n; j++) row[names[j]!] = undefined;
        }
        for (let j = 0; j < n; j++) row[names[j]!] = cols[j]?.[i];
        const value = core(row);
        if (value === FAILED) return { ok: false, index: i, problem: failure! };
        values[i] = value;
      }
      return { ok: true, values };
    },
  };
}

function outputCheck<F>(def: RuleDef, fail: (code: string, m: Localized) => F): OutputCheck {
  const { type, nullable, enum: allowed } = def.output;
  const numeric = type === 'number' || type === 'integer' || type === 'any';
  return (value) => {
    if (typeof value === 'number' && !Number.isFinite(value) && numeric) {
      return fail('RULE_OUTPUT_NOT_FINITE', {
        zh: `规则 ${def.id} 算出了 ${String(value)}，不是一个有限的数（检查除数为零或缺失的数据）`,
        en: `rule ${def.id} produced ${String(value)}, not a finite number (check for a zero divisor or missing data)`,
      });
    }
    if (value === null || value === undefined) {
      if (nullable) return null;
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
    return value;
  };
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
