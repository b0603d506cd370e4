/**
 * Simulate = publish: HQ's simulated totals, plan and locks are what the review publishes, and
 * what every later re-balance (a decided appeal) and recalculation allocates, not the runtime's
 * suggested totals.
 */
import { describe, expect, it } from 'vitest';
import {
  allocatePlan, createAllocation, createPlanReview, loadBundle, parseAllocationUnits, parseCsv, parseYuan,
  type Actor, type PlanReview, type ReviewStep,
} from '../../plugin/index.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

const loaded = loadBundle(defaultBundleFiles());
if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems.slice(0, 3)));
const bundle = loaded.bundle;
const csv = parseCsv(bundle.datasets.get('sample-company-units')!.content as string, 'units.csv');
if (!csv.ok) throw new Error('units.csv');
const units = parseAllocationUnits(csv.records, 'units.csv');
if (!units.ok) throw new Error('units');
const made = createAllocation(bundle, units.units, 'units.csv');
if (!made.ok) throw new Error('prepared');
const prepared = made.prepared;
const company = bundle.datasets.get('sample-company')!.content as { suggestedBase: number; period: string };

const simulated = { base: parseYuan(150_000_000)!, stretch: parseYuan(172_500_000)! };
const locks = { HD01: parseYuan(9_000_000)! };
const runtime = createPlanReview({ bundle, prepared, planId: 'aggressive', totals: { base: parseYuan(company.suggestedBase)! }, period: company.period });
const head = (unitId: string): Actor => ({ id: `head:${unitId}`, roles: ['region-head'], unitId });
const admin: Actor = { id: 'admin', roles: ['hq-admin'], unitId: prepared.tree.root.id };

const ok = (r: ReviewStep): PlanReview => {
  if (!r.ok) throw new Error(`${r.refusal.code}: ${r.refusal.message.en}`);
  return r.review;
};

describe('publishing the simulated plan', () => {
  it('publishes the simulator\'s plan exactly, at its totals and with its locks', () => {
    const r = runtime.publish({ id: 'sim', now: '2026-01-05T09:00:00+08:00', totals: simulated, locks });
    if (!r.ok) throw new Error('publish');
    const expected = allocatePlan(prepared, 'aggressive', simulated, { locks });
    if (!expected.ok) throw new Error('allocate');
    expect(r.review.plan.units.map((u) => [u.id, u.base, u.stretch])).toEqual(expected.plan.units.map((u) => [u.id, u.base, u.stretch]));
    expect(r.review.plan.byId.get(prepared.tree.root.id)!.base).toBe(simulated.base);
    expect(r.review.plan.byId.get('HD01')!.base).toBe(locks.HD01);
    expect(r.review.published).toEqual({ totals: simulated, locks });
  });

  it('keeps the simulated total and HQ\'s locks through a decided appeal and a recalculation', () => {
    const r = runtime.publish({ id: 'sim', now: '2026-01-05T09:00:00+08:00', totals: simulated, locks });
    if (!r.ok) throw new Error('publish');
    let review = r.review;
    const requested = Math.round((review.instances.HN!.data.base as number) * 0.95 * 100) / 100;
    review = ok(runtime.act(review, 'HN', 'appeal', head('HN'), { requestedBase: requested, reason: '竞品降价', evidence: ['crm:1'] }, '2026-01-05T10:00:00+08:00', 0));
    review = ok(runtime.act(review, 'HN', 'approve', admin, {}, '2026-01-05T11:00:00+08:00', 1));
    expect(review.plan.byId.get('HN')!.base).toBe(parseYuan(requested));
    expect(review.plan.byId.get(prepared.tree.root.id)!.base).toBe(simulated.base);
    expect(review.plan.byId.get('HD01')!.base).toBe(locks.HD01);

    const recalc = runtime.recalculate(review, { excluded: [], now: '2026-01-06T09:00:00+08:00' });
    if (!recalc.ok) throw new Error('recalculate');
    expect(recalc.review.plan.byId.get(prepared.tree.root.id)!.base).toBe(simulated.base);
    expect(recalc.review.plan.byId.get('HD01')!.base).toBe(locks.HD01);
  });
});
