/**
 * Adversarial `track --db` harness (outside npm test): one case's targets and actuals written as
 * CSV files for the file path and as typed tables in a DuckDB file and a PostgreSQL schema; the
 * CLI run three ways; stdout, stderr and the exit code compared.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { runCli, type CliResult } from '../../support/run-cli.js';

export type Cell = string | number | null;
export interface Table { columns: Array<[name: string, duck: string, pg?: string]>; rows: Cell[][] }
export interface Case {
  name: string;
  targets: Table;
  actuals: Table;
  args: string[];
  /** Edits a copy of the default bundle (templates/) before the run. */
  bundle?: (dir: string) => void;
}

const TEMPLATES = join(process.cwd(), 'templates');
const csvCell = (v: Cell) => {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
};
const csv = (t: Table) => [t.columns.map((c) => csvCell(c[0])).join(','), ...t.rows.map((r) => r.map(csvCell).join(','))].join('\n') + '\n';
const lit = (v: Cell) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v.replace(/'/g, "''")}'`);
const qn = (s: string) => `"${s.replace(/"/g, '""')}"`;
function tableSql(name: string, t: Table, dialect: 'duck' | 'pg'): string[] {
  const cols = t.columns.map((c) => `${qn(c[0])} ${dialect === 'pg' ? c[2] ?? c[1] : c[1]}`).join(', ');
  const out = [`CREATE TABLE ${name} (${cols})`];
  for (let i = 0; i < t.rows.length; i += 500) {
    const rows = t.rows.slice(i, i + 500);
    if (rows.length) out.push(`INSERT INTO ${name} VALUES ${rows.map((r) => `(${r.map(lit).join(', ')})`).join(', ')}`);
  }
  return out;
}

export const PG_URL = process.env.RV_PG ?? 'postgres://postgres@127.0.0.1:55439/postgres';
let n = 0;

interface Outcome { name: string; file: CliResult; duck: CliResult; pg: CliResult | undefined; same: boolean; diff: string }

export async function runCase(c: Case, pgClient: pg.Client | undefined): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), 'rv-case-'));
  let bundleArgs: string[] = [];
  if (c.bundle) {
    const b = join(dir, 'bundle');
    cpSync(TEMPLATES, b, { recursive: true });
    c.bundle(b);
    bundleArgs = ['--bundle', b];
  }
  writeFileSync(join(dir, 't.csv'), csv(c.targets));
  writeFileSync(join(dir, 'a.csv'), csv(c.actuals));
  const duckFile = join(dir, 'x.duckdb');
  const inst = await DuckDBInstance.create(duckFile);
  const con = await inst.connect();
  for (const s of [...tableSql('targets', c.targets, 'duck'), ...tableSql('actuals', c.actuals, 'duck')]) await con.run(s);
  con.closeSync();
  inst.closeSync();
  const schema = `c${process.pid}_${++n}`;
  if (pgClient) {
    await pgClient.query(`CREATE SCHEMA ${schema}`);
    for (const s of [...tableSql(`${schema}.targets`, c.targets, 'pg'), ...tableSql(`${schema}.actuals`, c.actuals, 'pg')]) await pgClient.query(s);
  }
  const args = [...c.args, ...bundleArgs];
  const file = await runCli(['track', '--targets', join(dir, 't.csv'), '--actuals', join(dir, 'a.csv'), ...args]);
  const duck = await runCli(['track', '--db', duckFile, ...args]);
  const pgr = pgClient ? await runCli(['track', '--db', PG_URL, '--targets-table', `${schema}.targets`, '--actuals-table', `${schema}.actuals`, ...args]) : undefined;
  // the table's name differs by path: compare with it written the file's way
  const norm = (r: CliResult, from: string[]) => {
    let e = r.stderr;
    for (const f of from) e = e.split(f).join('FILE');
    return `${r.code}\n${r.stdout}\n--stderr--\n${e}`;
  };
  const want = norm(file, [join(dir, 't.csv'), join(dir, 'a.csv')]);
  const gotDuck = norm(duck, ['targets (database)', 'actuals (database)']);
  const gotPg = pgr ? norm(pgr, [`${schema}.targets (database)`, `${schema}.actuals (database)`]) : want;
  const diff = [gotDuck !== want ? `DUCK:\n${gotDuck.slice(0, 3000)}` : '', gotPg !== want ? `PG:\n${gotPg.slice(0, 3000)}` : ''].filter(Boolean).join('\n');
  if (pgClient && !process.env.RV_KEEP) await pgClient.query(`DROP SCHEMA ${schema} CASCADE`);
  return { name: c.name, file, duck, pg: pgr, same: diff === '', diff: diff ? `FILE:\n${want.slice(0, 3000)}\n${diff}` : '' };
}

export function readJson(path: string): any {
  return JSON.parse(readFileSync(path, 'utf8'));
}
export function writeJson(path: string, v: unknown): void {
  writeFileSync(path, JSON.stringify(v, null, 2));
}
