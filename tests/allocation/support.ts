/** Shared set-up of the allocation tests: the default bundle, and random companies for fast-check. */
import fc from 'fast-check';
import { loadBundle, type AllocationUnitInput, type BundleFiles, type LoadedBundle } from '../../plugin/index.js';
import { clone, defaultBundleFiles } from '../support/default-bundle.js';

export function bundleWith(edit?: (files: BundleFiles) => void): LoadedBundle {
  const files = clone(defaultBundleFiles());
  edit?.(files);
  const r = loadBundle(files);
  if (!r.ok) throw new Error(JSON.stringify(r.problems, null, 2));
  return r.bundle;
}

export const parametersOf = (files: BundleFiles) => (files['parameters/allocation.json'] as { parameters: Record<string, any> }).parameters;

export interface UnitSpec {
  last: number;
  rev12: number;
  market: number;
  tenure: number;
  fit: number;
  comp: number;
  isNew: boolean;
  correction: number;
}

export function unit(id: string, parentId: string | null, s: Partial<UnitSpec> = {}): AllocationUnitInput {
  const last = s.last ?? 100_000_00;
  return {
    id, parentId, name: id, revenue12m: s.rev12 ?? last * 2, lastRevenue: last, isNew: s.isNew ?? false, correction: s.correction ?? 0,
    record: {
      revenue_prev_12m: String((s.rev12 ?? last * 2) / 100), market_index: String(s.market ?? 60), new_city: 'false',
      tenure_months: String(s.tenure ?? 24), product_fit: String(s.fit ?? 70), competitor_share: String(s.comp ?? 30),
    },
  };
}

const spec: fc.Arbitrary<UnitSpec> = fc.record({
  last: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5_000_000_00 })),
  rev12: fc.integer({ min: 0, max: 10_000_000_00 }),
  market: fc.integer({ min: 0, max: 100 }),
  tenure: fc.integer({ min: 0, max: 60 }),
  fit: fc.integer({ min: 0, max: 100 }),
  comp: fc.integer({ min: 0, max: 100 }),
  isNew: fc.boolean(),
  correction: fc.integer({ min: -8, max: 8 }).map((x) => x / 100),
});

/** A random four-level company: 1-5 regions, 0-4 teams each, 0-5 reps per team. */
export const companyArb: fc.Arbitrary<AllocationUnitInput[]> = fc
  .array(fc.tuple(spec, fc.array(fc.tuple(spec, fc.array(spec, { maxLength: 5 })), { maxLength: 4 })), { minLength: 1, maxLength: 5 })
  .map((regions) => {
    const units: AllocationUnitInput[] = [unit('C', null)];
    regions.forEach(([r, teams], i) => {
      const rid = `R${i}`;
      units.push(unit(rid, 'C', r));
      teams.forEach(([t, reps], j) => {
        const tid = `${rid}T${j}`;
        units.push(unit(tid, rid, t));
        reps.forEach((p, k) => units.push(unit(`${tid}P${k}`, tid, p)));
      });
    });
    // parents carry the sum of their children, like a real roll-up
    for (let k = units.length - 1; k >= 0; k--) {
      const u = units[k]!;
      const kids = units.filter((c) => c.parentId === u.id);
      if (kids.length) {
        u.lastRevenue = kids.reduce((s, c) => s + c.lastRevenue, 0);
        u.revenue12m = kids.reduce((s, c) => s + c.revenue12m, 0);
      }
    }
    return units;
  });
