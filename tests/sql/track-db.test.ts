/**
 * `track --db`: the sample company's targets and actuals in DuckDB and in a PostgreSQL server
 * give the file path's output byte for byte (the booking summed in the database); bad rows are
 * refused naming the table, the column and the value.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresBin } from '../support/postgres.js';
import { postgresDatabase, type PostgresDatabase } from '../support/shared-postgres.js';
import { runCli } from '../support/run-cli.js';
import { SAMPLE_DIR, sampleTablesSql } from '../support/sample-db.js';
import { boardBuckets, boardRules, boardSql, loadBundle, parseCalendar, parsePeriod } from '../../plugin/index.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

const loaded = loadBundle(defaultBundleFiles());
if (!loaded.ok) throw new Error('default bundle does not load');
const bundle = loaded.bundle;

const dir = mkdtempSync(join(tmpdir(), 'tk-track-db-'));
const duckFile = join(dir, 'sample.duckdb');
let server: PostgresDatabase | undefined;
let pgUrl = '';

const SCORES = `id,name,revenue,revenue_target,margin,margin_target,new_customers,new_customers_target,satisfaction,compliance,previous_score
r1,王磊,420000.00,500000.00,126000.00,150000.00,4,5,88,100,80
r2,李娜,500000.00,500000.00,150000.00,150000.00,5,5,100,100,99
r3,张伟,500000.00,500000.00,150000.00,150000.00,5,5,100,100,
r4,刘洋,100000.50,500000.00,50000.00,150000.00,1,5,70,100,20
`;
const scoresCsv = join(dir, 'scores.csv');
writeFileSync(scoresCsv, SCORES);

const BAD = [
  `CREATE TABLE scores (row_no INTEGER, id VARCHAR, name VARCHAR, revenue DECIMAL(18,2), revenue_target DECIMAL(18,2), margin DECIMAL(18,2), margin_target DECIMAL(18,2), new_customers INTEGER, new_customers_target INTEGER, satisfaction INTEGER, compliance INTEGER, previous_score INTEGER)`,
  `INSERT INTO scores VALUES (2, 'r2', '李娜', 500000, 500000, 150000, 150000, 5, 5, 100, 100, 99), (1, 'r1', '王磊', 420000, 500000, 126000, 150000, 4, 5, 88, 100, 80), (3, 'r3', '张伟', 500000, 500000, 150000, 150000, 5, 5, 100, 100, NULL), (4, 'r4', '刘洋', 100000.5, 500000, 50000, 150000, 1, 5, 70, 100, 20)`,
  `CREATE TABLE bad_actuals (id VARCHAR, date VARCHAR, amount DECIMAL(18,3))`,
  `INSERT INTO bad_actuals VALUES ('HD01-01', '2026-04-15', 10.5), ('NOPE', '2026-04-15', 1), ('HD01-01', '2026-13-40', 1), ('HD01-01', '2026-04-16', 1.005), ('HD01-01', '2026-04-17', 10000000000000)`,
];

// a customised company of three units, for the cases a file and a table must agree on
const TINY_TARGETS = `id,parent_id,name,level,base,stretch
C,,总部,company,100000.00,120000.00
a,C,甲,rep,60000.00,70000.00
b,C,乙,rep,40000.00,50000.00
`;
// ids as a spreadsheet leaves them: spaces, a tab, an ideographic space (the file path trims a cell)
const SPACED_ACTUALS: Array<[string, string, string]> = [['a ', '2026-04-15', '5000.00'], [' b', '2026-04-16', '7000.00'], ['a\t', '2026-04-22', '100.00'], ['b\u3000', '2026-04-23', '30000.00']];
const TINY = [
  `CREATE TABLE tiny_targets (row_no INTEGER, id VARCHAR, parent_id VARCHAR, name VARCHAR, level VARCHAR, base DECIMAL(18,2), stretch DECIMAL(18,2))`,
  `INSERT INTO tiny_targets VALUES (1, 'C', NULL, '总部', 'company', 100000, 120000), (2, 'a', 'C', '甲', 'rep', 60000, 70000), (3, 'b', 'C', '乙', 'rep', 40000, 50000)`,
  `CREATE TABLE no_actuals (id VARCHAR, date VARCHAR, amount DECIMAL(18,2))`,
  `CREATE TABLE text_actuals (id VARCHAR, date VARCHAR, amount VARCHAR)`,
  // ten rows at the largest amount: their sum passes 2^53 fen
  `CREATE TABLE huge_actuals (id VARCHAR, date VARCHAR, amount DECIMAL(18,2))`,
  `INSERT INTO huge_actuals VALUES ${Array.from({ length: 10 }, (_, i) => `('a', '2026-04-${10 + i}', 9999999999999.99)`).join(', ')}`,
  `CREATE TABLE spaced_actuals (id VARCHAR, date VARCHAR, amount DECIMAL(18,2))`,
  `INSERT INTO spaced_actuals VALUES ${SPACED_ACTUALS.map((r) => `(${r.map((c) => `'${c}'`).join(', ')})`).join(', ')}`,
];
writeFileSync(join(dir, 'tiny-targets.csv'), TINY_TARGETS);
writeFileSync(join(dir, 'no-actuals.csv'), 'id,date,amount\n');
writeFileSync(join(dir, 'huge-actuals.csv'), `id,date,amount\n${Array.from({ length: 10 }, (_, i) => `a,2026-04-${10 + i},9999999999999.99`).join('\n')}\n`);
writeFileSync(join(dir, 'spaced-actuals.csv'), `id,date,amount\n${SPACED_ACTUALS.map((r) => r.map((c) => `"${c}"`).join(',')).join('\n')}\n`);

beforeAll(async () => {
  // a database of this file's own on the run's one cluster (tests/support/postgres-broker.ts)
  const started = postgresBin() ? postgresDatabase('track-db') : Promise.resolve(undefined);
  const instance = await DuckDBInstance.create(duckFile);
  const connection = await instance.connect();
  for (const s of [...sampleTablesSql(), ...BAD, ...TINY]) await connection.run(s);
  connection.closeSync();
  instance.closeSync();
  server = await started;
  if (server) {
    pgUrl = server.url;
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    for (const s of [...sampleTablesSql(), ...TINY, ...BAD.slice(2)]) await client.query(s);
    await client.end();
  }
}, 180_000);

afterAll(async () => {
  if (server) await server.drop();
  rmSync(dir, { recursive: true, force: true });
});

const PERIOD = ['--period', '2026-Q2', '--as-of', '2026-05-08', '--lang', 'en'];
// the file path's output, run once per format
const filed = new Map<string, ReturnType<typeof runCli>>();
const fromFiles = (out: string) => {
  if (!filed.has(out)) filed.set(out, runCli(['track', '--targets', join(SAMPLE_DIR, 'targets.csv'), '--actuals', join(SAMPLE_DIR, 'actuals.csv'), ...PERIOD, '--out', out]));
  return filed.get(out)!;
};

/**
 * `track --db` with the plan on stderr (TARGET_KIT_DB_PLAN=1): the run, its stderr without the
 * plan's lines, and those lines (the figures the runtime decided instead, or that none did).
 */
async function planned(args: string[]): Promise<Awaited<ReturnType<typeof runCli>> & { plan: string[] }> {
  process.env.TARGET_KIT_DB_PLAN = '1';
  try {
    const got = await runCli(args);
    const lines = got.stderr.split('\n');
    const plan = lines.filter((l) => l.startsWith('track --db plan: '));
    return { ...got, stderr: lines.filter((l) => !l.startsWith('track --db plan: ')).join('\n'), plan };
  } finally {
    delete process.env.TARGET_KIT_DB_PLAN;
  }
}
// what DuckDB leaves to the runtime: the health review's deviation only (its round reads the
// decimal a double difference prints as, which DuckDB cannot compute exactly); the lights are decided in it
const DUCKDB_PLAN = [expect.stringMatching(/^track --db plan: health decided in the runtime: \/logic\/if\/1: .*exact decimals/)];

describe('track --db', () => {
  // CSV only: the JSON is the same figures with their explanations, and each run costs seconds
  it('DuckDB: the same CSV as the file path', async () => {
    const want = await fromFiles('csv');
    expect(want.code, want.stderr).toBe(0);
    const got = await planned(['track', '--db', duckFile, ...PERIOD, '--out', 'csv']);
    expect(got.stderr).toBe(want.stderr);
    expect(got.code).toBe(0);
    expect(got.plan).toEqual(DUCKDB_PLAN);
    expect(got.stdout).toBe(want.stdout);
    // the open alerts and the lights are in what was compared
    expect((await fromFiles('csv')).stdout).toMatch(/,red,.*L2 manager-notice/);
  }, 120_000);

  it.runIf(postgresBin())('PostgreSQL: the same CSV as the file path', async () => {
    const want = await fromFiles('csv');
    const got = await planned(['track', '--db', pgUrl, ...PERIOD, '--out', 'csv']);
    expect(got.stderr).toBe(want.stderr);
    expect(got.stdout).toBe(want.stdout);
    expect(got.plan).toEqual(['track --db plan: every figure decided in the database']);
  }, 120_000);

  // the board in the database: lights with each preset's boundaries (both databases decide them
  // on the fen), the reviews' streaks, the JSON's explanations
  it('the same JSON and alerts file with every light preset, on both databases', async () => {
    const presets = Object.keys(bundle.parameters.lightPresets as object);
    expect(presets.length).toBeGreaterThanOrEqual(2);
    for (const preset of presets) {
      const args = (out: string) => [...PERIOD, '--preset', preset, '--out', 'json', '--alerts', join(dir, out)];
      const want = await runCli(['track', '--targets', join(SAMPLE_DIR, 'targets.csv'), '--actuals', join(SAMPLE_DIR, 'actuals.csv'), ...args('alerts-file.csv')]);
      expect(want.code, want.stderr).toBe(0);
      const alerts = readFileSync(join(dir, 'alerts-file.csv'), 'utf8');
      expect(alerts).toContain('adjustment-review');
      for (const [name, target] of [['duckdb', duckFile], ...(server ? [['postgres', pgUrl]] : [])] as const) {
        const got = await planned(['track', '--db', target, ...args(`alerts-${name}.csv`)]);
        expect(got.stderr, `${preset} ${name}`).toBe(want.stderr);
        expect(got.stdout === want.stdout, `${preset} ${name}`).toBe(true);
        expect(readFileSync(join(dir, `alerts-${name}.csv`), 'utf8') === alerts, `${preset} ${name}`).toBe(true);
        expect(got.plan, `${preset} ${name}`).toEqual(name === 'duckdb' ? DUCKDB_PLAN : ['track --db plan: every figure decided in the database']);
      }
    }
  }, 240_000);

  // the to-date basis: the lights compare with the part of the target due by as-of, decided in both databases too
  it('the same CSV on the to-date basis, the lights decided in both databases', async () => {
    const args = [...PERIOD, '--basis', 'to-date', '--out', 'csv'];
    const want = await runCli(['track', '--targets', join(SAMPLE_DIR, 'targets.csv'), '--actuals', join(SAMPLE_DIR, 'actuals.csv'), ...args]);
    expect(want.code, want.stderr).toBe(0);
    // (the to-date lights differ from the period's: the comparison is not vacuous)
    expect(want.stdout).not.toBe((await fromFiles('csv')).stdout);
    for (const [name, target] of [['duckdb', duckFile], ...(server ? [['postgres', pgUrl]] : [])] as const) {
      const got = await planned(['track', '--db', target, ...args]);
      expect(got.stderr, name).toBe(want.stderr);
      expect(got.stdout === want.stdout, name).toBe(true);
      expect(got.plan, name).toEqual(name === 'duckdb' ? DUCKDB_PLAN : ['track --db plan: every figure decided in the database']);
    }
  }, 120_000);

  // the file path's output for the same rows, on each database
  const sameAsFile = async (actualsCsv: string, actualsTable: string, args: string[]) => {
    const want = await runCli(['track', '--targets', join(dir, 'tiny-targets.csv'), '--actuals', join(dir, actualsCsv), ...args]);
    expect(want.code, want.stderr).toBe(0);
    for (const target of [duckFile, ...(server ? [pgUrl] : [])]) {
      const got = await runCli(['track', '--db', target, '--targets-table', 'tiny_targets', '--actuals-table', actualsTable, ...args]);
      expect(got.stderr, target).toBe(want.stderr);
      expect(got.stdout, target).toBe(want.stdout);
    }
    return want.stdout;
  };

  // no actual yet in the period: every completed week is a zero, and the streaks still raise their alerts
  it('no actuals at all: the same alerts as the file path', async () => {
    const out = await sameAsFile('no-actuals.csv', 'no_actuals', [...PERIOD, '--out', 'csv']);
    expect(out).toContain('L3 coaching-plan since 2026-W14');
  }, 60_000);

  // the file path trims an id cell; a table's ids are trimmed the same way (JavaScript's whitespace)
  it('ids with spaces around them book on their unit, as in a file', async () => {
    const out = await sameAsFile('spaced-actuals.csv', 'spaced_actuals', [...PERIOD, '--out', 'csv']);
    expect(out).toMatch(/\nb,C,乙,rep,2026-Q2,2026-05-08,40000,50000,37000,/);
  }, 60_000);

  // a database whose settings change how texts are read and printed, and a unit with a backslash:
  // the CLI's session sets its own (and reads only)
  it.runIf(postgresBin())('PostgreSQL: a database with standard_conforming_strings off and DateStyle DMY gives the file\'s output', async () => {
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    // a database of its own on the run's cluster (dropped first: a rerun on a kept cluster)
    await admin.query('DROP DATABASE IF EXISTS track_db_odd WITH (FORCE)');
    await admin.query('CREATE DATABASE track_db_odd');
    await admin.end();
    const oddUrl = pgUrl.replace(/\/[^/]+$/, '/track_db_odd');
    const odd = new pg.Client({ connectionString: oddUrl });
    await odd.connect();
    await odd.query(`CREATE TABLE targets (id TEXT, parent_id TEXT, name TEXT, level TEXT, base NUMERIC, stretch NUMERIC); CREATE TABLE actuals (id TEXT, date DATE, amount NUMERIC(18,2));
      INSERT INTO targets VALUES ('C', NULL, '总部', 'company', 100000, 120000), ('a\\b', 'C', '甲', 'rep', 60000, 70000), ('b', 'C', '乙', 'rep', 40000, 50000);
      INSERT INTO actuals VALUES ('a\\b', '2026-04-15', 50000.5), ('b', '2026-04-20', 1.25);
      ALTER DATABASE track_db_odd SET standard_conforming_strings = off; ALTER DATABASE track_db_odd SET DateStyle = 'SQL, DMY'`);
    await odd.end();
    writeFileSync(join(dir, 'odd-targets.csv'), 'id,parent_id,name,level,base,stretch\nC,,总部,company,100000,120000\na\\b,C,甲,rep,60000,70000\nb,C,乙,rep,40000,50000\n');
    writeFileSync(join(dir, 'odd-actuals.csv'), 'id,date,amount\na\\b,2026-04-15,50000.50\nb,2026-04-20,1.25\n');
    const args = [...PERIOD, '--out', 'csv'];
    const want = await runCli(['track', '--targets', join(dir, 'odd-targets.csv'), '--actuals', join(dir, 'odd-actuals.csv'), ...args]);
    expect(want.stdout).toContain('a\\b,C,甲,rep,2026-Q2,2026-05-08,60000,70000,50000.5,');
    const got = await runCli(['track', '--db', oddUrl, ...args]);
    expect(got.stderr).toBe(want.stderr);
    expect(got.stdout).toBe(want.stdout);
  }, 60_000);

  // rows whose amounts add up past the largest amount (past 2^53 fen; past BIGINT with 10,000 such rows):
  // booked as a file's, so refused as a file's, not a crash or the database's overflow
  it('refuses actuals that add up past the largest amount as the file path does', async () => {
    const args = [...PERIOD, '--out', 'csv'];
    const want = await runCli(['track', '--targets', join(dir, 'tiny-targets.csv'), '--actuals', join(dir, 'huge-actuals.csv'), ...args]);
    expect(want.stderr).toContain('ACTUALS_TOTAL_RANGE');
    for (const target of [duckFile, ...(server ? [pgUrl] : [])]) {
      const got = await runCli(['track', '--db', target, '--targets-table', 'tiny_targets', '--actuals-table', 'huge_actuals', ...args]);
      expect(got.code, target).toBe(want.code);
      expect(got.stderr.replace('huge_actuals (database)', 'FILE'), target).toBe(want.stderr.replace(join(dir, 'huge-actuals.csv'), 'FILE'));
    }
  }, 60_000);

  // a file's amounts are text cells; a table's must be numbers, and a text column is named, not an operator
  it('refuses a text amount column by its column, on both databases', async () => {
    for (const target of [duckFile, ...(server ? [pgUrl] : [])]) {
      const got = await runCli(['track', '--db', target, '--targets-table', 'tiny_targets', '--actuals-table', 'text_actuals', ...PERIOD]);
      expect(got.code, target).toBe(1);
      expect(got.stderr, target).toContain('text_actuals (database)  the amount column is not a number');
    }
  }, 60_000);

  it('reads a PostgreSQL result through the cursor batch after batch: every row, in order', async () => {
    if (!server) return;
    const { openPostgres } = await import('../../hosts/cli/db/postgres.js');
    const db = await openPostgres(pgUrl, { fetchRows: 4 });
    try {
      // 10 rows: two full batches and a short one; 8: two full batches and an empty FETCH; none
      for (const n of [10, 8, 0]) {
        const got: unknown[] = [];
        await db.each(`SELECT g AS n FROM generate_series(1, ${n}) g ORDER BY g`, (r) => got.push(r.n));
        expect(got, `${n} rows`).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      }
      // the session reads only: nothing track --db runs can write to the user's tables
      await expect(db.query('CREATE TABLE written (n INTEGER)')).rejects.toThrow(/read-only/);
    } finally {
      await db.close();
    }
  });

  it('plans which figures the database decides: every one on PostgreSQL; on DuckDB all but the review\'s deviation, which falls back naming the node', () => {
    const period = parsePeriod('2026-Q2')!;
    const buckets = boardBuckets(period, '2026-05-08');
    // the tail after the last completed week (2026-W19 ends on 10 May) holds 4-8 May
    expect(buckets.map((b) => b.week)).toEqual(['2026-W14', '2026-W15', '2026-W16', '2026-W17', '2026-W18', '']);
    expect(buckets.at(-1)).toMatchObject({ from: '2026-05-04', to: '2026-05-08', completed: false });
    const rules = boardRules(bundle)!;
    const cal = parseCalendar(bundle.datasets.get('calendar-cn-2026')!.content);
    if (!cal.ok) throw new Error('calendar');
    const calendar = cal.calendar;
    const input = {
      relation: '"actuals"', days: [{ date: '2026-04-01', day: '2026-04-01', idx: 0, n: 1 }], buckets, period, calendar,
      units: [{ id: 'c', parentId: null, rep: false, base: 100, stretch: 120 }, { id: 'r', parentId: 'c', rep: true, base: 100, stretch: 120 }], rules, lights: true,
    };
    const pgPlan = boardSql({ ...input, dialect: 'postgres' });
    expect(pgPlan.fallbacks).toEqual([]);
    expect([pgPlan.lightsInDb, pgPlan.escalationInDb, pgPlan.healthInDb]).toEqual([true, true, true]);
    const duckPlan = boardSql({ ...input, dialect: 'duckdb' });
    expect(duckPlan.fallbacks.map((f) => f.figure)).toEqual(['health']);
    expect(duckPlan.fallbacks[0]!.why).toMatch(/^\/logic\/if\/1: .*exact decimals/);
    expect([duckPlan.lightsInDb, duckPlan.escalationInDb, duckPlan.healthInDb]).toEqual([true, true, false]);
    // the lights on the fen, in whole numbers: 10·actual against 9·target (the default's 80%: 5·actual against 4·target)
    expect(duckPlan.sql).toContain('WHEN ((4 * x.tb) < (x.actual * 5)) THEN');
  });

  // on PostgreSQL a NUMERIC column's decimals are judged by the value's scale first (10.500 passes, 1.005 does not)
  it('refuses bad rows whole, naming the table, the column and the value, on both databases', async () => {
    for (const target of [duckFile, ...(server ? [pgUrl] : [])]) {
      const got = await runCli(['track', '--db', target, '--actuals-table', 'bad_actuals', ...PERIOD]);
      expect(got.code, target).not.toBe(0);
      expect(got.stdout).toBe('');
      expect(got.stderr).toContain('bad_actuals (database)');
      expect(got.stderr).toContain('2026-13-40');
      expect(got.stderr).toContain('unit NOPE is not in the targets (1 row)');
      expect(got.stderr, target).toContain('got "1.005"');
      expect(got.stderr, target).toContain('got "10000000000000.000"');
      expect(got.stderr).not.toContain('got "10.500"');
    }
  }, 60_000);

  // the explanation echoes each cell's text: the file holds the texts the database prints (500000.00)
  it('score --db: the rows per person from a table give the --data file\'s output', async () => {
    const want = await runCli(['score', '--data', scoresCsv, '--out', 'json', '--lang', 'en']);
    expect(want.code, want.stderr).toBe(0);
    const got = await runCli(['score', '--db', duckFile, '--out', 'json', '--lang', 'en']);
    expect(got.stderr).toBe(want.stderr);
    expect(got.stdout).toBe(want.stdout);
  }, 60_000);

  it('refuses a table of more distinct dates than a day map may hold, before reading them', async () => {
    const { readActualDates } = await import('../../plugin/index.js');
    const many = Array.from({ length: 100_001 }, (_, i) => ({ date: `2026-04-15T${i}`, n: 1 }));
    const r = readActualDates(many, 'actuals');
    expect(r.problems.map((p) => p.code)).toEqual(['ACTUALS_TOO_MANY_DATES']);
  });

  it('refuses a missing DuckDB file and --db with file flags', async () => {
    const missing = await runCli(['track', '--db', join(dir, 'nope.duckdb'), ...PERIOD]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no DuckDB file at');
    const badUrl = await runCli(['track', '--db', 'postgres://me:secret@127.0.0.1:1/x', ...PERIOD]);
    expect(badUrl.code).toBe(1);
    expect(badUrl.stderr).toContain('postgres://me:***@127.0.0.1:1/x');
    expect(badUrl.stderr).not.toContain('secret');
    const both = await runCli(['track', '--db', duckFile, '--targets', 'x.csv', ...PERIOD]);
    expect(both.code).toBe(2);
  });
});
