/**
 * Rules where the data lives (issue 18): the same rows, side by side, through
 *  - hand-written JavaScript over typed arrays (the limit),
 *  - our engine (`createEngine().compile`, a rule call per row, a streak call per rep),
 *  - json-logic-js `apply` per row (the light only: it has no streak),
 *  - DuckDB (in-process) and PostgreSQL (a throw-away server on 127.0.0.1) running the rules
 *    as our compiler writes them (plugin/sql), the streak as window functions.
 * Two workloads over 50,000 reps × 365 days (18.25M rows) and over its first 1M rows: the
 * bundle's traffic light (its rule and a light preset, decided exactly) on fen amounts counted by
 * region and colour, and each rep's trailing streak of days below a threshold (escalation's
 * streak over a period series), summed.
 * Every implementation must give the same checksums.
 *
 * The rows are a formula of their number (integer arithmetic, the same in JS and SQL), so each
 * database fills its own table with one INSERT … SELECT: the load is timed apart, not in the
 * rule's time. The columns are as narrow as their values, as the typed arrays hold them (region a
 * byte, day two bytes, the rep and the amounts INTEGER). The amounts are INTEGER and the compiler is told so
 * (`sqlInteger`): it decides actual / target ≥ 0.9 as 9·target ≤ 10·actual, once the rule's
 * `target <= 0` branch has ruled out the rest; the light is also timed as written without that
 * fact where it compiles (PostgreSQL's NUMERIC fractions; DuckDB refuses it). The light is
 * compiled to its label code (`labelCodes`): grouped as 0/1/2/3 and named after grouping
 * (`labelOfCode`), the same rows as grouping the text, which is timed beside. Counted at DuckDB's
 * defaults; the streak with perfect_ht_threshold raised for the reps' dense ids is timed beside.
 *
 * Times are CPU time, not the wall clock (on a shared machine the clock mostly measures the other
 * processes): the process's own for the typed arrays, our engine, json-logic-js and DuckDB (in
 * this process, its threads included), and the PostgreSQL server's processes read from /proc
 * (its backend and parallel workers). The wall clock is logged beside it (a row of the closing table
 * for DuckDB, whose two threads the clock sees as one), and DuckDB's two queries at one thread
 * (less CPU, more wall time). Peak memory: how far the resident set of the process doing the work
 * (ours; PostgreSQL's backend) rose above where it stood before the run (Linux's clear_refs resets
 * the peak before each run); the inputs (the typed arrays' columns, the tables) are logged apart.
 * Sizes: BENCH_SQL_ROWS (comma-separated, default 1000000,18250000); json-logic-js
 * runs up to BENCH_SQL_JSONLOGIC_MAX rows (default 1000000: 18.25M calls take minutes).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { compileToSql, createEngine, labelOfCode, loadBundle, type SqlDialect, type SqlInput } from '../../plugin/index.js';
import { postgresBin, startPostgres, stopPostgres } from '../support/postgres.js';
import { readDefaultBundle } from './default-bundle.js';
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
/**
 * Each column's type: as narrow as the values, as the typed arrays hold them (the region a byte,
 * Uint8Array; the day of the year needs two); the amounts and the rep INTEGER.
 */
const columnType = (dialect: SqlDialect, column: string) =>
  column === 'region' ? (dialect === 'duckdb' ? 'UTINYINT' : 'SMALLINT') : column === 'day' ? 'SMALLINT' : 'INTEGER';

/**
 * The bundle's own traffic light (templates/rules/tracking.rules.json: grey without a target,
 * then actual / target against the lights' boundaries, decided exactly) with the preset
 * green90-yellow70 (green at 90%, yellow at 70%, both inclusive), on fen: actual is the sales.
 */
const bundle = (() => {
  const loaded = loadBundle(readDefaultBundle());
  if (!loaded.ok) throw new Error('the default bundle does not load');
  return loaded.bundle;
})();
const lightParams = { ...bundle.parameters, lights: (bundle.parameters.lightPresets as Record<string, unknown>)['green90-yellow70'] };
const lightRule = bundle.rules.get('traffic-light')!.def.logic;
/** The rule with its parameters written in, for json-logic-js (which has no `param`). */
const folded = (logic: unknown): unknown => {
  if (Array.isArray(logic)) return logic.map(folded);
  if (logic === null || typeof logic !== 'object') return logic;
  const [op, args] = Object.entries(logic)[0]!;
  if (op === 'param') return String(args).split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], lightParams);
  return { [op]: folded(args) };
};
const lightForJsonLogic = folded(lightRule);
/** Days in a row, back from the latest, with sales below the threshold. */
const streakRule = { streak: [{ var: 'days' }, { '<': [{ var: '' }, THRESHOLD] }] };
const COLOURS = ['grey', 'green', 'yellow', 'red'] as const;
const NC = COLOURS.length;

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
  const lights = new Array<number>(REGIONS * NC).fill(0);
  for (let i = 0; i < sales.length; i++) {
    const s = sales[i]! * 10, t = target[i]!;
    // the rule's decision on whole fen: a / t ≥ 0.9 is 10·a ≥ 9·t once t > 0
    lights[region[i]! * NC + (t <= 0 ? 0 : s >= t * 9 ? 1 : s >= t * 7 ? 2 : 3)]!++;
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
  const light = engine.compile(lightRule, { params: lightParams });
  const streak = engine.compile(streakRule);
  const lights = new Array<number>(REGIONS * NC).fill(0);
  const row = { actual: 0, target: 0 };
  for (let i = 0; i < sales.length; i++) {
    row.actual = sales[i]!; row.target = target[i]!;
    lights[region[i]! * NC + COLOURS.indexOf(light(row) as typeof COLOURS[number])]!++;
  }
  let streaks = 0;
  for (let start = 0; start < sales.length; start += DAYS) streaks += streak({ days: Array.from(sales.subarray(start, Math.min(sales.length, start + DAYS))) }) as number;
  return { lights, streaks };
}

function byJsonLogic({ sales, target, region }: Columns): number[] {
  const lights = new Array<number>(REGIONS * NC).fill(0);
  for (let i = 0; i < sales.length; i++) {
    lights[region[i]! * NC + COLOURS.indexOf(jsonLogic.apply(lightForJsonLogic, { actual: sales[i], target: target[i] }) as typeof COLOURS[number])]!++;
  }
  return lights;
}

/** The queries our compiler writes for a dialect, over table t(rep, day, region, sales, target), all INTEGER. */
function queries(dialect: SqlDialect): { light: string; lightText: string; lightParity?: string; streak: string; streakEach: string } {
  const days = (at: 'each' | 'last', sqlInteger: 'INTEGER' | 'no fact'): Record<string, SqlInput> => {
    const amount: SqlInput = { type: 'integer', maxAbs: 2_000_000, ...(sqlInteger === 'INTEGER' ? { sqlInteger } : {}) };
    return { actual: { ...amount, column: 'sales' }, target: amount, days: { ...amount, column: 'sales', series: { partitionBy: ['rep'], ordinal: 'day', at } } };
  };
  const compiled = (logic: unknown, at: 'each' | 'last', sqlInteger: 'INTEGER' | 'no fact' = 'INTEGER', labelCodes = false) =>
    compileToSql(logic, { dialect, inputs: days(at, sqlInteger), params: lightParams, ...(labelCodes ? { labelCodes } : {}) });
  const sql = (r: ReturnType<typeof compiled>) => {
    if (!r.ok) throw new Error(r.refusal.message.en);
    return r.sql;
  };
  // the light as its label code, grouped, then each group named: the same rows as grouping the text
  const coded = (sqlInteger: 'INTEGER' | 'no fact') => {
    const r = compiled(lightRule, 'last', sqlInteger, true);
    return r.ok ? `SELECT region, ${labelOfCode('code', r.labels!)} AS light, n FROM (SELECT region, ${r.sql} AS code, COUNT(*) AS n FROM t GROUP BY 1, 2) g` : undefined;
  };
  return {
    light: coded('INTEGER')!,
    // the light's text made on every row and grouped (shown beside, not counted)
    lightText: `SELECT region, ${sql(compiled(lightRule, 'last'))} AS light, COUNT(*) AS n FROM t GROUP BY 1, 2`,
    // the same rule without the column fact: what the compiler must write for a DOUBLE column
    // (the exact decision on NUMERIC fractions: PostgreSQL only, DuckDB refuses it)
    ...(coded('no fact') ? { lightParity: coded('no fact')! } : {}),
    // the board's streak: once per rep, an aggregate
    streak: `SELECT SUM(s) AS total FROM (SELECT rep, ${sql(compiled(streakRule, 'last'))} AS s FROM t GROUP BY rep) g`,
    // escalation's history: the streak through every point, a window; the one through each rep's last day is the rep's
    streakEach: `SELECT SUM(s) AS total FROM (SELECT day, rep, ${sql(compiled(streakRule, 'each'))} AS s, MAX(day) OVER (PARTITION BY rep) AS last FROM t) w WHERE day = last`,
  };
}

function checksOf(lightRows: Array<Record<string, unknown>>, streakRows: Array<Record<string, unknown>>): Checks {
  const lights = new Array<number>(REGIONS * NC).fill(0);
  for (const r of lightRows) lights[Number(r.region) * NC + COLOURS.indexOf(r.light as typeof COLOURS[number])] = Number(r.n);
  return { lights, streaks: Number(streakRows[0]!.total) };
}

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const ownCpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

/** CPU time of a process and of its children, live (and, for the reaped ones, already summed), in ms. */
function serverCpuMs(pid: number): number {
  const tick = 10; // USER_HZ is 100 on Linux
  const fields = (p: string) => readFileSync(`/proc/${p}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  const own = fields(String(pid));
  // utime stime cutime cstime are fields 14-17 (11-14 after the name)
  let ticks = [11, 12, 13, 14].reduce((a, i) => a + Number(own[i]), 0);
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const f = fields(p);
      if (Number(f[1]) === pid) ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // a process that ended meanwhile
    }
  }
  return ticks * tick;
}

interface Db {
  name: string; dialect: SqlDialect;
  query(sql: string): Promise<Array<Record<string, unknown>>>;
  /** CPU time spent on queries so far, in ms. */
  cpuMs(): number;
  /** The process whose memory a query raises: ours (DuckDB runs in it), or the PostgreSQL backend's. */
  pid: number | 'self';
  /** What the filled table holds in memory or on disk, in bytes. */
  tableBytes(): Promise<number>;
  close(): Promise<void>;
}

async function openDuckdb(): Promise<Db> {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  return {
    name: 'DuckDB', dialect: 'duckdb',
    query: async (sql) => (await c.runAndReadAll(sql)).getRowObjectsJS() as Array<Record<string, unknown>>,
    cpuMs: ownCpuMs,
    pid: 'self',
    tableBytes: async () => Number((await c.runAndReadAll('SELECT SUM(memory_usage_bytes) AS b FROM duckdb_memory()')).getRowObjectsJS()[0]!.b),
    close: async () => { c.closeSync(); instance.closeSync(); },
  };
}

async function openPostgres(): Promise<Db | undefined> {
  if (!postgresBin()) return undefined;
  const server = await startPostgres();
  const client = new pg.Client({ host: '127.0.0.1', port: server.port, user: 'postgres', database: 'postgres' });
  await client.connect();
  const backend = Number((await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid);
  return {
    name: 'PostgreSQL', dialect: 'postgres',
    query: async (sql) => (await client.query<Record<string, unknown>>(sql)).rows,
    cpuMs: () => serverCpuMs(server.pid),
    pid: backend,
    tableBytes: async () => Number((await client.query<{ b: string }>("SELECT pg_total_relation_size('t') AS b")).rows[0]!.b),
    close: async () => { await client.end(); await stopPostgres(server); },
  };
}

async function fill(db: Db, n: number): Promise<number> {
  const t = process.hrtime.bigint();
  await db.query('DROP TABLE IF EXISTS t');
  const rows = db.dialect === 'duckdb' ? `range(0, ${n}) r(i)` : `generate_series(0::bigint, ${n - 1}::bigint) r(i)`;
  const cols = Object.entries(rowSql(db.dialect === 'duckdb' ? '//' : '/')).map(([k, v]) => `CAST(${v} AS ${columnType(db.dialect, k)}) AS ${k}`).join(', ');
  await db.query(`CREATE TABLE t AS SELECT ${cols} FROM ${rows}`);
  if (db.dialect === 'postgres') await db.query('ANALYZE t');
  return ms(t);
}

/** A process's resident set now and its peak since the last reset, in KB (/proc/<pid>/status). */
function resident(pid: number | 'self'): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/**
 * Resets a process's peak resident set to what it holds now (Linux's clear_refs, 5), so the peak
 * read after a run is the run's own: false where the kernel does not allow it (the peak is then not shown).
 */
function resetPeak(pid: number | 'self'): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** The run's peak memory: how far the process's resident set rose above where it stood before the run, in KB. */
async function peakAbove<T>(pid: number | 'self' | undefined, run: () => T | Promise<T>): Promise<{ result: T; kb?: number }> {
  if (pid === undefined || !resetPeak(pid)) return { result: await run() };
  const before = resident(pid).rss;
  const result = await run();
  return { result, kb: Math.max(0, resident(pid).hwm - before) };
}

interface Timing { cpu: number; wall: number; peakKb?: number }
/**
 * Best of `runs` by CPU time (the first run of a query also plans and warms it); the peak memory
 * is the highest of the runs, in the process `pid` names (ours, or the PostgreSQL backend's).
 */
async function timed<T>(runs: number, cpuMs: () => number, run: () => T | Promise<T>, pid?: number | 'self'): Promise<{ result: T; t: Timing }> {
  let best: Timing = { cpu: Infinity, wall: Infinity }, result: T | undefined, peakKb: number | undefined;
  for (let k = 0; k < runs; k++) {
    const c0 = cpuMs(), w0 = process.hrtime.bigint();
    const got = await peakAbove(pid, run);
    result = got.result;
    const t = { cpu: cpuMs() - c0, wall: ms(w0) };
    if (got.kb !== undefined) peakKb = Math.max(peakKb ?? 0, got.kb);
    if (t.cpu < best.cpu) best = t;
  }
  return { result: result!, t: { ...best, ...(peakKb !== undefined ? { peakKb } : {}) } };
}
const mb = (kb: number) => `${(kb / 1024).toFixed(kb >= 10 * 1024 ? 0 : 1)} MB`;
const shown = (t: Timing) => `${fmt(t.cpu)} CPU (${fmt(t.wall)} wall${t.peakKb !== undefined ? `, peak +${mb(t.peakKb)}` : ''})`;
const fmt = (x: number) => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(x >= 100 ? 0 : 1)} ms`);

async function inDb(db: Db, n: number, log: (line: string) => void): Promise<{ checks: Checks; light: Timing; lightText: Timing; lightParity?: Timing; streak: Timing; streakTuned?: Timing; oneThread?: Timing; each: Timing; eachAgrees: boolean }> {
  const loadMs = await fill(db, n);
  log(`  ${db.name}: table filled in ${(loadMs / 1000).toFixed(1)} s (not counted), ${mb(await db.tableBytes() / 1024)}`);
  const q = queries(db.dialect);
  const runs = n > 5_000_000 ? 2 : 3;
  const light = await timed(runs, db.cpuMs, () => db.query(q.light), db.pid);
  const lightText = await timed(runs, db.cpuMs, () => db.query(q.lightText), db.pid);
  const lightParity = q.lightParity === undefined ? undefined : await timed(runs, db.cpuMs, () => db.query(q.lightParity!), db.pid);
  const streak = await timed(runs, db.cpuMs, () => db.query(q.streak), db.pid);
  // DuckDB aggregates by direct indexing (no hashing) when the group key's range fits
  // perfect_ht_threshold bits, 12 by default: the reps' dense ids (0 … 49,999) need 16. Counted
  // at DuckDB's defaults; the streak with the threshold at 17 (a connection setting the product
  // could make where it runs the board) is timed beside.
  let streakTuned: { result: Array<Record<string, unknown>>; t: Timing } | undefined;
  if (db.dialect === 'duckdb') {
    await db.query('SET perfect_ht_threshold = 17');
    streakTuned = await timed(runs, db.cpuMs, () => db.query(q.streak), db.pid);
    await db.query('RESET perfect_ht_threshold');
  }
  // DuckDB runs a query on every core (two here): the CPU time above is both threads'. The two
  // queries at one thread, beside: less CPU (no parallel set-up and merging), more wall time.
  let oneThread: { result: Array<Record<string, unknown>>; t: Timing } | undefined;
  if (db.dialect === 'duckdb') {
    await db.query('SET threads = 1');
    oneThread = await timed(runs, db.cpuMs, async () => [...await db.query(q.light), ...await db.query(q.streak)], db.pid);
    await db.query('RESET threads');
  }
  const each = await timed(1, db.cpuMs, () => db.query(q.streakEach), db.pid);
  const checks = checksOf(light.result, streak.result);
  const variantsAgree = (lightParity === undefined || same(checksOf(lightParity.result, streak.result), checks)) && same(checksOf(lightText.result, streak.result), checks)
    && (streakTuned === undefined || Number(streakTuned.result[0]!.total) === checks.streaks)
    && (oneThread === undefined || same(checksOf(oneThread.result.filter((r) => 'light' in r), oneThread.result.filter((r) => 'total' in r)), checks));
  return {
    // a disagreement of the variants timed beside fails the run too
    checks: variantsAgree ? checks : { ...checks, streaks: NaN },
    light: light.t, lightText: lightText.t, ...(lightParity ? { lightParity: lightParity.t } : {}), streak: streak.t, ...(streakTuned ? { streakTuned: streakTuned.t } : {}), ...(oneThread ? { oneThread: oneThread.t } : {}), each: each.t,
    eachAgrees: Number(each.result[0]!.total) === Number(streak.result[0]!.total),
  };
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
        log(`  the typed arrays' columns (sales, target: Float64Array; region: Uint8Array): ${mb((n * 17) / 1024)}, made before the passes (not counted in their peaks)`);
        const own = <T>(runs: number, run: () => T) => timed(runs, ownCpuMs, run, 'self');
        // best of four (the first pass also compiles the loop)
        const { result: limit, t: hand } = await own(4, () => byHand(cols));
        log(`  typed arrays: ${shown(hand)}, ${rate(n, hand.cpu)}; ${show(limit)}`);
        const { result: ours, t: engine } = await own(1, () => byEngine(cols));
        const oursAgree = same(ours, limit);
        log(`  our engine: ${shown(engine)}, ${rate(n, engine.cpu)}, ${(engine.cpu / hand.cpu).toFixed(1)}x${oursAgree ? '' : `; DIFFERS: ${show(ours)}`}`);
        ok &&= oursAgree;
        ratio(`${n.toLocaleString('en')} rows: our engine`, engine.cpu, 'typed arrays', hand.cpu);
        if (n <= jsonLogicMax) {
          const { result: lights, t: jl } = await own(1, () => byJsonLogic(cols));
          const agrees = lights.every((x, i) => x === limit.lights[i]);
          log(`  json-logic-js (light only): ${shown(jl)}, ${rate(n, jl.cpu)}, ${(jl.cpu / hand.cpu).toFixed(1)}x the whole typed-array pass${agrees ? '' : '; DIFFERS'}`);
          ok &&= agrees;
          ratio(`${n.toLocaleString('en')} rows: json-logic-js, light only`, jl.cpu, 'typed arrays', hand.cpu);
        } else log(`  json-logic-js: left out above ${jsonLogicMax.toLocaleString('en')} rows (BENCH_SQL_JSONLOGIC_MAX)`);
        for (const db of dbs) {
          const got = await inDb(db, n, log);
          const total = got.light.cpu + got.streak.cpu;
          const agrees = same(got.checks, limit) && got.eachAgrees;
          log(`  ${db.name}: light ${shown(got.light)} (grouped as text ${shown(got.lightText)}; ${got.lightParity ? `without the INTEGER column fact ${shown(got.lightParity)}` : 'refused without the INTEGER column fact'}), streak per rep ${shown(got.streak)}${got.streakTuned ? ` (with perfect_ht_threshold = 17: ${shown(got.streakTuned)}, together ${fmt(got.light.cpu + got.streakTuned.cpu)}, ${((got.light.cpu + got.streakTuned.cpu) / hand.cpu).toFixed(1)}x)` : ''};`
            + ` together ${fmt(total)} CPU, ${(total / hand.cpu).toFixed(1)}x typed arrays, ${rate(n, total)}${same(got.checks, limit) ? '' : `; DIFFERS: ${show(got.checks)}`};`
            + `${got.oneThread ? ` at one thread ${shown(got.oneThread)}, ${(got.oneThread.cpu / hand.cpu).toFixed(1)}x;` : ''}`
            + ` wall clock ${fmt(got.light.wall + got.streak.wall)}, ${((got.light.wall + got.streak.wall) / hand.wall).toFixed(1)}x;`
            + ` the streak at every point (window) ${shown(got.each)}${got.eachAgrees ? '' : ', DIFFERS'}`);
          ok &&= agrees;
          ratio(`${n.toLocaleString('en')} rows: ${db.name}, compiled rules`, total, 'typed arrays', hand.cpu);
          // the wall clock beside the CPU: DuckDB's two threads against the typed arrays' one
          if (db.dialect === 'duckdb') ratio(`${n.toLocaleString('en')} rows: ${db.name}, compiled rules, wall clock`, got.light.wall + got.streak.wall, 'typed arrays', hand.wall);
        }
      }
    } finally {
      for (const db of dbs) await db.close();
    }
    return ok;
  },
};
