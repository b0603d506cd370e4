/**
 * The working-day calendar (工作日历): which days count for run rates, daily escalation and
 * time progress. Weekends, public holidays and the adjusted working weekends (调休上班) are
 * data in a JSON file, never code: China's State Council publishes each year's arrangement.
 */
import { joinPointer, problem, type Localized, type Problem } from '../problems.js';
import { dayFromNumber, dayNumber, isoWeekday, mustDay, type Day } from './days.js';
import type { Period } from './periods.js';

interface CalendarFile {
  $schema?: string;
  id: string;
  description?: Localized;
  /** ISO weekdays that are rest days unless listed in workdays (default [6, 7]). */
  weekend?: number[];
  /** Public holidays: single days or ranges, both ends included. */
  holidays?: Array<{ day?: Day; from?: Day; to?: Day; name?: Localized }>;
  /** Weekend days that are working days (调休上班). */
  workdays?: Array<{ day: Day; name?: Localized }>;
}

export interface WorkingCalendar {
  readonly id: string;
  /** First and last day the file covers (holiday data exists); outside it only weekends apply. */
  isWorkingDay(day: Day): boolean;
  /** Why a day is or is not a working day, for explanations. */
  describe(day: Day): { working: boolean; because: 'weekday' | 'weekend' | 'holiday' | 'adjusted-workday'; name?: Localized };
  /** Working days from `from` to `to`, both included (0 when to < from). */
  workingDaysBetween(from: Day, to: Day): number;
  /** Working days of a period, and how many of them fall on or before `asOf`. */
  progress(period: Period, asOf: Day): { total: number; elapsed: number; remaining: number };
  /** The working days of the range, in order. */
  workingDays(from: Day, to: Day): Day[];
}

type CalendarResult = { ok: true; calendar: WorkingCalendar } | { ok: false; problems: Problem[] };

/** Checks and builds a calendar from its JSON; every problem has the file and pointer. */
export function parseCalendar(value: unknown, file = '<calendar>'): CalendarResult {
  const problems: Problem[] = [];
  const bad = (pointer: string, zh: string, en: string) => problems.push(problem('CALENDAR_INVALID', file, pointer, { zh, en }));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    bad('', '日历应为 JSON 对象', 'the calendar must be a JSON object');
    return { ok: false, problems };
  }
  const v = value as CalendarFile;
  if (typeof v.id !== 'string' || !v.id) bad('/id', '日历缺少 id', 'the calendar has no id');
  const weekend = v.weekend ?? [6, 7];
  if (!Array.isArray(weekend) || weekend.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
    bad('/weekend', 'weekend 应为 1（周一）到 7（周日）的数组', 'weekend must be an array of ISO weekdays 1 (Monday) to 7 (Sunday)');
  }
  const holidays = new Map<number, Localized | undefined>();
  const workdays = new Map<number, Localized | undefined>();
  const day = (text: unknown, pointer: string): number | null => {
    const n = typeof text === 'string' ? dayNumber(text) : null;
    if (n === null) bad(pointer, `不是有效日期（YYYY-MM-DD）：${String(text)}`, `not a valid day (YYYY-MM-DD): ${String(text)}`);
    return n;
  };
  // a list that is not one, or an entry that is not an object, is refused: skipped, a customer's
  // holidays would count as working days and every run rate be wrong without a word
  const listAt = <T>(key: 'holidays' | 'workdays'): Array<{ entry: T; at: string }> => {
    const list: unknown = v[key];
    if (list === undefined) return [];
    if (!Array.isArray(list)) {
      bad(`/${key}`, `${key} 应为数组`, `${key} must be an array`);
      return [];
    }
    return list.flatMap((entry: unknown, i) => {
      const at = joinPointer(`/${key}`, i);
      if (typeof entry === 'object' && entry !== null && !Array.isArray(entry)) return [{ entry: entry as T, at }];
      bad(at, `${key} 的每一项应为对象（如 {"day": "2026-05-01"}）`, `each entry of ${key} must be an object (such as {"day": "2026-05-01"})`);
      return [];
    });
  };
  listAt<NonNullable<CalendarFile['holidays']>[number]>('holidays').forEach(({ entry: h, at }) => {
    if (h.day !== undefined) {
      const n = day(h.day, joinPointer(at, 'day'));
      if (n !== null) holidays.set(n, h.name);
      return;
    }
    const from = day(h.from, joinPointer(at, 'from'));
    const to = day(h.to, joinPointer(at, 'to'));
    if (from === null || to === null) return;
    if (to < from) bad(at, `假期 ${h.from} 到 ${h.to}：结束早于开始`, `holiday ${h.from} to ${h.to} ends before it starts`);
    for (let n = from; n <= to; n++) holidays.set(n, h.name);
  });
  listAt<NonNullable<CalendarFile['workdays']>[number]>('workdays').forEach(({ entry: w, at }) => {
    const n = day(w.day, joinPointer(at, 'day'));
    if (n === null) return;
    if (holidays.has(n)) bad(at, `${w.day} 同时是假日和调休上班日`, `${w.day} is both a holiday and a working day`);
    workdays.set(n, w.name);
  });
  if (problems.length) return { ok: false, problems };

  const rest = new Set(weekend);
  const describe: WorkingCalendar['describe'] = (d) => {
    const n = mustDay(d);
    if (holidays.has(n)) return withName({ working: false, because: 'holiday' }, holidays.get(n));
    if (workdays.has(n)) return withName({ working: true, because: 'adjusted-workday' }, workdays.get(n));
    return rest.has(isoWeekday(d)) ? { working: false, because: 'weekend' } : { working: true, because: 'weekday' };
  };
  const isWorkingByNumber = (n: number): boolean => {
    if (holidays.has(n)) return false;
    if (workdays.has(n)) return true;
    return !rest.has((((n + 3) % 7) + 7) % 7 + 1);
  };
  // The same spans are counted again and again (every unit from the period's start to each
  // week's end): counted once each, a bounded number kept.
  const counted = new Map<string, number>();
  const count = (from: number, to: number): number => {
    const key = `${from}:${to}`;
    const known = counted.get(key);
    if (known !== undefined) return known;
    let c = 0;
    for (let n = from; n <= to; n++) if (isWorkingByNumber(n)) c++;
    if (counted.size >= 10_000) counted.clear();
    counted.set(key, c);
    return c;
  };
  const calendar: WorkingCalendar = {
    id: v.id,
    isWorkingDay: (d) => isWorkingByNumber(mustDay(d)),
    describe,
    workingDaysBetween: (from, to) => count(mustDay(from), mustDay(to)),
    progress: (period, asOf) => {
      const start = mustDay(period.start);
      const end = mustDay(period.end);
      const at = Math.min(Math.max(mustDay(asOf), start - 1), end);
      const total = count(start, end);
      const elapsed = count(start, at);
      return { total, elapsed, remaining: total - elapsed };
    },
    workingDays: (from, to) => {
      const out: Day[] = [];
      for (let n = mustDay(from), end = mustDay(to); n <= end; n++) if (isWorkingByNumber(n)) out.push(dayFromNumber(n));
      return out;
    },
  };
  return { ok: true, calendar };
}

function withName<T extends object>(o: T, name: Localized | undefined): T & { name?: Localized } {
  return name ? { ...o, name } : o;
}

