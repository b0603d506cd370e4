/**
 * Hand-written adversarial cases for `track --db` against the file path (run: esbuild-bundle
 * tests/sql/adversarial/cases.ts and run it with node; RV_ONLY a regex over names); a PostgreSQL server at RV_PG
 * (default 127.0.0.1:55439) must be running.
 */
import pg from 'pg';
import { join } from 'node:path';
import { createEngine } from '../../../plugin/index.js';
import { readJson, runCase, writeJson, PG_URL, type Case, type Cell, type Table } from './harness.js';

const TCOLS: Table['columns'] = [['row_no', 'INTEGER'], ['id', 'VARCHAR'], ['parent_id', 'VARCHAR'], ['name', 'VARCHAR'], ['level', 'VARCHAR'], ['base', 'DECIMAL(18,2)', 'NUMERIC(18,2)'], ['stretch', 'DECIMAL(18,2)', 'NUMERIC(18,2)']];
const ACOLS: Table['columns'] = [['id', 'VARCHAR'], ['date', 'VARCHAR'], ['amount', 'DECIMAL(18,2)', 'NUMERIC(18,2)']];
type U = [id: string, parent: string | null, level: string, base: Cell, stretch: Cell];
const targets = (units: U[], cols = TCOLS): Table => ({ columns: cols, rows: units.map((u, i) => [i + 1, u[0], u[1], `n-${u[0]}`, u[2], u[3], u[4]]) });
const actuals = (rows: Array<[Cell, Cell, Cell]>, cols = ACOLS): Table => ({ columns: cols, rows });

const CO: U[] = [
  ['C', null, 'company', '100000.00', '120000.00'],
  ['R1', 'C', 'region', '60000.00', '70000.00'],
  ['R2', 'C', 'region', '40000.00', '50000.00'],
  ['T1', 'R1', 'team', '60000.00', '70000.00'],
  ['T2', 'R2', 'team', '40000.00', '50000.00'],
  ['a', 'T1', 'rep', '30000.00', '35000.00'],
  ['b', 'T1', 'rep', '30000.00', '35000.00'],
  ['c', 'T2', 'rep', '20000.00', '25000.00'],
  ['d', 'T2', 'rep', '20000.00', '25000.00'],
];
// weekly-ish daily rows for the reps, some weeks below threshold
function daily(ids: string[], from = '2026-04-01', to = '2026-05-08', f = (id: string, i: number) => ((i * 37 + id.charCodeAt(0) * 11) % 900) + 100.25): Array<[Cell, Cell, Cell]> {
  const out: Array<[Cell, Cell, Cell]> = [];
  for (const id of ids) {
    let i = 0;
    for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1), i++) {
      if ((i + id.length) % 3 === 0) continue;
      out.push([id, d.toISOString().slice(0, 10), f(id, i).toFixed(2)]);
    }
  }
  return out;
}
const P = ['--period', '2026-Q2', '--as-of', '2026-05-08', '--lang', 'en', '--out', 'csv'];
const PJ = ['--period', '2026-Q2', '--as-of', '2026-05-08', '--lang', 'en', '--out', 'json'];

function editRules(dir: string, edit: (rules: Record<string, any>) => void) {
  const f = join(dir, 'rules/tracking.rules.json');
  const j = readJson(f);
  const byId = Object.fromEntries(j.rules.map((r: any) => [r.id, r]));
  edit(byId);
  // the rules' own examples are checked by the loader: one computed by the engine where the logic changed
  for (const r of j.rules) {
    if (r.examples) continue;
    const data = Object.fromEntries(r.inputs.map((i: any) => [i.name, 1]));
    r.examples = [{ data, expect: createEngine().apply(r.logic, data) }];
  }
  writeJson(f, j);
}
function editParams(dir: string, edit: (p: Record<string, any>) => void) {
  const f = join(dir, 'parameters/tracking.json');
  const j = readJson(f);
  edit(j.parameters);
  writeJson(f, j);
}
const noExamples = (r: any) => { delete r.examples; delete r.tests; };

const CASES: Case[] = [
  { name: 'base', targets: targets(CO), actuals: actuals(daily(['a', 'b', 'c', 'd'])), args: P },
  { name: 'base-json-grey', targets: targets(CO), actuals: actuals(daily(['a', 'c'])), args: [...PJ, '--missing', 'grey'] },
  { name: 'one-unit', targets: targets([['solo', null, 'company', '5000.00', '6000.00']]), actuals: actuals(daily(['solo'])), args: P },
  { name: 'one-rep-company', targets: targets([['solo', null, 'rep', '5000.00', '6000.00']]), actuals: actuals(daily(['solo'])), args: P },
  { name: 'no-actuals-at-all', targets: targets(CO), actuals: actuals([]), args: P },
  { name: 'no-actuals-grey', targets: targets(CO), actuals: actuals([]), args: [...PJ, '--missing', 'grey'] },
  { name: 'actuals-all-before', targets: targets(CO), actuals: actuals(daily(['a', 'b'], '2026-01-05', '2026-03-31')), args: PJ },
  { name: 'asof-before-period', targets: targets(CO), actuals: actuals(daily(['a', 'b'])), args: ['--period', '2026-Q3', '--as-of', '2026-05-08', '--lang', 'en', '--out', 'json'] },
  { name: 'asof-after-period', targets: targets(CO), actuals: actuals(daily(['a', 'b'])), args: ['--period', '2026-04', '--as-of', '2026-06-08', '--lang', 'en', '--out', 'csv'] },
  { name: 'unknown-unit', targets: targets(CO), actuals: actuals([['zz', '2026-04-10', '5.00'], ...daily(['a'])]), args: P },
  { name: 'days-outside', targets: targets(CO), actuals: actuals([['a', '2025-12-31', '99.00'], ['a', '2026-09-01', '7.00'], ['b', '2026-06-30', '8.00'], ...daily(['a', 'b'])]), args: P },
  { name: 'duplicates', targets: targets(CO), actuals: actuals([...daily(['a', 'b']), ...daily(['a', 'b'])]), args: P },
  { name: 'negative', targets: targets(CO), actuals: actuals(daily(['a', 'b', 'c'], undefined, undefined, (id, i) => (i % 4 === 0 ? -900.01 : 300.5))), args: P },
  { name: 'all-negative', targets: targets(CO), actuals: actuals(daily(['a', 'b', 'c', 'd'], undefined, undefined, () => -1000.33)), args: PJ },
  { name: 'max-fen-row', targets: targets(CO), actuals: actuals([['a', '2026-04-10', '9999999999999.99'], ['b', '2026-04-10', '1.00']]), args: P },
  { name: 'past-max-fen-row', targets: targets(CO), actuals: actuals([['a', '2026-04-10', '10000000000000.00'], ['b', '2026-04-10', '1.00']]), args: P },
  { name: 'sum-past-max', targets: targets(CO), actuals: actuals([['a', '2026-04-10', '9999999999999.99'], ['a', '2026-04-11', '9999999999999.99']]), args: P },
  { name: 'sum-past-max-two-units', targets: targets(CO), actuals: actuals([['a', '2026-04-10', '9999999999999.99'], ['b', '2026-04-11', '9999999999999.99']]), args: P },
  { name: 'sum-past-max-cancel', targets: targets(CO), actuals: actuals([['a', '2026-04-10', '9999999999999.99'], ['a', '2026-04-11', '9999999999999.99'], ['a', '2026-04-12', '-9999999999999.99']]), args: P },
  { name: 'sum-past-2p53', targets: targets(CO), actuals: actuals(Array.from({ length: 10 }, (_, i): [Cell, Cell, Cell] => ['a', `2026-04-${String(1 + i).padStart(2, '0')}`, '9999999999999.99'])), args: P },
  { name: 'sum-past-bigint', targets: targets(CO), actuals: actuals(Array.from({ length: 10_000 }, (_, i): [Cell, Cell, Cell] => ['a', `2026-04-${String(1 + (i % 28)).padStart(2, '0')}`, '9999999999999.99'])), args: P },
  { name: 'sum-past-bigint-weeks', targets: targets(CO), actuals: actuals(Array.from({ length: 10_000 }, (_, i): [Cell, Cell, Cell] => [i % 2 ? 'a' : 'b', i % 3 ? '2026-W15' : '2026-04', '9999999999999.99'])), args: P },
  { name: 'decimal-digits', targets: targets(CO), actuals: actuals([['a', '2026-04-10', '1.10000000'], ['b', '2026-04-10', '2.00000000']], [['id', 'VARCHAR'], ['date', 'VARCHAR'], ['amount', 'DECIMAL(30,8)', 'NUMERIC(30,8)']]), args: P },
  { name: 'decimal-bad', targets: targets(CO), actuals: actuals([['a', '2026-04-10', '1.12345678']], [['id', 'VARCHAR'], ['date', 'VARCHAR'], ['amount', 'DECIMAL(30,8)', 'NUMERIC(30,8)']]), args: P },
  { name: 'numeric-unbounded', targets: targets(CO), actuals: actuals([['a', '2026-04-10', '123.4'], ['b', '2026-04-12', '0.5']], [['id', 'VARCHAR'], ['date', 'VARCHAR'], ['amount', 'DECIMAL(18,2)', 'NUMERIC']]), args: P },
  { name: 'text-amounts', targets: targets(CO), actuals: actuals([['a', '2026-04-10', '1,200.50'], ['b', '2026-04-10', ' 12 ']], [['id', 'VARCHAR'], ['date', 'VARCHAR'], ['amount', 'VARCHAR', 'TEXT']]), args: P },
  { name: 'double-amounts', targets: targets(CO), actuals: actuals([['a', '2026-04-10', 12.5], ['b', '2026-04-10', 3]], [['id', 'VARCHAR'], ['date', 'VARCHAR'], ['amount', 'DOUBLE', 'DOUBLE PRECISION']]), args: P },
  { name: 'bigint-amounts', targets: targets(CO), actuals: actuals([['a', '2026-04-10', 12], ['b', '2026-04-10', 3]], [['id', 'VARCHAR'], ['date', 'VARCHAR'], ['amount', 'BIGINT']]), args: P },
  { name: 'null-amount', targets: targets(CO), actuals: actuals([['a', '2026-04-10', null], ...daily(['b'])]), args: P },
  { name: 'null-id', targets: targets(CO), actuals: actuals([[null, '2026-04-10', '1.00'], ...daily(['b'])]), args: P },
  { name: 'empty-id', targets: targets(CO), actuals: actuals([['', '2026-04-10', '1.00'], ...daily(['b'])]), args: P },
  { name: 'null-date', targets: targets(CO), actuals: actuals([['a', null, '1.00'], ...daily(['b'])]), args: P },
  { name: 'date-kinds', targets: targets(CO), actuals: actuals([['a', '2026-04', '3000.00'], ['b', '2026-W16', '700.00'], ['c', '2026-Q2', '9000.00'], ['d', '2026-04-15T23:30:00+00:00', '5.00'], ['a', '2026/4/20', '6.00'], ['b', ' 2026-04-21 ', '7.00']]), args: P },
  { name: 'date-type', targets: targets(CO), actuals: actuals([['a', '2026-04-10', '1.00'], ['b', '2026-04-20', '2.00']], [['id', 'VARCHAR'], ['date', 'DATE'], ['amount', 'DECIMAL(18,2)']]), args: P },
  { name: 'timestamptz-type', targets: targets(CO), actuals: actuals([['a', '2026-04-10 23:30:00+00', '1.00'], ['b', '2026-04-20 01:00:00+08', '2.00']], [['id', 'VARCHAR'], ['date', 'TIMESTAMPTZ'], ['amount', 'DECIMAL(18,2)']]), args: P },
  {
    name: 'unicode-ids', args: P,
    targets: targets([['公司', null, 'company', '100000.00', '120000.00'], ['华东', '公司', 'region', '50000.00', '60000.00'], ["o'brien", '华东', 'rep', '20000.00', '25000.00'], ['🚀', '华东', 'rep', '20000.00', '25000.00'], ["'; DROP TABLE actuals; --", '公司', 'rep', '10000.00', '12000.00'], ['back\\slash', '公司', 'rep', '10000.00', '12000.00'], ['q"uote', '公司', 'rep', '10000.00', '12000.00']]),
    actuals: actuals(daily(['华东', "o'brien", '🚀', "'; DROP TABLE actuals; --", 'back\\slash', 'q"uote'])),
  },
  {
    name: 'case-ids', args: P,
    targets: targets([['C', null, 'company', '100000.00', '120000.00'], ['r', 'C', 'rep', '50000.00', '60000.00'], ['R', 'C', 'rep', '50000.00', '60000.00']]),
    actuals: actuals(daily(['r', 'R'])),
  },
  {
    name: 'space-ids', args: P,
    targets: targets(CO),
    actuals: actuals([['a ', '2026-04-10', '10.00'], [' b', '2026-04-11', '11.00'], ['c\t', '2026-04-12', '12.00'], ['d\u3000', '2026-04-13', '13.00']]),
  },
  {
    name: 'space-ids-targets', args: P,
    targets: targets([['C', null, 'company', '100000.00', '120000.00'], [' r1 ', 'C', 'rep', '50000.00', '60000.00'], ['r2', ' C', 'rep', '50000.00', '60000.00']]),
    actuals: actuals([['r1', '2026-04-10', '10.00'], ['r2', '2026-04-11', '11.00']]),
  },
  { name: 'two-levels', targets: targets([['C', null, 'company', '10000.00', '12000.00'], ...['a', 'b', 'c'].map((x): U => [x, 'C', 'rep', '3000.00', '4000.00'])]), actuals: actuals(daily(['a', 'b'])), args: P },
  {
    name: 'six-levels', args: PJ,
    targets: targets([['C', null, 'company', '100000.00', '120000.00'], ['G', 'C', 'region', '100000.00', '120000.00'], ['R', 'G', 'region', '100000.00', '120000.00'], ['T', 'R', 'team', '100000.00', '120000.00'], ['S', 'T', 'team', '100000.00', '120000.00'], ['x', 'S', 'rep', '50000.00', '60000.00'], ['y', 'S', 'rep', '50000.00', '60000.00']]),
    actuals: actuals(daily(['x', 'y', 'S', 'T'])),
  },
  { name: 'no-level-column', targets: { columns: TCOLS.filter((c) => c[0] !== 'level'), rows: CO.map((u, i) => [i + 1, u[0], u[1], `n-${u[0]}`, u[3], u[4]]) }, actuals: actuals(daily(['a', 'b', 'c'])), args: P },
  { name: 'null-targets', targets: targets(CO.map((u, i): U => (i % 3 === 1 ? [u[0], u[1], u[2], null, null] : u))), actuals: actuals(daily(['a', 'b', 'c', 'd'])), args: P },
  { name: 'zero-targets', targets: targets(CO.map((u, i): U => (i % 2 ? [u[0], u[1], u[2], '0.00', '0.00'] : u))), actuals: actuals(daily(['a', 'b', 'c', 'd'])), args: P },
  { name: 'month', targets: targets(CO), actuals: actuals(daily(['a', 'b', 'c', 'd'])), args: ['--period', '2026-04', '--as-of', '2026-04-28', '--lang', 'en', '--out', 'csv'] },
  { name: 'week', targets: targets(CO), actuals: actuals(daily(['a', 'b', 'c', 'd'])), args: ['--period', '2026-W16', '--as-of', '2026-04-30', '--lang', 'en', '--out', 'csv'] },
  { name: 'year-asof-default', targets: targets(CO), actuals: actuals(daily(['a', 'b', 'c', 'd'])), args: ['--period', '2026', '--lang', 'en', '--out', 'csv'] },
  { name: 'half', targets: targets(CO), actuals: actuals(daily(['a', 'b', 'c', 'd'])), args: ['--period', '2026-H1', '--as-of', '2026-05-20', '--lang', 'en', '--out', 'csv'] },
  { name: 'to-date', targets: targets(CO), actuals: actuals(daily(['a', 'b', 'c', 'd'])), args: [...P, '--basis', 'to-date'] },
  { name: 'preset', targets: targets(CO), actuals: actuals(daily(['a', 'b', 'c', 'd'])), args: [...PJ, '--preset', 'green90-yellow70'] },
  {
    name: 'rules-if-and-or', targets: targets(CO), actuals: actuals(daily(['a', 'b', 'c', 'd'])), args: PJ,
    bundle: (d) => editRules(d, (r) => {
      noExamples(r['traffic-light']);
      r['traffic-light'].logic = { if: [{ or: [{ '<=': [{ var: 'target' }, 0] }, { and: [{ '<': [{ var: 'actual' }, 0] }, false] }] }, 'grey',
        { and: [{ '>=': [{ var: 'actual' }, { '*': [{ var: 'target' }, 0.5] }] }, { '>': [{ var: 'actual' }, 1000] }] }, 'green',
        { '>=': [{ '%': [{ var: 'actual' }, 7] }, 3] }, 'yellow', 'red'] };
    }),
  },
  {
    name: 'rules-min-max-clamp', targets: targets(CO), actuals: actuals(daily(['a', 'b', 'c', 'd'])), args: PJ,
    bundle: (d) => editRules(d, (r) => {
      noExamples(r['traffic-light']);
      r['traffic-light'].logic = { if: [{ '<=': [{ var: 'target' }, 0] }, 'grey',
        { '>=': [{ clamp: [{ ratio: [{ var: 'actual' }, { var: 'target' }, 0] }, 0, 1] }, 0.25] }, 'green',
        { '>=': [{ round: [{ max: [{ var: 'actual' }, { min: [{ var: 'target' }, 5000] }] }, 0] }, 5000] }, 'yellow', 'red'] };
      noExamples(r['week-below-threshold']);
      r['week-below-threshold'].logic = { '<': [{ max: [{ var: 'rate' }, 0] }, 0.9] };
      noExamples(r['health-off-track']);
      r['health-off-track'].logic = { or: [{ '>': [{ var: 'deviation' }, 0.05] }, { '!': { var: 'deviation' } }] };
    }),
  },
  {
    name: 'rules-var-default-missing', targets: targets(CO), actuals: actuals(daily(['a', 'b', 'c', 'd'])), args: PJ,
    bundle: (d) => editRules(d, (r) => {
      noExamples(r['traffic-light']);
      r['traffic-light'].logic = { if: [{ missing: ['target'] }, 'grey', { '<=': [{ var: ['target', 1] }, 0] }, 'grey', { '>': [{ '/': [{ var: 'actual' }, { var: 'target' }] }, 0.3] }, 'green', 'red'] };
      noExamples(r['week-below-threshold']);
      r['week-below-threshold'].logic = { if: [{ missing: ['rate'] }, true, { '<': [{ var: ['rate', 0] }, 0.5] }] };
    }),
  },
  {
    // a light that reads a further column of the targets table, by the name the rule gives it
    name: 'rules-record-column', args: PJ,
    targets: { columns: [...TCOLS, ['floor', 'DECIMAL(18,2)', 'NUMERIC(18,2)']], rows: CO.map((u, i) => [i + 1, u[0], u[1], `n-${u[0]}`, u[2], u[3], u[4], i % 2 ? '5000.00' : null]) },
    actuals: actuals(daily(['a', 'b', 'c', 'd'])),
    bundle: (d) => editRules(d, (r) => {
      noExamples(r['traffic-light']);
      r['traffic-light'].inputs.push({ name: 'floor', type: 'number', required: false, description: { zh: '底线', en: 'floor' } });
      r['traffic-light'].logic = { if: [{ '<=': [{ var: 'target' }, 0] }, 'grey', { '>=': [{ var: 'actual' }, { var: ['floor', 1e9] }] }, 'green', { '>': [{ '/': [{ var: 'actual' }, { var: 'target' }] }, 0.5] }, 'yellow', 'red'] };
    }),
  },
  {
    name: 'params-weeks', targets: targets(CO), actuals: actuals(daily(['a', 'b', 'c', 'd'])), args: PJ,
    bundle: (d) => editParams(d, (p) => {
      p.escalation = { ...p.escalation, weeklyThreshold: 1.2, noticeWeeks: 1, coachingWeeks: 3 };
      p.health = { deviation: 0.0001, weeks: 1 };
      p.lights = { green: { from: 0.3333, inclusive: true }, yellow: { from: 0.1, inclusive: false } };
    }),
  },
  {
    name: 'params-weeks-long', targets: targets(CO), actuals: actuals(daily(['a', 'b', 'c', 'd'])), args: PJ,
    bundle: (d) => editParams(d, (p) => {
      p.escalation = { ...p.escalation, weeklyThreshold: 2, noticeWeeks: 5, coachingWeeks: 6 };
      p.health = { deviation: 0.01, weeks: 4 };
    }),
  },
];

const only = process.env.RV_ONLY ? new RegExp(process.env.RV_ONLY) : undefined;
const client = new pg.Client({ connectionString: PG_URL });
await client.connect();
let bad = 0;
for (const c of CASES) {
  if (only && !only.test(c.name)) continue;
  const o = await runCase(c, client);
  const codes = `file ${o.file.code} duck ${o.duck.code} pg ${o.pg?.code}`;
  if (o.same) console.log(`same  ${c.name} (${codes})${process.env.RV_SHOW ? `\n${o.file.stderr.slice(0, 1500)}\n${o.file.stdout.slice(0, 600)}` : ""}`);
  else { bad++; console.log(`DIFF  ${c.name} (${codes})\n${o.diff}\n`); }
}
await client.end();
console.log(`${bad} differ`);
