/**
 * The REST resource `targetKit`: load a bundle (admins), report what is loaded, evaluate a
 * rule on a record. Every answer is written whole here (`{ data }` or `{ errors }`), so
 * NocoBase's data wrapping never reshapes an error.
 */
import type { ActionHandler, Context } from '@nocobase/server';
import type { Lang } from '../../../../../plugin/index.js';
import { pickLang } from './locale.js';
import type { ActiveBundle, RuleStore, StoreError } from './rule-store.js';
import { checkRows, type LoadDataOutcome, type LoadDataRequest } from './data-load.js';
import { grantsOf, type Grant } from './data-scopes.js';

export { RESOURCE } from '../../../contract.js';

export interface LoadOutcome {
  ok: boolean;
  errors?: StoreError[];
  bundle?: ActiveBundle;
  changed?: boolean;
}

interface ActionDeps {
  store: RuleStore;
  /** Waits until the stored bundle (if any) has been read at start. */
  ready(): Promise<void>;
  /** Compiles, persists and activates a bundle; the old one stays active on any failure. */
  load(single: unknown): Promise<LoadOutcome>;
  /** The plugin version whose code is running (not the one on disk). */
  pluginVersion: string;
  /** The signed-in caller: an administrator, or the NocoBase roles he holds. */
  caller(ctx: Context): Promise<{ admin: boolean; roleNames: string[] }>;
  /** The hashes of the loaded datasets and scopes (`data:<collection>`, `scopes`): how a re-import knows it has nothing to send. */
  stored?(): Promise<Record<string, string>>;
}

/**
 * The rules the caller may run: all for administrators, otherwise those of the templates whose
 * roles he holds (the pages and workflows he works with); undefined means all.
 */
async function allowedRules(deps: ActionDeps, ctx: Context): Promise<Set<string> | undefined> {
  const active = deps.store.current;
  const caller = await deps.caller(ctx);
  if (caller.admin || !active) return undefined;
  return active.guard.rulesFor(active.guard.actorOf({ id: '', roleNames: caller.roleNames }).roles);
}

export function langOf(ctx: Context, store: RuleStore): Lang {
  const query = ctx.request.query.locale;
  const fallback: Lang = store.current?.loaded.manifest.defaultLocale === 'en-US' ? 'en' : 'zh';
  return pickLang({
    xLocale: ctx.get('X-Locale'),
    queryLocale: Array.isArray(query) ? query[0] : query,
    acceptLanguage: ctx.get('Accept-Language'),
  }, fallback);
}

export function reply(ctx: Context, status: number, body: unknown): void {
  ctx.withoutDataWrapping = true;
  ctx.status = status;
  ctx.body = body;
}

export function refuse(ctx: Context, status: number, errors: StoreError[], lang: Lang): void {
  reply(ctx, status, {
    errors: errors.map((e) => ({
      code: e.code,
      message: e.message[lang],
      ...(e.pointer ? { pointer: e.pointer } : {}),
      ...(e.file ? { file: e.file } : {}),
      ...(e.missing ? { missing: e.missing } : {}),
    })),
  });
}

function badRequest(message: { zh: string; en: string }): StoreError {
  return { code: 'REQUEST_INVALID', message };
}

export function valuesOf(ctx: Context): Record<string, unknown> {
  const values = ctx.action.params.values;
  return typeof values === 'object' && values !== null && !Array.isArray(values) ? values as Record<string, unknown> : {};
}

export function createActions(deps: ActionDeps): Record<'load' | 'status' | 'evaluate', ActionHandler> {
  const { store } = deps;
  return {
    async load(ctx, next) {
      await deps.ready();
      const lang = langOf(ctx, store);
      const values = valuesOf(ctx);
      if (!Object.hasOwn(values, 'bundle')) {
        refuse(ctx, 400, [badRequest({ zh: '请求体应为 { "bundle": <单文件包> }', en: 'the body must be { "bundle": <single-file bundle> }' })], lang);
        return next();
      }
      const outcome = await deps.load(values.bundle);
      if (!outcome.ok || !outcome.bundle) {
        refuse(ctx, 400, outcome.errors ?? [], lang);
        return next();
      }
      const { bundleId, version, hash, loaded } = outcome.bundle;
      reply(ctx, 200, { data: { bundleId, version, hash, rules: loaded.rules.size, changed: outcome.changed ?? false } });
      return next();
    },

    async status(ctx, next) {
      await deps.ready();
      const active = store.current;
      const allowed = await allowedRules(deps, ctx);
      // what is loaded is the administrators' business: a user learns his rules only
      const stored = !allowed && deps.stored ? { stored: await deps.stored() } : {};
      // the zone NocoBase's schedule trigger reads cron lines in (its process's): the importer writes the alerts' schedule for it
      const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      reply(ctx, 200, {
        data: active
          ? { pluginVersion: deps.pluginVersion, timeZone, bundleId: active.bundleId, version: active.version, hash: active.hash, rules: store.ruleIds().filter((id) => !allowed || allowed.has(id)), ...stored }
          : { pluginVersion: deps.pluginVersion, timeZone, bundleId: null, version: null, hash: null, rules: [], ...stored },
      });
      return next();
    },

    async evaluate(ctx, next) {
      await deps.ready();
      const lang = langOf(ctx, store);
      const { rule, data } = valuesOf(ctx);
      if (typeof rule !== 'string' || rule === '') {
        refuse(ctx, 400, [badRequest({ zh: '请求体缺少规则 id（"rule"）', en: 'the body needs a rule id ("rule")' })], lang);
        return next();
      }
      // bounded in work and time by the bundle's engine (rule-store.ts, serverEngine): a rule
      // over its budget answers RULE_LIMIT instead of holding the event loop
      const allowed = await allowedRules(deps, ctx);
      if (allowed && !allowed.has(rule)) {
        refuse(ctx, 403, [{ code: 'RULE_FORBIDDEN', message: { zh: `你的角色用不到规则 ${rule}：只能运行你能使用的页面和流程所需的规则`, en: `your roles do not use rule ${rule}: you may run only the rules of the pages and flows you work with` } }], lang);
        return next();
      }
      const outcome = store.evaluate(rule, data ?? {});
      if (outcome.ok) reply(ctx, 200, { data: { result: outcome.result } });
      else refuse(ctx, 400, [outcome.error], lang);
      return next();
    },
  };
}

interface DataDeps {
  /** The field types of a target-kit collection, or undefined when NocoBase has no such collection. */
  fieldTypes(collection: string): ReadonlyMap<string, string> | undefined;
  loadRows(request: LoadDataRequest): Promise<LoadDataOutcome>;
  applyGrants(grants: Grant[], hash: string): Promise<number>;
}

/** `loadData` and `scopes`: what the importer sends after the collections exist (administrators only, through the `pm.target-kit` snippet). */
export function createDataActions(store: RuleStore, deps: DataDeps): Record<'loadData' | 'scopes', ActionHandler> {
  return {
    async loadData(ctx, next) {
      const lang = langOf(ctx, store);
      const values = valuesOf(ctx) as Partial<LoadDataRequest>;
      const { collection, file, hash, rows, parentKeyField, headKeyField, dataset, columns } = values;
      if (typeof collection !== 'string' || !collection.startsWith('tk_') || typeof file !== 'string' || typeof hash !== 'string' || !Array.isArray(rows)
        || (parentKeyField !== undefined && typeof parentKeyField !== 'string') || (headKeyField !== undefined && typeof headKeyField !== 'string')
        || (dataset !== undefined && typeof dataset !== 'string')
        || (columns !== undefined && !(Array.isArray(columns) && columns.every((c) => typeof c?.column === 'string' && typeof c?.field === 'string')))
        || !rows.every((r) => typeof r === 'object' && r !== null && typeof (r as { line?: unknown }).line === 'number' && typeof (r as { values?: unknown }).values === 'object' && (r as { values?: unknown }).values !== null)) {
        refuse(ctx, 400, [badRequest({ zh: '请求体应为 { collection: "tk_…", file, hash, rows: [{ line, values }] }', en: 'the body must be { collection: "tk_…", file, hash, rows: [{ line, values }] }' })], lang);
        return next();
      }
      const types = deps.fieldTypes(collection);
      if (!types) {
        refuse(ctx, 400, [{ code: 'DATA_COLLECTION_MISSING', message: { zh: `NocoBase 没有集合 ${collection}：先导入集合`, en: `NocoBase has no collection ${collection}: import the collections first` } }], lang);
        return next();
      }
      const request: LoadDataRequest = { collection, file, hash, rows, ...(parentKeyField ? { parentKeyField } : {}), ...(headKeyField ? { headKeyField } : {}), ...(dataset && columns ? { dataset, columns } : {}) };
      const problem = checkRows(request, types);
      if (problem) {
        refuse(ctx, 400, [problem], lang);
        return next();
      }
      reply(ctx, 200, { data: await deps.loadRows(request) });
      return next();
    },

    async scopes(ctx, next) {
      const lang = langOf(ctx, store);
      const { grants, hash } = valuesOf(ctx);
      const checked = grantsOf(grants);
      if (typeof checked === 'string' || typeof hash !== 'string') {
        refuse(ctx, 400, [badRequest({ zh: `请求体应为 { grants, hash }：${typeof checked === 'string' ? checked : 'hash'}`, en: `the body must be { grants, hash }: ${typeof checked === 'string' ? checked : 'hash'}` })], lang);
        return next();
      }
      reply(ctx, 200, { data: { written: await deps.applyGrants(checked, hash) } });
      return next();
    },
  };
}
