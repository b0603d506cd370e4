/**
 * `track --db` against a hostile database: functions and operators in the user's schemas named
 * as the built-ins the queries use (PostgreSQL, CVE-2018-1058; a DuckDB file's macros), a
 * statement that never ends (bounded by --db-timeout, refused naming it), dates stored as
 * timestamps (read as a file's times are), and a bad targets row named by the row the file names.
 * Each case: the file path's output for the same rows, byte for byte, or its refusal.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresDatabase, type PostgresDatabase } from '../support/shared-postgres.js';
import { runCli } from '../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tk-hostile-db-'));
const duckFile = join(dir, 'hostile.duckdb');
let server: PostgresDatabase;

const TARGETS = `id,parent_id,name,level,base,stretch
C,,总部,company,100000.00,120000.00
a,C,甲,rep,60000.00,70000.00
b,C,乙,rep,40000.00,50000.00
`;
// times on both sides of Shanghai's midnight before the as-of day's end (3 May, a Sunday: the
// next Monday's first half hour is 3 May in UTC): read on their Shanghai day, as a file's are
const TIMES: Array<[string, string, string]> = [
  ['a', '2026-04-15T10:00:00+08:00', '5000.00'],
  ['b', '2026-05-03T23:30:00+08:00', '700.00'],
  ['a', '2026-05-04T00:30:00+08:00', '900.00'],
  ['b', '2026-04-14T20:00:00-05:00', '30.25'],
];
// the same wall-clock times without a zone (a TIMESTAMP column): each on the day it names
const WALL: Array<[string, string, string]> = [['a', '2026-04-15T10:00:00', '5000.00'], ['b', '2026-05-03T23:30:00', '700.00'], ['a', '2026-05-04T00:30:00', '900.00']];
const csv = (rows: Array<[string, string, string]>) => `id,date,amount\n${rows.map((r) => r.join(',')).join('\n')}\n`;
writeFileSync(join(dir, 'targets.csv'), TARGETS);
writeFileSync(join(dir, 'actuals.csv'), csv(TIMES.map(([id, date, amount]) => [id, date.slice(0, 10), amount])));
writeFileSync(join(dir, 'times.csv'), csv(TIMES));
writeFileSync(join(dir, 'wall.csv'), csv(WALL));
// a targets file whose third row names a parent that is not there
writeFileSync(join(dir, 'bad-targets.csv'), TARGETS.replace('b,C,乙', 'b,ZZ,乙'));

/** The tables both databases hold: plain actuals (dates as days), timestamps with and without a zone, a bad targets table. */
const tables = () => [
  'CREATE TABLE targets (row_no INTEGER, id VARCHAR, parent_id VARCHAR, name VARCHAR, level VARCHAR, base DECIMAL(18,2), stretch DECIMAL(18,2))',
  "INSERT INTO targets VALUES (1, 'C', NULL, '总部', 'company', 100000, 120000), (2, 'a', 'C', '甲', 'rep', 60000, 70000), (3, 'b', 'C', '乙', 'rep', 40000, 50000)",
  'CREATE TABLE bad_targets AS SELECT * FROM targets',
  "UPDATE bad_targets SET parent_id = 'ZZ' WHERE id = 'b'",
  'CREATE TABLE actuals (id VARCHAR, date DATE, amount DECIMAL(18,2))',
  `INSERT INTO actuals VALUES ${TIMES.map(([id, d, amount]) => `('${id}', CAST('${d.slice(0, 10)}' AS DATE), ${amount})`).join(', ')}`,
  'CREATE TABLE times (id VARCHAR, date TIMESTAMPTZ, amount DECIMAL(18,2))',
  `INSERT INTO times VALUES ${TIMES.map(([id, d, amount]) => `('${id}', CAST('${d}' AS TIMESTAMPTZ), ${amount})`).join(', ')}`,
  'CREATE TABLE wall (id VARCHAR, date TIMESTAMP, amount DECIMAL(18,2))',
  `INSERT INTO wall VALUES ${WALL.map(([id, d, amount]) => `('${id}', CAST('${d.replace('T', ' ')}' AS TIMESTAMP), ${amount})`).join(', ')}`,
];

const pgAdmin = async (url: string, sql: string) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

beforeAll(async () => {
  const started = postgresDatabase('hostile-db');
  const instance = await DuckDBInstance.create(duckFile);
  const connection = await instance.connect();
  for (const s of tables()) await connection.run(s);
  // macros named as built-ins, in the file's own schema: DuckDB looks them up before its own functions
  await connection.run("CREATE MACRO round(x) AS 0; CREATE MACRO trim(x, y) AS 'x'");
  // a statement that runs for ever (a count over 10^12 numbers), behind a view of the actuals
  await connection.run('CREATE VIEW slow AS SELECT * FROM actuals WHERE (SELECT COUNT(*) FROM range(1000000000000)) > 0');
  connection.closeSync();
  instance.closeSync();
  server = await started;
  await pgAdmin(server.url, [
    ...tables(),
    // a schema put ahead of pg_catalog holds an = for texts that is never true (the booking's join
    // on the date), and public a * for numeric by integer that multiplies by 1,000 (amount * 100):
    // an exact match, so it wins over pg_catalog's numeric * numeric wherever the path has it
    'CREATE SCHEMA evil',
    'CREATE FUNCTION evil.never(text, text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$SELECT false$$',
    'CREATE OPERATOR evil.= (LEFTARG = text, RIGHTARG = text, FUNCTION = evil.never)',
    'CREATE FUNCTION public.times_1000(numeric, integer) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$SELECT $1 OPERATOR(pg_catalog.*) 1000$$',
    'CREATE OPERATOR public.* (LEFTARG = numeric, RIGHTARG = integer, FUNCTION = public.times_1000)',
    // the actuals again in a schema of their own, named with it
    'CREATE SCHEMA sales',
    'CREATE TABLE sales.actuals AS SELECT * FROM public.actuals',
    'CREATE VIEW slow AS SELECT actuals.* FROM actuals CROSS JOIN (SELECT pg_sleep(60)) AS s',
    `ALTER DATABASE "${server.database}" SET search_path = evil, pg_catalog, public`,
  ].join(';\n'));
}, 180_000);

afterAll(async () => {
  await server?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const ARGS = ['--period', '2026-Q2', '--as-of', '2026-05-03', '--lang', 'en', '--out', 'csv'];
const fromFiles = (targets: string, actuals: string) => runCli(['track', '--targets', join(dir, targets), '--actuals', join(dir, actuals), ...ARGS]);
const fromDb = (target: string, targets: string, actuals: string, more: string[] = []) => runCli(['track', '--db', target, '--targets-table', targets, '--actuals-table', actuals, ...ARGS, ...more]);

describe('track --db on a hostile database', () => {
  it('uses the built-in functions and operators, not those a user\'s schema or a DuckDB file holds', async () => {
    const want = await fromFiles('targets.csv', 'actuals.csv');
    expect(want.code, want.stderr).toBe(0);
    expect(want.stdout).toMatch(/\na,C,甲,rep,2026-Q2,2026-05-03,60000,70000,5000,/);
    // PostgreSQL: the targets found by the user's search_path (public), the actuals named with their schema
    for (const [target, actuals] of [[server.url, 'sales.actuals'], [server.url, 'actuals'], [duckFile, 'actuals']] as const) {
      const got = await fromDb(target, 'targets', actuals);
      expect(got.stderr, `${target} ${actuals}`).toBe(want.stderr);
      expect(got.stdout, `${target} ${actuals}`).toBe(want.stdout);
    }
  }, 120_000);

  it('reads TIMESTAMPTZ and TIMESTAMP dates as a file\'s times: each on its Shanghai day, whatever the server\'s zone', async () => {
    const want = await fromFiles('targets.csv', 'times.csv');
    expect(want.code, want.stderr).toBe(0);
    // 4 May 00:30 in Shanghai is after the as-of day, the evening of 14 April in New York is the 15th in Shanghai
    expect(want.stdout).toMatch(/\na,C,甲,rep,2026-Q2,2026-05-03,60000,70000,5000,/);
    expect(want.stdout).toMatch(/\nb,C,乙,rep,2026-Q2,2026-05-03,40000,50000,730.25,/);
    const wall = await fromFiles('targets.csv', 'wall.csv');
    expect(wall.code, wall.stderr).toBe(0);
    await pgAdmin(server.url, `ALTER DATABASE "${server.database}" SET TimeZone = 'America/New_York'`);
    for (const target of [server.url, duckFile]) {
      const got = await fromDb(target, 'targets', 'times');
      expect(got.stderr, target).toBe(want.stderr);
      expect(got.stdout, target).toBe(want.stdout);
      const plain = await fromDb(target, 'targets', 'wall');
      expect(plain.stderr, target).toBe(wall.stderr);
      expect(plain.stdout, target).toBe(wall.stdout);
    }
  }, 120_000);

  it('names a bad targets row as the file path does (the header is row 1)', async () => {
    const want = await fromFiles('bad-targets.csv', 'actuals.csv');
    expect(want.code).toBe(1);
    expect(want.stderr).toMatch(/ZZ/);
    for (const target of [server.url, duckFile]) {
      const got = await fromDb(target, 'bad_targets', 'actuals');
      expect(got.code, target).toBe(1);
      expect(got.stderr.replaceAll('bad_targets (database)', 'FILE'), target).toBe(want.stderr.replaceAll(join(dir, 'bad-targets.csv'), 'FILE'));
    }
  }, 60_000);

  it('stops a statement that runs past --db-timeout and refuses naming the option, on both databases', async () => {
    for (const target of [server.url, duckFile]) {
      const got = await fromDb(target, 'targets', 'slow', ['--db-timeout', '0.5']);
      expect(got.code, target).toBe(1);
      expect(got.stdout).toBe('');
      expect(got.stderr, target).toContain('DB_TIMEOUT');
      expect(got.stderr, target).toContain('a query ran past 0.5 s and was stopped (--db-timeout gives more, in seconds)');
    }
    const bad = await fromDb(duckFile, 'targets', 'actuals', ['--db-timeout', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--db-timeout must be a number of seconds');
  }, 60_000);
});
