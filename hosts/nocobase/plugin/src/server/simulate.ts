/**
 * `targetKit:simulate` and `targetKit:publish`: the allocation simulator over NocoBase's own
 * stored org tree. The units are read back from the org collection (the tree and the columns
 * the factor rules read), the runtime runs the plans (simulateStoredUnits, the same use case
 * `target-kit allocate` is checked against), and publish writes the chosen plan into the
 * targets collection for one period in one transaction: a period's row per unit updated by
 * its key (unit + period), the rest of that period removed, nothing written on any problem.
 * Only the bundle's company-level roles that the allocation template names (HQ, the director)
 * and NocoBase's administrators may run either: the server refuses the others (403).
 */
import {
  formatYuan, parseCsv, publishedTargets, readSimulationRequest, RISK_LABELS, simulateStoredUnits, summarizeRisks,
  type Lang, type LoadedBundle, type Localized, type PlanResult, type Problem, type PublishedTarget, type SourceRow, type StoredSimulation,
} from '../../../../../plugin/index.js';
import { PATH_FIELD, RECORD_KEY_FIELD, UNIT_FIELD, dataCollectionOf } from '../../../contract.js';

/** The template whose roles may allocate: its company-level roles are HQ's. */
const ALLOCATION_TEMPLATE = 'target-allocation';

/** NocoBase role names (tk_…) of the roles that may simulate and publish. */
export function allocatorRoles(bundle: LoadedBundle, roleNameOf: (id: string) => string): Set<string> {
  const template = bundle.templates.find((t) => t.def.id === ALLOCATION_TEMPLATE)?.def;
  const company = bundle.manifest.roles.filter((r) => r.level === 'company' && r.id !== 'system');
  const named = template ? company.filter((r) => template.roles.includes(r.id)) : company;
  return new Set(named.map((r) => roleNameOf(r.id)));
}

const FORBIDDEN: Localized = {
  zh: '只有总部目标管理员或销售总监可以模拟和发布目标拆解',
  en: 'only the HQ target admin or the sales director may simulate and publish the allocation',
};

/** The bundle's CSV datasets by shape: the org tree (id, parent_id, level) and the targets (base, stretch), as the importer maps them. */
export function allocationDatasets(bundle: LoadedBundle): { org?: string; targets?: string } {
  const out: { org?: string; targets?: string } = {};
  for (const { def, content } of bundle.datasets.values()) {
    if (def.format !== 'csv' || typeof content !== 'string') continue;
    const header = parseCsv(content.split(/\r?\n/, 1)[0] ?? '', def.file);
    const columns = header.ok ? header.columns : [];
    if (!out.org && ['id', 'parent_id', 'level'].every((c) => columns.includes(c))) out.org = def.id;
    else if (!out.targets && ['base', 'stretch'].every((c) => columns.includes(c))) out.targets = def.id;
  }
  return out;
}

/** A stored row of the targets collection, by field. */
type StoredRow = Record<string, unknown>;

export interface TargetWrites {
  create: Array<Record<string, unknown>>;
  update: Array<{ id: unknown; values: Record<string, unknown> }>;
  remove: unknown[];
}

/**
 * What publishing `rows` for their period changes in the targets collection: a stored row of
 * that period and unit is updated (it keeps its id), a unit without one gets a new row keyed
 * `[unit, period]`, and rows of the period whose unit the plan no longer has are removed.
 * `field` maps a targets column (id, base, …) to its field; `pathOf` gives a unit's tree path.
 */
export function targetWrites(rows: readonly PublishedTarget[], stored: readonly StoredRow[], field: (column: string) => string, pathOf: (unit: string) => string | null): TargetWrites {
  const unitField = field('id');
  const byUnit = new Map(stored.map((r) => [String(r[unitField]), r]));
  const writes: TargetWrites = { create: [], update: [], remove: [] };
  const published = new Set<string>();
  for (const row of rows) {
    published.add(row.id);
    const values: Record<string, unknown> = {};
    for (const [column, value] of Object.entries(row)) values[field(column)] = column === 'parent_id' && value === '' ? null : value;
    values[UNIT_FIELD] = row.id;
    values[PATH_FIELD] = pathOf(row.id);
    const have = byUnit.get(row.id);
    if (have) writes.update.push({ id: have.id, values });
    else writes.create.push({ ...values, [RECORD_KEY_FIELD]: JSON.stringify([row.id, row.period]) });
  }
  for (const r of stored) if (!published.has(String(r[unitField]))) writes.remove.push(r.id);
  return writes;
}

/** Every parent's Base and Stretch equal the sum of its children's, and the company's the total: checked before anything is written. */
function sumsHold(plan: PlanResult): string | undefined {
  const sums = new Map<string, { base: number; stretch: number }>();
  for (const u of plan.units) {
    if (u.parentId === null) continue;
    const s = sums.get(u.parentId) ?? { base: 0, stretch: 0 };
    s.base += u.base;
    s.stretch += u.stretch;
    sums.set(u.parentId, s);
  }
  for (const u of plan.units) {
    const s = sums.get(u.id);
    if (s && (s.base !== u.base || s.stretch !== u.stretch)) return u.id;
  }
  return undefined;
}

/** What NocoBase gives the two actions: the bundle, the caller, the stored tables and one transaction. */
export interface SimulateHost {
  ready(): Promise<void>;
  bundle(): LoadedBundle | undefined;
  /** The caller's NocoBase roles, and whether he is an administrator. */
  caller(ctx: SimContext): Promise<{ admin: boolean; roleNames: string[] }>;
  lang(ctx: SimContext): Lang;
  roleNameOf(id: string): string;
  /** A dataset read back from its collection, as parseCsv reads its file (stored-tables.ts). */
  readTable(bundle: LoadedBundle, datasetId: string): Promise<{ file: string; records: SourceRow[] } | undefined>;
  /** The targets collection's field for each column (the importer's names), or undefined without the collection. */
  targetFields(collection: string): ((column: string) => string) | undefined;
  /** Rows of `collection` whose `periodField` is `period`. */
  storedOfPeriod(collection: string, periodField: string, period: string): Promise<StoredRow[]>;
  /** Each unit's path in the org tree. */
  paths(): Promise<Map<string, string>>;
  /** Writes all of it in one transaction, or nothing. */
  write(collection: string, writes: TargetWrites): Promise<void>;
}

/** What the two actions need of NocoBase's context (declared here, so tests run them without NocoBase). */
export interface SimContext {
  action: { params: { values?: unknown } };
  status: number;
  body: unknown;
  withoutDataWrapping?: boolean;
}

type Action = (ctx: SimContext, next: () => Promise<void>) => Promise<void>;

function answer(ctx: SimContext, status: number, body: unknown): void {
  ctx.withoutDataWrapping = true;
  ctx.status = status;
  ctx.body = body;
}

const errorsOf = (problems: readonly Problem[], lang: Lang) => ({
  errors: problems.map((p) => ({
    code: p.code, message: p.message[lang], messages: p.message,
    ...(p.pointer ? { pointer: p.pointer } : {}), ...(p.row !== undefined ? { row: p.row } : {}), ...(p.column !== undefined ? { column: p.column } : {}),
  })),
});

const oneError = (code: string, message: Localized, lang: Lang) => ({ errors: [{ code, message: message[lang], messages: message }] });

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

/** A plan card: its totals, its risks counted by kind and summed up in words. */
function planCard(plan: PlanResult, lang: Lang) {
  const counts: Record<string, number> = {};
  for (const r of plan.risks) counts[r.code] = (counts[r.code] ?? 0) + 1;
  return {
    id: plan.plan.id, name: plan.plan.name[lang], names: plan.plan.name,
    base: formatYuan(plan.base), stretch: formatYuan(plan.stretch), outsideBand: formatYuan(plan.outsideBand),
    risks: plan.risks.length, riskCounts: counts, riskLabels: Object.fromEntries(Object.keys(counts).map((c) => [c, RISK_LABELS[c as keyof typeof RISK_LABELS][lang]])),
    summary: summarizeRisks(plan.risks, lang),
    planRisks: plan.risks.filter((r) => r.unitId === undefined).map((r) => r.message[lang]),
  };
}

/** The chosen plan's units, top down, with what the table shows. */
function unitRows(plan: PlanResult, lang: Lang) {
  return plan.units.map((u) => ({
    id: u.id, parentId: u.parentId, name: u.name, level: u.level, tier: u.tier,
    lastRevenue: formatYuan(u.lastRevenue), base: formatYuan(u.base), stretch: formatYuan(u.stretch),
    growth: u.growth === null ? null : round(u.growth), locked: u.locked,
    risks: u.risks.map((r) => ({ code: r.code, label: RISK_LABELS[r.code][lang], message: r.message[lang] })),
  }));
}

function simulationBody(run: StoredSimulation, lang: Lang, extra: Record<string, unknown> = {}) {
  const chosen = run.chosen ?? run.plans[0];
  return {
    data: {
      plans: run.plans.map((p) => planCard(p, lang)),
      plan: chosen?.plan.id ?? null,
      units: chosen ? unitRows(chosen, lang) : [],
      kept: Object.fromEntries(Object.entries(run.kept).map(([id, fen]) => [id, formatYuan(fen)])),
      refused: Object.fromEntries(Object.entries(run.refused).map(([id, m]) => [id, m[lang]])),
      ...extra,
    },
  };
}

export function createSimulateActions(host: SimulateHost): Record<'simulate' | 'publish', Action> {
  /** The bundle and the units when the caller may allocate; otherwise the refusal is answered. */
  const start = async (ctx: SimContext, needPeriod: boolean) => {
    await host.ready();
    const lang = host.lang(ctx);
    const bundle = host.bundle();
    if (!bundle) {
      answer(ctx, 409, oneError('BUNDLE_MISSING', { zh: '还没有导入目标包', en: 'no bundle has been imported yet' }, lang));
      return undefined;
    }
    const caller = await host.caller(ctx);
    const allowed = allocatorRoles(bundle, host.roleNameOf);
    if (!caller.admin && !caller.roleNames.some((r) => allowed.has(r))) {
      answer(ctx, 403, oneError('SIM_FORBIDDEN', FORBIDDEN, lang));
      return undefined;
    }
    const request = readSimulationRequest(ctx.action.params.values, { needPeriod });
    if (!request.ok) {
      answer(ctx, 400, errorsOf(request.problems, lang));
      return undefined;
    }
    const { org, targets } = allocationDatasets(bundle);
    if (!org) {
      answer(ctx, 409, oneError('SIM_NO_ORG', { zh: '目标包没有组织架构数据集（id、parent_id、level 列）', en: 'the bundle has no org dataset (id, parent_id, level columns)' }, lang));
      return undefined;
    }
    const units = await host.readTable(bundle, org);
    if (!units) {
      answer(ctx, 409, oneError('SIM_NO_ORG', { zh: '组织架构还没有导入 NocoBase：先导入目标包', en: 'the org tree has not been loaded into NocoBase: import the bundle first' }, lang));
      return undefined;
    }
    const run = simulateStoredUnits(bundle, units, request.value);
    if (!run.ok) {
      answer(ctx, 400, errorsOf(run.problems, lang));
      return undefined;
    }
    return { lang, bundle, request: request.value, run: run.value, targets };
  };

  /** The stored rows of the period a publication would replace, with what it needs to write them. */
  const targetsOf = async (targets: string | undefined, period: string | undefined) => {
    if (!targets || period === undefined) return undefined;
    const collection = dataCollectionOf(targets);
    const field = host.targetFields(collection);
    if (!field) return undefined;
    return { collection, field, stored: await host.storedOfPeriod(collection, field('period'), period) };
  };

  return {
    async simulate(ctx, next) {
      const started = await start(ctx, false);
      if (!started) return next();
      const { lang, request, run, targets } = started;
      const existing = await targetsOf(targets, request.period);
      answer(ctx, 200, simulationBody(run, lang, existing ? { period: request.period, replaces: existing.stored.length, collection: existing.collection } : {}));
      return next();
    },

    async publish(ctx, next) {
      const started = await start(ctx, true);
      if (!started) return next();
      const { lang, request, run, targets } = started;
      const period = request.period as string;
      if (!run.chosen) {
        answer(ctx, 400, oneError('SIM_PLAN_MISSING', { zh: '发布需要选定方案 plan', en: 'publishing needs a plan' }, lang));
        return next();
      }
      const existing = await targetsOf(targets, period);
      if (!existing) {
        answer(ctx, 409, oneError('SIM_NO_TARGETS', { zh: '没有目标集合（含 base、stretch 列的数据集）：先导入目标包', en: 'there is no targets collection (a dataset with base and stretch columns): import the bundle first' }, lang));
        return next();
      }
      const broken = sumsHold(run.chosen);
      if (broken !== undefined) {
        answer(ctx, 500, oneError('SIM_SUMS', { zh: `单位 ${broken} 的下级之和与其目标不符：没有发布`, en: `the children of ${broken} do not sum to its target: nothing published` }, lang));
        return next();
      }
      const paths = await host.paths();
      const writes = targetWrites(publishedTargets(run.chosen, period), existing.stored, existing.field, (unit) => paths.get(unit) ?? null);
      await host.write(existing.collection, writes);
      answer(ctx, 200, simulationBody(run, lang, {
        period, collection: existing.collection, published: { updated: writes.update.length, created: writes.create.length, removed: writes.remove.length },
      }));
      return next();
    },
  };
}

/** The Sequelize calls publishing makes (NocoBase's `db.getModel(name)`). */
interface TargetsModel {
  findAll(options: { attributes?: string[]; where?: Record<string, unknown>; raw: true; transaction?: unknown }): Promise<StoredRow[]>;
  bulkCreate(rows: Array<Record<string, unknown>>, options: { transaction?: unknown }): Promise<unknown>;
  update(values: Record<string, unknown>, options: { where: Record<string, unknown>; transaction?: unknown; hooks?: boolean }): Promise<unknown>;
  destroy(options: { where: Record<string, unknown>; transaction?: unknown }): Promise<unknown>;
}

/** What the NocoBase side of the host reads of the database (plugin.ts passes `this.db`). */
interface HostDb {
  getCollection(name: string): { fields: Map<string, unknown> } | undefined;
  getModel(name: string): unknown;
  sequelize: { transaction<T>(body: (transaction: unknown) => Promise<T>): Promise<T> };
}

/**
 * A targets collection's field for a column: the field the importer titled with the column's
 * name (it renames some: `id` holding units becomes `unit`), else the field of that name
 * (period, plan, locked, status, which a target has besides the file's columns).
 */
function fieldsByColumn(collection: { fields: Map<string, unknown> }): (column: string) => string {
  const byTitle = new Map<string, string>();
  for (const [name, field] of collection.fields) {
    const title = (field as { options?: { uiSchema?: { title?: unknown } } }).options?.uiSchema?.title;
    if (typeof title === 'string' && !byTitle.has(title)) byTitle.set(title, name);
  }
  return (column) => byTitle.get(column) ?? column;
}

/** The host over NocoBase's database; `rest` is what plugin.ts knows (the bundle, the caller, the stored tables). */
export function nocobaseSimulateHost(db: HostDb, orgCollection: string, rest: Pick<SimulateHost, 'ready' | 'bundle' | 'caller' | 'lang' | 'roleNameOf' | 'readTable'>): SimulateHost {
  const model = (name: string) => (db.getCollection(name) ? db.getModel(name) as TargetsModel : undefined);
  return {
    ...rest,
    targetFields: (collection) => {
      const found = db.getCollection(collection);
      return found ? fieldsByColumn(found) : undefined;
    },
    storedOfPeriod: async (collection, periodField, period) => (await model(collection)?.findAll({ where: { [periodField]: period }, raw: true })) ?? [],
    paths: async () => {
      const org = await model(orgCollection)?.findAll({ attributes: [RECORD_KEY_FIELD, PATH_FIELD], raw: true });
      return new Map((org ?? []).map((r) => [String(r[RECORD_KEY_FIELD]), String(r[PATH_FIELD] ?? '')]));
    },
    write: async (collection, writes) => {
      const targets = model(collection);
      if (!targets) throw new Error(`collection ${collection} is not defined`);
      await db.sequelize.transaction(async (transaction) => {
        if (writes.remove.length) await targets.destroy({ where: { id: writes.remove }, transaction });
        // without hooks, as the data load updates: nothing of NocoBase's watches these columns
        for (const { id, values } of writes.update) await targets.update(values, { where: { id }, transaction, hooks: false });
        // with hooks: they give each new row its id
        if (writes.create.length) await targets.bulkCreate(writes.create, { transaction });
      });
    },
  };
}
