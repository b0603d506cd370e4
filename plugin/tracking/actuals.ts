/**
 * Actual rows (实际数据行): the one reader of `id, date, amount[, line][, order_id]` rows that
 * every host uses, so a row the CLI refuses is refused in the playground too, by the same row,
 * column, code and message. A bad row is a problem, never a row dropped: a total that quietly
 * leaves a payment out is worse than no total.
 */
import { parsePeriod, shanghaiDay, type Day, type Period } from '../calendar/index.js';
import { readAmountCell, readDateCell, type DateCellRead } from '../data/spreadsheet.js';
import { plainAmountFen, type Fen } from '../money/index.js';
import { problem, type Localized, type Problem } from '../problems.js';

/** The org tree's places as the booker and the reader take them (`tree.flat`). */
export interface UnitPlaces {
  /** The unit's place (−1 when it is no unit of the tree). */
  indexOf(id: string): number;
  readonly units: ReadonlyArray<{ readonly id: string }>;
}

/** One actual row as read: booked on a day, or over a period (a month, an ISO week, a quarter...). */
export interface ActualRow {
  /** The row in its file (as the CSV/XLSX reader numbers it), for problems raised later (booking). */
  row: number;
  id: string;
  /** Set when `date` is a day or a time (its Asia/Shanghai day). */
  day?: Day;
  /** Set when `date` is a period; the booking spreads the row over it. */
  period?: Period;
  amount: Fen;
  line?: string;
  orderId?: string;
  /** The unit's place in the org tree, when the reader was given the tree's places (`units`): the booker indexes by it. */
  unit?: number;
}

interface ReadActualsOptions {
  /** Whether a unit id is known (the org tree); an unknown one is refused unless a split table credits the row's order. */
  isUnit?: (id: string) => boolean;
  /**
   * The org tree's places (`tree.flat`), in place of `isUnit`: a unit is known when it has a
   * place, and each row carries it (`unit`), so a booker given the same places books the row
   * without looking its id up again. A run of rows of one unit resolves it once.
   */
  units?: UnitPlaces;
  /** The product lines; a non-empty `line` cell must name one. Left out: the line column is not read. */
  lines?: readonly string[];
  /** Whether an order is credited by a split table: such a row needs no known unit in `id`. */
  isSplitOrder?: (orderId: string) => boolean;
}

type ReadActualsResult = { ok: true; rows: ActualRow[] } | { ok: false; problems: Problem[] };

const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v).trim());

/** A table problem at a row and column (the shape the CLI prints as `file:row:column`). */
function rowProblem(file: string, row: number, column: string, code: string, zh: string, en: string): Problem {
  return { ...problem(code, file, '', { zh, en }), row, column };
}

/**
 * Why an actual's amount is refused (TABLE_NOT_AMOUNT), worded once for a row read whole and a
 * row checked where it is stored (plugin/sql/stored-actuals.ts), `reason` from `readAmountCell`.
 */
export function notAmountMessage(raw: string, reason: Localized): Localized {
  return { zh: `amount 应为金额（元，最多两位小数），实际是 "${raw}"：${reason.zh}`, en: `amount must be an amount in yuan (at most 2 decimals), got "${raw}": ${reason.en}` };
}

/**
 * Reads actual rows. `date` is a day (2026-04-15), a time with its offset
 * (2026-04-15T09:30:00+08:00, counted on its Shanghai day) or a period (2026-04, 2026-W16,
 * 2026-Q2). One problem per bad row, checked in this order: the unit (`id`), the amount, the
 * date, the line; codes ACTUALS_UNKNOWN_UNIT, TABLE_NOT_AMOUNT, ACTUALS_BAD_DATE,
 * ACTUALS_UNKNOWN_LINE. All-or-nothing: any problem and no row is returned.
 */
export function readActuals(
  records: ReadonlyArray<{ line: number; record: Readonly<Record<string, unknown>> }>,
  file: string,
  options: ReadActualsOptions = {},
): ReadActualsResult {
  const reader = createActualsReader(file, options);
  const rows: ActualRow[] = [];
  for (const { line, record } of records) {
    const row = reader.read(line, record);
    if (row) rows.push(row);
  }
  return reader.problems.length ? { ok: false, problems: reader.problems } : { ok: true, rows };
}

/** Reads actual rows one at a time, for a file streamed rather than held whole (`track` over a year of daily rows). */
export interface ActualsReader {
  /** The row read, or undefined when it is refused (its problem is added to `problems`). */
  read(line: number, record: Readonly<Record<string, unknown>>): ActualRow | undefined;
  /** Every refused row so far: a run with any is refused whole, as `readActuals` is. */
  readonly problems: Problem[];
}

/**
 * The row reader behind `readActuals`, by row: the same checks, codes and messages. Days and
 * periods are parsed once per distinct text (a file of daily rows repeats a few hundred dates).
 */
export function createActualsReader(file: string, options: ReadActualsOptions = {}): ActualsReader {
  const problems: Problem[] = [];
  const lineIds = options.lines;
  const dates = new Map<string, { day?: Day; period?: Period } | null>();
  const dateOf = (date: string) => {
    let got = dates.get(date);
    if (got === undefined) {
      const day = shanghaiDay(date);
      const period = day ? undefined : parsePeriod(date);
      got = day ? { day } : period ? { period } : null;
      // bounded: a stream of distinct times (with their offsets) must not grow the cache without end
      if (dates.size < 100_000) dates.set(date, got);
    }
    return got;
  };
  // a date cell's reading by its text: a file of daily rows repeats a few hundred (bounded as above)
  const cells = new Map<string, DateCellRead>();
  const dateCellOf = (value: unknown): DateCellRead => {
    if (typeof value !== 'string') return readDateCell(value);
    let got = cells.get(value);
    if (got === undefined) {
      got = readDateCell(value);
      if (cells.size < 100_000) cells.set(value, got);
    }
    return got;
  };
  const places = options.units;
  let lastId: string | undefined;
  let lastPlace = -1;
  const read = (line: number, record: Readonly<Record<string, unknown>>): ActualRow | undefined => {
    const id = text(record.id);
    let place = -1;
    if (places) {
      place = id === lastId ? lastPlace : places.indexOf(id);
      lastId = id;
      lastPlace = place;
    }
    // spreadsheet habits (2026/5/14, 1,200, full-width digits, Excel serial days): data/spreadsheet.ts
    const dateCell = dateCellOf(record.date);
    const date = dateCell.ok ? dateCell.text : text(record.date);
    const raw = text(record.amount);
    const orderId = text(Object.hasOwn(record, 'order_id') ? record.order_id : record.orderId);
    const credited = orderId !== '' && options.isSplitOrder?.(orderId) === true;
    if (!credited && (places ? place < 0 : options.isUnit && !options.isUnit(id))) {
      problems.push(rowProblem(file, line, 'id', 'ACTUALS_UNKNOWN_UNIT', `单位 ${id} 不在目标表中`, `unit ${id} is not in the targets`));
      return undefined;
    }
    // the plain form first, without an outcome object; anything else as readAmountCell reads it
    let amount = typeof record.amount === 'number' ? undefined : plainAmountFen(raw);
    if (amount === undefined) {
      const read = readAmountCell(typeof record.amount === 'number' ? record.amount : raw, { negative: true });
      if (!read.ok) {
        const message = notAmountMessage(raw, read.reason);
        problems.push(rowProblem(file, line, 'amount', 'TABLE_NOT_AMOUNT', message.zh, message.en));
        return undefined;
      }
      amount = read.fen;
    }
    const when = dateCell.ok ? dateOf(date) : null;
    if (!when) {
      const why = dateCell.ok ? { zh: '', en: '' } : { zh: `：${dateCell.reason.zh}`, en: `: ${dateCell.reason.en}` };
      problems.push(rowProblem(file, line, 'date', 'ACTUALS_BAD_DATE', `date 应为日期、带时区的时间或期间，实际是 "${date}"${why.zh}`, `date must be a day, a time with its offset or a period, got "${date}"${why.en}`));
      return undefined;
    }
    const lineId = lineIds ? text(record.line) : '';
    if (lineIds && lineId !== '' && !lineIds.includes(lineId)) {
      problems.push(rowProblem(file, line, 'line', 'ACTUALS_UNKNOWN_LINE', `没有产品线 ${lineId}（可用：${lineIds.join('、')}）`, `there is no product line ${lineId} (known: ${lineIds.join(', ')})`));
      return undefined;
    }
    // built without spreads (a million rows a quarter): the same keys, in the same order, as before
    const row: ActualRow = when.day ? { row: line, id, amount, day: when.day } : { row: line, id, amount, period: when.period as Period };
    if (lineId !== '') row.line = lineId;
    if (orderId !== '') row.orderId = orderId;
    if (place >= 0) row.unit = place;
    return row;
  };
  return { read, problems };
}

/** The latest day the rows reach (a period row reaches its last day): the default as-of day. */
export function latestActualDay(rows: ReadonlyArray<Pick<ActualRow, 'day' | 'period'>>): Day | undefined {
  let latest: Day | undefined;
  for (const r of rows) {
    const d = actualRowDay(r);
    if (d !== undefined && (latest === undefined || d > latest)) latest = d;
  }
  return latest;
}

/** The day one row reaches (a period row its last day), as `latestActualDay` reads it (for a file streamed a row at a time). */
export function actualRowDay(row: Pick<ActualRow, 'day' | 'period'>): Day | undefined {
  return row.day ?? row.period?.end;
}
