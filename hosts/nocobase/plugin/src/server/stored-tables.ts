/**
 * A bundle dataset read back from its NocoBase collection as the dataset's own table: the file's
 * columns in the file's order, each cell as text the way the CSV wrote it, rows in the file's
 * order with a company's own rows after them. That is the shape the runtime's readers take from
 * parseCsv, so the blocks and workflow nodes run the same use cases over stored data as the CLI
 * and the playground do over files. Which rows a caller gets is decided here, on the server, by
 * his scope (the same all / subtree / own unit rules as the collections' data scopes).
 */
import { LINE_FIELD, NO_PATH, PATH_FIELD, UNIT_FIELD, roleNameOf } from '../../../contract.js';
import type { DataModel, StoredDatasetMeta } from './data-load.js';

/** Whose rows: all, a subtree by its path (`/YQ/HN/`), one unit's own, or none at all. */
export type StoredScope = { kind: 'all' } | { kind: 'subtree'; path: string } | { kind: 'own'; unit: string } | { kind: 'none' };

interface StoredRecord {
  /** The row's line in the bundle's file; a row added in NocoBase gets the next number after the file's last. */
  line: number;
  /** NocoBase's id of the row, to write back to it. */
  id: unknown;
  /** The file's columns, as text ('' for empty). */
  record: Record<string, string>;
  /** The stored row as NocoBase returns it, fields added by the import included (period, plan, locked, status…). */
  stored: Record<string, unknown>;
}

export interface StoredTable {
  dataset: string;
  collection: string;
  /** Where the rows came from, for messages that name a place: the bundle's file within its collection. */
  file: string;
  columns: string[];
  records: StoredRecord[];
}

export interface StoredTablesDb {
  /** What the last load of the dataset kept beside its hash (its collection and columns), if it was loaded. */
  meta(dataset: string): Promise<StoredDatasetMeta | undefined>;
  model(collection: string): DataModel | undefined;
}

// Sequelize's operators are registered symbols (Op.startsWith is Symbol.for('startsWith')), so
// the host's ORM needs no import here; `where` keeps the filtering in PostgreSQL.
const STARTS_WITH = Symbol.for('startsWith');

function whereOf(scope: StoredScope): Record<string | symbol, unknown> | undefined {
  switch (scope.kind) {
    case 'all': return {};
    case 'subtree': return { [PATH_FIELD]: { [STARTS_WITH]: scope.path } };
    case 'own': return { [UNIT_FIELD]: scope.unit };
    case 'none': return undefined;
  }
}

/** A stored value as the CSV cell it came from: exact decimals as PostgreSQL keeps them, dates as YYYY-MM-DD. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}

/**
 * The dataset's table for a scope, or undefined when the dataset was never loaded into NocoBase
 * (its collection missing, or loaded by an importer older than the column list).
 */
export async function readStoredTable(db: StoredTablesDb, dataset: string, options: { scope: StoredScope; transaction?: unknown }): Promise<StoredTable | undefined> {
  const meta = await db.meta(dataset);
  const model = meta ? db.model(meta.collection) : undefined;
  if (!meta || !model) return undefined;
  const columns = meta.columns.map((c) => c.column);
  const where = whereOf(options.scope);
  const rows = where ? await model.findAll({ where: where as Record<string, unknown>, raw: true, transaction: options.transaction }) : [];
  const lineOf = (row: Record<string, unknown>): number | undefined => {
    const line = Number(row[LINE_FIELD]);
    return Number.isSafeInteger(line) && line > 0 ? line : undefined;
  };
  // the file's rows by their line, then the company's own rows in the order NocoBase created them
  const sorted = [...rows].sort((a, b) => {
    const la = lineOf(a);
    const lb = lineOf(b);
    if (la !== undefined && lb !== undefined) return la - lb;
    if (la !== undefined) return -1;
    if (lb !== undefined) return 1;
    return BigInt(String(a.id ?? 0)) < BigInt(String(b.id ?? 0)) ? -1 : 1;
  });
  let next = sorted.reduce((max, row) => Math.max(max, lineOf(row) ?? 0), 1);
  const records = sorted.map((stored) => {
    const record: Record<string, string> = {};
    for (const { column, field } of meta.columns) record[column] = cellText(stored[field]);
    return { line: lineOf(stored) ?? ++next, id: stored.id, record, stored };
  });
  return { dataset: meta.dataset, collection: meta.collection, file: `${meta.collection}（${meta.file}）`, columns, records };
}

/**
 * A targets table with its stored period as a column: the importer gives a targets collection a
 * `period` field beside the file's columns (empty on the bundle's rows, the period on a
 * publication's), and the readers pick one period's rows by it (the runtime's targetsOfPeriod).
 * A table whose rows have no such field, or whose file has a period column already, is as it was.
 */
export function withStoredPeriod(table: StoredTable): StoredTable {
  if (table.columns.includes('period') || !table.records.some((r) => Object.hasOwn(r.stored, 'period'))) return table;
  return {
    ...table,
    columns: [...table.columns, 'period'],
    records: table.records.map((r) => ({ ...r, record: { ...r.record, period: cellText(r.stored.period) } })),
  };
}

/** The table as the CSV text it was loaded from, for use cases that take a file's text. */
export function storedTableCsv(table: StoredTable): string {
  const quote = (cell: string): string => (/[",\r\n]/.test(cell) || /^\s|\s$/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  const lines = [table.columns.map(quote).join(',')];
  for (const { record } of table.records) lines.push(table.columns.map((c) => quote(record[c] ?? '')).join(','));
  return `${lines.join('\n')}\n`;
}

const WIDTH: Record<StoredScope['kind'], number> = { none: 0, own: 1, subtree: 2, all: 3 };

/**
 * The rows a user may read, by the same rules as the collections' data scopes (the importer's
 * grants): NocoBase's administrators and company-level roles all rows; a rep his unit's; any
 * other bundle role and NocoBase's plain member his subtree. Several roles: the widest.
 * A user outside the org tree (no unit, or the path `-`) reads nothing.
 */
export function scopeOfUser(
  roles: ReadonlyArray<{ id: string; level?: string }>,
  user: { roleNames: readonly string[]; unitId?: string | null; path?: string | null },
): StoredScope {
  const path = user.path && user.path !== NO_PATH ? user.path : undefined;
  const unit = user.unitId || undefined;
  let widest: StoredScope = { kind: 'none' };
  const widen = (scope: StoredScope): void => { if (WIDTH[scope.kind] > WIDTH[widest.kind]) widest = scope; };
  for (const name of user.roleNames) {
    if (name === 'root' || name === 'admin') widen({ kind: 'all' });
    else if (name === 'member') { if (path) widen({ kind: 'subtree', path }); }
    else {
      const role = roles.find((r) => roleNameOf(r.id) === name);
      if (!role) continue;
      if (role.level === 'company') widen({ kind: 'all' });
      else if (role.level === 'rep') { if (unit) widen({ kind: 'own', unit }); }
      else if (path) widen({ kind: 'subtree', path });
    }
  }
  return widest;
}
