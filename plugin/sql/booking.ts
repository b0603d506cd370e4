/**
 * Booking actuals inside the database (实际入账, in SQL): the rule of tracking/booking.ts, written
 * as one query over an actuals table `id, date, amount` (amount in yuan, an exact decimal), so a
 * year of daily rows is summed where it lies and only each unit's booked days come back.
 *
 * The split of the work: the database reports the distinct `date` texts (a few hundred even for
 * 18 million rows); the runtime reads each as the file path reads it (`createActualsReader`: a
 * day, a time counted on its Shanghai day, or a period) and turns it into the days it books on
 * (a period's working days, `spreadDays`), refusing a period row split by the tracked period
 * without the bundle's consent. That day map goes into the query as a VALUES list; the database
 * then spreads every row exactly to the fen (each day the same whole fen, the fen left over one
 * each to the earliest days, the sign kept) and sums by unit and day. Nothing here talks to a
 * database.
 */
import type { Day, Period, WorkingCalendar } from '../calendar/index.js';
import { MAX_FEN } from '../money/index.js';
import { problem, type Problem } from '../problems.js';
import { createActualsReader } from '../tracking/actuals.js';
import { spreadDays, splitsPeriodRow, straddles, type BookingSettings } from '../tracking/booking.js';
import { DIALECTS, quoteText, type SqlDialect } from './dialect.js';

/** Where the actuals are: a relation (quoted by the caller) with the columns id, date, amount. */
interface ActualsSource {
  dialect: SqlDialect;
  relation: string;
}

/**
 * The distinct dates the rows carry, with how many rows carry each: at most MAX_DATES + 1 of
 * them, so a table of distinct timestamps is refused (one more than the bound says so) rather
 * than read into a day map of millions.
 */
export function actualDatesSql({ dialect, relation }: ActualsSource): string {
  const text = DIALECTS[dialect].text;
  return `SELECT CAST("date" AS ${text}) AS date, COUNT(*) AS n FROM ${relation} GROUP BY CAST("date" AS ${text}) LIMIT ${MAX_DATES + 1}`;
}

/**
 * The characters JavaScript's `trim` takes off a text (its WhiteSpace and LineTerminator): the
 * file path trims every id cell, so a table's ids are trimmed by the same set, not SQL's spaces.
 */
const JS_TRIMMED = ' \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';

/**
 * The actuals with their ids trimmed as the file path trims an id cell, as a relation the
 * booking and the board read in place of the table. Only for a table whose ids need it (the
 * check saw one): trimming every id costs PostgreSQL 0.65 s more on 1.8M rows (0.86 s → 1.5 s
 * for the grouping by id, load 17).
 */
export function trimmedIdsRelation({ dialect, relation }: ActualsSource): string {
  const text = DIALECTS[dialect].text;
  // BTRIM (PostgreSQL) and TRIM(x, chars) (DuckDB) take off any of the characters given
  const trim = dialect === 'duckdb' ? 'TRIM' : 'BTRIM';
  return `(SELECT ${trim}(CAST("id" AS ${text}), ${quoteText(JS_TRIMMED)}) AS "id", "date", "amount" FROM ${relation}) AS trimmed_ids`;
}

/** Distinct dates a day map is made from: ten years of days and periods, many times over. */
const MAX_DATES = 100_000;

/**
 * The distinct unit ids the rows name, each with its count of rows, of rows whose amount is no
 * amount in yuan (`badAmountCondition`), and the rows' gross amount (Σ |amount|, as exact decimal
 * text): the units and the amounts checked in one scan (two scans cost 0.25 s + 0.53 s of
 * PostgreSQL's CPU on 1.8M rows, this one 0.44 s with the exact decimal form); the bad rows
 * themselves are listed (`badAmountsSql`) only when there are any. While the whole table's gross
 * stays within the largest amount, no sum the booking or the board makes can leave BIGINT or pass 2^53.
 */
export function actualUnitsSql({ dialect, relation }: ActualsSource, amountType?: string): string {
  const text = DIALECTS[dialect].text;
  return `SELECT CAST("id" AS ${text}) AS id, COUNT(*) AS n, COUNT(*) FILTER (WHERE ${badAmountCondition(dialect, amountType)}) AS bad, `
    + `CAST(SUM(ABS("amount")) AS ${text}) AS gross FROM ${relation} GROUP BY CAST("id" AS ${text})`;
}

/** Whether decimal texts (`gross` above; NULL for none) add up to at most MAX_FEN fen, decided exactly; a text that is no plain decimal is taken as past it. */
export function grossWithinRange(texts: ReadonlyArray<string | null>): boolean {
  const SCALE = 12;
  let total = 0n;
  for (const t of texts) {
    if (t === null) continue;
    const m = /^(\d+)(?:\.(\d{0,12}))?$/.exec(t.trim());
    if (!m) return false;
    total += BigInt(m[1]!) * 10n ** BigInt(SCALE) + BigInt((m[2] ?? '').padEnd(SCALE, '0'));
  }
  return total * 100n <= BigInt(MAX_FEN) * 10n ** BigInt(SCALE);
}

/** The SQL type of the amount column, as `actualUnitsSql` takes it (no row: the table is empty, and any form will do). */
export function amountTypeSql({ dialect, relation }: ActualsSource): string {
  return `SELECT CAST(${dialect === 'duckdb' ? 'typeof' : 'pg_typeof'}("amount") AS ${DIALECTS[dialect].text}) AS type FROM ${relation} LIMIT 1`;
}

/**
 * A row's amount is no amount in yuan: NULL, more than two decimals, or past the largest amount
 * (MAX_FEN). An exact decimal column (NUMERIC, DECIMAL) is read exactly; a double column holds
 * binary fractions, and most of its cents fail here, as they should. By the column's SQL type
 * (`amountTypeSql`): PostgreSQL's `numeric` is tested by the value's own scale first (`10.50`,
 * `10.500` and `10` need no arithmetic; only a longer scale is compared with itself rounded to
 * the fen): the same verdict as `amount * 100 <> ROUND(amount * 100)` at a quarter of its cost.
 * A DuckDB `DECIMAL` is compared with itself rounded to the fen, never multiplied: `amount * 100`
 * overflows DECIMAL(18,3) at 10^13 and would fail the query instead of naming the row.
 */
function badAmountCondition(dialect: SqlDialect, amountType?: string): string {
  const largest = `${Math.trunc(MAX_FEN / 100)}.${String(MAX_FEN % 100).padStart(2, '0')}`;
  if (dialect === 'postgres' && amountType === 'numeric') {
    return `"amount" IS NULL OR (CASE WHEN scale("amount") <= 2 THEN FALSE ELSE "amount" <> ROUND("amount", 2) END) OR "amount" > ${largest} OR "amount" < -${largest}`;
  }
  if (dialect === 'duckdb' && amountType !== undefined && /^DECIMAL\b/i.test(amountType)) {
    return `"amount" IS NULL OR "amount" <> ROUND("amount", 2) OR ABS("amount") > ${largest}`;
  }
  return `"amount" IS NULL OR "amount" * 100 <> ROUND("amount" * 100) OR ABS("amount") > ${largest}`;
}

/**
 * Up to `limit` rows whose amount is no amount in yuan (`badAmountCondition`, for the column's
 * type as `actualUnitsSql` took it), for their problems.
 */
export function badAmountsSql({ dialect, relation }: ActualsSource, amountType?: string, limit = 20): string {
  const text = DIALECTS[dialect].text;
  return `SELECT CAST("id" AS ${text}) AS id, CAST("date" AS ${text}) AS date, CAST("amount" AS ${text}) AS amount FROM ${relation} `
    + `WHERE ${badAmountCondition(dialect, amountType)} LIMIT ${limit}`;
}

/** What each distinct date text is. */
interface ReadDate { day?: Day; period?: Period }

interface ReadDates { dates: Map<string, ReadDate>; latest: Day | undefined; problems: Problem[] }

/**
 * Reads the distinct dates as the file path reads a `date` cell; the latest day they reach is
 * the default as-of day. A date that is none is a problem (and left out of `dates`).
 */
export function readActualDates(dates: ReadonlyArray<{ date: string; n: number }>, file: string): ReadDates {
  if (dates.length > MAX_DATES) {
    return { dates: new Map(), latest: undefined, problems: [{ ...problem('ACTUALS_TOO_MANY_DATES', file, '', {
      zh: `date 列有超过 ${MAX_DATES} 个不同的值（如逐笔的时间）；请按日给出（每行一个日期或期间）`,
      en: `the date column holds more than ${MAX_DATES} distinct values (times of single sales, perhaps); give the actuals by day (a day or a period a row)`,
    }), column: 'date' }] };
  }
  const reader = createActualsReader(file);
  const out = new Map<string, ReadDate>();
  let latest: Day | undefined;
  for (const { date, n } of dates) {
    const row = reader.read(0, { id: '', date, amount: '0' });
    if (!row) {
      // the problem names the date and the count of rows carrying it: a table has no row numbers
      const p = reader.problems[reader.problems.length - 1]!;
      const { row: _noRow, ...placed } = p;
      reader.problems[reader.problems.length - 1] = {
        ...placed, column: 'date',
        message: { zh: `${p.message.zh}（${n} 行）`, en: `${p.message.en} (${n} row${n === 1 ? '' : 's'})` },
      };
      continue;
    }
    const read: ReadDate = row.day ? { day: row.day } : { period: row.period as Period };
    out.set(date, read);
    const reach = read.day ?? read.period?.end;
    if (reach !== undefined && (latest === undefined || reach > latest)) latest = reach;
  }
  return { dates: out, latest, problems: reader.problems };
}

/** One entry of the day map: a row with this date books the `idx`-th of `n` parts on `day`. */
interface BookingDay { date: string; day: Day; idx: number; n: number }

interface DayMapInput {
  dates: ReadonlyMap<string, ReadDate>;
  period: Period;
  asOf: Day;
  calendar: WorkingCalendar;
  settings: BookingSettings;
  file: string;
}

/** The days each date books on inside the tracked period up to as-of (the parts outside are left out, as in bookActuals). */
export function bookingDayMap({ dates, period, asOf, calendar, settings, file }: DayMapInput): { ok: true; days: BookingDay[] } | { ok: false; problems: Problem[] } {
  const last = asOf < period.end ? asOf : period.end;
  const counts = (d: Day) => d >= period.start && d <= last;
  const days: BookingDay[] = [];
  const problems: Problem[] = [];
  for (const [date, read] of dates) {
    if (read.day !== undefined) {
      if (counts(read.day)) days.push({ date, day: read.day, idx: 0, n: 1 });
      continue;
    }
    const p = read.period as Period;
    if (!settings.periodRows && splitsPeriodRow(p, period, asOf)) {
      const { row: _noRow, ...placed } = straddles(file, { row: 0, period: p }, period, asOf);
      problems.push(placed);
      continue;
    }
    const spread = spreadDays(p, calendar);
    spread.forEach((day, idx) => {
      if (counts(day)) days.push({ date, day, idx, n: spread.length });
    });
  }
  return problems.length ? { ok: false, problems } : { ok: true, days };
}

/**
 * How the booking sums a group's fen, over the actuals as `a` (id, date, amount: `amount` the
 * column read as `amount` gives it) joined to the day map as `m` (idx, n): each row spread
 * exactly to the fen (each day the same whole fen, the fen left over one each to the earliest
 * days, the sign kept). A day-keyed row books whole on its day (n = 1): PostgreSQL turns each
 * such row's amount into fen (NUMERIC × 100 read as BIGINT, exact: the check has refused any amount
 * with a fraction of a fen) and sums the fen. Summing the NUMERIC amounts and turning the sum into
 * fen once a group costs the same per row, but a NUMERIC sum's state is several times a BIGINT
 * sum's: at 2.65M groups (50,000 reps × 53 weeks) it outgrew 768 MB of hash memory and spilled,
 * where the BIGINT sums fit in 512 MB (the board query: 704 MB written to temp files → 124 MB, server
 * CPU 33.0 s → 31.8 s, means of 5 and 3 runs; at 5,000 reps the aggregate costs the same, 1.04 s
 * both). A row spread over several days (n > 1) is split in fen. A double
 * column that passed the check holds k/100 within 1e-16, which NUMERIC reads back as k/100 for
 * every amount the check lets through (15 digits). DuckDB keeps the row's fen (its DECIMAL
 * arithmetic would widen past 38 digits). Each form only where the day map holds such days: a
 * CASE per row costs too.
 */
export function bookedFenSql(dialect: SqlDialect, days: ReadonlyArray<{ n: number }>): { amount: string; fen: string } {
  const int = DIALECTS[dialect].integer;
  // integer division: PostgreSQL's / on BIGINT truncates, DuckDB's gives a DOUBLE (// truncates)
  const div = dialect === 'duckdb' ? '//' : '/';
  const fenOf = `CAST(ROUND(a.amount * 100) AS ${int})`;
  const spread = `(ABS(${fenOf}) ${div} m.n + CASE WHEN m.idx < ABS(${fenOf}) % m.n THEN 1 ELSE 0 END)`;
  const spreadFen = `CASE WHEN ${fenOf} < 0 THEN - ${spread} ELSE ${spread} END`;
  if (dialect !== 'postgres') return { amount: '"amount"', fen: `CAST(SUM(${spreadFen}) AS ${int})` };
  const whole = days.some((x) => x.n === 1);
  const split = days.some((x) => x.n > 1);
  const rowFen = `CAST(a.amount * 100 AS ${int})`;
  const wholeFen = `CAST(SUM(${split ? `CASE WHEN m.n = 1 THEN ${rowFen} END` : rowFen}) AS ${int})`;
  const splitFen = `CAST(SUM(${whole ? `CASE WHEN m.n > 1 THEN ${spreadFen} END` : spreadFen}) AS ${int})`;
  return { amount: 'CAST("amount" AS NUMERIC)', fen: whole && split ? `COALESCE(${wholeFen}, 0) + COALESCE(${splitFen}, 0)` : whole ? wholeFen : splitFen };
}

/**
 * Each unit's booked fen by day: `id, day, fen` (fen a BIGINT), one row per unit and day that
 * any part falls on (a part of 0 fen included, as bookActuals keeps the day). The day map must
 * not be empty (an empty VALUES list is no SQL): with no day to book on, book nothing.
 */
export function bookingSql({ dialect, relation }: ActualsSource, days: readonly BookingDay[]): string {
  const d = DIALECTS[dialect];
  const map = days.map((b) => `(${quoteText(b.date)}, ${quoteText(b.day)}, ${b.idx}, ${b.n})`).join(', ');
  const booked = bookedFenSql(dialect, days);
  return `WITH m(date, day, idx, n) AS (VALUES ${map}), `
    + `a AS (SELECT CAST("id" AS ${d.text}) AS id, CAST("date" AS ${d.text}) AS date, ${booked.amount} AS amount FROM ${relation}) `
    + `SELECT a.id AS id, m.day AS day, ${booked.fen} AS fen FROM a JOIN m ON a.date = m.date GROUP BY a.id, m.day`;
}
