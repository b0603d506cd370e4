export { CsvParser, CsvRecords, CsvError, parseCsv } from './csv.js';
export { JsonArraySplitter } from './json-array-splitter.js';
export { SniffingDecoder, decodeText, decodeTextStrict } from './decode.js';
