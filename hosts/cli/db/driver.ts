/**
 * What each driver module gives `track --db` (postgres.ts, duckdb.ts) and how it reports a
 * failure: kept apart from database.ts, which picks a driver, so no driver imports its chooser.
 */
import type { SqlDialect } from '../../../plugin/index.js';

export type DbRow = Record<string, unknown>;

export interface Database {
  readonly dialect: SqlDialect;
  query(sql: string): Promise<DbRow[]>;
  /**
   * Each row of a large result, without holding them all where the driver can stream (DuckDB).
   * `whole`: DuckDB holds the result in its own memory first (not as JS rows) instead of
   * streaming it; see boardInDb.
   */
  each(sql: string, onRow: (row: DbRow) => void, options?: { whole?: boolean }): Promise<void>;
  /** The column names of a relation, in its order. */
  columns(relation: string): Promise<string[]>;
  close(): Promise<void>;
}

/** What the database or its driver refused (no connection, no table, a column of the wrong type): reported, not a crash. */
export class DbError extends Error {}

/** Runs a driver call; whatever it throws becomes a DbError carrying the driver's message. */
export async function viaDriver<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw new DbError(e instanceof Error ? e.message : String(e));
  }
}
