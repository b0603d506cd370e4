/**
 * Spreadsheet habits (表格习惯): how amounts and dates arrive from real Chinese offices, read into
 * the one form the runtime works in, by every host (the CLI's `allocate`/`track`, the playground's
 * import, the NocoBase actions) through the table readers (`readActuals`, `parseAllocationUnits`).
 *
 * Read, exactly (the README's "Spreadsheet habits" lists the same):
 * - digits and `+ - . , / :` typed full-width (０-９, ＋, －, ．, ，, ／, ：) read as their ASCII forms;
 * - amounts: thousands separators `1,200` and `1，200` (every group of three, the first of one to
 *   three), then the amount as `readAmount` reads it. `1,20`, `12,00,000` or `1,2345` are refused:
 *   a comma that is not a thousands separator may be a decimal comma, and a guess would move money;
 *   zeros past the second decimal (`10.500`: a cell formatted 0.000, or an exact decimal column of
 *   scale 3 read back as text) are the format's, not the amount's: 10.50 yuan. `10.505` is refused;
 * - days: `2026-05-14`, Excel's Chinese default `2026/5/14` (also `2026-5-14`, `2026.5.14`),
 *   `2026年5月14日`, each optionally followed by a wall-clock time (`2026/5/14 9:30`, read as
 *   that Shanghai day); `2026年5月` is the month `2026-05`. In an XLSX or JSON cell, a number is
 *   an Excel serial day (1900 date system, the fraction a time of day): 46156 is 2026-05-14;
 * - refused, with the form to write instead: day-month-year orders that cannot be told apart
 *   (`5/14/2026`, `14/5/2026`, `26/5/14`), a serial written as text in a CSV, a day that does
 *   not exist (`2026/2/30`).
 * Anything else is passed through for the caller's own reader (ISO times with their offset,
 * periods such as `2026-W16` or `2026-Q2`), which refuses it by row and column if it must.
 */
import { readAmount, type Fen } from '../money/money.js';
import { dayFromNumber, dayNumber } from '../calendar/days.js';
import type { Localized } from '../problems.js';

const FULL_WIDTH = /[\uff10-\uff19\uff0b\uff0d\uff0e\uff0c\uff0f\uff1a]/g;

/** Full-width digits and number punctuation as ASCII; other text unchanged. */
export function asciiDigits(text: string): string {
  return text.replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** Thousands grouped exactly by threes: the only commas an amount may carry. */
const GROUPED = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;

/** Zeros after the second decimal: a column's scale (NUMERIC(22,3) gives 10.5 back as `10.500`), no part of the amount. */
const SCALE_ZEROS = /(\.\d\d)0+$/;

type AmountCellRead = { ok: true; fen: Fen } | { ok: false; reason: Localized };

/**
 * An amount cell as a spreadsheet or a database holds it: `readAmount`'s forms plus full-width
 * digits, thousands separators and a scale's trailing zeros. The one reader of a stored amount:
 * the actuals read whole (a file, NocoBase's stored table) and the refusals of the actuals checked
 * in a database (plugin/sql/stored-actuals.ts) both word theirs with it, so the two cannot
 * disagree. The plain form is tried first, so a file of plain amounts costs one regex a cell.
 */
export function readAmountCell(value: unknown, options: { negative?: boolean } = {}): AmountCellRead {
  const plain = readAmount(value, options);
  if (plain.ok || typeof value !== 'string') return plain;
  const text = asciiDigits(value).trim().replace(SCALE_ZEROS, '$1');
  if (!text.includes(',')) return text === value ? plain : readAmount(text, options);
  if (!GROUPED.test(text)) {
    return { ok: false, reason: { zh: '逗号只能作千分位（每三位一个，如 1,200.50）', en: 'a comma may only separate thousands (every three digits, as in 1,200.50)' } };
  }
  return readAmount(text.replace(/,/g, ''), options);
}

export type DateCellRead = { ok: true; text: string } | { ok: false; reason: Localized };

const pad = (n: string) => n.padStart(2, '0');
/** 2026/5/14, 2026-5-14, 2026.5.14 (one separator throughout), with an optional wall-clock time. */
const YMD = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const YMD_ZH = /^(\d{4})年(\d{1,2})月(\d{1,2})日(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?$/;
const YM_ZH = /^(\d{4})年(\d{1,2})月$/;
/** Day and month first, or a two-digit year: 5/14/2026, 14/5/2026, 26/5/14. */
const AMBIGUOUS = /^\d{1,2}([-/.])\d{1,2}\1\d{2,4}(?:\s.*)?$/;
/** Serials Excel can hold: 1 (1900-01-01) to 2958465 (9999-12-31). */
const MAX_SERIAL = 2_958_465;
/** 1899-12-30 as a day number: serial n (n > 60) is that day + n; Excel counts a 1900-02-29 that never was. */
const SERIAL_EPOCH = -25_569;

const dayOf = (y: string, m: string, d: string): string | null => {
  const day = `${y}-${pad(m)}-${pad(d)}`;
  return dayNumber(day) === null ? null : day;
};

const noSuchDay = (raw: string): DateCellRead => ({ ok: false, reason: { zh: `没有 "${raw}" 这一天`, en: `"${raw}" is not a day of the calendar` } });

/**
 * A date cell as a spreadsheet holds it, as the text the runtime's day and period readers take
 * (`2026-05-14`, `2026-05`), or the cell's own text when it is none of the spreadsheet forms.
 */
export function readDateCell(value: unknown): DateCellRead {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 1 || value >= MAX_SERIAL + 1 || Math.floor(value) === 60) {
      return { ok: false, reason: { zh: `${value} 不是 Excel 的日期序号`, en: `${value} is not an Excel serial day` } };
    }
    const serial = Math.floor(value);
    return { ok: true, text: dayFromNumber(SERIAL_EPOCH + serial + (serial < 60 ? 1 : 0)) };
  }
  const raw = value === undefined || value === null ? '' : String(value).trim();
  // the ISO day every export writes: no further look
  if (raw.length === 10 && raw.charCodeAt(4) === 45 && dayNumber(raw) !== null) return { ok: true, text: raw };
  const text = asciiDigits(raw);
  let m = YMD.exec(text) ?? YMD_ZH.exec(text);
  if (m) {
    const [y, mo, d] = m.length === 5 ? [m[1]!, m[3]!, m[4]!] : [m[1]!, m[2]!, m[3]!];
    const day = dayOf(y, mo, d);
    return day ? { ok: true, text: day } : noSuchDay(raw);
  }
  m = YM_ZH.exec(text);
  if (m) {
    const month = Number(m[2]);
    return month >= 1 && month <= 12 ? { ok: true, text: `${m[1]}-${pad(m[2]!)}` } : noSuchDay(raw);
  }
  if (AMBIGUOUS.test(text)) {
    return { ok: false, reason: { zh: `"${raw}" 的年、月、日顺序不明确：请写 2026-05-14 或 2026/5/14（年在前）`, en: `"${raw}" does not say which number is the day and which the month: write 2026-05-14 or 2026/5/14 (year first)` } };
  }
  if (/^\d{1,7}(?:\.\d+)?$/.test(text)) {
    return { ok: false, reason: { zh: `"${raw}" 像是 Excel 的日期序号写成了文本：请把该列设为日期格式后另存`, en: `"${raw}" looks like an Excel serial day saved as text: format the column as a date and save again` } };
  }
  return { ok: true, text };
}
