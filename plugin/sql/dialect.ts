/**
 * The few spellings PostgreSQL and DuckDB do not share. Everything else the compiler emits is
 * standard SQL both accept (CASE, COALESCE, GREATEST/LEAST, CAST).
 */
export type SqlDialect = 'postgres' | 'duckdb';

export interface Dialect {
  readonly name: SqlDialect;
  readonly double: string;
  readonly integer: string;
  readonly text: string;
  /** Arbitrary-precision decimal, or undefined: exact decisions (exact.ts) then cannot compile. */
  readonly numeric: string | undefined;
  /**
   * Whether float8 arithmetic raises errors on overflow, underflow and division by zero where
   * JavaScript gives Infinity, 0 or NaN (PostgreSQL does; DuckDB follows IEEE 754).
   */
  readonly raisesOnRange: boolean;
}

export const DIALECTS: Readonly<Record<SqlDialect, Dialect>> = {
  postgres: { name: 'postgres', double: 'DOUBLE PRECISION', integer: 'BIGINT', text: 'TEXT', numeric: 'NUMERIC', raisesOnRange: true },
  duckdb: { name: 'duckdb', double: 'DOUBLE', integer: 'BIGINT', text: 'VARCHAR', numeric: undefined, raisesOnRange: false },
};

/** A SQL string literal; standard_conforming_strings (both dialects' default) keeps backslashes as they are. */
export function quoteText(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** A quoted identifier. */
export function quoteName(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}
