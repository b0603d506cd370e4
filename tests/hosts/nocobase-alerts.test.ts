/**
 * The scheduled `target-kit-alerts` node without NocoBase: the stored tables are the bundle's own
 * files, the flow records one work order with its trail, tk_alerts and the in-app messages in
 * memory. One run sends the team lead of 广州一组 (HN01) his weekly digest and the rep 韩琪华
 * (HN01-01) his overdue follow-up and his overdue work order; a second run the same week sends
 * nothing (the digest is keyed by the ISO week of the data's as-of day).
 */
import { describe, expect, it } from 'vitest';
import { createFlowRuntime, parseCsv, toSingleFile, type FlowInstance } from '../../plugin/index.js';
import { createAlertsInstruction } from '../../hosts/nocobase/plugin/src/server/alerts-node.js';
import { compileBundle } from '../../hosts/nocobase/plugin/src/server/rule-store.js';
import { instanceOf } from '../../hosts/nocobase/plugin/src/server/flow-guard.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

const compiled = compileBundle(toSingleFile(defaultBundleFiles()));
if (!compiled.ok) throw new Error('bundle');
const { loaded: bundle, guard } = compiled.bundle;

const REP = 1;
const LEAD = 2;
const usersAt = new Map([['HN01-01', REP], ['HN01', LEAD]]);

/** A work order of the rep, assigned on 13 May (due 8 working hours later), as its NocoBase record holds it. */
function workOrderRecord(): FlowInstance {
  const flow = createFlowRuntime(bundle.flows.find((f) => f.def.id === 'work-order')!.def, guard.tree, bundle);
  const start = flow.start({ id: '7', ownerId: String(REP), unitId: 'HN01-01', data: { title: '客户要求对接 ERP' }, now: '2026-05-13T10:00:00+08:00' });
  const step = flow.step(start, 'assign', { id: 'HN01', roles: ['team-lead'], unitId: 'HN01' }, { engineerId: 'eng-1' }, '2026-05-13T10:00:00+08:00', 0);
  if (!step.ok) throw new Error(step.refusal.message.en);
  // what the flow collection stores: the state and the trail, never the due time
  const record = { id: 7, tk_status: step.instance.state, tk_owner: String(REP), tk_unit: 'HN01-01', tk_audit: step.instance.audit, title: '客户要求对接 ERP' };
  const instance = instanceOf(flow, record);
  expect(instance.due).toBeNull();
  return { ...instance, id: `tk_work_order/${instance.id}`, ownerId: `user:${REP}` };
}

function fakeNocoBase() {
  const alerts: Array<{ id: number; key: string; notifiedAt: unknown; resolvedAt: unknown; kind: unknown }> = [];
  const messages: Array<{ user: number; title: string; content: string }> = [];
  const flows = [workOrderRecord()];
  const readTable = async (id: string) => {
    const set = bundle.datasets.get(id);
    const parsed = set && parseCsv(String(set.content), set.def.file);
    return parsed && parsed.ok ? { file: set.def.file, columns: parsed.columns, records: parsed.records } : undefined;
  };
  const instruction = createAlertsInstruction({
    bundle: () => bundle,
    readTable,
    pipelineTables: async () => ({ opportunities: (await readTable('sample-pipeline-opportunities'))!, activities: (await readTable('sample-pipeline-activities'))! }),
    flowInstances: async () => flows,
    storedAlerts: async () => alerts.map((a) => ({ ...a })),
    createAlerts: async (rows) => { for (const r of rows) alerts.push({ id: alerts.length + 1, key: String(r.tk_key ?? r.key), notifiedAt: r.notifiedAt, resolvedAt: null, kind: r.kind }); },
    updateAlert: async (id, values) => { Object.assign(alerts.find((a) => a.id === id)!, values); },
    usersAtUnits: async (units) => units.flatMap((u) => (usersAt.has(u) ? [{ id: usersAt.get(u)!, unit: u }] : [])),
    usersWithRole: async () => [],
    send: async (users, title, content) => { for (const user of users) messages.push({ user, title, content }); },
    now: () => '2026-05-15T10:00:00+08:00',
  }, async () => undefined);
  // a run at the trigger's time when it has one (a schedule's fire time), else the host's clock
  const run = async (date?: string) => {
    const job = await instruction.run({ id: 1, key: 'alerts', config: { targets: 'sample-targets', actuals: 'sample-actuals', activity: 'sample-activity' } }, null, date ? { execution: { context: { date } } } : undefined);
    expect(job.status, JSON.stringify(job.result)).toBe(1);
    return job.result as { raised: number; messages: number; digests: number };
  };
  return { alerts, messages, run };
}

describe('the scheduled alerts node (NocoBase) sends digests, follow-ups and flow to-dos once', () => {
  it('a manager gets his digest and a rep his overdue follow-up and work order; a second run sends nothing', async () => {
    const nb = fakeNocoBase();
    // triggered at 22:00 Shanghai (quiet hours): nothing sent, no digest logged
    const night = await nb.run('2026-05-15T14:00:00.000Z');
    expect([night.messages, night.digests, nb.messages.length, nb.alerts.filter((a) => a.kind === 'weekly-digest').length]).toEqual([0, 0, 0, 0]);
    const first = await nb.run();
    const lead = nb.messages.filter((m) => m.user === LEAD);
    const digest = lead.filter((m) => m.title.includes('周报'));
    expect(digest.map((m) => m.title)).toEqual(['广州一组 周报 2026-W20（截至 2026-05-15）']);
    expect(digest[0]!.content).toContain('未解除的预警');
    const rep = nb.messages.filter((m) => m.user === REP).map((m) => m.content);
    expect(rep.some((c) => c.startsWith('【跟进超时】韩琪华 的商机 OP') && !c.includes('（）'))).toBe(true);
    expect(rep.some((c) => c.startsWith('【待办超时】') && c.includes('tk_work_order/7'))).toBe(true);
    expect(first.digests).toBeGreaterThan(0);
    expect(nb.alerts.filter((a) => a.kind === 'weekly-digest')).toHaveLength(first.digests);

    const sent = nb.messages.length;
    const again = await nb.run();
    expect([again.raised, again.messages, again.digests, nb.messages.length]).toEqual([0, 0, 0, sent]);
  });
});
