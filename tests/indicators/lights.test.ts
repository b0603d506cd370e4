import { describe, expect, it } from 'vitest';
import { indicatorLight, latestIndicatorWeek, type IndicatorResults } from '../../plugin/index.js';

const higher = { better: 'higher' as const, thresholds: { target: 4, red: 2 } };
const lower = { better: 'lower' as const, thresholds: { target: 24, red: 72 } };

describe('indicatorLight: exact boundaries on each side', () => {
  it('higher is better: at the target green, at the red line yellow, below it red', () => {
    expect([5, 4, 3.999, 2, 1.999, 0].map((v) => indicatorLight(higher, v))).toEqual(['green', 'green', 'yellow', 'yellow', 'red', 'red']);
  });
  it('lower is better: at the target green, at the red line yellow, past it red; no value no light', () => {
    expect([0, 24, 24.001, 72, 72.001].map((v) => indicatorLight(lower, v))).toEqual(['green', 'green', 'yellow', 'yellow', 'red']);
    expect(indicatorLight(lower, null)).toBeNull();
  });
});

describe('latestIndicatorWeek', () => {
  it('takes each person\'s last week with its lights, health, anomalies and open coaching', () => {
    const results = {
      role: 'rep', from: '2026-04-01', to: '2026-04-14', daily: [], teamHealth: [], recommendations: [],
      indicators: [{ id: 'touches', role: 'rep', name: { zh: '接触', en: 'touches' }, measure: { kind: 'count' }, period: 'day', weight: 1, ...higher }],
      weekly: [
        { personId: 'a', indicator: 'touches', week: '2026-W14', value: 5, teamMedian: 4 },
        { personId: 'a', indicator: 'touches', week: '2026-W15', value: 1, teamMedian: 3 },
        { personId: 'b', indicator: 'touches', week: '2026-W15', value: 4, teamMedian: 3 },
      ],
      health: [{ personId: 'a', week: '2026-W15', index: 25, scores: {} }],
      anomalies: [{ personId: 'a', indicator: 'touches', date: '2026-04-08', value: 1, baseline: 5, direction: 'down', through: '2026-04-09', days: 2 }],
      coaching: [{ personId: 'a', level: 3, action: 'coaching', since: '2026-W15', weeks: 1, open: true, training: null }],
    } as unknown as IndicatorResults;
    const got = latestIndicatorWeek(results);
    expect(got.week).toBe('2026-W15');
    expect(got.people).toEqual([
      { personId: 'a', week: '2026-W15', health: 25, anomalies: 1, coaching: true, indicators: [{ id: 'touches', value: 1, teamMedian: 3, light: 'red' }] },
      { personId: 'b', week: '2026-W15', health: null, anomalies: 0, coaching: false, indicators: [{ id: 'touches', value: 4, teamMedian: 3, light: 'green' }] },
    ]);
  });
});
