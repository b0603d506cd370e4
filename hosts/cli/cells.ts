/** Reading the cells of an input table, and naming a bad one by file, row and column. */
import { problem, type Problem } from '../../plugin/index.js';

/** Reads a cell under any of the names (snake_case or camelCase). */
export function cell(record: Record<string, unknown>, ...names: string[]): unknown {
  for (const n of names) if (Object.hasOwn(record, n)) return record[n];
  return undefined;
}

/** A cell as trimmed text; an absent cell is empty. */
export const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v).trim());

export function rowProblem(file: string, row: number, column: string, code: string, zh: string, en: string): Problem {
  return { ...problem(code, file, '', { zh, en }), row, column };
}

/** One problem per required column that is missing; each entry lists the names it may go by. */
export function requireColumns(file: string, columns: string[], needed: string[][]): Problem[] {
  return needed.filter((names) => !names.some((n) => columns.includes(n))).map((names) =>
    problem('TABLE_MISSING_COLUMN', file, '', { zh: `缺少列 ${names[0]}`, en: `column ${names[0]} is missing` }));
}
