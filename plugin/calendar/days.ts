/**
 * Calendar days and periods as our users count them: a "day" is a calendar day in
 * Asia/Shanghai (UTC+8 all year, no daylight saving). Days are `YYYY-MM-DD` text and day
 * arithmetic runs on whole days since 1970-01-01, so nothing depends on the process time zone.
 */

/** A calendar day, `YYYY-MM-DD`. */
export type Day = string;

/** Shanghai has kept UTC+8 without daylight saving since 1991. */
const SHANGHAI_OFFSET_MINUTES = 8 * 60;
const MS_PER_DAY = 86_400_000;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Day texts already read, and day numbers already written: a board tracks every unit at every
 * week's end, and reading the same few hundred days again (a regular expression and a Date each)
 * was a fifth of its time. Bounded: a long run over many distinct days starts afresh.
 */
const MEMO_LIMIT = 20_000;
const numberOfDay = new Map<string, number | null>();
const dayOfNumber = new Map<number, Day>();

/** Days since 1970-01-01 for a valid `YYYY-MM-DD`, else null. */
export function dayNumber(day: string): number | null {
  const known = numberOfDay.get(day);
  if (known !== undefined) return known;
  const n = readDayNumber(day);
  // only a text of a day's length is kept: anything else cannot be a day, and a long hostile
  // text must not stay in memory across runs of a long-lived host
  if (day.length !== 10) return n;
  if (numberOfDay.size >= MEMO_LIMIT) numberOfDay.clear();
  numberOfDay.set(day, n);
  return n;
}

function readDayNumber(day: string): number | null {
  const m = DAY.exec(day);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / MS_PER_DAY;
}

export function dayFromNumber(n: number): Day {
  const known = dayOfNumber.get(n);
  if (known !== undefined) return known;
  const day = new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
  if (dayOfNumber.size >= MEMO_LIMIT) dayOfNumber.clear();
  dayOfNumber.set(n, day);
  return day;
}

export function addDays(day: Day, n: number): Day {
  return dayFromNumber(mustDay(day) + n);
}

/** 1 = Monday … 7 = Sunday (ISO). */
export function isoWeekday(day: Day): number {
  const n = mustDay(day);
  // 1970-01-01 was a Thursday (4)
  return ((((n + 3) % 7) + 7) % 7) + 1;
}

export function mustDay(day: Day): number {
  const n = dayNumber(day);
  if (n === null) throw new RangeError(`not a calendar day (YYYY-MM-DD): ${day}`);
  return n;
}

/**
 * The Shanghai calendar day of a date or date-time written in ISO 8601: `2026-04-01` is that
 * day; `2026-03-31T17:30:00Z` and `2026-04-01T01:30+08:00` are both 2026-04-01; a date-time
 * without an offset is read as Shanghai local time. Anything else is null.
 */
export function shanghaiDay(text: string): Day | null {
  const t = text.trim();
  if (DAY.test(t)) return dayNumber(t) === null ? null : t;
  const m = DATE_TIME.exec(t);
  if (!m) return null;
  const day = `${m[1]}-${m[2]}-${m[3]}`;
  const base = dayNumber(day);
  const hh = Number(m[4]);
  const mm = Number(m[5]);
  const ss = Number(m[6] ?? '0');
  if (base === null || hh > 23 || mm > 59 || ss > 59) return null;
  const zone = m[8];
  if (zone === undefined) return day;
  let offset = 0;
  if (zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2, 4));
    if (oh > 23 || om > 59) return null;
    offset = sign * (oh * 60 + om);
  }
  const minutesUtc = base * 1440 + hh * 60 + mm - offset;
  const shanghai = minutesUtc + SHANGHAI_OFFSET_MINUTES;
  return dayFromNumber(Math.floor(shanghai / 1440));
}

/** Today in Shanghai for an instant (defaults to now); for hosts, never inside the runtime's logic. */
export function shanghaiToday(now: Date = new Date()): Day {
  return dayFromNumber(Math.floor((now.getTime() + SHANGHAI_OFFSET_MINUTES * 60_000) / MS_PER_DAY));
}
