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

function freshTarget() {
  const loaded = loadBundle(defaultBundleFiles());
  if (!loaded.ok) throw new Error('default bundle does not load');
  return { bundle: loaded.bundle, target: nocobaseTarget(loaded.bundle) };
}

// the tests below only read the mapping: it is made once (the determinism test makes a second)
let made: ReturnType<typeof freshTarget> | undefined;
const defaultTarget = () => (made ??= freshTarget());

describe('NocoBase mapping', () => {
  it('gives every template a collection, a page and its flow one workflow per transition', () => {
    const { bundle, target } = defaultTarget();
    expect(target.collections.map((c) => c.name)).toEqual(bundle.templates.map((t) => collectionName(t.def.id)));
    // and the allocation simulator, the progress board, the pipeline, the process indicators and the phasing a page each of their own,
    // four of which fold the template page of their subject (目标拆解模拟器, 目标看板, 商机看板, 过程指标看板)
    expect(target.pages).toHaveLength(bundle.templates.length + 5 - 4);
    const work = target.pages.filter((p) => p.key.includes('block-page:') && p.schemaUid !== 'tk_simulator_page');
    expect(work.map((p) => [p.schemaUid, p.title, JSON.stringify(p.schema).match(/"x-component":"(TargetKit\w+)"/)?.[1]])).toEqual([
      ['tk_pipeline_view_page', '商机跟进看板', 'TargetKitPipeline'],
      ['tk_indicators_view_page', '过程指标与信号灯', 'TargetKitIndicators'],
      ['tk_phasing_view_page', '目标分解到月、周', 'TargetKitPhasing'],
    ]);
    // in the menus of the roles of the pipeline-board template
    expect(work[0]?.roles).toEqual(['tk_sales_director', 'tk_region_head', 'tk_team_lead', 'tk_rep']);
    expect(target.pages.map((p) => p.title)).toContain('目标进度看板');
    const simulator = target.pages.find((p) => p.schemaUid === 'tk_simulator_page');
    expect(simulator?.title).toBe('目标拆解与发布');
    expect(JSON.stringify(simulator?.schema)).toContain('"x-component":"TargetKitSimulator"');
    expect(simulator?.roles).toEqual(['tk_hq_admin', 'tk_sales_director']);
    const transitions = bundle.templates.reduce((n, t) => n + (bundle.flows.find((f) => f.def.id === t.def.flow)?.def.transitions.length ?? 0), 0);
    const flows = target.workflows.filter((w) => w.type === undefined);
    expect(flows).toHaveLength(transitions);
    expect(new Set(flows.map((w) => w.key)).size).toBe(transitions);
  });

  it('schedules the day\'s alerts: tk_alerts and a cron workflow at 08:30 Shanghai (00:30 UTC) on working days running the alerts node', () => {
    const { target } = defaultTarget();
    expect(target.alerts?.name).toBe('tk_alerts');
    const scheduled = target.workflows.filter((w) => w.type === 'schedule');
    expect(scheduled).toHaveLength(1);
    expect(scheduled[0]?.config).toMatchObject({ mode: 0, repeat: '30 0 * * 1,2,3,4,5' });
    expect(scheduled[0]?.nodes).toEqual([expect.objectContaining({ type: 'target-kit-alerts', config: { targets: 'sample-targets', actuals: 'sample-actuals', activity: 'sample-activity' } })]);
    expect(target.grants.filter((g) => g.collection === 'tk_alerts').length).toBeGreaterThan(0);
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
    // one step node: the plugin takes the transition for the user who asked (role, scope, no
    // self-approval, guard) and writes the state itself; no update node a user's write could reach
    expect(submit?.nodes[0]).toMatchObject({ type: RULE_NODE_TYPE, key: 'tkstep', config: { step: { collection: 'tk_target_filing' } } });
    expect(submit?.nodes.some((n) => n.type === 'update')).toBe(false);
    // the supervisor decides next: a manual node on the step's taken branch, its tasks going to
    // the deciders the step found (the role within the scope), its update form writing tk_action
    expect(submit?.nodes[1]).toMatchObject({ type: 'manual', upstream: 'step', branchIndex: 1, config: { assignees: ['{{$jobsMapByNodeKey.tkstep.deciders}}'], forms: { decide: { type: 'update', collection: 'tk_target_filing' } } } });
    expect((submit?.nodes[1]?.config.decisions as Array<{ action: string }>).map((d) => d.action)).toEqual(['confirm', 'adjust', 'return']);
    // the decider's form offers the action and what the actions require, not the rep's figures
    expect(submit?.nodes[1]?.config.fields).toEqual(['tk_action', 'confirmedBase', 'confirmedStretch', 'comment']);
    const confirm = target.workflows.find((w) => w.key === 'target-kit:tk_target_filing/confirm/submitted');
    expect(confirm?.nodes.map((n) => n.type)).toEqual([RULE_NODE_TYPE]);
    // the plugin's own fields, and the bundle's roles as NocoBase roles
    for (const field of ['tk_owner', 'tk_unit', 'tk_actor', 'tk_audit']) expect(byName.has(field)).toBe(true);
    expect(target.roles.map((r) => r.name)).toEqual(expect.arrayContaining(['tk_rep', 'tk_team_lead', 'tk_region_head']));
    expect(target.roles.find((r) => r.name === 'tk_rep')?.resources.map((r) => r.collection)).toContain('tk_target_filing');
  });

  it("narrows each role to its templates' collections: create where it starts a record, update where a transition is its own", () => {
    const { target } = defaultTarget();
    const acl = (role: string): Record<string, string[] | undefined> => Object.fromEntries(target.roles.find((r) => r.name === role)?.resources.map((r) => [r.collection, r.actions]) ?? []);
    const rep = acl('tk_rep');
    expect(rep.tk_target_filing).toEqual(['view', 'create', 'update']);
    // he signs his own letter (the letter template's signer): view and update, kept to his unit's letters by the flow collection's scope
    expect(rep.tk_commitment_letter).toEqual(['view', 'update']);
    expect(rep.tk_target_review).toBeUndefined();
    // a template without a flow: its forms make records; nothing moves them
    expect(rep.tk_progress_board).toEqual(['view', 'create']);
    // letters are issued by HQ and HRBP and signed by the heads, who never create one
    expect(acl('tk_hrbp').tk_commitment_letter).toEqual(['view', 'create']);
    expect(acl('tk_hq_admin').tk_commitment_letter).toEqual(['view', 'create', 'update']);
    expect(acl('tk_region_head').tk_commitment_letter).toEqual(['view', 'update']);
    // only reps file; a lead decides on filings, and so does a region head, whose templates they are not
    expect(acl('tk_team_lead').tk_target_filing).toEqual(['view', 'update']);
    expect(acl('tk_region_head').tk_target_filing).toEqual(['view', 'update']);
    // a write names the collection's fields (NocoBase would otherwise allow only fields added later)
    expect(target.roles.find((r) => r.name === 'tk_hrbp')?.resources.find((r) => r.collection === 'tk_commitment_letter')?.fields).toEqual(expect.arrayContaining(['headId', 'tk_unit', 'tk_action']));
    // the engineer sees work orders and resolves them, but does not raise them
    expect(acl('tk_engineer').tk_work_order).toEqual(['view', 'update']);
  });

  it('makes create forms of a flow only from its first form, each asking only for its own transition', () => {
    const { target } = defaultTarget();
    const page = (uid: string): string => JSON.stringify(target.pages.find((p) => p.schemaUid === uid)?.schema);
    // work orders: the raise form creates; assign, resolve and confirm are decisions, not create forms
    const workOrder = page('tk_work_order_page');
    expect(workOrder).toContain('"x-settings":"blockSettings:createForm"');
    expect(workOrder.match(/blockSettings:createForm/g)).toHaveLength(1);
    expect(workOrder).not.toContain('"tk_action":"assign"');
    expect(workOrder).not.toContain('指派工程师');
    // the review: the decision form no longer creates a record with an "accept" button
    const review = page('tk_target_review_page');
    expect(review.match(/blockSettings:createForm/g)).toHaveLength(1);
    expect(review).not.toContain('"tk_action":"accept"');
    // the decision's own fields are asked in the deciders' task instead
    const appeal = target.workflows.find((w) => w.key === 'target-kit:tk_target_review/appeal/published');
    expect(appeal?.nodes[1]?.config.fields).toEqual(expect.arrayContaining(['tk_action', 'decision', 'approvedBase', 'comment']));
  });

  it("gives a flow's collection every field its guards read, and samples from the record's own form", () => {
    const { target } = defaultTarget();
    const letter = new Set(target.collections.find((c) => c.name === 'tk_commitment_letter')?.fields.map((f) => f.name));
    expect(letter.has('headName')).toBe(true);
    expect(letter.has('hash')).toBe(true);
    const board = target.records.find((r) => r.collection === 'tk_progress_board');
    expect(board?.values).toMatchObject({ period: '2026-Q2', unit: '华东大区' });
    expect(board?.values.light).toBeUndefined();
  });

  it("shows a verdict rule's result in the words of its field's options", () => {
    const { target } = defaultTarget();
    // the board template's form sits below the board block, on the board's page
    const board = JSON.stringify(target.pages.find((p) => p.folds?.schemaUid === 'tk_progress_board_page')?.schema);
    expect(board).toContain('"labels":{"ahead":"领先","on-pace":"正常","behind":"落后"}');
  });

  it('is deterministic, and a changed parameter changes only the bundle hash', () => {
    // two mappings of two loads: the one the tests above read, and another
    const a = defaultTarget().target;
    const b = freshTarget().target;
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
