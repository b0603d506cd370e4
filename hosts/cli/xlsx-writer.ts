/**
 * A one-sheet XLSX written row by row with node's zlib, for the CLI's large tables
 * (`allocate --out plan.xlsx` over 60,606 units). exceljs's in-memory Workbook held every cell
 * as an object (3.5 GB and 156 s for that plan); its streaming WorkbookWriter still builds a
 * cell object and a style per value. An XLSX is a ZIP of a few fixed XML parts and one sheet:
 * the sheet's XML is built a slice of rows at a time, each slice deflated on its own (a sync
 * flush, no final block, so the slices join into one deflate stream) and written out, so memory
 * holds one slice whatever the row count. Text cells are inline strings (no shared-string table
 * to keep), numbers and booleans typed cells; the caller neutralises formula-like text first.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { constants, crc32, deflateRawSync } from 'node:zlib';

export type XlsxCell = string | number | boolean | null;

const NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
/** Rows of XML gathered before a slice is deflated: large enough to compress well, small enough to stay bounded. */
const SLICE_BYTES = 1 << 20;

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const xmlText = (text: string): string =>
  text.replace(/[&<>"]/g, (c) => XML_ESCAPES[c]!)
    // characters XML 1.0 cannot carry at all
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** One ZIP entry's bookkeeping for the central directory. */
interface Entry { name: Buffer; crc: number; compressed: number; size: number; offset: number }

/**
 * Writes `rows` (the first is the header) as the one sheet `sheet` of an .xlsx file at `path`
 * (the caller makes the write atomic). `rows` may be a generator: it is read once, in order.
 */
export function writeXlsxRows(path: string, sheet: string, rows: Iterable<readonly XlsxCell[]>): void {
  const fd = openSync(path, 'w');
  try {
    const entries: Entry[] = [];
    let offset = 0;
    const write = (b: Buffer, at?: number) => {
      writeSync(fd, b, 0, b.length, at ?? null);
      if (at === undefined) offset += b.length;
    };
    const entry = (name: string, fill: (part: (text: string) => void) => void) => {
      const e: Entry = { name: Buffer.from(name, 'utf8'), crc: 0, compressed: 0, size: 0, offset };
      write(localHeader(e));
      fill((text) => {
        const raw = Buffer.from(text, 'utf8');
        e.crc = crc32(raw, e.crc);
        e.size += raw.length;
        const data = deflateRawSync(raw, { finishFlush: constants.Z_SYNC_FLUSH });
        e.compressed += data.length;
        write(data);
      });
      // the last block of the deflate stream, empty and final
      const end = deflateRawSync(Buffer.alloc(0));
      e.compressed += end.length;
      write(end);
      if (e.size > 0xffffffff || offset > 0xffffffff) throw new Error('the sheet is past 4 GB, which this writer (no ZIP64) does not write');
      write(localHeader(e), e.offset);
      entries.push(e);
    };
    const fixed = (name: string, text: string) => entry(name, (part) => part(text));
    fixed('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>');
    fixed('_rels/.rels', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`);
    fixed('xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${NS}"><sheets><sheet name="${xmlText(sheet.slice(0, 31))}" sheetId="1" r:id="rId1"/></sheets></workbook>`);
    fixed('xl/_rels/workbook.xml.rels', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${NS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`);
    entry('xl/worksheets/sheet1.xml', (part) => {
      let xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
      const columns: string[] = [];
      let r = 0;
      for (const row of rows) {
        r++;
        xml += `<row r="${r}">`;
        for (let c = 0; c < row.length; c++) {
          const v = row[c];
          if (v === null || v === undefined) continue;
          const ref = `${columns[c] ??= columnName(c)}${r}`;
          if (typeof v === 'number' && Number.isFinite(v)) xml += `<c r="${ref}"><v>${v}</v></c>`;
          else if (typeof v === 'boolean') xml += `<c r="${ref}" t="b"><v>${v ? 1 : 0}</v></c>`;
          else xml += `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${xmlText(String(v))}</t></is></c>`;
        }
        xml += '</row>';
        // string length counts UTF-16 units: a slice stays within a few MB of UTF-8
        if (xml.length >= SLICE_BYTES) { part(xml); xml = ''; }
      }
      part(`${xml}</sheetData></worksheet>`);
    });
    const directory = Buffer.concat(entries.flatMap((e) => [centralHeader(e), e.name]));
    const start = offset;
    write(directory);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(directory.length, 12); end.writeUInt32LE(start, 16);
    write(end);
  } finally {
    closeSync(fd);
  }
}

/** A local file header with the name (written first with zero sizes, then again in place once they are known). */
function localHeader(e: Entry): Buffer {
  const b = Buffer.alloc(30 + e.name.length);
  b.writeUInt32LE(0x04034b50, 0); b.writeUInt16LE(20, 4); b.writeUInt16LE(0x0800, 6); b.writeUInt16LE(8, 8);
  b.writeUInt32LE(0, 10); b.writeUInt32LE(e.crc >>> 0, 14); b.writeUInt32LE(e.compressed, 18); b.writeUInt32LE(e.size, 22);
  b.writeUInt16LE(e.name.length, 26); b.writeUInt16LE(0, 28);
  e.name.copy(b, 30);
  return b;
}

function centralHeader(e: Entry): Buffer {
  const b = Buffer.alloc(46);
  b.writeUInt32LE(0x02014b50, 0); b.writeUInt16LE(20, 4); b.writeUInt16LE(20, 6); b.writeUInt16LE(0x0800, 8); b.writeUInt16LE(8, 10);
  b.writeUInt32LE(0, 12); b.writeUInt32LE(e.crc >>> 0, 16); b.writeUInt32LE(e.compressed, 20); b.writeUInt32LE(e.size, 24);
  b.writeUInt16LE(e.name.length, 28); b.writeUInt32LE(e.offset, 42);
  return b;
}
