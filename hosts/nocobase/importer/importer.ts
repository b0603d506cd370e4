/**
 * Importing a bundle into NocoBase: read what is there, plan what to create, update or leave
 * alone, then carry the plan out step by step. Every step is idempotent and finds its own
 * things by our keys, so a second import changes nothing and a run cut short is finished by
 * the next one. Records already entered are never touched.
 */
import {
  isOwnRow, KEY_PREFIX, PLUGIN_PACKAGE, RECORD_KEY_FIELD,
  type CollectionSpec, type DataCollectionSpec, type FieldSpec, type NocoBaseTarget, type PageSpec, type RoleSpec, type WorkflowSpec,
} from './mapping.js';
import { NocoBaseError, type NocoBaseClient } from './rest.js';
import { dataHashKey, resourceAction } from '../contract.js';
import { canonicalJson, sha256Hex } from '../../../plugin/index.js';
import { hostCron } from './schedule-cron.js';

type StepAction = 'create' | 'update' | 'unchanged' | 'remove';
type StepKind = 'plugin' | 'bundle' | 'languages' | 'collection' | 'field' | 'role' | 'menu' | 'page' | 'record' | 'workflow' | 'data' | 'scopes';

export interface PlanStep {
  kind: StepKind;
  name: string;
  action: StepAction;
  /** Why it is not unchanged, for the printed plan. */
  reason?: string;
  /** The NocoBase id of what a `remove` step removes. */
  id?: number;
}

export interface PluginPackage {
  version: string;
  file: Uint8Array<ArrayBuffer>;
  fileName: string;
}

interface ExistingField { name: string; type?: string; interface?: string; uiSchema?: { title?: string; enum?: unknown } }
interface ExistingCollection { name: string; title?: string; fields?: ExistingField[] }
interface ExistingRoute { id: number; type: string; schemaUid?: string; title?: string; options?: { tkKey?: string; tkHash?: string } | null; parentId?: number | null }
interface ExistingRole { name: string; title?: string; description?: string | null; strategy?: { actions?: string[] } | null }
interface ExistingWorkflow { id: number; title: string; description?: string | null; enabled?: boolean; current?: boolean; config?: { repeat?: unknown } | null }

interface CurrentState {
  plugin: { version?: string; enabled: boolean; running?: string; timeZone?: string } | null;
  bundleHash: string | null;
  /** What the plugin last loaded: `data:<collection>` and `scopes` → hash. */
  stored: Record<string, string>;
  collections: Map<string, ExistingCollection>;
  routes: ExistingRoute[];
  workflows: ExistingWorkflow[];
  records: Set<string>;
  roles: Map<string, ExistingRole>;
  /** NocoBase's system settings: the app's language and the enabled ones (the first is a new user's). */
  languages: { appLang?: string; enabledLanguages?: string[] };
}

interface ImportPlan {
  steps: PlanStep[];
  state: CurrentState;
}

const jsonQuery = (value: unknown): string => JSON.stringify(value);

async function readPlugin(client: NocoBaseClient): Promise<CurrentState['plugin']> {
  // pm:list, not pm:get: asking for a package before it is uploaded makes Node remember it as
  // missing, and the enable after the upload then fails with "Cannot find module"
  const list = await client.data<Array<{ packageName?: string; name?: string; version?: string; enabled?: boolean }>>('pm:list');
  const found = (list ?? []).find((p) => p.packageName === PLUGIN_PACKAGE || p.name === PLUGIN_PACKAGE);
  return found ? { version: found.version, enabled: found.enabled === true } : null;
}

async function readState(client: NocoBaseClient, target: NocoBaseTarget): Promise<CurrentState> {
  const plugin = await readPlugin(client);
  let bundleHash: string | null = null;
  let stored: Record<string, string> = {};
  if (plugin?.enabled) {
    const status = await client.call<{ hash?: string | null; pluginVersion?: string; timeZone?: string; stored?: Record<string, string> } | null>(resourceAction('status'), { accept: [404] });
    bundleHash = status.status === 200 ? status.body.data?.hash ?? null : null;
    plugin.running = status.status === 200 ? status.body.data?.pluginVersion : undefined;
    plugin.timeZone = status.status === 200 ? status.body.data?.timeZone : undefined;
    stored = status.status === 200 ? status.body.data?.stored ?? {} : {};
  }
  const collectionList = await client.data<ExistingCollection[]>('collections:list', { query: { paginate: false, 'appends[]': 'fields' } });
  const collections = new Map((collectionList ?? []).map((c) => [c.name, c]));
  const routes = (await client.data<ExistingRoute[]>('desktopRoutes:list', { query: { paginate: false } })) ?? [];
  const workflows = (await client.data<ExistingWorkflow[]>('workflows:list', {
    query: { paginate: false, filter: jsonQuery({ description: { $includes: KEY_PREFIX } }) },
  })) ?? [];
  const records = new Set<string>();
  for (const record of target.records) {
    if (!collections.has(record.collection)) continue;
    const found = await client.data<unknown[]>(`${record.collection}:list`, { query: { pageSize: 1, filter: jsonQuery({ [RECORD_KEY_FIELD]: record.key }) } });
    if (found?.length) records.add(`${record.collection}/${record.key}`);
  }
  const roleList = (await client.data<ExistingRole[]>('roles:list', { query: { paginate: false } })) ?? [];
  const settings = (await client.data<{ appLang?: string; enabledLanguages?: string[] } | null>('systemSettings:get')) ?? {};
  const languages = { appLang: settings.appLang, enabledLanguages: settings.enabledLanguages };
  return { plugin, bundleHash, stored, collections, routes, workflows, records, roles: new Map(roleList.map((r) => [r.name, r])), languages };
}

function fieldDiffers(want: FieldSpec, have: ExistingField | undefined): string | undefined {
  if (!have) return `field ${want.name} is new`;
  if (have.type !== want.type) return `field ${want.name}: type ${have.type} → ${want.type}`;
  if (have.interface !== want.interface) return `field ${want.name}: interface ${have.interface} → ${want.interface}`;
  if (have.uiSchema?.title !== want.uiSchema.title) return `field ${want.name}: title`;
  if (JSON.stringify(have.uiSchema?.enum ?? null) !== JSON.stringify(want.uiSchema.enum ?? null)) return `field ${want.name}: options`;
  return undefined;
}

function collectionStep(want: Pick<CollectionSpec, 'name' | 'title' | 'fields'>, have: ExistingCollection | undefined): PlanStep {
  if (!have) return { kind: 'collection', name: want.name, action: 'create' };
  if (have.title !== want.title) return { kind: 'collection', name: want.name, action: 'update', reason: 'title' };
  const byName = new Map((have.fields ?? []).map((f) => [f.name, f]));
  for (const field of want.fields) {
    const reason = fieldDiffers(field, byName.get(field.name));
    if (reason) return { kind: 'collection', name: want.name, action: 'update', reason };
  }
  return { kind: 'collection', name: want.name, action: 'unchanged' };
}

/**
 * A bundle role's users may do nothing with a collection by default (no global strategy), and
 * with each collection of its templates what the mapping allows (view, create, update): a rep
 * cannot write the letters or the reviews he has no part in. Who may move a record is still
 * the flow's, checked by our plugin at every transition. The role's description carries the
 * digest of those permissions, so a second import compares one string instead of reading every
 * collection's permissions back.
 */
const ROLE_ACTIONS: string[] = [];
const ACL_MARK = 'target-kit acl ';
const aclDigest = (role: RoleSpec): string => `${ACL_MARK}${sha256Hex(canonicalJson(role.resources)).slice(0, 16)}`;
const roleValues = (role: RoleSpec): Record<string, unknown> => ({
  name: role.name, title: role.title, description: aclDigest(role), strategy: { actions: ROLE_ACTIONS }, snippets: ['!ui.*', '!pm', '!pm.*'],
});

function roleStep(want: RoleSpec, have: ExistingRole | undefined): PlanStep {
  if (!have) return { kind: 'role', name: want.name, action: 'create' };
  if (have.title !== want.title || have.description !== aclDigest(want) || JSON.stringify(have.strategy?.actions ?? []) !== JSON.stringify(ROLE_ACTIONS)) return { kind: 'role', name: want.name, action: 'update', reason: 'title or permissions' };
  return { kind: 'role', name: want.name, action: 'unchanged' };
}

/**
 * Writes a role's permissions on every collection of the bundle: its own with their actions,
 * the others with none (a collection it used under an earlier bundle is closed again).
 */
async function applyRoleResources(client: NocoBaseClient, role: RoleSpec, collections: readonly string[], created: boolean): Promise<void> {
  const path = `roles/${encodeURIComponent(role.name)}/dataSourceResources`;
  for (const collection of collections) {
    const resource = role.resources.find((r) => r.collection === collection);
    const actions = resource?.actions ?? [];
    const values = { dataSourceKey: 'main', name: collection, usingActionsConfig: true, actions: actions.map((name) => (name === 'view' ? { name } : { name, fields: resource?.fields ?? [] })) };
    const have = created ? null : await client.data<unknown>(`${path}:get`, { query: { 'filter[dataSourceKey]': 'main', 'filter[name]': collection } });
    if (have) await client.call(`${path}:update`, { query: { 'filter[dataSourceKey]': 'main', 'filter[name]': collection }, body: values });
    else if (actions.length) await client.call(`${path}:create`, { body: values });
  }
}

/** Ours first, in our order, then any other language the host had enabled. */
const languagesWanted = (target: NocoBaseTarget, have: CurrentState['languages']): { appLang: string; enabledLanguages: string[] } => ({
  appLang: target.uiLanguages[0] ?? 'zh-CN',
  enabledLanguages: [...target.uiLanguages, ...(have.enabledLanguages ?? []).filter((l) => !target.uiLanguages.includes(l))],
});

function languagesStep(target: NocoBaseTarget, have: CurrentState['languages']): PlanStep {
  const want = languagesWanted(target, have);
  const same = have.appLang === want.appLang && JSON.stringify(have.enabledLanguages ?? []) === JSON.stringify(want.enabledLanguages);
  return { kind: 'languages', name: want.enabledLanguages.join(', '), action: same ? 'unchanged' : 'update', reason: same ? undefined : `was ${(have.enabledLanguages ?? []).join(', ')}` };
}

const routeOf = (state: CurrentState, schemaUid: string): ExistingRoute | undefined => state.routes.find((r) => r.schemaUid === schemaUid);

function pageStep(want: PageSpec, state: CurrentState): PlanStep {
  const route = routeOf(state, want.schemaUid);
  if (!route) return { kind: 'page', name: want.title, action: 'create' };
  if (route.options?.tkHash !== want.hash || route.title !== want.title) return { kind: 'page', name: want.title, action: 'update', reason: 'form changed' };
  return { kind: 'page', name: want.title, action: 'unchanged' };
}

const workflowMarker = (want: WorkflowSpec): string => `${want.key}#${want.hash}`;
const keyOfDescription = (description: string | null | undefined): string | undefined =>
  description?.match(/(target-kit:\S+)#[0-9a-f]+/)?.[1];

/**
 * A schedule's cron line in the zone the NocoBase process runs its schedules in (our plugin
 * reports it; a plugin that does not yet, UTC): NocoBase reads the line in that zone.
 */
function repeatFor(want: WorkflowSpec, timeZone: string | undefined): unknown {
  return want.schedule ? hostCron(want.schedule, timeZone ?? 'UTC', new Date().getUTCFullYear()).cron : want.config.repeat;
}

function workflowStep(want: WorkflowSpec, state: CurrentState): PlanStep {
  const mine = state.workflows.filter((w) => keyOfDescription(w.description) === want.key);
  if (!mine.length) return { kind: 'workflow', name: want.title, action: 'create' };
  const complete = mine.length === 1 && mine[0]?.enabled === true && mine[0]?.description?.includes(workflowMarker(want));
  if (!complete) return { kind: 'workflow', name: want.title, action: 'update', reason: 'transition changed or import unfinished' };
  // a host moved to another zone (known once our plugin runs) needs its schedule written again
  const zone = state.plugin?.timeZone;
  if (want.schedule && zone && mine[0]?.config?.repeat !== repeatFor(want, zone)) return { kind: 'workflow', name: want.title, action: 'update', reason: `schedule for the host's zone ${zone}` };
  return { kind: 'workflow', name: want.title, action: 'unchanged' };
}

/** The collections:apply body of a dataset's collection: a tree for the org tree. */
const dataCollectionValues = (c: DataCollectionSpec): Record<string, unknown> => ({
  name: c.name, title: c.title, fields: c.fields, ...(c.tree ? { tree: 'adjacencyList', template: 'tree' } : {}),
});

function dataStep(want: DataCollectionSpec, state: CurrentState): PlanStep {
  const have = state.stored[dataHashKey(want.name)];
  const name = `${want.name} (${want.rows.length})`;
  if (have === want.hash) return { kind: 'data', name, action: 'unchanged' };
  return { kind: 'data', name, action: have ? 'update' : 'create', reason: have ? 'rows changed' : undefined };
}

export async function planImport(client: NocoBaseClient, target: NocoBaseTarget, plugin: PluginPackage): Promise<ImportPlan> {
  // a dataset that cannot be loaded refuses the import before anything is changed
  if (target.dataProblems.length) {
    throw new NocoBaseError({ zh: `数据集有误，没有导入：\n${target.dataProblems.map((p) => p.zh).join('\n')}`, en: `the datasets are not valid, nothing imported:\n${target.dataProblems.map((p) => p.en).join('\n')}` });
  }
  const state = await readState(client, target);
  const steps: PlanStep[] = [];
  if (!state.plugin) steps.push({ kind: 'plugin', name: `${PLUGIN_PACKAGE}@${plugin.version}`, action: 'create' });
  else if (state.plugin.version !== plugin.version || !state.plugin.enabled || state.plugin.running !== plugin.version) {
    const reason = state.plugin.version !== plugin.version ? `installed ${state.plugin.version}` : !state.plugin.enabled ? 'not enabled' : `running ${state.plugin.running ?? '?'}: restart needed`;
    steps.push({ kind: 'plugin', name: `${PLUGIN_PACKAGE}@${plugin.version}`, action: 'update', reason });
  } else steps.push({ kind: 'plugin', name: `${PLUGIN_PACKAGE}@${plugin.version}`, action: 'unchanged' });
  const bundleName = `${target.bundleId} (${target.bundleHash.slice(0, 12)})`;
  steps.push({ kind: 'bundle', name: bundleName, action: state.bundleHash === target.bundleHash ? 'unchanged' : state.bundleHash ? 'update' : 'create' });
  for (const collection of target.collections) steps.push(collectionStep(collection, state.collections.get(collection.name)));
  for (const collection of target.datasets) steps.push(collectionStep(collection, state.collections.get(collection.name)));
  if (target.alerts) steps.push(collectionStep(target.alerts, state.collections.get(target.alerts.name)));
  const userFields = state.collections.get('users')?.fields ?? [];
  for (const field of [target.userUnitField, target.userPathField]) {
    steps.push({ kind: 'field', name: `users.${field.name}`, action: userFields.some((f) => f.name === field.name) ? 'unchanged' : 'create' });
  }
  steps.push(languagesStep(target, state.languages));
  for (const role of target.roles) steps.push(roleStep(role, state.roles.get(role.name)));
  const group = routeOf(state, target.group.schemaUid);
  steps.push({ kind: 'menu', name: target.group.title, action: !group ? 'create' : group.title !== target.group.title ? 'update' : 'unchanged' });
  for (const page of target.pages) steps.push(pageStep(page, state));
  // an older import's page of a template now folded into a block page: moved there, its menu entry removed
  for (const page of target.pages) {
    const old = page.folds && routeOf(state, page.folds.schemaUid);
    if (page.folds && old) steps.push({ kind: 'page', name: foldStepName(page), action: 'remove', reason: `folded into ${page.title}`, id: old.id });
  }
  for (const record of target.records) {
    steps.push({ kind: 'record', name: `${record.collection}/${record.key}`, action: state.records.has(`${record.collection}/${record.key}`) ? 'unchanged' : 'create' });
  }
  for (const workflow of target.workflows) steps.push(workflowStep(workflow, state));
  for (const collection of target.datasets) steps.push(dataStep(collection, state));
  const scopesHave = state.stored.scopes;
  // a role written again (new, or its permissions changed) has its flow collections' actions
  // without scopes until the scopes are written over them
  const rolesWritten = steps.some((s) => s.kind === 'role' && s.action !== 'unchanged');
  steps.push({ kind: 'scopes', name: `${target.grants.length} grants`, action: scopesHave === target.grantsHash && !rolesWritten ? 'unchanged' : scopesHave ? 'update' : 'create' });
  const wanted = new Set(target.workflows.map((w) => w.key));
  const ownPrefix = `${KEY_PREFIX}`;
  const collectionsOfBundle = new Set(target.collections.map((c) => c.name));
  for (const existing of state.workflows) {
    const key = keyOfDescription(existing.description);
    // ours, of a collection this bundle owns, and no longer a transition of it
    if (key?.startsWith(ownPrefix) && collectionsOfBundle.has(key.slice(ownPrefix.length).split('/')[0] ?? '') && !wanted.has(key)) {
      steps.push({ kind: 'workflow', name: existing.title, action: 'remove', reason: 'no longer in the bundle', id: existing.id });
    }
  }
  return { steps, state };
}

interface ApplyLog {
  (step: PlanStep): void;
}

/** Carries the plan out. Each step leaves NocoBase in a state the next run can finish from. */
export async function applyImport(client: NocoBaseClient, target: NocoBaseTarget, plugin: PluginPackage, plan: ImportPlan, log: ApplyLog): Promise<void> {
  const { state } = plan;
  const todo = (kind: StepKind, name: string): PlanStep | undefined =>
    plan.steps.find((s) => s.kind === kind && s.name === name && s.action !== 'unchanged');

  const pluginStep = plan.steps.find((s) => s.kind === 'plugin' && s.action !== 'unchanged');
  if (pluginStep) {
    await installPlugin(client, plugin, state.plugin);
    log(pluginStep);
  }
  const bundleStep = plan.steps.find((s) => s.kind === 'bundle' && s.action !== 'unchanged');
  if (bundleStep) {
    await client.call(resourceAction('load'), { body: { bundle: target.bundle } });
    log(bundleStep);
  }
  // the datasets first: a template's record may refer to one of them (an appeal to its target)
  for (const collection of target.datasets) {
    const step = todo('collection', collection.name);
    if (!step) continue;
    await client.call('collections:apply', { body: dataCollectionValues(collection) });
    log(step);
  }
  for (const collection of target.collections) {
    const step = todo('collection', collection.name);
    if (!step) continue;
    await client.call('collections:apply', { body: { name: collection.name, title: collection.title, fields: collection.fields } });
    log(step);
  }
  const alertsStep = target.alerts ? todo('collection', target.alerts.name) : undefined;
  if (target.alerts && alertsStep) {
    await client.call('collections:apply', { body: { name: target.alerts.name, title: target.alerts.title, fields: target.alerts.fields } });
    log(alertsStep);
  }
  for (const field of [target.userUnitField, target.userPathField]) {
    const fieldStep = todo('field', `users.${field.name}`);
    if (!fieldStep) continue;
    await client.call('collections/users/fields:create', { body: field });
    log(fieldStep);
  }
  for (const role of target.roles) {
    const step = todo('role', role.name);
    if (!step) continue;
    if (step.action === 'create') await client.call('roles:create', { body: roleValues(role) });
    else await client.call('roles:update', { query: { filterByTk: role.name }, body: roleValues(role) });
    await applyRoleResources(client, role, target.collections.map((c) => c.name), step.action === 'create');
    log(step);
  }
  const languages = plan.steps.find((s) => s.kind === 'languages' && s.action !== 'unchanged');
  if (languages) {
    // a user without a language of his own (every user the import or an administrator makes) gets the first
    await client.call('systemSettings:put', { body: languagesWanted(target, state.languages) });
    log(languages);
  }
  let groupId = routeOf(state, target.group.schemaUid)?.id;
  const groupStep = todo('menu', target.group.title);
  if (groupStep) {
    if (groupId === undefined) {
      const created = await client.data<{ id: number }>('desktopRoutes:create', { body: { type: 'group', title: target.group.title, schemaUid: target.group.schemaUid, options: { tkKey: target.group.key } } });
      groupId = created.id;
    } else {
      await client.call('desktopRoutes:update', { query: { filterByTk: groupId }, body: { title: target.group.title } });
    }
    log(groupStep);
  }
  for (const page of target.pages) {
    const step = todo('page', page.title);
    if (!step) continue;
    await writePage(client, page, routeOf(state, page.schemaUid), groupId);
    log(step);
  }
  for (const page of target.pages) {
    const step = page.folds && todo('page', foldStepName(page));
    if (!step || !page.folds || step.id === undefined) continue;
    await moveFoldedPage(client, page, page.folds, step.id, state.routes);
    log(step);
  }
  for (const record of target.records) {
    const step = todo('record', `${record.collection}/${record.key}`);
    if (!step) continue;
    await client.call(`${record.collection}:create`, { body: record.values });
    log(step);
  }
  for (const step of plan.steps.filter((s) => s.kind === 'workflow' && s.action === 'remove')) {
    if (step.id !== undefined) await client.call('workflows:destroy', { query: { filterByTk: step.id } });
    log(step);
  }
  // the host's zone, asked now: on a first import our plugin only runs since the steps above
  const timeZone = target.workflows.some((w) => w.schedule && todo('workflow', w.title)) ? await hostTimeZone(client) : undefined;
  for (const workflow of target.workflows) {
    const step = todo('workflow', workflow.title);
    if (!step) continue;
    for (const old of state.workflows.filter((w) => keyOfDescription(w.description) === workflow.key)) {
      await client.call('workflows:destroy', { query: { filterByTk: old.id } });
    }
    await writeWorkflow(client, workflow.schedule ? { ...workflow, config: { ...workflow.config, repeat: repeatFor(workflow, timeZone) as string } } : workflow);
    log(step);
  }
  // the org tree first: loading it places the users on their paths
  for (const collection of target.datasets) {
    const step = plan.steps.find((s) => s.kind === 'data' && s.name.startsWith(`${collection.name} (`) && s.action !== 'unchanged');
    if (!step) continue;
    const { rows, hash, file, parentKeyField, headKeyField, datasetId, columns } = collection;
    await client.call(resourceAction('loadData'), { body: { collection: collection.name, file, hash, rows, dataset: datasetId, columns, ...(parentKeyField ? { parentKeyField } : {}), ...(headKeyField ? { headKeyField } : {}) } });
    log(step);
  }
  const scopesStep = plan.steps.find((s) => s.kind === 'scopes' && s.action !== 'unchanged');
  if (scopesStep) {
    await client.call(resourceAction('scopes'), { body: { grants: target.grants, hash: target.grantsHash } });
    log(scopesStep);
  }
}

async function waitFor(client: NocoBaseClient, what: string, check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (await check()) return;
    if (Date.now() - started > timeoutMs) {
      throw new NocoBaseError({ zh: `等待超时：${what}`, en: `timed out waiting for ${what}` });
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function installPlugin(client: NocoBaseClient, plugin: PluginPackage, installed: CurrentState['plugin']): Promise<void> {
  const upload = (): FormData => {
    const form = new FormData();
    form.append('file', new Blob([plugin.file], { type: 'application/gzip' }), plugin.fileName);
    if (installed) form.append('packageName', PLUGIN_PACKAGE);
    return form;
  };
  if (!installed) {
    await client.call('pm:add', { form: upload() });
    // pm:add runs in the background and restarts the app: wait for the new package
    await waitFor(client, `${PLUGIN_PACKAGE}@${plugin.version}`, async () => (await readPlugin(client))?.version === plugin.version);
  } else if (installed.version !== plugin.version) {
    await client.call('pm:update', { query: { filterByTk: PLUGIN_PACKAGE }, form: upload() });
    // pm:update also runs in the background (503 meanwhile, which call() waits out); in
    // APP_LAUNCH_MODE=node the process keeps the old package loaded, so the version it lists
    // may stay the old one until a restart: the running-version check below says so
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await readPlugin(client);
  }
  const now = await readPlugin(client);
  if (!now?.enabled) {
    await client.call('pm:enable', { method: 'POST', query: { filterByTk: PLUGIN_PACKAGE, awaitResponse: true } });
    await waitFor(client, `${PLUGIN_PACKAGE} enabled`, async () => (await readPlugin(client))?.enabled === true);
  }
  await waitFor(client, resourceAction('status'), async () => (await client.call(resourceAction('status'), { accept: [400, 403, 404, 500] })).status === 200);
  const running = await runningVersion(client);
  if (running !== plugin.version) {
    throw new NocoBaseError({
      zh: `NocoBase 已装上插件 ${plugin.version}，但进程仍在运行 ${running ?? '旧版本'} 的代码（pm:update 不会重新加载）：请重启 NocoBase，再运行同一条导入命令`,
      en: `NocoBase has plugin ${plugin.version} installed but its process still runs the code of ${running ?? 'an older version'} (pm:update does not reload it): restart NocoBase, then run the same import again`,
    });
  }
}

async function hostTimeZone(client: NocoBaseClient): Promise<string | undefined> {
  const status = await client.call<{ timeZone?: string } | null>(resourceAction('status'), { accept: [400, 403, 404, 500] });
  return status.status === 200 ? status.body.data?.timeZone : undefined;
}

async function runningVersion(client: NocoBaseClient): Promise<string | undefined> {
  const status = await client.call<{ pluginVersion?: string } | null>(resourceAction('status'), { accept: [400, 403, 404, 500] });
  return status.status === 200 ? status.body.data?.pluginVersion : undefined;
}

const foldStepName = (page: PageSpec): string => `${page.folds?.title ?? ''} → ${page.title}`;

interface GridRowNode { name: string; uid: string }

/** The rows of a page's grid, in order, each with its name and uid; none when the grid is not there. */
async function gridRows(client: NocoBaseClient, gridUid: string): Promise<GridRowNode[]> {
  const got = await client.call<{ properties?: Record<string, { 'x-uid'?: string }> } | null>(`uiSchemas:getJsonSchema/${gridUid}`, { accept: [400, 404, 500] });
  const properties = got.status === 200 ? got.body.data?.properties ?? {} : {};
  return Object.entries(properties).flatMap(([name, node]) => (node['x-uid'] ? [{ name, uid: node['x-uid'] }] : []));
}

/** Moves an existing schema node (with everything under it) to the end of a grid: NocoBase's insertAdjacent of a node that exists. */
async function moveRow(client: NocoBaseClient, gridUid: string, uid: string): Promise<void> {
  await client.call(`uiSchemas:insertAdjacent/${encodeURIComponent(gridUid)}`, { query: { position: 'beforeEnd' }, body: { schema: { 'x-uid': uid } } });
}

/**
 * A template page folded into a block page (mapping's foldTemplatePages), as an older import
 * left it: the rows a user added to it are moved below the block page's own, then its route (its
 * menu entry and the roles' grants) and its schema are removed. Our own rows are not moved: the
 * block page holds their successors already. A run cut short is finished by the next one.
 */
async function moveFoldedPage(client: NocoBaseClient, page: PageSpec, folds: NonNullable<PageSpec['folds']>, routeId: number, routes: readonly ExistingRoute[]): Promise<void> {
  const have = new Set((await gridRows(client, page.tabSchemaUid)).map((r) => r.name));
  for (const row of await gridRows(client, folds.tabSchemaUid)) {
    if (!isOwnRow(row.name) && !have.has(row.name)) await moveRow(client, page.tabSchemaUid, row.uid);
  }
  for (const child of routes.filter((r) => r.parentId === routeId)) await client.call('desktopRoutes:destroy', { query: { filterByTk: child.id }, accept: [404] });
  await client.call('desktopRoutes:destroy', { query: { filterByTk: routeId }, accept: [404] });
  await client.call(`uiSchemas:remove/${folds.schemaUid}`, { method: 'POST', accept: [400, 404, 500] });
}

/**
 * Writes a page's schema. A page a user has added blocks to keeps them: only our rows are
 * replaced (removed, and the new ones placed before the user's); a page without such rows is
 * written whole.
 */
async function writePageSchema(client: NocoBaseClient, page: PageSpec, existing: boolean): Promise<void> {
  const rows = existing ? await gridRows(client, page.tabSchemaUid) : [];
  const theirs = rows.filter((r) => !isOwnRow(r.name));
  if (!theirs.length) {
    // a schema left by an earlier, unfinished run is replaced, never doubled
    await client.call(`uiSchemas:remove/${page.schemaUid}`, { method: 'POST', accept: [400, 404, 500] });
    await client.call('uiSchemas:insert', { body: page.schema });
    return;
  }
  for (const row of rows.filter((r) => isOwnRow(r.name))) await client.call(`uiSchemas:remove/${row.uid}`, { method: 'POST', accept: [400, 404, 500] });
  const grid = (page.schema.properties as Record<string, { properties?: Record<string, unknown> }> | undefined)?.[page.tabSchemaName]?.properties ?? {};
  const first = theirs[0] as GridRowNode;
  for (const [name, row] of Object.entries(grid)) {
    await client.call(`uiSchemas:insertAdjacent/${encodeURIComponent(first.uid)}`, { query: { position: 'beforeBegin' }, body: { schema: { ...(row as Record<string, unknown>), name } } });
  }
}

async function writePage(client: NocoBaseClient, page: PageSpec, route: ExistingRoute | undefined, groupId: number | undefined): Promise<void> {
  await writePageSchema(client, page, route !== undefined);
  const options = { tkKey: page.key, tkHash: page.hash };
  let routeId = route?.id;
  if (!route) {
    routeId = (await client.data<{ id: number }>('desktopRoutes:create', {
      body: {
        type: 'page', title: page.title, schemaUid: page.schemaUid, menuSchemaUid: page.menuSchemaUid, enableTabs: false,
        parentId: groupId ?? null, options,
        children: [{ type: 'tabs', schemaUid: page.tabSchemaUid, tabSchemaName: page.tabSchemaName, hidden: true }],
      },
    })).id;
  } else {
    // the hash goes in last: a run cut short before this line re-writes the page next time
    await client.call('desktopRoutes:update', { query: { filterByTk: route.id }, body: { title: page.title, options } });
  }
  // NocoBase adds the page's hidden tab to a role given the page; adding twice changes nothing
  for (const role of page.roles ?? []) {
    await client.call(`roles/${encodeURIComponent(role)}/desktopRoutes:add`, { body: [groupId, routeId].filter((id) => id !== undefined) });
  }
}

async function writeWorkflow(client: NocoBaseClient, workflow: WorkflowSpec): Promise<void> {
  const created = await client.data<{ id: number }>('workflows:create', {
    body: { title: workflow.title, type: workflow.type ?? 'collection', sync: false, enabled: false, description: `${workflow.key}#${workflow.hash}`, config: workflow.config },
  });
  const ids = new Map<string, number>();
  for (const node of workflow.nodes) {
    const upstreamId = node.upstream ? ids.get(node.upstream) ?? null : null;
    const made = await client.data<{ id: number }>(`workflows/${created.id}/nodes:create`, {
      body: { type: node.type, title: node.title, config: node.config, upstreamId, branchIndex: node.branchIndex ?? null, ...(node.key ? { key: node.key } : {}) },
    });
    ids.set(node.ref, made.id);
  }
  // enabled last: an enabled workflow of ours is a complete one
  await client.call('workflows:update', { query: { filterByTk: created.id }, body: { enabled: true } });
}

