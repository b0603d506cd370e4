/**
 * A database `track --db` reads from, behind one small shape: run SQL the runtime wrote, get
 * rows back. One thin module per driver (postgres.ts: `pg`; duckdb.ts: `@duckdb/node-api`);
 * which one is chosen by the target's form: a postgres:// URL, else a DuckDB file.
 */
import { problem } from '../../../plugin/index.js';
import { UsageError, say, type CommandContext } from '../context.js';
import { NOTHING_WRITTEN, refuse } from '../problems-out.js';
import { DEFAULT_TIMEOUT_MS, DbError, type Database } from './driver.js';

function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/** The target as it may be shown: a password in a URL is not printed. */
function shownTarget(target: string): string {
  return target.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@]*@/i, '$1:***@');
}

async function openDatabase(target: string, timeoutMs: number): Promise<Database> {
  if (isPostgresUrl(target)) return (await import('./postgres.js')).openPostgres(target, { timeoutMs });
  return (await import('./duckdb.js')).openDuckdb(target, { timeoutMs });
}

/** The longest `--db-timeout` (a day: past it a run is not bounded work). */
const MAX_TIMEOUT_S = 86_400;

/** `--db-timeout <seconds>` (a whole or decimal number, to the millisecond) as milliseconds; the default when not given. */
export function dbTimeoutMs(ctx: CommandContext, text: string | undefined): number {
  if (text === undefined) return DEFAULT_TIMEOUT_MS;
  const seconds = /^\d+(\.\d{1,3})?$/.test(text.trim()) ? Number(text) : NaN;
  if (!(seconds >= 0.001 && seconds <= MAX_TIMEOUT_S)) {
    throw new UsageError(say(ctx, `--db-timeout 应为秒数（0.001 到 ${MAX_TIMEOUT_S}），实际是 ${text}`, `--db-timeout must be a number of seconds (0.001 to ${MAX_TIMEOUT_S}), got ${text}`));
  }
  return Math.round(seconds * 1000);
}

/** A time in milliseconds as the refusal says it: 30 min, 90 s, 0.05 s. */
function spoken(ms: number): { zh: string; en: string } {
  if (ms % 60_000 === 0) return { zh: `${ms / 60_000} 分钟`, en: `${ms / 60_000} min` };
  return { zh: `${ms / 1000} 秒`, en: `${ms / 1000} s` };
}

/**
 * Opens the database, runs `use` with it and closes it; what the database or its driver
 * refuses is reported as a problem (DB_FAILED, the target shown without its password). Every
 * statement is bounded by `timeoutMs` (`--db-timeout`): one that runs past it is stopped and
 * refused as DB_TIMEOUT, naming the option.
 */
export async function withDatabase<T>(ctx: CommandContext, target: string, use: (db: Database) => Promise<T>, { timeoutMs = DEFAULT_TIMEOUT_MS }: { timeoutMs?: number } = {}): Promise<T> {
  const failed = (e: unknown): Promise<never> => {
    if (!(e instanceof DbError)) throw e;
    if (e.timedOut) {
      const limit = spoken(timeoutMs);
      return refuse(ctx, [problem('DB_TIMEOUT', shownTarget(target), '', {
        zh: `数据库：一条查询超过 ${limit.zh} 仍未完成，已停止（--db-timeout 可放宽，单位秒）`,
        en: `database: a query ran past ${limit.en} and was stopped (--db-timeout gives more, in seconds)`,
      })], NOTHING_WRITTEN);
    }
    return refuse(ctx, [problem('DB_FAILED', shownTarget(target), '', { zh: `数据库：${e.message}`, en: `database: ${e.message}` })], NOTHING_WRITTEN);
  };
  const db = await openDatabase(target, timeoutMs).catch(failed);
  try {
    return await use(db).catch(failed);
  } finally {
    await db.close();
  }
}
