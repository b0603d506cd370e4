/**
 * The alerts' schedule as NocoBase runs it. The bundle says "08:30 on working days" in the
 * company's zone (Asia/Shanghai); NocoBase 2.2.15's schedule trigger hands the cron line to
 * cron-parser 4 without a zone, so the line is read in the NocoBase process's own zone (its TZ,
 * which our plugin reports in `targetKit:status`). This module writes the line for that zone.
 *
 * Exact when the host's offset from the company's zone is the same all year (UTC, Asia/*, ...):
 * one time a day. A host zone with daylight saving time has two offsets, so no single cron line
 * is exact: the line fires at both local times (e.g. New York 19:30 and 20:30 the day before),
 * one of which is 08:30 in Shanghai on any given day. The alerts node is idempotent (a notice
 * already delivered is not sent again) and holds notices in the quiet hours, so the other
 * firing sends nothing new; `exact: false` says so.
 */

export interface ScheduleTime {
  /** HH:MM in the company's zone. */
  time: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday, in the company's zone. */
  days: readonly number[];
}

interface HostCron {
  cron: string;
  /** true: the line fires exactly once at each scheduled instant and at no other time. */
  exact: boolean;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

const formats = new Map<string, Intl.DateTimeFormat>();
/** One formatter a zone: making one costs about a millisecond, and a year asks for hundreds. */
const formatOf = (zone: string): Intl.DateTimeFormat => {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'short', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });
    formats.set(zone, format);
  }
  return format;
};

/** The local weekday (cron's: Sunday 0), hour and minute of an instant in a zone. */
function localParts(instant: number, zone: string): { dow: number; hour: number; minute: number; y: number; m: number; d: number } {
  const parts = formatOf(zone).formatToParts(new Date(instant));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return { dow: WEEKDAYS[get('weekday')] ?? -1, hour: Number(get('hour')), minute: Number(get('minute')), y: Number(get('year')), m: Number(get('month')), d: Number(get('day')) };
}

/** The instant a zone's wall clock reads y-m-d hh:mm (the first, should a clock change repeat it). */
function zonedInstant(y: number, m: number, d: number, hour: number, minute: number, zone: string): number {
  const wanted = Date.UTC(y, m - 1, d, hour, minute);
  let instant = wanted;
  // two corrections settle any real offset (the second one for a day of a clock change)
  for (let i = 0; i < 2; i++) {
    const p = localParts(instant, zone);
    instant += wanted - Date.UTC(p.y, p.m - 1, p.d, p.hour, p.minute);
  }
  return instant;
}

const list = (values: Iterable<number>): string => [...new Set(values)].sort((a, b) => a - b).join(',');

/**
 * The cron line, in `hostZone`, of a schedule given in `companyZone`, over every scheduled day
 * of `year` (a whole year sees both offsets of a zone with daylight saving time).
 */
export function hostCron(schedule: ScheduleTime, hostZone: string, year: number, companyZone = 'Asia/Shanghai'): HostCron {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(schedule.time);
  if (!match) throw new Error(`schedule time ${schedule.time} is not HH:MM`);
  const [hour, minute] = [Number(match[1]), Number(match[2])];
  const firings = new Set<string>();
  for (let day = Date.UTC(year, 0, 1); day < Date.UTC(year + 1, 0, 1); day += 86_400_000) {
    const date = new Date(day);
    const isoDay = date.getUTCDay() === 0 ? 7 : date.getUTCDay();
    if (!schedule.days.includes(isoDay)) continue;
    const at = localParts(zonedInstant(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), hour, minute, companyZone), hostZone);
    firings.add(`${at.minute} ${at.hour} ${at.dow}`);
  }
  const triples = [...firings].map((f) => f.split(' ').map(Number) as [number, number, number]);
  const minutes = list(triples.map((t) => t[0]));
  const hours = list(triples.map((t) => t[1]));
  const dows = list(triples.map((t) => t[2]));
  // a cron line is the cross product of its fields: exact when it fires once a scheduled day
  // (one time of day) and that product is the firings (no day with another shift)
  const onceADay = !minutes.includes(',') && !hours.includes(',');
  const product = minutes.split(',').length * hours.split(',').length * dows.split(',').length;
  return { cron: `${minutes} ${hours} * * ${dows}`, exact: onceADay && product === firings.size };
}
