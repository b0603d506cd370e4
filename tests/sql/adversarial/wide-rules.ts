/**
 * A seeded random differential of wider rule shapes than tests/sql/random-rules.ts (deeper
 * nesting, long if-chains whose values mix types, var defaults, `?:`, unary minus, 3-way `<`,
 * `%` on doubles, many-argument min/max, round with one argument, and/or values, params), against
 * the JS engine on PGlite, DuckDB and a PostgreSQL server (RV_PG), outside npm test. Every refusal
 * must name a node that exists in the rule. Run: /tmp/rv/run.sh tests/sql/adversarial/wide-rules.ts
 * (RV_N rules, RV_SEED).
 */
import fc from 'fast-check';
import pg from 'pg';
import { compileToSql, createEngine, type SqlDialect, type SqlInput } from '../../../plugin/index.js';
import { duckdbOracle, pgliteOracle, valuesQuery, type Oracle } from '../oracles.js';
import { ROW_INPUTS } from '../random-rules.js';

// the differential's row inputs, and three more kinds: a plain boolean, BIGINT and INTEGER columns
const INPUTS: Record<string, SqlInput> = {
  ...ROW_INPUTS,
  g: { type: 'boolean' },
  w: { type: 'integer', nullable: true, sqlInteger: 'BIGINT' },
  y: { type: 'number', sqlInteger: 'INTEGER' },
};
const NUMBERS = [0, -0, 1, -1, 0.1, 0.2, 0.3, 0.7, 0.9, 1.005, 2.5, -2.5, 0.5, -0.5, 1.5, 123.45, 90000.9, 100001, 1e15, -1e15, 1e-9, -1e-9, 999999999999999.9, 0.30000000000000004, 7, 3, 1e14 + 0.5];
const INTS = [0, 1, -1, 3, -7, 7, 100, 2 ** 53, -(2 ** 53), 2 ** 53 - 1, 1234567, 10];
const TEXTS = ['', '0', '1', '1.0', 'abc', 'green', ' 1', 'A', 'a', 'red', '-0', '1e3', 'null', 'true', "it's", '中文'];
const rows = fc.sample(fc.array(fc.record({
  a: fc.oneof(fc.constant(null), fc.constantFrom(...NUMBERS)),
  b: fc.constantFrom(...NUMBERS),
  c: fc.constantFrom(...INTS),
  s: fc.oneof(fc.constant(null), fc.constantFrom(...TEXTS)),
  t: fc.constantFrom(...TEXTS),
  f: fc.constantFrom(null, true, false),
  g: fc.boolean(),
  w: fc.constantFrom(null, 0, 1, -1, 2 ** 31, -(2 ** 40), 2 ** 53 - 1, 42),
  y: fc.constantFrom(0, 1, -1, 2 ** 31 - 1, -(2 ** 31), 9, 10),
}), { minLength: 48, maxLength: 48 }), { numRuns: 1, seed: 7 })[0]!;

const LIT = [0, 1, -1, 2, 0.1, 0.2, 0.5, 0.7, 0.9, 1.2, 100, 1e6, 90000.9, 0.05, 3, 7, -0.5, 1e-3];
type R = unknown;
const { num, bool, str, any } = fc.letrec<{ num: R; bool: R; str: R; any: R }>((tie) => {
  const num = tie('num'), bool = tie('bool'), str = tie('str'), any = tie('any');
  return {
    any: fc.oneof({ depthSize: 'small' }, num, bool, str, fc.constant(null)),
    num: fc.oneof(
      { depthSize: 'small', withCrossShrink: true, maxDepth: 7 },
      fc.constantFrom({ var: 'a' }, { var: 'b' }, { var: 'c' }, { var: 'w' }, { var: 'y' }, { var: ['a', 5] }, { var: ['w', -1] }, { var: ['b', 5] }, { var: ['y', 2] }, { var: ['c', 0] }, { param: 'k' }, { param: 'h' }),
      fc.constantFrom(...LIT),
      fc.array(num, { minLength: 1, maxLength: 4 }).map((xs) => ({ '+': xs })),
      num.map((x) => ({ '-': [x] })),
      fc.tuple(num, num).map((xs) => ({ '-': xs })),
      fc.array(num, { minLength: 2, maxLength: 4 }).map((xs) => ({ '*': xs })),
      fc.tuple(num, num).map((xs) => ({ '/': xs })),
      fc.tuple(num, fc.constantFrom(2, 3, 0.5, -2, 1.5, { var: 'c' }, { var: 'b' })).map((xs) => ({ '%': xs })),
      fc.tuple(fc.constantFrom('min', 'max'), fc.array(num, { minLength: 1, maxLength: 5 })).map(([op, xs]) => ({ [op]: xs })),
      fc.tuple(num, num, fc.oneof(num, fc.constant(null))).map((xs) => ({ ratio: xs })),
      fc.tuple(num, fc.constantFrom(0, -1), fc.constantFrom(1, 2, 100)).map(([x, lo, hi]) => ({ clamp: [x, lo, hi] })),
      fc.oneof(num.map((x) => ({ round: [x] })), fc.tuple(num, fc.integer({ min: -3, max: 6 })).map(([x, k]) => ({ round: [x, k] }))),
      // a long chain, values of one type
      fc.array(fc.tuple(bool, num), { minLength: 1, maxLength: 4 }).chain((pairs) => num.map((e) => ({ [pairs.length % 2 ? 'if' : '?:']: [...pairs.flat(), e] }))),
      fc.array(num, { minLength: 2, maxLength: 3 }).map((xs) => ({ or: xs })),
      fc.array(num, { minLength: 2, maxLength: 3 }).map((xs) => ({ and: xs })),
    ),
    bool: fc.oneof(
      { depthSize: 'small', maxDepth: 7 },
      fc.constantFrom({ var: 'f' }, { var: 'g' }, true, false, { var: ['f', true] }, { var: ['g', false] }),
      fc.tuple(fc.constantFrom('<', '<=', '>', '>='), num, num).map(([op, x, y]) => ({ [op]: [x, y] })),
      fc.tuple(fc.constantFrom('<', '<='), num, num, num).map(([op, x, y, z]) => ({ [op]: [x, y, z] })),
      fc.tuple(fc.constantFrom('==', '!=', '===', '!=='), any, any).map(([op, x, y]) => ({ [op]: [x, y] })),
      fc.tuple(fc.constantFrom('!', '!!'), any).map(([op, x]) => ({ [op]: [x] })),
      fc.tuple(fc.constantFrom('and', 'or'), fc.array(bool, { minLength: 1, maxLength: 4 })).map(([op, xs]) => ({ [op]: xs })),
      fc.tuple(fc.constantFrom('and', 'or'), fc.array(any, { minLength: 2, maxLength: 3 })).map(([op, xs]) => ({ '!!': [{ [op]: xs }] })),
      fc.tuple(fc.constantFrom('!', '!!'), fc.subarray(['a', 'b', 'c', 's', 't', 'f', 'w'], { minLength: 1 })).map(([op, names]) => ({ [op]: { missing: names } })),
      fc.tuple(fc.subarray(['a', 's', 'f', 'w'], { minLength: 1 }), bool, bool).map(([names, x, y]) => ({ if: [{ missing: names }, x, y] })),
    ),
    str: fc.oneof(
      { depthSize: 'small', maxDepth: 7 },
      fc.constantFrom({ var: 's' }, { var: 't' }, { var: ['s', 'dflt'] }, { var: ['t', 'x'] }),
      fc.constantFrom(...TEXTS),
      fc.array(fc.tuple(bool, str), { minLength: 1, maxLength: 4 }).chain((pairs) => str.map((e) => ({ if: [...pairs.flat(), e] }))),
      // values of mixed types in one chain: must compile exactly or be refused
      fc.tuple(bool, str, bool, num, any).map(([c1, v1, c2, v2, e]) => ({ if: [c1, v1, c2, v2, e] })),
      fc.array(any, { minLength: 2, maxLength: 3 }).map((xs) => ({ or: xs })),
      fc.array(any, { minLength: 2, maxLength: 3 }).map((xs) => ({ and: xs })),
    ),
  };
});
const rule = fc.oneof(num, bool, str, any);
const PARAMS = { k: 0.7, h: 1e6 };

const engine = createEngine();
const same = (a: unknown, b: unknown): boolean => {
  const x = a === 0 ? 0 : a, y = b === 0 ? 0 : b;
  if (typeof x === 'bigint' || typeof y === 'bigint') return Number(x) === Number(y);
  return Object.is(x, y);
};

/** Whether a JSON pointer names a node in the rule. */
function resolves(logic: unknown, pointer: string): boolean {
  if (pointer === '') return true;
  let node: unknown = logic;
  for (const part of pointer.replace(/^\//, '').split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    if (node === null || typeof node !== 'object') return false;
    if (!Object.hasOwn(node, part)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return true;
}

async function pgOracle(): Promise<Oracle> {
  const client = new pg.Client({ connectionString: process.env.RV_PG ?? 'postgres://postgres@127.0.0.1:55439/postgres' });
  await client.connect();
  return {
    name: 'PostgreSQL', dialect: 'postgres',
    async run(inputs, rs, exprs) {
      const r = await client.query<Record<string, unknown>>(valuesQuery('postgres', inputs, rs, exprs));
      return r.rows.map((row) => exprs.map((_, i) => row[`r${i}`]));
    },
    query: async (sql) => (await client.query<Record<string, unknown>>(sql)).rows,
    close: () => client.end(),
  };
}

const N = Number(process.env.RV_N ?? 2000);
const SEED = Number(process.env.RV_SEED ?? 91);
const rules = fc.sample(rule, { numRuns: N, seed: SEED });
const oracles = [await pgliteOracle(), await duckdbOracle(), await pgOracle()];
const stats = { rules: N, accepted: { postgres: 0, duckdb: 0 } as Record<SqlDialect, number>, refused: { postgres: 0, duckdb: 0 } as Record<SqlDialect, number>, mismatches: 0, badPointers: 0, errors: 0, thrown: 0, checks: 0 };
const report: string[] = [];
for (const dialect of ['postgres', 'duckdb'] as const) {
  const compiled = rules.map((logic) => {
    try {
      return compileToSql(logic, { dialect, inputs: INPUTS, params: PARAMS });
    } catch (e) {
      stats.thrown++;
      report.push(`THROWN ${dialect} ${JSON.stringify(logic)}: ${String(e)}`);
      return undefined;
    }
  });
  const ok: Array<{ logic: unknown; sql: string }> = [];
  compiled.forEach((c, i) => {
    if (!c) return;
    if (c.ok) { stats.accepted[dialect]++; ok.push({ logic: rules[i], sql: c.sql }); return; }
    stats.refused[dialect]++;
    if (!resolves(rules[i], c.refusal.pointer)) { stats.badPointers++; report.push(`POINTER ${dialect} ${c.refusal.pointer} in ${JSON.stringify(rules[i])}: ${c.refusal.message.en}`); }
  });
  for (const oracle of oracles.filter((o) => o.dialect === dialect)) {
    for (let start = 0; start < ok.length; start += 40) {
      const batch = ok.slice(start, start + 40);
      let got: unknown[][];
      try {
        got = await oracle.run(INPUTS, rows, batch.map((b) => b.sql));
      } catch {
        // one by one, to name the rule the database refused
        got = [];
        for (const b of batch) {
          try {
            const one = await oracle.run(INPUTS, rows, [b.sql]);
            one.forEach((r, i) => { (got[i] ??= []).push(r[0]); });
          } catch (e) {
            stats.errors++;
            report.push(`ERROR ${oracle.name} ${JSON.stringify(b.logic)}: ${String(e).slice(0, 200)}`);
            rows.forEach((_, i) => { (got[i] ??= []).push(Symbol('error')); });
          }
        }
      }
      batch.forEach((b, j) => {
        const run = engine.compile(b.logic, { params: PARAMS });
        rows.forEach((row, i) => {
          const v = got[i]![j];
          if (typeof v === 'symbol') return;
          stats.checks++;
          let want: unknown;
          try { want = run(row); } catch (e) { want = `throws ${String(e)}`; }
          if (!same(want, v)) {
            stats.mismatches++;
            if (report.length < 400) report.push(`MISMATCH ${oracle.name} ${JSON.stringify(b.logic)} on ${JSON.stringify(row)}: JS ${String(want)} SQL ${String(v)}`);
          }
        });
      });
    }
  }
}
for (const o of oracles) await o.close();
console.log(report.slice(0, 120).join('\n'));
console.log(JSON.stringify(stats));
