/**
 * An incremental CSV reader (RFC 4180: comma separated, double-quoted fields, "" for a quote,
 * CRLF or LF line ends). It takes text in chunks and gives back records with the line they
 * start on, so a million rows stream in bounded memory and every error names its row and
 * column. The same code serves the CLI and the playground.
 */
import { problem, type Problem } from '../problems.js';
import { restoreCellText } from './cells.js';

interface CsvRow {
  /** 1-based line number where the record starts. */
  line: number;
  fields: string[];
}

export class CsvParser {
  private field = '';
  private fields: string[] = [];
  private inQuotes = false;
  private quoteSeen = false;
  private line = 1;
  private recordLine = 1;
  private pendingCr = false;
  private started = false;

  constructor(private readonly file = '<csv>', private readonly delimiter = ',') {}

  /** Feeds text; returns the records completed by it. Throws CsvError on malformed quoting. */
  push(text: string): CsvRow[] {
    const out: CsvRow[] = [];
    let i = 0;
    if (!this.started && text.length) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) i = 1;
    }
    for (; i < text.length; i++) {
      const c = text[i] as string;
      if (this.pendingCr) {
        this.pendingCr = false;
        if (c === '\n') continue;
      }
      if (this.inQuotes) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            this.field += '"';
            i++;
          } else if (i + 1 === text.length) {
            // the next chunk decides whether this quote is doubled; hold it back
            this.inQuotes = false;
            this.quoteSeen = true;
            this.pendingQuote = true;
          } else {
            this.inQuotes = false;
            this.quoteSeen = true;
          }
        } else {
          if (c === '\n') this.line++;
          this.field += c;
        }
        continue;
      }
      if (this.pendingQuote) {
        this.pendingQuote = false;
        if (c === '"') {
          this.field += '"';
          this.inQuotes = true;
          continue;
        }
      }
      if (c === this.delimiter) {
        this.fields.push(this.field);
        this.field = '';
        this.quoteSeen = false;
      } else if (c === '\n' || c === '\r') {
        this.endRecord(out);
        this.line++;
        this.recordLine = this.line;
        if (c === '\r') this.pendingCr = true;
      } else if (c === '"') {
        if (this.field.length > 0 || this.quoteSeen) throw this.error('CSV_QUOTE', this.fields.length + 1);
        this.inQuotes = true;
      } else {
        if (this.quoteSeen) throw this.error('CSV_QUOTE', this.fields.length + 1);
        this.field += c;
      }
    }
    return out;
  }

  private pendingQuote = false;

  end(): CsvRow[] {
    if (this.inQuotes) throw this.error('CSV_UNCLOSED_QUOTE', this.fields.length + 1);
    const out: CsvRow[] = [];
    this.pendingQuote = false;
    this.endRecord(out);
    return out;
  }

  private endRecord(out: CsvRow[]): void {
    const empty = this.fields.length === 0 && this.field === '' && !this.quoteSeen;
    if (!empty) out.push({ line: this.recordLine, fields: [...this.fields, this.field] });
    this.fields = [];
    this.field = '';
    this.quoteSeen = false;
  }

  private error(code: string, column: number): CsvError {
    const p = problem(code, this.file, '', code === 'CSV_UNCLOSED_QUOTE'
      ? { zh: `第 ${this.recordLine} 行起的引号没有闭合`, en: `the quote opened in the record starting at line ${this.recordLine} is never closed` }
      : { zh: `第 ${this.line} 行第 ${column} 列：引号位置不对（字段内的引号要写成 ""）`, en: `line ${this.line}, column ${column}: misplaced quote (a quote inside a field is written "")` });
    return new CsvError({ ...p, row: code === 'CSV_UNCLOSED_QUOTE' ? this.recordLine : this.line, column });
  }
}

export class CsvError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message.en);
  }
}

/**
 * Turns rows into records keyed by the header row, every cell (header included) read back with
 * `restoreCellText` (the quote our writers put before formula-like text taken off). Refuses an
 * empty or duplicate header and a row whose field count differs from the header's, with its row
 * and column.
 */
export class CsvRecords {
  private header: string[] | undefined;

  constructor(private readonly file = '<csv>') {}

  get columns(): string[] | undefined {
    return this.header;
  }

  accept(row: CsvRow): { line: number; record: Record<string, string> } | undefined {
    if (!this.header) {
      const header = row.fields.map((f) => restoreCellText(f).trim());
      header.forEach((name, i) => {
        if (!name) throw this.error(row.line, i + 1, 'CSV_EMPTY_HEADER', { zh: `表头第 ${i + 1} 列为空`, en: `header column ${i + 1} is empty` });
        if (header.indexOf(name) !== i) throw this.error(row.line, i + 1, 'CSV_DUPLICATE_HEADER', { zh: `表头列 ${name} 重复`, en: `header column ${name} appears twice` });
      });
      this.header = header;
      return undefined;
    }
    if (row.fields.length !== this.header.length) {
      throw this.error(row.line, Math.min(row.fields.length, this.header.length) + 1, 'CSV_FIELD_COUNT', {
        zh: `第 ${row.line} 行有 ${row.fields.length} 列，表头有 ${this.header.length} 列`,
        en: `line ${row.line} has ${row.fields.length} fields; the header has ${this.header.length}`,
      });
    }
    const record: Record<string, string> = {};
    this.header.forEach((name, i) => {
      record[name] = restoreCellText(row.fields[i] as string);
    });
    return { line: row.line, record };
  }

  private error(line: number, column: number, code: string, message: { zh: string; en: string }): CsvError {
    return new CsvError({ ...problem(code, this.file, '', message), row: line, column });
  }
}

/** Parses a whole CSV text into records (for small files and the playground). */
export function parseCsv(text: string, file = '<csv>'):
  { ok: true; columns: string[]; records: Array<{ line: number; record: Record<string, string> }> } | { ok: false; problem: Problem } {
  try {
    const parser = new CsvParser(file);
    const records = new CsvRecords(file);
    const out: Array<{ line: number; record: Record<string, string> }> = [];
    for (const row of [...parser.push(text), ...parser.end()]) {
      const r = records.accept(row);
      if (r) out.push(r);
    }
    return { ok: true, columns: records.columns ?? [], records: out };
  } catch (e) {
    if (e instanceof CsvError) return { ok: false, problem: e.problem };
    throw e;
  }
}
