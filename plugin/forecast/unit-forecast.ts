/**
 * The next months of each unit (单位滚动预测): its reps' monthly history summed, then the period's
 * months closed before the as-of day's month from the booked actuals, rolled forward by the
 * bundle's forecast parameters. One function, so every host forecasts a unit alike.
 */
import type { Day } from '../calendar/index.js';
import type { Fen } from '../money/index.js';
import type { OrgTree } from '../org/index.js';
import { monthSeries, nextMonths, rollingForecastFen, type ForecastSettings } from './index.js';

export interface UnitForecast {
  unitId: string;
  unit: string;
  /** The months forecast, in order, with the amount each (fen). */
  months: Array<{ month: string; amount: Fen }>;
}

interface UnitForecastInput {
  tree: OrgTree;
  asOf: Day;
  /** The first day of the tracked period: booked days before it are in the history already. */
  periodStart: Day;
  /** Monthly history by unit (month → fen). */
  history: ReadonlyMap<string, ReadonlyMap<string, Fen>>;
  /** Booked actuals by unit and day. */
  byDay: ReadonlyMap<string, ReadonlyMap<Day, Fen>>;
}

export function unitForecasts(settings: ForecastSettings, input: UnitForecastInput, unitIds: readonly string[]): UnitForecast[] {
  const current = input.asOf.slice(0, 7);
  return unitIds.map((id) => {
    const months = new Map<string, Fen>();
    for (const u of input.tree.subtree(id)) {
      for (const [m, f] of input.history.get(u.id) ?? []) months.set(m, (months.get(m) ?? 0) + f);
      for (const [day, f] of input.byDay.get(u.id) ?? []) {
        const m = day.slice(0, 7);
        if (day >= input.periodStart && m < current) months.set(m, (months.get(m) ?? 0) + f);
      }
    }
    const keys = [...months.keys()].sort();
    const last = keys.at(-1);
    const series = last ? monthSeries(months, keys[0]!, last, settings.weights.length) : [];
    const ahead = last ? rollingForecastFen(series, settings) : [];
    const labels = last ? nextMonths(last, ahead.length) : [];
    return { unitId: id, unit: input.tree.get(id)?.name ?? id, months: ahead.map((amount, i) => ({ month: labels[i]!, amount })) };
  });
}
