import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitWithinBands, type SplitChild } from '../../plugin/index.js';
import { CLAMP_MAX, CLAMP_MIN, splitBandedInto, splitScratch } from '../../plugin/allocation/split.js';

const childArb: fc.Arbitrary<SplitChild> = fc
  .record({
    weight: fc.oneof(fc.constant(0), fc.double({ min: 0.001, max: 1000, noNaN: true })),
    min: fc.integer({ min: 0, max: 1_000_000 }),
    width: fc.integer({ min: 0, max: 500_000 }),
    banded: fc.boolean(),
    lock: fc.option(fc.integer({ min: 0, max: 300_000 }), { nil: undefined }),
    floor: fc.option(fc.integer({ min: 0, max: 300_000 }), { nil: undefined }),
    excluded: fc.boolean(),
  }, { requiredKeys: ['weight', 'min', 'width', 'banded', 'excluded'] })
  .map(({ weight, min, width, banded, lock, floor, excluded }) => {
    const c: SplitChild = { weight, band: banded ? { min, max: min + width } : null };
    if (lock !== undefined) c.lock = lock;
    if (floor !== undefined) c.floor = floor;
    if (excluded) c.excluded = true;
    return c;
  });

const params = { seed: 20260311, numRuns: 800 };

describe('splitWithinBands (property)', () => {
  it('sums exactly, never negative, locks kept, excluded zero, floors held; refusals only when fixed amounts exceed the total', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 20_000_000 }), fc.array(childArb, { minLength: 1, maxLength: 12 }), (total, children) => {
      const r = splitWithinBands(total, children);
      const lockSum = children.reduce((s, c) => s + (!c.excluded && c.lock !== undefined ? c.lock : 0), 0);
      const floorSum = children.reduce((s, c) => s + (!c.excluded && c.lock === undefined ? c.floor ?? 0 : 0), 0);
      const receivers = children.filter((c) => !c.excluded && c.lock === undefined).length;
      if (!r.ok) {
        expect(lockSum + floorSum > total || (receivers === 0 && lockSum !== total)).toBe(true);
        return;
      }
      expect(r.amounts.reduce((a, b) => a + b, 0)).toBe(total);
      children.forEach((c, i) => {
        const a = r.amounts[i]!;
        expect(Number.isSafeInteger(a) && a >= 0).toBe(true);
        if (c.excluded) expect(a).toBe(0);
        else if (c.lock !== undefined) expect(a).toBe(c.lock);
        else if (c.floor !== undefined) expect(a).toBeGreaterThanOrEqual(c.floor);
      });
    }), params);
  });

  it('respects every band whenever the bands can hold the total (and says when they cannot)', () => {
    fc.assert(fc.property(fc.array(childArb.map((c) => ({ weight: c.weight, band: c.band ?? { min: 1000, max: 5000 } })), { minLength: 1, maxLength: 12 }), fc.double({ min: -0.2, max: 1.2, noNaN: true }), (children, where) => {
      const lo = children.reduce((s, c) => s + c.band!.min, 0);
      const hi = children.reduce((s, c) => s + c.band!.max, 0);
      const total = Math.max(0, Math.round(lo + where * (hi - lo)));
      const r = splitWithinBands(total, children);
      if (!r.ok) throw new Error('refused');
      const feasible = total >= lo && total <= hi;
      expect(r.feasible).toBe(feasible);
      const inside = children.every((c, i) => r.amounts[i]! >= c.band!.min && r.amounts[i]! <= c.band!.max);
      if (feasible) expect(inside).toBe(true);
      else {
        // the excess (or shortfall) is spread: every child sits at or beyond the same edge
        expect(r.clamped.every((c) => c === (total > hi ? 'max' : 'min'))).toBe(true);
      }
    }), params);
  });

  it('raising one child\'s weight never lowers its share (and its amount by more than the 1 fen of rounding) when no band binds', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 10 }), fc.nat(), fc.double({ min: 0, max: 50, noNaN: true }), (total, weights, pick, raise) => {
      const k = pick % weights.length;
      const before = splitWithinBands(total, weights.map((weight) => ({ weight, band: null })));
      const raised = weights.map((w, i) => (i === k ? w + raise : w));
      const after = splitWithinBands(total, raised.map((weight) => ({ weight, band: null })));
      if (!before.ok || !after.ok) throw new Error('refused');
      expect(after.shares[k]!).toBeGreaterThanOrEqual(before.shares[k]! - 1e-12);
      expect(after.amounts[k]!).toBeGreaterThanOrEqual(before.amounts[k]! - 1);
    }), params);
  });

  it('is deterministic', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.array(childArb, { maxLength: 10 }), (total, children) => {
      expect(splitWithinBands(total, children)).toEqual(splitWithinBands(total, children));
    }), { seed: 7, numRuns: 200 });
  });
});

describe('splitWithinBands (worked cases)', () => {
  it('follows the weights inside the bands, then clamps and redistributes', () => {
    // weights 1:1:2 of 1000 fen would give 250/250/500; the third is capped at 400, its 100 moves to the others
    const r = splitWithinBands(1000, [
      { weight: 1, band: { min: 0, max: 1000 } },
      { weight: 1, band: { min: 0, max: 1000 } },
      { weight: 2, band: { min: 0, max: 400 } },
    ]);
    expect(r).toMatchObject({ ok: true, amounts: [300, 300, 400], clamped: [null, null, 'max'], feasible: true });
  });

  it('lifts a child to its band floor and takes it from the others', () => {
    const r = splitWithinBands(1000, [
      { weight: 1, band: { min: 300, max: 1000 } },
      { weight: 4, band: { min: 0, max: 1000 } },
      { weight: 5, band: { min: 0, max: 1000 } },
    ]);
    // 100/400/500 → first held at 300; 700 split 4:5 = 311.1/388.9 → 311/389
    expect(r).toMatchObject({ ok: true, amounts: [300, 311, 389], clamped: ['min', null, null] });
  });

  it('gives an excluded child nothing and keeps a locked one', () => {
    const r = splitWithinBands(1000, [
      { weight: 1, band: null, excluded: true },
      { weight: 1, band: null, lock: 100 },
      { weight: 1, band: null },
      { weight: 2, band: null },
    ]);
    expect(r).toMatchObject({ ok: true, amounts: [0, 100, 300, 600] });
  });

  it('refuses locks above the parent', () => {
    expect(splitWithinBands(100, [{ weight: 1, band: null, lock: 150 }, { weight: 1, band: null }])).toMatchObject({ ok: false, code: 'ALLOC_FIXED_EXCEEDS_PARENT' });
    expect(splitWithinBands(100, [{ weight: 1, band: null, excluded: true }])).toMatchObject({ ok: false, code: 'ALLOC_NO_RECEIVER' });
  });
});

describe('splitBandedInto: the plan\'s split of free, banded children in flat arrays', () => {
  it('gives, fen for fen, what splitWithinBands gives for the same children', () => {
    const kidArb = fc.record({
      weight: fc.oneof(fc.constant(0), fc.double({ min: 0.001, max: 1000, noNaN: true })),
      min: fc.integer({ min: 0, max: 1_000_000 }),
      width: fc.integer({ min: 0, max: 500_000 }),
    });
    fc.assert(fc.property(fc.integer({ min: 0, max: 40_000_000 }), fc.array(kidArb, { minLength: 1, maxLength: 40 }), (total, kids) => {
      const m = kids.length;
      const s = splitScratch(m);
      // the children sit at scattered places, as a parent's do in the org tree's order
      const places = Int32Array.from(kids.map((_, k) => 2 * k + 1));
      const minAt = new Float64Array(2 * m + 1);
      const maxAt = new Float64Array(2 * m + 1);
      kids.forEach((c, k) => { minAt[2 * k + 1] = c.min; maxAt[2 * k + 1] = c.min + c.width; s.weights[k] = c.weight; });
      const feasible = splitBandedInto(total, m, 0, places, minAt, maxAt, s);
      const ref = splitWithinBands(total, kids.map((c) => ({ weight: c.weight, band: { min: c.min, max: c.min + c.width } })));
      if (!ref.ok) throw new Error('free children always take the amount');
      expect(Array.from(s.amounts.subarray(0, m))).toEqual(ref.amounts);
      expect(Array.from(s.shares.subarray(0, m))).toEqual(ref.shares);
      expect(Array.from(s.clamped.subarray(0, m), (c) => (c === CLAMP_MAX ? 'max' : c === CLAMP_MIN ? 'min' : null))).toEqual(ref.clamped);
      expect(feasible).toBe(ref.feasible);
    }), { numRuns: 300 });
  });
});
