/**
 * Where a command's table goes (`--out`): a file written by its extension (CSV, XLSX, JSON), or
 * standard output as CSV or JSON. CSV and XLSX get the plain columns; JSON may carry more
 * (explanations), so it is given its own rows.
 */
import { resolve } from 'node:path';
import { UsageError, say, write, type CommandContext } from './context.js';
import { csvHeader, csvLine, tableFormat, writeTable } from './tables.js';

interface Output {
  format: 'csv' | 'json' | 'xlsx';
  /** Absent: standard output. */
  path?: string;
}

/** Reads `--out` (`csv` by default); `example` is the file name a usage error suggests for XLSX. */
export function outputOf(ctx: CommandContext, out: string | undefined, example?: string): Output {
  if (out === undefined || out === 'csv') return { format: 'csv' };
  if (out === 'json') return { format: 'json' };
  if (out === 'xlsx') {
    throw new UsageError(say(ctx,
      `XLSX 需要一个文件路径${example ? `，如 --out ${example}` : ''}`,
      `XLSX needs a file path${example ? `, e.g. --out ${example}` : ''}`));
  }
  const format = tableFormat(out);
  if (!format) throw new UsageError(say(ctx, '--out 应为 .csv、.xlsx 或 .json 文件，或 csv / json', '--out must be a .csv, .xlsx or .json file, or csv / json'));
  return { format, path: resolve(ctx.cwd, out) };
}

/** Writes the rows; a JSON file takes every key of `jsonRows` as its columns. */
export async function emit(ctx: CommandContext, out: Output, columns: string[], rows: Array<Record<string, unknown>>, jsonRows = rows): Promise<void> {
  if (out.path) {
    await writeTable(out.path, out.format === 'json' ? [...new Set(jsonRows.flatMap((r) => Object.keys(r)))] : columns, out.format === 'json' ? jsonRows : rows);
    return;
  }
  if (out.format === 'json') {
    await write(ctx.stdout, JSON.stringify(jsonRows, null, 2) + '\n');
    return;
  }
  await write(ctx.stdout, csvHeader(columns) + '\n');
  for (const r of rows) await write(ctx.stdout, csvLine(columns, r) + '\n');
}
