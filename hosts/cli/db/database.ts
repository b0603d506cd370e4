/**
 * A database `track --db` reads from, behind one small shape: run SQL the runtime wrote, get
 * rows back. One thin module per driver (postgres.ts: `pg`; duckdb.ts: `@duckdb/node-api`);
 * which one is chosen by the target's form: a postgres:// URL, else a DuckDB file.
 */
import { problem } from '../../../plugin/index.js';
import type { CommandContext } from '../context.js';
import { NOTHING_WRITTEN, refuse } from '../problems-out.js';
import { DbError, type Database } from './driver.js';

function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/** The target as it may be shown: a password in a URL is not printed. */
function shownTarget(target: string): string {
  return target.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@]*@/i, '$1:***@');
}

async function openDatabase(target: string): Promise<Database> {
  if (isPostgresUrl(target)) return (await import('./postgres.js')).openPostgres(target);
  return (await import('./duckdb.js')).openDuckdb(target);
}

/** A table name as given (`actuals`, `sales.actuals`), each part quoted. */
export function relationOf(name: string): string {
  return name.split('.').map((p) => `"${p.replace(/"/g, '""')}"`).join('.');
}


/**
 * Opens the database, runs `use` with it and closes it; what the database or its driver
 * refuses is reported as a problem (DB_FAILED, the target shown without its password).
 */
export async function withDatabase<T>(ctx: CommandContext, target: string, use: (db: Database) => Promise<T>): Promise<T> {
  const failed = (e: unknown): Promise<never> => {
    if (!(e instanceof DbError)) throw e;
    return refuse(ctx, [problem('DB_FAILED', shownTarget(target), '', { zh: `数据库：${e.message}`, en: `database: ${e.message}` })], NOTHING_WRITTEN);
  };
  const db = await openDatabase(target).catch(failed);
  try {
    return await use(db).catch(failed);
  } finally {
    await db.close();
  }
}
