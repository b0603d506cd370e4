/**
 * Rules where the data lives (issue 18): the same rows, side by side, through
 *  - hand-written JavaScript over typed arrays (the limit),
 *  - our engine (`createEngine().compile`, a rule call per row, a streak call per rep),
 *  - json-logic-js `apply` per row (the light only: it has no streak),
 *  - DuckDB (in-process) and PostgreSQL (a throw-away server on 127.0.0.1) running the rules
 *    as our compiler writes them (plugin/sql), the streak as window functions.
 * Two workloads over 50,000 reps × 365 days (18.25M rows) and over its first 1M rows: a traffic
 * light on fen amounts (exact: whole numbers) counted by region and colour, and each rep's
 * trailing streak of days below a threshold (escalation's streak over a period series), summed.
 * Every implementation must give the same checksums.
 *
 * The rows are a formula of their number (integer arithmetic, the same in JS and SQL), so each
 * database fills its own table with one INSERT … SELECT: the load is timed apart, not in the
 * rule's time. Sizes: BENCH_SQL_ROWS (comma-separated, default 1000000,18250000); json-logic-js
 * runs up to BENCH_SQL_JSONLOGIC_MAX rows (default 1000000: 18.25M calls take minutes).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { compileToSql, createEngine, type SqlDialect, type SqlInput } from '../../plugin/index.js';
import { postgresBin, startPostgres, stopPostgres } from '../support/postgres.js';
import { jsonLogic } from './reference.js';
import type { BenchContext, BenchSection } from './section.js';

const DAYS = 365;
const REGIONS = 6;
const THRESHOLD = 300_000;
const sizes = (process.env.BENCH_SQL_ROWS ?? '1000000,18250000').split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0);
const jsonLogicMax = Number(process.env.BENCH_SQL_JSONLOGIC_MAX ?? 1_000_000);

// row i: rep i / 365, day i % 365 + 1, region rep % 6; amounts in fen
const salesOf = (i: number) => (i * 7919 + 13) % 1_000_003;
const targetOf = (i: number) => 400_000 + (i * 104_729) % 600_011;
/** The same in SQL; `div` is the dialect's integer division (DuckDB's / gives a DOUBLE). */
const rowSql = (div: string) => ({
  rep: `i ${div} 365`, day: 'i % 365 + 1', region: `(i ${div} 365) % 6`, sales: '(i * 7919 + 13) % 1000003', target: '400000 + (i * 104729) % 600011',
});

/** Green at 90%, yellow at 70%, on fen: sales·10 ≥ target·9 (whole numbers, so exact in doubles and in SQL). */
const lightRule = {
  if: [
    { '>=': [{ '*': [{ var: 'sales' }, 10] }, { '*': [{ var: 'target' }, 9] }] }, 'green',
    { '>=': [{ '*': [{ var: 'sales' }, 10] }, { '*': [{ var: 'target' }, 7] }] }, 'yellow',
    'red',
  ],
};
/** Days in a row, back from the latest, with sales below the threshold. */
const streakRule = { streak: [{ var: 'days' }, { '<': [{ var: '' }, THRESHOLD] }] };
const COLOURS = ['green', 'yellow', 'red'] as const;

interface Checks { lights: number[]; streaks: number }
const same = (a: Checks, b: Checks) => a.streaks === b.streaks && a.lights.every((x, i) => x === b.lights[i]);
const show = (c: Checks) => `lights ${c.lights.join('/')}, streaks ${c.streaks}`;

function columns(n: number) {
  const sales = new Float64Array(n), target = new Float64Array(n), region = new Uint8Array(n);
  for (let i = 0; i < n; i++) { sales[i] = salesOf(i); target[i] = targetOf(i); region[i] = Math.floor(i / DAYS) % REGIONS; }
  return { sales, target, region };
}
type Columns = ReturnType<typeof columns>;

function byHand({ sales, target, region }: Columns): Checks {
  const lights = new Array<number>(REGIONS * 3).fill(0);
  for (let i = 0; i < sales.length; i++) {
    const s = sales[i]! * 10, t = target[i]!;
    lights[region[i]! * 3 + (s >= t * 9 ? 0 : s >= t * 7 ? 1 : 2)]!++;
  }
  let streaks = 0;
  for (let start = 0; start < sales.length; start += DAYS) {
    const end = Math.min(sales.length, start + DAYS);
    let k = end - 1;
    while (k >= start && sales[k]! < THRESHOLD) k--;
    streaks += end - 1 - k;
  }
  return { lights, streaks };
}

function byEngine({ sales, target, region }: Columns): Checks {
  const engine = createEngine();
  const light = engine.compile(lightRule);
  const streak = engine.compile(streakRule);
  const lights = new Array<number>(REGIONS * 3).fill(0);
  const row = { sales: 0, target: 0 };
  for (let i = 0; i < sales.length; i++) {
    row.sales = sales[i]!; row.target = target[i]!;
    lights[region[i]! * 3 + COLOURS.indexOf(light(row) as typeof COLOURS[number])]!++;
  }
  let streaks = 0;
  for (let start = 0; start < sales.length; start += DAYS) streaks += streak({ days: Array.from(sales.subarray(start, Math.min(sales.length, start + DAYS))) }) as number;
  return { lights, streaks };
}

function byJsonLogic({ sales, target, region }: Columns): number[] {
  const lights = new Array<number>(REGIONS * 3).fill(0);
  for (let i = 0; i < sales.length; i++) {
    lights[region[i]! * 3 + COLOURS.indexOf(jsonLogic.apply(lightRule, { sales: sales[i], target: target[i] }) as typeof COLOURS[number])]!++;
  }
  return lights;
}

/** The two queries our compiler writes for a dialect, over table t(rep, day, region, sales, target). */
function queries(dialect: SqlDialect): { light: string; streak: string; streakEach: string } {
  const days = (at: 'each' | 'last'): Record<string, SqlInput> => ({
    sales: { type: 'integer', maxAbs: 2_000_000 }, target: { type: 'integer', maxAbs: 2_000_000 },
    days: { type: 'integer', maxAbs: 2_000_000, column: 'sales', series: { partitionBy: ['rep'], ordinal: 'day', at } },
  });
  const compiled = (logic: unknown, at: 'each' | 'last') => {
    const r = compileToSql(logic, { dialect, inputs: days(at) });
    if (!r.ok) throw new Error(r.refusal.message.en);
    return r.sql;
  };
  return {
    light: `SELECT region, ${compiled(lightRule, 'last')} AS light, COUNT(*) AS n FROM t GROUP BY 1, 2`,
    // the board's streak: once per rep, an aggregate
    streak: `SELECT SUM(s) AS total FROM (SELECT rep, ${compiled(streakRule, 'last')} AS s FROM t GROUP BY rep) g`,
    // escalation's history: the streak through every point, a window; the one through each rep's last day is the rep's
    streakEach: `SELECT SUM(s) AS total FROM (SELECT day, rep, ${compiled(streakRule, 'each')} AS s, MAX(day) OVER (PARTITION BY rep) AS last FROM t) w WHERE day = last`,
  };
}

function checksOf(lightRows: Array<Record<string, unknown>>, streakRows: Array<Record<string, unknown>>): Checks {
  const lights = new Array<number>(REGIONS * 3).fill(0);
  for (const r of lightRows) lights[Number(r.region) * 3 + COLOURS.indexOf(r.light as typeof COLOURS[number])] = Number(r.n);
  return { lights, streaks: Number(streakRows[0]!.total) };
}

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

interface Db { name: string; dialect: SqlDialect; query(sql: string): Promise<Array<Record<string, unknown>>>; close(): Promise<void> }

async function openDuckdb(): Promise<Db> {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  return {
    name: 'DuckDB', dialect: 'duckdb',
    query: async (sql) => (await c.runAndReadAll(sql)).getRowObjectsJS() as Array<Record<string, unknown>>,
    close: async () => { c.closeSync(); instance.closeSync(); },
  };
}

async function openPostgres(): Promise<Db | undefined> {
  if (!postgresBin()) return undefined;
  const server = await startPostgres();
  const client = new pg.Client({ host: '127.0.0.1', port: server.port, user: 'postgres', database: 'postgres' });
  await client.connect();
  return {
    name: 'PostgreSQL', dialect: 'postgres',
    query: async (sql) => (await client.query<Record<string, unknown>>(sql)).rows,
    close: async () => { await client.end(); await stopPostgres(server); },
  };
}

async function fill(db: Db, n: number): Promise<number> {
  const t = process.hrtime.bigint();
  await db.query('DROP TABLE IF EXISTS t');
  const rows = db.dialect === 'duckdb' ? `range(0, ${n}) r(i)` : `generate_series(0::bigint, ${n - 1}::bigint) r(i)`;
  const cols = Object.entries(rowSql(db.dialect === 'duckdb' ? '//' : '/')).map(([k, v]) => `CAST(${v} AS INTEGER) AS ${k}`).join(', ');
  await db.query(`CREATE TABLE t AS SELECT ${cols} FROM ${rows}`);
  if (db.dialect === 'postgres') await db.query('ANALYZE t');
  return ms(t);
}

async function inDb(db: Db, n: number, log: (line: string) => void): Promise<{ checks: Checks; lightMs: number; streakMs: number; eachMs: number; eachAgrees: boolean }> {
  const loadMs = await fill(db, n);
  const q = queries(db.dialect);
  const time = async (sql: string) => {
    let best = Infinity, rows: Array<Record<string, unknown>> = [];
    for (let k = 0; k < 2; k++) { const t = process.hrtime.bigint(); rows = await db.query(sql); best = Math.min(best, ms(t)); }
    return { rows, ms: best };
  };
  const light = await time(q.light);
  const streak = await time(q.streak);
  const t = process.hrtime.bigint();
  const each = await db.query(q.streakEach);
  const eachMs = ms(t);
  log(`  ${db.name}: table filled in ${(loadMs / 1000).toFixed(1)} s (not counted)`);
  return { checks: checksOf(light.rows, streak.rows), lightMs: light.ms, streakMs: streak.ms, eachMs, eachAgrees: Number(each[0]!.total) === Number(streak.rows[0]!.total) };
}

const rate = (n: number, msTaken: number) => `${(n / msTaken / 1000).toFixed(1)} M rows/s`;

export const sqlBench: BenchSection = {
  name: `rules in the database: light by region and streak per rep, ${sizes.map((n) => n.toLocaleString('en')).join(' and ')} rows (JS engine, typed arrays, DuckDB, PostgreSQL, json-logic-js)`,
  async run({ log, ratio }: BenchContext): Promise<boolean> {
    let ok = true;
    const dbs = [await openDuckdb(), await openPostgres()].filter((d): d is Db => d !== undefined);
    if (dbs.length < 2) log('PostgreSQL is not installed (apt-get install -y postgresql): its rows are left out');
    try {
      for (const n of sizes) {
        log(`\n${n.toLocaleString('en')} rows (${Math.ceil(n / DAYS).toLocaleString('en')} reps × up to ${DAYS} days)`);
        const cols = columns(n);
        // best of three (the first pass also compiles the loop)
        let limit = byHand(cols), handMs = Infinity;
        for (let k = 0; k < 3; k++) { const t0 = process.hrtime.bigint(); limit = byHand(cols); handMs = Math.min(handMs, ms(t0)); }
        let t = process.hrtime.bigint();
        log(`  typed arrays: ${handMs.toFixed(0)} ms (${rate(n, handMs)}); ${show(limit)}`);
        t = process.hrtime.bigint();
        const ours = byEngine(cols);
        const oursMs = ms(t);
        log(`  our engine: ${oursMs.toFixed(0)} ms (${rate(n, oursMs)}, ${(oursMs / handMs).toFixed(1)}x)${same(ours, limit) ? '' : `; DIFFERS: ${show(ours)}`}`);
        ok &&= same(ours, limit);
        ratio(`${n.toLocaleString('en')} rows: our engine`, oursMs, 'typed arrays', handMs);
        if (n <= jsonLogicMax) {
          t = process.hrtime.bigint();
          const lights = byJsonLogic(cols);
          const jlMs = ms(t);
          const agrees = lights.every((x, i) => x === limit.lights[i]);
          log(`  json-logic-js (light only): ${jlMs.toFixed(0)} ms (${rate(n, jlMs)}, ${(jlMs / handMs).toFixed(1)}x the whole typed-array pass)${agrees ? '' : '; DIFFERS'}`);
          ok &&= agrees;
          ratio(`${n.toLocaleString('en')} rows: json-logic-js, light only`, jlMs, 'typed arrays', handMs);
        } else log(`  json-logic-js: left out above ${jsonLogicMax.toLocaleString('en')} rows (BENCH_SQL_JSONLOGIC_MAX)`);
        for (const db of dbs) {
          const got = await inDb(db, n, log);
          const total = got.lightMs + got.streakMs;
          log(`  ${db.name}: light ${got.lightMs.toFixed(0)} ms, streak per rep ${got.streakMs.toFixed(0)} ms, together ${(total / handMs).toFixed(1)}x typed arrays (${rate(n, total)})${same(got.checks, limit) ? '' : `; DIFFERS: ${show(got.checks)}`}; the streak at every point (window) ${got.eachMs.toFixed(0)} ms${got.eachAgrees ? '' : ', DIFFERS'}`);
          ok &&= same(got.checks, limit) && got.eachAgrees;
          ratio(`${n.toLocaleString('en')} rows: ${db.name}, compiled rules`, total, 'typed arrays', handMs);
        }
      }
    } finally {
      for (const db of dbs) await db.close();
    }
    return ok;
  },
};
