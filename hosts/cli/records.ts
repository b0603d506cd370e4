/**
 * Streams records from a file, standard input or inline text: a JSON array, NDJSON or CSV
 * (UTF-8 or GBK). Each record comes with its position so an error names it.
 */
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import {
  CsvError, CsvParser, CsvRecords, JsonArraySplitter, SniffingDecoder, TextDecodeError, problem, type Problem,
} from '../../plugin/index.js';

export type RecordFormat = 'json' | 'ndjson' | 'csv';

interface SourcedRecord {
  /** 1-based position among the records. */
  index: number;
  /** 1-based line in the source, where known. */
  line?: number;
  value: unknown;
}

export class RecordError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message.en);
  }
}

export type RecordSource = { kind: 'file'; path: string; name: string } | { kind: 'stdin'; stream: NodeJS.ReadableStream } | { kind: 'inline'; text: string };

export function formatFromName(name: string): RecordFormat | undefined {
  const ext = extname(name).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  if (ext === '.json') return 'json';
  return undefined;
}

async function* textChunks(source: RecordSource, name: string): AsyncGenerator<string> {
  if (source.kind === 'inline') {
    yield source.text;
    return;
  }
  const stream = source.kind === 'file' ? createReadStream(source.path) : source.stream;
  const decoder = new SniffingDecoder(undefined, name);
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : (chunk as Uint8Array);
    const text = decoder.push(bytes);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

export async function* readRecords(source: RecordSource, format?: RecordFormat): AsyncGenerator<SourcedRecord> {
  const name = source.kind === 'file' ? source.name : source.kind === 'stdin' ? '<stdin>' : '<inline>';
  let chosen = format ?? (source.kind === 'file' ? formatFromName(source.name) : undefined);
  let index = 0;
  let csv: { parser: CsvParser; records: CsvRecords } | undefined;
  const json = new JsonArraySplitter();
  let ndjsonRest = '';
  let ndjsonLine = 0;

  const parseJson = (text: string, line: number | undefined, what: { zh: string; en: string }): unknown => {
    try {
      return JSON.parse(text);
    } catch (e) {
      const p = problem('DATA_JSON', name, '', {
        zh: `${what.zh}不是有效的 JSON：${(e as Error).message}`,
        en: `${what.en} is not valid JSON: ${(e as Error).message}`,
      });
      throw new RecordError(line !== undefined ? { ...p, row: line } : p);
    }
  };
  function* fromCsv(rows: ReturnType<CsvParser['push']>): Generator<SourcedRecord> {
    for (const row of rows) {
      const r = csv!.records.accept(row);
      if (r) yield { index: ++index, line: r.line, value: r.record };
    }
  }

  try {
    for await (const text of textChunks(source, name)) {
      if (!chosen) {
        const first = text.trimStart().replace(/^\ufeff/, '')[0];
        chosen = first === '[' ? 'json' : first === '{' ? 'ndjson' : 'csv';
      }
      if (chosen === 'csv') {
        csv ??= { parser: new CsvParser(name), records: new CsvRecords(name) };
        yield* fromCsv(csv.parser.push(text));
      } else if (chosen === 'json') {
        for (const element of json.push(text)) {
          yield { index: ++index, value: parseJson(element.text, undefined, { zh: `第 ${index + 1} 条记录`, en: `record ${index + 1}` }) };
        }
      } else {
        const lines = (ndjsonRest + text).split('\n');
        ndjsonRest = lines.pop() ?? '';
        for (const line of lines) {
          ndjsonLine++;
          if (line.trim()) yield { index: ++index, line: ndjsonLine, value: parseJson(line, ndjsonLine, { zh: `第 ${ndjsonLine} 行`, en: `line ${ndjsonLine}` }) };
        }
      }
    }
    if (chosen === 'csv' && csv) yield* fromCsv(csv.parser.end());
    else if (chosen === 'json') json.end();
    else if (chosen === 'ndjson' && ndjsonRest.trim()) {
      ndjsonLine++;
      yield { index: ++index, line: ndjsonLine, value: parseJson(ndjsonRest, ndjsonLine, { zh: `第 ${ndjsonLine} 行`, en: `line ${ndjsonLine}` }) };
    }
  } catch (e) {
    if (e instanceof CsvError || e instanceof TextDecodeError) throw new RecordError(e.problem);
    if (e instanceof SyntaxError) {
      throw new RecordError(problem('DATA_JSON', name, '', { zh: `JSON 数组无效：${e.message}`, en: `invalid JSON array: ${e.message}` }));
    }
    throw e;
  }
}

