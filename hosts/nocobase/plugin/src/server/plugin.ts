/**
 * The server half of @target-kit/nocobase-plugin: the `targetKit` REST resource, the
 * `target-kit-rule` workflow node, and the bundle kept in the targetKitBundles collection so
 * it is compiled again at every start. Nothing is compiled per request.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Plugin } from '@nocobase/server';
import { createActions, createDataActions, langOf, RESOURCE, type LoadOutcome } from './actions.js';
import { createSimulateActions, nocobaseSimulateHost } from './simulate.js';
import { linkHeads, loadRows, refreshRecordPaths, refreshUserPaths, type DataModel, type LoadDataOutcome, type LoadDataRequest, type StoredDatasetMeta } from './data-load.js';
import { applyGrants, type Grant } from './data-scopes.js';
import { readStoredTable, scopeOfUser, withStoredPeriod, type StoredScope, type StoredTable } from './stored-tables.js';
import { createBoardActions, createBoardViews } from './board.js';
import { createStoredActuals, type BoardSqlDb } from './board-sql.js';
import { createBonusActions } from './bonus.js';
import { BUNDLES_COLLECTION, CURRENT_KEY } from './collections/targetKitBundles.js';
import { INSTRUCTION_TYPE, createRuleInstruction, type StepHost } from './rule-instruction.js';
import { ALERTS_NODE_TYPE, createAlertsInstruction, nocobaseAlertsHost } from './alerts.js';
import { RuleStore, compileBundle } from './rule-store.js';
import { checkSave, isAdmin, type HostUser } from './flow-guard.js';
import { createSigningActions, letterFieldsOf, signingSecret } from './signing.js';
import { createScoreActions } from './scores.js';
import { createLetterActions } from './letters.js';
import { createPipelineActions } from './pipeline.js';
import { createIndicatorActions } from './indicators.js';
import { createPhasingActions } from './phasing.js';
import { appealedTarget, attachmentFields, targetsOf, withEvidenceWords, writableFields, writeStep, type AppealDb } from './appeals.js';
import { AUDIT_FIELD, collectionNameOf, NO_PATH, ORG_COLLECTION, PATH_FIELD, RECORD_KEY_FIELD, TARGET_KEY_FIELD, UNIT_FIELD, USER_PATH_FIELD, USER_UNIT_FIELD, dataHashKey, resourceAction, roleNameOf } from '../../../contract.js';
import type { Context, SavedModel, SaveOptions } from '@nocobase/server';

/** What the workflow plugin offers other plugins (plugin-workflow 2.x, server side). */
interface WorkflowPlugin {
  registerInstruction(type: string, instruction: object): void;
}

function isWorkflowPlugin(value: unknown): value is WorkflowPlugin {
  return typeof value === 'object' && value !== null
    && typeof (value as { registerInstruction?: unknown }).registerInstruction === 'function';
}

const RELOAD_MESSAGE = 'target-kit:reload';
/** The row of the bundles collection holding the hash of the scopes last applied. */
const SCOPES_KEY = 'scopes';
/** Marks the step node's own writes in the options NocoBase hands to model hooks. */
const STEP_WRITE = 'targetKitStep';

/** A refusal NocoBase's error handler answers with its status and our message. */
function forbidden(zh: string, en: string): Error {
  return Object.assign(new Error(`${zh} / ${en}`), { status: 403, statusCode: 403 });
}

/**
 * The request being served, for model hooks whose options do not carry it: a manual task's
 * form writes the record with only the execution as context, inside the request of the
 * assignee who submitted it (NocoBase checks that he is the task's user).
 */
const request = new AsyncLocalStorage<Context>();

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The version whose code this process runs, read once when the code is loaded: NocoBase's
 * pm:update replaces the package on disk without reloading it (APP_LAUNCH_MODE=node), and the
 * importer compares this with the version it uploaded to tell that a restart is needed.
 */
const RUNNING_VERSION: string = (() => {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
})();

class PluginTargetKitServer extends Plugin {
  readonly store = new RuleStore();
  private restored: Promise<void> | undefined;
  private readonly secret = signingSecret(() => this.db.getRepository(BUNDLES_COLLECTION));

  override async load(): Promise<void> {
    const ready = (): Promise<void> => this.restore();
    const actions = createActions({ store: this.store, ready, load: (single) => this.loadBundle(single), pluginVersion: RUNNING_VERSION, caller: (ctx) => this.caller(ctx), stored: () => this.storedHashes() });
    const dataActions = createDataActions(this.store, {
      fieldTypes: (collection) => {
        const fields = this.db.getCollection(collection)?.fields;
        return fields ? new Map([...fields.entries()].map(([name, field]) => [name, field.type])) : undefined;
      },
      loadRows: (request) => this.loadRows(request),
      applyGrants: (grants, hash) => this.applyGrants(grants, hash),
    });
    const boardViews = createBoardViews({
      store: this.store, ready, scope: (ctx: Context) => this.scopeOf(ctx), readTable: (dataset) => this.periodTable(dataset), version: (dataset) => this.datasetVersion(dataset),
      // NocoBase's database as board-sql.ts declares what it uses of it (sequelize's query and dialect, a model's columns)
      storedActuals: createStoredActuals(this.db as unknown as BoardSqlDb, (dataset) => this.datasetMeta(dataset)),
    });
    const board = createBoardActions({ store: this.store, ready, scope: (ctx: Context) => this.scopeOf(ctx), readTable: (dataset) => this.periodTable(dataset) }, boardViews);
    // the bonus block reads the board's kept view: the same scope, the same figures
    const bonus = createBonusActions({ views: boardViews, bundle: () => this.store.current?.loaded });
    const scoreActions = createScoreActions({ store: this.store, ready, ...this.scoreHost() });
    // the simulator runs over the whole stored tree: only company-level roles may call it (simulate.ts)
    const simulate = createSimulateActions(nocobaseSimulateHost(this.db, ORG_COLLECTION, {
      ready, bundle: () => this.store.current?.loaded, caller: (ctx) => this.caller(ctx as Context), lang: (ctx) => langOf(ctx as Context, this.store), roleNameOf,
      readTable: (_bundle, dataset) => this.storedTable(dataset, { kind: 'all' }),
    }));
    const letterActions = createLetterActions({
      store: this.store, ready, secret: this.secret,
      caller: async (ctx) => {
        const user = ctx.state.currentUser?.id === undefined ? undefined : await this.hostUser(ctx.state.currentUser.id);
        return { admin: user ? isAdmin(user) : false, roles: user ? this.store.current?.guard.actorOf(user).roles ?? [] : [] };
      },
      records: async (collection) => (await this.db.getRepository(collection).find({ sort: ['id'] })).map((r) => r.toJSON()),
    });
    // the pipeline, process indicators and phasing blocks: each action cuts its answer to the caller's scope
    const blockDeps = { store: this.store, ready, scope: (ctx: Context) => this.scopeOf(ctx), readTable: (dataset: string, scope: StoredScope) => this.storedTable(dataset, scope) };
    const workBlocks = { ...createPipelineActions({ ...blockDeps, appendRow: (dataset, key, unit, record) => this.appendRow(dataset, key, unit, record) }), ...createIndicatorActions(blockDeps), ...createPhasingActions(blockDeps) };
    this.app.resourceManager.define({ name: RESOURCE, actions: { ...actions, ...dataActions, ...scoreActions, ...createSigningActions(this.secret, (collection, id) => this.storedLetter(collection, id)), ...board, ...simulate, ...letterActions, ...bonus, ...workBlocks } });
    // evaluate and status are answered right after NocoBase's ACL: past that point the workflow
    // request interceptor looks every resource up as a collection and logs "collection
    // targetKit not found" on each call. load (admins only, rare) keeps the whole chain.
    this.app.dataSourceManager.use(async (ctx: Context, next: () => Promise<void>) => {
      const action = ctx.action as { resourceName?: string; actionName?: string } | undefined;
      const name = action?.resourceName === RESOURCE ? action.actionName : undefined;
      if ((name !== 'evaluate' && name !== 'status' && name !== 'board' && name !== 'scores' && name !== 'points' && name !== 'bonus') || !ctx.state.currentUser) return next();
      if (name === 'bonus') return bonus.bonus(ctx, async () => undefined);
      if (name === 'scores' || name === 'points') return scoreActions[name](ctx, async () => undefined);
      await (name === 'board' ? board.board : actions[name])(ctx, async () => undefined);
    }, { tag: 'targetKitDirect', after: 'acl', before: 'parseVariables' });
    this.app.dataSourceManager.use(async (ctx: Context, next: () => Promise<void>) => {
      const action = ctx.action as { resourceName?: string; actionName?: string } | undefined;
      const name = action?.resourceName === RESOURCE ? action.actionName : undefined;
      if (!name || !(name in workBlocks) || !ctx.state.currentUser) return next();
      await workBlocks[name as keyof typeof workBlocks](ctx, async () => undefined);
    }, { tag: 'targetKitWorkBlocks', after: 'acl', before: 'parseVariables' });
    this.app.acl.allow(RESOURCE, ['status', 'evaluate'], 'loggedIn');
    // the pipeline (a move only of an opportunity in the caller's scope), indicators and phasing
    this.app.acl.allow(RESOURCE, Object.keys(workBlocks), 'loggedIn');
    // a signature is made as the session's user, whoever he is: sign checks he heads the letter
    this.app.acl.allow(RESOURCE, ['sign', 'verify'], 'loggedIn');
    // every signed-in user may ask for the board, the scores and the points: each action cuts its answer to his scope
    this.app.acl.allow(RESOURCE, ['board', 'scores', 'points'], 'loggedIn');
    // the bonus block's figures are cut to the caller's scope by the board's view (bonus.ts)
    this.app.acl.allow(RESOURCE, ['bonus'], 'loggedIn');
    // who may allocate is the bundle's to say (its company roles): simulate.ts refuses the others
    this.app.acl.allow(RESOURCE, ['simulate', 'publish'], 'loggedIn');
    // letterText composes only the record the caller sends; exportLetters checks his roles itself
    this.app.acl.allow(RESOURCE, ['letterText', 'exportLetters'], 'loggedIn');
    // root passes NocoBase's ACL anyway; a `pm.*` snippet opens load to roles that may manage
    // plugins (admin has `pm.*`, member `!pm.*`). The 'allowConfigure' condition would not do:
    // in 2.2.15 it reads the role's strategy, where admin's flag is not stored. The snippet
    // name has no '/' (unlike our package name): snippets are matched as globs.
    this.app.acl.registerSnippet({ name: 'pm.target-kit', actions: [resourceAction('load'), resourceAction('loadData'), resourceAction('scopes')] });

    const workflow = this.app.pm.get('workflow');
    if (isWorkflowPlugin(workflow)) workflow.registerInstruction(INSTRUCTION_TYPE, createRuleInstruction(this.store, ready, this.stepHost()));
    const loaded = () => this.store.current?.loaded;
    if (isWorkflowPlugin(workflow)) workflow.registerInstruction(ALERTS_NODE_TYPE, createAlertsInstruction(nocobaseAlertsHost(this.app, loaded, (id) => this.periodTable(id), () => this.store.current?.guard), ready));
    else this.log.warn('target-kit: the workflow plugin is not enabled; the target-kit-rule node is not available');

    this.app.on('afterStart', () => this.restore());
    this.app.use((ctx: Context, next: () => Promise<void>) => request.run(ctx, next), { tag: 'targetKitRequest', before: 'dataSource' });
    this.db.on('beforeSave', (model: SavedModel, options: SaveOptions) => this.guardWrite(model, options));
    this.db.on('users.beforeSave', (model, options) => this.placeUser(model, options.transaction));
  }

  /**
   * A user's path in the org tree follows his unit at every save, whatever the save wrote: the
   * subtree scopes compare it, so nobody sets it by hand (a unit not in the tree gives `-`).
   */
  private async placeUser(model: SavedModel, transaction: unknown): Promise<void> {
    if (!this.db.getCollection('users')?.fields.has(USER_PATH_FIELD)) return;
    model.set(USER_PATH_FIELD, (await this.unitPath(model.get(USER_UNIT_FIELD), transaction)) ?? NO_PATH);
  }

  /** The path of an org unit (`/YQ/HD/`), or undefined when it is not in the stored tree. */
  private async unitPath(unit: unknown, transaction: unknown): Promise<string | undefined> {
    const org = this.db.getCollection(ORG_COLLECTION) ? this.db.getModel(ORG_COLLECTION) as DataModel : undefined;
    const row = typeof unit === 'string' && unit && org ? (await org.findAll({ attributes: [PATH_FIELD], where: { [RECORD_KEY_FIELD]: unit }, raw: true, transaction }))[0] : undefined;
    return typeof row?.[PATH_FIELD] === 'string' ? row[PATH_FIELD] : undefined;
  }

  /**
   * A flow's record follows its unit's path at every save that places or moves it: the subtree
   * scopes compare it. A unit outside the tree leaves it null, which no scope's path matches.
   */
  private async placeRecord(collection: string, model: SavedModel, transaction: unknown): Promise<void> {
    if (!this.db.getCollection(collection)?.fields.has(PATH_FIELD)) return;
    if (!model.isNewRecord && !model.changed(UNIT_FIELD)) return;
    model.set(PATH_FIELD, (await this.unitPath(model.get(UNIT_FIELD), transaction)) ?? null);
  }

  private async storedHashes(): Promise<Record<string, string>> {
    const rows = await this.db.getRepository(BUNDLES_COLLECTION).find({ filter: { key: { $startsWith: 'data:' } } });
    const scopes = await this.db.getRepository(BUNDLES_COLLECTION).findOne({ filter: { key: SCOPES_KEY } });
    const out: Record<string, string> = Object.fromEntries(rows.map((r) => [String(r.get('key')), String(r.get('hash'))]));
    if (scopes) out[SCOPES_KEY] = String(scopes.get('hash'));
    return out;
  }

  private async saveHash(key: string, hash: string, transaction?: unknown, meta?: StoredDatasetMeta): Promise<void> {
    const model = this.db.getModel(BUNDLES_COLLECTION) as DataModel;
    const found = await model.findAll({ attributes: ['id'], where: { key }, raw: true, transaction });
    const values = meta ? { hash, bundle: meta } : { hash };
    if (found[0]) await model.update(values, { where: { key }, transaction });
    else await model.bulkCreate([{ key, ...values }], { transaction });
  }

  private async loadRows(request: LoadDataRequest): Promise<LoadDataOutcome & { usersPlaced: number; recordsPlaced?: number; heads?: number }> {
    const outcome = await loadRows({
      model: (name) => (this.db.getCollection(name) ? this.db.getModel(name) as DataModel : undefined),
      transaction: (body) => this.db.sequelize.transaction(body),
      saveHash: (key, hash, transaction, meta) => this.saveHash(key, hash, transaction, meta),
    }, request, dataHashKey(request.collection));
    if (request.collection !== ORG_COLLECTION) return { ...outcome, usersPlaced: 0 };
    // the org tree changed: users' and flow records' paths follow their units, units their heads
    const org = this.db.getModel(ORG_COLLECTION) as DataModel;
    const users = this.db.getCollection('users')?.fields.has(USER_PATH_FIELD) ? this.db.getModel('users') as DataModel : undefined;
    const flows = [...(this.store.current?.guard.flowCollections() ?? [])].filter((name) => this.db.getCollection(name)?.fields.has(PATH_FIELD));
    const headField = request.headKeyField;
    return this.db.sequelize.transaction(async (t) => {
      const placed = users ? await refreshUserPaths(users, org, t) : 0;
      let recordsPlaced = 0;
      for (const name of flows) recordsPlaced += await refreshRecordPaths(this.db.getModel(name) as DataModel, org, t);
      const heads = headField ? await linkHeads(org, this.db.getModel('users') as DataModel, headField, t) : 0;
      return { ...outcome, usersPlaced: placed, recordsPlaced, heads };
    });
  }

  private async applyGrants(grants: Grant[], hash: string): Promise<number> {
    const written = await applyGrants({
      scopes: this.db.getRepository('dataSourcesRolesResourcesScopes'),
      resources: this.db.getRepository('dataSourcesRolesResources'),
      dataSourceRoles: this.db.getRepository('dataSourcesRoles'),
    }, grants, (collection) => [...(this.db.getCollection(collection)?.fields.keys() ?? [])]);
    await this.saveHash(SCOPES_KEY, hash);
    return written;
  }

  private async hostUser(id: string | number): Promise<HostUser | undefined> {
    const user = await this.db.getRepository('users').findOne({ filterByTk: id, appends: ['roles'] });
    if (!user) return undefined;
    const roles = user.get('roles');
    const unit = user.get(USER_UNIT_FIELD);
    return {
      id: user.get('id') as string | number,
      roleNames: Array.isArray(roles) ? roles.map((r: { name?: unknown }) => String(r.name)) : [],
      unitId: typeof unit === 'string' ? unit : null,
    };
  }

  /**
   * A bundle dataset read back from its collection (stored-tables.ts) in a scope: for the
   * blocks' actions and the workflow nodes, which run the runtime's use cases over it.
   */
  async storedTable(dataset: string, scope: StoredScope, transaction?: unknown): Promise<StoredTable | undefined> {
    return readStoredTable({
      meta: async (id) => (await this.datasetMetas(transaction)).find((m) => m.dataset === id),
      model: (name) => (this.db.getCollection(name) ? this.db.getModel(name) as DataModel : undefined),
    }, dataset, { scope, transaction });
  }

  /** What each data load kept of its dataset (collection, file, columns). */
  private async datasetMetas(transaction?: unknown): Promise<StoredDatasetMeta[]> {
    const rows = await this.db.getRepository(BUNDLES_COLLECTION).find({ filter: { key: { $startsWith: 'data:' } }, transaction });
    return rows.map((r) => r.get('bundle') as StoredDatasetMeta | null).filter((m): m is StoredDatasetMeta => !!m);
  }

  /** What the last load of one dataset kept. */
  private async datasetMeta(id: string): Promise<StoredDatasetMeta | undefined> {
    return (await this.datasetMetas()).find((m) => m.dataset === id);
  }

  /**
   * One row added to a dataset's collection by its file columns (a pipeline move): keyed by us,
   * placed at its unit and path like a loaded row, without a file line, so it is the company's
   * own row that a re-import leaves alone.
   */
  private async appendRow(dataset: string, key: string, unit: string, record: Record<string, string>): Promise<void> {
    const meta = await this.datasetMeta(dataset);
    if (!meta || !this.db.getCollection(meta.collection)) throw new Error(`target-kit: dataset ${dataset} is not loaded`);
    const values: Record<string, unknown> = {};
    for (const { column, field } of meta.columns) if (record[column] !== undefined && record[column] !== '') values[field] = record[column];
    values[RECORD_KEY_FIELD] = key;
    values[UNIT_FIELD] = unit;
    values[PATH_FIELD] = (await this.unitPath(unit, undefined)) ?? null;
    await (this.db.getModel(meta.collection) as DataModel).bulkCreate([values], {});
  }

  /**
   * A dataset's version as its collection holds it: its row count, its last id and its last
   * change. Any create, update or removal moves one of them, whoever wrote (a REST edit, a data
   * load or a publication that writes without hooks, another plugin); undefined, so nothing is
   * kept, for a collection without timestamps.
   */
  private async datasetVersion(dataset: string): Promise<string | undefined> {
    const meta = (await this.datasetMetas()).find((m) => m.dataset === dataset);
    const collection = meta ? this.db.getCollection(meta.collection) : undefined;
    if (!meta || !collection?.fields.has('updatedAt')) return undefined;
    const model = this.db.getModel(meta.collection) as { count(): Promise<number>; max(field: string): Promise<unknown> };
    const [rows, last, changed] = await Promise.all([model.count(), model.max('id'), model.max('updatedAt')]);
    return `${rows}/${String(last)}/${changed instanceof Date ? changed.toISOString() : String(changed)}`;
  }

  /**
   * A dataset's whole table for the readers that roll the company up before cutting it to the
   * caller's scope (board, scores, alerts); a target's period (a stored field, not a file
   * column) comes along as a column, so the runtime reads one period's targets.
   */
  private async periodTable(dataset: string): Promise<StoredTable | undefined> {
    const table = await this.storedTable(dataset, { kind: 'all' });
    return table && withStoredPeriod(table);
  }

  /** What the scores and points actions read: the stored tables, the caller's scope and names, the points records. */
  private scoreHost(): Pick<Parameters<typeof createScoreActions>[0], 'scope' | 'names' | 'readTable' | 'pointsRecords'> {
    return {
      scope: (ctx) => this.scopeOf(ctx),
      names: async (ctx) => {
        const id = ctx.state.currentUser?.id;
        const user = id === undefined ? undefined : await this.db.getRepository('users').findOne({ filterByTk: id });
        return user ? ['nickname', 'username', USER_UNIT_FIELD].map((k) => user.get(k)).filter((v): v is string => typeof v === 'string' && v !== '') : [];
      },
      readTable: (dataset) => this.periodTable(dataset),
      pointsRecords: async () => {
        const name = collectionNameOf('points');
        if (!this.db.getCollection(name)) return [];
        return (await this.db.getRepository(name).find({ sort: ['createdAt', 'id'] })).map((r) => r.toJSON());
      },
    };
  }

  /** The rows the signed-in user of a request may read, decided here on the server (stored-tables.ts scopeOfUser). */
  async scopeOf(ctx: Context): Promise<StoredScope> {
    await this.restore();
    const id = ctx.state.currentUser?.id;
    const user = id === undefined ? undefined : await this.db.getRepository('users').findOne({ filterByTk: id, appends: ['roles'] });
    if (!user) return { kind: 'none' };
    const roles = user.get('roles');
    const unit = user.get(USER_UNIT_FIELD);
    const path = user.get(USER_PATH_FIELD);
    return scopeOfUser(this.store.current?.loaded.manifest.roles ?? [], {
      roleNames: Array.isArray(roles) ? roles.map((r: { name?: unknown }) => String(r.name)) : [],
      unitId: typeof unit === 'string' ? unit : null,
      path: typeof path === 'string' ? path : null,
    });
  }

  private async caller(ctx: Context): Promise<{ admin: boolean; roleNames: string[] }> {
    const id = ctx.state.currentUser?.id;
    const user = id === undefined ? undefined : await this.hostUser(id);
    const roleNames = user?.roleNames ?? [];
    return { admin: isAdmin({ roleNames }), roleNames };
  }

  private stepHost(): StepHost {
    return {
      user: (id) => this.hostUser(id),
      usersWithRoles: async (roleNames) => {
        if (!roleNames.length) return [];
        const users = await this.db.getRepository('users').find({ filter: { 'roles.name': { $in: roleNames } }, appends: ['roles'] });
        const found = await Promise.all(users.map((u) => this.hostUser(u.get('id') as string | number)));
        return found.filter((u): u is HostUser => u !== undefined);
      },
      fields: (collection) => writableFields(this.db.getCollection(collection)?.fields),
      read: async (collection, id) => {
        const files = attachmentFields(this.db.getCollection(collection)?.fields);
        const row = await this.db.getRepository(collection).findOne({ filterByTk: id, appends: files });
        return row ? withEvidenceWords(row.toJSON(), files) : undefined;
      },
      write: (collection, id, values) => writeStep(this.appealDb(), collection, id, values),
      now: () => new Date().toISOString(),
      secret: this.secret,
    };
  }

  private appealDb(): AppealDb {
    return {
      fields: (collection) => this.db.getCollection(collection)?.fields,
      model: (collection) => (this.db.getCollection(collection) ? this.db.getModel(collection) as DataModel : undefined),
      transaction: (body) => this.db.sequelize.transaction(body),
      targetsTable: async (collection, transaction) => {
        const meta = (await this.datasetMetas(transaction)).find((m) => m.collection === collection);
        return meta ? this.storedTable(meta.dataset, { kind: 'all' }, transaction) : undefined;
      },
      write: async (collection, id, values, transaction) => {
        await this.db.getRepository(collection).update({ filterByTk: id, values, context: { [STEP_WRITE]: true }, transaction });
      },
    };
  }

  /**
   * An appeal takes its Base and unit from the target it names, when it is made or its target
   * picked (NocoBase sets a relation in a second save); the target must be in the appellant's
   * scope, and once an action was taken the target stays.
   */
  private async guardAppeal(collection: string, model: SavedModel, asker: HostUser | undefined, transaction: unknown): Promise<void> {
    const targets = targetsOf(this.db.getCollection(collection)?.fields);
    const guard = this.store.current?.guard;
    if (!targets || !guard || !(model.isNewRecord ? model.get(TARGET_KEY_FIELD) : model.changed(TARGET_KEY_FIELD))) return;
    const admin = !asker || isAdmin(asker);
    const audit = model.get(AUDIT_FIELD);
    if (!admin && Array.isArray(audit) && audit.length > 0) throw forbidden('申诉提交后不能更换目标', 'the target of an appeal cannot change once it was asked for');
    const found = await appealedTarget(this.appealDb(), targets, model.get(TARGET_KEY_FIELD), admin ? undefined : asker?.unitId ?? null, guard.tree, transaction);
    if (!found.ok) throw forbidden(found.message.zh, found.message.en);
    for (const [field, value] of Object.entries(found.set)) model.set(field, value);
  }

  /** A record of a collection whose flow signs letters, as stored, with the fields that are the letter. */
  private async storedLetter(collection: string, id: unknown): Promise<{ record: Record<string, unknown>; fields: readonly string[] } | undefined> {
    await this.restore();
    const letters = this.store.current?.guard.letterOf(collection);
    if (!letters || (typeof id !== 'string' && typeof id !== 'number')) return undefined;
    const row = await this.db.getRepository(collection).findOne({ filterByTk: id });
    return row ? { record: row.toJSON(), fields: letterFieldsOf(letters) } : undefined;
  }

  /**
   * Every save of a flow's record: a new one starts in the initial state, owned by its creator
   * and placed at his unit; afterwards only the step node moves the state, the owner, the unit
   * and the trail. Whoever writes `tk_action` is recorded as the one asking for it: the signed-in
   * user of the request, also when a manual task's form writes it.
   */
  private async guardWrite(model: SavedModel, options: SaveOptions & { transaction?: unknown }): Promise<void> {
    const collection = model.constructor.name;
    const guard = this.store.current?.guard;
    const runtime = guard?.flowOf(collection);
    if (!guard || !runtime) return;
    const context = options.context ?? {};
    if (context[STEP_WRITE] === true) return this.placeRecord(collection, model, options.transaction);
    const userId = context.state?.currentUser?.id ?? request.getStore()?.state.currentUser?.id;
    const asker = userId === undefined || userId === null ? undefined : await this.hostUser(userId);
    const verdict = checkSave(runtime, {
      isNew: model.isNewRecord,
      get: (field) => model.get(field),
      changes: (field) => model.changed(field) && !sameJson(model.get(field), model.previous(field)),
    }, asker, guard.boundOf(collection), guard.issuingOf(collection));
    if (!verdict.ok) throw forbidden(verdict.message.zh, verdict.message.en);
    for (const [field, value] of Object.entries(verdict.set)) model.set(field, value);
    await this.guardAppeal(collection, model, asker, options.transaction);
    await this.placeRecord(collection, model, options.transaction);
  }

  /** Reads the stored bundle once per process; every caller waits for the same read. */
  private restore(): Promise<void> {
    this.restored ??= this.readStored().catch((e: unknown) => {
      this.restored = undefined; // e.g. the table does not exist yet: try again on next use
      this.log.error(e instanceof Error ? e : String(e));
    });
    return this.restored;
  }

  private async readStored(): Promise<void> {
    const row = await this.db.getRepository(BUNDLES_COLLECTION).findOne({ filter: { key: CURRENT_KEY } });
    if (!row) return;
    const compiled = compileBundle(row.get('bundle'));
    if (!compiled.ok) {
      this.log.error(`target-kit: the stored bundle no longer loads: ${compiled.errors.map((e) => e.code).join(', ')}`);
      return;
    }
    this.store.activate(compiled.bundle);
    this.log.info(`target-kit: bundle ${compiled.bundle.bundleId}@${compiled.bundle.version} loaded (${compiled.bundle.loaded.rules.size} rules)`);
  }

  private async loadBundle(single: unknown): Promise<LoadOutcome> {
    const compiled = compileBundle(single);
    if (!compiled.ok) return { ok: false, errors: compiled.errors };
    const { bundle } = compiled;
    if (this.store.current?.hash === bundle.hash) return { ok: true, bundle: this.store.current, changed: false };
    await this.db.getRepository(BUNDLES_COLLECTION).updateOrCreate({
      filterKeys: ['key'],
      values: { key: CURRENT_KEY, bundleId: bundle.bundleId, version: bundle.version, hash: bundle.hash, bundle: bundle.source },
    });
    const changed = this.store.activate(bundle);
    await this.sendSyncMessage({ type: RELOAD_MESSAGE });
    return { ok: true, bundle, changed };
  }

  /** Another node of a cluster stored a new bundle: read it. */
  override async handleSyncMessage(message: unknown): Promise<void> {
    if (typeof message === 'object' && message !== null && (message as { type?: unknown }).type === RELOAD_MESSAGE) {
      this.restored = undefined;
      await this.restore();
    }
  }
}

export default PluginTargetKitServer;
