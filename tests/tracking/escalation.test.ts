import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEscalator, createHealthCheck, parsePeriod, streakAlerts, weeklySeries } from '../../plugin/index.js';
import { calendar2026, defaultBundle, smallOrg } from './support.js';

const bundle = defaultBundle();
const cal = calendar2026();
const esc = createEscalator(bundle);
if (!esc.ok) throw new Error(JSON.stringify(esc.problems));
const escalate = esc.escalate;

describe('streaks: one alert per run, cleared when the run ends', () => {
  const pts = (s: string) => [...s].map((c, i) => ({ at: `d${i + 1}`, miss: c === 'x' }));
  it('starts, continues, breaks and restarts', () => {
    const alerts = streakAlerts(pts('.xx.xxx x xxxx'.replace(/ /g, '.')), 3);
    expect(alerts).toEqual([
      { since: 'd5', raisedAt: 'd7', through: 'd7', length: 3, open: false, clearedAt: 'd8', values: [undefined, undefined, undefined] },
      { since: 'd11', raisedAt: 'd13', through: 'd14', length: 4, open: true, values: [undefined, undefined, undefined, undefined] },
    ]);
  });
  it('a run shorter than the length raises nothing', () => {
    expect(streakAlerts(pts('xx.xx.'), 3)).toEqual([]);
  });
});

describe('level 1: working days in a row without the basic action', () => {
  const tree = smallOrg();
  // 2026-04-01 (Wed) .. 2026-04-17 (Fri); 3-6 April is Qingming (Fri 3 is a working day)
  const days = cal.workingDays('2026-04-01', '2026-04-17');
  it('skips holidays and weekends: Thu 2, Fri 3 and Tue 7 April are three days in a row', () => {
    expect(days.slice(0, 5)).toEqual(['2026-04-01', '2026-04-02', '2026-04-03', '2026-04-07', '2026-04-08']);
    const daily = new Map([['r1', new Map([['2026-04-01', 2], ['2026-04-08', 1]])]]);
    const alerts = escalate({ tree, days, daily });
    expect(alerts[0]).toMatchObject({
      unitId: 'r1', level: 1, action: 'reminder', rule: 'missed-basic-action', notify: { unitId: 'r1', role: 'self' },
      since: '2026-04-02', raisedAt: '2026-04-07', streak: 3, open: false, clearedAt: '2026-04-08',
    });
    expect(alerts[0]!.why.en).toContain('3 working days in a row since 2026-04-02');
  });

  it('one alert per streak however long it runs, a new one after a break, open at the end', () => {
    const daily = new Map([['r2', new Map([['2026-04-01', 1], ['2026-04-13', 3]])]]);
    const alerts = escalate({ tree, days, daily }).filter((a) => a.unitId === 'r2');
    expect(alerts.map((a) => [a.since, a.raisedAt, a.through, a.streak, a.open, a.clearedAt])).toEqual([
      ['2026-04-02', '2026-04-07', '2026-04-10', 6, false, '2026-04-13'],
      ['2026-04-14', '2026-04-16', '2026-04-17', 4, true, undefined],
    ]);
  });

  it('a unit without any activity data is not watched', () => {
    expect(escalate({ tree, days, daily: new Map() })).toEqual([]);
  });
});

describe('levels 2 and 3: weekly indicator below the threshold', () => {
  const tree = smallOrg();
  const weeks = (rates: Array<number | null>) => rates.map((rate, i) => ({ week: `2026-W${String(14 + i).padStart(2, '0')}`, rate }));
  it('one week below notifies the direct manager found in the org tree; two start coaching', () => {
    const alerts = escalate({ tree, weekly: new Map([['r3', weeks([0.8, 0.69, 0.5, 0.7, 0.6])]]) });
    const summary = alerts.map((a) => [a.level, a.notify.unitId, a.since, a.raisedAt, a.open, a.clearedAt ?? null]);
    expect(summary).toEqual([
      [2, 't2', '2026-W15', '2026-W15', false, '2026-W17'],
      [2, 't2', '2026-W18', '2026-W18', true, null],
      [3, 't2', '2026-W15', '2026-W16', false, '2026-W17'],
    ]);
    expect(alerts[2]).toMatchObject({ action: 'coaching-plan', rule: 'week-below-threshold', notify: { name: '广州一组', role: 'manager' } });
    expect(alerts[2]!.why.zh).toContain('69%');
  });

  it('the sentence, written when first read, travels as a field: JSON, spreads and clones carry it after clearedAt', () => {
    const [open, cleared] = [0, 1].map(() => escalate({ tree, weekly: new Map([['r3', weeks([0.8, 0.69, 0.5, 0.7, 0.6])]]) }));
    const keys = ['unitId', 'unitName', 'level', 'action', 'rule', 'notify', 'since', 'raisedAt', 'through', 'streak', 'open', 'clearedAt', 'why'];
    expect(Object.keys(open![0]!)).toEqual(keys);
    const json = JSON.parse(JSON.stringify(open![0])) as { why: { en: string } };
    expect(json.why.en).toContain('below 70%');
    expect({ ...cleared![0]! }.why).toEqual(json.why);
    expect(structuredClone(cleared![1]!).why).toEqual(cleared![1]!.why);
    expect(Object.keys({ ...open![1]! })).toEqual(keys.filter((k) => k !== 'clearedAt'));
    open![0]!.why = { zh: '改', en: 'changed' };
    expect(open![0]!.why.en).toBe('changed');
    expect(JSON.parse(JSON.stringify(open![0])).why.en).toBe('changed');
    // frozen before it is read, as a plain field would be: the sentence is still there
    const frozen = Object.freeze(cleared![2]!);
    expect(frozen.why.en).toContain('coaching plan');
    expect(JSON.parse(JSON.stringify(frozen)).why).toEqual(frozen.why);
  });

  it('exactly at the threshold is not below; a missing week is below', () => {
    expect(escalate({ tree, weekly: new Map([['r1', weeks([0.7, 0.7, 0.7])]]) })).toEqual([]);
    const alerts = escalate({ tree, weekly: new Map([['r1', weeks([0.9, null, null])]]) });
    expect(alerts.map((a) => a.level)).toEqual([2, 3]);
  });

  it('property: a rate judged once per run (kept by its ten-thousandths) judges as the rule does week by week', () => {
    // the rule (week-below-threshold) per week, as the escalation judged before it kept judgements
    const rule = bundle.rules.get('week-below-threshold')!;
    const misses = (rates: Array<number | null>) => rates.map((rate) => {
      const judged = rule.evaluate(rate === null ? {} : { rate });
      return judged.ok ? judged.value === true : true;
    });
    const rate = fc.oneof(
      fc.integer({ min: -20_000, max: 120_000 }).map((k) => k / 10_000),
      fc.constantFrom(0.7, 0.6999, 0.7001, 0.70005, 0.69999999, null),
      fc.double({ min: -2, max: 20, noNaN: true }),
    );
    fc.assert(fc.property(fc.array(fc.array(rate, { minLength: 1, maxLength: 8 }), { minLength: 3, maxLength: 3 }), (series) => {
      const weekly = new Map(['r1', 'r2', 'r3'].map((id, i) => [id, weeks(series[i]!)]));
      const alerts = escalate({ tree, weekly });
      const expected = ['r1', 'r2', 'r3'].flatMap((id, i) => {
        const points = weeks(series[i]!).map((w, j) => ({ at: w.week, miss: misses(series[i]!)[j]! }));
        return [2, 3].flatMap((level) => streakAlerts(points, level === 2 ? 1 : 2).map((a) => [id, level, a.since, a.through, a.open]));
      });
      const got = alerts.map((a) => [a.unitId, a.level, a.since, a.through, a.open]);
      expect(got.sort()).toEqual(expected.sort());
    }), { numRuns: 200 });
  });

  it('follows the parameters: three weeks for coaching', () => {
    const b = defaultBundle((f) => { f['parameters/tracking.json'].parameters.escalation.coachingWeeks = 3; });
    const e = createEscalator(b);
    if (!e.ok) throw new Error('esc');
    const alerts = e.escalate({ tree, weekly: new Map([['r1', weeks([0.5, 0.5])]]) });
    expect(alerts.map((a) => a.level)).toEqual([2]);
  });
});

describe('target-health trigger: more than 15% off for two consecutive weeks', () => {
  const hc = createHealthCheck(bundle);
  if (!hc.ok) throw new Error('health');
  const series = (pairs: Array<[number, number]>) => pairs.map(([actual, expected], i) => ({ week: `2026-W${14 + i}`, actual, expected }));

  it('raises one adjustment review after two weeks above 15%, clears when back', () => {
    const events = hc.check(new Map([['east', series([[100, 100], [84, 100], [120, 100], [116, 100], [95, 100]])]]));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'adjustment-review', unitId: 'east', since: '2026-W15', raisedAt: '2026-W16', weeks: 3, deviations: [0.16, 0.2, 0.16], open: false, clearedAt: '2026-W18' });
  });

  it('exactly 15% does not count; one week is not enough; a zero expectation is not off track', () => {
    expect(hc.check(new Map([['a', series([[85, 100], [115, 100], [85, 100]])]]))).toEqual([]);
    expect(hc.check(new Map([['a', series([[50, 100], [100, 100], [50, 100]])]]))).toEqual([]);
    expect(hc.check(new Map([['a', series([[50, 0], [50, 0]])]]))).toEqual([]);
    expect(hc.check(new Map([['a', series([[50, 100], [50, 100]])]]))[0]).toMatchObject({ open: true, weeks: 2 });
  });
});

describe('weekly series from daily actuals', () => {
  it('spreads the Base over working days and keeps only completed weeks', () => {
    const tree = smallOrg();
    const q2 = parsePeriod('2026-Q2')!;
    const daily = new Map([['r1', new Map([['2026-04-01', 100_00], ['2026-04-08', 300_00], ['2026-04-13', 999_00]])]]);
    const s = weeklySeries({ tree, period: q2, asOf: '2026-04-12', calendar: cal, base: new Map([['r1', 6100_00], ['t1', 6100_00]]), daily });
    // W14 is 30 Mar - 5 Apr: 1, 2, 3 April are working days of Q2 (3 of 61); W15 has 4 (Mon 6 April is Qingming)
    expect(s.get('r1')).toEqual([
      { week: '2026-W14', actual: 100, expected: 300, rate: 0.3333 },
      { week: '2026-W15', actual: 300, expected: 400, rate: 0.75 },
    ]);
    expect(s.get('t1')!.map((w) => w.actual)).toEqual([100, 300]);
    expect(s.get('r2')!.map((w) => w.rate)).toEqual([null, null]);
  });
});

describe('volatility per region and per month (the forecast module\'s coefficient)', () => {
  it('groups completion rates by unit and by month', async () => {
    const { volatilityTable } = await import('../../plugin/index.js');
    const t = volatilityTable([
      { unitId: 'east', month: '2026-04', actual: 80, target: 100 },
      { unitId: 'east', month: '2026-05', actual: 120, target: 100 },
      { unitId: 'south', month: '2026-04', actual: 100, target: 100 },
      { unitId: 'south', month: '2026-05', actual: 50, target: 0 },
    ]);
    expect(t.byUnit).toEqual(new Map([['east', 20], ['south', 0]]));
    expect(t.byMonth).toEqual(new Map([['2026-04', 10], ['2026-05', 0]]));
  });
});
