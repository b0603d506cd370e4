/**
 * The NocoBase plugin's step node and flow guard without NocoBase: a transition is taken only
 * for the role, within the scope and not by the filer himself, as the flow runtime says; the
 * refusal carries the flow's message; the next task goes to the users of the role in scope;
 * and a caller runs only the rules of the templates his roles work with.
 */
import { describe, expect, it } from 'vitest';
import { toSingleFile } from '../../plugin/index.js';
import { RuleStore, compileBundle } from '../../hosts/nocobase/plugin/src/server/rule-store.js';
import { createRuleInstruction, type StepHost } from '../../hosts/nocobase/plugin/src/server/rule-instruction.js';
import { checkSave, type HostUser } from '../../hosts/nocobase/plugin/src/server/flow-guard.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

function store(): RuleStore {
  const compiled = compileBundle(toSingleFile(defaultBundleFiles()));
  if (!compiled.ok) throw new Error(compiled.errors.map((e) => e.code).join(', '));
  const s = new RuleStore();
  s.activate(compiled.bundle);
  return s;
}

const USERS: HostUser[] = [
  { id: 11, roleNames: ['member', 'tk_rep'], unitId: 'HD01-01' }, // the filer, a rep in 华东 上海一组
  { id: 12, roleNames: ['member', 'tk_region_head'], unitId: 'HD' }, // 华东's head
  { id: 13, roleNames: ['member', 'tk_region_head'], unitId: 'HN' }, // 华南's head
  { id: 14, roleNames: ['member'], unitId: 'HD' }, // a member with no bundle role
  { id: 15, roleNames: ['member', 'tk_rep', 'tk_team_lead'], unitId: 'HD01' }, // a lead who files too
];

/** One filing record in an in-memory collection, and the step node over it. */
function harness(record: Record<string, unknown>) {
  const rows = new Map<unknown, Record<string, unknown>>([[record.id, { ...record }]]);
  const host: StepHost = {
    user: async (id) => USERS.find((u) => String(u.id) === String(id)),
    usersWithRoles: async (names) => USERS.filter((u) => u.roleNames.some((n) => names.includes(n))),
    fields: () => new Set(['declaredBase', 'declaredStretch', 'confirmedBase', 'confirmedStretch', 'comment', 'rep', 'base', 'stretch', 'note']),
    read: async (_c, id) => rows.get(id),
    write: async (_c, id, values) => { rows.set(id, { ...rows.get(id), ...values }); },
    now: () => '2026-05-15T09:00:00+08:00',
  };
  const node = createRuleInstruction(store(), async () => undefined, host);
  const step = { id: 1, key: 'tkstep', upstreamId: null, branchIndex: null, config: { step: { collection: 'tk_target_filing' } } };
  const manual = { id: 2, key: 'decide', upstreamId: 1, branchIndex: 1, config: null };
  const run = async (changes: Record<string, unknown>): Promise<{ result: Record<string, unknown>; ran: number[] }> => {
    rows.set(record.id, { ...rows.get(record.id), ...changes });
    const ran: number[] = [];
    let saved: Record<string, unknown> = {};
    const processor = {
      execution: { context: { data: rows.get(record.id) } },
      nodes: [step, manual],
      saveJob: (job: Record<string, unknown>) => { saved = job; return { ...job, id: 9, status: Number(job.status) }; },
      run: async (n: { id: number | string }) => { ran.push(Number(n.id)); },
      exit: async () => undefined,
      findBranchParentJob: () => null,
      getParsedValue: (v: unknown) => v,
    };
    const job = await node.run(step, null, processor);
    return { result: ((job ?? saved) as { result: Record<string, unknown> }).result, ran };
  };
  return { run, row: () => rows.get(record.id) as Record<string, unknown> };
}

const filing = (owner: number, unit: string) => ({ id: 7, rep: 'r', declaredBase: 150000, declaredStretch: 180000, tk_status: 'draft', tk_owner: String(owner), tk_unit: unit, tk_audit: [] });

describe('target-kit-rule step node (a transition in NocoBase)', () => {
  it("moves the filer's own filing, then gives the decision to the heads in scope only", async () => {
    const h = harness(filing(11, 'HD01-01'));
    const submitted = await h.run({ tk_action: 'submit', tk_actor: '11' });
    expect(submitted.result).toMatchObject({ ok: true, to: 'submitted' });
    expect(submitted.ran).toEqual([2]);
    // 华东's head and the lead of 上海一组, not 华南's head, not the member, not the filer
    // as NocoBase's ids (numbers), which the manual node compares with the user's id by ===
    expect(submitted.result.deciders).toEqual([12, 15]);
    expect(h.row()).toMatchObject({ tk_status: 'submitted', tk_action: null, tk_message: null });
    expect((h.row().tk_audit as Array<{ action: string; actor: { id: string } }>).map((a) => [a.action, a.actor.id])).toEqual([['submit', '11']]);
  });

  it('refuses with the flow’s message: a member, a head of another region, the filer himself', async () => {
    const h = harness(filing(11, 'HD01-01'));
    await h.run({ tk_action: 'submit', tk_actor: '11' });
    const member = await h.run({ tk_action: 'confirm', tk_actor: '14' });
    expect(member.result).toMatchObject({ ok: false, code: 'FLOW_ROLE' });
    expect(member.ran).toEqual([]);
    const otherHead = await h.run({ tk_action: 'confirm', tk_actor: '13' });
    expect(otherHead.result).toMatchObject({ ok: false, code: 'FLOW_SCOPE' });
    expect(String(h.row().tk_message)).toContain('不在你负责的范围');
    const filer = await h.run({ tk_action: 'confirm', tk_actor: '11' });
    expect(filer.result).toMatchObject({ ok: false, code: 'FLOW_ROLE' });
    expect(h.row()).toMatchObject({ tk_status: 'submitted', tk_action: null });
    expect(String(h.row().tk_message)).toContain('只有 team-lead、region-head');
    const head = await h.run({ tk_action: 'confirm', tk_actor: '12' });
    expect(head.result).toMatchObject({ ok: true, to: 'confirmed' });
    // the confirm copies the Base the submit kept on the record
    expect(h.row()).toMatchObject({ tk_status: 'confirmed', base: 150000, confirmedBase: 150000, confirmedStretch: 180000 });
  });

  it('refuses self-approval: a lead who filed cannot confirm his own filing, though his role may', async () => {
    const h = harness(filing(15, 'HD01'));
    expect((await h.run({ tk_action: 'submit', tk_actor: '15' })).result).toMatchObject({ ok: true });
    const own = await h.run({ tk_action: 'confirm', tk_actor: '15' });
    expect(own.result).toMatchObject({ ok: false, code: 'FLOW_SELF_APPROVAL' });
    expect(h.row().tk_status).toBe('submitted');
  });

  it("refuses another rep's submit and a submit whose figures fail the guard, with the guard's words", async () => {
    const other = harness(filing(11, 'HD01-01'));
    expect((await other.run({ tk_action: 'submit', tk_actor: '15' })).result).toMatchObject({ ok: false, code: 'FLOW_SCOPE' });
    const bad = harness({ ...filing(11, 'HD01-01'), declaredStretch: 90000 });
    const refused = await bad.run({ tk_action: 'submit', tk_actor: '11' });
    expect(refused.result).toMatchObject({ ok: false, code: 'FLOW_GUARD', message: '挑战目标不能低于基础目标，且两者都要大于 0' });
    expect(bad.row()).toMatchObject({ tk_status: 'draft', tk_message: '挑战目标不能低于基础目标，且两者都要大于 0' });
  });

  it('refuses when nobody known asked for the action', async () => {
    const h = harness(filing(11, 'HD01-01'));
    expect((await h.run({ tk_action: 'submit', tk_actor: null })).result).toMatchObject({ ok: false, code: 'FLOW_ACTOR_UNKNOWN' });
  });
});

describe('rules a caller may evaluate', () => {
  it('are the rules of the templates his bundle roles work with; none for a member', () => {
    const guard = store().current?.guard;
    if (!guard) throw new Error('no bundle');
    const rep = guard.rulesFor(guard.actorOf({ id: 1, roleNames: ['tk_rep'] }).roles);
    expect(rep.has('filing-declaration-valid')).toBe(true);
    expect(rep.has('appeal-within-limit')).toBe(false);
    expect(guard.rulesFor(guard.actorOf({ id: 2, roleNames: ['member'] }).roles).size).toBe(0);
  });
});

describe("a user's save of a flow's record", () => {
  const runtime = () => {
    const flow = store().current?.guard.flowOf('tk_target_filing');
    if (!flow) throw new Error('no filing flow');
    return flow;
  };
  const row = (isNew: boolean, values: Record<string, unknown>, changed: string[] = Object.keys(values)) => ({
    isNew, get: (f: string) => values[f], changes: (f: string) => changed.includes(f),
  });
  const rep = USERS[0] as HostUser;

  it('starts a new record in the initial state, owned by its creator, at his unit, asking as him', () => {
    expect(checkSave(runtime(), row(true, { rep: 'r', tk_action: 'submit', tk_unit: 'HN', tk_owner: '99' }), rep))
      .toEqual({ ok: true, set: { tk_status: 'draft', tk_audit: [], tk_owner: '11', tk_unit: 'HD01-01', tk_actor: '11' } });
    // an administrator without a unit keeps the unit his import names
    expect(checkSave(runtime(), row(true, { tk_unit: 'HD' }), { id: 1, roleNames: ['root'] })).toMatchObject({ ok: true, set: { tk_owner: '1', tk_actor: null } });
    expect(checkSave(runtime(), row(true, { tk_status: 'confirmed' }), rep)).toMatchObject({ ok: false, message: { en: expect.stringContaining('starts in "draft"') } });
  });

  it('refuses a change of the state, the owner, the unit, its path, the trail or the asker; records who asks for an action', () => {
    for (const field of ['tk_status', 'tk_owner', 'tk_unit', 'tk_path', 'tk_audit', 'tk_actor']) {
      expect(checkSave(runtime(), row(false, { [field]: 'x' }), rep), field).toMatchObject({ ok: false, message: { zh: expect.stringContaining(field) } });
    }
    expect(checkSave(runtime(), row(false, { tk_action: 'confirm', comment: 'ok' }), USERS[1])).toEqual({ ok: true, set: { tk_actor: '12' } });
    expect(checkSave(runtime(), row(false, { comment: 'ok' }), rep)).toEqual({ ok: true, set: {} });
  });
});
