/**
 * Spreadsheet formula injection (OWASP "CSV injection"): a text cell that begins with `=`, `+`,
 * `-`, `@`, a tab or a carriage return may be run as a formula by Excel or WPS when the file is
 * opened. Every CSV and XLSX the project writes passes its text cells through
 * `neutraliseCellText`, which puts a single quote `'` in front of such text; numbers are written as
 * numbers and never touched. Our CSV and XLSX readers pass every text cell through
 * `restoreCellText`, which takes that quote off again, so importing our own export gives back the
 * original text.
 *
 * The rule, exactly (a bijection, so the round trip is exact for every string):
 * - written: a text that matches `'*` followed by a trigger character (quotes, then one of
 *   `= + - @ \t \r`) gets one more `'` in front; a plain number written as text (`-12.5`,
 *   `+3`, `-1,200.00`, `-5%`, `1e-3`) is left as it is, since it can hold no formula;
 * - read: a text that matches `'` followed by `'*` and a trigger character loses its first `'`.
 * So a name that already begins with `'=` is written `''=` and read back as `'=`.
 */

/** The characters a cell may not begin with unless neutralised. */
export const FORMULA_TRIGGERS: readonly string[] = ['=', '+', '-', '@', '\t', '\r'];

const NEEDS_QUOTE = /^'*[=+\-@\t\r]/;
const ADDED_QUOTE = /^''*[=+\-@\t\r]/;
const TRIGGER_OR_QUOTE = new Set([...FORMULA_TRIGGERS, "'"].map((c) => c.charCodeAt(0)));
/** A plain decimal number (sign, digits with optional thousands commas, decimals, exponent, percent). */
const PLAIN_NUMBER = /^[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?$/;

/** The text as it is written into a CSV or XLSX cell: quoted with `'` where it could start a formula. */
export function neutraliseCellText(text: string): string {
  if (text === '' || !TRIGGER_OR_QUOTE.has(text.charCodeAt(0))) return text;
  return NEEDS_QUOTE.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** The text of a cell read from a CSV or XLSX file: the quote `neutraliseCellText` added taken off. */
export function restoreCellText(text: string): string {
  return text.charCodeAt(0) === 0x27 && ADDED_QUOTE.test(text) ? text.slice(1) : text;
}

/** A cell value for writing: text neutralised, numbers, booleans and empty cells as they are. */
export function neutraliseCell<T>(value: T): T | string {
  return typeof value === 'string' ? neutraliseCellText(value) : value;
}
