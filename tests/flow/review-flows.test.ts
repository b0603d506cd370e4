import { describe, expect, it } from 'vitest';
import { buildOrgTree, createFlowRuntime, loadBundle, type Actor, type FlowInstance, type StepResult } from '../../plugin/index.js';
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
