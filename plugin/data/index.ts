export { CsvParser, CsvRecords, CsvError, parseCsv } from './csv.js';
export { JsonArraySplitter } from './json-array-splitter.js';
export { SniffingDecoder, decodeText } from './decode.js';
