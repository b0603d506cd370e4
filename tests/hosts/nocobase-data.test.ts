/**
 * The bundle's datasets inside NocoBase, without a NocoBase (the real one is `npm run
 * test:nocobase`): what collections and rows the mapping makes of them, the scopes it grants,
 * and how the plugin's loadData checks rows, diffs them by key and loads them in one transaction.
 */
import { describe, expect, it } from 'vitest';
import { loadBundle, type BundleFiles } from '../../plugin/index.js';
import { nocobaseTarget } from '../../hosts/nocobase/importer/mapping.js';
import { checkRows, linkHeads, loadRows, planRows, refreshRecordPaths, type DataModel, type LoadDataRequest } from '../../hosts/nocobase/plugin/src/server/data-load.js';
import { applyGrants, grantsOf } from '../../hosts/nocobase/plugin/src/server/data-scopes.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

const UNITS = 'data/sample-company/units.csv';
const ACTUALS = 'data/sample-actuals/actuals.csv';

function targetOf(files: BundleFiles) {
  const loaded = loadBundle(files);
  if (!loaded.ok) throw new Error(`bundle does not load: ${loaded.problems.map((p) => p.code).join(', ')}`);
  return nocobaseTarget(loaded.bundle);
}

describe('NocoBase mapping of the datasets', () => {
  const target = targetOf(defaultBundleFiles());
  const byName = new Map(target.datasets.map((d) => [d.name, d]));

  it('makes the org tree a tree collection with each unit’s path, first of all datasets', () => {
    const org = target.datasets[0];
    expect(org).toMatchObject({ name: 'tk_org', tree: true, parentKeyField: 'parent_id', keyColumns: ['id'] });
    expect(org?.rows).toHaveLength(547);
    const fields = new Map(org?.fields.map((f) => [f.name, f]));
    expect(fields.get('parent')).toMatchObject({ type: 'belongsTo', treeParent: true, target: 'tk_org', foreignKey: 'parentId' });
    expect(fields.get('head')).toMatchObject({ type: 'belongsTo', target: 'users' });
    // the factor columns the units dataset declares are fields of their own
    for (const factor of ['market_index', 'product_fit', 'competitor_share', 'tenure_months']) expect(fields.get(factor)?.type).toBe('bigInt');
    const hd = org?.rows.find((r) => r.values.tk_key === 'HD');
    expect(hd?.values).toMatchObject({ unit: 'HD', parent_id: 'YQ', name: '华东大区', level: 'region', tk_unit: 'HD', tk_path: '/YQ/HD/' });
    expect(target.dataProblems).toEqual([]);
  });

  it('keeps amounts exact: decimals as written, keyed by the columns that tell rows apart', () => {
    const actuals = byName.get('tk_data_sample_actuals');
    expect(actuals?.rows).toHaveLength(12188);
    expect(actuals?.keyColumns).toEqual(['id', 'date']);
    expect(actuals?.fields.find((f) => f.name === 'amount')).toMatchObject({ type: 'decimal', scale: 2 });
    expect(actuals?.rows[0]?.values).toMatchObject({ unit: 'HD01-01', date: '2026-W02', amount: '6589.00', tk_path: '/YQ/HD/HD01/HD01-01/' });
    // an opportunity's unit is its owner's; its own id is not a unit
    const opportunity = byName.get('tk_data_sample_pipeline_opportunities')?.rows[0]?.values;
    expect(opportunity).toMatchObject({ code: 'OP0001', owner_id: 'HD01-01', tk_unit: 'HD01-01' });
    const targets = byName.get('tk_data_sample_targets');
    expect(targets?.fields.map((f) => f.name)).toEqual(expect.arrayContaining(['base', 'stretch', 'period', 'plan', 'locked', 'status']));
    expect(targets?.rows[0]?.values).toMatchObject({ base: '120250000', stretch: '134680000', locked: false, status: 'published' });
  });

  it('follows a customised bundle: a column more becomes a field, a changed row changes only its dataset', () => {
    const files = defaultBundleFiles();
    const lines = String(files[UNITS]).split('\n');
    files[UNITS] = lines.map((l, i) => (l === '' ? l : `${l},${i === 0 ? 'channel' : 'direct'}`)).join('\n');
    files[ACTUALS] = String(files[ACTUALS]).replace('HD01-01,2026-W02,6589.00', 'HD01-01,2026-W02,6590.25');
    const changed = targetOf(files);
    expect(changed.datasets[0]?.fields.find((f) => f.name === 'channel')).toMatchObject({ type: 'string' });
    expect(changed.datasets[0]?.rows[1]?.values.channel).toBe('direct');
    const differs = changed.datasets.filter((d, i) => d.hash !== target.datasets[i]?.hash).map((d) => d.name);
    expect(differs).toEqual(['tk_org', 'tk_data_sample_actuals']);
  });

  it('refuses a unit whose parent is not in the tree and a row given twice, naming file, line and column', () => {
    const files = defaultBundleFiles();
    files[UNITS] = String(files[UNITS]).replace('\nHD,YQ,', '\nHD,XX,');
    files[ACTUALS] = `${String(files[ACTUALS]).trimEnd()}\nHD01-01,2026-W02,6589.00\n`;
    const problems = targetOf(files).dataProblems.map((p) => p.en);
    expect(problems).toContain('data/sample-company/units.csv line 3, column parent_id: parent unit XX is not in the organisation');
    expect(problems).toContain('data/sample-actuals/actuals.csv line 12190: the same as line 2');
  });

  it('grants company roles everything, a rep his unit, heads and NocoBase members their subtree', () => {
    const of = (role: string) => target.grants.find((g) => g.role === role && g.collection === 'tk_data_sample_actuals');
    expect(of('tk_hq_admin')).toMatchObject({ kind: 'all', scope: null });
    expect(of('tk_hrbp')).toMatchObject({ kind: 'all', scope: null });
    expect(of('tk_region_head')).toMatchObject({ kind: 'subtree', scope: { tk_path: { $startsWith: '{{$user.tk_path}}' } } });
    expect(of('tk_team_lead')?.kind).toBe('subtree');
    expect(of('member')?.kind).toBe('subtree');
    expect(of('tk_rep')).toMatchObject({ kind: 'own', scope: { $and: [{ tk_unit: { $eq: '{{$user.tk_unit}}' } }, { tk_unit: { $notEmpty: true } }] } });
    expect(target.grants.some((g) => g.role === 'tk_system')).toBe(false);
    expect(grantsOf(target.grants)).toBe(target.grants);
    expect(grantsOf([{ role: 'member', collection: 'users', kind: 'all', scope: null }])).toMatch(/not a target-kit collection/);
  });

  it('scopes the flows\' collections too: a rep reads and signs his unit\'s letter, a head his subtree\'s, HRBP all, a member only views his subtree', () => {
    const of = (role: string) => target.grants.find((g) => g.role === role && g.collection === 'tk_commitment_letter');
    expect(of('tk_rep')).toMatchObject({ kind: 'own', scope: { $and: [{ tk_unit: { $eq: '{{$user.tk_unit}}' } }, { tk_unit: { $notEmpty: true } }] } });
    expect(of('tk_rep')?.actions?.map((a) => a.name)).toEqual(['view', 'update']);
    expect(of('tk_region_head')).toMatchObject({ kind: 'subtree', scope: { tk_path: { $startsWith: '{{$user.tk_path}}' } } });
    expect(of('tk_hrbp')).toMatchObject({ kind: 'all', scope: null });
    expect(of('tk_hrbp')?.actions?.map((a) => a.name)).toContain('create');
    expect(of('member')).toMatchObject({ kind: 'subtree', actions: [{ name: 'view' }] });
    // every flow collection, each with the path the scopes compare; none for a role without the template
    const flows = target.collections.filter((c) => c.fields.some((f) => f.name === 'tk_status'));
    for (const c of flows) {
      expect(c.fields.some((f) => f.name === 'tk_path')).toBe(true);
      expect(target.grants.some((g) => g.collection === c.name && g.role === 'member')).toBe(true);
    }
    expect(target.grants.filter((g) => g.collection === 'tk_target_review').map((g) => g.role)).not.toContain('tk_rep');
    expect(grantsOf(target.grants)).toBe(target.grants);
    expect(grantsOf([{ role: 'tk_rep', collection: 'tk_x', kind: 'own', scope: null, actions: [{ name: 'destroy' }] }])).toMatch(/actions must be/);
  });

  it('names the org file\'s head column for the load, which links each unit to its head', () => {
    expect(target.datasets[0]?.headKeyField).toBeUndefined();
    const files = defaultBundleFiles();
    files[UNITS] = String(files[UNITS]).split('\n').map((l, i) => (l === '' ? l : `${l},${i === 0 ? 'head' : ''}`)).join('\n');
    expect(targetOf(files).datasets[0]?.headKeyField).toBe('c_head');
  });
});

const TYPES = new Map([['unit', 'string'], ['date', 'string'], ['amount', 'decimal'], ['n', 'bigInt'], ['ok', 'boolean'], ['day', 'dateOnly'], ['tk_key', 'string'], ['tk_unit', 'string'], ['tk_path', 'string']]);
const request = (rows: LoadDataRequest['rows']): LoadDataRequest => ({ collection: 'tk_data_x', file: 'x.csv', hash: 'h', rows });

describe('targetKit:loadData', () => {
  it('refuses the first bad cell whole, naming the file, line and column', () => {
    const good = { tk_key: 'a', amount: '1.50', n: '3', ok: true, day: '2026-02-28' };
    expect(checkRows(request([{ line: 2, values: good }]), TYPES)).toBeUndefined();
    const bad = (values: Record<string, unknown>) => checkRows(request([{ line: 2, values: good }, { line: 7, values: { ...good, tk_key: 'b', ...values } }]), TYPES)?.message.en;
    expect(bad({ amount: '12,5' })).toMatch(/^x\.csv line 7, column amount: must be a number written as text/);
    expect(bad({ amount: 1.5 })).toMatch(/column amount/);
    expect(bad({ n: '1.5' })).toMatch(/column n: must be a whole number/);
    expect(bad({ day: '2026-02-30' })).toMatch(/column day: must be a date/);
    expect(bad({ colour: 'red' })).toMatch(/column colour: collection tk_data_x has no such field/);
    expect(bad({ tk_key: 'a' })).toMatch(/same key a as line 2/);
  });

  it('creates new keys, updates changed rows and leaves equal ones (decimals compared exactly)', () => {
    const stored = [
      { id: 1, tk_key: 'a', amount: '1.50', unit: 'HD' },
      { id: 2, tk_key: 'b', amount: '2.00', unit: 'HD' },
    ];
    const plan = planRows([
      { line: 2, values: { tk_key: 'a', amount: '1.5', unit: 'HD' } },
      { line: 3, values: { tk_key: 'b', amount: '2.01', unit: 'HD' } },
      { line: 4, values: { tk_key: 'c', amount: '3.00', unit: 'HN' } },
    ], stored);
    expect(plan.unchanged).toBe(1);
    expect(plan.update).toEqual([{ id: 2, values: { amount: '2.01' } }]);
    expect(plan.create.map((r) => r.values.tk_key)).toEqual(['c']);
  });

  it('loads a tree parents first, each row with its parent’s id, in one transaction, and records the hash', async () => {
    const table: Array<Record<string, unknown>> = [];
    const calls: string[] = [];
    const model: DataModel = {
      findAll: async () => table.map((r) => ({ ...r })),
      bulkCreate: async (rows) => rows.map((r) => {
        const row: Record<string, unknown> = { ...r, id: table.length + 1 };
        table.push(row);
        calls.push(`create ${String(r.tk_key)} parent ${String(r.parentId)}`);
        return { get: (k: string) => row[k] };
      }),
      update: async () => undefined,
      findByPk: async () => null,
    };
    const saved: string[] = [];
    const rows = [
      { line: 3, values: { tk_key: 'HD', parent_id: 'YQ', tk_path: '/YQ/HD/' } },
      { line: 4, values: { tk_key: 'HD01', parent_id: 'HD', tk_path: '/YQ/HD/HD01/' } },
      { line: 2, values: { tk_key: 'YQ', parent_id: null, tk_path: '/YQ/' } },
    ];
    let transactions = 0;
    const db = {
      model: () => model,
      transaction: async <T>(body: (t: unknown) => Promise<T>) => { transactions++; return body('t'); },
      saveHash: async (key: string, hash: string) => { saved.push(`${key}=${hash}`); },
    };
    const outcome = await loadRows(db, { ...request(rows), collection: 'tk_org', parentKeyField: 'parent_id' }, 'data:tk_org');
    expect(calls).toEqual(['create YQ parent null', 'create HD parent 1', 'create HD01 parent 2']);
    expect(outcome).toEqual({ created: 3, updated: 0, unchanged: 0, linked: 0 });
    expect(saved).toEqual(['data:tk_org=h']);
    expect(transactions).toBe(1);
    // again: nothing to do
    const again = await loadRows(db, { ...request(rows), collection: 'tk_org', parentKeyField: 'parent_id' }, 'data:tk_org');
    expect(again).toEqual({ created: 0, updated: 0, unchanged: 3, linked: 0 });
  });
});

/** A Sequelize-like model over an array: findAll returns copies, update by id writes. */
function tableModel(table: Array<Record<string, unknown>>, writes: string[] = []): DataModel {
  return {
    findAll: async () => table.map((r) => ({ ...r })),
    bulkCreate: async () => [],
    update: async (values, { where }) => { writes.push(`${String(where.id)} ${JSON.stringify(values)}`); Object.assign(table.find((r) => r.id === where.id) ?? {}, values); },
    findByPk: async () => null,
  };
}

describe('the org load places flow records and links heads', () => {
  const org = [
    { id: 1, tk_key: 'HD', tk_path: '/YQ/HD/', c_head: '7', headId: null },
    { id: 2, tk_key: 'HD01-01', tk_path: '/YQ/HD/HD01/HD01-01/', c_head: 'tk_rep_hd0101', headId: null },
    { id: 3, tk_key: 'HN', tk_path: '/YQ/HN/', c_head: 'nobody', headId: 9 },
  ];

  it('gives each flow record its unit\'s path, null outside the tree, once', async () => {
    const records = [{ id: 10, tk_unit: 'HD01-01', tk_path: null }, { id: 11, tk_unit: 'XX', tk_path: '/YQ/' }, { id: 12, tk_unit: null, tk_path: null }];
    const writes: string[] = [];
    expect(await refreshRecordPaths(tableModel(records, writes), tableModel(org), 't')).toBe(2);
    expect(records.map((r) => r.tk_path)).toEqual(['/YQ/HD/HD01/HD01-01/', null, null]);
    expect(await refreshRecordPaths(tableModel(records, writes), tableModel(org), 't')).toBe(0);
  });

  it('links a unit to the user its head column names by id or username, and unlinks a name no user has', async () => {
    const units = org.map((u) => ({ ...u }));
    const users = [{ id: 7, username: 'tk_head_hd' }, { id: 8, username: 'tk_rep_hd0101' }, { id: 9, username: 'old_head' }];
    expect(await linkHeads(tableModel(units), tableModel(users), 'c_head', 't')).toBe(3);
    expect(units.map((u) => u.headId)).toEqual([7, 8, null]);
    expect(await linkHeads(tableModel(units), tableModel(users), 'c_head', 't')).toBe(0);
  });
});

describe('targetKit:scopes', () => {
  /** A repository over an array, matching filters by equality as NocoBase would for these keys. */
  function repo(rows: Array<Record<string, unknown>>, writes: string[], name: string) {
    const row = (r: Record<string, unknown>) => ({ get: (k: string) => r[k] });
    const matches = (r: Record<string, unknown>, filter: Record<string, unknown> = {}) => Object.entries(filter).every(([k, v]) => r[k] === v);
    return {
      findOne: async ({ filter }: { filter?: Record<string, unknown> }) => { const r = rows.find((x) => matches(x, filter)); return r ? row(r) : null; },
      update: async ({ filterByTk, values }: { filterByTk: unknown; values: Record<string, unknown> }) => { writes.push(`${name} update`); Object.assign(rows.find((r) => r.id === filterByTk) ?? {}, values); },
      create: async ({ values }: { values: Record<string, unknown> }) => { writes.push(`${name} create`); const r = { id: `${name}${rows.length + 1}`, ...values }; rows.push(r); return row(r); },
    };
  }

  it('writes each role a view bound to its scope once; the same grants again write nothing', async () => {
    const writes: string[] = [];
    const repos = { scopes: repo([], writes, 'scope'), resources: repo([], writes, 'resource'), dataSourceRoles: repo([], writes, 'link') };
    const grants = nocobaseTarget((() => { const l = loadBundle(defaultBundleFiles()); if (!l.ok) throw new Error('x'); return l.bundle; })()).grants
      .filter((g) => g.collection === 'tk_data_sample_actuals' && ['tk_region_head', 'tk_rep', 'tk_hq_admin'].includes(g.role));
    const fields = () => ['unit', 'amount', 'tk_path'];
    expect(await applyGrants(repos, grants, fields)).toBe(3);
    expect(writes.filter((w) => w === 'scope create')).toHaveLength(2);
    expect(await applyGrants(repos, grants, fields)).toBe(0);
    // a field more (a customised bundle's column): every role's view lists it
    expect(await applyGrants(repos, grants, () => [...fields(), 'channel'])).toBe(3);
  });

  it('binds a flow collection\'s view and update to the scope and leaves create unscoped', async () => {
    const writes: string[] = [];
    const resources: Array<Record<string, unknown>> = [];
    const repos = { scopes: repo([], writes, 'scope'), resources: repo(resources, writes, 'resource'), dataSourceRoles: repo([], writes, 'link') };
    const grants = targetOf(defaultBundleFiles()).grants.filter((g) => g.collection === 'tk_commitment_letter' && ['tk_rep', 'tk_hrbp'].includes(g.role));
    expect(await applyGrants(repos, grants, () => ['unit', 'base'])).toBe(2);
    const actions = (role: string) => (resources.find((r) => r.roleName === role)?.actions as Array<{ name: string; scopeId: unknown; fields: string[] }>);
    const rep = actions('tk_rep');
    expect(rep.map((a) => [a.name, a.scopeId === null ? 'all' : 'scoped'])).toEqual([['view', 'scoped'], ['update', 'scoped']]);
    expect(rep[0]?.fields).toEqual(['unit', 'base']);
    expect(rep[1]?.fields).toContain('tk_action');
    expect(actions('tk_hrbp').map((a) => [a.name, a.scopeId])).toEqual(expect.arrayContaining([['create', null], ['view', null]]));
    expect(await applyGrants(repos, grants, () => ['unit', 'base'])).toBe(0);
  });
});
