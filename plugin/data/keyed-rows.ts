/**
 * Rows of a dataset file merged by key (导入合并): an import that should add or update a few
 * rows, not replace the file. A row of the file whose key matches an existing row replaces it
 * in place; the others are appended in the file's order; every other existing row stays. So a
 * 3-row actuals file touches 3 rows of 12,188 instead of wiping the rest, and the counts say
 * which happened before anything is written.
 */

type Row = Record<string, string>;

interface KeyedMerge {
  rows: Row[];
  /** Rows of the file whose key was new. */
  added: number;
  /** Existing rows replaced by a row of the file with a different value. */
  updated: number;
  /** Rows of the file equal to the existing row of their key. */
  unchanged: number;
  /** Existing rows the file does not name, kept as they were. */
  kept: number;
}

// a separator no cell holds (parseCsv keeps text as it is, but NUL never comes out of a spreadsheet)
const keyOf = (row: Row, columns: readonly string[]) => columns.map((c) => (row[c] ?? '').trim()).join('\u0000');

const sameRow = (a: Row, b: Row) => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => (a[k] ?? '') === (b[k] ?? ''));
};

/** `incoming` merged into `existing` by `keyColumns` (a later row of the file wins over an earlier one of the same key). */
export function mergeRowsByKey(existing: readonly Row[], incoming: readonly Row[], keyColumns: readonly string[]): KeyedMerge {
  if (keyColumns.length === 0) throw new Error('mergeRowsByKey needs at least one key column');
  const rows = existing.map((r) => ({ ...r }));
  const at = new Map<string, number>();
  rows.forEach((r, i) => { if (!at.has(keyOf(r, keyColumns))) at.set(keyOf(r, keyColumns), i); });
  const touched = new Set<number>();
  const fresh = new Map<string, Row>();
  let updated = 0;
  let unchanged = 0;
  for (const row of incoming) {
    const key = keyOf(row, keyColumns);
    const i = at.get(key);
    if (i === undefined) { fresh.set(key, { ...row }); continue; }
    if (!touched.has(i)) { if (sameRow(rows[i]!, row)) unchanged++; else updated++; }
    touched.add(i);
    rows[i] = { ...row };
  }
  return { rows: [...rows, ...fresh.values()], added: fresh.size, updated, unchanged, kept: existing.length - touched.size };
}
