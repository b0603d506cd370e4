/** Domain operators at their boundaries: ratio, clamp, round, streak, param, sum, avg. */
import { describe, expect, it } from 'vitest';
import { isRuleError, type RuleError } from '../../plugin/problems.js';
import { createEngine } from '../../plugin/rules/index.js';

const engine = createEngine();
const run = (logic: unknown, data?: unknown) => engine.apply(logic, data);

function ruleErrorOf(f: () => unknown): RuleError {
  try { f(); } catch (e) { if (isRuleError(e)) return e; throw e; }
  throw new Error('expected a RuleError');
}

describe('ratio', () => {
  const r = { ratio: [{ var: 'a' }, { var: 't' }, 'fb'] };
  it('divides finite numbers', () => {
    expect(run(r, { a: 45, t: 60 })).toBe(0.75);
    expect(run(r, { a: 0, t: 60 })).toBe(0);
    expect(run(r, { a: -30, t: 60 })).toBe(-0.5);
  });
  it('falls back for a zero, null, missing or non-finite denominator and a non-number side', () => {
    for (const data of [{ a: 1, t: 0 }, { a: 1, t: -0 }, { a: 1, t: null }, { a: 1 }, { a: 1, t: Infinity },
      { a: 1, t: NaN }, { t: 5 }, { a: null, t: 5 }, { a: '', t: 60 }, { a: '1,200', t: 60 }, { a: 45, t: '0' },
      { a: Infinity, t: 5 }, { a: [1], t: 5 }, { a: true, t: 1 }, { a: '4 5', t: 60 }]) {
      expect(run(r, data), JSON.stringify(data)).toBe('fb');
    }
  });
  it('reads numbers written as text, as CSV cells and form fields deliver them', () => {
    expect(run(r, { a: '45', t: 60 })).toBe(0.75);
    expect(run(r, { a: 45, t: ' 60 ' })).toBe(0.75);
    expect(run(r, { a: '-4.5e1', t: '60' })).toBe(-0.75);
  });
  it('evaluates the fallback only when needed', () => {
    expect(run({ ratio: [1, 2, { '*': [] }] })).toBe(0.5);
    expect(ruleErrorOf(() => run({ ratio: [1, 0, { '*': [] }] })).code).toBe('RULE_RUNTIME');
  });
  it('requires exactly three arguments, at compile time', () => {
    const e = ruleErrorOf(() => engine.compile({ if: [true, { ratio: [1, 2] }] }));
    expect([e.code, e.pointer]).toEqual(['RULE_ARITY', '/if/1']);
    expect(ruleErrorOf(() => engine.compile({ ratio: [1, 2, 3, 4] })).code).toBe('RULE_ARITY');
  });
});

describe('clamp', () => {
  it('keeps a value in range, bounds included', () => {
    expect(run({ clamp: [1.35, 0, 1.2] })).toBe(1.2);
    expect(run({ clamp: [-1, 0, 1.2] })).toBe(0);
    expect(run({ clamp: [1.2, 0, 1.2] })).toBe(1.2);
    expect(run({ clamp: [{ var: 'x' }, 0, 1] }, { x: 0.5 })).toBe(0.5);
    expect(run({ clamp: [{ var: 'x' }, 0, 1] }, {})).toBe(0); // var gives null, read as 0
    expect(run({ clamp: ['0.3', 0, 1] })).toBe(0.3);
    expect(run({ clamp: ['abc', 0, 1] })).toBeNaN();
    expect(run({ clamp: [{ var: 'x' }, { var: 'lo' }, { var: 'hi' }] }, { x: 9, lo: 1, hi: 3 })).toBe(3);
  });
  it('refuses min > max: at compile time when constant, at run time otherwise', () => {
    expect(ruleErrorOf(() => engine.compile({ clamp: [1, 2, 1] })).code).toBe('RULE_BAD_ARGUMENT');
    expect(ruleErrorOf(() => run({ clamp: [1, { var: 'lo' }, 1] }, { lo: 2 })).code).toBe('RULE_RUNTIME');
    expect(ruleErrorOf(() => engine.compile({ clamp: [1, 2] })).code).toBe('RULE_ARITY');
  });
});

describe('round', () => {
  it('rounds half away from zero on decimal digits', () => {
    const cases: Array<[number, number, number]> = [
      [1.005, 2, 1.01], [2.675, 2, 2.68], [-2.5, 0, -3], [2.5, 0, 3], [0.5, 0, 1], [-0.5, 0, -1],
      [1.45, 1, 1.5], [-1.45, 1, -1.5], [1.44999, 1, 1.4], [0.125, 2, 0.13], [1234.5, -2, 1200],
      [1250, -2, 1300], [9.995, 2, 10], [99.5, 0, 100], [0.005, 2, 0.01], [0.004, 2, 0], [5e-7, 6, 0.000001],
      [1e-7, 2, 0], [123.456, 5, 123.456], [1e21, 2, 1e21], [-0.4, 0, 0], [0.1 + 0.2, 2, 0.3],
      [8.345, 2, 8.35], [1.0049999999999999, 2, 1.01 /* the same double as 1.005 */], [1.00499, 2, 1],
    ];
    for (const [x, n, want] of cases) expect(run({ round: [x, n] }), `round(${x}, ${n})`).toBe(want);
  });
  it('defaults to 0 decimals, never returns -0, passes NaN and Infinity through', () => {
    expect(run({ round: [2.4] })).toBe(2);
    expect(Object.is(run({ round: [-0.2] }), 0)).toBe(true);
    expect(run({ round: [NaN] })).toBeNaN();
    expect(run({ round: [-Infinity, 2] })).toBe(-Infinity);
    expect(run({ round: [{ var: 'x' }, 1] }, { x: '3.14159' })).toBe(3.1);
  });
  it('checks the number of decimals', () => {
    const e = ruleErrorOf(() => engine.compile({ round: [1, 1.5] }));
    expect([e.code, e.pointer]).toEqual(['RULE_BAD_ARGUMENT', '/round/1']);
    expect(ruleErrorOf(() => engine.compile({ round: [1, 16] })).code).toBe('RULE_BAD_ARGUMENT');
    expect(ruleErrorOf(() => run({ round: [1, { var: 'n' }] }, { n: 'x' })).code).toBe('RULE_RUNTIME');
    expect(run({ round: [1.25, { var: 'n' }] }, { n: 1 })).toBe(1.3);
    expect(ruleErrorOf(() => engine.compile({ round: [] })).code).toBe('RULE_ARITY');
  });
});

describe('streak', () => {
  const below = { streak: [{ var: 'weeks' }, { '<': [{ var: '' }, 0.7] }] };
  it('counts the trailing run of items that satisfy the condition', () => {
    expect(run(below, { weeks: [0.9, 0.6, 0.8, 0.65, 0.5] })).toBe(2);
    expect(run(below, { weeks: [0.5, 0.6, 0.69] })).toBe(3);
    expect(run(below, { weeks: [0.5, 0.6, 0.7] })).toBe(0);
    expect(run(below, { weeks: [] })).toBe(0);
    expect(run(below, { weeks: 'x' })).toBe(0);
    expect(run(below, {})).toBe(0);
  });
  it('evaluates the condition in the item scope, with truthiness', () => {
    expect(run({ streak: [{ var: 'rows' }, { var: 'late' }] }, { rows: [{ late: true }, { late: false }, { late: 1 }, { late: 'y' }] })).toBe(2);
    expect(run({ streak: [[[], [1], [2]], { var: '' }] })).toBe(2);
  });
  it('escalates: two or more weeks below 70% is level 3', () => {
    const level = { if: [{ '>=': [below, 2] }, 3, 0] };
    expect(run(level, { weeks: [0.8, 0.69, 0.5] })).toBe(3);
    expect(run(level, { weeks: [0.5, 0.69, 0.75] })).toBe(0);
  });
  it('requires two arguments', () => {
    expect(ruleErrorOf(() => engine.compile({ streak: [[1]] })).code).toBe('RULE_ARITY');
  });
});

describe('param', () => {
  const params = { light: { green: 0.9, yellow: 0.7 }, weights: [0.4, 0.6], zero: 0, none: null };
  it('reads constants by dotted path at compile time', () => {
    expect(engine.apply({ param: 'light.green' }, {}, { params })).toBe(0.9);
    expect(engine.apply({ param: 'weights.1' }, {}, { params })).toBe(0.6);
    expect(engine.apply({ param: 'zero' }, {}, { params })).toBe(0);
    expect(engine.apply({ param: 'none' }, {}, { params })).toBeNull();
    const light = engine.compile({ if: [{ '>=': [{ var: 'r' }, { param: 'light.green' }] }, 'green', 'red'] }, { params });
    expect([light({ r: 0.95 }), light({ r: 0.5 })]).toEqual(['green', 'red']);
  });
  it('refuses unknown paths, missing params and inherited properties, with the pointer', () => {
    const e = ruleErrorOf(() => engine.compile({ '+': [1, { param: 'light.red' }] }, { params, pointer: '/rules/0' }));
    expect([e.code, e.pointer]).toEqual(['RULE_UNKNOWN_PARAM', '/rules/0/+/1']);
    expect(e.messages.en).toContain('light.red');
    expect(ruleErrorOf(() => engine.compile({ param: 'light.green' })).code).toBe('RULE_UNKNOWN_PARAM');
    expect(ruleErrorOf(() => engine.compile({ param: 'constructor' }, { params })).code).toBe('RULE_UNKNOWN_PARAM');
    expect(ruleErrorOf(() => engine.compile({ param: 'light.toString' }, { params })).code).toBe('RULE_UNKNOWN_PARAM');
  });
  it('takes one literal path', () => {
    expect(ruleErrorOf(() => engine.compile({ param: { var: 'p' } }, { params })).code).toBe('RULE_BAD_ARGUMENT');
    expect(ruleErrorOf(() => engine.compile({ param: [] }, { params })).code).toBe('RULE_ARITY');
  });
});

describe('sum and avg', () => {
  it('add items the way + does', () => {
    expect(run({ sum: [{ var: 'w' }] }, { w: [1, 2, 3.5] })).toBe(6.5);
    expect(run({ sum: [['1', '2abc', 3]] })).toBe(6);
    expect(run({ sum: [{ var: 'w' }] }, {})).toBe(0);
    expect(run({ avg: [[1, 2, 3, 4]] })).toBe(2.5);
    expect(run({ avg: [[]] })).toBeNull();
    expect(run({ avg: 5 })).toBeNull();
  });
});
