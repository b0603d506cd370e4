/**
 * The SQL compiler against the JS engine, on three databases: the bundle's own rule examples,
 * the official JsonLogic cases the compiler accepts, and seeded random typed rules over rows
 * with nulls, zeros, negatives, text numbers and values at the edge of the declared ranges.
 * Results must be identical (NaN is NaN; -0 counts as 0, as SQL has no negative zero to show).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compileRuleToSql, compileToSql, createEngine, fenToYuan, labelOfCode, loadBundle, MAX_FEN, type SqlCompileResult, type SqlDialect, type SqlInput,
} from '../../plugin/index.js';
import { defaultBundleFiles } from '../support/default-bundle.js';
import { duckdbOracle, pgliteOracle, postgresOracle, valuesQuery, type Oracle } from './oracles.js';
import { randomCondition, randomRule, ROW_INPUTS, rowsArbitrary, WHOLE_INPUTS, wholeRowsArbitrary, wholeRule } from './random-rules.js';

const engine = createEngine();
const same = (a: unknown, b: unknown): boolean => Object.is(a === 0 ? 0 : a, b === 0 ? 0 : b);

interface Case { data?: (row: Record<string, unknown>) => unknown; label: string; logic: unknown; params?: Record<string, unknown>; inputs: Record<string, SqlInput>; rows: Array<Record<string, unknown>>; compiled: Partial<Record<SqlDialect, SqlCompileResult>> }

/** Runs accepted cases in batches sharing one input schema; returns the mismatches, described. */
async function differences(oracle: Oracle, cases: Case[]): Promise<string[]> {
  const out: string[] = [];
  const groups = new Map<string, Case[]>();
  for (const c of cases) {
    const r = c.compiled[oracle.dialect];
    if (!r?.ok) continue;
    const key = JSON.stringify(c.inputs) + JSON.stringify(c.rows);
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  for (const group of groups.values()) {
    for (let start = 0; start < group.length; start += 60) {
      const batch = group.slice(start, start + 60);
      const { inputs, rows } = batch[0]!;
      const got = await oracle.run(inputs, rows, batch.map((c) => (c.compiled[oracle.dialect] as { sql: string }).sql));
      batch.forEach((c, j) => {
        const run = engine.compile(c.logic, c.params ? { params: c.params } : {});
        rows.forEach((row, i) => {
          const want = run(c.data ? c.data(row) : row);
          const sqlValue = got[i]![j];
          if (!same(want, sqlValue)) {
            out.push(`${c.label}: ${JSON.stringify(c.logic)} on ${JSON.stringify(row)}: JS ${String(want)}, ${oracle.name} ${String(sqlValue)}\n  ${(c.compiled[oracle.dialect] as { sql: string }).sql}`);
          }
        });
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------- the cases

const loaded = loadBundle(defaultBundleFiles());
if (!loaded.ok) throw new Error('default bundle does not load');
const bundle = loaded.bundle;

function bundleCases(): Case[] {
  const cases: Case[] = [];
  for (const rule of bundle.rules.values()) {
    const compiled = {
      postgres: compileRuleToSql(rule.def, { dialect: 'postgres', params: bundle.parameters, pointer: rule.pointer }),
      duckdb: compileRuleToSql(rule.def, { dialect: 'duckdb', params: bundle.parameters, pointer: rule.pointer }),
    };
    const inputs: Record<string, SqlInput> = {};
    for (const input of rule.def.inputs) {
      if (input.type === 'number' || input.type === 'integer' || input.type === 'string' || input.type === 'boolean') {
        inputs[input.name] = { type: input.type, nullable: input.required === false };
      }
    }
    const rows = rule.def.examples
      .filter((e) => e.expectError === undefined && e.params === undefined)
      .map((e) => Object.fromEntries(rule.def.inputs.map((i) => [i.name, e.data[i.name] ?? null])))
      .filter((row) => rule.def.inputs.every((i) => {
        const v = row[i.name];
        if (v === null) return i.required === false;
        return i.type === 'string' ? typeof v === 'string' : i.type === 'boolean' ? typeof v === 'boolean' : typeof v === 'number' && Number.isFinite(v);
      }));
    if (rows.length) cases.push({ label: `rule ${rule.id}`, logic: rule.def.logic, params: bundle.parameters, inputs, rows, compiled });
  }
  return cases;
}

type Official = [unknown, unknown, unknown];
const official = (JSON.parse(readFileSync(new URL('../fixtures/jsonlogic/tests.json', import.meta.url), 'utf8')) as unknown[])
  .filter((t): t is Official => Array.isArray(t));

/** Inputs typed from the case's own data: each top-level scalar is a column, its range its own value. */
function officialCases(): Case[] {
  const cases: Case[] = [];
  official.forEach(([logic, data], n) => {
    if (data !== null && (typeof data !== 'object' || Array.isArray(data))) return;
    const inputs: Record<string, SqlInput> = {};
    const row: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(data ?? {})) {
      if (typeof v === 'number' && Number.isFinite(v)) inputs[k] = { type: 'number', maxAbs: Math.abs(v), minAbs: Math.abs(v) || 1 };
      else if (typeof v === 'string') inputs[k] = { type: 'string' };
      else if (typeof v === 'boolean') inputs[k] = { type: 'boolean' };
      else if (v === null) inputs[k] = { type: 'number', nullable: true };
      else continue;
      row[k] = v;
    }
    // a VALUES list needs a column
    if (Object.keys(inputs).length === 0) { inputs['_'] = { type: 'integer' }; row['_'] = 0; }
    const compiled = {
      postgres: compileToSql(logic, { dialect: 'postgres', inputs }),
      duckdb: compileToSql(logic, { dialect: 'duckdb', inputs }),
    };
    cases.push({ label: `tests.json #${n}`, logic, inputs, rows: [row], compiled });
  });
  return cases;
}

const SEED = 20261207;
function randomCases(count: number, inputs = ROW_INPUTS, rowsOf = rowsArbitrary, seed = SEED, label = 'random', rule: fc.Arbitrary<unknown> = randomRule): Case[] {
  const rules = fc.sample(rule, { numRuns: count, seed });
  const rows = fc.sample(rowsOf, { numRuns: 1, seed: seed + 1 })[0]!;
  return rules.map((logic, i) => ({
    label: `${label} #${i}`,
    logic,
    inputs,
    rows,
    compiled: {
      postgres: compileToSql(logic, { dialect: 'postgres', inputs }),
      duckdb: compileToSql(logic, { dialect: 'duckdb', inputs }),
    },
  }));
}

/**
 * streak over period series, as window functions: seeded random series (nulls for periods with
 * no data, zeros, -0, negatives, values either side of the thresholds) and random conditions on
 * the point ({"var": ""}). Each row is one point; the rule's value there is its value on the
 * series up to that point, which the JS engine gets from the array's prefix.
 */
const SERIES_INPUTS: Record<string, SqlInput> = {
  s: { type: 'integer' },
  o: { type: 'integer' },
  v: { type: 'number', nullable: true },
  weeks: { type: 'number', nullable: true, column: '"v"', series: { partitionBy: ['"s"'], ordinal: '"o"' } },
};
const POINT = [null, null, 0, -0, 1, -1, 0.5, 0.6, 0.7, 0.69999, 0.70001, 0.85, 1.2, 1e15, -1e15, 1e-9];
const item = { var: '' };
const pointCondition = fc.letrec<{ c: unknown }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small' },
    fc.tuple(fc.constantFrom('<', '<=', '>', '>='), fc.constantFrom(0, 0.6, 0.7, 0.8, 1)).map(([op, x]) => ({ [op]: [item, x] })),
    fc.tuple(fc.constantFrom('<', '<='), fc.constantFrom(0, 0.5), fc.constantFrom(0.7, 0.9)).map(([op, lo, hi]) => ({ [op]: [lo, item, hi] })),
    fc.constantFrom({ '==': [item, null] }, { '!': [item] }, { '!!': [item] }, { '===': [item, 0] }),
    fc.tuple(fc.constantFrom(100, -1, 0.5), fc.constantFrom(70, 0, -50)).map(([k, x]) => ({ '<': [{ '*': [item, k] }, x] })),
    fc.tuple(fc.constantFrom('and', 'or'), fc.array(tie('c'), { minLength: 1, maxLength: 3 })).map(([op, xs]) => ({ [op]: xs })),
  ),
})).c;
const seriesArbitrary = fc.array(fc.array(fc.constantFrom(...POINT), { minLength: 1, maxLength: 12 }), { minLength: 30, maxLength: 30 });

function seriesCases(count: number): Case[] {
  const conditions = fc.sample(pointCondition, { numRuns: count, seed: SEED + 2 });
  const series = fc.sample(seriesArbitrary, { numRuns: 1, seed: SEED + 3 })[0]!;
  const rows = series.flatMap((points, s) => points.map((v, i) => ({ s, o: i + 1, v })));
  return conditions.map((cond, i) => {
    const logic = { streak: [{ var: 'weeks' }, cond] };
    return {
      label: `series #${i}`, logic, inputs: SERIES_INPUTS, rows,
      compiled: {
        postgres: compileToSql(logic, { dialect: 'postgres', inputs: SERIES_INPUTS }),
        duckdb: compileToSql(logic, { dialect: 'duckdb', inputs: SERIES_INPUTS }),
      },
      // the point's series up to it, as the JS engine reads the array
      data: (row: Record<string, unknown>) => ({ weeks: series[row.s as number]!.slice(0, row.o as number) }),
    };
  });
}

/**
 * Label codes: if-cascades (nested too, with and without an else) of literal texts and null
 * over random conditions, compiled as codes and named after (labelOfCode), as a query that
 * groups by a light's code reads them: the engine's text on every row.
 */
const labelLeaf = fc.constantFrom('green', 'yellow', 'red', "it's", null);
// conditions both dialects compile (DuckDB refuses exact decisions): the codes are what is tested here
const compiledCondition = randomCondition.filter((c) => compileToSql({ '!': [c] }, { dialect: 'duckdb', inputs: ROW_INPUTS }).ok);
const labelIf = (result: fc.Arbitrary<unknown>) => fc.tuple(fc.array(fc.tuple(compiledCondition, result), { minLength: 1, maxLength: 2 }), fc.boolean(), result)
  .map(([pairs, hasElse, otherwise]) => ({ if: [...pairs.flat(), ...(hasElse ? [otherwise] : [])] }));
const labelRule = labelIf(fc.letrec<{ r: unknown }>((tie) => ({ r: fc.oneof({ depthSize: 'small' }, labelLeaf, labelIf(tie('r'))) })).r);
const labelCoded = (logic: unknown, dialect: SqlDialect): SqlCompileResult => {
  const r = compileToSql(logic, { dialect, inputs: ROW_INPUTS, labelCodes: true });
  return r.ok ? { ...r, sql: labelOfCode(r.sql, r.labels!) } : r;
};
function labelCases(count: number): Case[] {
  const rules = fc.sample(labelRule, { numRuns: count, seed: SEED + 20 });
  const rows = fc.sample(rowsArbitrary, { numRuns: 1, seed: SEED + 1 })[0]!;
  return rules.map((logic, i) => ({
    label: `labels #${i}`, logic, inputs: ROW_INPUTS, rows,
    compiled: { postgres: labelCoded(logic, 'postgres'), duckdb: labelCoded(logic, 'duckdb') },
  }));
}

/**
 * Exact decisions on fen amounts (INTEGER columns): the bundle's traffic light under each light
 * preset, and ratios against decimals with and without a sign guard, compile to whole-number
 * comparisons (9·target <= 10·actual) in both dialects; rows at the boundaries, zero and
 * negative targets, and INTEGER's edges.
 */
const FEN_INPUTS: Record<string, SqlInput> = { actual: { type: 'number', sqlInteger: 'INTEGER' }, target: { type: 'number', sqlInteger: 'INTEGER' } };
function fenCases(): Case[] {
  const light = bundle.rules.get('traffic-light')!;
  const presets = bundle.parameters.lightPresets as Record<string, unknown>;
  const edges = [2 ** 31 - 1, -(2 ** 31)];
  const rows = [0, -100, 1, 3, 100, 1000, ...edges].flatMap((target) => [0, 1, 2, 59, 60, 61, 69, 70, 80, 81, 89, 90, 91, 900, 899, -90, ...edges].map((actual) => ({ actual, target })));
  const ratioOf = { '/': [{ var: 'actual' }, { var: 'target' }] };
  const logics: Array<{ logic: unknown; params?: Record<string, unknown> }> = [
    ...[bundle.parameters.lights, ...Object.values(presets)].map((lights) => ({ logic: light.def.logic, params: { ...bundle.parameters, lights } })),
    { logic: { if: [{ '>': [{ var: 'target' }, 0] }, { '>=': [ratioOf, 0.9] }, false] } },
    { logic: { if: [{ '<=': [{ var: 'target' }, 0] }, null, { '>': [ratioOf, 0.8] }, 'above', 'below'] } },
    { logic: { '>': [ratioOf, 0.8] } },
    { logic: { '<': [0.6, ratioOf, 1.25] } },
    { logic: { '<=': [{ '/': [1.5, { var: 'target' }] }, { '/': [{ var: 'actual' }, 3] }] } },
  ];
  return logics.map(({ logic, params }, i) => ({
    label: `fen #${i}`, logic, inputs: FEN_INPUTS, rows, ...(params ? { params } : {}),
    compiled: {
      postgres: compileToSql(logic, { dialect: 'postgres', inputs: FEN_INPUTS, ...(params ? { params } : {}) }),
      duckdb: compileToSql(logic, { dialect: 'duckdb', inputs: FEN_INPUTS, ...(params ? { params } : {}) }),
    },
  }));
}

/**
 * The board's lights (plugin/sql/board.ts): the rolled actual and the target as BIGINT fen read
 * in yuan (`scale: 2`), the JS engine handed fen / 100 as the tracker hands it. The bundle's
 * light under each preset and the same light written differently (`*` instead of `/`, a chain of
 * four colours, `ratio`, a difference, no sign guard) over zero and negative targets, actuals at
 * and either side of 60-100% of odd fen, and values at the largest amount: every one compiles
 * for DuckDB as whole-number comparisons, and gives the engine's colour.
 */
const BOARD_FEN = { type: 'number' as const, sqlInteger: 'BIGINT' as const, scale: 2, maxAbs: MAX_FEN / 100, minAbs: 0.01 };
const BOARD_INPUTS: Record<string, SqlInput> = { actual: BOARD_FEN, target: BOARD_FEN };
function boardCases(): Case[] {
  const light = bundle.rules.get('traffic-light')!;
  const presets = bundle.parameters.lightPresets as Record<string, unknown>;
  const targets = [0, -100, -MAX_FEN, 1, 3, 7, 101, 12_345, 99_999, 1_234_567_891, MAX_FEN - 2, MAX_FEN];
  const rows = targets.flatMap((target) => {
    const t = BigInt(target);
    // the fen either side of each boundary, exactly (t · 0.9 is 9t / 10)
    const near = [[6n, 10n], [7n, 10n], [8n, 10n], [9n, 10n], [1n, 1n], [5n, 4n]].flatMap(([p, q]) => {
      const at = (t * p!) / q!;
      return [at - 1n, at, at + 1n];
    }).map(Number).filter((a) => Math.abs(a) <= MAX_FEN);
    return [...new Set([0, 1, -1, -90, MAX_FEN, -MAX_FEN, ...near])].map((actual) => ({ actual, target }));
  });
  const a = { var: 'actual' }, t = { var: 'target' };
  const ratioOf = { '/': [a, t] };
  const logics: Array<{ logic: unknown; params?: Record<string, unknown> }> = [
    ...[bundle.parameters.lights, ...Object.values(presets)].map((lights) => ({ logic: light.def.logic, params: { ...bundle.parameters, lights } })),
    { logic: { if: [{ '<=': [t, 0] }, 'grey', { '>=': [a, { '*': [t, 0.9] }] }, 'green', { '>=': [{ '*': [a, 10] }, { '*': [t, 7] }] }, 'yellow', 'red'] } },
    { logic: { if: [{ '<=': [t, 0] }, 'grey', { '>=': [ratioOf, 1] }, 'blue', { '>=': [ratioOf, 0.9] }, 'green', { '>=': [ratioOf, 0.7] }, 'yellow', 'red'] } },
    { logic: { '>=': [ratioOf, 0.9] } },
    { logic: { '>=': [{ ratio: [a, t, 0] }, 0.875] } },
    { logic: { '>': [{ ratio: [a, t, null] }, 0.8] } },
    { logic: { '<': [0.6, ratioOf, 1.25] } },
    { logic: { '<=': [{ '-': [t, a] }, { '*': [t, 0.1] }] } },
    { logic: { '>': [{ '-': [a, t] }, 1000.5] } },
    // round on the fen (exact.ts's half away from zero) without NUMERIC: the completion rules, a rounded rate's light, tens of yuan
    ...['completion-rate', 'completion-percent'].map((id) => ({ logic: bundle.rules.get(id)!.def.logic })),
    { logic: { if: [{ '<=': [t, 0] }, 'grey', { '>=': [{ round: [ratioOf, 2] }, 0.9] }, 'green', 'red'] } },
    { logic: { round: [{ '-': [a, t] }, -1] } },
  ];
  return logics.map(({ logic, params }, i) => ({
    label: `board #${i}`, logic, inputs: BOARD_INPUTS, rows, ...(params ? { params } : {}),
    data: (row: Record<string, unknown>) => ({ actual: fenToYuan(row.actual as number), target: fenToYuan(row.target as number) }),
    compiled: {
      postgres: compileToSql(logic, { dialect: 'postgres', inputs: BOARD_INPUTS, ...(params ? { params } : {}) }),
      duckdb: compileToSql(logic, { dialect: 'duckdb', inputs: BOARD_INPUTS, ...(params ? { params } : {}) }),
    },
  }));
}

/**
 * The smallest cases a wider seeded run found (tests/sql/adversarial/wide-rules.ts, outside npm
 * test): each once wrong on every database.
 */
function foundCases(): Case[] {
  const inputs: Record<string, SqlInput> = { b: { type: 'number' }, c: { type: 'integer' } };
  const rows = [{ b: -1, c: 0 }, { b: 1, c: 0 }, { b: -0.5, c: -3 }, { b: 0, c: 0 }];
  // a running product is parseFloat'd before the next factor: (-1 * 0) * 0 is +0, so 1 / it is Infinity (SQL said -Infinity)
  const logics = [{ '/': [1, { '*': [{ var: 'b' }, { var: 'c' }, { var: 'c' }] }] }, { '/': [-0.7, { '*': [{ var: 'b' }, { var: 'c' }, 0, { var: 'b' }] }] }];
  return logics.map((logic, i) => ({
    label: `found #${i}`, logic, inputs, rows,
    compiled: { postgres: compileToSql(logic, { dialect: 'postgres', inputs }), duckdb: compileToSql(logic, { dialect: 'duckdb', inputs }) },
  }));
}

const suites = {
  found: foundCases(),
  labels: labelCases(60), fen: fenCases(), board: boardCases(),
  bundle: bundleCases(), official: officialCases(), random: randomCases(600), series: seriesCases(80),
  // whole-number columns: the plain integer forms, in rules of any kind and in rules of whole numbers only
  whole: [
    ...randomCases(100, WHOLE_INPUTS, wholeRowsArbitrary, SEED + 10, 'whole'),
    ...randomCases(100, WHOLE_INPUTS, wholeRowsArbitrary, SEED + 10, 'whole-only', wholeRule),
  ],
};

// ---------------------------------------------------------------- the runs

const oracles: Oracle[] = [];
beforeAll(async () => {
  // side by side: PGlite works in this process while the server's initdb runs in its own
  const started = await Promise.allSettled([pgliteOracle(), duckdbOracle(), postgresOracle()]);
  for (const s of started) if (s.status === 'fulfilled' && s.value) oracles.push(s.value);
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
}, 180_000);
afterAll(async () => {
  for (const o of oracles) await o.close();
});

describe('compiled rules give the JS engine\'s results', () => {
  for (const [name, cases] of Object.entries(suites)) {
    it(`${name}: 0 mismatches on PGlite, DuckDB and a PostgreSQL server`, async () => {
      expect(oracles.map((o) => o.name)).toEqual(['PGlite', 'DuckDB', 'PostgreSQL']);
      for (const oracle of oracles) {
        const diffs = await differences(oracle, cases);
        expect(diffs.slice(0, 5), `${diffs.length} mismatches on ${oracle.name}`).toEqual([]);
      }
    }, 60_000);
  }

  it('accepts enough of each suite for the comparison to mean something', () => {
    const accepted = (cases: Case[], d: SqlDialect) => cases.filter((c) => c.compiled[d]?.ok).length;
    const counts = Object.fromEntries(Object.entries(suites).map(([k, cs]) => [k, { total: cs.length, postgres: accepted(cs, 'postgres'), duckdb: accepted(cs, 'duckdb') }]));
    console.log('SQL compiler coverage', JSON.stringify(counts));
    expect(counts.bundle!.postgres).toBeGreaterThanOrEqual(15);
    expect(counts.official!.postgres).toBeGreaterThanOrEqual(60);
    expect(counts.random!.postgres).toBeGreaterThanOrEqual(300);
    expect(counts.random!.duckdb).toBeGreaterThanOrEqual(150);
    expect(counts.series!.postgres).toBe(counts.series!.total);
    // DuckDB refuses the exact decisions (a product compared with a threshold)
    expect(counts.series!.duckdb).toBeGreaterThanOrEqual(40);
    expect(counts.whole!.duckdb).toBeGreaterThanOrEqual(60);
    expect(counts.labels!.duckdb).toBe(counts.labels!.total);
    // all but 1.5 / target against actual / 3, whose cross products may pass BIGINT (NUMERIC decides it)
    expect(counts.fen!.duckdb).toBe(counts.fen!.total - 1);
    // the board's fen read in yuan: every light, however written, in whole numbers on both
    expect(counts.board!.duckdb).toBe(counts.board!.total);
    expect(counts.board!.postgres).toBe(counts.board!.total);
    // codes are accepted exactly where the texts are
    for (const c of suites.labels) {
      for (const d of ['postgres', 'duckdb'] as const) expect(c.compiled[d]!.ok, JSON.stringify(c.logic)).toBe(compileToSql(c.logic, { dialect: d, inputs: ROW_INPUTS }).ok);
    }
  });

  it('whole-number columns compare as integers, widened where INTEGER could overflow', () => {
    const inputs: Record<string, SqlInput> = { ...WHOLE_INPUTS, fen: { type: 'integer', sqlInteger: 'INTEGER', maxAbs: 1_000_000 } };
    const plain = (logic: unknown) => {
      const r = compileToSql(logic, { dialect: 'duckdb', inputs });
      return r.ok ? r.sql : r.refusal.message.en;
    };
    // declared within 1e6, so fen·10 stays within INTEGER
    expect(plain({ '>=': [{ '*': [{ var: 'fen' }, 10] }, { '*': [{ var: 'fen' }, 9] }] })).toBe('(("fen" * 9) <= ("fen" * 10))');
    // b: any INTEGER, so b·10 is done in BIGINT
    expect(plain({ '>': [{ '*': [{ var: 'b' }, 10] }, 0] })).toBe('(0 < (CAST("b" AS BIGINT) * 10))');
    // a: nullable INTEGER (NULL is 0 when ordered); a - b may leave INTEGER, so it is done in BIGINT
    expect(plain({ '<': [{ '-': [{ var: 'a' }, { var: 'b' }] }, 0] })).toBe('((CAST(COALESCE("a", 0) AS BIGINT) - "b") < 0)');
    // c: any BIGINT within 2^53; c·c may pass 2^53, where neither integers nor doubles are exact
    expect(plain({ '<': [{ '*': [{ var: 'c' }, { var: 'c' }] }, 3] })).toContain('exact decimals');
  });

  it('the bundle\'s light on fen columns is two whole-number comparisons once target <= 0 has been ruled out', () => {
    const lights = (bundle.parameters.lightPresets as Record<string, unknown>)['green90-yellow70'];
    // any INTEGER: 9 · target may pass INTEGER, so the products are BIGINT
    const r = compileToSql(bundle.rules.get('traffic-light')!.def.logic, { dialect: 'duckdb', inputs: FEN_INPUTS, params: { ...bundle.parameters, lights }, labelCodes: true });
    expect(r.ok && r.sql).toBe('(CASE WHEN ("target" <= 0) THEN 0 WHEN ((9 * CAST("target" AS BIGINT)) <= (CAST("actual" AS BIGINT) * 10)) THEN 1 WHEN ((7 * CAST("target" AS BIGINT)) <= (CAST("actual" AS BIGINT) * 10)) THEN 2 ELSE 3 END)');
  });

  it('series: the whole-series form (at: last, grouped by series) gives the JS engine\'s result on each whole series', async () => {
    const cases = suites.series.slice(0, 40);
    const { rows } = cases[0]!;
    const series = fc.sample(seriesArbitrary, { numRuns: 1, seed: SEED + 3 })[0]!;
    // the points as a subquery with columns r0 (series), r1 (ordinal), r2 (value)
    const last: Record<string, SqlInput> = { weeks: { type: 'number', nullable: true, column: 'r2', series: { partitionBy: ['r0'], ordinal: 'r1', at: 'last' } } };
    for (const oracle of oracles) {
      const compiled = cases.map((c) => compileToSql(c.logic, { dialect: oracle.dialect, inputs: last })).filter((r) => r.ok);
      const accepted = cases.filter((c) => compileToSql(c.logic, { dialect: oracle.dialect, inputs: last }).ok);
      expect(compiled.length).toBeGreaterThan(20);
      const points = valuesQuery(oracle.dialect, SERIES_INPUTS, rows, ['"s"', '"o"', '"v"']);
      const got = await oracle.query(`SELECT r0 AS s, ${compiled.map((r, j) => `${(r as { sql: string }).sql} AS x${j}`).join(', ')} FROM (${points}) p GROUP BY r0 ORDER BY r0`);
      const diffs: string[] = [];
      got.forEach((row) => {
        const whole = series[Number(row.s)]!;
        accepted.forEach((c, j) => {
          const want = engine.compile(c.logic)({ weeks: whole });
          if (!same(want, row[`x${j}`])) diffs.push(`${oracle.name} ${JSON.stringify(c.logic)} on ${JSON.stringify(whole)}: JS ${String(want)}, SQL ${String(row[`x${j}`])}`);
        });
      });
      expect(diffs.slice(0, 5)).toEqual([]);
    }
  }, 60_000);

  it('every refusal names a node that exists in the rule', () => {
    for (const cases of Object.values(suites)) {
      for (const c of cases) {
        for (const r of Object.values(c.compiled)) {
          if (r.ok) continue;
          expect(r.refusal.message.en.startsWith(`${r.refusal.pointer || '/'}: `)).toBe(true);
          expect(r.refusal.message.zh.startsWith(`${r.refusal.pointer || '/'}：`)).toBe(true);
        }
      }
    }
  });
});
