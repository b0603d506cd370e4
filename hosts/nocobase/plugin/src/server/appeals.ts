/**
 * Appeals that act on the target they appeal (申诉作用于目标): a review record refers to a
 * stored target (`target`, by its tk_key); when it is made, the target fixes what is appealed
 * (its Base, its unit) and must lie in the appellant's scope; when it is decided with a Base
 * other than the appealed one, the runtime's decideTargetBase re-balances the targets
 * collection and the new Bases are written in the same transaction as the decision. A rejected
 * appeal (the Base as appealed) changes no target.
 */
import { decideTargetBase, formatYuan, parseYuan, targetsOfPeriod, type Localized, type OrgTree, type TargetRow } from '../../../../../plugin/index.js';
import { withStoredPeriod, type StoredTable } from './stored-tables.js';
import { DECIDED_BASE_FIELD, MESSAGE_FIELD, STATUS_FIELD, TARGET_KEY_FIELD, TARGET_RELATION, UNIT_FIELD, RECORD_KEY_FIELD, ACTION_FIELD, noteFieldOf } from '../../../contract.js';

/** What NocoBase tells of a collection's fields: their type and, of a relation, its target. */
type FieldInfo = ReadonlyMap<string, { type: string; options?: { target?: unknown } }>;

interface Model {
  findAll(options: { where?: Record<string, unknown>; raw: true; transaction?: unknown }): Promise<Array<Record<string, unknown>>>;
  update(values: Record<string, unknown>, options: { where: Record<string, unknown>; transaction?: unknown }): Promise<unknown>;
}

export interface AppealDb {
  fields(collection: string): FieldInfo | undefined;
  model(collection: string): Model | undefined;
  transaction<T>(body: (transaction: unknown) => Promise<T>): Promise<T>;
  /** A targets collection's dataset read back whole (stored-tables.ts readStoredTable), in the transaction; undefined when it holds no dataset. */
  targetsTable(collection: string, transaction: unknown): Promise<StoredTable | undefined>;
  /** The flow record's write through its repository (associations and hooks as NocoBase does them). */
  write(collection: string, id: unknown, values: Record<string, unknown>, transaction: unknown): Promise<void>;
}

/** The targets collection a collection's records appeal, if they refer to one. */
export function targetsOf(fields: FieldInfo | undefined): string | undefined {
  const relation = fields?.get(TARGET_RELATION);
  const target = relation?.type === 'belongsTo' ? relation.options?.target : undefined;
  return typeof target === 'string' && fields?.has(TARGET_KEY_FIELD) ? target : undefined;
}

const ASSOCIATIONS = new Set(['belongsTo', 'hasOne', 'hasMany', 'belongsToMany', 'belongsToArray']);

/** The fields a step may write: not relations, which NocoBase keeps in their own tables. */
export function writableFields(fields: FieldInfo | undefined): Set<string> {
  return new Set([...(fields ?? new Map()).entries()].filter(([, f]) => !ASSOCIATIONS.has(f.type)).map(([name]) => name));
}

/** Attachment fields (files), which a step reads appended. */
export function attachmentFields(fields: FieldInfo | undefined): string[] {
  return [...(fields ?? new Map()).entries()].filter(([, f]) => f.type === 'belongsToMany' && f.options?.target === 'attachments').map(([name]) => name);
}

/**
 * The record as its flow reads it: an attachment field holds its files and, when the text
 * field beside it has words, those words too; so evidence is files, words, or both.
 */
export function withEvidenceWords(record: Record<string, unknown>, files: readonly string[]): Record<string, unknown> {
  // as JSON, the way the trail is stored: an entry hashed over Date objects would not verify
  // once read back as text, and the flow would call its own trail broken
  const out = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
  for (const field of files) {
    // a file as evidence: what it is and where, not the join table's row
    const list: unknown[] = Array.isArray(out[field]) ? (out[field] as Array<Record<string, unknown>>).map((f) => ({ id: f.id, title: f.title, filename: f.filename, url: f.url })) : [];
    const words = out[noteFieldOf(field)];
    if (typeof words === 'string' && words.trim() !== '') list.push(words);
    out[field] = list;
  }
  return out;
}

const forbidden = (zh: string, en: string): Localized => ({ zh, en });

/**
 * What a new appeal (or its target picked afterwards, while nothing has been asked yet) takes
 * from its target: the appealed Base and unit. Refused when the target is not stored, or lies
 * outside the appellant's unit (an administrator, or the plugin's own code, may file any).
 */
export async function appealedTarget(db: AppealDb, targets: string, key: unknown, appellantUnit: string | null | undefined, tree: OrgTree, transaction: unknown):
  Promise<{ ok: true; set: Record<string, unknown> } | { ok: false; message: Localized }> {
  const model = db.model(targets);
  const row = typeof key === 'string' && key && model ? (await model.findAll({ where: { [RECORD_KEY_FIELD]: key }, raw: true, transaction }))[0] : undefined;
  if (!row) return { ok: false, message: forbidden(`目标表中没有 ${String(key)}`, `no stored target ${String(key)}`) };
  const unit = typeof row[UNIT_FIELD] === 'string' ? row[UNIT_FIELD] : null;
  if (appellantUnit !== undefined && (!unit || !appellantUnit || !tree.get(appellantUnit) || !tree.isWithin(unit, appellantUnit))) {
    return { ok: false, message: forbidden(`目标 ${String(row.name ?? key)}（${String(unit)}）不在你负责的范围（${String(appellantUnit)}）内`, `target ${String(row.name ?? key)} (${String(unit)}) is outside your unit (${String(appellantUnit)})`) };
  }
  const base = parseYuan(row.base);
  if (base === null) return { ok: false, message: forbidden(`目标 ${String(key)} 没有有效的基础目标`, `target ${String(key)} has no valid Base`) };
  return { ok: true, set: { base: Number(formatYuan(base)), [UNIT_FIELD]: unit, ...(typeof row.name === 'string' ? { unit: row.name } : {}) } };
}

/**
 * A step's write of a flow record. When it decides a Base other than the appealed one on a
 * record that refers to a target, the targets are re-balanced by the runtime and written with
 * the decision in one transaction; when the runtime refuses, the decision is not written and
 * the refusal is (the record stays where it was, with the words). Returns the refusal.
 */
export async function writeStep(db: AppealDb, collection: string, id: unknown, values: Record<string, unknown>): Promise<{ code: string; message: Localized } | undefined> {
  const targets = targetsOf(db.fields(collection));
  const deciding = targets !== undefined && values[STATUS_FIELD] !== undefined && values[DECIDED_BASE_FIELD] !== undefined;
  return db.transaction(async (transaction) => {
    if (!deciding) {
      await db.write(collection, id, values, transaction);
      return undefined;
    }
    const own = db.model(collection);
    const record = own ? (await own.findAll({ where: { id }, raw: true, transaction }))[0] : undefined;
    const decided = parseYuan(values[DECIDED_BASE_FIELD]);
    const key = record?.[TARGET_KEY_FIELD];
    if (!record || typeof key !== 'string' || !key || decided === null || decided === parseYuan(record.base)) {
      await db.write(collection, id, values, transaction);
      return undefined;
    }
    const applied = await rebalance(db, targets, key, decided, transaction);
    if (!applied.ok) {
      await db.write(collection, id, { [ACTION_FIELD]: null, [MESSAGE_FIELD]: applied.message.zh }, transaction);
      return applied;
    }
    await db.write(collection, id, { ...values, [MESSAGE_FIELD]: applied.summary }, transaction);
    return undefined;
  });
}

/** The targets of the appealed one's period and plan, re-balanced and written; the appealed one locked. */
async function rebalance(db: AppealDb, targets: string, key: string, decided: number, transaction: unknown):
  Promise<{ ok: true; summary: string } | { ok: false; code: string; message: Localized }> {
  const model = db.model(targets);
  const stored = await db.targetsTable(targets, transaction);
  const appealed = stored?.records.find((r) => r.stored[RECORD_KEY_FIELD] === key);
  if (!model || !stored || !appealed) return { ok: false, code: 'TARGET_UNKNOWN_UNIT', message: { zh: `目标表中没有 ${key}`, en: `no stored target ${key}` } };
  // one period's and plan's rows: the same unit has targets in other periods, and other plans
  const same = (a: unknown, b: unknown): boolean => String(a ?? '') === String(b ?? '');
  const table = withStoredPeriod({ ...stored, records: stored.records.filter((r) => same(r.stored.period, appealed.stored.period) && same(r.stored.plan, appealed.stored.plan)) });
  // the runtime's reader of one period: a unit twice in it is refused by its row
  const period = targetsOfPeriod(table);
  if (!period.ok) {
    const first = period.problems[0];
    return { ok: false, code: first?.code ?? 'TARGET_TABLE', message: { zh: `${table.file} 第 ${String(first?.row)} 行：${first?.message.zh ?? ''}`, en: `${table.file} line ${String(first?.row)}: ${first?.message.en ?? ''}` } };
  }
  const rows = period.table.records.map((r) => r.stored);
  const rebalanced: TargetRow[] = [];
  for (const { line, record, stored: row } of period.table.records) {
    const unit = String(row[UNIT_FIELD] ?? '');
    const base = parseYuan(record.base);
    if (!unit || base === null) {
      return { ok: false, code: 'TARGET_TABLE', message: { zh: `${table.file} 第 ${line} 行无法重新平衡（没有单位或基础目标无效）`, en: `${table.file} line ${line} cannot be re-balanced (no unit, or an invalid Base)` } };
    }
    rebalanced.push({ id: unit, parentId: record.parent_id ? record.parent_id : null, base, locked: row.locked === true });
  }
  const unitId = String(appealed.stored[UNIT_FIELD]);
  const outcome = decideTargetBase(rebalanced, unitId, decided);
  if (!outcome.ok) return outcome;
  const byUnit = new Map(rows.map((r) => [String(r[UNIT_FIELD]), r]));
  for (const unit of outcome.changed) {
    const row = byUnit.get(unit);
    const values: Record<string, unknown> = { base: formatYuan(outcome.bases.get(unit) as number) };
    await model.update(values, { where: { id: row?.id }, transaction });
  }
  await model.update({ locked: true }, { where: { id: appealed.id }, transaction });
  const before = parseYuan(appealed.record.base) as number;
  return {
    ok: true,
    summary: `目标已更新：${String(appealed.record.name || unitId)} ${formatYuan(before)} → ${formatYuan(decided)} 元（已锁定），另有 ${outcome.changed.length - 1} 个单位重新平衡`,
  };
}
