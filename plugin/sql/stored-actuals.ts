/**
 * The board's actuals where they are stored (`StoredActuals` for `trackStoredBoard`), over any
 * SQL connection a host has: booking.ts's queries, run by the host's `query`, read back here.
 * The distinct dates first (the latest day, the bad dates), then the units and amounts checked
 * in the database as `readActuals` checks a file's rows, then the booking summed there by unit
 * and day and booked by the runtime's booker. Large results (the booking, the board's rows) come
 * through the host's `each` where it streams (a cursor): one booking loop, here, for every host
 * (the NocoBase board, `target-kit track --db`). Nothing here talks to a database.
 */
import type { Day, Period, WorkingCalendar } from '../calendar/index.js';
import { HOUR_MS, SHANGHAI_MS } from '../calendar/instants.js';
import { readAmountCell } from '../data/spreadsheet.js';
import { problem, type Problem } from '../problems.js';
import type { StoredActuals } from '../tracking/board.js';
import { createActualsReader, notAmountMessage } from '../tracking/actuals.js';
import { createActualsBooker, type BookingResult, type BookingSettings } from '../tracking/booking.js';
import { boardBuckets, bucketOfDay, readBoardRows, type BoardRow, type BoardSums } from './board.js';
import { actualDatesSql, actualUnitsSql, amountTypeSql, badAmountsSql, bookingDayMap, bookingSql, grossWithinRange, readActualDates, trimmedIdsRelation } from './booking.js';
import { DIALECTS, type SqlDialect } from './dialect.js';

type Row = Record<string, unknown>;

interface SqlActualsSource {
  dialect: SqlDialect;
  /** A relation with the columns id, date, amount (quoted by the caller: a table, or a subquery with an alias). */
  relation: string;
  /** The name problems give the actuals by. */
  file: string;
  /** Runs one query the runtime wrote; the host's driver, its connection and its transaction. */
  query(sql: string): Promise<Row[]>;
  /**
   * Runs one query and gives its rows to `onRow` as the driver brings them, a batch at a time (a
   * server-side cursor, DuckDB's stream), so a large result is never held whole. Left out: `query`'s rows.
   */
  each?(sql: string, onRow: (row: Row) => void): Promise<void>;
}

/** One query's rows, to `onRow`: streamed where the host can, else read whole. */
async function eachRow(source: Pick<SqlActualsSource, 'query' | 'each'>, sql: string, onRow: (row: Row) => void): Promise<void> {
  if (source.each) return source.each(sql, onRow);
  for (const row of await source.query(sql)) onRow(row);
}

/** A whole integer column value (BIGINT comes back as text from PostgreSQL's drivers, a bigint from DuckDB's). */
export function integerOf(v: unknown): number {
  const n = typeof v === 'bigint' || typeof v === 'string' ? Number(v) : (v as number);
  if (!Number.isSafeInteger(n)) throw new RangeError(`not a safe integer from the database: ${String(v)}`);
  return n;
}

/** A row's unit is not in the targets: the rows carrying it counted, a table has no row numbers. */
function unknownUnitProblem(file: string, id: string, n: number): Problem {
  return { ...problem('ACTUALS_UNKNOWN_UNIT', file, '', { zh: `单位 ${id} 不在目标表中（${n} 行）`, en: `unit ${id} is not in the targets (${n} row${n === 1 ? '' : 's'})` }), column: 'id' };
}

/**
 * A row whose amount is no amount in yuan (`badAmountsSql`'s row), refused as the row read whole
 * is: the reason is `readAmountCell`'s for the same text (`10.505`: more than 2 decimals). A text
 * it reads (1.15 held as a binary double, which the query's exact test refuses) is refused for its type.
 */
function badAmountProblem(file: string, r: Row): Problem {
  const raw = r.amount === null || r.amount === undefined ? '' : String(r.amount).trim();
  const read = readAmountCell(raw, { negative: true });
  const reason = read.ok ? { zh: '不是精确小数类型（NUMERIC、DECIMAL）', en: 'is not stored as an exact decimal (NUMERIC, DECIMAL)' } : read.reason;
  const message = notAmountMessage(raw, reason);
  // a table has no row numbers: the row is named by its unit and date
  return { ...problem('TABLE_NOT_AMOUNT', file, '', { zh: `${String(r.id)} ${String(r.date)}：${message.zh}`, en: `${String(r.id)} ${String(r.date)}: ${message.en}` }), column: 'amount' };
}

/** The SQL type of the `date` column (no row: the table is empty, and any reading will do). */
export function dateTypeSql({ dialect, relation }: Pick<SqlActualsSource, 'dialect' | 'relation'>): string {
  return `SELECT CAST(${dialect === 'duckdb' ? 'typeof' : 'pg_typeof'}("date") AS ${DIALECTS[dialect].text}) AS type FROM ${relation} LIMIT 1`;
}

/** Shanghai's offset from UTC as the file path counts a time's day (a fixed +08:00). */
const SHANGHAI_HOURS = SHANGHAI_MS / HOUR_MS;

/**
 * The actuals with a timestamp `date` column read as the file path reads a time, or undefined
 * for any other type (its text is already what a file holds: a DATE prints as YYYY-MM-DD). A
 * database prints a TIMESTAMPTZ with a bare hour offset (`+08`), which the reader does not take
 * for a time; here it is the day the reader would give it: its Shanghai day (the instant in UTC
 * plus 8 hours, whatever the session's zone), so `2026-05-03T16:30:00Z` is 4 May as a file's
 * `2026-05-04T00:30:00+08:00` is. A TIMESTAMP (no zone) is the day it names, as a file's time
 * without an offset. As days, a year of single sales' times is a few hundred distinct dates,
 * not a date per sale (past 100,000 of them a file is refused, `readActualDates`).
 */
export function datedRelation({ dialect, relation }: Pick<SqlActualsSource, 'dialect' | 'relation'>, type: string | undefined): string | undefined {
  const t = (type ?? '').toLowerCase();
  const zoned = t === 'timestamp with time zone' || t === 'timestamptz';
  const plain = t === 'timestamp without time zone' || /^timestamp(_ns|_ms|_s)?$/.test(t);
  if (!zoned && !plain) return undefined;
  const text = dialect === 'duckdb'
    ? `strftime(${zoned ? `timezone('UTC', "date") + INTERVAL ${SHANGHAI_HOURS} HOUR` : '"date"'}, '%Y-%m-%d')`
    : `to_char(${zoned ? `("date" AT TIME ZONE 'UTC') + INTERVAL '${SHANGHAI_HOURS} hours'` : '"date"'}, 'YYYY-MM-DD')`;
  return `(SELECT "id", ${text} AS "date", "amount" FROM ${relation}) AS dated_actuals`;
}

/** The actuals' distinct dates, read as the file path reads a date cell: the dates, the latest day they reach, the bad ones as problems. */
export async function readSqlActualDates({ dialect, relation, file, query }: SqlActualsSource): Promise<ReturnType<typeof readActualDates>> {
  const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  return readActualDates((await query(actualDatesSql({ dialect, relation }))).map((r) => ({ date: text(r.date), n: integerOf(r.n) })), file);
}

/**
 * The actuals' units and amounts checked in the database, as readActuals checks a file's: the
 * problems, none when all is well, the relation the booking reads (`trimmedIdsRelation`'s
 * when an id has spaces around it, which the file path would trim; else the same), and whether
 * the rows' gross amount stays within the largest amount (every sum in the database exact). One
 * scan counts each unit's rows, its bad amounts and its gross; the bad rows are listed for their
 * messages only when there are any.
 */
export async function checkSqlActuals({ dialect, relation, file, query }: SqlActualsSource, isUnit: (id: string) => boolean): Promise<{ problems: Problem[]; relation: string; withinRange: boolean }> {
  const problems: Problem[] = [];
  const typed = (await query(amountTypeSql({ dialect, relation })))[0]?.type;
  const type = typed === undefined || typed === null ? undefined : String(typed);
  // the rows of each id as the file path reads it (trimmed): ' a' and 'a' are one unit
  const rows = new Map<string, number>();
  let trimmed = false;
  let bad = 0;
  const units = await query(actualUnitsSql({ dialect, relation }, type));
  for (const r of units) {
    const raw = r.id === null || r.id === undefined ? '' : String(r.id);
    const id = raw.trim();
    if (id !== raw) trimmed = true;
    rows.set(id, (rows.get(id) ?? 0) + integerOf(r.n));
    bad += integerOf(r.bad);
  }
  for (const [id, n] of rows) if (!isUnit(id)) problems.push(unknownUnitProblem(file, id, n));
  if (bad > 0) for (const r of await query(badAmountsSql({ dialect, relation }, type))) problems.push(badAmountProblem(file, r));
  // past the largest amount in all, the database's sums could leave BIGINT or 2^53: the caller then books the rows as a file's
  const withinRange = grossWithinRange(units.map((r) => (r.gross === null || r.gross === undefined ? null : String(r.gross))));
  return { problems, relation: trimmed ? trimmedIdsRelation({ dialect, relation }) : relation, withinRange };
}

interface SqlBookingInput {
  /** The actuals' dates as `readSqlActualDates` read them. */
  dates: ReadonlyMap<string, { day?: Day; period?: Period }>;
  period: Period;
  asOf: Day;
  calendar: WorkingCalendar;
  settings: BookingSettings;
  /**
   * Sum each week (and the tail after the last completed week) in the database and book it on its
   * first day in the period (`boardBuckets`): all a board of whole weeks reads of the days, with
   * a row per unit and week instead of per unit and day.
   */
  byWeek?: boolean;
}

/** The actuals booked into the period up to the as-of day: summed in the database (`bookingSql`), booked here by the runtime's booker. */
export async function bookSqlActuals(source: SqlActualsSource, input: SqlBookingInput): Promise<BookingResult> {
  const { dates, period, asOf, calendar, settings, byWeek } = input;
  const { dialect, relation, file } = source;
  const map = bookingDayMap({ dates, period, asOf, calendar, settings, file });
  if (!map.ok) return map;
  const booker = createActualsBooker({ period, asOf, calendar, settings, file });
  // no day to book on: nothing to book (an empty VALUES list is no SQL)
  if (map.days.length) {
    const bucketOf = byWeek ? bucketOfDay(boardBuckets(period, asOf)) : undefined;
    const days = bucketOf ? map.days.map((b) => ({ ...b, day: bucketOf(b.day)!.from })) : map.days;
    await eachRow(source, bookingSql({ dialect, relation }, days), (r) => {
      booker.add({ row: 0, id: String(r.id), day: String(r.day) as Day, amount: integerOf(r.fen) });
    });
  }
  return booker.finish();
}

/** The board's query (`boardSql`'s plan) run through the host's driver, its rows gathered into the sums the runtime's board reads. */
export async function sqlBoardSums(source: Pick<SqlActualsSource, 'query' | 'each'>, plan: { sql: string; lightsInDb: boolean }, buckets: ReturnType<typeof boardBuckets>): Promise<BoardSums> {
  const rows: BoardRow[] = [];
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const whole = (v: unknown) => (v === null || v === undefined ? null : integerOf(v));
  await eachRow(source, plan.sql, (r) => {
    rows.push({ kind: String(r.kind), id: text(r.id), ord: whole(r.ord), fen: whole(r.fen), efen: whole(r.efen), lb: text(r.lb), ls: text(r.ls) });
  });
  return readBoardRows(rows, buckets, plan.lightsInDb);
}

/**
 * The rows read back as a file's text cells, one at a time through the host's stream, and booked
 * by the runtime's reader and booker: where the database's sums cannot be trusted (the amounts
 * add up past the largest amount: BIGINT, or 2^53 in a double), so the figures, or the refusal
 * (ACTUALS_TOTAL_RANGE), are the file path's. Also `track --db`'s yardstick (TARGET_KIT_DB_PULL=1).
 */
export async function bookSqlRowsAsFile(source: SqlActualsSource, input: Omit<SqlBookingInput, 'dates' | 'byWeek'>): Promise<BookingResult> {
  const { dialect, relation, file } = source;
  const reader = createActualsReader(file);
  const booker = createActualsBooker({ ...input, file });
  const text = DIALECTS[dialect].text;
  let line = 1;
  await eachRow(source, `SELECT CAST("id" AS ${text}) AS "id", CAST("date" AS ${text}) AS "date", CAST("amount" AS ${text}) AS "amount" FROM ${relation}`, (r) => {
    const row = reader.read(++line, r);
    if (row) booker.add(row);
  });
  return reader.problems.length ? { ok: false, problems: reader.problems } : booker.finish();
}

/**
 * Reads the actuals' distinct dates now (one query) and gives the board what it asks of them
 * later: the check (units, then amounts, then the bad dates: all at once, as `track --db`) and
 * the booking of the period it chose.
 */
export async function sqlActuals(source: SqlActualsSource): Promise<StoredActuals> {
  const dated = await readSqlActualDates(source);
  // the relation the check says the booking reads (ids trimmed where they need it)
  let relation = source.relation;
  let withinRange = true;
  return {
    file: source.file,
    latest: dated.latest,
    async check(isUnit) {
      const checked = await checkSqlActuals(source, isUnit);
      relation = checked.relation;
      withinRange = checked.withinRange;
      return [...checked.problems, ...dated.problems];
    },
    // the board reads the days only through whole weeks (its weekly columns, the alerts' weekly
    // series, the totals): a row per unit and week, not per unit and day; past the largest amount
    // in all, the rows as a file's (the database's sums could overflow)
    book: (input) => (withinRange
      ? bookSqlActuals({ ...source, relation }, { ...input, dates: dated.dates, byWeek: true })
      : bookSqlRowsAsFile({ ...source, relation }, input)),
  };
}
