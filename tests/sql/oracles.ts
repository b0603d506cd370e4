/**
 * The databases the SQL compiler is checked against, behind one shape: run expressions over
 * rows given as a VALUES list (typed columns), one query for many rules and many rows.
 * PGlite and DuckDB run in-process; the PostgreSQL server is a throw-away cluster.
 */
import { PGlite } from '@electric-sql/pglite';
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { SqlDialect, SqlInput } from '../../plugin/index.js';
import { postgresBin } from '../support/postgres.js';
import { postgresDatabase } from '../support/shared-postgres.js';

export interface Oracle {
  readonly name: string;
  readonly dialect: SqlDialect;
  /** Each expression over each row; results[row][expression]. */
  run(inputs: Readonly<Record<string, SqlInput>>, rows: ReadonlyArray<Record<string, unknown>>, exprs: readonly string[]): Promise<unknown[][]>;
  /** Any query's rows. */
  query(sql: string): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

function sqlType({ type, sqlInteger }: SqlInput, dialect: SqlDialect): string {
  if (sqlInteger) return sqlInteger;
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
  const types = names.map((n) => sqlType(inputs[n]!, dialect));
  const tuples = rows.map((row, i) => `(${[String(i), ...names.map((n, j) => value(row[n], types[j]!))].join(', ')})`);
  const cols = ['id', ...names.map((n) => `"${n.replace(/"/g, '""')}"`)].join(', ');
  const select = exprs.map((e, i) => `${e} AS r${i}`).join(', ');
  return `SELECT id${select ? `, ${select}` : ''} FROM (VALUES ${tuples.join(', ')}) AS t(${cols}) ORDER BY id`;
}

function table(rows: Array<Record<string, unknown>>, n: number): unknown[][] {
  return rows.map((r) => Array.from({ length: n }, (_, i) => r[`r${i}`]));
}

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// (the package's exports do not include its package.json)
const PGLITE_VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')) as { version: string }).version;
// Shared by checkouts that share node_modules: it depends on nothing but PGlite's version, and
// each writer renames a finished file into place.
const PGLITE_SNAPSHOT = join(REPO_ROOT, 'node_modules', '.cache', `target-kit-pglite-${PGLITE_VERSION}.tar`);

/**
 * PGlite's initdb is most of its start-up (some 20 s on a busy 2-core machine) and gives the
 * same empty cluster every time: the first run keeps a dump of it, later runs start from that
 * dump (initdb skipped). The queries still run on a fresh, empty cluster of the same engine.
 */
async function startPglite(): Promise<PGlite> {
  let snapshot: Buffer | undefined;
  try {
    snapshot = readFileSync(PGLITE_SNAPSHOT);
  } catch {
    // the first run with this PGlite version
  }
  if (snapshot) {
    try {
      return await PGlite.create({ loadDataDir: new Blob([new Uint8Array(snapshot)]) });
    } catch {
      // an unreadable dump (a run killed mid-write before the rename below cannot leave one,
      // but a disk can): fall back to initdb, which writes a new one
    }
  }
  const db = await PGlite.create();
  const dump = await db.dumpDataDir('none');
  mkdirSync(dirname(PGLITE_SNAPSHOT), { recursive: true });
  const staging = `${PGLITE_SNAPSHOT}.${process.pid}`;
  writeFileSync(staging, new Uint8Array(await dump.arrayBuffer()));
  renameSync(staging, PGLITE_SNAPSHOT);
  return db;
}

export async function pgliteOracle(): Promise<Oracle> {
  // create() waits for the WASM cluster's start, so the first query is not charged with it
  const db = await startPglite();
  return {
    name: 'PGlite',
    dialect: 'postgres',
    async run(inputs, rows, exprs) {
      const result = await db.query<Record<string, unknown>>(valuesQuery('postgres', inputs, rows, exprs));
      return table(result.rows, exprs.length);
    },
    query: async (sql) => (await db.query<Record<string, unknown>>(sql)).rows,
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
    query: async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJS() as Array<Record<string, unknown>>,
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** A real server on 127.0.0.1 (a database of its own on the run's one cluster), or undefined when PostgreSQL is not installed. */
export async function postgresOracle(label = 'differential'): Promise<Oracle | undefined> {
  if (!postgresBin()) return undefined;
  const db = await postgresDatabase(label);
  const client = new pg.Client({ connectionString: db.url });
  try {
    await client.connect();
  } catch (e) {
    await db.drop();
    throw e;
  }
  return {
    name: 'PostgreSQL',
    dialect: 'postgres',
    async run(inputs, rows, exprs) {
      const result = await client.query<Record<string, unknown>>(valuesQuery('postgres', inputs, rows, exprs));
      return table(result.rows, exprs.length);
    },
    query: async (sql) => (await client.query<Record<string, unknown>>(sql)).rows,
    async close() {
      await client.end();
      await db.drop();
    },
  };
}
