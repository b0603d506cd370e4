/**
 * The databases the SQL compiler is checked against, behind one shape: run expressions over
 * rows given as a VALUES list (typed columns), one query for many rules and many rows.
 * PGlite and DuckDB run in-process; the PostgreSQL server is a throw-away cluster.
 */
import { PGlite } from '@electric-sql/pglite';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import type { SqlDialect, SqlInput } from '../../plugin/index.js';
import { postgresBin, startPostgres, stopPostgres, type Postgres } from '../support/postgres.js';

export interface Oracle {
  readonly name: string;
  readonly dialect: SqlDialect;
  /** Each expression over each row; results[row][expression]. */
  run(inputs: Readonly<Record<string, SqlInput>>, rows: ReadonlyArray<Record<string, unknown>>, exprs: readonly string[]): Promise<unknown[][]>;
  close(): Promise<void>;
}

function sqlType(type: SqlInput['type'], dialect: SqlDialect): string {
  switch (type) {
    case 'number': return dialect === 'postgres' ? 'DOUBLE PRECISION' : 'DOUBLE';
    case 'integer': return 'BIGINT';
    case 'string': return dialect === 'postgres' ? 'TEXT' : 'VARCHAR';
    case 'boolean': return 'BOOLEAN';
  }
}

function value(v: unknown, type: string): string {
  if (v === null || v === undefined) return `CAST(NULL AS ${type})`;
  if (typeof v === 'number') return `CAST('${Object.is(v, -0) ? '-0' : String(v)}' AS ${type})`;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return `CAST('${String(v).replace(/'/g, "''")}' AS ${type})`;
}

/** SELECT id, e0 AS r0, ... FROM (VALUES ...) AS t(id, cols...) ORDER BY id */
export function valuesQuery(dialect: SqlDialect, inputs: Readonly<Record<string, SqlInput>>, rows: ReadonlyArray<Record<string, unknown>>, exprs: readonly string[]): string {
  const names = Object.keys(inputs);
  const types = names.map((n) => sqlType(inputs[n]!.type, dialect));
  const tuples = rows.map((row, i) => `(${[String(i), ...names.map((n, j) => value(row[n], types[j]!))].join(', ')})`);
  const cols = ['id', ...names.map((n) => `"${n.replace(/"/g, '""')}"`)].join(', ');
  const select = exprs.map((e, i) => `${e} AS r${i}`).join(', ');
  return `SELECT id${select ? `, ${select}` : ''} FROM (VALUES ${tuples.join(', ')}) AS t(${cols}) ORDER BY id`;
}

function table(rows: Array<Record<string, unknown>>, n: number): unknown[][] {
  return rows.map((r) => Array.from({ length: n }, (_, i) => r[`r${i}`]));
}

export async function pgliteOracle(): Promise<Oracle> {
  // create() waits for the WASM cluster's initdb, so the first query is not charged with it
  const db = await PGlite.create();
  return {
    name: 'PGlite',
    dialect: 'postgres',
    async run(inputs, rows, exprs) {
      const result = await db.query<Record<string, unknown>>(valuesQuery('postgres', inputs, rows, exprs));
      return table(result.rows, exprs.length);
    },
    close: () => db.close(),
  };
}

export async function duckdbOracle(): Promise<Oracle> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  return {
    name: 'DuckDB',
    dialect: 'duckdb',
    async run(inputs, rows, exprs) {
      const reader = await connection.runAndReadAll(valuesQuery('duckdb', inputs, rows, exprs));
      return table(reader.getRowObjectsJS() as Array<Record<string, unknown>>, exprs.length);
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** A real server on 127.0.0.1, or undefined when PostgreSQL is not installed. */
export async function postgresOracle(): Promise<Oracle | undefined> {
  if (!postgresBin()) return undefined;
  const server: Postgres = await startPostgres();
  const client = new pg.Client({ host: '127.0.0.1', port: server.port, user: 'postgres', database: 'postgres' });
  try {
    await client.connect();
  } catch (e) {
    await stopPostgres(server);
    throw e;
  }
  return {
    name: 'PostgreSQL',
    dialect: 'postgres',
    async run(inputs, rows, exprs) {
      const result = await client.query<Record<string, unknown>>(valuesQuery('postgres', inputs, rows, exprs));
      return table(result.rows, exprs.length);
    },
    async close() {
      await client.end();
      await stopPostgres(server);
    },
  };
}
