/**
 * `track --db`: the targets and actuals read from database tables instead of files. The targets
 * (one row per unit) come back whole as text cells, the shape a file gives, so they pass the
 * same checks. The actuals stay in the database: their dates, units and amounts are checked
 * there, and the board is made there (plugin/sql/board.ts: booking by week, roll-up, lights and
 * the streaks' weeks), read back into the runtime's tracker; where the board needs more than
 * whole weeks (phased targets), each unit's weekly sums come back and the runtime's booker books
 * them (`bookSqlActuals`, the NocoBase board's loop too). This module only connects the two.
 */
import {
  boardBuckets, boardRules, boardSql, bookingDayMap, bookSqlActuals, bookSqlRowsAsFile, checkSqlActuals, datedRelation, dateTypeSql,
  problem, readBoardRows, readSqlActualDates, sqlBoardSums,
  type Booking, type BookingSettings, type BoardTreeUnit, type Day, type LoadedBundle, type Period, type Problem, type WorkingCalendar,
} from '../../../plugin/index.js';
import type { TableRow } from '../tables.js';
import { DbError, type Database, type DbRow } from './driver.js';

/** A column that orders the targets as their file did (children appear in that order). */
const ORDER_COLUMN = 'row_no';

interface DbTable { rows: TableRow[]; columns: string[]; name: string }

/**
 * Each row's number as the file path gives it (header = row 1): by `row_no` (row_no 1 is the
 * file's row 2) where every row has a distinct whole one, else by the rows' order (row 2 first).
 */
function fileRows(orders: readonly unknown[]): number[] {
  const numbers = orders.map((v) => (v === null || v === undefined ? NaN : Number(v)));
  const keyed = numbers.every((n) => Number.isSafeInteger(n) && n >= 1) && new Set(numbers).size === numbers.length;
  return keyed ? numbers.map((n) => n + 1) : orders.map((_, i) => i + 2);
}

/** Every row of a table as text cells (NULL is an empty cell), in `row_no` order when the table has that column. */
export async function readDbTable(db: Database, table: string): Promise<DbTable> {
  const relation = await db.relation(table);
  const all = await db.columns(relation);
  const columns = all.filter((c) => c !== ORDER_COLUMN);
  const text = db.dialect === 'duckdb' ? 'VARCHAR' : 'TEXT';
  const cells = columns.map((c, i) => `CAST("${c.replace(/"/g, '""')}" AS ${text}) AS c${i}`).join(', ');
  const ordered = all.includes(ORDER_COLUMN);
  // ordered by the column itself (its numbers), the alias o its text
  const order = ordered ? `, CAST("${ORDER_COLUMN}" AS ${text}) AS o FROM ${relation} AS t ORDER BY t."${ORDER_COLUMN}"` : ` FROM ${relation}`;
  const got = await db.query(`SELECT ${cells}${order}`);
  const lines = fileRows(got.map((r) => (ordered ? r.o : undefined)));
  const rows = got.map((r, n) => ({
    line: lines[n]!,
    record: Object.fromEntries(columns.map((c, i) => [c, r[`c${i}`] ?? ''])),
  }));
  return { rows, columns, name: `${table} (database)` };
}

/** Per database, each actuals table's relation as the queries read it (`actualsRelation`): found once. */
const actualsRelations = new WeakMap<Database, Map<string, Promise<string>>>();

/**
 * The actuals table as the queries read it: the table as the database names it (`relation`),
 * with a timestamp `date` column read as a file's time cell is (`datedRelation`). Asked only
 * once the columns are known to be there.
 */
function actualsRelation(db: Database, table: string): Promise<string> {
  const known = actualsRelations.get(db) ?? new Map<string, Promise<string>>();
  actualsRelations.set(db, known);
  let found = known.get(table);
  if (!found) {
    found = (async () => {
      const relation = await db.relation(table);
      const typed = (await db.query(dateTypeSql({ dialect: db.dialect, relation })))[0]?.type;
      return datedRelation({ dialect: db.dialect, relation }, typed === undefined || typed === null ? undefined : String(typed)) ?? relation;
    })();
    known.set(table, found);
  }
  return found;
}

/** The actuals table as the runtime's stored-actuals queries take it: large results streamed through the driver (`each`). */
async function actualsSource(db: Database, table: string, relation?: string) {
  return {
    dialect: db.dialect, relation: relation ?? await actualsRelation(db, table), file: `${table} (database)`,
    query: (sql: string) => db.query(sql), each: (sql: string, onRow: (row: DbRow) => void) => db.each(sql, onRow),
  };
}

/** The dates read (the bad ones left out), the latest day they reach, and the bad ones as problems; `ok` false: a column is missing. */
type ReadDates = { ok: true; dates: Map<string, { day?: Day; period?: Period }>; latest: Day | undefined; problems: Problem[] } | { ok: false; problems: Problem[] };

/** The actuals' distinct dates, read as the file path reads a date cell (the latest day they reach is the default as-of day). */
export async function readDbActualDates(db: Database, table: string): Promise<ReadDates> {
  const file = `${table} (database)`;
  const columns = await db.columns(await db.relation(table));
  const absent = ['id', 'date', 'amount'].filter((c) => !columns.includes(c));
  if (absent.length) {
    return { ok: false, problems: absent.map((c) => ({ ...problem('TABLE_COLUMN_MISSING', file, '', { zh: `缺少列 ${c}`, en: `column ${c} is missing` }), column: c })) };
  }
  const source = await actualsSource(db, table);
  // the amounts are checked and summed as numbers in the database: a text column (which a file's
  // cells are) is refused here by its column, not by the database's message about an operator
  const numeric = await db.query(`SELECT "amount" * 100 AS fen FROM ${source.relation} LIMIT 0`).then(() => true, (e: unknown) => {
    if (e instanceof DbError) return false;
    throw e;
  });
  if (!numeric) {
    return { ok: false, problems: [{ ...problem('TABLE_NOT_AMOUNT', source.file, '', {
      zh: 'amount 列不是数值类型：数据库中的金额请存为精确小数（NUMERIC、DECIMAL，单位元，最多两位小数）',
      en: 'the amount column is not a number: store amounts in the database as exact decimals (NUMERIC, DECIMAL; yuan, at most 2 decimals)',
    }), column: 'amount' }] };
  }
  return { ok: true, ...await readSqlActualDates(source) };
}

/**
 * The actuals' units and amounts checked in the database, as readActuals checks a file's: the
 * problems, none when all is well, and the relation the booking reads (the ids trimmed, where
 * one has spaces around it, as a file's id cell is).
 */
export async function checkDbActuals(db: Database, table: string, isUnit: (id: string) => boolean): Promise<{ problems: Problem[]; relation: string; withinRange: boolean }> {
  return checkSqlActuals(await actualsSource(db, table), isUnit);
}

interface DbBookingInput {
  dates: ReadonlyMap<string, { day?: Day; period?: Period }>;
  period: Period;
  asOf: Day;
  calendar: WorkingCalendar;
  settings: BookingSettings;
  /** What the check gave to read the actuals from (`checkDbActuals`); the table itself when left out. */
  relation?: string;
}

/**
 * The tracked period's booking, summed in the database by unit and week: each week's sum (and the
 * tail's after the last completed week) is booked on the week's first day in the period, which is
 * all the board reads of the days (the weekly series sums whole weeks; plugin/sql/board.ts). The
 * runtime's booking loop (`bookSqlActuals`, the NocoBase board's too), the rows streamed.
 */
export async function bookInDb(db: Database, table: string, input: DbBookingInput): Promise<{ ok: true; booking: Booking } | { ok: false; problems: Problem[] }> {
  return bookSqlActuals(await actualsSource(db, table, input.relation), { ...input, byWeek: true });
}

interface DbBoardInput extends DbBookingInput {
  bundle: LoadedBundle;
  preset: string | undefined;
  units: readonly BoardTreeUnit[];
  /** Decide the lights in the database. */
  lights: boolean;
  /** The to-date basis: the lights compare with the part of the target due by as-of. */
  toDate?: boolean;
}

/**
 * The whole board's sums made in the database (plugin/sql/board.ts): rolled actuals, lights and
 * the streaks' weeks, for trackCompanySums; `fallbacks` says which figures the runtime decides
 * instead and why (the compiler's refusal). Undefined: the bundle lacks a rule the board needs
 * (the caller then takes the booking path, which names it).
 */
export async function boardInDb(db: Database, table: string, input: DbBoardInput) {
  const name = `${table} (database)`;
  const rules = boardRules(input.bundle, input.preset);
  if (!rules) return undefined;
  const map = bookingDayMap({ ...input, file: name });
  if (!map.ok) return map;
  const buckets = boardBuckets(input.period, input.asOf);
  // an as-of day before the period: nothing is counted and no week has ended
  if (!buckets.length) return { ok: true as const, sums: readBoardRows([], buckets, false), fallbacks: [] };
  const plan = boardSql({
    dialect: db.dialect, relation: input.relation ?? await actualsRelation(db, table), days: map.days, buckets, units: input.units,
    period: input.period, calendar: input.calendar, rules, lights: input.lights, ...(input.toDate ? { toDate: { asOf: input.asOf } } : {}),
  });
  // DuckDB (1.5.6) never finishes streaming this query at 5,000 reps (the escalation's and the
  // review's branches beside a third: every thread waiting, with one thread too), though it runs
  // it whole in 3-6 s: the driver holds the result in DuckDB's memory first, then hands it row by row
  const board = { ...await actualsSource(db, table, input.relation), each: (sql: string, onRow: (row: DbRow) => void) => db.each(sql, onRow, { whole: true }) };
  return { ok: true as const, sums: await sqlBoardSums(board, plan, buckets), fallbacks: plan.fallbacks };
}

/**
 * The rows pulled out of the database and booked in the runtime, as a file's are (every row
 * through the actuals reader and the booker; `bookSqlRowsAsFile`): where the amounts add up past
 * the largest, and the bench's yardstick (TARGET_KIT_DB_PULL=1; tests/bench/track-db.ts).
 */
export async function bookPulledRows(db: Database, table: string, input: DbBookingInput): Promise<{ ok: true; booking: Booking } | { ok: false; problems: Problem[] }> {
  return bookSqlRowsAsFile(await actualsSource(db, table, input.relation), input);
}
