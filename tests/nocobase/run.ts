/**
 * `npm run test:nocobase`: installs the pinned NocoBase, starts it on 127.0.0.1 with a throw-away
 * PostgreSQL, imports templates/ with `target-kit nocobase import`, checks the result against a
 * real host, and stops everything it started by process id. Prints "N passed, N failed".
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliResult } from '../support/run-cli.js';
import { readBundle } from '../../hosts/cli/read-bundle.js';
import { NocoBaseClient } from '../../hosts/nocobase/importer/rest.js';
import { nocobaseTarget, ACTION_FIELD, STATUS_FIELD, MESSAGE_FIELD, type NocoBaseTarget } from '../../hosts/nocobase/importer/mapping.js';
import { canonicalJson, readNotificationSettings, sha256Hex, type LoadedBundle } from '../../plugin/index.js';
import { ROOT, WORK, freePort, installHost, lockWork, log, restartHost, startHost, startPostgres, stopHost, stopPostgres, waitForExit, type Host, type Postgres, type Timings } from './host.js';
import { browserCheck } from './browser.js';
import { boardChecks } from './board.js';
import { alertsChecks } from './alerts.js';
import { scoreChecks } from './scores.js';
import { simulateChecks } from './simulate.js';
import { periodChecks } from './period.js';
import { bonusChecks } from './bonus.js';
import { letterChecks } from './letters.js';
import { appealChecks } from './appeal.js';
import { pipelineChecks } from './pipeline.js';
import { platformChecks } from './platform.js';
import { foldChecks } from './fold.js';

const TEMPLATES = join(ROOT, 'templates');
const ACCOUNT = ['--account', 'admin@nocobase.com', '--password', 'admin123'];

interface Outcome { name: string; ok: boolean; detail?: string; ms?: number }
const outcomes: Outcome[] = [];

/**
 * TK_NOCOBASE_ONLY (a regular expression over check names) runs the import and the matching
 * checks only: a quicker loop while working on one part. Skipped checks are counted and said.
 */
const only = process.env.TK_NOCOBASE_ONLY ? new RegExp(process.env.TK_NOCOBASE_ONLY, 'i') : undefined;
let skipped = 0;

async function check(name: string, body: () => Promise<string | void>): Promise<void> {
  if (only && !only.test(name) && outcomes.length > 0) {
    skipped++;
    return;
  }
  const started = Date.now();
  // each check with its seconds, so a slow one shows in the log and in the table at the end
  const seconds = (): string => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  try {
    const detail = await body();
    outcomes.push({ name, ok: true, detail: detail ?? undefined, ms: Date.now() - started });
    log(`ok    (${seconds()}) ${name}${detail ? ` — ${detail}` : ''}`);
  } catch (error) {
    outcomes.push({ name, ok: false, detail: (error as Error).message, ms: Date.now() - started });
    log(`FAIL  (${seconds()}) ${name} — ${(error as Error).message}`);
  }
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

function cli(args: string[], stdin?: string): Promise<CliResult> {
  return runCli(args, { cwd: ROOT, stdin });
}

async function importInto(host: Host, bundleDir: string): Promise<{ ms: number; stdout: string }> {
  const started = Date.now();
  const result = await cli(['nocobase', 'import', bundleDir, '--url', host.url, ...ACCOUNT]);
  if (result.code !== 0) throw new Error(`import exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
  return { ms: Date.now() - started, stdout: result.stdout };
}

async function loadBundle(dir: string): Promise<LoadedBundle> {
  const disk = await readBundle(dir);
  if (!disk.result.ok) throw new Error(`bundle ${dir} does not load`);
  return disk.result.bundle;
}

async function signedIn(host: Host): Promise<NocoBaseClient> {
  const client = new NocoBaseClient({ url: host.url, account: 'admin@nocobase.com', password: 'admin123' });
  await client.connect();
  return client;
}

async function counts(client: NocoBaseClient, target: NocoBaseTarget): Promise<Record<string, number>> {
  const collections = await client.data<unknown[]>('collections:list', { query: { paginate: false } });
  const routes = await client.data<unknown[]>('desktopRoutes:list', { query: { paginate: false } });
  const workflows = await client.data<unknown[]>('workflows:list', { query: { paginate: false } });
  const nodes = await client.data<unknown[]>('flow_nodes:list', { query: { paginate: false } });
  let records = 0;
  for (const c of target.collections) {
    const answer = await client.call<unknown[]>(`${c.name}:list`, { query: { pageSize: 1 } });
    records += Number((answer.body.meta as { count?: number } | undefined)?.count ?? 0);
  }
  return { collections: collections.length, routes: routes.length, workflows: workflows.length, nodes: nodes.length, records };
}

async function evaluate(client: NocoBaseClient, rule: string, data: unknown): Promise<{ status: number; result?: unknown; code?: string }> {
  const answer = await client.call<{ result: unknown }>('targetKit:evaluate', { body: { rule, data }, accept: [400] });
  return { status: answer.status, result: answer.body.data?.result, code: answer.body.errors?.[0]?.code };
}

async function waitForRecord(client: NocoBaseClient, collection: string, id: unknown, done: (r: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  const until = Date.now() + 30_000;
  let last: Record<string, unknown> = {};
  while (Date.now() < until) {
    last = await client.data<Record<string, unknown>>(`${collection}:get`, { query: { filterByTk: String(id) } });
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`record ${collection}/${String(id)} stayed ${JSON.stringify({ [STATUS_FIELD]: last[STATUS_FIELD], [ACTION_FIELD]: last[ACTION_FIELD] })}`);
}

interface Person { id: number; token: string; role: string }

/** Calls the REST API as a signed-in user acting in his bundle role. */
async function personCall(host: Host, person: Person, action: string, body?: unknown): Promise<{ status: number; body: { data?: unknown; errors?: Array<{ code?: string; message?: string }> } }> {
  const response = await fetch(`${host.url}/api/${action}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${person.token}`, 'X-Role': person.role, 'X-Locale': 'zh-CN', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) as { data?: unknown } : {} };
}

/** A user made through the REST API with NocoBase roles and a unit of the org tree, signed in. */
async function makePerson(host: Host, admin: NocoBaseClient, username: string, roles: string[], unit: string): Promise<Person> {
  const password = 'tk-test-123';
  const user = await admin.data<{ id: number }>('users:create', { body: { username, nickname: username, email: `${username}@example.test`, password, roles, tk_unit: unit } });
  const signIn = await fetch(`${host.url}/api/auth:signIn`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Authenticator': 'basic' }, body: JSON.stringify({ account: username, password }) });
  const token = ((await signIn.json()) as { data?: { token?: string } }).data?.token;
  if (!token) throw new Error(`${username} could not sign in (${signIn.status})`);
  return { id: user.id, token, role: roles[0] as string };
}

/** The filer (a rep of 华东 上海一组), his team's lead, 华东's and 华南's heads, and a member of 华东. */
async function makePeople(host: Host, admin: NocoBaseClient): Promise<Record<'rep' | 'lead' | 'headHD' | 'headHN' | 'member', Person>> {
  return {
    rep: await makePerson(host, admin, 'tk_rep_hd0101', ['tk_rep'], 'HD01-01'),
    lead: await makePerson(host, admin, 'tk_lead_hd01', ['tk_team_lead', 'tk_rep'], 'HD01'),
    headHD: await makePerson(host, admin, 'tk_head_hd', ['tk_region_head'], 'HD'),
    headHN: await makePerson(host, admin, 'tk_head_hn', ['tk_region_head'], 'HN'),
    member: await makePerson(host, admin, 'tk_member_hd', ['member'], 'HD'),
  };
}

/** The pending manual tasks the submit workflow left for the record's deciders. */
async function tasksOf(client: NocoBaseClient, recordId: unknown): Promise<Array<{ id: unknown; userId: number }>> {
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    const tasks = await client.data<Array<{ id: unknown; userId: number; status: number; execution?: { context?: { data?: { id?: unknown } } } }>>('workflowManualTasks:list', {
      query: { paginate: false, 'appends[]': 'execution', filter: JSON.stringify({ status: 0 }) },
    });
    const mine = tasks.filter((t) => String(t.execution?.context?.data?.id) === String(recordId));
    if (mine.length) return mine;
    await new Promise((r) => setTimeout(r, 500));
  }
  return [];
}

async function checks(started: Host, timings: Timings, restarted: (host: Host) => void): Promise<void> {
  let host = started;
  const bundle = await loadBundle(TEMPLATES);
  const target = nocobaseTarget(bundle);

  await check('import templates/ into NocoBase', async () => {
    const { ms, stdout } = await importInto(host, TEMPLATES);
    timings['import (first)'] = ms;
    // each step with its time, for a look at where the first import spends it
    mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
    writeFileSync(join(ROOT, 'test-artifacts/nocobase-first-import.txt'), stdout);
    return `${(ms / 1000).toFixed(1)} s`;
  });
  if (!outcomes.at(-1)?.ok) return;
  const client = await signedIn(host);

  await check('every template has its collection with the form fields and the flow status', async () => {
    const list = await client.data<Array<{ name: string; fields?: Array<{ name: string }> }>>('collections:list', { query: { paginate: false, 'appends[]': 'fields' } });
    for (const want of target.collections) {
      const have = list.find((c) => c.name === want.name);
      assert(have, `collection ${want.name} is missing`);
      const names = new Set((have.fields ?? []).map((f) => f.name));
      for (const field of want.fields) assert(names.has(field.name), `${want.name}.${field.name} is missing`);
    }
    return `${target.collections.length} collections`;
  });

  await check('every template has its page: a form block per form with one CollectionField per field', async () => {
    const routes = await client.data<Array<{ schemaUid?: string; type: string }>>('desktopRoutes:list', { query: { paginate: false } });
    // the templates' pages (the board's page of its own holds a block, not forms: the board checks open it)
    const templatePages = target.pages.filter((p) => bundle.templates.some(({ def }) => p.key.endsWith(`page:${def.id}`)));
    for (const page of templatePages) {
      assert(routes.some((r) => r.schemaUid === page.schemaUid && r.type === 'page'), `route of ${page.title} is missing`);
      const tab = await client.data<Record<string, unknown>>(`uiSchemas:getJsonSchema/${page.tabSchemaUid}`);
      const text = JSON.stringify(tab);
      assert(text.includes('"FormV2"') && text.includes('"CollectionField"'), `page ${page.title} has no form block`);
    }
    const filing = await client.data<Record<string, unknown>>(`uiSchemas:getJsonSchema/tk_target_filing_tab`);
    assert(JSON.stringify(filing).includes('"TargetKitRuleResult"'), 'the filing page has no live rule result');
    return `${templatePages.length} pages`;
  });

  await check('sample data is loaded', async () => {
    for (const record of target.records) {
      const rows = await client.data<unknown[]>(`${record.collection}:list`, { query: { filter: JSON.stringify({ tk_key: record.key }) } });
      assert(rows.length === 1, `${record.collection}/${record.key}: ${rows.length} rows`);
    }
    return `${target.records.length} records`;
  });

  await check('targetKit:evaluate answers as target-kit eval for every example of every rule', async () => {
    let compared = 0;
    for (const [id, rule] of bundle.rules) {
      const examples = rule.def.examples;
      if (!examples.length) continue;
      const local = await cli(['eval', '--bundle', TEMPLATES, '--rule', id, '--data', '-', '--each'], JSON.stringify(examples.map((e) => e.data)));
      const lines = local.stdout.trim().split('\n').map((l) => JSON.parse(l) as unknown);
      for (const [i, example] of examples.entries()) {
        const remote = await evaluate(client, id, example.data);
        const cliLine = lines[i] as { error?: { code?: string } } | unknown;
        const cliError = typeof cliLine === 'object' && cliLine !== null && 'error' in cliLine ? (cliLine as { error: { code?: string } }).error : undefined;
        if (cliError) {
          assert(remote.status === 400, `${id} example ${i}: eval refused (${JSON.stringify(cliError)}), NocoBase answered ${remote.status}`);
        } else {
          assert(remote.status === 200, `${id} example ${i}: NocoBase answered ${remote.status} ${remote.code ?? ''}`);
          assert(JSON.stringify(remote.result) === JSON.stringify(cliLine), `${id} example ${i}: eval ${JSON.stringify(cliLine)}, NocoBase ${JSON.stringify(remote.result)}`);
        }
        compared++;
      }
    }
    return `${compared} examples of ${bundle.rules.size} rules`;
  });

  await check('an unknown rule and a bad record are refused with our code (400)', async () => {
    const unknown = await evaluate(client, 'no-such-rule', {});
    assert(unknown.status === 400 && unknown.code, `unknown rule: ${unknown.status} ${unknown.code}`);
    const missing = await evaluate(client, 'traffic-light', { actual: 1 });
    assert(missing.status === 400 && missing.code === 'RULE_INPUT_MISSING', `missing input: ${missing.status} ${missing.code}`);
    return `${unknown.code}, ${missing.code}`;
  });

  await check('a signed-out request to targetKit:evaluate is refused', async () => {
    const response = await fetch(`${host.url}/api/targetKit:evaluate`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ rule: 'traffic-light', data: { actual: 1, target: 2 } }) });
    assert(response.status === 401 || response.status === 403, `answered ${response.status}`);
    return String(response.status);
  });

  await check('the bundle\'s datasets are collections with their rows: the org tree as a tree, amounts exact', async () => {
    const sizes: string[] = [];
    for (const data of target.datasets) {
      const answer = await client.call<unknown[]>(`${data.name}:list`, { query: { pageSize: 1 } });
      const count = Number((answer.body.meta as { count?: number } | undefined)?.count ?? -1);
      assert(count === data.rows.length, `${data.name}: ${count} rows, the dataset has ${data.rows.length}`);
      sizes.push(`${data.name} ${count}`);
    }
    const [hd] = await client.data<Array<Record<string, unknown>>>('tk_org:list', { query: { filter: JSON.stringify({ tk_key: 'HD' }), 'appends[]': 'parent' } });
    const parent = hd?.parent as Record<string, unknown> | undefined;
    assert(hd?.name === '华东大区' && parent?.tk_key === 'YQ' && hd.tk_path === '/YQ/HD/', `tk_org HD: ${JSON.stringify({ name: hd?.name, parent: parent?.tk_key, path: hd?.tk_path })}`);
    const children = await client.data<unknown[]>('tk_org:list', { query: { filter: JSON.stringify({ parentId: hd.id }), paginate: false } });
    const sample = target.datasets.find((d) => d.rows.some((r) => r.values.amount === '6589.00'));
    assert(sample, 'no dataset row with amount 6589.00');
    const [actual] = await client.data<Array<Record<string, unknown>>>(`${sample.name}:list`, { query: { filter: JSON.stringify({ tk_key: JSON.stringify(['HD01-01', '2026-W02']) }) } });
    assert(String(actual?.amount) === '6589.00' || String(actual?.amount) === '6589', `HD01-01 2026-W02: amount ${JSON.stringify(actual?.amount)}`);
    return `${sizes.join(', ')}; HD under YQ with ${children.length} teams; HD01-01 2026-W02 amount ${JSON.stringify(actual?.amount)}`;
  });

  await check('each loaded dataset keeps its columns beside its hash, and its rows their lines in the file (what the blocks read back)', async () => {
    const kept = await client.data<Array<{ key: string; bundle?: { dataset?: string; collection?: string; columns?: Array<{ column: string; field: string }> } }>>(
      'targetKitBundles:list', { query: { filter: JSON.stringify({ key: { $startsWith: 'data:' } }), paginate: false } });
    for (const data of target.datasets) {
      const meta = kept.find((k) => k.key === `data:${data.name}`)?.bundle;
      assert(meta?.dataset === data.datasetId && meta.collection === data.name, `${data.name}: kept ${JSON.stringify(meta)}`);
      assert(JSON.stringify(meta.columns) === JSON.stringify(data.columns), `${data.name}: columns ${JSON.stringify(meta.columns)}`);
    }
    const first = target.datasets.find((d) => d.datasetId === 'sample-actuals')?.rows[0];
    const [row] = await client.data<Array<Record<string, unknown>>>('tk_data_sample_actuals:list', { query: { filter: JSON.stringify({ tk_key: first?.values.tk_key }) } });
    assert(Number(row?.tk_line) === first?.line, `the first actual's line: ${String(row?.tk_line)}, the file's ${String(first?.line)}`);
    return `${target.datasets.length} datasets with their columns; the first actual at line ${String(row?.tk_line)}`;
  });

  await check('targetKit:loadData refuses a bad row whole, naming the file, line and column', async () => {
    const actuals = target.datasets.find((d) => d.name === 'tk_data_sample_actuals');
    assert(actuals, 'no actuals collection');
    const rows = [
      { line: 2, values: { ...actuals.rows[0]?.values, tk_key: 'tk-test-new-row' } },
      { line: 3, values: { ...actuals.rows[1]?.values, amount: '12,5' } },
    ];
    const answer = await client.call<unknown>('targetKit:loadData', { body: { collection: actuals.name, file: actuals.file, hash: 'x', rows }, accept: [400] });
    const error = answer.body.errors?.[0];
    assert(answer.status === 400 && /第 3 行/.test(String(error?.message)) && /amount/.test(String(error?.message)), `answered ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
    const leaked = await client.data<unknown[]>(`${actuals.name}:list`, { query: { filter: JSON.stringify({ tk_key: 'tk-test-new-row' }) } });
    assert(leaked.length === 0, 'the good row of the refused load was written');
    return String(error?.message);
  });

  const people = await makePeople(host, client);
  const hq = await makePerson(host, client, 'tk_hq_admin_yq', ['tk_hq_admin'], 'YQ');

  await check('data scopes: 华南\'s head lists only 华南\'s actuals, a rep only his own, HQ all; 华东\'s head and a member of 华东 cannot read a 华南 row by id', async () => {
    const actuals = target.datasets.find((d) => d.name === 'tk_data_sample_actuals');
    assert(actuals, 'no actuals collection');
    const countAs = async (person: Person): Promise<{ count: number; paths: string[] }> => {
      const answer = await personCall(host, person, `${actuals.name}:list?pageSize=200&sort=-id`);
      assert(answer.status === 200, `${person.role} list answered ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
      const meta = (answer.body as { meta?: { count?: number } }).meta;
      return { count: Number(meta?.count ?? -1), paths: (answer.body.data as Array<{ tk_path?: string }>).map((r) => String(r.tk_path)) };
    };
    const expected = (prefix: string): number => actuals.rows.filter((r) => String(r.values.tk_path ?? '').startsWith(prefix)).length;
    const hn = await countAs(people.headHN);
    assert(hn.count === expected('/YQ/HN/') && hn.count > 0 && hn.paths.every((p) => p.startsWith('/YQ/HN/')), `华南's head sees ${hn.count} rows (want ${expected('/YQ/HN/')}), e.g. ${hn.paths.find((p) => !p.startsWith('/YQ/HN/'))}`);
    const rep = await countAs(people.rep);
    assert(rep.count === expected('/YQ/HD/HD01/HD01-01/') && rep.count > 0 && rep.paths.every((p) => p === '/YQ/HD/HD01/HD01-01/'), `the rep sees ${rep.count} rows (want ${expected('/YQ/HD/HD01/HD01-01/')})`);
    const all = await countAs(hq);
    assert(all.count === actuals.rows.length, `HQ sees ${all.count} of ${actuals.rows.length}`);
    const [hnRow] = await client.data<Array<{ id: number }>>(`${actuals.name}:list`, { query: { pageSize: 1, filter: JSON.stringify({ tk_path: { $startsWith: '/YQ/HN/' } }) } });
    assert(hnRow, 'no 华南 row');
    const byId: string[] = [];
    for (const [who, person] of [['华东\'s head', people.headHD], ['a member of 华东', people.member], ['the rep', people.rep]] as const) {
      const got = await personCall(host, person, `${actuals.name}:get?filterByTk=${hnRow.id}`);
      assert(got.status >= 400 || !got.body.data, `${who} read 华南's row ${hnRow.id}: ${got.status} ${JSON.stringify(got.body).slice(0, 200)}`);
      byId.push(`${who} ${got.status}${got.body.data ? '' : ' no data'}`);
    }
    const own = await personCall(host, people.headHN, `${actuals.name}:get?filterByTk=${hnRow.id}`);
    assert(own.status === 200 && own.body.data, `华南's head cannot read his own region's row: ${own.status}`);
    return `华南's head ${hn.count}, the rep ${rep.count}, HQ ${all.count}; 华南 row ${hnRow.id} by id: ${byId.join(', ')}; 华南's head reads it`;
  });


  await simulateChecks({ url: host.url, client, check, assert, cli, makePerson: (u, r, unit) => makePerson(host, client, u, r, unit), personCall: (p, a, b) => personCall(host, p, a, b), people, screenshots: join(ROOT, 'test-artifacts/screenshots') });
  await periodChecks({ check, assert, call: (p, a, b) => personCall(host, p, a, b), hq });
  await boardChecks({ url: host.url, root: ROOT, templates: TEMPLATES, client, check, assert, cli, as: (p) => (a, b) => personCall(host, p, a, b), people: { ...people, hq } });

  await check('targetKit:evaluate runs only the rules of the templates the caller works with', async () => {
    const repRule = await personCall(host, people.rep, 'targetKit:evaluate', { rule: 'filing-declaration-valid', data: { base: 1, stretch: 2 } });
    assert(repRule.status === 200 && (repRule.body.data as { result?: unknown } | undefined)?.result === true, `a rep on the filing rule: ${repRule.status} ${JSON.stringify(repRule.body)}`);
    const repOther = await personCall(host, people.rep, 'targetKit:evaluate', { rule: 'appeal-within-limit', data: {} });
    assert(repOther.status === 403 && repOther.body.errors?.[0]?.code === 'RULE_FORBIDDEN', `a rep on an appeal rule: ${repOther.status}`);
    const member = await personCall(host, people.member, 'targetKit:evaluate', { rule: 'traffic-light', data: { actual: 1, target: 2 } });
    assert(member.status === 403, `a member: ${member.status}`);
    // the filing page's trend is the reps' and leads', not a region head's
    const otherHead = await personCall(host, people.headHN, 'targetKit:evaluate', { rule: 'filing-trend', data: {} });
    assert(otherHead.status === 403, `a region head on the filing trend (not his templates): ${otherHead.status}`);
    const status = await personCall(host, people.rep, 'targetKit:status');
    const listed = (status.body.data as { rules?: string[] } | undefined)?.rules ?? [];
    assert(listed.includes('filing-declaration-valid') && !listed.includes('appeal-within-limit') && listed.length < bundle.rules.size, `a rep's status lists ${listed.length} of ${bundle.rules.size} rules`);
    // the log writes JSON: the quotes around the name are escaped there
    const logged = readFileSync(host.logFile, 'utf8').split('\n').filter((l) => /collection \\?"targetKit\\?" not found/.test(l) && /"submodule":"(evaluate|status)"/.test(l));
    assert(!logged.length, `NocoBase logged "collection targetKit not found" ${logged.length} times on evaluate/status`);
    return `rep: filing rule 200, appeal rule 403; member 403; other region's head on the filing trend 403; status lists ${listed.length}/${bundle.rules.size}; no "collection targetKit not found" in the log`;
  });

  await check('a filing moves only as the flow says: the filer submits, a member, the head of another region and the filer himself are refused with the flow’s words, the head in scope confirms', async () => {
    const guard = bundle.rules.get('filing-declaration-valid');
    assert(guard, 'rule filing-declaration-valid is missing');
    const base = { rep: '测试代表', period: '2026-Q3', regionPotential: 70, q1: 100000, q2: 110000, q3: 120000, q4: 130000 };
    const good = { ...base, declaredBase: 150000, declaredStretch: 180000 };
    const bad = { ...base, declaredBase: 150000, declaredStretch: 90000 };
    // a new record cannot start confirmed
    const forged = await personCall(host, people.rep, 'tk_target_filing:create', { ...good, [STATUS_FIELD]: 'confirmed' });
    assert(forged.status >= 400, `creating a confirmed filing answered ${forged.status}`);
    const made = [];
    for (const values of [good, bad]) {
      const created = await personCall(host, people.rep, 'tk_target_filing:create', { ...values, [ACTION_FIELD]: 'submit' });
      assert(created.status === 200, `the rep's create answered ${created.status} ${JSON.stringify(created.body).slice(0, 300)}`);
      made.push(await waitForRecord(client, 'tk_target_filing', (created.body.data as { id: unknown }).id, (r) => !r[ACTION_FIELD]));
    }
    const [accepted, refused] = made as [Record<string, unknown>, Record<string, unknown>];
    assert(accepted[STATUS_FIELD] === 'submitted' && accepted.tk_unit === 'HD01-01' && accepted.tk_owner === String(people.rep.id), `valid filing: ${JSON.stringify({ s: accepted[STATUS_FIELD], u: accepted.tk_unit, o: accepted.tk_owner, m: accepted[MESSAGE_FIELD] })}`);
    assert(refused[STATUS_FIELD] === 'draft' && String(refused[MESSAGE_FIELD]).includes('挑战目标不能低于基础目标'), `invalid filing ended in ${String(refused[STATUS_FIELD])} (${String(refused[MESSAGE_FIELD])})`);
    // tk_status is not the users': the rep writes confirmed on his own filing
    const id = String(accepted.id);
    const write = await personCall(host, people.rep, `tk_target_filing:update?filterByTk=${id}`, { [STATUS_FIELD]: 'confirmed' });
    const afterWrite = await client.data<Record<string, unknown>>('tk_target_filing:get', { query: { filterByTk: id } });
    assert(write.status >= 400 && afterWrite[STATUS_FIELD] === 'submitted', `writing tk_status: ${write.status}, now ${String(afterWrite[STATUS_FIELD])}`);
    // the task went to the deciders in scope: 华东's head and the lead of 上海一组, no one else
    const tasks = await tasksOf(client, accepted.id);
    const assignees = tasks.map((t) => t.userId).sort((a, b) => a - b);
    assert(JSON.stringify(assignees) === JSON.stringify([people.headHD.id, people.lead.id].sort((a, b) => a - b)), `tasks went to ${JSON.stringify(assignees)}`);
    // refused, each with the flow's words, the record staying submitted
    const refusals: string[] = [];
    // the head of 华南 is stopped before the flow now: the filing is outside his data scope, so his update matches no row
    for (const [who, person, words] of [['member', people.member, null], ['head of 华南', people.headHN, null], ['the filer', people.rep, /只有/]] as const) {
      const asked = await personCall(host, person, `tk_target_filing:update?filterByTk=${id}`, { [ACTION_FIELD]: 'confirm' });
      if (asked.status >= 400) { refusals.push(`${who}: ${asked.status}`); continue; }
      const after = await waitForRecord(client, 'tk_target_filing', id, (r) => !r[ACTION_FIELD]);
      // NocoBase's own ACL may let an update outside the user's scope match no row (200, nothing written)
      const untouched = after.tk_actor !== String(person.id);
      assert(after[STATUS_FIELD] === 'submitted' && (words ? words.test(String(after[MESSAGE_FIELD])) : untouched), `${who}: ${String(after[STATUS_FIELD])} (${String(after[MESSAGE_FIELD])})`);
      refusals.push(words ? `${who}: “${String(after[MESSAGE_FIELD])}”` : `${who}: ${asked.status}, nothing written`);
    }
    // the head of 华东 decides in his task: confirmed, with both in the trail
    const task = tasks.find((t) => t.userId === people.headHD.id);
    const submitted = await personCall(host, people.headHD, `workflowManualTasks:submit?filterByTk=${String(task?.id)}`, { result: { decide: { [ACTION_FIELD]: 'confirm' }, _: 'resolve' } });
    assert(submitted.status >= 200 && submitted.status < 300, `the head's task answered ${submitted.status} ${JSON.stringify(submitted.body).slice(0, 300)}`);
    const confirmed = await waitForRecord(client, 'tk_target_filing', id, (r) => !r[ACTION_FIELD] && r.tk_actor === String(people.headHD.id));
    const trail = (confirmed.tk_audit as Array<{ action: string; actor: { id: string } }> | null ?? []).map((a) => `${a.action}:${a.actor.id}`);
    assert(confirmed[STATUS_FIELD] === 'confirmed' && JSON.stringify(trail) === JSON.stringify([`submit:${people.rep.id}`, `confirm:${people.headHD.id}`]), `after the head's decision: ${String(confirmed[STATUS_FIELD])} (${String(confirmed[MESSAGE_FIELD])}), trail ${JSON.stringify(trail)}`);
    // no self-approval: a lead files his own, and may not confirm it though his role may
    // he files in his rep role (X-Role): a lead's role decides on filings and does not file them
    const own = await personCall(host, { ...people.lead, role: 'tk_rep' }, 'tk_target_filing:create', { ...good, rep: '主管自己', [ACTION_FIELD]: 'submit' });
    const ownId = (own.body.data as { id: unknown } | undefined)?.id;
    const ownSubmitted = await waitForRecord(client, 'tk_target_filing', ownId, (r) => !r[ACTION_FIELD]);
    assert(ownSubmitted[STATUS_FIELD] === 'submitted', `the lead's own filing: ${String(ownSubmitted[STATUS_FIELD])} (${String(ownSubmitted[MESSAGE_FIELD])})`);
    await personCall(host, people.lead, `tk_target_filing:update?filterByTk=${String(ownId)}`, { [ACTION_FIELD]: 'confirm' });
    const self = await waitForRecord(client, 'tk_target_filing', ownId, (r) => !r[ACTION_FIELD]);
    assert(self[STATUS_FIELD] === 'submitted' && /不能对自己发起的/.test(String(self[MESSAGE_FIELD])), `the lead confirming his own: ${String(self[STATUS_FIELD])} (${String(self[MESSAGE_FIELD])})`);
    return `submit → submitted (unit ${String(accepted.tk_unit)}); bad figures → draft; tk_status write ${write.status}; tasks to ${assignees.join(', ')}; ${refusals.join('; ')}; head → confirmed, trail ${trail.join(' ')}; own confirm → “${String(self[MESSAGE_FIELD])}”`;
  });

  await check('a commitment letter is signed by its head as the user he signed in as, and not by the head of another region', async () => {
    // the letter names its head by user id (the identity the host authenticates), not a typed name
    const letter = { unit: '华东大区', period: '2026-Q2', base: 8000000, stretch: 12000000, headName: '华东负责人', headId: String(people.headHD.id), hash: 'h-2026-q2-hd', tk_unit: 'HD' };
    const created = await client.data<{ id: unknown }>('tk_commitment_letter:create', { body: letter });
    const sign = { typedName: '华东负责人', agree: true, [ACTION_FIELD]: 'sign' };
    // 华南's head cannot make himself the head of 华东's letter: the fields that bind it are the flow's
    const takeOver = await personCall(host, people.headHN, `tk_commitment_letter:update?filterByTk=${String(created.id)}`, { headId: String(people.headHN.id) });
    const untaken = await client.data<Record<string, unknown>>('tk_commitment_letter:get', { query: { filterByTk: String(created.id) } });
    // refused by the flow's guard, or (outside his scope) matching no row: either way nothing is written
    assert((takeOver.status === 403 || takeOver.status === 200) && untaken.headId === String(people.headHD.id), `rewriting headId answered ${takeOver.status}, headId now ${String(untaken.headId)}`);
    await personCall(host, people.headHN, `tk_commitment_letter:update?filterByTk=${String(created.id)}`, sign);
    const other = await waitForRecord(client, 'tk_commitment_letter', created.id, (r) => !r[ACTION_FIELD]);
    assert(other[STATUS_FIELD] === 'issued', `signed by 华南's head: ${String(other[STATUS_FIELD])}`);
    const mine = await personCall(host, people.headHD, `tk_commitment_letter:update?filterByTk=${String(created.id)}`, sign);
    assert(mine.status === 200, `the head's sign answered ${mine.status}`);
    const signed = await waitForRecord(client, 'tk_commitment_letter', created.id, (r) => !r[ACTION_FIELD]);
    assert(signed[STATUS_FIELD] === 'signed', `signed by 华东's head: ${String(signed[STATUS_FIELD])} (${String(signed[MESSAGE_FIELD])})`);
    // the stored letter carries the MAC made with the plugin's secret: it verifies keyed
    const verify = async (): Promise<{ valid?: boolean; keyed?: boolean }> => {
      const answer = await personCall(host, people.member, 'targetKit:verify', { collection: 'tk_commitment_letter', id: created.id });
      assert(answer.status === 200, `verify answered ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
      return answer.body.data as { valid?: boolean; keyed?: boolean };
    };
    const stored = await verify();
    assert(stored.valid === true && stored.keyed === true && /^[0-9a-f]{64}$/.test(String(signed.signedMac)), `the signed letter verifies ${JSON.stringify(stored)}, mac ${String(signed.signedMac)}`);
    // root changes the Base as an administrator may, and recomputes both hashes: only the MAC tells
    const content = { unit: signed.unit, period: signed.period, base: 1, stretch: signed.stretch, headName: signed.headName, headId: signed.headId, tk_unit: signed.tk_unit };
    const rehashed = sha256Hex(canonicalJson(content));
    // recomputed the way the plugin hashes: on the untouched letter it gives the stored hash
    assert(sha256Hex(canonicalJson({ ...content, base: signed.base })) === signed.hash, `the letter's fields hash to ${String(signed.hash)} only with others`);
    const edit = await client.call('tk_commitment_letter:update', { query: { filterByTk: String(created.id) }, body: { base: 1, hash: rehashed, signedHash: rehashed }, accept: [403] });
    assert(edit.status === 200, `root's edit answered ${edit.status}`);
    const tampered = await verify();
    assert(tampered.valid === false && tampered.keyed === true, `the edited letter verifies ${JSON.stringify(tampered)}`);
    return `华南's head writing headId → ${takeOver.status}; 华南's head → ${String(other[STATUS_FIELD])} (“${String(other[MESSAGE_FIELD])}”); 华东's head → ${String(signed[STATUS_FIELD])}, verify ${JSON.stringify(stored)}; after root's edit of base and hashes → ${JSON.stringify(tampered)}`;
  });

  await check('a letter is issued only by HQ/HRBP naming the org\'s head of its unit: 华南\'s head naming himself and HRBP naming the wrong head are refused (403), HRBP\'s proper letter is signed by the real head; its extra form field is signed too', async () => {
    // an org that names 华东's and 华南's heads (the users just made) and a letter form with one more clause
    const dir = mkdtempSync(join(tmpdir(), 'tk-heads-'));
    cpSync(TEMPLATES, dir, { recursive: true });
    const units = join(dir, 'data/sample-company/units.csv');
    const heads: Record<string, number> = { HD: people.headHD.id, HN: people.headHN.id };
    writeFileSync(units, readFileSync(units, 'utf8').trimEnd().split('\n').map((line, i) => `${line},${i === 0 ? 'head' : heads[line.split(',')[0] ?? ''] ?? ''}`).join('\n') + '\n');
    const templateFile = join(dir, 'commitment-letter/template.json');
    const template = JSON.parse(readFileSync(templateFile, 'utf8')) as { forms: { acknowledge: { properties: Record<string, unknown> } } };
    template.forms.acknowledge.properties.bonusClause = { type: 'string', title: '奖金条款', 'x-decorator': 'FormItem', 'x-component': 'Input', 'x-pattern': 'readPretty', 'x-i18n': { en: { title: 'Bonus clause' } } };
    writeFileSync(templateFile, JSON.stringify(template, null, 2));
    await importInto(host, dir);
    try {
      const hrbp = await makePerson(host, client, 'tk_hrbp_hq', ['tk_hrbp'], 'YQ');
      const letter = { unit: '华南大区', period: '2026-Q3', base: 7000000, stretch: 9000000, headName: '华南负责人', hash: 'h-2026-q3', bonusClause: '超额部分按 3% 计提' };
      const self = await personCall(host, people.headHN, 'tk_commitment_letter:create', { ...letter, headId: String(people.headHN.id), tk_unit: 'HN' });
      assert(self.status === 403, `华南's head creating his own letter answered ${self.status}`);
      const wrong = await personCall(host, hrbp, 'tk_commitment_letter:create', { ...letter, unit: '华东大区', headName: '华东负责人', headId: String(people.headHN.id), tk_unit: 'HD' });
      const wrongText = JSON.stringify(wrong.body);
      assert(wrong.status === 403 && wrongText.includes('headId'), `HRBP naming 华南's head on 华东's letter answered ${wrong.status} ${wrongText.slice(0, 300)}`);
      const made = await personCall(host, hrbp, 'tk_commitment_letter:create', { ...letter, unit: '华东大区', headName: '华东负责人', headId: String(people.headHD.id), tk_unit: 'HD' });
      assert(made.status === 200, `HRBP's proper letter answered ${made.status} ${JSON.stringify(made.body).slice(0, 300)}`);
      const id = String((made.body.data as { id: unknown }).id);
      const issued = await client.data<Record<string, unknown>>('tk_commitment_letter:get', { query: { filterByTk: id } });
      assert(issued[STATUS_FIELD] === 'issued' && issued.tk_unit === 'HD' && issued.tk_owner === String(hrbp.id), `the issued letter: ${JSON.stringify({ s: issued[STATUS_FIELD], u: issued.tk_unit, o: issued.tk_owner })}`);
      await personCall(host, people.headHD, `tk_commitment_letter:update?filterByTk=${id}`, { typedName: '华东负责人', agree: true, [ACTION_FIELD]: 'sign' });
      const signed = await waitForRecord(client, 'tk_commitment_letter', id, (r) => !r[ACTION_FIELD]);
      assert(signed[STATUS_FIELD] === 'signed' && signed.signerId === String(people.headHD.id), `signed by 华东's head: ${String(signed[STATUS_FIELD])} (${String(signed[MESSAGE_FIELD])})`);
      const verify = async (): Promise<{ valid?: boolean; keyed?: boolean }> => (await personCall(host, people.member, 'targetKit:verify', { collection: 'tk_commitment_letter', id })).body.data as { valid?: boolean; keyed?: boolean };
      const before = await verify();
      assert(before.valid === true, `the signed letter verifies ${JSON.stringify(before)}`);
      // root rewrites only the extra clause: the letter the head signed is no longer this one
      const edit = await client.call('tk_commitment_letter:update', { query: { filterByTk: id }, body: { bonusClause: '超额部分按 30% 计提' }, accept: [403] });
      assert(edit.status === 200, `root's edit answered ${edit.status}`);
      const after = await verify();
      assert(after.valid === false && after.keyed === true, `after the clause changed: ${JSON.stringify(after)}`);
      return `华南's head creating his own → ${self.status}; HRBP naming the wrong head → ${wrong.status} (“${wrong.body.errors?.[0]?.message?.slice(0, 60) ?? ''}”); HRBP's proper letter → issued at HD, signed by 华东's head, verify ${JSON.stringify(before)}; bonusClause changed → ${JSON.stringify(after)}`;
    } finally {
      await importInto(host, TEMPLATES);
    }
  });

  await check('each tk_ role reaches only its templates\' collections and, in a flow\'s, only its scope: a rep cannot update another unit\'s letter, create a review or list others\' letters', async () => {
    const [letter] = await client.data<Array<{ id: unknown; typedName?: unknown }>>('tk_commitment_letter:list', { query: { pageSize: 1, filter: JSON.stringify({ tk_unit: { $ne: 'HD01-01' } }) } });
    assert(letter, 'no letter to try');
    const update = await personCall(host, people.rep, `tk_commitment_letter:update?filterByTk=${String(letter.id)}`, { typedName: 'x' });
    const untouched = await client.data<{ typedName?: unknown }>('tk_commitment_letter:get', { query: { filterByTk: String(letter.id) } });
    const create = await personCall(host, people.rep, 'tk_target_review:create', { unit: 'HD01-01' });
    const list = await personCall(host, people.rep, 'tk_commitment_letter:list?pageSize=200');
    const units = ((list.body.data ?? []) as Array<{ tk_unit?: unknown }>).map((r) => String(r.tk_unit));
    // NocoBase answers an update outside the scope with 200 and writes nothing, or refuses it
    assert((update.status >= 400 || untouched.typedName !== 'x') && create.status === 403 && list.status === 200 && units.every((u) => u === 'HD01-01'),
      `rep: update letter ${update.status} (typedName now ${String(untouched.typedName)}), create review ${create.status}, list letters ${list.status} of units ${units.join(',')}`);
    // a region head signs letters but does not issue them
    const headCreate = await personCall(host, people.headHD, 'tk_commitment_letter:create', { unit: '华东大区' });
    assert(headCreate.status === 403, `a region head creating a letter: ${headCreate.status}`);
    return `rep: update another unit's letter ${update.status}, nothing written; create review ${create.status}; list letters ${list.status}, ${units.length} of his own unit; region head creating a letter ${headCreate.status}`;
  });

  await letterChecks({ host, client, people, templates: TEMPLATES, screenshots: [join(ROOT, 'test-artifacts/screenshots'), '/tmp/shots-nbletters'], check, makePerson, personCall, waitForRecord, importInto });

  await check('decision forms do not create records; the board sample is the main form’s; the pace verdict reads in words', async () => {
    const workOrder = JSON.stringify(await client.data<Record<string, unknown>>('uiSchemas:getJsonSchema/tk_work_order_tab'));
    assert((workOrder.match(/blockSettings:createForm/g) ?? []).length === 1 && !workOrder.includes('指派工程师'), 'the work-order page still has decision create forms');
    const review = JSON.stringify(await client.data<Record<string, unknown>>('uiSchemas:getJsonSchema/tk_target_review_tab'));
    assert((review.match(/blockSettings:createForm/g) ?? []).length === 1 && !review.includes('"tk_action":"accept"'), 'the review page still creates records with 接受目标');
    const [board] = await client.data<Array<Record<string, unknown>>>('tk_progress_board:list', { query: { filter: JSON.stringify({ tk_key: 'sample' }) } });
    assert(board?.period === '2026-Q2' && (board.light === null || board.light === undefined), `board sample: period ${String(board?.period)}, light ${String(board?.light)}`);
    // the board template's form sits below the board, on the board's page (one menu entry per subject)
    const boardPage = JSON.stringify(await client.data<Record<string, unknown>>('uiSchemas:getJsonSchema/tk_progress_board_view_tab'));
    assert(boardPage.includes('"behind":"落后"'), 'the pace result has no words');
    return 'work orders: 1 create form; review: 1; board sample period 2026-Q2, no light; pace → 领先/正常/落后';
  });

  await alertsChecks({ url: host.url, client, check, assert, makePerson: (name, roles, unit) => makePerson(host, client, name, roles, unit), screenshots: [join(ROOT, 'test-artifacts/screenshots'), '/tmp/shots-nbschedule'] });
  await scoreChecks({ url: host.url, client, people, headHNLogin: { account: 'tk_head_hn', password: 'tk-test-123' }, call: (p, a, b) => personCall(host, p, a, b), cli, check, assert, root: ROOT });
  await bonusChecks({ url: host.url, templates: TEMPLATES, client, check, assert, call: (p, a, b) => personCall(host, p, a, b), cli, people: { ...people, hq }, repLogin: { account: 'tk_rep_hd0101', password: 'tk-test-123' }, screenshots: [join(ROOT, 'test-artifacts/screenshots'), '/work/shots/period'] });
  // before the appeals: an approved appeal re-balances the stored targets, and the phasing check compares with `target-kit phase` over the bundle's file
  await pipelineChecks({ url: host.url, client, people, headHNLogin: { account: 'tk_head_hn', password: 'tk-test-123' }, call: (p, a, b) => personCall(host, p, a, b), cli, check, assert, root: ROOT, screenshots: [join(ROOT, 'test-artifacts/screenshots'), '/work/shots/blocks'] });
  await appealChecks({ host, client, people, check, assert, personCall, waitForRecord, tasksOf, makePerson });
  // languages, menus per role, the add-block menu, the schedule's zone, message links and the screenshot tour: after the letters, alerts and appeals, whose records the tour shows
  await platformChecks({ url: host.url, root: ROOT, client, check, assert, makePerson: (u, r, unit) => makePerson(host, client, u, r, unit), personCall: (p, a, b) => personCall(host, p, a, b), schedule: readNotificationSettings(bundle.parameters)?.schedule ?? undefined });

  await foldChecks({ client, target, check, assert, makePerson: (u, r, unit) => makePerson(host, client, u, r, unit), personCall: (p, a, b) => personCall(host, p, a, b), importBundle: () => importInto(host, TEMPLATES) });

  await check('a second import of the same bundle is a no-op', async () => {
    const before = await counts(client, target);
    const { ms, stdout } = await importInto(host, TEMPLATES);
    timings['import (second, no-op)'] = ms;
    const after = await counts(client, target);
    assert(JSON.stringify(before) === JSON.stringify(after), `before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`);
    assert(/[,，] ?0 ?(项要改动|to change)/.test(stdout), `the plan was not empty:\n${stdout.split('\n').filter((l) => !/不变|unchanged/.test(l)).join('\n')}`);
    return JSON.stringify(after);
  });

  await check('a changed threshold: --dry-run plans it and changes nothing; re-imported, it changes the REST result (records kept)', async () => {
    const rate = { actual: 85, target: 100 };
    const beforeValue = await evaluate(client, 'traffic-light', rate);
    const dir = mkdtempSync(join(tmpdir(), 'tk-bundle-'));
    cpSync(TEMPLATES, dir, { recursive: true });
    const file = join(dir, 'parameters/tracking.json');
    const params = JSON.parse(readFileSync(file, 'utf8')) as { parameters: { lights: { green: { from: number } } } };
    params.parameters.lights.green.from = 0.9;
    writeFileSync(file, JSON.stringify(params, null, 2));
    const recordsBefore = (await counts(client, target)).records;
    // --dry-run prints the plan (the bundle to update, the rest unchanged) and changes nothing
    const dry = await cli(['nocobase', 'import', dir, '--url', host.url, ...ACCOUNT, '--dry-run']);
    const toChange = dry.stdout.split('\n').filter((l) => /^\s+(新建|更新|删除)/.test(l));
    assert(dry.code === 0 && toChange.length === 1 && /bundle/.test(toChange[0] ?? ''), `dry run: exit ${dry.code}, changes ${JSON.stringify(toChange)}`);
    assert((await evaluate(client, 'traffic-light', rate)).result === 'green', 'the dry run changed the rules');
    const { ms } = await importInto(host, dir);
    timings['import (changed threshold)'] = ms;
    const afterValue = await evaluate(client, 'traffic-light', rate);
    assert(beforeValue.result === 'green' && afterValue.result === 'yellow', `85%: before ${String(beforeValue.result)}, after ${String(afterValue.result)}`);
    const recordsAfter = (await counts(client, target)).records;
    assert(recordsAfter === recordsBefore, `records ${recordsBefore} → ${recordsAfter}`);
    await importInto(host, TEMPLATES); // back to the shipped bundle for the browser check
    return `dry run plans only the bundle; 85% of target: ${String(beforeValue.result)} → ${String(afterValue.result)}`;
  });

  await check('a customised bundle: a unit column more and a changed actual; the import adds the field and updates just that row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tk-data-'));
    cpSync(TEMPLATES, dir, { recursive: true });
    const units = join(dir, 'data/sample-company/units.csv');
    const lines = readFileSync(units, 'utf8').split('\n');
    writeFileSync(units, lines.map((l, i) => (l === '' ? l : `${l},${i === 0 ? 'channel' : i % 2 ? 'direct' : 'partner'}`)).join('\n'));
    const actualsFile = join(dir, 'data/sample-actuals/actuals.csv');
    writeFileSync(actualsFile, readFileSync(actualsFile, 'utf8').replace('HD01-01,2026-W02,6589.00', 'HD01-01,2026-W02,6590.25'));
    const { ms, stdout } = await importInto(host, dir);
    timings['import (one column more, one actual changed)'] = ms;
    const [hd] = await client.data<Array<Record<string, unknown>>>('tk_org:list', { query: { filter: JSON.stringify({ tk_key: 'HD' }) } });
    assert(hd?.channel === 'direct' || hd?.channel === 'partner', `tk_org HD channel: ${JSON.stringify(hd?.channel)}`);
    const [actual] = await client.data<Array<Record<string, unknown>>>('tk_data_sample_actuals:list', { query: { filter: JSON.stringify({ tk_key: JSON.stringify(['HD01-01', '2026-W02']) }) } });
    assert(String(actual?.amount) === '6590.25', `the changed actual: ${JSON.stringify(actual?.amount)}`);
    // the plan's lines (the done lines repeat them after 完成)
    const loads = stdout.split('\n').filter((l) => /^\s+(新建|更新)\s+data\s/.test(l));
    assert(loads.length === 2, `loads: ${JSON.stringify(loads)}`);
    await importInto(host, TEMPLATES);
    return `${(ms / 1000).toFixed(1)} s; HD channel ${String(hd?.channel)}; amount 6589.00 → ${String(actual?.amount)}; ${loads.length} datasets loaded`;
  });

  await check('a bundle that fails validate, a wrong token, a NocoBase that is down: exit 1, a clear message, nothing imported', async () => {
    const before = await counts(client, target);
    const dir = mkdtempSync(join(tmpdir(), 'tk-bad-bundle-'));
    cpSync(TEMPLATES, dir, { recursive: true });
    const file = join(dir, 'rules/tracking.rules.json');
    const rules = JSON.parse(readFileSync(file, 'utf8')) as { rules: Array<{ logic: unknown }> };
    (rules.rules[0] as { logic: unknown }).logic = { 'no-such-operator': [1] };
    writeFileSync(file, JSON.stringify(rules, null, 2));
    const bad = await cli(['nocobase', 'import', dir, '--url', host.url, ...ACCOUNT]);
    assert(bad.code === 1 && /no-such-operator/.test(bad.stderr) && /没有导入/.test(bad.stderr), `bad bundle: exit ${bad.code}\n${bad.stderr}`);
    const token = await cli(['nocobase', 'import', TEMPLATES, '--url', host.url, '--token', 'not-a-token']);
    assert(token.code === 1 && /令牌|401/.test(token.stderr), `wrong token: exit ${token.code}\n${token.stderr}`);
    const down = await cli(['nocobase', 'import', TEMPLATES, '--url', `http://127.0.0.1:${await freePort()}`, ...ACCOUNT]);
    assert(down.code === 1 && /连不上 NocoBase/.test(down.stderr), `NocoBase down: exit ${down.code}\n${down.stderr}`);
    const after = await counts(client, target);
    assert(JSON.stringify(before) === JSON.stringify(after), `something changed: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
    return `${bad.stderr.trim().split('\n').at(-1) ?? ''} | ${token.stderr.trim().split('\n')[0] ?? ''} | ${down.stderr.trim().split('\n')[0] ?? ''}`;
  });

  await check('a newer plugin package: pm:update, the import asks for a restart, and finishes after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tk-plugin-'));
    execFileSync('tar', ['xzf', join(ROOT, 'dist/nocobase/target-kit-nocobase-plugin.tgz'), '-C', dir]);
    const manifest = join(dir, 'package/package.json');
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
    const version = `${pkg.version}-update`;
    writeFileSync(manifest, JSON.stringify({ ...pkg, version }, null, 2));
    const tgz = join(dir, 'target-kit-nocobase-plugin.tgz');
    execFileSync('tar', ['czf', tgz, '-C', dir, 'package']);
    writeFileSync(join(dir, 'plugin-version.txt'), version + '\n');
    const first = await cli(['nocobase', 'import', TEMPLATES, '--url', host.url, ...ACCOUNT, '--plugin', tgz]);
    assert(first.code === 1 && /重启 NocoBase/.test(first.stderr), `after pm:update: exit ${first.code}\n${first.stderr}`);
    const started = Date.now();
    host = await restartHost(host);
    restarted(host);
    timings['restart after plugin update'] = Date.now() - started;
    const second = await cli(['nocobase', 'import', TEMPLATES, '--url', host.url, ...ACCOUNT, '--plugin', tgz]);
    assert(second.code === 0, `after the restart: exit ${second.code}\n${second.stdout}\n${second.stderr}`);
    const status = await (await signedIn(host)).data<{ pluginVersion?: string }>('targetKit:status');
    assert(status.pluginVersion === version, `running ${String(status.pluginVersion)}`);
    return `${first.stderr.trim().split('\n')[0] ?? ''} → restarted → running ${version}`;
  });

  await check('in Chromium the imported filing page renders and its rule result follows the form', async () => {
    const started = Date.now();
    const rep = `浏览器代表-${Date.now()}`;
    const detail = await browserCheck(host.url, join(ROOT, 'test-artifacts/screenshots'), rep);
    timings['browser check'] = Date.now() - started;
    // the form's submit asked for the flow's first transition: the workflow moves the record
    const until = Date.now() + 30_000;
    let rows: Array<Record<string, unknown>> = [];
    while (Date.now() < until) {
      rows = await client.data<Array<Record<string, unknown>>>('tk_target_filing:list', { query: { filter: JSON.stringify({ rep }) } });
      if (rows.length) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    assert(rows.length === 1, `the filing submitted in the page: ${rows.length} rows`);
    // the administrator holds no bundle role: the flow refuses his submit, with its words
    const refused = await waitForRecord(client, 'tk_target_filing', rows[0]?.id, (r) => !r[ACTION_FIELD] && typeof r[MESSAGE_FIELD] === 'string');
    assert(refused[STATUS_FIELD] === 'draft' && /只有/.test(String(refused[MESSAGE_FIELD])), `the page's filing: ${String(refused[STATUS_FIELD])} (${String(refused[MESSAGE_FIELD])})`);
    return `${detail}; the page's filing, submitted by the administrator (no rep) → ${String(refused[STATUS_FIELD])} “${String(refused[MESSAGE_FIELD])}”`;
  });
}

async function main(): Promise<void> {
  const timings: Timings = {};
  let pg: Postgres | undefined;
  let host: Host | undefined;
  const stop = async (): Promise<void> => {
    stopHost(host);
    await waitForExit(host);
    if (pg) await stopPostgres(pg);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => { void stop().then(() => process.exit(130)); });
  }
  mkdirSync(WORK, { recursive: true });
  const started = Date.now();
  let release = (): void => undefined;
  try {
    let phase = Date.now();
    release = await lockWork();
    if (Date.now() - phase > 1000) timings['waiting for another run'] = Date.now() - phase;
    installHost(timings);
    phase = Date.now();
    pg = await startPostgres();
    timings['postgres (initdb, start)'] = Date.now() - phase;
    host = await startHost(pg, timings);
    log(`NocoBase answers at ${host.url}`);
    phase = Date.now();
    await checks(host, timings, (restarted) => { host = restarted; });
    timings['checks (all, with their set-ups)'] = Date.now() - phase;
  } catch (error) {
    outcomes.push({ name: 'set up NocoBase', ok: false, detail: (error as Error).message });
    log(`FAIL  ${(error as Error).message}`);
  } finally {
    await stop();
    release();
  }
  timings.total = Date.now() - started;
  const secs = (ms: number): string => `${(ms / 1000).toFixed(1).padStart(6)} s`;
  // every check's seconds in run order, then the phases: where a run's minutes go, for the next person to cut
  for (const o of outcomes) if (o.ms !== undefined) log(`time  ${secs(o.ms)}  ${o.ok ? 'ok  ' : 'FAIL'}  ${o.name.length > 110 ? `${o.name.slice(0, 110)}…` : o.name}`);
  for (const [step, ms] of Object.entries(timings)) log(`time  ${secs(ms)}  ${step}`);
  const passed = outcomes.filter((o) => o.ok).length;
  const failed = outcomes.length - passed;
  if (skipped) log(`skipped ${skipped} checks (TK_NOCOBASE_ONLY=${String(process.env.TK_NOCOBASE_ONLY)})`);
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  process.exitCode = failed ? 1 : 0;
}

await main();
