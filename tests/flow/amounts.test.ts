/**
 * Issue 20, item 6: a flow reads the amounts in a payload with the runtime's one amount reader
 * (the transition's `amounts`), before any guard: 1e300 and 3-decimal filings passed the filing
 * flow because its guard only compares numbers.
 */
import { describe, expect, it } from 'vitest';
import { buildOrgTree, createFlowRuntime, loadBundle, type Actor, type StepResult } from '../../plugin/index.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

const loaded = loadBundle(defaultBundleFiles());
if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
const bundle = loaded.bundle;
const built = buildOrgTree([
  { id: 'co', parentId: null, name: '公司' }, { id: 'east', parentId: 'co', name: '华东' },
  { id: 'east-1', parentId: 'east', name: '华东一组' }, { id: 'wang', parentId: 'east-1', name: '王磊' },
]);
if (!built.ok) throw new Error('tree');
const runtime = (id: string) => createFlowRuntime(bundle.flows.find((f) => f.def.id === id)!.def, built.tree, bundle);
const T = '2026-04-01T09:00:00+08:00';
const wang: Actor = { id: 'wang', roles: ['rep'], unitId: 'wang' };
const lead: Actor = { id: 'chen', roles: ['team-lead'], unitId: 'east-1' };
const head: Actor = { id: 'sun', roles: ['region-head'], unitId: 'east' };
const refusal = (r: StepResult) => (r.ok ? { code: 'accepted' } : { code: r.refusal.code, en: r.refusal.message.en });

describe('amounts in flow payloads', () => {
  const filing = runtime('target-filing');
  const draft = filing.start({ id: 'f', ownerId: 'wang', unitId: 'wang', now: T });

  it.each([
    [{ declaredBase: 1e300, declaredStretch: 1e300 }, 'declaredBase', 'is beyond the largest amount, 9999999999999.99 yuan'],
    [{ declaredBase: 800000.005, declaredStretch: 900000 }, 'declaredBase', 'has more than 2 decimals'],
    [{ declaredBase: 800000, declaredStretch: '900000.001' }, 'declaredStretch', 'has more than 2 decimals'],
    [{ declaredBase: 800000, declaredStretch: Infinity }, 'declaredStretch', 'is not a finite number'],
    [{ declaredBase: 800000, declaredStretch: { yuan: 1 } }, 'declaredStretch', 'is not an amount in yuan'],
  ])('the filing flow refuses %j', (payload, field, reason) => {
    const r = refusal(filing.step(draft, 'submit', wang, payload, T, 0));
    expect(r).toEqual({ code: 'FLOW_NOT_AMOUNT', en: expect.stringMatching(new RegExp(`^submit the filing: ${field} must be an amount >= 0 in yuan \\(at most 2 decimals\\), got .*: ${reason}$`)) });
  });

  it('records a text amount as the number it reads as, in the data, the audit and a replay', () => {
    const r = filing.step(draft, 'submit', wang, { declaredBase: ' 800000.50 ', declaredStretch: 900000 }, T, 0);
    if (!r.ok) throw new Error(r.refusal.message.en);
    expect(r.instance.data).toMatchObject({ base: 800000.5, stretch: 900000 });
    expect(r.instance.audit[0]!.payload).toEqual({ declaredBase: 800000.5, declaredStretch: 900000 });
    const replayed = filing.replay(draft, r.instance.audit);
    expect(replayed.ok && replayed.instance.data).toEqual(r.instance.data);
    // the largest amount itself is an amount
    expect(filing.step(draft, 'submit', wang, { declaredBase: 9999999999999.99, declaredStretch: 9999999999999.99 }, T, 0).ok).toBe(true);
  });

  it('the supervisor\'s adjustment and a head\'s appeal go through the same reader', () => {
    const submitted = filing.step(draft, 'submit', wang, { declaredBase: 800000, declaredStretch: 900000 }, T, 0);
    if (!submitted.ok) throw new Error('submit');
    expect(refusal(filing.step(submitted.instance, 'adjust', lead, { confirmedBase: 1e300, confirmedStretch: 1e300, comment: 'x' }, T, 1)).code).toBe('FLOW_NOT_AMOUNT');
    const review = runtime('allocation-review');
    const published = review.start({ id: 'r', ownerId: 'sun', unitId: 'east', data: { base: 8_000_000, stretch: 12_000_000 }, now: T });
    const evidence = [{ kind: 'attachment', name: '客户池截图.png' }];
    expect(refusal(review.step(published, 'appeal', head, { requestedBase: 7_400_000.001, reason: 'x', evidence }, T, 0)).code).toBe('FLOW_NOT_AMOUNT');
    expect(refusal(review.step(published, 'appeal', head, { requestedBase: -7_400_000, reason: 'x', evidence }, T, 0))).toMatchObject({ code: 'FLOW_NOT_AMOUNT', en: expect.stringContaining('must not be negative') });
    expect(review.step(published, 'appeal', head, { requestedBase: 7_400_000, reason: 'x', evidence }, T, 0).ok).toBe(true);
  });
});
