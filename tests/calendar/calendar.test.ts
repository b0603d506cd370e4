import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addDays, isoWeekday, parseCalendar, parsePeriod, periodOf, shanghaiDay, shanghaiToday, type WorkingCalendar,
} from '../../plugin/index.js';
import { TEMPLATES_DIR } from '../support/default-bundle.js';

function cn2026(): WorkingCalendar {
  const r = parseCalendar(JSON.parse(readFileSync(join(TEMPLATES_DIR, 'calendars/cn-2026.json'), 'utf8')), 'cn-2026.json');
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.calendar;
}

describe('Shanghai days (independent of the process time zone)', () => {
  it('reads ISO dates and date-times with offsets as Shanghai calendar days', () => {
    expect(shanghaiDay('2026-04-01')).toBe('2026-04-01');
    expect(shanghaiDay('2026-03-31T15:59:59Z')).toBe('2026-03-31');
    expect(shanghaiDay('2026-03-31T16:00:00Z')).toBe('2026-04-01');
    expect(shanghaiDay('2026-04-01T00:30:00+08:00')).toBe('2026-04-01');
    expect(shanghaiDay('2026-03-31T23:30:00-05:00')).toBe('2026-04-01');
    expect(shanghaiDay('2026-04-01T23:59')).toBe('2026-04-01');
    expect(shanghaiDay('2026-12-31T20:00:00+0000')).toBe('2027-01-01');
    expect(shanghaiDay('2026-02-30')).toBeNull();
    expect(shanghaiDay('yesterday')).toBeNull();
    expect(shanghaiToday(new Date('2026-11-23T17:00:00Z'))).toBe('2026-11-24');
  });

  it('does day arithmetic across months, years and weekdays', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(isoWeekday('2026-01-01')).toBe(4);
    expect(isoWeekday('2026-01-04')).toBe(7);
  });

  it('parses periods into closed ranges of days', () => {
    expect(parsePeriod('2026-Q2')).toEqual({ key: '2026-Q2', grain: 'quarter', start: '2026-04-01', end: '2026-06-30' });
    expect(parsePeriod('2026-02')).toMatchObject({ start: '2026-02-01', end: '2026-02-28' });
    expect(parsePeriod('2026-W01')).toMatchObject({ start: '2025-12-29', end: '2026-01-04' });
    expect(parsePeriod('2025-W53')).toBeNull(); // 2025 has 52 ISO weeks, 2026 has 53
    expect(parsePeriod('2026-W53')).toMatchObject({ start: '2026-12-28', end: '2027-01-03' });
    expect(periodOf('2026-04-15', 'week').key).toBe('2026-W16');
    expect(periodOf('2027-01-01', 'week').key).toBe('2026-W53');
    expect(periodOf('2026-11-23', 'quarter').key).toBe('2026-Q4');
    expect(parsePeriod('2026-13')).toBeNull();
    expect(parsePeriod('2026-H1')).toEqual({ key: '2026-H1', grain: 'half', start: '2026-01-01', end: '2026-06-30' });
    expect(periodOf('2026-07-01', 'half').key).toBe('2026-H2');
  });
});

describe('working-day calendar (data, not code)', () => {
  const cal = cn2026();
  it('knows 2026 holidays and adjusted working weekends', () => {
    expect(cal.isWorkingDay('2026-01-01')).toBe(false);
    expect(cal.isWorkingDay('2026-01-04')).toBe(true); // a working Sunday
    expect(cal.describe('2026-01-04').because).toBe('adjusted-workday');
    expect(cal.isWorkingDay('2026-02-16')).toBe(false); // Spring Festival
    expect(cal.describe('2026-02-16')).toMatchObject({ because: 'holiday', name: { en: 'Spring Festival' } });
    expect(cal.isWorkingDay('2026-02-14')).toBe(true);
    expect(cal.isWorkingDay('2026-10-08')).toBe(true);
    expect(cal.isWorkingDay('2026-10-10')).toBe(true);
    expect(cal.isWorkingDay('2026-10-11')).toBe(false);
  });

  it('counts working days of periods', () => {
    // April 2026: 22 weekdays, minus Qingming Monday 6 April
    expect(cal.workingDaysBetween('2026-04-01', '2026-04-30')).toBe(21);
    // May 2026: 21 weekdays, minus 1, 4, 5 May, plus Saturday 9 May
    expect(cal.workingDaysBetween('2026-05-01', '2026-05-31')).toBe(19);
    // October 2026: 22 weekdays, minus 1, 2, 5, 6, 7 October, plus Saturday 10 October
    expect(cal.workingDaysBetween('2026-10-01', '2026-10-31')).toBe(18);
    const q2 = parsePeriod('2026-Q2')!;
    expect(cal.progress(q2, '2026-03-15')).toEqual({ total: 61, elapsed: 0, remaining: 61 });
    expect(cal.progress(q2, '2026-04-30')).toEqual({ total: 61, elapsed: 21, remaining: 40 });
    expect(cal.progress(q2, '2026-08-01')).toEqual({ total: 61, elapsed: 61, remaining: 0 });
  });

  it('refuses bad calendar data with pointers', () => {
    const r = parseCalendar({ id: 'x', holidays: [{ from: '2026-05-05', to: '2026-05-01' }], workdays: [{ day: '2026-13-01' }] }, 'c.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.pointer)).toEqual(['/holidays/0', '/workdays/0/day']);
  });

  it('refuses a holiday list that is not a list, and entries that are not objects, instead of skipping them', () => {
    // skipped, 1 May would be a working day and every run rate in May wrong, without a word
    const notList = parseCalendar({ id: 'x', holidays: { from: '2026-05-01', to: '2026-05-05' } }, 'c.json');
    expect(notList.ok ? [] : notList.problems.map((p) => [p.code, p.pointer])).toEqual([['CALENDAR_INVALID', '/holidays']]);
    // a null entry threw a TypeError ("internal error" on the command line)
    const nulls = parseCalendar({ id: 'x', holidays: [null, '2026-05-01'], workdays: [null] }, 'c.json');
    expect(nulls.ok ? [] : nulls.problems.map((p) => p.pointer)).toEqual(['/holidays/0', '/holidays/1', '/workdays/0']);
  });
});
