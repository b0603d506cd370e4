/**
 * Monthly history (回款历史) read from a table, long (id, month, amount[, target]) or wide (id and
 * one YYYY-MM column a month), into each unit's months in fen: the forecast and the phasing
 * learn from it, in every host. Every bad cell is refused by row and column.
 */
import { parseYuan, type Fen } from '../money/index.js';
import { problem, type Problem } from '../problems.js';

const rowProblem = (file: string, row: number, column: string, code: string, zh: string, en: string): Problem => ({ ...problem(code, file, '', { zh, en }), row, column });

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

interface Series { months: Map<string, Fen>; targets: Map<string, Fen> }

/** Reads long or wide history into per-unit series; every bad cell by row and column. */
export function readHistoryTable(columns: readonly string[], rows: ReadonlyArray<{ line: number; record: Readonly<Record<string, unknown>> }>, file: string): { ok: true; units: Map<string, Series> } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const units = new Map<string, Series>();
  const bad = (row: number, column: string, zh: string, en: string) => problems.push(rowProblem(file, row, column, 'HISTORY_BAD_CELL', zh, en));
  const amount = (row: { line: number; record: Readonly<Record<string, unknown>> }, column: string): Fen | undefined => {
    const v = row.record[column];
    const fen = parseYuan(v);
    if (fen === null || fen < 0) {
      bad(row.line, column, `${column} 应为非负金额（元，最多两位小数），实际是 "${String(v ?? '')}"`, `${column} must be a non-negative amount in yuan (at most 2 decimals), got "${String(v ?? '')}"`);
      return undefined;
    }
    return fen;
  };
  const series = (id: string) => {
    let s = units.get(id);
    if (!s) units.set(id, (s = { months: new Map(), targets: new Map() }));
    return s;
  };
  const monthColumns = columns.filter((c) => MONTH.test(c));
  if (!columns.includes('id')) {
    return { ok: false, problems: [problem('HISTORY_NO_ID', file, '', { zh: '历史表缺少 id 列', en: 'the history has no id column' })] };
  }
  if (columns.includes('month') && columns.includes('amount')) {
    for (const row of rows) {
      const id = String(row.record.id ?? '').trim();
      const month = String(row.record.month ?? '').trim();
      if (!id) { bad(row.line, 'id', 'id 为空', 'the id is empty'); continue; }
      if (!MONTH.test(month)) { bad(row.line, 'month', `month 应为 YYYY-MM，实际是 "${month}"`, `month must be YYYY-MM, got "${month}"`); continue; }
      const a = amount(row, 'amount');
      const s = series(id);
      if (s.months.has(month)) bad(row.line, 'month', `单位 ${id} 的 ${month} 重复`, `unit ${id}: ${month} appears twice`);
      if (a !== undefined) s.months.set(month, a);
      if (columns.includes('target') && String(row.record.target ?? '').trim() !== '') {
        const t = amount(row, 'target');
        if (t !== undefined) s.targets.set(month, t);
      }
    }
  } else if (monthColumns.length) {
    for (const row of rows) {
      const id = String(row.record.id ?? '').trim();
      if (!id) { bad(row.line, 'id', 'id 为空', 'the id is empty'); continue; }
      if (units.has(id)) { bad(row.line, 'id', `单位 ${id} 重复`, `unit ${id} appears twice`); continue; }
      const s = series(id);
      for (const c of monthColumns) {
        const a = amount(row, c);
        if (a !== undefined) s.months.set(c, a);
      }
    }
  } else {
    problems.push(problem('HISTORY_SHAPE', file, '', {
      zh: '历史表需要 id, month, amount 列（长表），或 id 加 YYYY-MM 列（宽表）',
      en: 'the history needs id, month, amount columns (long), or id plus YYYY-MM columns (wide)',
    }));
  }
  return problems.length ? { ok: false, problems } : { ok: true, units };
}

