/**
 * The alerts' schedule in the NocoBase host's own zone: NocoBase reads the cron line in its
 * process's zone, so 08:30 Shanghai on working days is written for that zone, exactly.
 */
import { describe, expect, it } from 'vitest';
import { hostCron } from '../../hosts/nocobase/importer/schedule-cron.js';

const workingDays = { time: '08:30', days: [1, 2, 3, 4, 5] };

describe('hostCron: 08:30 Shanghai on working days in the host\'s zone', () => {
  it('a UTC host: 00:30, the same weekdays (Shanghai is 8 hours ahead all year)', () => {
    expect(hostCron(workingDays, 'UTC', 2026)).toEqual({ cron: '30 0 * * 1,2,3,4,5', exact: true });
  });

  it('a host in Shanghai: 08:30 as written', () => {
    expect(hostCron(workingDays, 'Asia/Shanghai', 2026)).toEqual({ cron: '30 8 * * 1,2,3,4,5', exact: true });
  });

  it('a host with a half-hour offset (Kolkata, UTC+5:30): 06:00', () => {
    expect(hostCron(workingDays, 'Asia/Kolkata', 2026)).toEqual({ cron: '0 6 * * 1,2,3,4,5', exact: true });
  });

  it('a Shanghai time early in the day falls on the day before in a western host', () => {
    expect(hostCron({ time: '06:00', days: [1] }, 'UTC', 2026)).toEqual({ cron: '0 22 * * 0', exact: true });
  });

  it('a host with daylight saving time (New York): both local times, the day before, said not exact', () => {
    expect(hostCron(workingDays, 'America/New_York', 2026)).toEqual({ cron: '30 19,20 * * 0,1,2,3,4', exact: false });
  });

  it('a time that is not HH:MM is refused', () => {
    expect(() => hostCron({ time: '8:30', days: [1] }, 'UTC', 2026)).toThrow(/HH:MM/);
  });
});
