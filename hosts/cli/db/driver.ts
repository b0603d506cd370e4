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
  /**
   * A table named as the user names it (`actuals`, `sales.actuals`), as the queries quote it. On
   * PostgreSQL a name without a schema is given the schema the user's own search_path finds it in:
   * the session's search_path is pinned to pg_catalog (postgres.ts), so the queries' functions and
   * operators are the built-ins whatever the user's schemas hold.
   */
  relation(name: string): Promise<string>;
  /** The column names of a relation, in its order. */
  columns(relation: string): Promise<string[]>;
  close(): Promise<void>;
}

/** Per statement, unless `--db-timeout` says otherwise: a 50,000-rep year's board takes minutes, not half an hour. */
export const DEFAULT_TIMEOUT_MS = 30 * 60_000;

/**
 * What the database or its driver refused (no connection, no table, a column of the wrong type):
 * reported, not a crash. `timedOut`: a statement ran past the session's timeout and was stopped.
 */
export class DbError extends Error {
  constructor(message: string, readonly timedOut = false) {
    super(message);
  }
}

/** PostgreSQL's SQLSTATE for a statement cancelled (here only by statement_timeout: nothing else cancels). */
const QUERY_CANCELED = '57014';

/** Runs a driver call; whatever it throws becomes a DbError carrying the driver's message. */
export async function viaDriver<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (e instanceof DbError) throw e;
    const code = (e as { code?: unknown } | null)?.code;
    throw new DbError(e instanceof Error ? e.message : String(e), code === QUERY_CANCELED);
  }
}

/** A table name as given (`actuals`, `sales.actuals`), each part quoted. */
export function relationOf(name: string): string {
  return name.split('.').map((p) => `"${p.replace(/"/g, '""')}"`).join('.');
}
