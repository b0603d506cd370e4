/** `target-kit replay`: a saved instance verified against its trail; altered trails refused at their place. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOrgTree, createFlowRuntime, loadBundle, type Actor, type FlowInstance, type StepResult } from '../../plugin/index.js';
import { defaultBundleFiles } from '../support/default-bundle.js';
import { runCli } from '../support/run-cli.js';

const loaded = loadBundle(defaultBundleFiles());
if (!loaded.ok) throw new Error('bundle');
const units = [
  ['co', '', '公司'], ['east', 'co', '华东'], ['east-1', 'east', '华东一组'], ['wang', 'east-1', '王磊'],
];
const built = buildOrgTree(units.map(([id, parent, name]) => ({ id: id!, parentId: parent || null, name: name! })));
if (!built.ok) throw new Error('tree');
const flow = createFlowRuntime(loaded.bundle.flows.find((f) => f.def.id === 'target-filing')!.def, built.tree, loaded.bundle);
const wang: Actor = { id: 'wang', roles: ['rep'], unitId: 'wang' };
const lead: Actor = { id: 'chen', roles: ['team-lead'], unitId: 'east-1' };
const ok = (r: StepResult): FlowInstance => {
  if (!r.ok) throw new Error(r.refusal.message.en);
  return r.instance;
};

function saved(): FlowInstance {
  const start = flow.start({ id: 'f-1', ownerId: 'wang', unitId: 'wang', data: { note: '首次申报' }, now: '2026-04-01T09:00:00+08:00' });
  const submitted = ok(flow.step(start, 'submit', wang, { declaredBase: 800000, declaredStretch: 1000000 }, '2026-04-01T09:00:00+08:00', 0));
  return ok(flow.step(submitted, 'confirm', lead, {}, '2026-04-01T10:00:00+08:00', 1));
}

function files(instance: unknown): { dir: string; instance: string; org: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tk-replay-'));
  writeFileSync(join(dir, 'instance.json'), JSON.stringify(instance, null, 2));
  writeFileSync(join(dir, 'org.csv'), ['id,parent_id,name', ...units.map((u) => u.join(','))].join('\n'));
  return { dir, instance: join(dir, 'instance.json'), org: join(dir, 'org.csv') };
}

const run = (f: { instance: string; org: string }, ...more: string[]) => runCli(['replay', '--instance', f.instance, '--org', f.org, '--lang', 'en', ...more]);

describe('target-kit replay', () => {
  it('verifies an untouched instance', async () => {
    const r = await run(files(saved()));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('verified: instance.json (target-filing), 2 entries');
  });

  it('refuses an edited amount, an edited approver and an emptied trail, naming the place', async () => {
    const amount = saved();
    (amount.audit[0]!.payload as Record<string, unknown>).declaredBase = 1;
    const a = await run(files(amount));
    expect(a.code).toBe(1);
    expect(a.stderr).toContain('altered at /audit/0/changes');

    const approver = saved();
    approver.audit[1]!.actor = { id: 'sun', roles: ['region-head'], unitId: 'east' };
    const b = await run(files(approver));
    expect(b.code).toBe(1);
    expect(b.stderr).toContain('altered at /audit/1/hash');

    const b2 = await run(files({ ...saved(), data: { ...saved().data, confirmedBase: 1 } }));
    expect(b2.code).toBe(1);
    expect(b2.stderr).toContain('/data');

    const emptied = await run(files({ ...saved(), audit: [] }));
    expect(emptied.code).toBe(1);
    expect(emptied.stderr).toContain('state');
  });

  it('refuses a trail saved before the chain, and migrates it with --legacy --out', async () => {
    const old = saved();
    const legacy = { ...old, audit: old.audit.map(({ prev: _p, hash: _h, ...rest }) => rest) };
    const f = files(legacy);
    const refused = await run(f);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('FLOW_AUDIT_UNCHAINED');
    const out = join(f.dir, 'migrated.json');
    const migrated = await run(f, '--legacy', '--out', out);
    expect(migrated.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(JSON.parse(JSON.stringify(old)));
    expect((await run({ ...f, instance: out })).code).toBe(0);
  });
});
