/** DuckDB for `track --db file.duckdb`: DuckDB's own Node client, the file opened read-only (nothing is written to it). */
import { existsSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { quoteName } from '../../../plugin/index.js';
import { DEFAULT_TIMEOUT_MS, DbError, relationOf, viaDriver, type Database, type DbRow } from './driver.js';

/** `timeoutMs`: how long one statement may run (its rows read to the last) before the connection is interrupted. */
export async function openDuckdb(path: string, { timeoutMs = DEFAULT_TIMEOUT_MS }: { timeoutMs?: number } = {}): Promise<Database> {
  // DuckDB would create a missing file; a mistyped name must fail instead
  if (!existsSync(path)) throw new DbError(`no DuckDB file at ${path} (a PostgreSQL database is given as postgres://…)`);
  const instance = await viaDriver(() => DuckDBInstance.create(path, { access_mode: 'READ_ONLY' }));
  const connection = await viaDriver(() => instance.connect());
  // DuckDB has no statement timeout: a timer interrupts the connection, which fails the running
  // statement (or the reading of its rows) with "Interrupted!"; that failure is then the timeout's
  const bounded = async <T>(call: () => Promise<T>): Promise<T> => {
    let fired = false;
    const timer = setTimeout(() => { fired = true; connection.interrupt(); }, timeoutMs);
    try {
      return await viaDriver(call);
    } catch (e) {
      throw fired && e instanceof DbError ? new DbError(e.message, true) : e;
    } finally {
      clearTimeout(timer);
    }
  };
  // A DuckDB file may hold macros named as built-ins (a `trim(a, b)`, a `round(a)` in its main
  // schema), and DuckDB looks a function up in the search path first: measured, a file's
  // `round(a)` answered every ROUND. The path is pinned to the built-ins' schema (system.main), and
  // the file's tables are named with their catalog (relation below). Nothing the queries print
  // depends on the machine's zone (a TIMESTAMPTZ is printed in UTC, track-source.ts).
  await bounded(() => connection.run("SET search_path = 'system.main'; SET TimeZone = 'UTC'"));
  const catalogs = (await bounded(() => connection.runAndReadAll('SELECT database_name FROM duckdb_databases() WHERE NOT internal'))).getRowObjectsJS();
  if (catalogs.length !== 1) throw new DbError(`the DuckDB file should be the one database attached, found ${catalogs.length}`);
  const catalog = String(catalogs[0]!.database_name);
  return {
    dialect: 'duckdb',
    async query(sql) {
      return (await bounded(() => connection.runAndReadAll(sql))).getRowObjectsJS() as DbRow[];
    },
    async each(sql, onRow, { whole = false } = {}) {
      await bounded(async () => {
        const result = await (whole ? connection.run(sql) : connection.stream(sql));
        for await (const rows of result.yieldRowObjectJs()) for (const row of rows) onRow(row as DbRow);
      });
    },
    // a table in the file's main schema (`actuals`), in another of its schemas (`sales.actuals`), or fully named
    relation: async (name) => {
      const parts = name.split('.');
      const within = parts.length >= 3 ? [] : parts.length === 2 ? [catalog] : [catalog, 'main'];
      return [...within.map(quoteName), relationOf(name)].join('.');
    },
    async columns(relation) {
      return (await bounded(() => connection.runAndReadAll(`SELECT * FROM ${relation} LIMIT 0`))).columnNames();
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
