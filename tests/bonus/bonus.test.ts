import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bundleSubset, createBonusSimulator, loadBundle, type BonusSimulator, type LoadedBundle } from '../../plugin/index.js';
import { defaultBundleFiles } from '../support/default-bundle.js';
import { defaultBundle } from '../tracking/support.js';

const whole = defaultBundle();
// The simulator's own part of the default bundle (its template, rules and parameters, as
// bundleSubset carves it for a host): the property loads a bundle per random parameter set, and
// the whole one, datasets and all, cost four to five times as much for the same rules.
const bonusPart = bundleSubset(whole, ['bonus-simulator']);

function withBonus(bonus: Record<string, number>): LoadedBundle {
  const files = structuredClone(bonusPart) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  files['parameters/bonus.json'].parameters.bonus = bonus;
  const r = loadBundle(files);
  if (!r.ok) throw new Error(JSON.stringify(r.problems, null, 2));
  return r.bundle;
}

function simulatorOf(bonus?: Record<string, number>): BonusSimulator {
  const s = createBonusSimulator(bonus ? withBonus(bonus) : whole);
  if (!s.ok) throw new Error(JSON.stringify(s.problems));
  return s.simulator;
}
const sim = simulatorOf();
const Y = 100; // fen per yuan

describe('bonus simulator', () => {
  it('pays nothing below Base, the base bonus at Base, the accelerator, the extra and the cap', () => {
    const at = (result: number) => {
      const r = sim.simulate({ base: 800_000 * Y, stretch: 1_200_000 * Y, result: result * Y });
      if (!r.ok) throw new Error(r.problem.message.en);
      return r.result;
    };
    expect(at(799_999.99).bonus).toBe(0);
    expect(at(799_999.99).branch).toBe('below-base');
    expect(at(800_000).bonus).toBe(10_000 * Y);
    const mid = at(1_000_000);
    expect(mid.parts.map((p) => [p.part, p.amount])).toEqual([['base', 10_000 * Y], ['accelerator', 6_000 * Y], ['extra', 0]]);
    expect(mid.bonus).toBe(16_000 * Y);
    expect(mid.explanation.en).toBe('10,000 + 6,000 + 0 = 16,000');
    const above = at(1_300_000);
    expect(above.branch).toBe('above-stretch');
    expect(above.parts.map((p) => p.amount)).toEqual([10_000 * Y, 12_000 * Y, 5_000 * Y]);
    const huge = at(5_000_000);
    expect(huge).toMatchObject({ capped: true, bonus: 60_000 * Y, cap: 60_000 * Y });
    expect(huge.explanation.zh).toContain('按上限发放');
  });

  it('gives the bonus range of a range of expected results', () => {
    const r = sim.simulateRange(800_000 * Y, 1_200_000 * Y, 700_000 * Y, 1_300_000 * Y, 6);
    if (!r.ok) throw new Error('range');
    expect(r.range.from.bonus).toBe(0);
    expect(r.range.to.bonus).toBe(27_000 * Y);
    expect(r.range.points.map((p) => p.result / Y)).toEqual([700_000, 800_000, 900_000, 1_000_000, 1_100_000, 1_200_000, 1_300_000]);
  });

  it('refuses Stretch below Base and negative rates', () => {
    expect(sim.simulate({ base: 100, stretch: 50, result: 100 })).toMatchObject({ ok: false, problem: { code: 'BONUS_STRETCH_BELOW_BASE' } });
    const files = defaultBundleFiles() as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    files['parameters/bonus.json'].parameters.bonus.extraRate = -0.01;
    const r = loadBundle(files);
    expect(!r.ok && r.problems[0]).toMatchObject({ code: 'PARAM_INVALID', pointer: '/parameters/bonus/extraRate' });
  });

  it('property: more result never pays less, for any valid parameters and targets; the total is the capped sum of the parts', () => {
    const params = fc.record({
      baseBonus: fc.integer({ min: 0, max: 50_000 }),
      acceleratorRate: fc.integer({ min: 0, max: 200 }).map((x) => x / 1000),
      extraRate: fc.integer({ min: 0, max: 200 }).map((x) => x / 1000),
      cap: fc.integer({ min: 0, max: 200_000 }),
    });
    fc.assert(fc.property(params, fc.integer({ min: 0, max: 2_000_000_00 }), fc.integer({ min: 0, max: 1_000_000_00 }),
      fc.array(fc.integer({ min: 0, max: 4_000_000_00 }), { minLength: 2, maxLength: 12 }),
      (p, base, extra, results) => {
        const s = simulatorOf(p);
        const sorted = [...results].sort((a, b) => a - b);
        let previous = -1;
        for (const result of sorted) {
          const r = s.simulate({ base, stretch: base + extra, result });
          if (!r.ok) throw new Error(r.problem.message.en);
          expect(r.result.bonus).toBeGreaterThanOrEqual(previous);
          expect(r.result.bonus).toBe(Math.min(r.result.uncapped, Math.round(p.cap * 100)));
          previous = r.result.bonus;
        }
      }), { seed: 21, numRuns: 150 });
  });
});
