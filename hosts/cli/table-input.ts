/** An input table named on the command line, read whole, or refused with its problems by row and column. */
import { resolve } from 'node:path';
import { UsageError, say, type CommandContext } from './context.js';
import { nothingWritten, refuse, type Refusal } from './problems-out.js';
import { readTable, tableFormat, type TableRow } from './tables.js';

interface InputTable {
  rows: TableRow[];
  columns: string[];
  /** The name problems are reported under. */
  name: string;
}

interface TableInputOptions {
  /** The flag that named the file: its extension must then be .csv, .xlsx or .json (a usage error otherwise). */
  flag?: string;
  /** The name in problems; by default the path as given. */
  name?: string;
  /** By default "N problem(s); nothing was written". */
  refusal?: Refusal;
}

export async function tableOrFail(ctx: CommandContext, path: string, options: TableInputOptions = {}): Promise<InputTable> {
  const { flag } = options;
  if (flag !== undefined && !tableFormat(path)) {
    throw new UsageError(say(ctx, `${flag} 应为 .csv、.xlsx 或 .json 文件`, `${flag} must be a .csv, .xlsx or .json file`));
  }
  const name = options.name ?? path;
  const table = await readTable(resolve(ctx.cwd, path), name);
  if (!table.ok) return refuse(ctx, table.problems, options.refusal ?? nothingWritten());
  return { rows: table.rows, columns: table.columns, name };
}

/**
 * The rows of one plan: `allocate --plan all` writes several plans (a `plan` column) in one
 * file; `plan` picks one, and several without a choice is a usage error.
 */
export function rowsOfPlan(ctx: CommandContext, table: InputTable, plan: string | undefined): TableRow[] {
  if (!table.columns.includes('plan')) return table.rows;
  const planOf = (r: TableRow) => String(r.record.plan ?? '').trim();
  if (plan !== undefined) return table.rows.filter((r) => planOf(r) === plan);
  const plans = [...new Set(table.rows.map(planOf))];
  if (plans.length > 1) {
    throw new UsageError(say(ctx, `目标表含多个方案（${plans.join('、')}），用 --plan 选择一个`, `the targets hold several plans (${plans.join(', ')}); pick one with --plan`));
  }
  return table.rows;
}
