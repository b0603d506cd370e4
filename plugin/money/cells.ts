/**
 * An amount read from a table cell (yuan, at most two decimals, not negative), with the problem
 * by row and column when it is not one. The CLI's and the runtime's table readers share it, so a
 * bad cell reads the same wherever it is met.
 */
import { problem, type Problem } from '../problems.js';
import { readAmount, type Fen } from './money.js';

/** The amount in the cell, in fen; an empty cell is `fallback` when given. A bad cell adds a problem and counts 0. */
export function nonNegativeAmount(file: string, row: number, record: Readonly<Record<string, unknown>>, column: string, problems: Problem[], fallback?: Fen): Fen {
  const value = record[column];
  const raw = value === undefined || value === null ? '' : String(value).trim();
  if (raw === '' && fallback !== undefined) return fallback;
  const read = readAmount(raw);
  if (!read.ok) {
    problems.push({
      ...problem('TABLE_NOT_AMOUNT', file, '', {
        zh: `${column} 应为非负金额（元，最多两位小数），实际是 "${raw}"：${read.reason.zh}`,
        en: `${column} must be an amount >= 0 in yuan (at most 2 decimals), got "${raw}": ${read.reason.en}`,
      }),
      row, column,
    });
    return 0;
  }
  return read.fen;
}
