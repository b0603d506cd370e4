/**
 * Around an appeal: the partial-approval bounds a screen shows are exactly what the flow's
 * guard accepts (one fen outside is refused), and evidence files are refused whole, by place,
 * when too large, empty or too many.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appealEvidence, createAllocation, createPlanReview, evidenceParts, EVIDENCE_LIMITS, fenToYuan, loadBundle, parseAllocationUnits, parseCsv, parseYuan,
  partialApprovalRange, type Actor, type EvidenceFile, type PlanReview,
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
const company = bundle.datasets.get('sample-company')!.content as { suggestedBase: number; period: string };
const runtime = createPlanReview({ bundle, prepared: prep.prepared, planId: 'balanced', totals: { base: parseYuan(company.suggestedBase)! }, period: company.period });
const head: Actor = { id: 'head:HD', roles: ['region-head'], unitId: 'HD' };
const admin: Actor = { id: 'admin', roles: ['hq-admin'], unitId: prep.prepared.tree.root.id };
const T = '2026-01-05T09:00:00+08:00';

function appealed(factor: number): PlanReview {
  const p = runtime.publish({ id: 'r', now: T });
  if (!p.ok) throw new Error('publish');
  const base = parseYuan(p.review.instances.HD!.data.base)!;
  const r = runtime.act(p.review, 'HD', 'appeal', head, { requestedBase: fenToYuan(Math.round(base * factor)), reason: '新客户', evidence: ['合同'] }, T, 0);
  if (!r.ok) throw new Error(r.refusal.message.en);
  return r.review;
}

const file = (name: string, size: number): EvidenceFile => ({ name, type: 'application/pdf', size, content: size ? 'data:application/pdf;base64,AAAA' : '' });

describe('partial approval bounds', () => {
  it('are the current and the requested Base, both accepted by the guard, one fen outside refused', () => {
    fc.assert(fc.property(fc.double({ min: 0.9, max: 1.1, noNaN: true }).filter((f) => Math.abs(f - 1) > 0.001), fc.boolean(), (factor, atLow) => {
      const review = appealed(factor);
      const instance = review.instances.HD!;
      const range = partialApprovalRange(instance)!;
      expect(range.low).toBeLessThan(range.high);
      const edge = atLow ? range.low : range.high;
      const decide = (fen: number) => runtime.act(review, 'HD', 'approve-partly', admin, { approvedBase: fenToYuan(fen), comment: '部分认可' }, T, instance.version);
      expect(decide(edge).ok).toBe(true);
      const outside = decide(atLow ? range.low - 1 : range.high + 1);
      expect(outside.ok).toBe(false);
      if (!outside.ok) expect(outside.refusal.code).toBe('FLOW_GUARD');
    }), { numRuns: 8 });
  });

  it('is null before an appeal, and a partial approval or a rejection needs a reason', () => {
    const p = runtime.publish({ id: 'r', now: T });
    if (!p.ok) throw new Error('publish');
    expect(partialApprovalRange(p.review.instances.HD!)).toBeNull();
    const review = appealed(1.05);
    const v = review.instances.HD!.version;
    const range = partialApprovalRange(review.instances.HD!)!;
    const partly = runtime.act(review, 'HD', 'approve-partly', admin, { approvedBase: fenToYuan(range.low + 100), comment: ' ' }, T, v);
    expect(partly.ok || partly.refusal.code).toBe('FLOW_MISSING_FIELD');
    const reject = runtime.act(review, 'HD', 'reject', admin, {}, T, v);
    expect(reject.ok || reject.refusal.code).toBe('FLOW_MISSING_FIELD');
  });
});

describe('appeal evidence', () => {
  it('puts the text first, then the files, and the flow takes files alone as evidence', () => {
    const r = appealEvidence('  合同编号 HT-1 ', [file('a.pdf', 10)]);
    expect(r.ok && r.evidence).toEqual(['合同编号 HT-1', file('a.pdf', 10)]);
    const onlyFile = appealEvidence('', [file('a.pdf', 10)]);
    expect(onlyFile.ok && onlyFile.evidence).toEqual([file('a.pdf', 10)]);
    expect(evidenceParts(onlyFile.ok ? onlyFile.evidence : null)).toEqual({ texts: [], files: [file('a.pdf', 10)] });
    expect(evidenceParts('旧的文字依据')).toEqual({ texts: ['旧的文字依据'], files: [] });
    const p = runtime.publish({ id: 'r', now: T });
    if (!p.ok || !onlyFile.ok) throw new Error('setup');
    const base = Number(p.review.instances.HD!.data.base);
    const step = runtime.act(p.review, 'HD', 'appeal', head, { requestedBase: base, reason: '新客户', evidence: onlyFile.evidence }, T, 0);
    expect(step.ok).toBe(true);
  });

  it('refuses a file above the limit, an empty file and too many files, naming each by place', () => {
    const big = EVIDENCE_LIMITS.maxFileBytes + 1;
    const r = appealEvidence('x', [file('ok.pdf', 10), file('scan.pdf', big), file('empty.txt', 0)]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.code, p.pointer])).toEqual([['EVIDENCE_TOO_LARGE', '/files/1'], ['EVIDENCE_EMPTY', '/files/2']]);
    expect(r.problems[0]!.message.zh).toContain('scan.pdf');
    expect(r.problems[0]!.message.zh).toContain('1.0 MB');
    expect(r.problems[0]!.message.en).toContain('above the limit');
    const many = appealEvidence('', Array.from({ length: EVIDENCE_LIMITS.maxFiles + 1 }, (_, i) => file(`f${i}.pdf`, 10)));
    expect(many.ok || many.problems.map((p) => p.code)).toEqual(['EVIDENCE_TOO_MANY']);
    expect(appealEvidence('', Array.from({ length: EVIDENCE_LIMITS.maxFiles }, (_, i) => file(`f${i}.pdf`, 10))).ok).toBe(true);
  });
});
