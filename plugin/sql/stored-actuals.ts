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
import { readAmountCell } from '../data/spreadsheet.js';
import { problem, type Problem } from '../problems.js';
import type { StoredActuals } from '../tracking/board.js';
import { notAmountMessage } from '../tracking/actuals.js';
import { createActualsBooker, type BookingResult, type BookingSettings } from '../tracking/booking.js';
import { boardBuckets, bucketOfDay, readBoardRows, type BoardRow, type BoardSums } from './board.js';
import { actualDatesSql, actualUnitsSql, amountTypeSql, badAmountsSql, bookingDayMap, bookingSql, readActualDates } from './booking.js';
import type { SqlDialect } from './dialect.js';

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

/** The actuals' distinct dates, read as the file path reads a date cell: the dates, the latest day they reach, the bad ones as problems. */
export async function readSqlActualDates({ dialect, relation, file, query }: SqlActualsSource): Promise<ReturnType<typeof readActualDates>> {
  const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  return readActualDates((await query(actualDatesSql({ dialect, relation }))).map((r) => ({ date: text(r.date), n: integerOf(r.n) })), file);
}

/**
 * The actuals' units and amounts checked in the database, as readActuals checks a file's: the
 * problems, none when all is well. One scan counts each unit's rows and its bad amounts; the bad
 * rows are listed for their messages only when there are any.
 */
export async function checkSqlActuals({ dialect, relation, file, query }: SqlActualsSource, isUnit: (id: string) => boolean): Promise<Problem[]> {
  const problems: Problem[] = [];
  const typed = (await query(amountTypeSql({ dialect, relation })))[0]?.type;
  const type = typed === undefined || typed === null ? undefined : String(typed);
  let bad = 0;
  for (const r of await query(actualUnitsSql({ dialect, relation }, type))) {
    const id = r.id === null || r.id === undefined ? '' : String(r.id);
    if (!isUnit(id)) problems.push(unknownUnitProblem(file, id, integerOf(r.n)));
    bad += integerOf(r.bad);
  }
  if (bad > 0) for (const r of await query(badAmountsSql({ dialect, relation }, type))) problems.push(badAmountProblem(file, r));
  return problems;
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
 * Reads the actuals' distinct dates now (one query) and gives the board what it asks of them
 * later: the check (units, then amounts, then the bad dates: all at once, as `track --db`) and
 * the booking of the period it chose.
 */
export async function sqlActuals(source: SqlActualsSource): Promise<StoredActuals> {
  const dated = await readSqlActualDates(source);
  return {
    file: source.file,
    latest: dated.latest,
    async check(isUnit) {
      return [...await checkSqlActuals(source, isUnit), ...dated.problems];
    },
    book: (input) => bookSqlActuals(source, { ...input, dates: dated.dates }),
  };
}
