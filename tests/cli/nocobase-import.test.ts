/**
 * The NocoBase mapping and REST client without a NocoBase (the real host is tested by
 * `npm run test:nocobase`): what the default bundle becomes, that it is deterministic, and how
 * the client waits out a restarting NocoBase and words a refusal.
 */
import { describe, expect, it } from 'vitest';
import { loadBundle } from '../../plugin/index.js';
import { collectionName, fieldOf, nocobaseTarget, RULE_NODE_TYPE } from '../../hosts/nocobase/importer/mapping.js';
import { NocoBaseClient, NocoBaseError } from '../../hosts/nocobase/importer/rest.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

function defaultTarget() {
  const loaded = loadBundle(defaultBundleFiles());
  if (!loaded.ok) throw new Error('default bundle does not load');
  return { bundle: loaded.bundle, target: nocobaseTarget(loaded.bundle) };
}

describe('NocoBase mapping', () => {
  it('gives every template a collection, a page and its flow one workflow per transition', () => {
    const { bundle, target } = defaultTarget();
    expect(target.collections.map((c) => c.name)).toEqual(bundle.templates.map((t) => collectionName(t.def.id)));
    expect(target.pages).toHaveLength(bundle.templates.length);
    const transitions = bundle.templates.reduce((n, t) => n + (bundle.flows.find((f) => f.def.id === t.def.flow)?.def.transitions.length ?? 0), 0);
    expect(target.workflows).toHaveLength(transitions);
    expect(new Set(target.workflows.map((w) => w.key)).size).toBe(transitions);
  });

  it('maps the filing form field by field and its submit guard to our rule node', () => {
    const { target } = defaultTarget();
    const filing = target.collections.find((c) => c.name === 'tk_target_filing');
    const byName = new Map(filing?.fields.map((f) => [f.name, f]));
    expect(byName.get('declaredBase')).toMatchObject({ type: 'double', interface: 'number' });
    expect(byName.get('comment')).toMatchObject({ type: 'text', interface: 'textarea' });
    expect(byName.get('decision')).toMatchObject({ interface: 'radioGroup' });
    expect(byName.get('tk_status')).toMatchObject({ interface: 'select', defaultValue: 'draft' });
    const page = JSON.stringify(target.pages.find((p) => p.schemaUid === 'tk_target_filing_page')?.schema);
    for (const field of ['rep', 'q1', 'q4', 'declaredBase', 'declaredStretch']) expect(page).toContain(`"tk_target_filing.${field}"`);
    expect(page).toContain('"TargetKitRuleResult"');
    expect(page).toContain('"assignedValues":{"tk_action":"submit"}');
    const submit = target.workflows.find((w) => w.key === 'target-kit:tk_target_filing/submit/draft+returned');
    expect(submit?.config).toMatchObject({ mode: 3, collection: 'tk_target_filing', changed: ['tk_action'] });
    expect(submit?.nodes[0]).toMatchObject({ type: RULE_NODE_TYPE, config: { rule: 'filing-declaration-valid', inputs: { base: 'declaredBase', stretch: 'declaredStretch' } } });
    expect(submit?.nodes.slice(1, 3).map((n) => [n.branchIndex, (n.config.params as { values: Record<string, unknown> }).values.tk_status])).toEqual([[1, 'submitted'], [0, undefined]]);
    // the supervisor decides next: a manual node after the move, its update form writing tk_action
    expect(submit?.nodes[3]).toMatchObject({ type: 'manual', upstream: 'move', config: { assignees: [1], forms: { decide: { type: 'update', collection: 'tk_target_filing' } } } });
    expect((submit?.nodes[3]?.config.decisions as Array<{ action: string }>).map((d) => d.action)).toEqual(['confirm', 'adjust', 'return']);
    // the decider's form offers the action and what the actions require, not the rep's figures
    expect(submit?.nodes[3]?.config.fields).toEqual(['tk_action', 'confirmedBase', 'confirmedStretch', 'comment']);
    const confirm = target.workflows.find((w) => w.key === 'target-kit:tk_target_filing/confirm/submitted');
    expect(confirm?.nodes.map((n) => n.type)).toEqual(['update']);
  });

  it('is deterministic, and a changed parameter changes only the bundle hash', () => {
    const a = defaultTarget().target;
    const b = defaultTarget().target;
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const files = defaultBundleFiles();
    const tracking = files['parameters/tracking.json'] as { parameters: { lights: { green: { from: number } } } };
    tracking.parameters.lights.green.from = 0.9;
    const loaded = loadBundle(files);
    if (!loaded.ok) throw new Error('changed bundle does not load');
    const c = nocobaseTarget(loaded.bundle);
    expect(c.bundleHash).not.toBe(a.bundleHash);
    expect(c.pages.map((p) => p.hash)).toEqual(a.pages.map((p) => p.hash));
    expect(c.workflows.map((w) => w.hash)).toEqual(a.workflows.map((w) => w.hash));
  });

  it('types fields from the Formily schema', () => {
    expect(fieldOf('d', { type: 'string', 'x-component': 'DatePicker' })).toMatchObject({ type: 'dateOnly', interface: 'dateOnly' });
    expect(fieldOf('n', { type: 'integer' })).toMatchObject({ type: 'bigInt', interface: 'integer' });
    expect(fieldOf('b', { type: 'boolean' })).toMatchObject({ type: 'boolean', interface: 'checkbox' });
    expect(fieldOf('t', { type: 'array', 'x-component': 'ArrayTable' })).toMatchObject({ type: 'json', interface: 'json' });
    expect(fieldOf('s', { type: 'string', enum: [{ value: 'a', label: 'A' }] }).uiSchema.enum).toEqual([{ value: 'a', label: 'A', color: 'blue' }]);
  });

  it('a share shown in percent (x-component Percent) becomes a NocoBase percent field, which stores the same fraction', () => {
    expect(fieldOf('w', { type: 'number', 'x-component': 'Percent' })).toMatchObject({ type: 'float', interface: 'percent', uiSchema: { 'x-component': 'Percent' } });
    const { target } = defaultTarget();
    const allocation = target.collections.find((c) => c.name === 'tk_target_allocation');
    expect(allocation?.fields.find((f) => f.name === 'weightsTotal')).toMatchObject({ interface: 'percent' });
  });
});

describe('NocoBase REST client', () => {
  const answer = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

  it('retries a 503 while NocoBase restarts a plugin, then returns the answer', async () => {
    const statuses = [503, 503, 200];
    const waits: number[] = [];
    const client = new NocoBaseClient({
      url: 'http://nocobase.test', token: 't',
      fetch: (async () => { const s = statuses.shift() ?? 200; return answer(s, s === 200 ? { data: { ok: 1 } } : { errors: [{ code: 'APP_COMMANDING' }] }); }) as typeof fetch,
      sleep: async (ms) => { waits.push(ms); },
    });
    await expect(client.data('collections:list')).resolves.toEqual({ ok: 1 });
    expect(waits).toEqual([500, 1000]);
  });

  it('gives up on a 503 after its patience, naming the action and the code', async () => {
    let now = 0;
    const client = new NocoBaseClient({
      url: 'http://nocobase.test', token: 't', patienceMs: 3000,
      fetch: (async () => answer(503, { errors: [{ code: 'APP_COMMANDING', message: 'restarting' }] })) as typeof fetch,
      sleep: async (ms) => { now += ms; await new Promise((r) => setTimeout(r, 0)); },
    });
    const realNow = Date.now;
    Date.now = () => realNow() + now;
    try {
      const error = await client.data('pm:list').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NocoBaseError);
      expect((error as NocoBaseError).said.en).toMatch(/503 on pm:list: APP_COMMANDING restarting/);
    } finally {
      Date.now = realNow;
    }
  });

  it('refuses a wrong token with a clear message', async () => {
    const client = new NocoBaseClient({
      url: 'http://nocobase.test', token: 'bad',
      fetch: (async (url: URL) => String(url).endsWith('app:getInfo') ? answer(200, { data: {} }) : answer(401, { errors: [{ code: 'INVALID_TOKEN', message: 'Unauthenticated' }] })) as unknown as typeof fetch,
    });
    const error = await client.connect().catch((e: unknown) => e);
    expect((error as NocoBaseError).said.zh).toContain('令牌无效');
  });
});
