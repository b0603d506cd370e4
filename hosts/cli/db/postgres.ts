/** PostgreSQL for `track --db postgres://…`: the plain `pg` client, one connection, closed after the run. */
import pg from 'pg';
import { quoteName } from '../../../plugin/index.js';
import { DEFAULT_TIMEOUT_MS, relationOf, viaDriver, type Database, type DbRow } from './driver.js';

/** Rows a FETCH brings: enough to keep round trips few, few enough that a batch is a few MB. */
const FETCH_ROWS = 20_000;

/** Memory per sort or hash of the queries this session runs (a hash gets twice it: hash_mem_multiplier 2). */
const WORK_MEM = '256MB';

/**
 * `fetchRows`: the FETCH size; a test sets it small to run the loop over several batches.
 * `timeoutMs`: how long one statement may run before the server stops it (statement_timeout).
 */
export async function openPostgres(url: string, { fetchRows = FETCH_ROWS, timeoutMs = DEFAULT_TIMEOUT_MS }: { fetchRows?: number; timeoutMs?: number } = {}): Promise<Database> {
  const client = new pg.Client({ connectionString: url });
  await viaDriver(() => client.connect());
  // A database or role may change how text is read and printed (ALTER DATABASE … SET): the SQL the
  // runtime writes quotes its texts as standard strings (a backslash is a backslash: with
  // standard_conforming_strings off, the unit 'a\b' became 'ab' in the board's tree), reads a DATE
  // column's text as the file path reads a date cell (DateStyle 'SQL, DMY' printed 10/04/2026, refused
  // as ambiguous) and a double as the decimal it prints as (exact decisions; 0 printed 15 digits);
  // TimeZone UTC: nothing the queries print depends on the server's zone. Every statement is
  // bounded (statement_timeout). Set for this session only; and nothing it runs may write to the
  // user's tables. work_mem for every query of the session, not only the board's: the check of the
  // units (one row a unit, its gross a NUMERIC sum) spilled 49 MB at the default 4 MB for 50,000 reps
  // (server CPU 7.0 s → 6.0 s with 256 MB, no temp files); the board's hash aggregates and sorts (a
  // unit × week each) spilled too: measured on 1.8M rows, 42-46 s with 126 MB spilled against 35-40 s in memory.
  // The user's schemas (the search_path's, in its order) are read before the path is pinned to
  // pg_catalog alone: a function or operator in a user's schema (a `public.*(numeric, integer)`, an
  // `=` for text in a schema put ahead of pg_catalog) would otherwise take the place of the built-in
  // the queries mean (CVE-2018-1058); the tables named without a schema are found in those schemas.
  let schemas: string[] = [];
  await viaDriver(async () => {
    await client.query(`SET standard_conforming_strings = on; SET DateStyle = 'ISO, YMD'; SET extra_float_digits = 1; SET TimeZone = 'UTC'; SET work_mem = '${WORK_MEM}'; `
      + `SET statement_timeout = ${Math.max(1, Math.round(timeoutMs))}; SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY`);
    const got = await client.query<{ schemas: string[] }>('SELECT CAST(pg_catalog.current_schemas(false) AS pg_catalog.text[]) AS schemas');
    schemas = got.rows[0]?.schemas ?? [];
    await client.query('SET search_path = pg_catalog, pg_temp');
  }).catch(async (e: unknown) => {
    await client.end().catch(() => undefined);
    throw e;
  });
  return {
    dialect: 'postgres',
    async query(sql) {
      return (await viaDriver(() => client.query<DbRow>(sql))).rows;
    },
    // a server-side cursor (DECLARE … CURSOR / FETCH): pg would hold a result whole, and a large
    // one (a unit and week each) then sits in memory twice; FETCH brings it a batch at a time
    async each(sql, onRow) {
      await viaDriver(() => client.query('BEGIN READ ONLY'));
      try {
        // the board's one query is large (the tree and the day map as VALUES lists, the rules' CASE
        // trees) and its estimated cost passes jit_above_cost: LLVM then compiles it with inlining and
        // optimisation at every run, measured on 1.8M rows as 2.6 s of the server's 5.4 s of CPU; the
        // rows it saves on are fewer than that costs
        await viaDriver(() => client.query('SET LOCAL jit = off'));
        await viaDriver(() => client.query(`DECLARE board_rows NO SCROLL CURSOR FOR ${sql}`));
        for (;;) {
          const { rows } = await viaDriver(() => client.query<DbRow>(`FETCH ${fetchRows} FROM board_rows`));
          for (const row of rows) onRow(row);
          if (rows.length < fetchRows) break;
        }
        await viaDriver(() => client.query('COMMIT'));
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      }
    },
    async relation(name) {
      if (name.includes('.')) return relationOf(name);
      const found = await viaDriver(() => client.query<{ schema: string }>('SELECT n.nspname AS schema FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace '
        + 'WHERE c.relname = $1 AND n.nspname = ANY($2) ORDER BY array_position($2, n.nspname) LIMIT 1', [name, schemas]));
      // not in the user's schemas: left unqualified, so the server says the relation does not exist
      const schema = found.rows[0]?.schema;
      return schema === undefined ? quoteName(name) : `${quoteName(schema)}.${quoteName(name)}`;
    },
    async columns(relation) {
      return (await viaDriver(() => client.query(`SELECT * FROM ${relation} LIMIT 0`))).fields.map((f) => f.name);
    },
    close: () => client.end(),
  };
}
