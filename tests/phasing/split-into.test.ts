/** The phasing's allocation-free split and cascade give the general ones' numbers bit for bit. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cascade, splitByLargestRemainder } from '../../plugin/index.js';
import { cascadeInto, splitInto } from '../../plugin/phasing/cascade.js';

const weight = fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom(0, 1e-250, 1e250));

describe('splitInto and cascadeInto', () => {
  it('splitInto writes what splitByLargestRemainder returns, at any offset', () => {
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e15 }), fc.array(weight, { minLength: 1, maxLength: 40 }), fc.nat(3), (total, weights, pad) => {
      const padded = [...Array.from({ length: pad }, () => 7), ...weights];
      const out: number[] = Array.from({ length: pad + weights.length }, () => -1);
      splitInto(total, padded, pad, weights.length, out, pad);
      expect(out.slice(pad)).toEqual(splitByLargestRemainder(total, weights));
    }), { numRuns: 2000 });
  });

  it('cascadeInto fills the same cells as cascade', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 12 }), fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 6 }), (rows, colWeights) => {
      const total = rows.reduce((a, b) => a + b, 0);
      const cols = colWeights.some((w) => w > 0) ? splitByLargestRemainder(total, colWeights) : [total, ...colWeights.slice(1)];
      const out = rows.map(() => new Array<number>(cols.length + 2).fill(0));
      cascadeInto(rows.slice(), [5, ...cols], 1, cols.length + 1, out, 2);
      expect(out.map((r) => r.slice(2))).toEqual(cascade(rows, cols));
    }), { numRuns: 1000 });
  });
});
