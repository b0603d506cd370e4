/** Confirmed filings flow into the allocation bottom-up: the rep's Base is at least what his supervisor confirmed. */
import { describe, expect, it } from 'vitest';
import {
  allocatePlan, confirmedFilings, createAllocation, createFlowRuntime, createPlanReview, formatYuanGrouped, loadBundle, parseAllocationUnits, parseCsv, parseYuan,
  type Actor, type FlowInstance, type PlanReview, type ReviewStep, type StepResult,
} from '../../plugin/index.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

const loaded = loadBundle(defaultBundleFiles());
if (!loaded.ok) throw new Error('bundle');
const bundle = loaded.bundle;
const csv = parseCsv(bundle.datasets.get('sample-company-units')!.content as string, 'units.csv');
if (!csv.ok) throw new Error('csv');
const units = parseAllocationUnits(csv.records, 'units.csv');
if (!units.ok) throw new Error('units');
const prep = createAllocation(bundle, units.units, 'units.csv');
if (!prep.ok) throw new Error('prepare');
const prepared = prep.prepared;
const filing = createFlowRuntime(bundle.flows.find((f) => f.def.id === 'target-filing')!.def, prepared.tree, bundle);
const ok = (r: StepResult): FlowInstance => {
  if (!r.ok) throw new Error(r.refusal.message.en);
  return r.instance;
};

describe('filing → allocation', () => {
  it('confirmed values enter the allocation as floors (parameter allocationModel.confirmedFiling)', () => {
    const reps = prepared.order.filter((id) => prepared.tree.get(id)?.level === 'rep').slice(0, 2);
    const totals = { base: parseYuan((bundle.datasets.get('sample-company')!.content as { suggestedBase: number }).suggestedBase)! };
    const plain = allocatePlan(prepared, 'balanced', totals);
    if (!plain.ok) throw new Error('plan');
    const T = '2026-01-05T10:00:00+08:00';
    const instances = reps.map((repId) => {
      const team = prepared.tree.get(repId)!.parentId!;
      const rep: Actor = { id: repId, roles: ['rep'], unitId: repId };
      const lead: Actor = { id: `lead:${team}`, roles: ['team-lead'], unitId: team };
      const declared = Math.round((plain.plan.byId.get(repId)!.base / 100) * 1.3);
      const submitted = ok(filing.step(filing.start({ id: `f-${repId}`, ownerId: repId, unitId: repId, now: T }), 'submit', rep,
        { declaredBase: declared, declaredStretch: declared * 1.2 }, T, 0));
      return ok(filing.step(submitted, 'confirm', lead, {}, T, 1));
    });
    const confirmed = confirmedFilings(instances.map((i) => ({ unitId: i.unitId, confirmedBase: parseYuan(i.data.confirmedBase) })));
    const withFilings = allocatePlan(prepared, 'balanced', totals, { confirmed });
    if (!withFilings.ok) throw new Error('plan');
    for (const [unitId, fen] of Object.entries(confirmed)) {
      expect(withFilings.plan.byId.get(unitId)!.base).toBeGreaterThanOrEqual(fen);
      expect(fen).toBeGreaterThan(plain.plan.byId.get(unitId)!.base);
    }
    expect(withFilings.plan.base).toBe(totals.base);
  });

  it('a filing confirmed after publication enters the review: the rep\'s plan, letter and team hold, a frozen review too', () => {
    const totals = { base: parseYuan((bundle.datasets.get('sample-company')!.content as { suggestedBase: number }).suggestedBase)! };
    const runtime = createPlanReview({ bundle, prepared, planId: 'balanced', totals, period: '2026-H1' });
    const T = '2026-01-05T10:00:00+08:00';
    const published = runtime.publish({ id: 'r', now: T });
    if (!published.ok) throw new Error('publish');
    let review: PlanReview = published.review;
    const step = (r: ReviewStep): PlanReview => { if (!r.ok) throw new Error(r.refusal.message.en); return r.review; };
    for (const id of Object.keys(review.instances)) {
      review = step(runtime.act(review, id, 'accept', { id: `head:${id}`, roles: ['region-head'], unitId: id }, {}, T, review.instances[id]!.version));
    }
    expect(review.frozen).toBe(true);
    const repId = prepared.order.find((id) => prepared.tree.get(id)?.level === 'rep')!;
    const teamId = prepared.tree.get(repId)!.parentId!;
    const before = review.plan.byId.get(repId)!.base;
    const floor = Math.round(before * 1.2);
    const applied = step(runtime.withFilings(review, { [repId]: floor }, T));
    // a floor (the bundle's confirmedFiling) re-balances inside the team: the rep gets his filing, the team and the regions keep theirs
    expect(applied.plan.byId.get(repId)!.base).toBe(floor);
    expect(applied.plan.byId.get(teamId)!.base).toBe(review.plan.byId.get(teamId)!.base);
    const reps = applied.plan.units.filter((u) => u.parentId === teamId);
    expect(reps.reduce((a, u) => a + u.base, 0)).toBe(applied.plan.byId.get(teamId)!.base);
    expect(applied.frozen).toBe(true);
    expect(applied.confirmed).toEqual({ [repId]: floor });
    const [letter] = runtime.letters(applied, { lang: 'zh', levels: ['rep'], only: [repId] });
    expect(letter!.letter.content.base).toBe(floor);
    expect(letter!.letter.content.paragraphs.join('')).toContain(formatYuanGrouped(floor));

    // a filing above the whole team's target cannot be taken: refused by code, the review unchanged
    const refused = runtime.withFilings(review, { [repId]: review.plan.byId.get(teamId)!.base + 100 }, T);
    expect(refused.ok ? 'ok' : refused.refusal.code).toBe('REVIEW_FILINGS');
  });
});
