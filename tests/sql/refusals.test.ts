/**
 * What the SQL compiler refuses, and where: every refusal names the node (JSON pointer) and
 * the reason, in zh and en. And where types prove it, the plain SQL form is used.
 */
import { describe, expect, it } from 'vitest';
import { compileRuleToSql, compileToSql, labelOfCode, type RuleDef, type SqlDialect, type SqlInput } from '../../plugin/index.js';

const inputs: Record<string, SqlInput> = {
  n: { type: 'number' },
  m: { type: 'number', nullable: true },
  i: { type: 'integer' },
  s: { type: 'string' },
  big: { type: 'number', maxAbs: 1e200 },
  tiny: { type: 'number', minAbs: 1e-200 },
  weeks: { type: 'number', nullable: true, series: { partitionBy: ['"unit"'], ordinal: '"week"' } },
};

const both: SqlDialect[] = ['postgres', 'duckdb'];

const cases: Array<{ why: string; logic: unknown; pointer: string; words: string; dialects?: SqlDialect[]; inputs?: Record<string, SqlInput>; labelCodes?: true }> = [
  { why: '== across types', logic: { if: [{ '==': [{ var: 'n' }, { var: 's' }] }, 1, 2] }, pointer: '/if/0', words: '== across types' },
  { why: 'string arithmetic', logic: { '+': [1, { var: 's' }] }, pointer: '/+/1', words: 'arithmetic on a string' },
  { why: 'ordering text', logic: { '<': [{ var: 's' }, 'b'] }, pointer: '/</0', words: 'ordering text' },
  { why: 'text operators', logic: { cat: ['a', { var: 's' }] }, pointer: '', words: 'string conversions' },
  { why: 'array operators', logic: { '+': [1, { sum: [{ var: 'n' }] }] }, pointer: '/+/1', words: 'works on arrays' },
  { why: 'streak over a plain column', logic: { streak: [{ var: 'n' }, { '<': [{ var: '' }, 0.7] }] }, pointer: '/streak/0', words: 'period series' },
  { why: 'a period series read as a value', logic: { '+': [1, { var: 'weeks' }] }, pointer: '/+/1', words: 'only streak reads' },
  { why: 'a streak condition reading a name', logic: { streak: [{ var: 'weeks' }, { '<': [{ var: 'n' }, 0.7] }] }, pointer: '/streak/1/</0', words: 'declared input' },
  { why: 'missing over an undeclared name', logic: { if: [{ missing: [['s', 'nope']] }, 1, 2] }, pointer: '/if/0/missing/0/1', words: 'declared input names' },
  { why: 'missing as a value', logic: { '==': [{ missing: ['s'] }, 1] }, pointer: '/==/0', words: 'works on arrays' },
  { why: 'array literal', logic: { if: [true, [1, 2], 3] }, pointer: '/if/1', words: 'array' },
  { why: 'unknown operator', logic: { '-': [{ frobnicate: [1] }] }, pointer: '/-/0', words: 'no SQL form' },
  { why: 'a path', logic: { '*': [2, { var: 'n.x' }] }, pointer: '/*/1', words: 'declared input' },
  { why: 'an undeclared input', logic: { var: 'nope' }, pointer: '', words: 'declared input' },
  { why: 'a default on a nullable column', logic: { '>': [{ var: ['m', 0] }, 1] }, pointer: '/>/0', words: 'ambiguous' },
  { why: '% on decimals', logic: { '%': [{ var: 'n' }, 2] }, pointer: '', words: '% on decimals' },
  { why: 'PostgreSQL overflow', logic: { '*': [{ var: 'big' }, { var: 'big' }] }, pointer: '', words: 'overflow', dialects: ['postgres'] },
  { why: 'PostgreSQL underflow', logic: { '/': [{ var: 'tiny' }, { var: 'big' }] }, pointer: '', words: 'underflow', dialects: ['postgres'] },
  { why: 'exact decisions on DuckDB', logic: { and: [true, { '>=': [{ '/': [{ var: 'n' }, { var: 'i' }] }, 0.9] }] }, pointer: '/and/1', words: 'exact decimals', dialects: ['duckdb'] },
  { why: 'round on DuckDB', logic: { round: [{ var: 'n' }, 2] }, pointer: '', words: 'exact decimals', dialects: ['duckdb'] },
  { why: 'branches of two types', logic: { '!': [{ if: [true, 1, 'a'] }] }, pointer: '/!/0', words: 'different types' },
  { why: 'and without arguments', logic: { and: [] }, pointer: '', words: 'undefined' },
  { why: 'clamp with bounds from data', logic: { clamp: [{ var: 'n' }, 0, { var: 'n' }] }, pointer: '', words: 'literal numbers' },
  { why: 'clamp with min > max', logic: { clamp: [{ var: 'n' }, 2, 1] }, pointer: '', words: 'min is greater than max' },
  { why: 'round to computed decimals', logic: { round: [{ var: 'n' }, { var: 'i' }] }, pointer: '/round/1', words: 'literal integer' },
  { why: 'a zero divisor of unknown sign', logic: { '/': [1, { max: [{ var: 'n' }, 0] }] }, pointer: '/~1/1', words: 'sign' },
  { why: '* without arguments', logic: { '*': [] }, pointer: '', words: 'without arguments' },
  { why: 'too many arguments', logic: { '-': [1, 2, 3] }, pointer: '', words: 'argument' },
  { why: 'NUL in text', logic: { '===': [{ var: 's' }, 'a\u0000b'] }, pointer: '/===/1', words: 'NUL' },
  { why: 'an unknown parameter', logic: { '>': [{ var: 'n' }, { param: 'light.green' }] }, pointer: '/>/1', words: 'unknown parameter' },
  { why: 'label codes of a computed result', logic: { if: [{ '<': [{ var: 'n' }, 1] }, 'red', { if: [{ var: 's' }, 'yellow', { var: 's' }] }] }, pointer: '/if/2/if/2', words: 'literal text', labelCodes: true },
  { why: 'label codes of a text with NUL', logic: { if: [{ '<': [{ var: 'n' }, 1] }, 'a\u0000b', 'green'] }, pointer: '/if/1', words: 'NUL', labelCodes: true },
];

describe('refusals name the node and the reason', () => {
  for (const c of cases) {
    for (const dialect of c.dialects ?? both) {
      it(`${c.why} (${dialect})`, () => {
        const r = compileToSql(c.logic, { dialect, inputs: c.inputs ?? inputs, pointer: '/rules/0/logic', ...(c.labelCodes ? { labelCodes: true } : {}) });
        expect(r.ok).toBe(false);
        if (r.ok) return;
        expect(r.refusal.pointer).toBe(`/rules/0/logic${c.pointer}`);
        expect(r.refusal.message.en).toContain(c.words);
        expect(r.refusal.message.en.startsWith(`${r.refusal.pointer}: `)).toBe(true);
        expect(r.refusal.message.zh.startsWith(`${r.refusal.pointer}：`)).toBe(true);
      });
    }
  }

  it('the dialect-only refusals compile on the other dialect', () => {
    for (const c of cases.filter((x) => x.dialects)) {
      const other = both.find((d) => !c.dialects!.includes(d))!;
      expect(compileToSql(c.logic, { dialect: other, inputs }).ok, c.why).toBe(true);
    }
  });

  it('a bundle rule whose input is an array is refused at the input', () => {
    const def: RuleDef = {
      id: 'x', description: { zh: 'x', en: 'x' }, inputs: [{ name: 'weeks', type: 'array' }], output: { type: 'number' },
      logic: { sum: [{ var: 'weeks' }] }, examples: [],
    };
    const r = compileRuleToSql(def, { dialect: 'postgres', pointer: '/rules/4' });
    expect(r.ok ? '' : r.refusal.pointer).toBe('/rules/4/inputs/0/type');
  });
});

describe('plain forms where the types prove them equal', () => {
  const sql = (logic: unknown, dialect: SqlDialect = 'postgres') => {
    const r = compileToSql(logic, { dialect, inputs, params: { light: { green: 0.9 } } });
    if (!r.ok) throw new Error(r.refusal.message.en);
    return r.sql;
  };

  it('non-null numbers compare plainly; a nullable one reads null as 0 (null < 1 is true in JS)', () => {
    expect(sql({ '<': [{ var: 'n' }, { var: 'i' }] })).toBe('("n" < CAST("i" AS DOUBLE PRECISION))');
    expect(sql({ '<': [{ var: 'm' }, 1] })).toContain('COALESCE("m", ');
  });

  it('parameters fold in as literals', () => {
    expect(sql({ '>=': [{ var: 'n' }, { param: 'light.green' }] })).toBe(`(CAST('0.9' AS DOUBLE PRECISION) <= "n")`);
  });

  it('a divisor known not to be 0 divides plainly; any other goes through the 1/0 parity form', () => {
    expect(sql({ '/': [{ var: 'n' }, 4] })).toBe(`("n" / CAST('4' AS DOUBLE PRECISION))`);
    expect(sql({ '/': [{ var: 'n' }, { var: 'i' }] })).toContain('Infinity');
  });

  it('label codes: a light\'s colours become 0, 1, 2 in the order first seen, named after grouping', () => {
    const light = { if: [{ '>=': [{ var: 'i' }, 9] }, 'green', { '>=': [{ var: 'i' }, 7] }, 'yellow', { if: [{ '<': [{ var: 'i' }, 0] }, 'green'] }] };
    const r = compileToSql(light, { dialect: 'duckdb', inputs, labelCodes: true });
    expect(r.ok && { sql: r.sql, labels: r.labels, nullable: r.nullable }).toEqual({
      sql: `(CASE WHEN (CAST('9' AS DOUBLE) <= CAST("i" AS DOUBLE)) THEN 0 WHEN (CAST('7' AS DOUBLE) <= CAST("i" AS DOUBLE)) THEN 1 ELSE (CASE WHEN (CAST("i" AS DOUBLE) < CAST('0' AS DOUBLE)) THEN 0 END) END)`,
      labels: ['green', 'yellow'], nullable: true,
    });
    expect(labelOfCode('code', ['green', "it's"])).toBe(`(CASE code WHEN 0 THEN 'green' WHEN 1 THEN 'it''s' END)`);
  });

  it('truthiness: "0" is true, "" false; NaN is false for a number that may be NaN', () => {
    expect(sql({ '!!': [{ var: 's' }] })).toBe(`("s" <> '')`);
    expect(sql({ '!!': [{ '/': [1, { var: 'n' }] }] })).toContain('NaN');
  });
});
