/**
 * What a bundle rule gets when a use case or a host calls it: every input the rule declares,
 * read from the record by name. Without this each caller hand-picked the fields it knew of,
 * and an input an implementer added to a rule (an `amount` on points-for-event) was silently
 * dropped by one host and used by another. Cells are read with the rule's own text-to-value
 * rules (`coerce` in rule-definition.ts, the ones `eval` and `test` go through), so a CSV cell
 * "600000" is the number 600000 everywhere; a missing required input or a cell of the wrong
 * type is a problem naming the row and the column, never a dropped field or a zero.
 */
import { valueAtPath } from '../json.js';
import { percentToFraction } from '../fractions.js';
import { joinPointer, problem, type Localized, type Problem } from '../problems.js';
import { coerce, describe, hasType, type DefinedRule, type RuleOutcome } from './rule-definition.js';
import type { RuleDef, RuleInputDef } from './types.js';

interface RuleInputsOptions {
  /**
   * Inputs the use case supplies itself (the ledger's action type, the simulator's yuan
   * amounts, a score already computed). A key present here wins over a record column of the
   * same name, even when its value is undefined or null (then the input counts as missing):
   * each use case documents the names it fixes.
   */
  fixed?: Readonly<Record<string, unknown>>;
  /** Where the record comes from, for the problems: the file and its 1-based row. */
  file?: string;
  row?: number;
}

export type RuleInputsResult =
  | { ok: true; data: Record<string, unknown> }
  | { ok: false; problems: Problem[] };

/** snake_case of a camelCase input name: tables in this house use `revenue_target` for `revenueTarget`. */
export const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** "60%" where a number is declared: shares are fractions in every file, so the hint is "写 0.6 表示 60%". */
function percentCellHint(raw: unknown, type: string): Localized | undefined {
  if ((type !== 'number' && type !== 'integer') || typeof raw !== 'string') return undefined;
  const m = /^\s*([-+]?(?:\d+(?:\.\d+)?|\.\d+))\s*[%％]\s*$/.exec(raw);
  if (!m) return undefined;
  const percent = Number(m[1]);
  return { zh: `写 ${percentToFraction(percent)} 表示 ${percent}%`, en: `write ${percentToFraction(percent)} for ${percent}%` };
}

/**
 * The rule's input object from a record: each declared input from `fixed`, else from the
 * record's field of that name, else its snake_case column. Declared inputs only: a column the
 * rule does not declare is not its business. Optional inputs that are absent or blank stay
 * absent, so the rule's own default applies.
 */
export function ruleInputs(
  rule: { readonly def: Pick<RuleDef, 'id' | 'inputs'> },
  record: Readonly<Record<string, unknown>>,
  options: RuleInputsOptions = {},
): RuleInputsResult {
  const { id, inputs } = rule.def;
  const fixed = options.fixed ?? {};
  const file = options.file ?? 'record';
  const data: Record<string, unknown> = {};
  // allocated only on a problem: allocation calls this per unit and factor
  let problems: Problem[] | undefined;
  const push = (p: Problem, column: string): void => {
    (problems ??= []).push({ ...p, ...(options.row !== undefined ? { row: options.row } : {}), column });
  };
  for (const input of inputs) {
    const fromFixed = Object.hasOwn(fixed, input.name);
    let column = input.name;
    if (!fromFixed && !Object.hasOwn(record, column)) {
      const alias = snake(column);
      if (Object.hasOwn(record, alias)) column = alias;
    }
    const raw = fromFixed ? fixed[input.name] : record[column];
    const value = coerce(raw, input.type);
    if (value === undefined) {
      if (input.required === false) continue;
      push(problem('RULE_INPUT_MISSING', file, '', {
        zh: `规则 ${id} 缺少必需输入 ${input.name}（${fromFixed ? '由用例提供' : `列 ${column}`}为空或不存在）`,
        en: `rule ${id} is missing the required input ${input.name} (${fromFixed ? 'supplied by the use case' : `column ${column}`} is empty or absent)`,
      }), column);
      continue;
    }
    if (!hasType(value, input.type)) {
      const hint = percentCellHint(raw, input.type);
      push(problem('RULE_INPUT_TYPE', file, '', {
        zh: `规则 ${id} 的输入 ${input.name}（列 ${column}）应为 ${input.type}，实际是 ${describe(raw)}${hint ? `（${hint.zh}）` : ''}`,
        en: `input ${input.name} of rule ${id} (column ${column}) must be ${input.type}, got ${describe(raw)}${hint ? ` (${hint.en})` : ''}`,
      }), column);
      continue;
    }
    data[input.name] = value;
  }
  return problems ? { ok: false, problems } : { ok: true, data };
}

/**
 * A rule as one use case calls it many times (the tracker per unit, the escalation per day):
 * which declared inputs the use case computes (`fixed`) and which it reads from a record is
 * worked out once here, not per call. When the use case fixes every declared input (the
 * default bundle everywhere), `call` hands the fixed object to the rule as it is: no copy,
 * the same outcome as calling the rule directly. Otherwise the further declared inputs are
 * read from the record by `ruleInputs` (by name or snake_case column, text coerced as `eval`
 * does) and merged over the fixed figures.
 */
export interface BoundRule {
  readonly rule: DefinedRule;
  /** The declared inputs the use case does not compute: read from the record. Empty: the fast path. */
  readonly fromRecord: readonly RuleInputDef[];
  call(fixed: Record<string, unknown>, record?: Readonly<Record<string, unknown>>, where?: { file?: string; row?: number }): RuleOutcome;
}

export function bindRule(rule: DefinedRule, fixedNames: readonly string[]): BoundRule {
  const fromRecord = rule.def.inputs.filter((i) => !fixedNames.includes(i.name));
  if (!fromRecord.length) return { rule, fromRecord, call: (fixed) => rule.evaluate(fixed) };
  // the record part only: a fixed figure is checked by the rule itself, as before
  const part = { def: { id: rule.def.id, inputs: fromRecord } };
  const empty: Readonly<Record<string, unknown>> = {};
  return {
    rule,
    fromRecord,
    call(fixed, record = empty, where = {}) {
      const got = ruleInputs(part, record, where);
      if (!got.ok) return { ok: false, problem: got.problems[0]! };
      return rule.evaluate({ ...fixed, ...got.data });
    },
  };
}

/**
 * The required inputs of a bound rule that no record can provide: neither computed by the use
 * case nor a column of the records it reads (`columns`; undefined when the use case reads no
 * record). Checked once when a use case is set up, so a customised rule that asks for an input
 * nobody gives is refused at the start of the run, once, instead of failing on every unit.
 * `source` says where the use case reads records from ("the targets file"), for the message.
 */
export function unsourcedInputs(
  bound: BoundRule,
  columns: readonly string[] | undefined,
  useCase: string,
  source?: { zh: string; en: string },
): Problem[] {
  const out: Problem[] = [];
  const { rule } = bound;
  for (const input of bound.fromRecord) {
    if (input.required === false) continue;
    if (columns && (columns.includes(input.name) || columns.includes(snake(input.name)))) continue;
    const index = rule.def.inputs.indexOf(input);
    const from = !columns
      ? { zh: '它不读取任何记录', en: 'it reads no record' }
      : { zh: `${source?.zh ?? '它读取的记录'}中也没有列 ${input.name}`, en: `there is no column ${input.name} in ${source?.en ?? 'the records it reads'}` };
    out.push(problem('RULE_INPUT_MISSING', rule.file, joinPointer(rule.pointer, 'inputs', index), {
      zh: `规则 ${rule.def.id} 声明了必需输入 ${input.name}，但 ${useCase} 不计算它，${from.zh}；请把它改为可选（required: false）或提供该列`,
      en: `rule ${rule.def.id} declares the required input ${input.name}, which ${useCase} does not compute, and ${from.en}; make it optional (required: false) or provide the column`,
    }));
  }
  return out;
}

/** Reads a dotted field path (`plan.amount`) from form values; own keys only, so `constructor` is no field. */
export const valueAt = valueAtPath;

/** A cleared form field (antd gives null for a cleared number, '' for a cleared text) is not filled in. */
const isBlank = (value: unknown): boolean => value === undefined || value === null || value === '';

/**
 * The record a form binding hands its rule (绑定输入): each rule input from the form field its
 * binding names (a dotted path); without a mapping, the form's own top-level values. Blank
 * fields are left out, so the rule reports the input as missing instead of computing with a
 * blank. The playground's runner and the NocoBase form component both call this, so a form
 * gives the same record in either host.
 */
export function bindingInputs(
  binding: { readonly inputs?: Readonly<Record<string, string>> | undefined },
  values: unknown,
): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  const mapping = binding.inputs;
  if (mapping === undefined) {
    if (typeof values !== 'object' || values === null || Array.isArray(values)) return data;
    for (const [name, value] of Object.entries(values)) if (!isBlank(value)) data[name] = value;
    return data;
  }
  for (const [name, path] of Object.entries(mapping)) {
    const value = valueAt(values, path);
    if (!isBlank(value)) data[name] = value;
  }
  return data;
}
