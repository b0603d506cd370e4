/** DuckDB for `track --db file.duckdb`: DuckDB's own Node client, the file opened read-only (nothing is written to it). */
import { existsSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { DbError, viaDriver, type Database, type DbRow } from './driver.js';

export async function openDuckdb(path: string): Promise<Database> {
  // DuckDB would create a missing file; a mistyped name must fail instead
  if (!existsSync(path)) throw new DbError(`no DuckDB file at ${path} (a PostgreSQL database is given as postgres://…)`);
  const instance = await viaDriver(() => DuckDBInstance.create(path, { access_mode: 'READ_ONLY' }));
  const connection = await viaDriver(() => instance.connect());
  return {
    dialect: 'duckdb',
    async query(sql) {
      return (await viaDriver(() => connection.runAndReadAll(sql))).getRowObjectsJS() as DbRow[];
    },
    async each(sql, onRow, { whole = false } = {}) {
      const result = await viaDriver(() => (whole ? connection.run(sql) : connection.stream(sql)));
      await viaDriver(async () => {
        for await (const rows of result.yieldRowObjectJs()) for (const row of rows) onRow(row as DbRow);
      });
    },
    async columns(relation) {
      return (await viaDriver(() => connection.runAndReadAll(`SELECT * FROM ${relation} LIMIT 0`))).columnNames();
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
