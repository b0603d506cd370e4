import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWorkingClock, parseCalendar } from '../../plugin/index.js';

const file = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'templates', 'calendars', 'cn-2026.json'), 'utf8'));
const calendar = (() => {
  const r = parseCalendar(file, 'cn-2026.json');
  if (!r.ok) throw new Error('calendar');
  return r.calendar;
})();
const clock = createWorkingClock(calendar, { start: '09:00', end: '18:00' });

describe('working clock (Shanghai time, whatever TZ the process runs in)', () => {
  it.each([
    ['2026-03-18T09:00:00+08:00', 16, '2026-03-19T16:00:00+08:00', 'Wednesday morning: 9 h on Wednesday, 7 on Thursday'],
    ['2026-03-20T17:00:00+08:00', 2, '2026-03-23T10:00:00+08:00', 'Friday 17:00 + 2 h: Monday 10:00'],
    ['2026-03-20T20:30:00+08:00', 1, '2026-03-23T10:00:00+08:00', 'after hours: counting starts next working morning'],
    ['2026-03-21T11:00:00+08:00', 1, '2026-03-23T10:00:00+08:00', 'a Saturday: Monday'],
    ['2026-03-18T07:15:00+08:00', 1, '2026-03-18T10:00:00+08:00', 'before opening'],
    ['2026-04-03T16:00:00+08:00', 4, '2026-04-07T11:00:00+08:00', 'Qingming holiday 4-6 April is skipped'],
    ['2026-02-13T17:00:00+08:00', 2, '2026-02-14T10:00:00+08:00', 'the adjusted working Saturday 14 February counts'],
    ['2026-03-18T01:00:00Z', 1, '2026-03-18T10:00:00+08:00', 'UTC input'],
    ['2026-03-18T12:00:00+08:00', 6, '2026-03-18T18:00:00+08:00', 'ends exactly at closing'],
  ])('%s + %s h → %s (%s)', (from, hours, due) => {
    expect(clock(from, hours)).toBe(due);
  });
});
