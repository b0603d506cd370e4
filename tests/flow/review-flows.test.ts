import { describe, expect, it } from 'vitest';
import { buildOrgTree, createFlowRuntime, createWorkingClock, loadBundle, parseCalendar, type Actor, type FlowInstance, type StepResult } from '../../plugin/index.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

const loaded = loadBundle(defaultBundleFiles());
if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
const bundle = loaded.bundle;
const tree = (() => {
  const r = buildOrgTree([
    { id: 'co', parentId: null, name: '公司' }, { id: 'east', parentId: 'co', name: '华东' }, { id: 'south', parentId: 'co', name: '华南' },
  ]);
  if (!r.ok) throw new Error('tree');
  return r.tree;
})();
const runtime = (id: string) => createFlowRuntime(bundle.flows.find((f) => f.def.id === id)!.def, tree, bundle);
const T = '2026-04-01T09:00:00+08:00';
const ok = (r: StepResult): FlowInstance => {
  if (!r.ok) throw new Error(`${r.refusal.code}: ${r.refusal.message.en}`);
  return r.instance;
};
const code = (r: StepResult) => (r.ok ? 'accepted' : r.refusal.code);

const eastHead: Actor = { id: 'sun', roles: ['region-head'], unitId: 'east' };
const southHead: Actor = { id: 'huang', roles: ['region-head'], unitId: 'south' };
const admin: Actor = { id: 'admin', roles: ['hq-admin'], unitId: 'co' };
const director: Actor = { id: 'dir', roles: ['sales-director'], unitId: 'co' };
const hrbp: Actor = { id: 'hr', roles: ['hrbp'], unitId: 'co' };
const finance: Actor = { id: 'fin', roles: ['finance'], unitId: 'co' };

describe('allocation review (two-way confirmation)', () => {
  const flow = runtime('allocation-review');
  const published = () => flow.start({ id: 'r-east', ownerId: 'sun', unitId: 'east', data: { base: 8_000_000, stretch: 12_000_000 }, now: T });
  const appeal = { requestedBase: 7_400_000, reason: '新政策冻结了部分客户', evidence: [{ kind: 'attachment', name: '客户池截图.png' }] };

  it('a head accepts his own region only', () => {
    expect(code(flow.step(published(), 'accept', southHead, {}, T, 0))).toBe('FLOW_SCOPE');
    expect(ok(flow.step(published(), 'accept', eastHead, {}, T, 0)).data).toMatchObject({ finalBase: 8_000_000 });
  });

  it('an appeal needs evidence and stays within the limit from the parameters', () => {
    expect(code(flow.step(published(), 'appeal', eastHead, { ...appeal, evidence: [] }, T, 0))).toBe('FLOW_MISSING_FIELD');
    expect(code(flow.step(published(), 'appeal', eastHead, { ...appeal, requestedBase: 7_100_000 }, T, 0))).toBe('FLOW_GUARD');
    expect(code(flow.step(published(), 'appeal', eastHead, { ...appeal, requestedBase: 7_200_000 }, T, 0))).toBe('accepted');
  });

  it('approve, approve in part within range, or reject with a reason; never by the appellant', () => {
    const appealed = ok(flow.step(published(), 'appeal', eastHead, appeal, T, 0));
    const both: Actor = { id: 'sun', roles: ['region-head', 'sales-director'], unitId: 'east' };
    expect(code(flow.step(appealed, 'approve', both, {}, T, 1))).toBe('FLOW_SELF_APPROVAL');
    expect(ok(flow.step(appealed, 'approve', admin, {}, T, 1)).data).toMatchObject({ decision: 'approved', finalBase: 7_400_000 });
    expect(code(flow.step(appealed, 'approve-partly', admin, { approvedBase: 7_300_000, comment: '' }, T, 1))).toBe('FLOW_MISSING_FIELD');
    expect(code(flow.step(appealed, 'approve-partly', admin, { approvedBase: 7_300_000, comment: '折中' }, T, 1))).toBe('FLOW_GUARD');
    expect(ok(flow.step(appealed, 'approve-partly', director, { approvedBase: 7_700_000, comment: '折中' }, T, 1)).data)
      .toMatchObject({ decision: 'partly-approved', finalBase: 7_700_000 });
    expect(code(flow.step(appealed, 'reject', admin, {}, T, 1))).toBe('FLOW_MISSING_FIELD');
    expect(ok(flow.step(appealed, 'reject', admin, { comment: '证据不足' }, T, 1)).data).toMatchObject({ decision: 'rejected', finalBase: 8_000_000 });
    expect(code(flow.step(appealed, 'approve', eastHead, {}, T, 1))).toBe('FLOW_ROLE');
  });
});

describe('monthly health review', () => {
  const flow = runtime('health-review');
  const open = () => flow.start({ id: 'h-1', ownerId: 'sun', unitId: 'east', data: { indicator: 'weekly-completion', deviation: 0.18 }, now: T });

  it('decides only with all three views, each from its own role', () => {
    let h = ok(flow.step(open(), 'view-hrbp', hrbp, { view: '人手不足' }, T, 0));
    expect(code(flow.step(h, 'view-finance', hrbp, { view: 'x' }, T, 1))).toBe('FLOW_ROLE');
    expect(code(flow.step(h, 'decide-adjust', hrbp, { comment: '下调' }, T, 1))).toBe('FLOW_GUARD');
    h = ok(flow.step(h, 'view-business', eastHead, { view: '客户池收缩' }, T, 1));
    h = ok(flow.step(h, 'view-finance', finance, { view: '回款慢' }, T, 2));
    const decided = ok(flow.step(h, 'decide-adjust', hrbp, { comment: '下调 8%' }, T, 3));
    expect(decided).toMatchObject({ state: 'adjust', data: { views: { hrbp: '人手不足', business: '客户池收缩', finance: '回款慢' }, decision: 'adjust' } });
  });

  it('a business view comes from the unit concerned', () => {
    expect(code(flow.step(open(), 'view-business', southHead, { view: 'x' }, T, 0))).toBe('FLOW_SCOPE');
  });
});

describe('emergency recalculation', () => {
  const flow = runtime('emergency-recalc');
  const draft = () => flow.start({ id: 'e-1', ownerId: 'admin', unitId: 'co', now: T });

  it('runs request → authorise → recalculate → approve with separate people', () => {
    let e = ok(flow.step(draft(), 'request', admin, { excluded: ['city-wuxi'], reason: '地方政策冻结客户' }, T, 0));
    expect(code(flow.step(e, 'authorise', admin, {}, T, 1))).toBe('FLOW_ROLE');
    e = ok(flow.step(e, 'authorise', director, {}, T, 1));
    e = ok(flow.step(e, 'recalculate', admin, { changedUnits: ['east', 'east-1'] }, T, 2));
    const bothHats: Actor = { id: 'admin', roles: ['hq-admin', 'hrbp'], unitId: 'co' };
    expect(code(flow.step(e, 'approve', bothHats, {}, T, 3))).toBe('FLOW_SELF_APPROVAL');
    expect(ok(flow.step(e, 'approve', hrbp, {}, T, 3))).toMatchObject({ state: 'approved', data: { excluded: ['city-wuxi'], changedUnits: ['east', 'east-1'] } });
  });
});

describe('system actions and the letter flow', () => {
  const review = runtime('allocation-review');
  const published = () => review.start({ id: 'r-x', ownerId: 'sun', unitId: 'east', data: { base: 8_000_000, stretch: 12_000_000 }, now: T });
  const system: Actor = { id: 'system', roles: ['system'], unitId: 'co' };

  it('only the system re-balances or reopens', () => {
    expect(code(review.step(published(), 'rebalance', admin, { base: 1, stretch: 2 }, T, 0))).toBe('FLOW_ROLE');
    expect(ok(review.step(published(), 'rebalance', system, { base: 7_900_000, stretch: 11_900_000 }, T, 0)))
      .toMatchObject({ state: 'published', data: { base: 7_900_000 } });
    const acceptedOne = ok(review.step(published(), 'accept', eastHead, {}, T, 0));
    expect(code(review.step(acceptedOne, 'reopen', eastHead, { base: 1, stretch: 2 }, T, 1))).toBe('FLOW_ROLE');
    expect(ok(review.step(acceptedOne, 'reopen', system, { base: 7_900_000, stretch: 11_900_000 }, T, 1)).state).toBe('published');
  });

  const letter = runtime('commitment-letter');
  const issued = () => letter.start({ id: 'l-1', ownerId: 'sun', unitId: 'east', data: { hash: 'abc', headName: '孙伟', headId: 'sun' }, now: T });

  it('the head signs the current version as himself; HQ voids with a reason', () => {
    expect(code(letter.step(issued(), 'sign', eastHead, { hash: 'old', agree: true }, T, 0))).toBe('FLOW_GUARD');
    expect(code(letter.step(issued(), 'sign', eastHead, { hash: 'abc', agree: false }, T, 0))).toBe('FLOW_GUARD');
    expect(code(letter.step(issued(), 'sign', southHead, { hash: 'abc', agree: true }, T, 0))).toBe('FLOW_SCOPE');
    // another head of the region (in scope, right role) is not the letter's head: a typed name no longer decides
    const deputy: Actor = { id: 'zhou', roles: ['region-head'], unitId: 'east' };
    expect(code(letter.step(issued(), 'sign', deputy, { typedName: '孙伟', hash: 'abc', agree: true }, T, 0))).toBe('FLOW_GUARD');
    const signed = ok(letter.step(issued(), 'sign', eastHead, { hash: 'abc', agree: true, mac: 'f00d' }, T, 0));
    expect(signed.data).toMatchObject({ signedBy: '孙伟', signerId: 'sun', signedAt: T, signedHash: 'abc', signedMac: 'f00d' });
    expect(code(letter.step(signed, 'void', admin, {}, T, 1))).toBe('FLOW_MISSING_FIELD');
    expect(ok(letter.step(signed, 'void', admin, { reason: '目标调整' }, T, 1)).state).toBe('voided');
  });
});

describe('due times in working hours', () => {
  it('an appeal left undecided past 24 working hours raises its overdue event once', () => {
    const calendarFile = bundle.datasets.get('calendar-cn-2026')!.content;
    const cal = parseCalendar(calendarFile, 'cn-2026.json');
    if (!cal.ok) throw new Error('calendar');
    const flow = createFlowRuntime(bundle.flows.find((f) => f.def.id === 'allocation-review')!.def, tree, bundle, createWorkingClock(cal.calendar));
    const start = flow.start({ id: 'r-d', ownerId: 'sun', unitId: 'east', data: { base: 8_000_000, stretch: 12_000_000 }, now: T });
    const appealed = ok(flow.step(start, 'appeal', eastHead, { requestedBase: 7_500_000, reason: 'x', evidence: ['a'] }, '2026-04-02T10:00:00+08:00', 0));
    // Thursday 10:00 + 24 working hours of 9 a day: 8 on Thursday, 9 on Friday, Qingming (4-6 April) skipped, 7 on Tuesday
    expect(appealed.due?.at).toBe('2026-04-07T16:00:00+08:00');
    expect(flow.overdue(appealed, '2026-04-07T16:00:00+08:00')).toBeNull();
    expect(flow.overdue(appealed, '2026-04-07T16:01:00+08:00')).toMatchObject({ event: 'review.appeal-overdue' });
    const decided = ok(flow.step(appealed, 'reject', admin, { comment: '证据不足' }, '2026-04-09T09:00:00+08:00', 1));
    expect(flow.overdue(decided, '2026-04-20T09:00:00+08:00')).toBeNull();
  });
});
