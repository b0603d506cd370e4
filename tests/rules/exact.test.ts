/**
 * The engine's one deliberate deviation from json-logic-js (plugin/rules/exact.ts): ordering
 * comparisons over arithmetic, and `round` over it, decide on the exact decimals. Checked
 * against BigInt arithmetic on random amounts in fen, with json-logic-js shown to get some of
 * them wrong (so this test can fail).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../plugin/rules/index.js';
import { jsonLogic } from './reference.js';

const engine = createEngine();
const binary = createEngine({ exactComparisons: false });
const yuan = (fen: bigint) => Number(fen) / 100;

describe('exact comparisons', () => {
  it('decides the issue cases exactly, where binary doubles do not', () => {
    const rule = { '>=': [{ '/': [{ var: 'actual' }, { var: 'target' }] }, 0.9] };
    for (const data of [{ actual: 1_215_916.92, target: 1_351_018.80 }, { actual: 90_000.90, target: 100_001 }]) {
      expect(engine.apply(rule, data)).toBe(true);
      expect(jsonLogic.apply(rule, data)).toBe(false);
      expect(binary.apply(rule, data)).toBe(false);
    }
    // pace: 35% done at 40% of the time is not behind by more than 5 points (0.4 - 0.05 is
    // 0.35000000000000003 in doubles), 40% at 35% not ahead (0.35 + 0.05 is 0.39999999999999997)
    const behind = { '<': [{ var: 'completion' }, { '-': [{ var: 'elapsed' }, 0.05] }] };
    const ahead = { '>': [{ var: 'completion' }, { '+': [{ var: 'elapsed' }, 0.05] }] };
    expect(engine.apply(behind, { completion: 0.35, elapsed: 0.4 })).toBe(false);
    expect(jsonLogic.apply(behind, { completion: 0.35, elapsed: 0.4 })).toBe(true);
    expect(engine.apply(ahead, { completion: 0.4, elapsed: 0.35 })).toBe(false);
    expect(jsonLogic.apply(ahead, { completion: 0.4, elapsed: 0.35 })).toBe(true);
    expect(engine.apply({ '>': [{ '+': [0.1, 0.2] }, 0.3] })).toBe(false);
    expect(engine.apply({ '<=': [{ '*': [{ var: 'base' }, 0.9] }, { var: 'x' }, { '*': [{ var: 'base' }, 1.1] }] }, { base: 3, x: 2.7 })).toBe(true);
  });

  it('keeps json-logic-js where nothing is exact: text, null, division by zero, NaN', () => {
    const cases: Array<[unknown, unknown]> = [
      [{ '>': [{ '/': ['9', 10] }, 0.8] }, {}],
      [{ '>': [{ '/': [1, 0] }, 5] }, {}],
      [{ '<': [{ '/': [0, 0] }, 5] }, {}],
      [{ '<': [{ '-': [{ var: 'x' }] }, 0] }, { x: 2 }],
      [{ '>=': [{ '+': [null, 'abc'] }, 0] }, {}],
      [{ '<': [{ '*': ['7'] }, 8] }, {}],
      [{ '<': [1, { '/': [3, 2] }, { var: 'missing' }] }, {}],
      [{ '/': [90_000.9, 100_001] }, {}],
    ];
    for (const [logic, data] of cases) expect(engine.apply(logic, data), JSON.stringify(logic)).toEqual(jsonLogic.apply(logic, data));
  });

  it('a quotient of fen amounts against a decimal threshold matches BigInt, for every operator', () => {
    let binaryWrong = 0;
    const ops = ['<', '<=', '>', '>='] as const;
    const rules = Object.fromEntries(ops.map((op) => [op, engine.compile({ [op]: [{ '/': [{ var: 'a' }, { var: 't' }] }, { var: 'x' }] })]));
    const target = fc.bigInt({ min: 1n, max: 10n ** 12n });
    // anywhere, near the boundary, or on it (a target in whole hundreds of yuan puts k·t/10000 on a fen)
    const input = fc.tuple(target, fc.integer({ min: 0, max: 20_000 }), fc.bigInt({ min: -2n, max: 2n }), fc.constantFrom('any', 'near', 'on'))
      .map(([t0, k, delta, where]) => {
        const t = where === 'on' ? (t0 % 10n ** 7n + 1n) * 10_000n : t0;
        const at = (BigInt(k) * t) / 10_000n;
        return { t, k: BigInt(k), a: where === 'any' ? (t * BigInt((k * 7) % 20_000)) / 10_000n : where === 'near' ? at + delta : at };
      })
      .filter(({ a }) => a >= 0n);
    fc.assert(fc.property(input, fc.constantFrom(...ops), ({ a, t, k }, op) => {
      // a / t against k / 10000: a·10000 vs k·t
      const l = a * 10_000n, r = k * t;
      const expected = op === '<' ? l < r : op === '<=' ? l <= r : op === '>' ? l > r : l >= r;
      const data = { a: yuan(a), t: yuan(t), x: Number(k) / 10_000 };
      expect(rules[op]!(data)).toBe(expected);
      if (jsonLogic.apply({ [op]: [{ '/': [{ var: 'a' }, { var: 't' }] }, { var: 'x' }] }, data) !== expected) binaryWrong++;
    }), { numRuns: 5000, seed: 16 });
    expect(binaryWrong).toBeGreaterThan(0); // what json-logic-js's doubles get wrong at the boundaries
  });

  it('round of a quotient rounds the exact value half away from zero', () => {
    const rule = engine.compile({ round: [{ ratio: [{ var: 'a' }, { var: 't' }, null] }, 4] });
    fc.assert(fc.property(fc.bigInt({ min: 1n, max: 10n ** 11n }), fc.bigInt({ min: 0n, max: 10n ** 11n }), (t, a) => {
      const k = (2n * a * 10_000n + t) / (2n * t); // half away, a and t >= 0
      expect(rule({ a: yuan(a), t: yuan(t) })).toBe(Number(k) / 10_000);
    }), { numRuns: 3000, seed: 16 });
    expect(engine.apply({ round: [{ '/': [{ var: 'a' }, { var: 't' }] }, 4] }, { a: 1.2345, t: 10 })).toBe(0.1235);
    expect(binary.apply({ round: [{ '/': [{ var: 'a' }, { var: 't' }] }, 4] }, { a: 1.2345, t: 10 })).toBe(0.1234);
  });
});
