/**
 * Phasing profiles (季节性曲线): the share of a period target each month of the period carries.
 * Learned from history (the same months of the last N years, each year's shares weighted),
 * given explicitly (month-of-year weights such as 30/30/40), or by working days.
 */
import type { Period, WorkingCalendar } from '../calendar/index.js';
import type { Fen } from '../money/index.js';
import type { Localized } from '../problems.js';
import type { HistorySettings, ProfileKind } from './settings.js';

/** A month of the period: key `YYYY-MM`, its days and working days. */
export interface PeriodMonth {
  key: string;
  start: string;
  end: string;
  workingDays: number;
}

export interface ProfileUsed {
  /** Where the shares come from. */
  kind: ProfileKind;
  /** `own`: learned or set for this unit; `inherited`: its ancestor's; `fallback`: working days because nothing better exists. */
  source: 'own' | 'inherited' | 'fallback';
  /** The unit whose profile this is. */
  from: string;
  /** History years that counted (history profiles only). */
  years?: number[];
  /** Share of the period per month, summing to 1. */
  shares: number[];
  note?: Localized;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The months a period covers, in order (a month, quarter, half or year). */
export function monthsOfPeriod(period: Period, calendar: WorkingCalendar): PeriodMonth[] {
  const out: PeriodMonth[] = [];
  let y = Number(period.start.slice(0, 4));
  let m = Number(period.start.slice(5, 7));
  const endKey = period.end.slice(0, 7);
  for (;;) {
    const key = `${y}-${pad(m)}`;
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const start = `${key}-01`;
    const end = `${key}-${pad(last)}`;
    out.push({ key, start, end, workingDays: calendar.workingDaysBetween(start, end) });
    if (key >= endKey) break;
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
  return out;
}

const normalise = (w: readonly number[]): number[] => {
  const sum = w.reduce((a, b) => a + b, 0);
  return sum > 0 ? w.map((x) => x / sum) : w.map(() => 1 / w.length);
};

export function workingDayShares(months: readonly PeriodMonth[]): number[] {
  return normalise(months.map((m) => m.workingDays));
}

/** Shares from month-of-year weights (January first); null when the period's months all weigh 0. */
export function explicitShares(months: readonly PeriodMonth[], weights: readonly number[]): number[] | null {
  const w = months.map((m) => weights[Number(m.key.slice(5, 7)) - 1] ?? 0);
  return w.some((x) => x > 0) ? normalise(w) : null;
}

const historyKey = (m: PeriodMonth, yearsBack: number) => `${Number(m.key.slice(0, 4)) - yearsBack}-${m.key.slice(5, 7)}`;

/** The history months `historyShares` reads (so a caller can roll up only those). */
export function historyKeys(months: readonly PeriodMonth[], settings: HistorySettings): string[] {
  const out: string[] = [];
  for (let k = 1; k <= settings.years; k++) if ((settings.weights[settings.years - k] ?? 0) > 0) for (const m of months) out.push(historyKey(m, k));
  return out;
}

/**
 * Shares learned from a unit's monthly history: for each of the last `years` years, the same
 * months' shares of that year's total over them, weighted (oldest → newest) over the years that
 * count. A year counts only when the unit booked revenue in every one of those months (a rep
 * who joined mid-year has no full season yet). Null when fewer than `minYears` years count.
 * The amounts are read from `row[at..]` in `historyKeys` order (the phasing rolls history up
 * the tree into one flat row per unit, so no map is built per unit).
 */
export function historyShares(months: readonly PeriodMonth[], row: ArrayLike<Fen>, at: number, settings: HistorySettings): { shares: number[]; years: number[] } | null {
  const year = Number((months[0] as PeriodMonth).key.slice(0, 4));
  const m = months.length;
  const acc = months.map(() => 0);
  const used: number[] = [];
  let weightSum = 0;
  let next = at;
  for (let k = 1; k <= settings.years; k++) {
    const weight = settings.weights[settings.years - k] ?? 0;
    if (weight <= 0) continue;
    // the same calendar months, k years earlier (a year period spans one calendar year)
    const from = next;
    next += m;
    let total = 0;
    let full = true;
    for (let i = 0; i < m; i++) {
      const a = row[from + i] as Fen;
      if (!(a > 0)) full = false;
      total += a;
    }
    if (!full) continue;
    for (let i = 0; i < m; i++) acc[i] = (acc[i] as number) + (weight * (row[from + i] as Fen)) / total;
    weightSum += weight;
    used.push(year - k);
  }
  if (used.length < settings.minYears || weightSum <= 0) return null;
  return { shares: normalise(acc), years: used.sort((a, b) => a - b) };
}
