/**
 * The sample company's targets and actuals loaded into database tables, as `track --db` reads
 * them: targets `row_no, id, parent_id, name, level, base, stretch` (amounts DECIMAL in yuan,
 * `row_no` the file's order), actuals `id, date, amount`. One statement per batch of rows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SAMPLE = join(import.meta.dirname, '../../templates/data/sample-actuals');

/** A CSV without quoted cells (the sample's): header, then rows. */
function csv(name: string): { columns: string[]; rows: string[][] } {
  const [head, ...lines] = readFileSync(join(SAMPLE, name), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  return { columns: head!.split(','), rows: lines.map((l) => l.split(',')) };
}

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const amount = (s: string) => (s.trim() === '' ? 'NULL' : s.trim());

/** The statements that create and fill the two tables (portable between PostgreSQL and DuckDB). */
export function sampleTablesSql(targetsTable = 'targets', actualsTable = 'actuals'): string[] {
  const t = csv('targets.csv');
  const a = csv('actuals.csv');
  const col = (c: { columns: string[] }, name: string) => c.columns.indexOf(name);
  const statements = [
    `CREATE TABLE ${targetsTable} (row_no INTEGER, id VARCHAR(40), parent_id VARCHAR(40), name VARCHAR(200), level VARCHAR(20), base DECIMAL(18,2), stretch DECIMAL(18,2))`,
    `CREATE TABLE ${actualsTable} (id VARCHAR(40), date VARCHAR(40), amount DECIMAL(18,2))`,
  ];
  const batches = <T>(xs: T[], n: number) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));
  for (const b of batches(t.rows.map((r, i) => `(${i + 1}, ${q(r[col(t, 'id')]!)}, ${q(r[col(t, 'parent_id')]!)}, ${q(r[col(t, 'name')]!)}, ${q(r[col(t, 'level')]!)}, ${amount(r[col(t, 'base')]!)}, ${amount(r[col(t, 'stretch')]!)})`), 1000)) {
    statements.push(`INSERT INTO ${targetsTable} VALUES ${b.join(', ')}`);
  }
  for (const b of batches(a.rows.map((r) => `(${q(r[col(a, 'id')]!)}, ${q(r[col(a, 'date')]!)}, ${amount(r[col(a, 'amount')]!)})`), 2000)) {
    statements.push(`INSERT INTO ${actualsTable} VALUES ${b.join(', ')}`);
  }
  return statements;
}

export const SAMPLE_DIR = SAMPLE;
