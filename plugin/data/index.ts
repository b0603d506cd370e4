export { CsvParser, CsvRecords, CsvError, parseCsv } from './csv.js';
export { FORMULA_TRIGGERS, neutraliseCell, neutraliseCellText, restoreCellText } from './cells.js';
export { JsonArraySplitter } from './json-array-splitter.js';
export { SniffingDecoder, TextDecodeError, decodeText, decodeTextStrict } from './decode.js';
export { mergeRowsByKey } from './keyed-rows.js';
export { asciiDigits, readAmountCell, readDateCell } from './spreadsheet.js';
