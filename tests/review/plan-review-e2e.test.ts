/**
 * End to end on the sample company: publish the balanced plan → two appeals (one approved,
 * one rejected) → every region settled, the plan frozen → every letter signed → an emergency
 * recalculation excluding one city re-issues only the letters whose numbers changed. The
 * company total holds to the 分 after every step, and every instance replays from its audit.
 */
import { describe, expect, it } from 'vitest';
import {
  createAllocation, createPlanReview, loadBundle, parseAllocationUnits, parseCsv, parseYuan, signLetter, signatureValid, unitsInCities,
  type Actor, type FlowInstance, type PlanResult, type PlanReview, type ReviewStep, type Signature,
} from '../../plugin/index.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

const loaded = loadBundle(defaultBundleFiles());
if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems.slice(0, 3)));
const bundle = loaded.bundle;
const csv = parseCsv(bundle.datasets.get('sample-company-units')!.content as string, 'units.csv');
if (!csv.ok) throw new Error('units.csv');
const units = parseAllocationUnits(csv.records, 'units.csv');
if (!units.ok) throw new Error(JSON.stringify(units.problems.slice(0, 3)));
const prepared = (() => {
  const r = createAllocation(bundle, units.units, 'units.csv');
  if (!r.ok) throw new Error(JSON.stringify(r.problems.slice(0, 3)));
  return r.prepared;
})();
const company = bundle.datasets.get('sample-company')!.content as { suggestedBase: number; period: string };
const totals = { base: parseYuan(company.suggestedBase)! };

const runtime = createPlanReview({ bundle, prepared, planId: 'balanced', totals, period: company.period });
const head = (unitId: string): Actor => ({ id: `head:${unitId}`, roles: ['region-head'], unitId });
const admin: Actor = { id: 'admin', roles: ['hq-admin'], unitId: prepared.tree.root.id };
let clock = Date.parse('2026-01-05T09:00:00+08:00');
const now = () => new Date((clock += 3_600_000)).toISOString();

/** Every parent equals the sum of its children, in both tracks, and the company equals the target. */
function assertExact(plan: PlanResult): void {
  expect(plan.byId.get(prepared.tree.root.id)!.base).toBe(totals.base);
  for (const u of plan.units) {
    const kids = plan.units.filter((k) => k.parentId === u.id);
    if (!kids.length) continue;
    expect(kids.reduce((s, k) => s + k.base, 0), `base under ${u.id}`).toBe(u.base);
    expect(kids.reduce((s, k) => s + k.stretch, 0), `stretch under ${u.id}`).toBe(u.stretch);
  }
}

function accepted(r: ReviewStep): PlanReview {
  if (!r.ok) throw new Error(`${r.refusal.code}: ${r.refusal.message.en}`);
  assertExact(r.review.plan);
  return r.review;
}

describe('plan review on the sample company', () => {
  it('publishes, settles two appeals, freezes, signs, and recalculates without a city', () => {
    const published = runtime.publish({ id: 'r1', now: now() });
    if (!published.ok) throw new Error('publish');
    let review = published.review;
    assertExact(review.plan);
    const starts: Record<string, FlowInstance> = { ...review.instances };
    const regions = Object.keys(review.instances);
    expect(regions).toEqual(['HD', 'HN', 'HB', 'HZ', 'XN', 'XB']);

    // 华东 appeals 6% down with evidence; HQ approves; the other regions absorb the difference
    const eastBase = review.instances.HD!.data.base as number;
    const requested = Math.round(eastBase * 0.94 * 100) / 100;
    const before = review.plan;
    review = accepted(runtime.act(review, 'HD', 'appeal', head('HD'), { requestedBase: requested, reason: '新政策冻结了部分客户', evidence: [{ name: '客户池.png' }] }, now(), 0));
    expect(runtime.act(review, 'HD', 'approve', head('HD'), {}, now(), 1).ok).toBe(false);
    review = accepted(runtime.act(review, 'HD', 'approve', admin, {}, now(), 1));
    expect(review.plan.byId.get('HD')!.base).toBe(parseYuan(requested));
    const moved = regions.filter((id) => id !== 'HD' && review.plan.byId.get(id)!.base !== before.byId.get(id)!.base);
    expect(moved.length).toBeGreaterThan(0);
    for (const id of moved) expect(review.instances[id]!.data.base).toBe(review.plan.byId.get(id)!.base / 100);
    expect(review.log.at(-1)).toMatchObject({ kind: 'rebalanced', unitId: 'HD' });

    // 华南 appeals 9% down; rejected with a reason: nothing moves
    const southBase = review.instances.HN!.data.base as number;
    const planBefore = review.plan;
    review = accepted(runtime.act(review, 'HN', 'appeal', head('HN'), { requestedBase: Math.round(southBase * 0.91 * 100) / 100, reason: '竞品降价', evidence: ['crm:opportunity:8812'] }, now(), review.instances.HN!.version));
    review = accepted(runtime.act(review, 'HN', 'reject', admin, { comment: '证据不足' }, now(), review.instances.HN!.version));
    expect(review.plan).toBe(planBefore);

    // an appeal outside ±10% or without evidence is refused
    const hb = review.instances.HB!;
    expect(runtime.act(review, 'HB', 'appeal', head('HB'), { requestedBase: (hb.data.base as number) * 0.85, reason: 'x', evidence: ['a'] }, now(), hb.version)).toMatchObject({ ok: false, refusal: { code: 'FLOW_GUARD' } });
    expect(runtime.act(review, 'HB', 'appeal', head('HB'), { requestedBase: (hb.data.base as number) * 0.95, reason: 'x', evidence: [] }, now(), hb.version)).toMatchObject({ ok: false, refusal: { code: 'FLOW_MISSING_FIELD' } });

    for (const id of regions.filter((r) => r !== 'HD' && r !== 'HN')) {
      expect(review.frozen).toBe(false);
      review = accepted(runtime.act(review, id, 'accept', head(id), {}, now(), review.instances[id]!.version));
    }
    expect(review.frozen).toBe(true);
    expect(runtime.act(review, 'HB', 'accept', head('HB'), {}, now(), review.instances.HB!.version)).toMatchObject({ ok: false, refusal: { code: 'REVIEW_FROZEN' } });

    // every instance replays from its start and its audit trail to the same final state
    for (const id of regions) {
      expect(runtime.flow.replay(starts[id]!, review.instances[id]!.audit)).toEqual({ ok: true, instance: review.instances[id] });
    }

    // letters for regions and teams, each signed by its head
    const letters = runtime.letters(review, { lang: 'zh' });
    expect(letters.length).toBe(6 + 60);
    const east = letters.find((l) => l.unitId === 'HD')!;
    expect(east.letter.content.base).toBe(parseYuan(requested));
    const signatures = new Map<string, Signature>();
    for (const { unitId, letter } of letters) {
      const s = signLetter(letter, { id: letter.content.headId }, now());
      if (!s.ok) throw new Error(s.message.en);
      signatures.set(unitId, s.signature);
    }

    // emergency recalculation without 无锡: only the units whose numbers changed get new letters
    const excluded = unitsInCities(prepared, ['无锡']);
    expect(excluded.length).toBeGreaterThan(0);
    const recalc = runtime.recalculate(review, { excluded, now: now() });
    if (!recalc.ok) throw new Error('recalculate');
    assertExact(recalc.review.plan);
    const reissued = runtime.letters(recalc.review, { lang: 'zh' });
    const changed = new Set(recalc.changed);
    let kept = 0;
    for (const { unitId, letter } of reissued) {
      const signature = signatures.get(unitId)!;
      expect(signatureValid(letter, signature), unitId).toBe(!changed.has(unitId));
      if (!changed.has(unitId)) kept++;
    }
    expect(kept).toBeGreaterThan(0);
    expect(reissued.filter((l) => changed.has(l.unitId)).length).toBeGreaterThan(0);
    expect(recalc.review.plan.byId.get('HD')!.base).toBe(parseYuan(requested));
    for (const id of excluded) expect(recalc.review.plan.byId.get(id)!.base).toBe(0);
  });

  it('a unit that had accepted is reopened when a later approval changes its numbers', () => {
    const published = runtime.publish({ id: 'r2', now: now() });
    if (!published.ok) throw new Error('publish');
    let review = published.review;
    review = accepted(runtime.act(review, 'XB', 'accept', head('XB'), {}, now(), 0));
    const base = review.instances.HD!.data.base as number;
    review = accepted(runtime.act(review, 'HD', 'appeal', head('HD'), { requestedBase: Math.round(base * 1.08 * 100) / 100, reason: '新签大客户', evidence: ['合同.pdf'] }, now(), 0));
    review = accepted(runtime.act(review, 'HD', 'approve', admin, {}, now(), 1));
    const xb = review.instances.XB!;
    expect(xb.state).toBe('published');
    expect(xb.audit.at(-1)).toMatchObject({ action: 'reopen', actor: { id: 'system' } });
  });
});
