/**
 * The exact decisions' fast path (plugin/rules/exact.ts): a comparison or a rounding over
 * arithmetic is decided on the doubles when they are farther from the boundary than their
 * error bound, and on BigInt fractions inside it. Both must always agree: checked here on
 * random fen amounts and thresholds, on and next to the boundaries (a rate of exactly 0.8,
 * 0.8 ± 1 fen, exact halves and ± 1 fen), huge figures and negatives, for the shapes the
 * bundle's rules take (a quotient against a threshold, a difference, a sum, a product).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareExact, compareOnFractions, decimalOf, difference, leaf, product, quotient, roundExact, roundFraction, roundNumberFast,
  roundOnFractions, sum, type Exact,
} from '../../plugin/rules/exact.js';
import { roundHalfAway } from '../../plugin/rules/domain/round.js';
import { createEngine } from '../../plugin/rules/index.js';

const engine = createEngine();

const yuan = (fen: bigint): number => Number(fen) / 100;
const div = (a: Exact, b: Exact) => quotient(a, b, (a.v as number) / (b.v as number));
const minus = (a: Exact, b: Exact) => difference(a, b, (a.v as number) - (b.v as number));
const plus = (...xs: Exact[]) => sum(xs, xs.reduce((s, x) => s + (x.v as number), 0));
const times = (a: Exact, b: Exact) => product([a, b], (a.v as number) * (b.v as number));

/** Fen from everyday to past 2^53 (where yuan stop being exact decimals of two places), either sign. */
const fen = fc.oneof(
  fc.bigInt({ min: -(10n ** 7n), max: 10n ** 7n }),
  fc.bigInt({ min: -(10n ** 14n), max: 10n ** 14n }),
  fc.bigInt({ min: -(10n ** 22n), max: 10n ** 22n }),
);
const positiveFen = fc.oneof(fc.bigInt({ min: 1n, max: 10n ** 7n }), fc.bigInt({ min: 1n, max: 10n ** 14n }), fc.bigInt({ min: 1n, max: 10n ** 20n }));
/** A threshold k / 10^4: 0.8, 0.6, 1.15... */
const threshold = fc.oneof(fc.constantFrom(8000n, 6000n, 9000n, 7000n), fc.bigInt({ min: -20_000n, max: 20_000n }));

/** An actual a against a target t and a threshold x = k/10^4: anywhere, exactly on a / t = x, or 1 fen either side. */
const lightCase = fc.tuple(positiveFen, threshold, fc.constantFrom('any', 'on', 'near'), fen, fc.bigInt({ min: -1n, max: 1n }))
  .map(([t0, k, where, any, delta]) => {
    // a target in whole hundreds of yuan (10^4 fen) puts k·t / 10^4 on a fen
    const t = where === 'any' ? t0 : t0 * 10_000n;
    const on = (k * t) / 10_000n;
    return { a: where === 'any' ? any : on + (where === 'near' ? delta : 0n), t, k };
  });

describe('the exact fast path agrees with the fractions', () => {
  it('a quotient of fen against a threshold, on, next to and far from it', () => {
    let onBoundary = 0;
    fc.assert(fc.property(lightCase, ({ a, t, k }) => {
      const rate = div(leaf(yuan(a)), leaf(yuan(t)));
      const x = leaf(Number(k) / 10_000);
      const fast = compareExact(rate, x);
      // the exact rationals themselves, from the doubles the rule sees
      const expected = compareOnFractions(div(leaf(yuan(a)), leaf(yuan(t))), leaf(Number(k) / 10_000));
      expect(fast).toBe(expected);
      expect(compareExact(x, rate)).toBe(0 - expected);
      if (expected === 0) onBoundary++;
    }), { numRuns: 4000, seed: 21 });
    expect(onBoundary).toBeGreaterThan(200); // the boundary itself was tried, not just its neighbourhood
  });

  it('0.8 exactly and ± 1 fen: the doubles would say otherwise, the decision does not', () => {
    // 12,283,001.20 / 15,353,751.50 is exactly 0.8; in doubles the quotient is 0.7999999999999999
    const cases: Array<[number, number, number, number]> = [
      [12_283_001.2, 15_353_751.5, 0.8, 0], [12_283_001.19, 15_353_751.5, 0.8, -1], [12_283_001.21, 15_353_751.5, 0.8, 1],
      [90_000.9, 100_001, 0.9, 0], [-80, -100, 0.8, 0], [-80.01, -100, 0.8, 1], [8e19, 1e20, 0.8, 0], [8.000000000000001e19, 1e20, 0.8, 1],
    ];
    for (const [a, t, x, sign] of cases) expect(compareExact(div(leaf(a), leaf(t)), leaf(x)), `${a} / ${t} vs ${x}`).toBe(sign);
    // what the doubles alone say on two of them
    expect(90_000.9 / 100_001 >= 0.9).toBe(false);
    expect(12_283_001.2 / 15_353_751.5 < 0.8).toBe(true);
  });

  it('builds no fraction far from a boundary, and one inside the band', () => {
    const far = div(leaf(700), leaf(1000));
    expect(compareExact(far, leaf(0.8))).toBe(-1);
    expect(far.q).toBeUndefined();
    const on = div(leaf(12_283_001.2), leaf(15_353_751.5));
    expect(compareExact(on, leaf(0.8))).toBe(0);
    expect(on.q).not.toBeUndefined();
    const rounded = div(leaf(123.45), leaf(1000));
    expect(roundExact(rounded, 2)).toBe(0.12);
    expect(rounded.q).toBeUndefined();
  });

  it('differences, sums and products against a decimal, on and off the boundary', () => {
    const small = fc.integer({ min: -100_000, max: 100_000 }).map((k) => k / 100);
    fc.assert(fc.property(small, small, small, fc.integer({ min: -3, max: 3 }), (p, q, r, shift) => {
      // pace: completion vs elapsed − tolerance; sums and products of yuan against what they exactly make
      const target = (p * 100 - q * 100 + shift) / 100;
      const shapes: Array<[Exact, Exact]> = [
        [leaf(p), minus(leaf(q), leaf(r))],
        [minus(leaf(p), leaf(q)), leaf(target)],
        [plus(leaf(p), leaf(q), leaf(r)), leaf((p * 100 + q * 100 + r * 100 + shift) / 100)],
        [times(leaf(p), leaf(0.9)), leaf(Math.round(p * 90 + shift) / 100)],
        [div(minus(leaf(p), leaf(q)), leaf(r === 0 ? 1 : r)), leaf(shift / 4)],
      ];
      for (const [x, y] of shapes) expect(compareExact(x, y)).toBe(compareOnFractions(x, y));
    }), { numRuns: 3000, seed: 21 });
  });

  it('round of a quotient, exact halves and 1 fen either side included', () => {
    // (2j + 1) / (2·10^d) is a half at d places: a = (2j + 1)·s and t = 2·10^d·s in fen
    const half = fc.tuple(fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }), fc.integer({ min: 0, max: 4 }), fc.bigInt({ min: 1n, max: 10n ** 6n }), fc.bigInt({ min: -1n, max: 1n }))
      .map(([j, d, s, delta]) => ({ a: (2n * j + 1n) * s + delta, t: 2n * 10n ** BigInt(d) * s, d }));
    const any = fc.tuple(fen, positiveFen, fc.integer({ min: -2, max: 6 })).map(([a, t, d]) => ({ a, t, d }));
    let halves = 0;
    fc.assert(fc.property(fc.oneof(half, any), ({ a, t, d }) => {
      const x = div(leaf(yuan(a)), leaf(yuan(t)));
      const exact = roundOnFractions(div(leaf(yuan(a)), leaf(yuan(t))), d);
      expect(Object.is(roundExact(x, d), exact)).toBe(true);
      const q = x.q ?? null;
      if (q && (2n * q.n * 10n ** BigInt(Math.max(d, 0))) % q.d === 0n && (q.n * 10n ** BigInt(Math.max(d, 0))) % q.d !== 0n) halves++;
    }), { numRuns: 4000, seed: 21 });
    expect(halves).toBeGreaterThan(100);
  });

  it('round of a plain number: the double decides as the digits do', () => {
    const numbers = fc.oneof(
      fc.integer({ min: -1e9, max: 1e9 }).map((k) => k / 1000),
      fc.tuple(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: 0, max: 5 })).map(([k, d]) => (k + 0.5) / 10 ** d),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
    );
    fc.assert(fc.property(numbers, fc.integer({ min: -15, max: 15 }), (x, d) => {
      const fast = roundNumberFast(x, d);
      const digits = roundHalfAway(x, d);
      if (fast !== undefined) expect(Object.is(fast, digits) || (fast === 0 && digits === 0)).toBe(true);
      expect(roundFraction(decimalOf(x)!, d) === digits).toBe(true);
    }), { numRuns: 4000, seed: 21 });
    expect(roundNumberFast(2.675, 2)).toBeUndefined(); // a half as written: the digits decide (2.68)
    expect(roundNumberFast(1.2345, 2)).toBe(1.23);
  });

  it('tiny, subnormal and overflowing doubles go to the fractions', () => {
    const tiny = div(leaf(1e-300), leaf(1e20));
    expect(compareExact(tiny, leaf(1e-320))).toBe(compareOnFractions(tiny, leaf(1e-320)));
    const huge = times(leaf(1e300), leaf(1e300)); // Infinity as a double, a finite exact value
    expect(compareExact(huge, leaf(1e308))).toBe(1);
    expect(compareExact(leaf(5e-324), leaf(0))).toBe(1);
    const cancel = minus(plus(leaf(0.1), leaf(0.2)), leaf(0.3)); // exactly 0; the double is 5.55e-17
    expect(compareExact(cancel, leaf(0))).toBe(0);
    expect(quotient(leaf(1), cancel, 1 / (cancel.v as number)).e).toBeNaN(); // divided by an exact 0: no exact value
  });

  it('a product whose running double overflowed before a 0, or went subnormal before a large factor', () => {
    const timesAll = (...xs: number[]) => product(xs.map(leaf), xs.reduce((p, x) => p * x));
    // 1e200·1e200·0 is NaN as a double, exactly 0: below 1, not "equal" to it
    expect(compareExact(timesAll(1e200, 1e200, 0), leaf(1))).toBe(-1);
    // 1e-160·1e-160 is a subnormal that lost digits; ·1e300 brings it back 1e-5 below the exact 1e-20
    expect(compareExact(timesAll(1e-160, 1e-160, 1e300), leaf(1e-20))).toBe(0);
    expect(roundExact(timesAll(1e-160, 1e-160, 1e300, 1.5e20), 0)).toBe(2);
    // the rule: round over a quotient by that NaN product ran into a missing fraction and threw
    expect(engine.apply({ round: [{ '/': [1, { '*': [1e200, 1e200, 0] }] }, 2] })).toBeNaN();
    expect(engine.apply({ '>': [{ round: [270583584.34, -6] }, { '*': [1e200, 1e200, 0] }] })).toBe(true);
  });
});
