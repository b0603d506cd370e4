/**
 * `track --db` at scale (issue 18): the seeded 50,000-rep company and a year of daily actuals
 * (a row per rep and day: 18.25M rows), written as CSV files and loaded into a DuckDB file and
 * a throw-away PostgreSQL server; then the CLI tracks the year three ways — from the files, and
 * `--db` from each database — and the outputs must be byte-identical (compared by SHA-256).
 * Each run is a child process of its own, timed, its peak memory measured by /usr/bin/time. Each
 * database is run twice: the board computed in it (plugin/sql/board.ts), and its rows pulled into
 * the runtime and booked there as a file's (TARGET_KIT_DB_PULL=1), the yardstick the issue names;
 * PostgreSQL a third way too: only the booking there, by unit and week, and the board's roll-up,
 * lights and streaks in the runtime (TARGET_KIT_DB_WEEKLY=1).
 *
 * The file path reads the whole actuals file into memory (some 5 GB at 18.25M rows), more than a
 * shared machine can spare: BENCH_TRACK_DB_REPS sets the company's size (default 50000) and
 * BENCH_TRACK_DB_FILES=0 leaves the file path out (the two databases are still compared).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { postgresBin, startPostgres, stopPostgres } from '../support/postgres.js';
import type { BenchContext, BenchSection } from './section.js';
import { dailyRows, setUp } from './track-scale.js';

const REPS = Number(process.env.BENCH_TRACK_DB_REPS ?? 50_000);
const WITH_FILES = process.env.BENCH_TRACK_DB_FILES !== '0';
const CLI = join(dirname(fileURLToPath(import.meta.url)), '../../hosts/cli/main.js');
const yuan = (fen: number) => `${fen < 0 ? '-' : ''}${Math.trunc(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;

/**
 * CPU milliseconds a PostgreSQL server has spent: the postmaster's own and its exited backends'
 * (cutime, cstime: a backend's time is added when the postmaster reaps it, after the client
 * disconnects). The board's work runs there, out of the CLI's sight.
 */
function serverCpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    // after "pid (comm) ": state is field 3, so utime..cstime (14-17) are at 11-14
    return [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0) * 10;
  } catch {
    return 0;
  }
}

/** Runs the CLI in a child process: its output's hash, its time, its CPU (with the server's) and its peak memory. */
function tracked(args: string[], log: (line: string) => void, what: string, pull: boolean | 'weekly' = false, serverPid?: number): { hash: string; ms: number; cpu: number; ok: boolean } {
  const timed = existsSync('/usr/bin/time');
  const cmd = timed ? '/usr/bin/time' : process.execPath;
  const before = serverCpuMs(serverPid);
  const argv = [...(timed ? ['-f', 'peak %M KB cpu %U %S', process.execPath] : []), '--max-old-space-size=12000', CLI, 'track', ...args, '--period', '2026', '--as-of', '2026-12-31', '--lang', 'en', '--out', 'csv'];
  const t = process.hrtime.bigint();
  const env = { ...process.env, TARGET_KIT_DB_PULL: pull === true ? '1' : '0', TARGET_KIT_DB_WEEKLY: pull === 'weekly' ? '1' : '0' };
  const r = spawnSync(cmd, argv, { maxBuffer: 1 << 30, encoding: 'buffer', env });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const stderr = r.stderr.toString('utf8');
  const peak = /peak (\d+) KB/.exec(stderr)?.[1];
  const times = /cpu ([\d.]+) ([\d.]+)/.exec(stderr);
  const client = times ? (Number(times[1]) + Number(times[2])) * 1000 : ms;
  const server = serverCpuMs(serverPid) - before;
  const hash = createHash('sha256').update(r.stdout).digest('hex');
  log(`  ${what}: ${(ms / 1000).toFixed(1)} s, CPU ${(client / 1000).toFixed(1)} s${serverPid !== undefined ? ` + server ${(server / 1000).toFixed(1)} s` : ''}${peak ? `, peak ${(Number(peak) / 1024).toFixed(0)} MB` : ''}, ${r.stdout.length.toLocaleString('en')} bytes, sha256 ${hash.slice(0, 16)}${r.status === 0 ? '' : `; exit ${r.status}: ${stderr.slice(-500)}`}`);
  return { hash, ms, cpu: client + server, ok: r.status === 0 };
}

export const trackDbBench: BenchSection = {
  name: `track --db: ${REPS.toLocaleString('en')}-rep company, a year of daily rows, from files and from DuckDB and PostgreSQL, byte-identical`,
  async run({ log, ratio }: BenchContext): Promise<boolean> {
    const { company, reps, targets } = setUp(log, REPS);
    const dir = mkdtempSync(join(tmpdir(), 'target-kit-track-db-'));
    // the PostgreSQL server (another user when run as root) reads the CSV files with COPY
    chmodSync(dir, 0o755);
    const server = postgresBin() ? await startPostgres() : undefined;
    try {
      const targetsCsv = join(dir, 'targets.csv');
      const actualsCsv = join(dir, 'actuals.csv');
      let fd = openSync(targetsCsv, 'w');
      writeSync(fd, 'id,parent_id,name,level,base,stretch\n');
      for (const u of company.units) {
        const t = targets.get(u.id)!;
        writeSync(fd, `${u.id},${u.parent_id},${u.name},${u.level},${yuan(t.base)},${yuan(t.stretch)}\n`);
      }
      closeSync(fd);
      const days: string[] = [];
      for (let d = new Date('2026-01-01T00:00:00Z'); d.getUTCFullYear() === 2026; d.setUTCDate(d.getUTCDate() + 1)) days.push(d.toISOString().slice(0, 10));
      fd = openSync(actualsCsv, 'w');
      writeSync(fd, 'id,date,amount\n');
      let chunk = '', rows = 0;
      for (const c of dailyRows(reps, days, days.length, 2026_12_31)) {
        chunk += `${c.record.id},${c.record.date},${c.record.amount}\n`;
        if (++rows % 100_000 === 0) { writeSync(fd, chunk); chunk = ''; }
      }
      writeSync(fd, chunk);
      closeSync(fd);
      log(`${company.units.length.toLocaleString('en')} units, ${rows.toLocaleString('en')} actual rows written as CSV`);

      // DuckDB: a file with the two tables (row_no keeps the targets' file order)
      const duckFile = join(dir, 'board.duckdb');
      let t = process.hrtime.bigint();
      const instance = await DuckDBInstance.create(duckFile);
      const c = await instance.connect();
      await c.run(`CREATE TABLE targets AS SELECT row_number() OVER () AS row_no, * FROM read_csv('${targetsCsv}', header = true, columns = {'id': 'VARCHAR', 'parent_id': 'VARCHAR', 'name': 'VARCHAR', 'level': 'VARCHAR', 'base': 'DECIMAL(18,2)', 'stretch': 'DECIMAL(18,2)'})`);
      await c.run(`CREATE TABLE actuals AS SELECT * FROM read_csv('${actualsCsv}', header = true, columns = {'id': 'VARCHAR', 'date': 'VARCHAR', 'amount': 'DECIMAL(18,2)'})`);
      c.closeSync();
      instance.closeSync();
      log(`  DuckDB file loaded in ${(Number(process.hrtime.bigint() - t) / 1e9).toFixed(1)} s (not counted)`);
      let pgUrl: string | undefined;
      if (server) {
        t = process.hrtime.bigint();
        pgUrl = `postgres://postgres@127.0.0.1:${server.port}/postgres`;
        const client = new pg.Client({ connectionString: pgUrl });
        await client.connect();
        await client.query('CREATE TABLE targets (row_no BIGSERIAL, id TEXT, parent_id TEXT, name TEXT, level TEXT, base NUMERIC(18,2), stretch NUMERIC(18,2))');
        await client.query(`COPY targets (id, parent_id, name, level, base, stretch) FROM '${targetsCsv}' WITH (FORMAT csv, HEADER true)`);
        await client.query('CREATE TABLE actuals (id TEXT, date TEXT, amount NUMERIC(18,2))');
        await client.query(`COPY actuals FROM '${actualsCsv}' WITH (FORMAT csv, HEADER true)`);
        await client.query('ANALYZE actuals');
        await client.end();
        log(`  PostgreSQL loaded in ${(Number(process.hrtime.bigint() - t) / 1e9).toFixed(1)} s (not counted)`);
      } else log('  PostgreSQL is not installed (apt-get install -y postgresql): left out');

      // the board in the database, then the same rows pulled into the runtime (TARGET_KIT_DB_PULL=1), back to back
      const duck = tracked(['--db', duckFile], log, 'track --db DuckDB (the board in the database)');
      const duckPull = tracked(['--db', duckFile], log, 'track --db DuckDB, the rows pulled into JS', true);
      const post = pgUrl ? tracked(['--db', pgUrl], log, 'track --db PostgreSQL (the board in the database)', false, server?.pid) : undefined;
      const postPull = pgUrl ? tracked(['--db', pgUrl], log, 'track --db PostgreSQL, the rows pulled into JS', true, server?.pid) : undefined;
      // the booking alone in the database (by unit and week), the roll-up, lights and streaks in the runtime (TARGET_KIT_DB_WEEKLY=1)
      const postWeekly = pgUrl ? tracked(['--db', pgUrl], log, 'track --db PostgreSQL, booked by week in the database, the rest in JS', 'weekly', server?.pid) : undefined;
      const files = WITH_FILES ? tracked(['--targets', targetsCsv, '--actuals', actualsCsv], log, 'track from the files') : undefined;
      if (!WITH_FILES) log('  the file path left out (BENCH_TRACK_DB_FILES=0)');
      const reference = files ?? duck;
      const agree = [duck, duckPull, post, postPull, postWeekly].every((r) => r === undefined || (r.ok && r.hash === reference.hash)) && reference.ok;
      // CPU, the CLI's and (PostgreSQL) the server's: wall time on a shared machine is mostly waiting
      ratio(`${rows.toLocaleString('en')} rows: DuckDB, the board in the database, CPU`, duck.cpu, 'the rows pulled into JS', duckPull.cpu);
      if (post && postPull) ratio(`${rows.toLocaleString('en')} rows: PostgreSQL, the board in the database, CPU with the server's`, post.cpu, 'the rows pulled into JS', postPull.cpu);
      if (postWeekly && postPull) ratio(`${rows.toLocaleString('en')} rows: PostgreSQL, booked by week there, the rest in JS, CPU with the server's`, postWeekly.cpu, 'the rows pulled into JS', postPull.cpu);
      log(`  outputs ${agree ? 'byte-identical' : 'DIFFER'}${files ? '' : ' (the two databases)'}`);
      if (files) {
        ratio(`${rows.toLocaleString('en')} rows: --db DuckDB`, duck.ms, 'from the files', files.ms);
        if (post) ratio(`${rows.toLocaleString('en')} rows: --db PostgreSQL`, post.ms, 'from the files', files.ms);
      }
      return agree;
    } finally {
      if (server) await stopPostgres(server);
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
