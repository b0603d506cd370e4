/**
 * Monthly target-health review trigger (目标健康度评审): a key indicator deviating from its
 * expected value by more than health.deviation for health.weeks weeks in a row raises an
 * adjustment-review event for the unit. The rules health-deviation and health-off-track judge
 * each week; one run raises one event, which clears when a week is back on track.
 */
import { bindRule, bundleRules, paramAt, unsourcedInputs, type LoadedBundle } from '../bundle/index.js';
import type { Localized, Problem } from '../problems.js';
import { withWhy } from './escalation.js';
import { streakAlerts, type SeriesPoint } from './streaks.js';

interface WeekValue {
  week: string;
  actual: number;
  expected: number;
}

export interface AdjustmentReview {
  type: 'adjustment-review';
  unitId: string;
  since: string;
  raisedAt: string;
  through: string;
  weeks: number;
  deviations: Array<number | null>;
  open: boolean;
  clearedAt?: string;
  why: Localized;
}

type HealthCheck = (series: ReadonlyMap<string, readonly WeekValue[]>) => AdjustmentReview[];

export function createHealthCheck(bundle: LoadedBundle): { ok: true; check: HealthCheck } | { ok: false; problems: Problem[] } {
  const got = bundleRules(bundle, ['health-deviation', 'health-off-track'] as const);
  if (!got.ok) return got;
  const { defined, params } = got;
  // the review computes each rule's only inputs and reads no record: a required input a
  // customised rule adds is refused here, once; an optional one keeps the rule's default
  const deviationRule = bindRule(defined['health-deviation'], ['actual', 'expected']);
  const offTrack = bindRule(defined['health-off-track'], ['deviation']);
  const unsourced = [deviationRule, offTrack].flatMap((b) => unsourcedInputs(b, undefined, 'the health review'));
  if (unsourced.length) return { ok: false, problems: unsourced };
  const limit = paramAt(params, 'health.deviation') as number;
  const weeks = paramAt(params, 'health.weeks') as number;
  const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 10000) / 100}%`);
  const check: HealthCheck = (series) => {
    const events: AdjustmentReview[] = [];
    for (const [unitId, values] of series) {
      const points: SeriesPoint<number | null>[] = values.map((w) => {
        const d = deviationRule.call({ actual: w.actual, expected: w.expected });
        const deviation = d.ok ? (d.value as number | null) : null;
        const off = offTrack.call(deviation === null ? {} : { deviation });
        return { at: w.week, miss: off.ok && off.value === true, value: deviation };
      });
      for (const a of streakAlerts(points, weeks)) {
        events.push(withWhy({
          type: 'adjustment-review' as const, unitId, since: a.since, raisedAt: a.raisedAt, through: a.through,
          weeks: a.length, deviations: a.values, open: a.open,
          ...(a.clearedAt ? { clearedAt: a.clearedAt } : {}),
        }, () => ({
          zh: `自 ${a.since} 起连续 ${a.length} 周偏离超过 ${pct(limit)}（${a.values.map(pct).join('、')}），发起目标调整评审`,
          en: `${a.length} weeks in a row since ${a.since} deviating more than ${pct(limit)} (${a.values.map(pct).join(', ')}): a target-adjustment review starts`,
        })));
      }
    }
    return events;
  };
  return { ok: true, check };
}
