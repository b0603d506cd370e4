/**
 * Whole tables in and out for the commands that work on units, targets and scores: CSV (UTF-8
 * or GBK), XLSX (first sheet) and JSON (an array of objects). Every row keeps its line (CSV,
 * XLSX row number; JSON: index + 1) so a bad cell is reported by row and column. Writing goes to
 * a temporary file renamed into place (`writeAtomically`), so no run leaves half a file.
 */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { writeAtomically, writeFileAtomic } from './atomic.js';
import { writeXlsxRows, type XlsxCell } from './xlsx-writer.js';
import { decodeTextStrict, neutraliseCell, neutraliseCellText, parseCsv, problem, restoreCellText, type Problem } from '../../plugin/index.js';

export type TableFormat = 'csv' | 'xlsx' | 'json';

export interface TableRow {
  /** Row number in the source: the CSV line or XLSX row, or the JSON array index + 1. */
  line: number;
  record: Record<string, unknown>;
}

export type TableResult = { ok: true; columns: string[]; rows: TableRow[] } | { ok: false; problems: Problem[] };

export function tableFormat(path: string): TableFormat | undefined {
  const ext = extname(path).toLowerCase();
  return ext === '.csv' ? 'csv' : ext === '.xlsx' ? 'xlsx' : ext === '.json' ? 'json' : undefined;
}

export async function readTable(path: string, name = basename(path)): Promise<TableResult> {
  const format = tableFormat(path);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    return { ok: false, problems: [problem('FILE_UNREADABLE', name, '', { zh: `无法读取 ${name}`, en: `cannot read ${name}` })] };
  }
  if (format === 'xlsx') return readXlsx(bytes, name);
  const decoded = decodeTextStrict(bytes, name);
  if (!decoded.ok) return { ok: false, problems: [decoded.problem] };
  const { text } = decoded;
  if (format === 'json') {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      return { ok: false, problems: [problem('DATA_JSON', name, '', { zh: `不是有效的 JSON：${(e as Error).message}`, en: `not valid JSON: ${(e as Error).message}` })] };
    }
    if (!Array.isArray(value) || value.some((r) => typeof r !== 'object' || r === null || Array.isArray(r))) {
      return { ok: false, problems: [problem('DATA_NOT_TABLE', name, '', { zh: 'JSON 应为对象数组', en: 'the JSON must be an array of objects' })] };
    }
    const columns = [...new Set(value.flatMap((r) => Object.keys(r as object)))];
    return { ok: true, columns, rows: value.map((record, i) => ({ line: i + 1, record: record as Record<string, unknown> })) };
  }
  const parsed = parseCsv(text, name);
  if (!parsed.ok) return { ok: false, problems: [parsed.problem] };
  return { ok: true, columns: parsed.columns, rows: parsed.records };
}

/** exceljs loads only for XLSX: it is large, and its promise library generates code at load time. */
async function excel(): Promise<typeof import('exceljs')> {
  const mod = await import('exceljs');
  return (mod as unknown as { default?: typeof import('exceljs') }).default ?? mod;
}

async function readXlsx(bytes: Buffer, name: string): Promise<TableResult> {
  const ExcelJS = await excel();
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    return { ok: false, problems: [problem('XLSX_UNREADABLE', name, '', { zh: `不是有效的 XLSX 文件：${(e as Error).message}`, en: `not a valid XLSX file: ${(e as Error).message}` })] };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { ok: false, problems: [problem('XLSX_EMPTY', name, '', { zh: '工作簿没有工作表', en: 'the workbook has no sheet' })] };
  const columns: string[] = [];
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = (row.values as unknown[]).slice(1).map((v) => {
      const value = cellValue(v);
      return typeof value === 'string' ? restoreCellText(value) : value;
    });
    if (!columns.length) {
      columns.push(...values.map((v) => String(v ?? '').trim()));
      return;
    }
    const record: Record<string, unknown> = {};
    columns.forEach((c, i) => {
      record[c] = values[i] ?? '';
    });
    rows.push({ line: rowNumber, record });
  });
  return { ok: true, columns, rows };
}

/** Formulas give their result, rich text its plain text, dates their ISO day. */
function cellValue(v: unknown): unknown {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { result?: unknown; richText?: Array<{ text: string }>; text?: string };
    if ('result' in o) return cellValue(o.result);
    if (o.richText) return o.richText.map((t) => t.text).join('');
    if (typeof o.text === 'string') return o.text;
  }
  return v;
}

/**
 * Writes rows (objects keyed by `columns`) as CSV (UTF-8 with BOM, for Excel), XLSX (streamed) or JSON. In CSV
 * and XLSX, text that could start a formula is neutralised (`neutraliseCellText`; `readTable`
 * takes it back off); JSON is written as it is.
 */
export async function writeTable(path: string, columns: string[], rows: Array<Record<string, unknown>>): Promise<void> {
  const format = tableFormat(path) ?? 'json';
  if (format === 'xlsx') {
    // streamed (xlsx-writer.ts): one slice of the sheet in memory at a time, never a cell object per value
    function* cells(): Generator<XlsxCell[]> {
      yield columns.map(neutraliseCellText);
      for (const r of rows) yield columns.map((c) => toCell(r[c]));
    }
    await writeAtomically(path, async (temporary) => writeXlsxRows(temporary, 'data', cells()));
  } else if (format === 'csv') {
    const lines = [csvHeader(columns), ...rows.map((r) => csvLine(columns, r))];
    await writeFileAtomic(path, '\ufeff' + lines.join('\r\n') + '\r\n');
  } else {
    await writeFileAtomic(path, JSON.stringify(rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null]))), null, 2) + '\n');
  }
}

/** The CSV header line of `columns` (no line end). */
export function csvHeader(columns: readonly string[]): string {
  return columns.map((c) => csvCell(neutraliseCellText(c))).join(',');
}

/** One CSV line of `row` under `columns`: objects as JSON, quoted where needed (no line end). */
export function csvLine(columns: readonly string[], row: Record<string, unknown>): string {
  return columns.map((c) => csvCell(toCell(row[c]))).join(',');
}

/** A CSV or XLSX cell: numbers and booleans as they are, text neutralised, objects as JSON. */
function toCell(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return neutraliseCell(v);
  return neutraliseCellText(JSON.stringify(v));
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
