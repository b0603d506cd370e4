/**
 * Seeded random companies for `track --db` against the file path (outside npm test): a random
 * tree (1-4 levels, a few to a few dozen units, null and zero targets), random actuals (days in
 * and out of the period, week, month and quarter rows, negatives, duplicates, cents, amounts
 * near the largest), a random period and as-of day, and random light, escalation and health
 * parameters. Run: /tmp/rv/run.sh tests/sql/adversarial/random-companies.ts (RV_N, RV_SEED).
 */
import fc from 'fast-check';
import pg from 'pg';
import { join } from 'node:path';
import { readJson, runCase, writeJson, PG_URL, type Case, type Cell } from './harness.js';

const TCOLS: Case['targets']['columns'] = [['row_no', 'INTEGER'], ['id', 'VARCHAR'], ['parent_id', 'VARCHAR'], ['name', 'VARCHAR'], ['level', 'VARCHAR'], ['base', 'DECIMAL(18,2)', 'NUMERIC(18,2)'], ['stretch', 'DECIMAL(18,2)', 'NUMERIC(18,2)']];
const ACOLS: Case['actuals']['columns'] = [['id', 'VARCHAR'], ['date', 'VARCHAR'], ['amount', 'DECIMAL(18,2)', 'NUMERIC(18,2)']];
// (the levels a unit may carry, top down)
const LEVELS = ['company', 'region', 'team', 'rep'];

function company(rnd: () => number, n: number): Array<[string, string | null, string, Cell, Cell]> {
  const units: Array<[string, string | null, string, Cell, Cell]> = [];
  const depth = 1 + Math.floor(rnd() * 4);
  const ids = ['C'];
  const lvl = new Map<string, number>([['C', 0]]);
  const money = () => (rnd() < 0.08 ? null : rnd() < 0.08 ? '0.00' : (Math.floor(rnd() * 5e6) / 100 + 1000).toFixed(2));
  const b0 = money();
  units.push(['C', null, 'company', b0, b0]);
  for (let i = 1; i < n && depth > 1; i++) {
    const parents = ids.filter((id) => lvl.get(id)! < depth - 1);
    const parent = parents[Math.floor(rnd() * parents.length)]!;
    const l = lvl.get(parent)! + 1;
    const id = `${['R', 'T', 'p'][l - 1]}${i}`;
    ids.push(id);
    lvl.set(id, l);
    const b = money();
    const s = b === null ? null : rnd() < 0.2 ? null : (Number(b) * (1 + rnd() * 0.3)).toFixed(2);
    units.push([id, parent, LEVELS[l === depth - 1 ? 3 : l]!, b, s]);
  }
  return units;
}

const DAYS = (from: string, to: string) => {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) out.push(d.toISOString().slice(0, 10));
  return out;
};
const ALL_DAYS = DAYS('2026-01-01', '2026-12-31');
const PERIOD_KEYS = ['2026-04', '2026-05', '2026-W15', '2026-W18', '2026-W19', '2026-Q2', '2026-03'];

function caseOf(seed: number): Case {
  const rnd = fc.sample(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { numRuns: 1, seed })[0]!;
  let state = rnd || 1;
  const r = () => { state = (state * 48271) % 2147483647; return state / 2147483647; };
  const units = company(r, 2 + Math.floor(r() * 30));
  const ids = units.map((u) => u[0]);
  const rows: Array<[Cell, Cell, Cell]> = [];
  const nrows = Math.floor(r() * 400);
  const periodRows = r() < 0.5;
  for (let i = 0; i < nrows; i++) {
    const id = ids[Math.floor(r() * ids.length)]!;
    const date = periodRows && r() < 0.1 ? PERIOD_KEYS[Math.floor(r() * PERIOD_KEYS.length)]! : ALL_DAYS[60 + Math.floor(r() * 120)]!;
    const big = r() < 0.01;
    const amount = big ? (r() < 0.5 ? '9999999999.99' : '-9999999999.99') : ((r() < 0.15 ? -1 : 1) * Math.floor(r() * 2e6) / 100).toFixed(2);
    // ids as a spreadsheet leaves them now and then; times with their offsets
    const shown = r() < 0.04 ? `${id} ` : r() < 0.02 ? `\u3000${id}` : id;
    const when = r() < 0.05 && date.length === 10 ? `${date}T${r() < 0.5 ? '23:30:00+00:00' : '00:10:00+08:00'}` : date;
    rows.push([shown, when, amount]);
    if (r() < 0.05) rows.push([id, date, amount]);
  }
  const periods = ['2026-Q2', '2026-04', '2026-05', '2026-W17', '2026-H1'];
  const period = periods[Math.floor(r() * periods.length)]!;
  const asOf = ALL_DAYS[85 + Math.floor(r() * 70)]!;
  const g = [0.5, 0.8, 0.9, 0.95, 1][Math.floor(r() * 5)]!;
  const y = [0.3, 0.6, 0.7, 0.75][Math.floor(r() * 4)]!;
  const lights = { green: { from: Math.max(g, y + 0.01), inclusive: r() < 0.5 }, yellow: { from: y, inclusive: r() < 0.5 } };
  const notice = 1 + Math.floor(r() * 3);
  const escalation = { weeklyThreshold: [0.3, 0.7, 1, 1.5][Math.floor(r() * 4)]!, noticeWeeks: notice, coachingWeeks: notice + Math.floor(r() * 3) };
  const health = { deviation: [0.05, 0.15, 0.5, 0.9][Math.floor(r() * 4)]!, weeks: 1 + Math.floor(r() * 3) };
  const out = r() < 0.5 ? 'csv' : 'json';
  const extra = [...(r() < 0.3 ? ['--missing', 'grey'] : []), ...(r() < 0.2 ? ['--basis', 'to-date'] : []), ...(r() < 0.2 ? ['--preset', 'green90-yellow70'] : [])];
  return {
    name: `seed ${seed}: ${units.length} units, ${rows.length} rows, ${period} as of ${asOf} ${extra.join(' ')}`,
    targets: { columns: TCOLS, rows: units.map((u, i) => [i + 1, u[0], u[1], `n${u[0]}`, u[2], u[3], u[4]]) },
    actuals: { columns: ACOLS, rows },
    args: ['--period', period, '--as-of', asOf, '--lang', 'en', '--out', out, ...extra],
    bundle: (dir) => {
      const f = join(dir, 'parameters/tracking.json');
      const j = readJson(f);
      j.parameters.lights = lights;
      j.parameters.escalation = { ...j.parameters.escalation, ...escalation };
      j.parameters.health = health;
      if (!periodRows) delete j.parameters.booking;
      writeJson(f, j);
    },
  };
}

const N = Number(process.env.RV_N ?? 100);
const SEED = Number(process.env.RV_SEED ?? 1);
const client = new pg.Client({ connectionString: PG_URL });
await client.connect();
let bad = 0;
const codes = new Map<string, number>();
for (let i = 0; i < N; i++) {
  const c = caseOf(SEED * 100_000 + i);
  const o = await runCase(c, client);
  const k = `file ${o.file.code} duck ${o.duck.code} pg ${o.pg?.code}`;
  codes.set(k, (codes.get(k) ?? 0) + 1);
  if (!o.same) { bad++; console.log(`DIFF  ${c.name}\n${o.diff.slice(0, 4000)}\n`); } else if (process.env.RV_SHOW && o.file.code) console.log(`refused ${c.name}: ${o.file.stderr.slice(0, 300)}`);
}
await client.end();
console.log(`${N} cases, ${bad} differ; exit codes ${JSON.stringify([...codes])}`);
