/**
 * `targetKit:loadData`: a bundle dataset's rows upserted into its collection in one
 * transaction, by our key (`tk_key`): new rows are inserted in bulk, changed rows updated, the
 * rest left alone (a company's own rows too). Every row is checked against the collection's
 * field types first; one bad cell refuses the whole dataset, naming the file, line and column.
 * The checking and the diff are plain functions; NocoBase's database comes in through `DataDb`.
 */
import type { Localized } from '../../../../../plugin/index.js';
import { NO_PATH, PATH_FIELD, RECORD_KEY_FIELD, UNIT_FIELD, USER_PATH_FIELD, USER_UNIT_FIELD } from '../../../contract.js';

interface DataRowIn {
  line: number;
  values: Record<string, unknown>;
}

export interface LoadDataRequest {
  collection: string;
  file: string;
  hash: string;
  rows: DataRowIn[];
  /** A tree: the field holding a row's parent key, linked to NocoBase's parentId. */
  parentKeyField?: string;
  /**
   * The bundle dataset the rows come from and which field each of its columns became: kept
   * beside the hash so the stored rows can be read back as the dataset's table (stored-tables.ts).
   */
  dataset?: string;
  columns?: DatasetColumn[];
  /** The org tree: the field holding its head column (a user's id or username), linked to the unit's head. */
  headKeyField?: string;
}

/** A dataset column and the collection field it is stored in. */
interface DatasetColumn { column: string; field: string }

/** What is kept about a loaded dataset next to its hash. */
export interface StoredDatasetMeta { dataset: string; collection: string; file: string; columns: DatasetColumn[] }

interface DataError {
  code: string;
  message: Localized;
  pointer?: string;
}

const INTEGER = /^-?(0|[1-9]\d{0,17})$/;
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === text;
}

/** Why `value` cannot go into a field of `type`, or undefined when it can. */
function cellProblem(type: string, value: unknown): Localized | undefined {
  if (value === null) return undefined;
  switch (type) {
    case 'bigInt': case 'integer': case 'sort':
      return (typeof value === 'string' && INTEGER.test(value)) || (typeof value === 'number' && Number.isSafeInteger(value)) ? undefined
        : { zh: `应为整数，实为 ${JSON.stringify(value)}`, en: `must be a whole number, not ${JSON.stringify(value)}` };
    case 'decimal': case 'double': case 'float':
      return typeof value === 'string' && NUMBER.test(value) ? undefined
        : { zh: `应为写成文本的数（如 "1234.50"，保持精确），实为 ${JSON.stringify(value)}`, en: `must be a number written as text (e.g. "1234.50", kept exact), not ${JSON.stringify(value)}` };
    case 'boolean':
      return typeof value === 'boolean' ? undefined : { zh: `应为 true 或 false，实为 ${JSON.stringify(value)}`, en: `must be true or false, not ${JSON.stringify(value)}` };
    case 'dateOnly':
      return typeof value === 'string' && validDate(value) ? undefined : { zh: `应为日期 YYYY-MM-DD，实为 ${JSON.stringify(value)}`, en: `must be a date YYYY-MM-DD, not ${JSON.stringify(value)}` };
    case 'string': case 'text': case 'uid':
      return typeof value === 'string' ? undefined : { zh: `应为文本，实为 ${JSON.stringify(value)}`, en: `must be text, not ${JSON.stringify(value)}` };
    default:
      return { zh: `字段类型 ${type} 不能由数据集写入`, en: `a dataset cannot write a field of type ${type}` };
  }
}

/**
 * The first row that does not fit the collection (unknown column, wrong type, no key, a key
 * twice), or undefined. `types` maps the collection's field names to their NocoBase types.
 */
export function checkRows(request: LoadDataRequest, types: ReadonlyMap<string, string>): DataError | undefined {
  const seen = new Map<string, number>();
  for (const [i, row] of request.rows.entries()) {
    const where = (column: string): Localized => ({ zh: `${request.file} 第 ${row.line} 行，列 ${column}`, en: `${request.file} line ${row.line}, column ${column}` });
    const key = row.values[RECORD_KEY_FIELD];
    if (typeof key !== 'string' || key === '') {
      const w = where(RECORD_KEY_FIELD);
      return { code: 'DATA_ROW_INVALID', pointer: `/rows/${i}/values/${RECORD_KEY_FIELD}`, message: { zh: `${w.zh}：缺少导入键`, en: `${w.en}: the import key is missing` } };
    }
    const twice = seen.get(key);
    if (twice !== undefined) {
      const w = where(RECORD_KEY_FIELD);
      return { code: 'DATA_ROW_INVALID', pointer: `/rows/${i}/values/${RECORD_KEY_FIELD}`, message: { zh: `${w.zh}：与第 ${twice} 行的键 ${key} 相同`, en: `${w.en}: same key ${key} as line ${twice}` } };
    }
    seen.set(key, row.line);
    for (const [field, value] of Object.entries(row.values)) {
      const type = types.get(field);
      const problem = type === undefined
        ? { zh: `集合 ${request.collection} 没有这个字段`, en: `collection ${request.collection} has no such field` }
        : cellProblem(type, value);
      if (problem) {
        const w = where(field);
        return { code: 'DATA_ROW_INVALID', pointer: `/rows/${i}/values/${field}`, message: { zh: `${w.zh}：${problem.zh}`, en: `${w.en}: ${problem.en}` } };
      }
    }
  }
  return undefined;
}

/** A stored or sent value in one comparable form: decimals without trailing zeros, dates as text. */
function comparable(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'boolean') return String(value);
  const text = String(value);
  if (NUMBER.test(text)) return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
  return text;
}

interface RowPlan {
  create: DataRowIn[];
  update: Array<{ id: unknown; values: Record<string, unknown> }>;
  unchanged: number;
}

/** What to insert and what to update, comparing the sent rows with the stored ones by key. */
export function planRows(rows: readonly DataRowIn[], stored: ReadonlyArray<Record<string, unknown>>): RowPlan {
  const byKey = new Map(stored.map((r) => [String(r[RECORD_KEY_FIELD]), r]));
  const plan: RowPlan = { create: [], update: [], unchanged: 0 };
  for (const row of rows) {
    const have = byKey.get(String(row.values[RECORD_KEY_FIELD]));
    if (!have) { plan.create.push(row); continue; }
    const changed = Object.fromEntries(Object.entries(row.values).filter(([field, value]) => comparable(have[field]) !== comparable(value)));
    if (Object.keys(changed).length) plan.update.push({ id: have.id, values: changed });
    else plan.unchanged++;
  }
  return plan;
}

/** Depth of a row in the tree by its path (`/YQ/HD/` is 2): parents are inserted before children. */
const depthOf = (row: DataRowIn): number => String(row.values[PATH_FIELD] ?? '').split('/').filter(Boolean).length;

/** The Sequelize model calls the load makes (NocoBase's `db.getModel(name)`). */
export interface DataModel {
  findAll(options: { attributes?: string[]; where?: Record<string, unknown>; raw: true; transaction?: unknown }): Promise<Array<Record<string, unknown>>>;
  bulkCreate(rows: Array<Record<string, unknown>>, options: { transaction?: unknown; returning?: boolean }): Promise<Array<{ get(key: string): unknown }>>;
  update(values: Record<string, unknown>, options: { where: Record<string, unknown>; transaction?: unknown; hooks?: boolean; individualHooks?: boolean }): Promise<unknown>;
  findByPk(id: unknown, options: { transaction?: unknown }): Promise<{ update(values: Record<string, unknown>, options: { transaction?: unknown }): Promise<unknown> } | null>;
}

interface DataDb {
  model(collection: string): DataModel | undefined;
  transaction<T>(body: (transaction: unknown) => Promise<T>): Promise<T>;
  saveHash(key: string, hash: string, transaction: unknown, meta?: StoredDatasetMeta): Promise<void>;
}

export interface LoadDataOutcome { created: number; updated: number; unchanged: number; linked: number }

const CHUNK = 1000;

/** Upserts the checked rows in one transaction; links a tree's parents; records the dataset's hash. */
export async function loadRows(db: DataDb, request: LoadDataRequest, hashKey: string): Promise<LoadDataOutcome> {
  const model = db.model(request.collection);
  if (!model) throw new Error(`collection ${request.collection} is not defined`);
  const fields = [...new Set(request.rows.flatMap((r) => Object.keys(r.values)))];
  const parentKey = request.parentKeyField;
  return db.transaction(async (transaction) => {
    const stored = await model.findAll({ attributes: ['id', ...fields, ...(parentKey ? ['parentId'] : [])], raw: true, transaction });
    const plan = planRows(request.rows, stored);
    const idByKey = new Map(stored.map((r) => [String(r[RECORD_KEY_FIELD]), r.id]));
    // a tree's rows go in by depth, each with its parent's id, so NocoBase's tree hooks find the parent's path
    const creates = parentKey ? [...plan.create].sort((a, b) => depthOf(a) - depthOf(b)) : plan.create;
    const batches: DataRowIn[][] = [];
    if (parentKey) {
      for (const row of creates) {
        const last = batches.at(-1);
        if (last && depthOf(last[0] as DataRowIn) === depthOf(row) && last.length < CHUNK) last.push(row);
        else batches.push([row]);
      }
    } else for (let i = 0; i < creates.length; i += CHUNK) batches.push(creates.slice(i, i + CHUNK));
    for (const batch of batches) {
      const values = batch.map((row) => (parentKey ? { ...row.values, parentId: idByKey.get(String(row.values[parentKey] ?? '')) ?? null } : row.values));
      // with NocoBase's hooks: they give each row its id (a snowflake id) and keep a tree's path table
      const made = await model.bulkCreate(values, { transaction, returning: true });
      for (const m of made) idByKey.set(String(m.get(RECORD_KEY_FIELD)), m.get('id'));
    }
    // without hooks: NocoBase's tree plugin re-walks every updated row's path after a bulk
    // update by id, a parent that did not change; parents are relinked below, through the instance
    for (const { id, values } of plan.update) await model.update(values, { where: { id }, transaction, hooks: false });
    // a moved unit: through the instance, so NocoBase's tree keeps its paths
    let linked = 0;
    if (parentKey) {
      const parentOf = new Map(stored.map((r) => [r.id, r.parentId ?? null]));
      const storedKeys = new Set(stored.map((r) => String(r[RECORD_KEY_FIELD])));
      const existing = request.rows.filter((r) => storedKeys.has(String(r.values[RECORD_KEY_FIELD])))
        .sort((a, b) => depthOf(a) - depthOf(b));
      for (const row of existing) {
        const id = idByKey.get(String(row.values[RECORD_KEY_FIELD]));
        const want = idByKey.get(String(row.values[parentKey] ?? '')) ?? null;
        if (String(parentOf.get(id) ?? null) === String(want)) continue;
        const instance = await model.findByPk(id, { transaction });
        await instance?.update({ parentId: want }, { transaction });
        linked++;
      }
    }
    const meta = request.dataset && request.columns ? { dataset: request.dataset, collection: request.collection, file: request.file, columns: request.columns } : undefined;
    await db.saveHash(hashKey, request.hash, transaction, meta);
    return { created: plan.create.length, updated: plan.update.length, unchanged: plan.unchanged, linked };
  });
}

/**
 * The users' paths after the org tree changed: each user's `tk_path` is his unit's path, or
 * `-` (which no row's path starts with) when his unit is not in the tree.
 */
export async function refreshUserPaths(users: DataModel, org: DataModel, transaction: unknown): Promise<number> {
  const placed = await users.findAll({ attributes: ['id', USER_UNIT_FIELD, USER_PATH_FIELD], raw: true, transaction });
  const units = await org.findAll({ attributes: [RECORD_KEY_FIELD, PATH_FIELD], raw: true, transaction });
  const pathOf = new Map(units.map((u) => [String(u[RECORD_KEY_FIELD]), String(u[PATH_FIELD] ?? NO_PATH)]));
  let changed = 0;
  for (const user of placed) {
    const unit = user[USER_UNIT_FIELD];
    const want = typeof unit === 'string' && unit ? pathOf.get(unit) ?? NO_PATH : NO_PATH;
    if (user[USER_PATH_FIELD] === want) continue;
    await users.update({ [USER_PATH_FIELD]: want }, { where: { id: user.id }, transaction, hooks: false });
    changed++;
  }
  return changed;
}

/**
 * The paths of a flow's records after the org tree changed (or before any record had one): each
 * record's `tk_path` is its unit's path, or null when it has no unit in the tree, so no subtree
 * scope reaches it (a user outside the tree has the path `-`; a record never does).
 */
export async function refreshRecordPaths(records: DataModel, org: DataModel, transaction: unknown): Promise<number> {
  const rows = await records.findAll({ attributes: ['id', UNIT_FIELD, PATH_FIELD], raw: true, transaction });
  const units = await org.findAll({ attributes: [RECORD_KEY_FIELD, PATH_FIELD], raw: true, transaction });
  const pathOf = new Map(units.map((u) => [String(u[RECORD_KEY_FIELD]), u[PATH_FIELD] ?? null]));
  let changed = 0;
  for (const row of rows) {
    const unit = row[UNIT_FIELD];
    const want = typeof unit === 'string' && unit ? pathOf.get(unit) ?? null : null;
    if ((row[PATH_FIELD] ?? null) === want) continue;
    await records.update({ [PATH_FIELD]: want }, { where: { id: row.id }, transaction, hooks: false });
    changed++;
  }
  return changed;
}

/**
 * Each unit's head (the org collection's users relation, `headId`) from the org file's head
 * column: the user whose id or username it names. A name no user has leaves the unit without a
 * head rather than refusing the load: the users may be made after the import, and the next load
 * of the org links them.
 */
export async function linkHeads(org: DataModel, users: DataModel, headField: string, transaction: unknown): Promise<number> {
  const units = await org.findAll({ attributes: ['id', headField, 'headId'], raw: true, transaction });
  const people = await users.findAll({ attributes: ['id', 'username'], raw: true, transaction });
  const byId = new Map(people.map((u) => [String(u.id), u.id]));
  const byName = new Map(people.filter((u) => typeof u.username === 'string' && u.username).map((u) => [String(u.username), u.id]));
  let linked = 0;
  for (const unit of units) {
    const named = unit[headField] === null || unit[headField] === undefined ? '' : String(unit[headField]).trim();
    const want = named ? byId.get(named) ?? byName.get(named) ?? null : null;
    if (String(unit.headId ?? null) === String(want)) continue;
    await org.update({ headId: want }, { where: { id: unit.id }, transaction, hooks: false });
    linked++;
  }
  return linked;
}
