/**
 * Issue 20, item 8: scope by identity. An actor acts on the subtree of the unit he stands at,
 * and he stands there only if the org says so: the unit's named head (`head`), the rep whose
 * unit it is, or — where the org names nobody — a holder of a role whose level (bundle roles)
 * is the unit's. A team lead who claims the company root used to confirm any rep's filing.
 */
import { describe, expect, it } from 'vitest';
import { buildOrgTree, createFlowRuntime, loadBundle, type Actor, type FlowInstance, type OrgUnitInput, type StepResult } from '../../plugin/index.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

const loaded = loadBundle(defaultBundleFiles());
if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
const bundle = loaded.bundle;
const def = bundle.flows.find((f) => f.def.id === 'target-filing')!.def;
const units = (heads: Record<string, string> = {}): OrgUnitInput[] => [
  { id: 'co', parentId: null, name: '公司' },
  { id: 'east', parentId: 'co', name: '华东' },
  { id: 'south', parentId: 'co', name: '华南' },
  { id: 'east-1', parentId: 'east', name: '华东一组' },
  { id: 'south-1', parentId: 'south', name: '华南一组' },
  { id: 'wang', parentId: 'east-1', name: '王磊' },
  { id: 'zhao', parentId: 'south-1', name: '赵强' },
].map((u) => (heads[u.id] ? { ...u, head: heads[u.id]! } : u));
const flowFor = (heads?: Record<string, string>) => {
  const t = buildOrgTree(units(heads));
  if (!t.ok) throw new Error('tree');
  return createFlowRuntime(def, t.tree, bundle);
};
const T = '2026-04-01T09:00:00+08:00';
const code = (r: StepResult) => (r.ok ? 'accepted' : r.refusal.code);

/** zhao (south-1's rep) has filed. */
function filed(flow: ReturnType<typeof flowFor>): FlowInstance {
  const r = flow.step(flow.start({ id: 'f', ownerId: 'zhao', unitId: 'zhao', now: T }), 'submit', { id: 'zhao', roles: ['rep'], unitId: 'zhao' }, { declaredBase: 800000, declaredStretch: 900000 }, T, 0);
  if (!r.ok) throw new Error(r.refusal.message.en);
  return r.instance;
}

describe('scope by identity', () => {
  const chenAtRoot: Actor = { id: 'chen', roles: ['team-lead'], unitId: 'co' };

  it('a team lead placed at the company root cannot confirm another team\'s rep', () => {
    const flow = flowFor();
    const r = flow.step(filed(flow), 'confirm', chenAtRoot, {}, T, 1);
    expect(code(r)).toBe('FLOW_SCOPE');
    expect(!r.ok && r.refusal.message.en).toContain('co) is a company');
    expect(flow.available(filed(flow), chenAtRoot)).toEqual([]);
  });

  it('he can when the org says he heads the root, whatever his role', () => {
    const flow = flowFor({ co: 'chen' });
    expect(code(flow.step(filed(flow), 'confirm', chenAtRoot, {}, T, 1))).toBe('accepted');
    // the org's word is about the person: anyone else with the same claim is refused
    expect(code(flow.step(filed(flow), 'confirm', { ...chenAtRoot, id: 'zhou' }, {}, T, 1))).toBe('FLOW_SCOPE');
  });

  it('a unit with a named head takes him only; his own team is his subtree, another team is not', () => {
    const flow = flowFor({ 'east-1': 'chen', 'south-1': 'zhou' });
    const chen: Actor = { id: 'chen', roles: ['team-lead'], unitId: 'east-1' };
    expect(code(flow.step(filed(flow), 'confirm', chen, {}, T, 1))).toBe('FLOW_SCOPE');
    expect(code(flow.step(filed(flow), 'confirm', { ...chen, unitId: 'south-1' }, {}, T, 1))).toBe('FLOW_SCOPE');
    expect(code(flow.step(filed(flow), 'confirm', { id: 'zhou', roles: ['team-lead'], unitId: 'south-1' }, {}, T, 1))).toBe('accepted');
  });

  it('nobody stands at another person\'s rep unit, nor at a level his role does not belong to', () => {
    const flow = flowFor();
    // zhao's own rep unit: only zhao is there, and zhao may not confirm his own filing anyway
    expect(code(flow.step(filed(flow), 'confirm', { id: 'chen', roles: ['team-lead'], unitId: 'zhao' }, {}, T, 1))).toBe('FLOW_SCOPE');
    // a region head placed at the region, or a team lead at the team, still acts as before
    expect(code(flow.step(filed(flow), 'confirm', { id: 'huang', roles: ['region-head'], unitId: 'south' }, {}, T, 1))).toBe('accepted');
    expect(code(flow.step(filed(flow), 'confirm', { id: 'zhou', roles: ['team-lead'], unitId: 'south-1' }, {}, T, 1))).toBe('accepted');
    // a team lead claiming the region above his team is refused: the role does not widen the scope
    expect(code(flow.step(filed(flow), 'confirm', { id: 'zhou', roles: ['team-lead'], unitId: 'south' }, {}, T, 1))).toBe('FLOW_SCOPE');
  });
});
