/**
 * Booking actuals into a tracked period (实际入账), exactly to the 分, the same way in every host.
 *
 * The rule:
 * 1. A day row (a day, or a time counted on its Shanghai day) books on that day.
 * 2. A period row (2026-04, 2026-W14, 2026-Q2 ...) is spread over the working days of its
 *    period (the bundle's working calendar), exactly: each working day gets the same whole
 *    number of fen and the fen left over go one each to the earliest working days, so the parts
 *    sum to the row. A period with no working day at all is spread over its calendar days.
 * 3. Then everything books by day: the tracked period counts the parts whose day lies inside it
 *    and on or before the as-of day. A week that straddles two months therefore belongs to both,
 *    in proportion to its working days (2026-W14, 30 March to 5 April with 4-5 April a holiday:
 *    2 parts in March, 3 in April), and only the days up to as-of count.
 *
 * Splitting a row across the tracked period's bounds or the as-of day needs the bundle's consent:
 * parameter `booking.periodRows` = "working-days". Without it a period row that would be split
 * (part counted, part not) is refused by row and column `date`, naming the parameter; a row wholly
 * inside or wholly outside is booked whole or left out. The daily series built here is also what
 * the weekly series (escalation, health review) reads, so the table and the weekly lights agree.
 */
import { dayFromNumber, dayNumber, daysOf, type Day, type Period, type WorkingCalendar } from '../calendar/index.js';
import { creditAmount, type SplitTable } from '../credit/index.js';
import type { Fen } from '../money/index.js';
import { problem, type Problem } from '../problems.js';
import type { ActualRow } from './actuals.js';

/** How a period row may be split across the tracked period's bounds and the as-of day. */
type PeriodRowsRule = 'working-days';

export interface BookingSettings {
  /** Absent: a period row that would be split is refused. */
  periodRows?: PeriodRowsRule;
}

/** The bundle's `booking` parameter group (the loader has checked it). */
export function readBookingSettings(parameters: Readonly<Record<string, unknown>>): BookingSettings {
  const group = parameters.booking;
  const rule = typeof group === 'object' && group !== null ? (group as { periodRows?: unknown }).periodRows : undefined;
  return rule === 'working-days' ? { periodRows: rule } : {};
}

/** One counted part of a row: its unit (a split table's person for a credited order), day and amount. */
interface BookedPart {
  row: number;
  id: string;
  day: Day;
  amount: Fen;
  line?: string;
}

export interface Booking {
  /** Each unit's own actual of the tracked period up to as-of (a unit with any counted row is present, even at 0). */
  own: Map<string, Fen>;
  /** The same by product line (line → unit → fen), for rows that carry a line. */
  ownByLine: Map<string, Map<string, Fen>>;
  /**
   * Own actuals by day, the source of the weekly series: a unit's days in day order, held in a
   * flat array over the tracked period (a year of daily rows for 50,000 reps would be 18M map entries).
   */
  daily: Map<string, ReadonlyMap<Day, Fen>>;
  /** Every counted part, in row order (empty when the booking was asked not to keep them). */
  parts: BookedPart[];
}

interface BookActualsInput {
  rows: readonly ActualRow[];
  period: Period;
  asOf: Day;
  calendar: WorkingCalendar;
  settings: BookingSettings;
  /** The actuals file, for problems. */
  file: string;
  /** A row whose order is in the table is credited to its people by percent, exactly, before booking. */
  splits?: SplitTable;
}

type BookerInput = Omit<BookActualsInput, 'rows'> & {
  /**
   * Keep every counted part (`Booking.parts`, which the per-line tracking reads). A booker keeps
   * none unless asked: parts grow with the rows, which a streamed file must not; `bookActuals`
   * keeps them unless told not to.
   */
  keepParts?: boolean;
};

/** Books rows one at a time, for actuals streamed from a file rather than held whole. */
export interface ActualsBooker {
  add(row: ActualRow): void;
  finish(): BookingResult;
}

export type BookingResult = { ok: true; booking: Booking } | { ok: false; problems: Problem[] };

/** The days a period row is spread over: its working days, or its calendar days when it has none. */
export function spreadDays(period: Period, calendar: WorkingCalendar): Day[] {
  const working = calendar.workingDays(period.start, period.end);
  return working.length ? working : daysOf(period);
}

function spreadOver(days: readonly Day[], amount: Fen): Array<[Day, Fen]> {
  const n = days.length;
  const abs = Math.abs(amount);
  const each = Math.floor(abs / n);
  const extra = abs - each * n;
  const sign = amount < 0 ? -1 : 1;
  return days.map((d, i) => [d, sign * (each + (i < extra ? 1 : 0)) || 0]);
}

/** Books rows into `period` up to `asOf` by the rule in this module's header. */
export function bookActuals(input: BookActualsInput & { keepParts?: boolean }): BookingResult {
  const booker = createActualsBooker({ ...input, keepParts: input.keepParts !== false });
  for (const r of input.rows) booker.add(r);
  return booker.finish();
}

/**
 * `bookActuals` one row at a time: memory grows with the units and the period's days, never
 * with the rows (unless the parts are kept, `keepParts`). A day row without a split books straight onto its
 * unit and day; period rows and credited orders take the general path.
 */
export function createActualsBooker(input: BookerInput): ActualsBooker {
  const { period, asOf, calendar, settings, file } = input;
  const keepParts = input.keepParts === true;
  const last = asOf < period.end ? asOf : period.end;
  const counts = (d: Day) => d >= period.start && d <= last;
  const problems: Problem[] = [];
  const first = dayNumber(period.start) as number;
  const span = Math.max(0, (dayNumber(last) ?? first - 1) - first + 1);
  const dayIndex = new Map<Day, number>();
  const indexOf = (d: Day): number => {
    let i = dayIndex.get(d);
    if (i === undefined) { i = (dayNumber(d) as number) - first; dayIndex.set(d, i); }
    return i;
  };
  const daily = new Map<string, DaySeries>();
  const booking: Booking = { own: new Map(), ownByLine: new Map(), daily, parts: [] };
  // a unit's own total is kept on its day series (one map lookup a row, not three) and copied
  // to booking.own when the booking finishes: the same sums, added in the same order
  const book = (row: number, id: string, day: Day, amount: Fen, line: string | undefined): void => {
    if (keepParts) booking.parts.push({ row, id, day, amount, ...(line !== undefined ? { line } : {}) });
    if (line !== undefined) {
      const byLine = booking.ownByLine.get(line) ?? new Map<string, Fen>();
      byLine.set(id, (byLine.get(id) ?? 0) + amount);
      booking.ownByLine.set(line, byLine);
    }
    let series = daily.get(id);
    if (!series) { series = new DaySeries(first, span); daily.set(id, series); }
    series.add(indexOf(day), amount);
  };
  const finish = (): BookingResult => {
    if (problems.length) return { ok: false, problems };
    for (const [id, series] of daily) booking.own.set(id, series.total);
    return { ok: true, booking };
  };
  // spreads are the same for every row of a period; the sample has hundreds of rows per week
  const spreadOf = new Map<string, Day[]>();
  const add = (r: ActualRow): void => {
    if (r.period !== undefined && !settings.periodRows) {
      if (splitsPeriodRow(r.period, period, asOf)) {
        problems.push(straddles(file, r, period, asOf));
        return;
      }
    }
    if (problems.length) return;
    const shares = r.orderId !== undefined ? input.splits?.get(r.orderId) : undefined;
    if (r.period === undefined && !shares) {
      if (counts(r.day as Day)) book(r.row, r.id, r.day as Day, r.amount, r.line);
      return;
    }
    const credited = shares ? creditAmount(r.amount, shares).map((amount, i) => ({ id: shares[i]!.id, amount })) : [{ id: r.id, amount: r.amount }];
    let days: Day[];
    if (r.period !== undefined) {
      days = spreadOf.get(r.period.key) ?? spreadDays(r.period, calendar);
      spreadOf.set(r.period.key, days);
    } else days = [r.day as Day];
    if (!days.some(counts)) return;
    for (const c of credited) {
      for (const [day, amount] of spreadOver(days, c.amount)) {
        if (counts(day)) book(r.row, c.id, day, amount, r.line);
      }
    }
  };
  return { add, finish };
}

/**
 * A unit's booked amounts by day over the tracked period, read as a map (days in day order;
 * a day is present once anything, even 0, was booked on it), stored in two flat arrays.
 */
class DaySeries implements ReadonlyMap<Day, Fen> {
  private readonly amounts: Float64Array;
  private readonly present: Uint8Array;
  private count = 0;

  constructor(private readonly first: number, span: number) {
    this.amounts = new Float64Array(span);
    this.present = new Uint8Array(span);
  }

  /** Σ of every amount booked, in booking order (the unit's own actual). */
  total = 0;

  add(index: number, amount: Fen): void {
    if (!this.present[index]) { this.present[index] = 1; this.count++; }
    this.amounts[index]! += amount;
    this.total += amount;
  }

  get size(): number { return this.count; }

  private indexOf(day: Day): number {
    const n = dayNumber(day);
    const i = n === null ? -1 : n - this.first;
    return i >= 0 && i < this.present.length && this.present[i] ? i : -1;
  }

  has(day: Day): boolean { return this.indexOf(day) >= 0; }

  get(day: Day): Fen | undefined {
    const i = this.indexOf(day);
    return i < 0 ? undefined : this.amounts[i]! + 0;
  }

  *entries(): MapIterator<[Day, Fen]> {
    for (let i = 0; i < this.present.length; i++) if (this.present[i]) yield [dayFromNumber(this.first + i), this.amounts[i]! + 0];
  }

  *keys(): MapIterator<Day> { for (const [d] of this.entries()) yield d; }

  *values(): MapIterator<Fen> { for (const [, v] of this.entries()) yield v; }

  [Symbol.iterator](): MapIterator<[Day, Fen]> { return this.entries(); }

  forEach(f: (value: Fen, key: Day, map: ReadonlyMap<Day, Fen>) => void): void {
    for (const [d, v] of this.entries()) f(v, d, this);
  }

  /** Σ of the amounts booked from day index `from` to `to` (inclusive, clipped to the period): the weekly series' sums without a walk over every day. */
  sumBetween(from: number, to: number): Fen {
    let sum = 0;
    for (let i = Math.max(0, from - this.first); i <= Math.min(this.amounts.length - 1, to - this.first); i++) sum += this.amounts[i]!;
    return sum;
  }
}

/** The flat series behind `Booking.daily`, when `daily` came from a booking (the weekly series sums its weeks directly). */
export function isDaySeries(days: ReadonlyMap<Day, Fen>): days is ReadonlyMap<Day, Fen> & { sumBetween(from: number, to: number): Fen } {
  return days instanceof DaySeries;
}

/**
 * Whether a period row would be split by the tracked period's bounds or the as-of day (part
 * counted, part not): refused without the bundle's consent (`booking.periodRows`).
 */
export function splitsPeriodRow(p: Period, period: Period, asOf: Day): boolean {
  const last = asOf < period.end ? asOf : period.end;
  const inside = p.start >= period.start && p.end <= last;
  const overlaps = p.start <= last && p.end >= period.start;
  return overlaps && !inside;
}

export function straddles(file: string, r: Pick<ActualRow, 'row' | 'period'>, period: Period, asOf: Day): Problem {
  const p = r.period as Period;
  return {
    ...problem('ACTUALS_PERIOD_STRADDLES', file, '', {
      zh: `${p.key}（${p.start} 至 ${p.end}）跨越跟踪期间 ${period.key} 的起止或截至日 ${asOf}，只有一部分应计入；包中未设置参数 booking.periodRows，不会自动拆分。请按日期给出实际，或在 tracking 参数中设置 "booking": {"periodRows": "working-days"}（按工作日拆分）`,
      en: `${p.key} (${p.start} to ${p.end}) straddles the start or end of the tracked period ${period.key} or the as-of day ${asOf}, so only part of it counts; the bundle does not set parameter booking.periodRows, so it is not split silently. Give the actuals by day, or set "booking": {"periodRows": "working-days"} in the tracking parameters (split by working days)`,
    }),
    row: r.row,
    column: 'date',
  };
}
