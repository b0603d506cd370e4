/**
 * Reporting periods (统计周期): a day `2026-04-15`, an ISO week `2026-W16` (Monday to Sunday),
 * a month `2026-04`, a quarter `2026-Q2`, a half year `2026-H1` and a year `2026`. Each is a closed range of days.
 */
import { addDays, dayFromNumber, dayNumber, isoWeekday, mustDay, type Day } from './days.js';

type Grain = 'day' | 'week' | 'month' | 'quarter' | 'half' | 'year';

export interface Period {
  key: string;
  grain: Grain;
  /** First and last day, both included. */
  start: Day;
  end: Day;
}

const MONTH = /^(\d{4})-(\d{2})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/i;
const HALF = /^(\d{4})-H([12])$/i;
const WEEK = /^(\d{4})-W(\d{2})$/i;
const YEAR = /^(\d{4})$/;

function lastDayOfMonth(y: number, m: number): Day {
  return dayFromNumber(Date.UTC(y, m, 1) / 86_400_000 - 1);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Parses a period key; null when it is none of the forms above. */
export function parsePeriod(text: string): Period | null {
  const key = text.trim();
  if (dayNumber(key) !== null) return { key, grain: 'day', start: key, end: key };
  let m = MONTH.exec(key);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    if (mo < 1 || mo > 12) return null;
    return { key, grain: 'month', start: `${m[1]}-${m[2]}-01`, end: lastDayOfMonth(y, mo) };
  }
  m = QUARTER.exec(key);
  if (m) {
    const y = Number(m[1]);
    const q = Number(m[2]);
    return { key: `${y}-Q${q}`, grain: 'quarter', start: `${y}-${pad(q * 3 - 2)}-01`, end: lastDayOfMonth(y, q * 3) };
  }
  m = HALF.exec(key);
  if (m) {
    const y = Number(m[1]);
    const h = Number(m[2]);
    return { key: `${y}-H${h}`, grain: 'half', start: `${y}-${pad(h * 6 - 5)}-01`, end: lastDayOfMonth(y, h * 6) };
  }
  m = WEEK.exec(key);
  if (m) {
    const y = Number(m[1]);
    const w = Number(m[2]);
    const start = addDays(isoWeek1Monday(y), (w - 1) * 7);
    if (w < 1 || isoWeekOf(start).key !== `${y}-W${pad(w)}`) return null;
    return { key: `${y}-W${pad(w)}`, grain: 'week', start, end: addDays(start, 6) };
  }
  m = YEAR.exec(key);
  if (m) return { key, grain: 'year', start: `${key}-01-01`, end: `${key}-12-31` };
  return null;
}

function isoWeek1Monday(year: number): Day {
  const jan4 = `${year}-01-04`;
  return addDays(jan4, 1 - isoWeekday(jan4));
}

function isoWeekOf(day: Day): Period {
  const thursday = addDays(day, 4 - isoWeekday(day));
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor((mustDay(thursday) - mustDay(isoWeek1Monday(year))) / 7) + 1;
  const start = addDays(day, 1 - isoWeekday(day));
  return { key: `${year}-W${pad(week)}`, grain: 'week', start, end: addDays(start, 6) };
}

/** The period of the given grain that contains `day`. */
export function periodOf(day: Day, grain: Grain): Period {
  mustDay(day);
  const y = Number(day.slice(0, 4));
  const mo = Number(day.slice(5, 7));
  switch (grain) {
    case 'day': return { key: day, grain, start: day, end: day };
    case 'week': return isoWeekOf(day);
    case 'month': return parsePeriod(`${y}-${pad(mo)}`) as Period;
    case 'quarter': return parsePeriod(`${y}-Q${Math.ceil(mo / 3)}`) as Period;
    case 'half': return parsePeriod(`${y}-H${mo <= 6 ? 1 : 2}`) as Period;
    case 'year': return parsePeriod(String(y)) as Period;
  }
}

function contains(period: Period, day: Day): boolean {
  return day >= period.start && day <= period.end;
}

/** Every day of the period, in order. */
export function daysOf(period: Period): Day[] {
  const out: Day[] = [];
  for (let n = mustDay(period.start), end = mustDay(period.end); n <= end; n++) out.push(dayFromNumber(n));
  return out;
}
