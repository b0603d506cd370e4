/**
 * Reading a spreadsheet for import: XLSX through read-excel-file (its first sheet), CSV through
 * the plugin's decoder (UTF-8 with or without BOM, else GB18030/GBK, as Chinese Excel saves it)
 * and CSV parser (both take off the quote our exports put before formula-like text, see
 * `restoreCellText`). Every row keeps its 1-based line in the file, so errors point at it.
 */
import { decodeText, parseCsv, restoreCellText, type Problem } from '../../../plugin/index.js';

export interface SourceTable {
  file: string;
  columns: string[];
  /** Cells as text; an XLSX number stays a number (in a date column it is an Excel serial day). */
  rows: Array<{ line: number; record: Record<string, string | number> }>;
  encoding?: string;
}

type ReadResult = { ok: true; table: SourceTable } | { ok: false; problem: Problem | { code: string; message: { zh: string; en: string } } };

/** An XLSX cell: text loses the quote our exports put before formula-like text, a date is its ISO day, a number stays one. */
const cellValue = (v: unknown): string | number => {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number') return v;
  return typeof v === 'string' ? restoreCellText(v) : String(v);
};
const cellText = (v: unknown): string => String(cellValue(v));

export async function readTable(file: File): Promise<ReadResult> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (/\.xlsx$/i.test(file.name)) {
    try {
      const { default: readXlsxFile } = await import('read-excel-file/browser');
      const sheets = await readXlsxFile(bytes.buffer);
      const data = sheets[0]?.data ?? [];
      const columns = (data[0] ?? []).map(cellText).map((c) => c.trim());
      const rows = data.slice(1).map((row, i) => ({
        line: i + 2,
        record: Object.fromEntries(columns.map((c, j) => [c, cellValue(row[j])])),
      })).filter((r) => Object.values(r.record).some((v) => String(v).trim() !== ''));
      return { ok: true, table: { file: file.name, columns, rows } };
    } catch (e) {
      return { ok: false, problem: { code: 'XLSX_UNREADABLE', message: { zh: '无法读取这个 XLSX 文件：文件已损坏，或不是 XLSX 格式（可另存为 CSV 再导入）', en: `cannot read the XLSX file: ${String(e)}` } } };
    }
  }
  const { text, encoding } = decodeText(bytes);
  const parsed = parseCsv(text, file.name);
  if (!parsed.ok) return { ok: false, problem: parsed.problem };
  return { ok: true, table: { file: file.name, columns: parsed.columns.map((c) => c.trim()), rows: parsed.records, encoding } };
}
