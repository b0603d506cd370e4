export { CsvParser, CsvRecords, CsvError, parseCsv, type CsvRow } from './csv.js';
export { JsonArraySplitter } from './json-array-splitter.js';
export { SniffingDecoder, decodeText, detectEncoding, type TextEncodingName } from './decode.js';
