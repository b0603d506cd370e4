/**
 * Writes sheets of plain rows to an .xlsx download (write-excel-file, loaded on demand). Text that
 * could start a formula is neutralised (the runtime's `neutraliseCell`); numbers stay numbers.
 */
import { neutraliseCell, neutraliseCellText } from '../../../plugin/index.js';

type SheetRows = { sheet: string; columns: string[]; rows: Array<Record<string, string | number | null>> };

export async function downloadXlsx(fileName: string, sheets: SheetRows[]): Promise<void> {
  const { default: writeXlsxFile } = await import('write-excel-file/browser');
  const data = sheets.map((s) => ({
    sheet: s.sheet,
    data: [
      s.columns.map((c) => ({ value: neutraliseCellText(c), fontWeight: 'bold' as const })),
      ...s.rows.map((r) => s.columns.map((c) => {
        const v = r[c];
        return v === null || v === undefined ? null : { value: neutraliseCell(v) };
      })),
    ],
  }));
  await writeXlsxFile(data as never).toFile(fileName);
}
