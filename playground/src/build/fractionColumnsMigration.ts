/**
 * Store version 7: the last two percent columns became fractions. A split table's `percent`
 * (60 = 60%) is now `share` (0.6), and a units table's `correction` in growth points (3 = +3
 * points) is now `growth_correction` (0.03); the plugin refuses the old columns. A build saved
 * before may hold either file, as an edit (a data-screen import) or in an imported bundle, so
 * this step rewrites those CSV texts: the header renamed and each value divided by 100 exactly,
 * every other byte kept (quoting, line ends, other columns). Files are found by their header,
 * not their path, because an imported bundle may keep them anywhere. A value that is no number
 * is left as it is, for the reader to refuse by row and column.
 */
import { percentToFraction } from '../../../plugin/index.js';

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** One CSV record as raw field texts (quotes kept) and the line end that closed it. */
interface RawRecord { fields: string[]; end: string }

/** Splits CSV text into records of raw fields, so joining them back gives the same text. */
function rawRecords(text: string): RawRecord[] {
  const out: RawRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      field += c;
      if (c === '"') {
        // a doubled quote is a quote inside the field; a single one closes it
        if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      }
    } else if (c === '"') {
      quoted = true;
      field += c;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      const end = c === '\r' ? '\r\n' : '\n';
      if (c === '\r') i++;
      fields.push(field);
      out.push({ fields, end });
      fields = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || fields.length) {
    fields.push(field);
    out.push({ fields, end: '' });
  }
  return out;
}

const unquote = (raw: string) => (raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1).replace(/""/g, '"') : raw);

/** A percent cell as a fraction; blank and non-numeric cells as they were. */
function hundredth(raw: string): string {
  const value = unquote(raw).trim();
  return /^[-+]?(?:\d+(?:\.\d+)?|\.\d+)$/.test(value) ? String(percentToFraction(Number(value))) : raw;
}

/** `text` with column `from` renamed `to` and its values divided by 100, when the header has `from`, not `to`, and `needs`. */
function renamePercentColumn(text: string, from: string, to: string, needs: readonly string[]): string {
  const records = rawRecords(text);
  const header = records[0]?.fields.map((f) => unquote(f).trim().replace(/^\uFEFF/, ''));
  if (!header || header.includes(to) || !needs.every((n) => header.includes(n))) return text;
  const at = header.indexOf(from);
  if (at < 0) return text;
  records[0]!.fields[at] = records[0]!.fields[at]!.startsWith('\uFEFF') ? `\uFEFF${to}` : to;
  for (const r of records.slice(1)) if (r.fields[at] !== undefined) r.fields[at] = hundredth(r.fields[at]!);
  return records.map((r) => r.fields.join(',') + r.end).join('');
}

/** One bundle file's content with a split table's or a units table's percent column as fractions. */
function percentColumnsToFractions(content: unknown): unknown {
  if (typeof content !== 'string') return content;
  const splits = renamePercentColumn(content, 'percent', 'share', ['order_id', 'id']);
  return renamePercentColumn(splits, 'correction', 'growth_correction', ['id', 'parent_id']);
}

/** The store step from version 7: every saved edit and every imported file, rewritten. */
export function migrateFractionColumns(v7: unknown): unknown {
  if (!isRecord(v7)) return v7;
  const files = (record: unknown) => (isRecord(record) ? Object.fromEntries(Object.entries(record).map(([path, content]) => [path, percentColumnsToFractions(content)])) : record);
  const base = v7.base;
  return {
    ...v7,
    edits: files(v7.edits),
    base: isRecord(base) && base.kind === 'imported' ? { ...base, files: files(base.files) } : base,
  };
}
