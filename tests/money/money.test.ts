import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fenToYuan, formatYuan, parseYuan, splitByLargestRemainder } from '../../plugin/index.js';

describe('yuan and fen', () => {
  it.each([
    ['1200', 120000], ['1200.5', 120050], ['1200.05', 120005], [' -3.1 ', -310], [0.1, 10], [8000000, 800000000], ['+7', 700],
  ])('parses %j', (input, fen) => {
    expect(parseYuan(input)).toBe(fen);
  });

  it.each(['1,200', '1.234', '1e3', '', 'abc', null, NaN, Infinity, 1e21, '¥5'])('refuses %j', (input) => {
    expect(parseYuan(input)).toBeNull();
  });

  it('prints fen back as yuan exactly', () => {
    fc.assert(fc.property(fc.integer({ min: -1e13, max: 1e13 }), (fen) => {
      expect(parseYuan(formatYuan(fen))).toBe(fen);
      expect(parseYuan(fenToYuan(fen))).toBe(fen);
    }), { seed: 7, numRuns: 2000 });
  });
});

describe('largest-remainder split', () => {
  it('gives the leftover fen to the largest remainders, ties to the lower index', () => {
    expect(splitByLargestRemainder(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(splitByLargestRemainder(10, [0.3, 0.3, 0.4])).toEqual([3, 3, 4]);
    expect(splitByLargestRemainder(5, [0, 0])).toEqual([3, 2]);
    expect(splitByLargestRemainder(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
  });

  it('always sums exactly to the total, with no negative part, deterministically', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 9e14 }),
      fc.array(fc.double({ min: 0, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 40 }),
      (total, weights) => {
        const parts = splitByLargestRemainder(total, weights);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        expect(parts.every((p) => Number.isSafeInteger(p) && p >= 0)).toBe(true);
        expect(splitByLargestRemainder(total, weights)).toEqual(parts);
        const sum = weights.reduce((a, b) => a + b, 0);
        if (sum > 0) weights.forEach((w, i) => expect(Math.abs((parts[i] as number) - (total * w) / sum)).toBeLessThanOrEqual(1 + total * 1e-12));
      }), { seed: 11, numRuns: 1000 });
  });

  it('refuses negative or non-finite weights', () => {
    expect(() => splitByLargestRemainder(10, [1, -1])).toThrow(RangeError);
    expect(() => splitByLargestRemainder(10, [NaN])).toThrow(RangeError);
    expect(() => splitByLargestRemainder(10, [])).toThrow(RangeError);
  });
});
