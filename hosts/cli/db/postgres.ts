/** PostgreSQL for `track --db postgres://…`: the plain `pg` client, one connection, closed after the run. */
import pg from 'pg';
import { viaDriver, type Database, type DbRow } from './driver.js';

export async function openPostgres(url: string): Promise<Database> {
  const client = new pg.Client({ connectionString: url });
  await viaDriver(() => client.connect());
  return {
    dialect: 'postgres',
    async query(sql) {
      return (await viaDriver(() => client.query<DbRow>(sql))).rows;
    },
    // pg holds a result whole (a cursor needs another package): one row per unit and day comes back
    async each(sql, onRow) {
      for (const row of (await viaDriver(() => client.query<DbRow>(sql))).rows) onRow(row);
    },
    async columns(relation) {
      return (await viaDriver(() => client.query(`SELECT * FROM ${relation} LIMIT 0`))).fields.map((f) => f.name);
    },
    close: () => client.end(),
  };
}
