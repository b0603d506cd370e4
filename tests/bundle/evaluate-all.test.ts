/**
 * A bundle rule's checks are chosen once, per declared input and type (issue 21, item 1), and
 * `evaluateAll` runs one rule over many records. Both must answer exactly as the per-call
 * checks did: the same values, and the same problem (code, place, message) for the first record
 * refused. The reference below is the evaluator as it was before, check by check.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine, defineRule, isRuleError, type DefinedRule, type RuleDef, type RuleOutcome } from '../../plugin/index.js';
import { problem } from '../../plugin/problems.js';

const engine = createEngine();
const text = { zh: 'x', en: 'x' };

function define(def: Omit<RuleDef, 'description' | 'examples'>): DefinedRule {
  const full: RuleDef = { ...def, description: text, examples: [] };
  const got = defineRule(full, 'rules/test.rules.json', '/rules/0', engine, { bar: 0.5 });
  if (!got.rule) throw new Error(got.problems.map((p) => p.message.en).join('; '));
  return got.rule;
}

const inputs: RuleDef['inputs'] = [
  { name: 'n', type: 'number', required: true, description: text },
  { name: 'i', type: 'integer', required: true, description: text },
  { name: 's', type: 'string', required: false, description: text },
  { name: 'b', type: 'boolean', required: false, description: text },
  { name: 'a', type: 'any', required: false, description: text },
];
const rules = [
  // a number, null (nullable) for a negative integer, Infinity for i = 0 with n = 0 ... 1/0
  define({ id: 'sum', inputs, output: { type: 'number', nullable: true },
    logic: { if: [{ '<': [{ var: 'i' }, 0] }, null, { '+': [{ '/': [{ var: 'n' }, { var: 'i' }] }, { if: [{ var: 'b' }, 1, 0] }, { var: 'a' }, 0] }] } }),
  // a string from an enum that one branch leaves (`s` given as-is)
  define({ id: 'light', inputs, output: { type: 'string', enum: ['green', 'red'] },
    logic: { if: [{ var: 's' }, { var: 's' }, { '>=': [{ var: 'n' }, { param: 'bar' }] }, 'green', 'red'] } }),
];

// the evaluator before its checks were specialised (rule-definition.ts at 5e57fb9), kept as the reference
function coerce(value: unknown, type: string): unknown {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value !== 'string') return value;
  const t = value.trim();
  if ((type === 'number' || type === 'integer') && /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return Number(t);
  if (type === 'boolean' && (t === 'true' || t === 'false')) return t === 'true';
  return value;
}
function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'integer': return typeof value === 'number' && Number.isInteger(value);
    case 'string': return typeof value === 'string';
    case 'boolean': return typeof value === 'boolean';
    default: return true;
  }
}
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  if (typeof value === 'number') return `number ${String(value)}`;
  return typeof value;
}
function reference(rule: DefinedRule, data: unknown): RuleOutcome {
  const def = rule.def;
  const fail = (code: string, message: { zh: string; en: string }, at = rule.pointer): RuleOutcome =>
    ({ ok: false, problem: problem(code, rule.file, at, message) });
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return fail('RULE_INPUT_NOT_OBJECT', { zh: `规则 ${def.id} 的数据必须是一个对象`, en: `the data for rule ${def.id} must be an object` });
  }
  const record = data as Record<string, unknown>;
  let prepared: Record<string, unknown> | undefined;
  for (const input of def.inputs) {
    const raw = Object.hasOwn(record, input.name) ? record[input.name] : undefined;
    const value = coerce(raw, input.type);
    if (value === undefined) {
      if (input.required === false) continue;
      return fail('RULE_INPUT_MISSING', { zh: `规则 ${def.id} 缺少必需输入 ${input.name}`, en: `rule ${def.id} is missing the required input ${input.name}` });
    }
    if (!hasType(value, input.type)) {
      return fail('RULE_INPUT_TYPE', {
        zh: `规则 ${def.id} 的输入 ${input.name} 应为 ${input.type}，实际是 ${describeValue(raw)}`,
        en: `input ${input.name} of rule ${def.id} must be ${input.type}, got ${describeValue(raw)}`,
      });
    }
    if (value !== raw) (prepared ??= { ...record })[input.name] = value;
  }
  let value: unknown;
  try {
    value = engine.compile(def.logic, { pointer: `${rule.pointer}/logic`, params: { bar: 0.5 } })(prepared ?? record);
  } catch (e) {
    if (isRuleError(e)) return fail(e.code, e.messages, e.pointer || rule.pointer);
    throw e;
  }
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
    return fail('RULE_OUTPUT_TYPE', { zh: `规则 ${def.id} 的结果应为 ${type}，实际是 ${describeValue(value)}`, en: `rule ${def.id} must produce ${type}, got ${describeValue(value)}` });
  }
  if (allowed && !allowed.some((a) => a === value)) {
    return fail('RULE_OUTPUT_ENUM', {
      zh: `规则 ${def.id} 的结果 ${JSON.stringify(value)} 不在允许的取值中：${allowed.map((a) => JSON.stringify(a)).join(', ')}`,
      en: `rule ${def.id} produced ${JSON.stringify(value)}, which is not one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`,
    });
  }
  return { ok: true, value };
}

// cells as hosts hand them over: typed values, text with spaces, blanks, and wrong types
const cell = fc.oneof(
  fc.integer({ min: -3, max: 3 }), fc.double({ min: -5, max: 5, noNaN: false }), fc.constantFrom(Infinity, NaN, -0, 0.5, 2.5),
  fc.constantFrom('', ' 2 ', '1e2', '.5', 'abc', 'green', 'red', 'true', ' false', '3.0', '-0'),
  fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constant([1]), fc.constant({}),
);
const recordArb = fc.oneof(
  { weight: 12, arbitrary: fc.record({ n: cell, i: cell, s: cell, b: cell, a: cell }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.constantFrom(null, [1], 'x', 3) },
);

describe('a bundle rule evaluated through its specialised checks', () => {
  it('answers every record as the per-call checks did: value, or code, place and message', () => {
    fc.assert(fc.property(recordArb, (data) => {
      for (const rule of rules) expect(rule.evaluate(data)).toEqual(reference(rule, data));
    }), { numRuns: 3000 });
  });

  it('runs one rule over many records, stopping at the first refused with its index and problem', () => {
    fc.assert(fc.property(fc.array(recordArb, { maxLength: 12 }), (records) => {
      for (const rule of rules) {
        const got = rule.evaluateAll(records);
        const each = records.map((r) => reference(rule, r));
        const first = each.findIndex((o) => !o.ok);
        if (first < 0) {
          expect(got).toEqual({ ok: true, values: each.map((o) => (o.ok ? o.value : undefined)) });
        } else {
          const o = each[first]!;
          expect(got).toEqual({ ok: false, index: first, problem: o.ok ? undefined : o.problem });
        }
      }
    }), { numRuns: 1000 });
  });

  it('runs one rule over columns as over the records they make (an undefined cell is an absent input)', () => {
    const names = ['n', 'i', 's', 'b', 'a'] as const;
    fc.assert(fc.property(fc.array(fc.record({ n: cell, i: cell, s: cell, b: cell, a: cell }), { maxLength: 12 }), (rows) => {
      const columns = Object.fromEntries(names.map((k) => [k, rows.map((r) => r[k])]));
      const records = rows.map((r) => Object.fromEntries(names.filter((k) => r[k] !== undefined).map((k) => [k, r[k]])));
      for (const rule of rules) expect(rule.evaluateColumns(columns, rows.length)).toEqual(rule.evaluateAll(records));
    }), { numRuns: 500 });
  });

  it('writes into the array it is given, so a caller can reuse one across runs', () => {
    const values = new Array<unknown>(3).fill('stale');
    const got = rules[1]!.evaluateAll([{ n: 1, i: 1 }, { n: '0.2', i: '2' }, { n: 0.5, i: 3, s: 'green' }], values);
    expect(got).toEqual({ ok: true, values: ['green', 'red', 'green'] });
    if (got.ok) expect(got.values).toBe(values);
  });
});
