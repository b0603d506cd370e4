/**
 * Due times in working hours (a transition overdue after N working hours): counted on the
 * bundle's working-day calendar, within the working day's hours, in Shanghai time whatever the
 * process time zone. A Friday 17:00 submission with 2 hours due is due Monday 10:00.
 */
import { addDays, dayFromNumber, dayNumber, type Day } from '../calendar/days.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import type { WorkingClock } from './types.js';

const SHANGHAI = 8 * 60; // minutes east of UTC; China has no daylight saving time

interface WorkingHours {
  /** "HH:MM", Shanghai time. */
  start: string;
  end: string;
}

function minutesOf(hhmm: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m) throw new RangeError(`working hours must be HH:MM, got ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function createWorkingClock(calendar: WorkingCalendar, hours: WorkingHours = { start: '09:00', end: '18:00' }): WorkingClock {
  const open = minutesOf(hours.start);
  const close = minutesOf(hours.end);
  if (!(close > open)) throw new RangeError('working hours must end after they start');
  return (fromIso, workingHours) => {
    const ms = Date.parse(fromIso);
    if (Number.isNaN(ms)) throw new RangeError(`not an ISO time: ${fromIso}`);
    const local = Math.floor(ms / 60_000) + SHANGHAI;
    let dayNo = Math.floor(local / 1440);
    let minute = local - dayNo * 1440;
    let left = Math.round(workingHours * 60);
    const day = (): Day => dayFromNumber(dayNo);
    const nextWorkingDay = () => {
      do dayNo = dayNumber(addDays(day(), 1)) as number;
      while (!calendar.isWorkingDay(day()));
      minute = open;
    };
    if (!calendar.isWorkingDay(day()) || minute >= close) nextWorkingDay();
    if (minute < open) minute = open;
    while (left > close - minute) {
      left -= close - minute;
      nextWorkingDay();
    }
    minute += left;
    // printed in Shanghai time with its offset, as users read it
    const shown = new Date((dayNo * 1440 + minute) * 60_000).toISOString().slice(0, 16);
    return `${shown}:00+08:00`;
  };
}
