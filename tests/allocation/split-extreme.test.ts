/**
 * Issue 20, item 6: splitting terminates, exactly, whatever the weights. Weights of 1e300 (which
 * `validate` accepted for product lines) overflowed total × weight to Infinity and the
 * largest-remainder loop never returned; these properties time out on that code.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitTable, MAX_FEN, splitByProductLine, buildOrgTree } from '../../plugin/index.js';
import { splitWithinBands, type SplitChild } from '../../plugin/allocation/split.js';

const extremeWeight = fc.oneof(
  fc.constantFrom(0, Number.MIN_VALUE, 1e-300, 1e-12, 1, 1e12, 1e300, Number.MAX_VALUE),
  fc.double({ min: 0, max: Number.MAX_VALUE, noNaN: true, noDefaultInfinity: true }),
);
const amount = fc.integer({ min: 0, max: MAX_FEN });

describe('splitting with extreme weights', () => {
  it('splitWithinBands returns, sums exactly and never goes negative', () => {
    const child: fc.Arbitrary<SplitChild> = fc.record({
      weight: extremeWeight,
      band: fc.option(fc.tuple(amount, fc.integer({ min: 0, max: MAX_FEN })).map(([a, w]) => ({ min: Math.min(a, MAX_FEN - w), max: Math.min(a, MAX_FEN - w) + w })), { nil: null }),
    });
    fc.assert(fc.property(amount, fc.array(child, { minLength: 1, maxLength: 12 }), (total, children) => {
      const r = splitWithinBands(total, children);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.amounts.reduce((a, b) => a + b, 0)).toBe(total);
      expect(r.amounts.every((x) => Number.isSafeInteger(x) && x >= 0)).toBe(true);
    }), { seed: 31, numRuns: 1500 });
  }, 30_000);

  it('fitTable (product lines by child) returns with both margins exact', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 }), fc.array(extremeWeight, { minLength: 20, maxLength: 20 }), fc.array(fc.integer({ min: 0, max: Math.floor(MAX_FEN / 10) }), { minLength: 9, maxLength: 9 }),
      (n, k, flat, seeds) => {
        const rows = seeds.slice(0, n);
        const total = rows.reduce((a, b) => a + b, 0);
        // the column totals: the same total split evenly-ish over the lines
        const cols = Array.from({ length: k }, (_, j) => Math.floor(total / k) + (j < total % k ? 1 : 0));
        const prior = Array.from({ length: n }, (_, i) => flat.slice(i * 4, i * 4 + k));
        const t = fitTable(rows, cols, prior);
        t.forEach((r, i) => expect(r.reduce((a, b) => a + b, 0)).toBe(rows[i]));
        cols.forEach((c, j) => expect(t.reduce((a, r) => a + (r[j] as number), 0)).toBe(c));
        expect(t.flat().every((x) => Number.isSafeInteger(x) && x >= 0)).toBe(true);
      }), { seed: 37, numRuns: 500 });
  }, 30_000);

  it('a unit\'s target splits over lines weighted 1e300 exactly', () => {
    const tree = buildOrgTree([{ id: 'co', parentId: null, name: '公司' }]);
    if (!tree.ok) throw new Error('tree');
    const lines = [1e300, 1e300, Number.MAX_VALUE].map((weight, i) => ({ id: `l${i}`, name: { zh: `线${i}`, en: `line ${i}` }, weight, stage: 'mature' as const }));
    const split = splitByProductLine(tree.tree, new Map([['co', { base: MAX_FEN, stretch: MAX_FEN }]]), { lines, units: {} });
    const parts = [...split.get('co')!.values()];
    expect(parts.reduce((a, p) => a + p.base, 0)).toBe(MAX_FEN);
  });
});
