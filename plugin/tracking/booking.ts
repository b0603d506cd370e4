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
import type { ActualRow, UnitPlaces } from './actuals.js';

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
  /**
   * The same own actuals by the unit's place in the org tree the booker was given (`units`),
   * for the use cases that walk 50,000 units by place (`trackCompany`): read only against that
   * same tree (`units` is compared by identity). Not enumerable: a booking's copies and
   * comparisons see the maps above.
   */
  readonly byPlace?: BookedByPlace;
}

/** A booking read by place in the tree it was made against (`Booking.byPlace`). */
export interface BookedByPlace {
  readonly units: UnitPlaces;
  /** The first day's number (`dayNumber`) of the tracked period: day index 0. */
  readonly first: number;
  /** The own actual of the unit at `place`, or undefined when nothing was booked on it. */
  own(place: number): Fen | undefined;
  /** Σ of the unit's amounts booked from day number `from` to `to` (inclusive), day by day in order. */
  sumBetween(place: number, from: number, to: number): Fen;
  /** Σ |own actual| of every booked unit, placed or not, in the order first booked (`Booking.own`'s). */
  volume(): number;
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
   * The org tree's places (`tree.flat`): a unit of the tree is then booked by its place (the one
   * a reader given the same places put on the row, `ActualRow.unit`, checked once per unit),
   * and the booking can be read by place (`Booking.byPlace`).
   */
  units?: UnitPlaces;
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
  const { period, asOf, calendar, settings, file, units } = input;
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
  const store = new DayStore(first, span);
  // a unit of the tree by its place (its slot once booked); any other id by a map
  const slotAt = units ? new Int32Array(units.units.length).fill(-1) : undefined;
  const slotOfId = new Map<string, number>();
  let lastId: string | undefined;
  let lastSlot = -1;
  const slotOf = (id: string, place: number | undefined): number => {
    if (id === lastId) return lastSlot;
    let slot: number | undefined;
    if (slotAt) {
      // a place handed by the reader is trusted once it names this id (a reader given other places is resolved here)
      const p = place !== undefined && units!.units[place]?.id === id ? place : units!.indexOf(id);
      if (p >= 0) {
        slot = slotAt[p]!;
        if (slot < 0) { slot = store.open(id); slotAt[p] = slot; }
      }
    }
    if (slot === undefined) {
      slot = slotOfId.get(id);
      if (slot === undefined) { slot = store.open(id); slotOfId.set(id, slot); }
    }
    lastId = id;
    lastSlot = slot;
    return slot;
  };
  const ownByLine = new Map<string, Map<string, Fen>>();
  const parts: BookedPart[] = [];
  const book = (row: number, id: string, place: number | undefined, day: Day, amount: Fen, line: string | undefined): void => {
    if (keepParts) parts.push({ row, id, day, amount, ...(line !== undefined ? { line } : {}) });
    if (line !== undefined) {
      const byLine = ownByLine.get(line) ?? new Map<string, Fen>();
      byLine.set(id, (byLine.get(id) ?? 0) + amount);
      ownByLine.set(line, byLine);
    }
    store.add(slotOf(id, place), indexOf(day), amount);
  };
  const finish = (): BookingResult => {
    if (problems.length) return { ok: false, problems };
    return { ok: true, booking: store.booking(ownByLine, parts, units && slotAt ? byPlaceOf(store, units, slotAt) : undefined) };
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
      if (counts(r.day as Day)) book(r.row, r.id, r.unit, r.day as Day, r.amount, r.line);
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
      // a credited part's unit is the split table's person, not the row's
      const place = shares ? undefined : r.unit;
      for (const [day, amount] of spreadOver(days, c.amount)) {
        if (counts(day)) book(r.row, c.id, place, day, amount, r.line);
      }
    }
  };
  return { add, finish };
}

/** Units' slots per block: a block's arrays are allocated at once (two typed arrays a unit cost 10 µs each, 0.5 s for 50,000 reps). */
const BLOCK = 256;

/**
 * Every booked unit's days over the tracked period, a slot a unit in the order first booked, in
 * blocks of flat arrays: memory grows with the units and the period's days, never with the rows.
 */
class DayStore {
  readonly ids: string[] = [];
  readonly totals: number[] = [];
  private readonly amounts: Float64Array[] = [];
  private readonly present: Uint8Array[] = [];
  readonly counts: number[] = [];

  constructor(readonly first: number, readonly span: number) {}

  /** A new slot for `id`. */
  open(id: string): number {
    const slot = this.ids.length;
    if (slot % BLOCK === 0) {
      this.amounts.push(new Float64Array(BLOCK * this.span));
      this.present.push(new Uint8Array(BLOCK * this.span));
    }
    this.ids.push(id);
    this.totals.push(0);
    this.counts.push(0);
    return slot;
  }

  add(slot: number, index: number, amount: Fen): void {
    const block = (slot / BLOCK) | 0;
    const at = (slot - block * BLOCK) * this.span + index;
    const present = this.present[block]!;
    if (!present[at]) { present[at] = 1; this.counts[slot]!++; }
    this.amounts[block]![at]! += amount;
    // the unit's own total, added in booking order (its own actual)
    this.totals[slot]! += amount;
  }

  /** The slot's amount on day index `index` (−0 read as 0), or undefined when nothing was booked on it. */
  get(slot: number, index: number): Fen | undefined {
    if (index < 0 || index >= this.span) return undefined;
    const block = (slot / BLOCK) | 0;
    const at = (slot - block * BLOCK) * this.span + index;
    return this.present[block]![at] ? this.amounts[block]![at]! + 0 : undefined;
  }

  /** Σ of the slot's amounts from day index `from` to `to`, clipped to the period, day by day. */
  sumBetween(slot: number, from: number, to: number): Fen {
    const block = (slot / BLOCK) | 0;
    const base = (slot - block * BLOCK) * this.span;
    const amounts = this.amounts[block]!;
    let sum = 0;
    for (let i = Math.max(0, from); i <= Math.min(this.span - 1, to); i++) sum += amounts[base + i]!;
    return sum;
  }

  /**
   * The booking as its maps: `own` and `daily` are made when first read (a board tracked by
   * place reads neither for 50,000 units), then kept; each stays an own enumerable property.
   */
  booking(ownByLine: Map<string, Map<string, Fen>>, parts: BookedPart[], byPlace: BookedByPlace | undefined): Booking {
    let own: Map<string, Fen> | undefined;
    let daily: Map<string, ReadonlyMap<Day, Fen>> | undefined;
    const store = this;
    const booking = {
      get own(): Map<string, Fen> { return (own ??= new Map(store.ids.map((id, s) => [id, store.totals[s]!]))); },
      set own(value: Map<string, Fen>) { own = value; },
      ownByLine,
      get daily(): Map<string, ReadonlyMap<Day, Fen>> { return (daily ??= new Map(store.ids.map((id, s) => [id, new DaySeries(store, s)]))); },
      set daily(value: Map<string, ReadonlyMap<Day, Fen>>) { daily = value; },
      parts,
    };
    if (byPlace) Object.defineProperty(booking, 'byPlace', { value: byPlace });
    return booking;
  }
}

function byPlaceOf(store: DayStore, units: UnitPlaces, slotAt: Int32Array): BookedByPlace {
  const first = store.first;
  return {
    units,
    first,
    own: (place) => { const s = slotAt[place] ?? -1; return s < 0 ? undefined : store.totals[s]!; },
    sumBetween: (place, from, to) => { const s = slotAt[place] ?? -1; return s < 0 ? 0 : store.sumBetween(s, from - first, to - first); },
    volume: () => { let v = 0; for (const t of store.totals) v += Math.abs(t); return v; },
  };
}

/**
 * A unit's booked amounts by day over the tracked period, read as a map (days in day order;
 * a day is present once anything, even 0, was booked on it): a view of its slot in the store.
 */
class DaySeries implements ReadonlyMap<Day, Fen> {
  readonly #store: DayStore;
  readonly #slot: number;

  constructor(store: DayStore, slot: number) {
    this.#store = store;
    this.#slot = slot;
  }

  get size(): number { return this.#store.counts[this.#slot]!; }

  private indexOf(day: Day): number {
    const n = dayNumber(day);
    return n === null ? -1 : n - this.#store.first;
  }

  has(day: Day): boolean { return this.get(day) !== undefined; }

  get(day: Day): Fen | undefined { return this.#store.get(this.#slot, this.indexOf(day)); }

  *entries(): MapIterator<[Day, Fen]> {
    for (let i = 0; i < this.#store.span; i++) {
      const v = this.#store.get(this.#slot, i);
      if (v !== undefined) yield [dayFromNumber(this.#store.first + i), v];
    }
  }

  *keys(): MapIterator<Day> { for (const [d] of this.entries()) yield d; }

  *values(): MapIterator<Fen> { for (const [, v] of this.entries()) yield v; }

  [Symbol.iterator](): MapIterator<[Day, Fen]> { return this.entries(); }

  forEach(f: (value: Fen, key: Day, map: ReadonlyMap<Day, Fen>) => void): void {
    for (const [d, v] of this.entries()) f(v, d, this);
  }

  /** Σ of the amounts booked from day number `from` to `to` (inclusive, clipped to the period): the weekly series' sums without a walk over every day. */
  sumBetween(from: number, to: number): Fen {
    return this.#store.sumBetween(this.#slot, from - this.#store.first, to - this.#store.first);
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
