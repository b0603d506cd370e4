import { describe, expect, it } from 'vitest';
import {
  buildOrgTree,
  createFlowRuntime,
  loadBundle,
  type Actor,
  type FlowInstance,
  type FlowRuntime,
  type StepResult,
} from '../../plugin/index.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

const loaded = loadBundle(defaultBundleFiles());
if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
const bundle = loaded.bundle;
const treeResult = buildOrgTree([
  { id: 'co', parentId: null, name: '公司' },
  { id: 'east', parentId: 'co', name: '华东' },
  { id: 'south', parentId: 'co', name: '华南' },
  { id: 'east-1', parentId: 'east', name: '华东一组' },
  { id: 'south-1', parentId: 'south', name: '华南一组' },
  { id: 'wang', parentId: 'east-1', name: '王磊' },
  { id: 'li', parentId: 'east-1', name: '李娜' },
  { id: 'zhao', parentId: 'south-1', name: '赵强' },
]);
if (!treeResult.ok) throw new Error('tree');
const tree = treeResult.tree;

/** A fake working clock: one working hour is one calendar hour. */
const clock = (from: string, hours: number) => new Date(Date.parse(from) + hours * 3_600_000).toISOString();
const def = bundle.flows.find((f) => f.def.id === 'target-filing')!.def;
const flow: FlowRuntime = createFlowRuntime(def, tree, bundle, clock);

const wang: Actor = { id: 'wang', roles: ['rep'], unitId: 'wang' };
const li: Actor = { id: 'li', roles: ['rep'], unitId: 'li' };
const eastLead: Actor = { id: 'chen', roles: ['team-lead'], unitId: 'east-1' };
const southLead: Actor = { id: 'zhou', roles: ['team-lead'], unitId: 'south-1' };
const eastHead: Actor = { id: 'sun', roles: ['region-head'], unitId: 'east' };
const T0 = '2026-04-01T09:00:00+08:00';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

function accepted(r: StepResult): FlowInstance {
  if (!r.ok) throw new Error(`refused: ${r.refusal.code} ${r.refusal.message.en}`);
  return r.instance;
}

function refusedCode(r: StepResult): string {
  return r.ok ? 'accepted' : r.refusal.code;
}

const fresh = () => deepFreeze(flow.start({ id: 'f-1', ownerId: 'wang', unitId: 'wang', now: T0 }));
const submitted = () => deepFreeze(accepted(flow.step(fresh(), 'submit', wang, { declaredBase: 800000, declaredStretch: 1000000 }, T0, 0)));

describe('target filing flow', () => {
  it('submit → confirm: assigns values, audits, emits, never mutates its input', () => {
    const start = fresh();
    const r = flow.step(start, 'submit', wang, { declaredBase: 800000, declaredStretch: 1000000, note: '新客户多' }, T0, 0);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(start.state).toBe('draft');
    expect(r.instance).toMatchObject({ state: 'submitted', version: 1, data: { base: 800000, stretch: 1000000, note: '新客户多' } });
    expect(r.events).toEqual([expect.objectContaining({ event: 'filing.submitted', to: 'team-lead', ownerId: 'wang' })]);
    expect(r.instance.audit[0]).toMatchObject({ seq: 1, action: 'submit', from: 'draft', to: 'submitted', at: T0, version: 0,
      changes: [{ path: 'base', before: null, after: 800000 }, { path: 'stretch', before: null, after: 1000000 }, { path: 'note', before: null, after: '新客户多' }] });
    const done = accepted(flow.step(deepFreeze(r.instance), 'confirm', eastLead, {}, '2026-04-01T15:00:00+08:00', 1));
    expect(done).toMatchObject({ state: 'confirmed', version: 2, data: { confirmedBase: 800000, confirmedStretch: 1000000 } });
  });

  it('adjust needs a comment and keeps Stretch ≥ Base; return sends it back for another submit', () => {
    const s = submitted();
    expect(refusedCode(flow.step(s, 'adjust', eastLead, { confirmedBase: 900000, confirmedStretch: 1100000 }, T0, 1))).toBe('FLOW_MISSING_FIELD');
    expect(refusedCode(flow.step(s, 'adjust', eastLead, { confirmedBase: 900000, confirmedStretch: 850000, comment: '区域潜力高' }, T0, 1))).toBe('FLOW_GUARD');
    const adjusted = accepted(flow.step(s, 'adjust', eastLead, { confirmedBase: 900000, confirmedStretch: 1100000, comment: '区域潜力高' }, T0, 1));
    expect(adjusted.data).toMatchObject({ confirmedBase: 900000, confirmedStretch: 1100000, comment: '区域潜力高' });
    const returned = accepted(flow.step(s, 'return', eastHead, { comment: '请参考去年同期' }, T0, 1));
    expect(returned.state).toBe('returned');
    const again = accepted(flow.step(returned, 'submit', wang, { declaredBase: 850000, declaredStretch: 1000000 }, T0, 2));
    expect(again).toMatchObject({ state: 'submitted', version: 3 });
  });

  it('refuses by role and by scope, from the org tree', () => {
    const s = submitted();
    expect(refusedCode(flow.step(fresh(), 'submit', li, { declaredBase: 1, declaredStretch: 2 }, T0, 0))).toBe('FLOW_SCOPE');
    expect(refusedCode(flow.step(fresh(), 'submit', eastLead, { declaredBase: 1, declaredStretch: 2 }, T0, 0))).toBe('FLOW_ROLE');
    expect(refusedCode(flow.step(s, 'confirm', southLead, {}, T0, 1))).toBe('FLOW_SCOPE');
    expect(refusedCode(flow.step(s, 'confirm', wang, {}, T0, 1))).toBe('FLOW_ROLE');
    expect(refusedCode(flow.step(s, 'confirm', eastHead, {}, T0, 1))).toBe('accepted');
  });

  it('nobody confirms what he submitted himself', () => {
    const both: Actor = { id: 'wang', roles: ['rep', 'team-lead'], unitId: 'east-1' };
    const s = accepted(flow.step(fresh(), 'submit', both, { declaredBase: 1, declaredStretch: 2 }, T0, 0));
    expect(refusedCode(flow.step(s, 'confirm', both, {}, T0, 1))).toBe('FLOW_SELF_APPROVAL');
  });

  it('refuses a stale version as a conflict, unknown and unavailable actions, and anything after the end', () => {
    const s = submitted();
    const first = accepted(flow.step(s, 'confirm', eastLead, {}, T0, 1));
    expect(refusedCode(flow.step(first, 'return', eastHead, { comment: 'x' }, T0, 1))).toBe('FLOW_CONFLICT');
    expect(refusedCode(flow.step(s, 'approve', eastLead, {}, T0, 1))).toBe('FLOW_UNKNOWN_ACTION');
    expect(refusedCode(flow.step(fresh(), 'confirm', eastLead, {}, T0, 0))).toBe('FLOW_ACTION_NOT_AVAILABLE');
    expect(refusedCode(flow.step(first, 'return', eastHead, { comment: 'x' }, T0, 2))).toBe('FLOW_FINAL');
  });

  it('raises the overdue event once the due working hours have passed, and not after the state is left', () => {
    const s = submitted();
    expect(s.due).toEqual({ at: '2026-04-01T17:00:00.000Z', state: 'submitted', event: 'filing.review-overdue', action: 'submit' });
    expect(flow.overdue(s, '2026-04-02T01:00:00+08:00')).toBeNull();
    expect(flow.overdue(s, '2026-04-02T01:00:01+08:00')).toMatchObject({ event: 'filing.review-overdue', instanceId: 'f-1' });
    const done = accepted(flow.step(s, 'confirm', eastLead, {}, T0, 1));
    expect(flow.overdue(done, '2026-04-09T00:00:00+08:00')).toBeNull();
  });

  it('lists the actions an actor may take', () => {
    expect(flow.available(submitted(), eastLead).map((t) => t.action)).toEqual(['confirm', 'adjust', 'return']);
    expect(flow.available(submitted(), southLead)).toEqual([]);
    expect(flow.available(fresh(), wang).map((t) => t.action)).toEqual(['submit']);
  });

  it('replays the audit trail to the same final instance', () => {
    const returned = accepted(flow.step(submitted(), 'return', eastHead, { comment: '偏低' }, '2026-04-01T10:00:00+08:00', 1));
    const again = accepted(flow.step(returned, 'submit', wang, { declaredBase: 900000, declaredStretch: 1200000 }, '2026-04-01T11:00:00+08:00', 2));
    const final = accepted(flow.step(again, 'adjust', eastLead, { confirmedBase: 950000, confirmedStretch: 1200000, comment: '上调' }, '2026-04-01T12:00:00+08:00', 3));
    const replayed = flow.replay(fresh(), final.audit);
    expect(replayed).toEqual({ ok: true, instance: final });
    const tampered = final.audit.map((a) => (a.seq === 3 ? { ...a, actor: li } : a));
    expect(flow.replay(fresh(), tampered)).toMatchObject({ ok: false, seq: 3 });
  });
});
