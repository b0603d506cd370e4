/**
 * Probes of issue 20 (audit trails that cannot tell): an edited trail is refused by replay at
 * the first altered entry, self-approval reads the chained trail and not what an instance
 * still holds, old unchained trails are refused or migrated by replay, evidence is real.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildOrgTree, createFlowRuntime, loadBundle, type Actor, type FlowInstance, type StepResult,
} from '../../plugin/index.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

const loaded = loadBundle(defaultBundleFiles());
if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
const bundle = loaded.bundle;
const built = buildOrgTree([
  { id: 'co', parentId: null, name: '公司' },
  { id: 'east', parentId: 'co', name: '华东' },
  { id: 'east-1', parentId: 'east', name: '华东一组' },
  { id: 'wang', parentId: 'east-1', name: '王磊' },
]);
if (!built.ok) throw new Error('tree');
const tree = built.tree;
const runtime = (id: string) => createFlowRuntime(bundle.flows.find((f) => f.def.id === id)!.def, tree, bundle);
const filing = runtime('target-filing');
const review = runtime('allocation-review');

const wang: Actor = { id: 'wang', roles: ['rep'], unitId: 'wang' };
const lead: Actor = { id: 'chen', roles: ['team-lead'], unitId: 'east-1' };
const head: Actor = { id: 'sun', roles: ['region-head'], unitId: 'east' };
const admin: Actor = { id: 'admin', roles: ['hq-admin'], unitId: 'co' };
const T = (h: number) => `2026-04-01T${String(9 + h).padStart(2, '0')}:00:00+08:00`;

const ok = (r: StepResult): FlowInstance => {
  if (!r.ok) throw new Error(`${r.refusal.code}: ${r.refusal.message.en}`);
  return r.instance;
};
const start = () => filing.start({ id: 'f-1', ownerId: 'wang', unitId: 'wang', now: T(0) });

/** submit → return → submit → adjust: four chained entries. */
function story(): FlowInstance {
  const a = ok(filing.step(start(), 'submit', wang, { declaredBase: 800000, declaredStretch: 1000000 }, T(0), 0));
  const b = ok(filing.step(a, 'return', head, { comment: '偏低' }, T(1), 1));
  const c = ok(filing.step(b, 'submit', wang, { declaredBase: 900000, declaredStretch: 1200000 }, T(2), 2));
  return ok(filing.step(c, 'adjust', lead, { confirmedBase: 950000, confirmedStretch: 1200000, comment: '上调' }, T(3), 3));
}

const edit = (audit: FlowInstance['audit'], i: number, change: (e: Record<string, unknown>) => void) =>
  audit.map((e, j) => {
    const copy = structuredClone(e) as unknown as Record<string, unknown>;
    if (j === i) change(copy);
    return copy as unknown as FlowInstance['audit'][number];
  });

describe('a hash-chained audit trail', () => {
  it('chains every entry to the one before and to its own content, and survives a trip through JSON', () => {
    const final = story();
    expect(final.audit.map((e) => e.hash)).toHaveLength(4);
    final.audit.slice(1).forEach((e, i) => expect(e.prev).toBe(final.audit[i]!.hash));
    expect(new Set(final.audit.map((e) => e.hash)).size).toBe(4);
    const stored = JSON.parse(JSON.stringify(final)) as FlowInstance;
    expect(filing.replay(start(), stored.audit)).toEqual({ ok: true, instance: final });
  });

  it('replay refuses an edited amount, naming the first altered entry', () => {
    const audit = edit(story().audit, 2, (e) => { (e.payload as Record<string, unknown>).declaredBase = 1; });
    const r = filing.replay(start(), audit);
    expect(r).toMatchObject({ ok: false, seq: 3, refusal: { code: 'FLOW_AUDIT_BROKEN', pointer: '/audit/2/changes' } });
  });

  it('replay refuses an edited approver, though the other person could have acted', () => {
    const audit = edit(story().audit, 3, (e) => { e.actor = { ...head }; });
    expect(filing.replay(start(), audit)).toMatchObject({ ok: false, seq: 4, refusal: { pointer: '/audit/3/hash' } });
  });

  it('replay refuses edited recorded changes and an edited target state', () => {
    const changes = edit(story().audit, 3, (e) => { ((e.changes as Array<{ after: unknown }>)[0]!).after = 1; });
    expect(filing.replay(start(), changes)).toMatchObject({ ok: false, seq: 4, refusal: { pointer: '/audit/3/changes' } });
    const to = edit(story().audit, 1, (e) => { e.to = 'confirmed'; });
    expect(filing.replay(start(), to)).toMatchObject({ ok: false, seq: 2, refusal: { pointer: '/audit/1/to' } });
  });

  it('replay refuses a dropped entry and a trail replayed onto another instance', () => {
    const audit = story().audit;
    expect(filing.replay(start(), [audit[0]!, ...audit.slice(2)])).toMatchObject({ ok: false, seq: 2 });
    const other = filing.start({ id: 'f-2', ownerId: 'wang', unitId: 'wang', now: T(0) });
    expect(filing.replay(other, audit)).toMatchObject({ ok: false, seq: 1, refusal: { pointer: '/audit/0/prev' } });
  });

  it('any edit of one recorded field of one entry is refused (property)', () => {
    const final = story();
    const fields = ['action', 'actor', 'at', 'from', 'to', 'payload', 'changes', 'version', 'prev', 'hash'] as const;
    fc.assert(fc.property(fc.integer({ min: 0, max: 3 }), fc.constantFrom(...fields), fc.jsonValue(), (i, field, value) => {
      const before = JSON.stringify(final.audit[i]![field]);
      fc.pre(JSON.stringify(value) !== before);
      const audit = edit(final.audit, i, (e) => { e[field] = value; });
      const r = filing.replay(start(), audit);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.seq).toBe(i + 1);
    }), { seed: 20, numRuns: 150 });
  });

  it('step refuses an instance whose trail was edited, with the place', () => {
    const final = story();
    const edited = { ...final, audit: edit(final.audit, 0, (e) => { e.actor = { ...lead }; }) };
    const r = filing.step(edited, 'return', head, { comment: 'x' }, T(4), 4);
    expect(r).toMatchObject({ ok: false, refusal: { code: 'FLOW_AUDIT_BROKEN', pointer: '/audit/0/hash' } });
  });
});

describe('self-approval is read from the chain', () => {
  const both: Actor = { id: 'wang', roles: ['rep', 'team-lead'], unitId: 'east-1' };
  const submitted = () => ok(filing.step(start(), 'submit', both, { declaredBase: 1, declaredStretch: 2 }, T(0), 0));

  it('refuses a confirmation on an instance whose audit array was emptied', () => {
    const emptied = { ...submitted(), audit: [] };
    const r = filing.step(emptied, 'confirm', both, {}, T(1), 1);
    expect(r).toMatchObject({ ok: false, refusal: { code: 'FLOW_AUDIT_BROKEN', pointer: '/audit' } });
    expect(filing.available(emptied, both)).toEqual([]);
  });

  it('refuses it too when the version was set back with the trail', () => {
    const reset = { ...submitted(), audit: [], version: 0 };
    expect(filing.step(reset, 'confirm', both, {}, T(1), 0)).toMatchObject({ ok: false, refusal: { code: 'FLOW_AUDIT_BROKEN', pointer: '/state' } });
  });

  it('refuses it when the submitter\'s id was rewritten in the trail', () => {
    const s = submitted();
    const rewritten = { ...s, audit: edit(s.audit, 0, (e) => { e.actor = { ...wang, id: 'someone' }; }) };
    expect(filing.step(rewritten, 'confirm', both, {}, T(1), 1)).toMatchObject({ ok: false, refusal: { code: 'FLOW_AUDIT_BROKEN' } });
  });
});

describe('trails saved before the chain', () => {
  const legacy = () => story().audit.map(({ prev: _p, hash: _h, ...rest }) => rest) as unknown as FlowInstance['audit'];

  it('are refused by step and by replay, with a message that says how to migrate', () => {
    const old = { ...story(), audit: legacy() };
    const r = filing.step(old, 'return', head, { comment: 'x' }, T(4), 4);
    expect(r).toMatchObject({ ok: false, refusal: { code: 'FLOW_AUDIT_UNCHAINED', pointer: '/audit/0' } });
    if (!r.ok) expect(r.refusal.message.en).toContain('legacy');
    expect(filing.replay(start(), legacy())).toMatchObject({ ok: false, seq: 1, refusal: { code: 'FLOW_AUDIT_UNCHAINED' } });
  });

  it('are migrated by replay with legacy, which still re-checks every recorded step', () => {
    expect(filing.replay(start(), legacy(), { legacy: true })).toEqual({ ok: true, instance: story() });
    const edited = legacy().map((e, i) => (i === 3 ? { ...e, changes: [] } : e));
    expect(filing.replay(start(), edited, { legacy: true })).toMatchObject({ ok: false, seq: 4, refusal: { pointer: '/audit/3/changes' } });
  });
});

describe('evidence for an appeal', () => {
  const published = () => review.start({ id: 'r-east', ownerId: 'sun', unitId: 'east', data: { base: 8_000_000, stretch: 12_000_000 }, now: T(0) });
  const appeal = (evidence: unknown) => review.step(published(), 'appeal', head, { requestedBase: 7_400_000, reason: '客户流失', evidence }, T(0), 0);
  const code = (r: StepResult) => (r.ok ? 'accepted' : r.refusal.code);

  it('is at least one non-empty text or file', () => {
    for (const nothing of [{}, [''], false, 0, 1, true, [{}], [{ name: ' ' }], { kind: 'attachment' }, [[]]]) {
      expect(code(appeal(nothing)), JSON.stringify(nothing)).not.toBe('accepted');
    }
    expect(code(appeal('去年同期客户名单'))).toBe('accepted');
    expect(code(appeal(['', '客户流失说明']))).toBe('accepted');
    expect(code(appeal([{ name: '客户池截图.png', url: 'https://files.example/1' }]))).toBe('accepted');
  });

  it('asks more of other required fields too: blank text and {} do not count', () => {
    expect(code(review.step(ok(appeal('x')), 'reject', admin, { comment: ' ' }, T(1), 1))).toBe('FLOW_MISSING_FIELD');
    expect(code(review.step(ok(appeal('x')), 'reject', admin, { comment: {} }, T(1), 1))).toBe('FLOW_MISSING_FIELD');
    expect(code(review.step(ok(appeal('x')), 'reject', admin, { comment: '证据不足' }, T(1), 1))).toBe('accepted');
  });
});
