/**
 * What can be imported, where it goes in the build, its key, and how its rows are checked. An
 * import adds to or replaces one dataset file of the build (the sample company's units, history or actuals),
 * written back as CSV, so it persists, exports and loads like any other edit; rows with
 * problems are reported by row and column and nothing is replaced.
 */
import {
  createAllocation, factorColumns, formatYuan, neutraliseCellText, parseAllocationUnits, readActuals, readAmount, readAmountCell, readDateCell,
  type LoadedBundle, type Localized, type OrgTree,
} from '../../../plugin/index.js';
import { SAMPLE_COLUMNS } from '../../../plugin/sample/index.js';
import { DATASET } from '../company/companyModel.js';
import { COLUMN_LABELS } from './columnLabels.js';

export type ImportKind = 'units' | 'history' | 'actuals';

export interface RowProblem { row: number; column: string; message: Localized }

interface KindDef {
  dataset: string;
  /** The columns that name a row: an "add or update" import replaces the row of the same key. */
  key: readonly string[];
  /** Target columns, the required ones first marked. */
  columns: (bundle: LoadedBundle) => Array<{ name: string; required: boolean }>;
  check: (bundle: LoadedBundle, tree: OrgTree | null, rows: Array<{ line: number; record: Record<string, string> }>, file: string) => RowProblem[];
  /** How a column's cells are stored: amounts and dates in the runtime's plain form (see `storedCell`); other columns as text. */
  cell: (column: string) => 'amount' | 'date' | 'text';
}

/**
 * A cell as the dataset stores it. The runtime's readers take spreadsheet habits ("2026/5/14",
 * "1,200", full-width digits, an XLSX serial day: plugin/data/spreadsheet.ts), but the build keeps
 * one form, so "add/update these rows" finds the row of 2026-05-14 under "2026/5/14" and an export
 * reads anywhere. A plain amount keeps its own text (re-importing an export changes nothing); a cell
 * that does not read stays as it came, for the check to name.
 */
export function storedCell(kind: 'amount' | 'date' | 'text', value: string | number): string {
  if (kind === 'date') {
    const read = readDateCell(value);
    return read.ok ? read.text : String(value);
  }
  if (kind === 'amount') {
    if (readAmount(value, { negative: true }).ok) return String(value).trim();
    const read = readAmountCell(value, { negative: true });
    return read.ok ? formatYuan(read.fen) : String(value);
  }
  return String(value);
}

/** Names Chinese spreadsheets use for our columns, for the first guess of the mapping. */
const SPREADSHEET_NAMES: Record<string, string[]> = {
  id: ['编号', '单位编号', '工号', 'ID'],
  parent_id: ['上级', '上级编号', '上级单位'],
  name: ['名称', '姓名', '单位名称'],
  level: ['层级', '级别'],
  city: ['城市'],
  revenue_12m: ['近12月回款', '近12个月回款'],
  last_revenue: ['上期回款', '同期回款'],
  growth_correction: ['外部修正', '增长修正'],
  date: ['日期', '周', '回款日期'],
  amount: ['金额', '回款金额', '回款'],
};

/** Every name a column is recognised by besides its machine name: the import templates' headers in both languages, then the spreadsheets' names. */
export const ALIASES: Record<string, string[]> = Object.fromEntries(
  [...new Set([...Object.keys(COLUMN_LABELS), ...Object.keys(SPREADSHEET_NAMES)])].map((c) => [
    c, [...(COLUMN_LABELS[c] ? [COLUMN_LABELS[c].zh, COLUMN_LABELS[c].en] : []), ...(SPREADSHEET_NAMES[c] ?? [])],
  ]),
);

const REQUIRED_UNITS = new Set(['id', 'parent_id', 'name', 'level', 'revenue_12m', 'last_revenue']);
/** The units' money columns (plugin/allocation/units.ts reads them as amounts). */
const UNIT_MONEY = new Set(['revenue_12m', 'last_revenue', 'capacity', 'revenue_prev_12m']);

const firstLine = (csv: unknown) => (typeof csv === 'string' ? (csv.split(/\r?\n/, 1)[0] ?? '') : '');

export const KINDS: Record<ImportKind, KindDef> = {
  units: {
    dataset: DATASET.units,
    key: ['id'],
    // the sample's columns, then any column a factor rule of this bundle reads (a factor added in JSON)
    columns: (bundle) => {
      const factors = factorColumns(bundle);
      const requiredByFactor = new Set(factors.filter((c) => c.required).map((c) => c.name));
      const names = [...SAMPLE_COLUMNS as readonly string[], ...factors.map((c) => c.name).filter((c) => !(SAMPLE_COLUMNS as readonly string[]).includes(c))];
      return names.map((c) => ({ name: c, required: REQUIRED_UNITS.has(c) || requiredByFactor.has(c) }));
    },
    cell: (column) => (UNIT_MONEY.has(column) ? 'amount' : 'text'),
    check: (bundle, _tree, rows, file) => {
      const parsed = parseAllocationUnits(rows, file);
      const problems = parsed.ok ? (() => {
        const prepared = createAllocation(bundle, parsed.units, file);
        return prepared.ok ? [] : prepared.problems;
      })() : parsed.problems;
      return problems.map((p) => ({ row: p.row ?? 0, column: String(p.column ?? ''), message: p.message }));
    },
  },
  history: {
    dataset: DATASET.history,
    key: ['id'],
    columns: (bundle) => firstLine(bundle.datasets.get(DATASET.history)?.content).split(',').filter(Boolean).map((c) => ({ name: c, required: true })),
    cell: (column) => (column === 'id' ? 'text' : 'amount'),
    check: (_bundle, tree, rows) => {
      const out: RowProblem[] = [];
      for (const { line, record } of rows) {
        for (const [column, value] of Object.entries(record)) {
          if (column === 'id') {
            if (tree && !tree.get(value)) out.push({ row: line, column, message: { zh: `组织中没有 ${value}`, en: `${value} is not in the organisation` } });
          } else if (!readAmountCell(value).ok) {
            out.push({ row: line, column, message: { zh: `应为非负金额（元），实际是 "${value}"`, en: `must be a non-negative amount in yuan, got "${value}"` } });
          }
        }
      }
      return out;
    },
  },
  actuals: {
    dataset: DATASET.actuals,
    // a unit's amount for one day or week
    key: ['id', 'date'],
    columns: () => [{ name: 'id', required: true }, { name: 'date', required: true }, { name: 'amount', required: true }],
    cell: (column) => (column === 'date' ? 'date' : column === 'amount' ? 'amount' : 'text'),
    // the plugin's reader of actual rows, the one the board's model and `target-kit track` use
    check: (_bundle, tree, rows, file) => {
      const read = readActuals(rows, file, tree ? { isUnit: (id) => tree.get(id) !== undefined } : {});
      return read.ok ? [] : read.problems.map((p) => ({ row: p.row ?? 0, column: String(p.column ?? ''), message: p.message }));
    },
  },
};

/** A CSV field: formula-like text neutralised (`neutraliseCellText`; `parseCsv` restores it), quoted where needed. */
const csvCell = (text: string) => {
  const v = neutraliseCellText(text);
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
};

export function toCsv(columns: string[], rows: Array<{ record: Record<string, string> }>): string {
  return [columns.map(csvCell).join(','), ...rows.map((r) => columns.map((c) => csvCell(r.record[c] ?? '')).join(','))].join('\n') + '\n';
}
