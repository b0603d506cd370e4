import { describe, expect, it } from 'vitest';
import { buildOrgTree, createFlowRuntime, loadBundle, workOrdersOf, type Actor, type FlowInstance } from '../../plugin/index.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

const loaded = loadBundle(defaultBundleFiles());
if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
const bundle = loaded.bundle;
const flow = bundle.flows.find((f) => f.def.id === 'work-order')!.def;
const t = buildOrgTree([
  { id: 'co', parentId: null, name: '公司' },
  { id: 'east', parentId: 'co', name: '华东' },
  { id: 't1', parentId: 'east', name: '一组' },
  { id: 't2', parentId: 'east', name: '二组' },
  { id: 'wang', parentId: 't1', name: '王' },
  { id: 'sun', parentId: 't2', name: '孙' },
]);
if (!t.ok) throw new Error('tree');
/** One working hour is one calendar hour here. */
const clock = (from: string, hours: number) => new Date(Date.parse(from) + hours * 3_600_000).toISOString();
const runtime = createFlowRuntime(flow, t.tree, bundle, clock);
const rep: Actor = { id: 'wang', roles: ['rep'], unitId: 'wang' };
const lead: Actor = { id: 'lead1', roles: ['team-lead'], unitId: 't1' };
const otherLead: Actor = { id: 'lead2', roles: ['team-lead'], unitId: 't2' };
const engineer: Actor = { id: 'eng1', roles: ['engineer'], unitId: 'co' };
const T0 = '2026-03-02T01:00:00.000Z';

function step(i: FlowInstance, action: string, actor: Actor, payload: Record<string, unknown>, now: string): FlowInstance {
  const r = runtime.step(i, action, actor, payload, now, i.version);
  if (!r.ok) throw new Error(r.refusal.message.en);
  return r.instance;
}

describe('work orders (协同工单) on the flow engine', () => {
  it('raise → assign → resolve → confirm, with due times, and the opportunity lists its orders', () => {
    let wo = runtime.start({ id: 'WO1', ownerId: 'wang', unitId: 'wang', data: { opportunityId: 'OP1', title: '对接 ERP' }, now: T0 });
    expect(runtime.step(wo, 'assign', otherLead, { engineerId: 'eng1' }, T0, wo.version)).toMatchObject({ ok: false });
    const refused = runtime.step(wo, 'assign', lead, { engineerId: '' }, T0, wo.version);
    expect(refused.ok).toBe(false);
    wo = step(wo, 'assign', lead, { engineerId: 'eng1' }, T0);
    expect(wo.state).toBe('assigned');
    expect(wo.due).toMatchObject({ at: '2026-03-02T09:00:00.000Z', event: 'work-order.response-overdue' });
    expect(runtime.overdue(wo, '2026-03-02T09:01:00.000Z')?.event).toBe('work-order.response-overdue');
    const other = runtime.start({ id: 'WO2', ownerId: 'wang', unitId: 'wang', data: { opportunityId: 'OP2' }, now: T0 });
    expect(workOrdersOf('OP1', [wo, other], flow, '2026-03-02T10:00:00.000Z')).toEqual([
      expect.objectContaining({ id: 'WO1', state: 'assigned', overdue: true, title: '对接 ERP', stateTitle: { zh: '处理中', en: 'Assigned' } }),
    ]);
    expect(runtime.step(wo, 'resolve', engineer, {}, T0, wo.version).ok).toBe(false);
    wo = step(wo, 'resolve', engineer, { resolution: '已提供接口文档' }, '2026-03-02T05:00:00.000Z');
    wo = step(wo, 'reopen', rep, { reason: '缺少字段映射' }, '2026-03-02T06:00:00.000Z');
    wo = step(wo, 'resolve', engineer, { resolution: '补充字段映射' }, '2026-03-02T07:00:00.000Z');
    wo = step(wo, 'confirm', rep, {}, '2026-03-02T08:00:00.000Z');
    expect(workOrdersOf('OP1', [wo], flow, '2026-03-09T00:00:00.000Z')[0]).toMatchObject({ state: 'confirmed', final: true, overdue: false, due: null });
    const replayed = runtime.replay(runtime.start({ id: 'WO1', ownerId: 'wang', unitId: 'wang', data: { opportunityId: 'OP1', title: '对接 ERP' }, now: T0 }), wo.audit);
    expect(replayed.ok && replayed.instance.state).toBe('confirmed');
  });
  it('only the owner confirms', () => {
    let wo = runtime.start({ id: 'WO3', ownerId: 'wang', unitId: 'wang', data: { opportunityId: 'OP1' }, now: T0 });
    wo = step(wo, 'assign', lead, { engineerId: 'eng1' }, T0);
    wo = step(wo, 'resolve', engineer, { resolution: 'ok' }, T0);
    expect(runtime.step(wo, 'confirm', { id: 'sun', roles: ['rep'], unitId: 'sun' }, {}, T0, wo.version).ok).toBe(false);
  });
});
