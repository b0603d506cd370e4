/** The phasing's allocation-free split and cascade give the general ones' numbers bit for bit. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cascade, splitByLargestRemainder } from '../../plugin/index.js';
import { cascadeFlat, splitInto } from '../../plugin/phasing/cascade.js';

const weight = fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom(0, 1e-250, 1e250));

describe('splitInto and cascadeFlat', () => {
  it('splitInto writes what splitByLargestRemainder returns, at any offset', () => {
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e15 }), fc.array(weight, { minLength: 1, maxLength: 40 }), fc.nat(3), (total, weights, pad) => {
      const padded = [...Array.from({ length: pad }, () => 7), ...weights];
      const out: number[] = Array.from({ length: pad + weights.length }, () => -1);
      splitInto(total, padded, pad, weights.length, out, pad);
      expect(out.slice(pad)).toEqual(splitByLargestRemainder(total, weights));
    }), { numRuns: 2000 });
  });

  it('cascadeFlat fills the same cells as cascade, in flat rows at any offset and stride', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 12 }), fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 6 }), (rows, colWeights) => {
      const total = rows.reduce((a, b) => a + b, 0);
      const cols = colWeights.some((w) => w > 0) ? splitByLargestRemainder(total, colWeights) : [total, ...colWeights.slice(1)];
      // rows of cols.length + 3 cells, the first row at 2, each row's cells from its third
      const stride = cols.length + 3;
      const out = new Float64Array(2 + rows.length * stride);
      cascadeFlat([...rows, 99], rows.length, [5, ...cols], 1, cols.length + 1, out, 4, stride);
      const cells = rows.map((_, r) => Array.from(out.subarray(4 + r * stride, 4 + r * stride + cols.length)));
      expect(cells).toEqual(cascade(rows, cols));
      expect(out.subarray(0, 4).every((x) => x === 0)).toBe(true);
    }), { numRuns: 1000 });
  });
});
