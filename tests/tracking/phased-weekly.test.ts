/** Weekly escalation and health series follow the phased target when a phasing profile is given. */
import { describe, expect, it } from 'vitest';
import {
  createEscalator, createHealthCheck, DEFAULT_PHASING, parsePeriod, phasedTrackTargets, phaseTargets, profileShare, weeklySeries,
  type Day, type Fen,
} from '../../plugin/index.js';
import { calendar2026, defaultBundle, smallOrg } from './support.js';

const bundle = defaultBundle();
const cal = calendar2026();
const q2 = parsePeriod('2026-Q2')!;
const esc = createEscalator(bundle);
const hc = createHealthCheck(bundle);
if (!esc.ok || !hc.ok) throw new Error('bundle');

describe('weekly series with a phasing profile (a strong third month)', () => {
  const tree = smallOrg();
  // every rep 100,000 yuan for Q2, the quarter weighted 20 / 20 / 60 (April, May, June)
  const rep = 100_000_00;
  const targets = new Map<string, { base: Fen; stretch: Fen }>([
    ['co', { base: 3 * rep, stretch: 3 * rep }], ['east', { base: 2 * rep, stretch: 2 * rep }], ['south', { base: rep, stretch: rep }],
    ['t1', { base: 2 * rep, stretch: 2 * rep }], ['t2', { base: rep, stretch: rep }],
    ['r1', { base: rep, stretch: rep }], ['r2', { base: rep, stretch: rep }], ['r3', { base: rep, stretch: rep }],
  ]);
  const months = [1, 1, 1, 20, 20, 60, 1, 1, 1, 1, 1, 1];
  const phased = phaseTargets({ tree, targets, period: q2, by: 'month', calendar: cal, settings: { ...DEFAULT_PHASING, profile: 'explicit', explicit: { months } } });
  if (!phased.ok) throw new Error('phase');
  const tracked = phasedTrackTargets(phased.result, q2);
  if (!tracked.ok) throw new Error('track');
  // each rep sells exactly on profile: the month's phased target spread over its working days
  const daily = new Map<string, Map<Day, Fen>>();
  for (const u of phased.result.units.filter((x) => x.level === 'rep')) {
    const days = new Map<Day, Fen>();
    phased.result.months.forEach((m, i) => {
      const wd = cal.workingDays(m.start, m.end);
      for (const d of wd) days.set(d, Math.round((u.phasedBase.months[i] as Fen) / wd.length));
    });
    daily.set(u.id, days);
  }
  const asOf = '2026-05-31';
  const base = new Map([...targets].map(([id, t]) => [id, t.base]));
  const alertsOf = (series: ReturnType<typeof weeklySeries>) => ({
    alerts: esc.escalate({ tree, weekly: new Map([...series].filter(([id]) => tree.get(id)!.level === 'rep').map(([id, ws]) => [id, ws.map((w) => ({ week: w.week, rate: w.rate }))])) }),
    reviews: hc.check(new Map([...series].filter(([id]) => tree.get(id)!.level !== 'rep').map(([id, ws]) => [id, ws.filter((w) => w.expected > 0)]))),
  });

  it('spread evenly, a team on its profile looks below threshold for every week of April and May: coaching and an adjustment review', () => {
    const even = weeklySeries({ tree, period: q2, asOf, calendar: cal, base, daily });
    const r1 = even.get('r1')!;
    expect(r1.map((w) => w.week)).toEqual(['2026-W14', '2026-W15', '2026-W16', '2026-W17', '2026-W18', '2026-W19', '2026-W20', '2026-W21', '2026-W22']);
    expect(r1.every((w) => w.rate !== null && w.rate < 0.7)).toBe(true);
    const { alerts, reviews } = alertsOf(even);
    expect(alerts.filter((a) => a.unitId === 'r1').map((a) => a.action)).toEqual(['manager-notice', 'coaching-plan']);
    expect(alerts.find((a) => a.unitId === 'r1' && a.action === 'coaching-plan')).toMatchObject({ since: '2026-W14', streak: 9, open: true });
    expect(reviews.map((r) => r.unitId).sort()).toEqual(['co', 'east', 'south', 't1', 't2']);
  });

  it('phased by its profile, the same team is on track every week: no alert, no review', () => {
    const series = weeklySeries({ tree, period: q2, asOf, calendar: cal, base, daily, timelines: tracked.timelines });
    const r1 = series.get('r1')!;
    expect(r1).toHaveLength(9);
    for (const w of r1) expect(Math.abs((w.rate as number) - 1)).toBeLessThan(0.01);
    // W14 is 1-3 April: 3 of April's 21 working days of 20,000 yuan
    expect(r1[0]).toMatchObject({ week: '2026-W14', expected: Math.round(20_000 * 3 / 21 * 100) / 100 });
    const { alerts, reviews } = alertsOf(series);
    expect(alerts).toEqual([]);
    expect(reviews).toEqual([]);
  });

  it('profileShare: the weeks of the quarter share out the whole target', () => {
    const timeline = tracked.timelines.get('r1')!;
    let day = q2.start;
    let sum = 0;
    while (day <= q2.end) {
      const end = new Date(Date.parse(`${day}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
      sum += profileShare(timeline, cal, day, end < q2.end ? end : q2.end);
      day = new Date(Date.parse(`${end}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    }
    expect(sum).toBeCloseTo(1, 12);
    expect(profileShare(timeline, cal, '2026-06-01', '2026-06-30')).toBeCloseTo(0.6, 12);
  });
});
