/**
 * `track --db`: the targets and actuals read from database tables instead of files. The targets
 * (one row per unit) come back whole as text cells, the shape a file gives, so they pass the
 * same checks. The actuals stay in the database: their dates, units and amounts are checked
 * there, and the booking into the tracked period (plugin/sql/booking.ts) runs there; only each
 * unit's booked fen by day comes back, booked by the runtime's booker as day rows.
 */
import {
  actualDatesSql, actualUnitsSql, badAmountProblem, badAmountsSql, bookingDayMap, bookingSql, createActualsBooker, problem, readActualDates, unknownUnitProblem,
  type Booking, type BookingSettings, type Day, type Period, type Problem, type WorkingCalendar,
} from '../../../plugin/index.js';
import type { TableRow } from '../tables.js';
import { integerOf, relationOf } from './database.js';
import type { Database } from './driver.js';

/** A column that orders the targets as their file did (children appear in that order). */
const ORDER_COLUMN = 'row_no';

interface DbTable { rows: TableRow[]; columns: string[]; name: string }

/** Every row of a table as text cells (NULL is an empty cell), in `row_no` order when the table has that column. */
export async function readDbTable(db: Database, table: string): Promise<DbTable> {
  const relation = relationOf(table);
  const all = await db.columns(relation);
  const columns = all.filter((c) => c !== ORDER_COLUMN);
  const text = db.dialect === 'duckdb' ? 'VARCHAR' : 'TEXT';
  const cells = columns.map((c, i) => `CAST("${c.replace(/"/g, '""')}" AS ${text}) AS c${i}`).join(', ');
  const order = all.includes(ORDER_COLUMN) ? ` ORDER BY "${ORDER_COLUMN}"` : '';
  const got = await db.query(`SELECT ${cells} FROM ${relation}${order}`);
  const rows = got.map((r, n) => ({
    line: n + 1,
    record: Object.fromEntries(columns.map((c, i) => [c, r[`c${i}`] ?? ''])),
  }));
  return { rows, columns, name: `${table} (database)` };
}

/** The dates read (the bad ones left out), the latest day they reach, and the bad ones as problems; `ok` false: a column is missing. */
type ReadDates = { ok: true; dates: Map<string, { day?: Day; period?: Period }>; latest: Day | undefined; problems: Problem[] } | { ok: false; problems: Problem[] };

/** The actuals' distinct dates, read as the file path reads a date cell (the latest day they reach is the default as-of day). */
export async function readDbActualDates(db: Database, table: string): Promise<ReadDates> {
  const source = { dialect: db.dialect, relation: relationOf(table) };
  const name = `${table} (database)`;
  const columns = await db.columns(source.relation);
  const absent = ['id', 'date', 'amount'].filter((c) => !columns.includes(c));
  if (absent.length) {
    return { ok: false, problems: absent.map((c) => ({ ...problem('TABLE_COLUMN_MISSING', name, '', { zh: `缺少列 ${c}`, en: `column ${c} is missing` }), column: c })) };
  }
  return { ok: true, ...readActualDates((await db.query(actualDatesSql(source))).map((r) => ({ date: String(r.date ?? ''), n: integerOf(r.n) })), name) };
}

/** The actuals' units and amounts checked in the database, as readActuals checks a file's: the problems, none when all is well. */
export async function checkDbActuals(db: Database, table: string, isUnit: (id: string) => boolean): Promise<Problem[]> {
  const source = { dialect: db.dialect, relation: relationOf(table) };
  const name = `${table} (database)`;
  const problems: Problem[] = [];
  for (const r of await db.query(actualUnitsSql(source))) {
    const id = String(r.id ?? '');
    if (!isUnit(id)) problems.push(unknownUnitProblem(name, id, integerOf(r.n)));
  }
  for (const r of await db.query(badAmountsSql(source))) problems.push(badAmountProblem(name, r));
  return problems;
}

interface DbBookingInput {
  dates: ReadonlyMap<string, { day?: Day; period?: Period }>;
  period: Period;
  asOf: Day;
  calendar: WorkingCalendar;
  settings: BookingSettings;
}

/** The tracked period's booking, summed in the database by unit and day. */
export async function bookInDb(db: Database, table: string, input: DbBookingInput): Promise<{ ok: true; booking: Booking } | { ok: false; problems: Problem[] }> {
  const name = `${table} (database)`;
  const map = bookingDayMap({ ...input, file: name });
  if (!map.ok) return map;
  const booker = createActualsBooker({ ...input, file: name });
  if (map.days.length) {
    await db.each(bookingSql({ dialect: db.dialect, relation: relationOf(table) }, map.days), (r) => {
      booker.add({ row: 0, id: String(r.id), day: String(r.day) as Day, amount: integerOf(r.fen) });
    });
  }
  return booker.finish();
}
