/**
 * An input table read more than once without being held: a CSV file is streamed from disk on
 * every pass (a year of daily actuals for 50,000 reps is 18M rows, gigabytes as row objects),
 * XLSX and JSON are read whole (their readers need the whole file) and iterated.
 *
 * The first pass checks the whole file as `readTable` does, with the same problems: the text is
 * UTF-8 if all of it is, else GB18030 if all of it is (so a CSV error counts only once the
 * encoding is settled on the whole file), and a malformed CSV is refused with its row and
 * column. A file valid in neither encoding is handed to `readTable`, which names its first bad
 * byte (that needs the bytes whole; it is the error path only). Later passes decode with the
 * encoding found; they fail only on a file changed between passes, with the parser's error.
 */
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { CsvError, CsvParser, CsvRecords, problem, type Problem } from '../../plugin/index.js';
import type { CommandContext } from './context.js';
import { nothingWritten, refuse } from './problems-out.js';
import { tableOrFail } from './table-input.js';
import { tableFormat, type TableRow } from './tables.js';

type Encoding = 'utf-8' | 'gb18030';

interface StreamedTable {
  columns: string[];
  /** The name problems are reported under. */
  name: string;
  /** The rows again, in file order, a batch at a time (a batch per chunk read: no await per row). */
  batches(): AsyncIterable<readonly TableRow[]>;
}

interface StreamedTableOptions {
  /** The flag that named the file (a usage error unless it ends in .csv, .xlsx or .json). */
  flag: string;
  /** Sees every row of the first pass, in order (e.g. to find the latest day without a pass of its own). */
  visit?: (row: TableRow) => void;
}

const CHUNK = 1 << 20;

/** Reads `path` once (refused as `tableOrFail` refuses it), visiting its rows, and returns a table that can be read again. */
export async function streamedTableOrFail(ctx: CommandContext, path: string, options: StreamedTableOptions): Promise<StreamedTable> {
  const name = path;
  if (tableFormat(path) !== 'csv') {
    const whole = await tableOrFail(ctx, path, { flag: options.flag });
    if (options.visit) for (const row of whole.rows) options.visit(row);
    return { columns: whole.columns, name, async *batches() { yield whole.rows; } };
  }
  const file = resolve(ctx.cwd, path);
  for (const encoding of ['utf-8', 'gb18030'] as const) {
    const scanned = await scan(file, name, encoding, options.visit);
    if (scanned.kind === 'unreadable') {
      return refuse(ctx, [problem('FILE_UNREADABLE', name, '', { zh: `无法读取 ${name}`, en: `cannot read ${name}` })], nothingWritten());
    }
    if (scanned.kind === 'bad-csv') return refuse(ctx, [scanned.problem], nothingWritten());
    if (scanned.kind === 'ok') return { columns: scanned.columns, name, batches: () => csvBatches(file, name, encoding) };
  }
  // valid in neither encoding: readTable names the first bad byte of the likelier one
  await tableOrFail(ctx, path, { flag: options.flag });
  throw new Error(`${name} decoded in neither encoding, yet read whole`);
}

type Scan = { kind: 'ok'; columns: string[] } | { kind: 'bad-csv'; problem: Problem } | { kind: 'bad-encoding' } | { kind: 'unreadable' };

/** One pass in `encoding`: every byte decoded (the encoding holds for the whole file or not at all), the CSV parsed until its first error. */
async function scan(file: string, name: string, encoding: Encoding, visit: ((row: TableRow) => void) | undefined): Promise<Scan> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  const parser = new CsvParser(name);
  const records = new CsvRecords(name);
  let csvProblem: Problem | undefined;
  const parse = (text: string, end: boolean) => {
    if (csvProblem) return;
    try {
      const rows = parser.push(text);
      if (end) rows.push(...parser.end());
      for (const row of rows) {
        const r = records.accept(row);
        if (r && visit) visit(r);
      }
    } catch (e) {
      if (!(e instanceof CsvError)) throw e;
      csvProblem = e.problem;
    }
  };
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: CHUNK })) {
      let text: string;
      try { text = decoder.decode(chunk as Buffer, { stream: true }); } catch { return { kind: 'bad-encoding' }; }
      parse(text, false);
    }
  } catch {
    return { kind: 'unreadable' };
  }
  let rest: string;
  try { rest = decoder.decode(); } catch { return { kind: 'bad-encoding' }; }
  parse(rest, true);
  return csvProblem ? { kind: 'bad-csv', problem: csvProblem } : { kind: 'ok', columns: records.columns ?? [] };
}

/** A later pass over a file the first pass accepted. */
async function* csvBatches(file: string, name: string, encoding: Encoding): AsyncGenerator<readonly TableRow[]> {
  const decoder = new TextDecoder(encoding);
  const parser = new CsvParser(name);
  const records = new CsvRecords(name);
  const accept = (rows: ReturnType<CsvParser['push']>): TableRow[] => {
    const out: TableRow[] = [];
    for (const row of rows) {
      const r = records.accept(row);
      if (r) out.push(r);
    }
    return out;
  };
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK })) yield accept(parser.push(decoder.decode(chunk as Buffer, { stream: true })));
  yield accept([...parser.push(decoder.decode()), ...parser.end()]);
}
