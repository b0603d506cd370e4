/**
 * An indicator's light (过程指标红黄绿灯) and each person's latest week read from the collected
 * results, for the boards that show a person's indicators beside their thresholds. The
 * boundaries are the indicator's own and exact: meeting the target is green (at the target
 * included), past the red line is red (at the red line still yellow), between is yellow; for an
 * indicator where lower is better (hours to a quote) the same with the sides turned.
 */
import type { IndicatorDef } from './model.js';
import type { IndicatorResults } from './collect.js';

type IndicatorLight = 'green' | 'yellow' | 'red';

export function indicatorLight(def: Pick<IndicatorDef, 'better' | 'thresholds'>, value: number | null): IndicatorLight | null {
  if (value === null || !Number.isFinite(value)) return null;
  const { target, red } = def.thresholds;
  if (def.better === 'higher') return value >= target ? 'green' : value < red ? 'red' : 'yellow';
  return value <= target ? 'green' : value > red ? 'red' : 'yellow';
}

interface PersonWeek {
  personId: string;
  week: string;
  /** The behaviour health index of the week (null: no weighted indicator had a value). */
  health: number | null;
  indicators: Array<{ id: string; value: number | null; teamMedian: number | null; light: IndicatorLight | null }>;
  /** Anomalies of the person's daily indicators over the whole range. */
  anomalies: number;
  /** An open coaching step (below the health threshold until the last week). */
  coaching: boolean;
}

/** Every person's last week of the results (the results' own last week): values, lights, health. */
export function latestIndicatorWeek(results: IndicatorResults): { week: string | null; people: PersonWeek[] } {
  const week = results.weekly.reduce<string | null>((w, p) => (w === null || p.week > w ? p.week : w), null);
  if (week === null) return { week, people: [] };
  const defs = new Map(results.indicators.map((d) => [d.id, d]));
  const people = new Map<string, PersonWeek>();
  const personOf = (id: string): PersonWeek => {
    let p = people.get(id);
    if (!p) people.set(id, (p = { personId: id, week, health: null, indicators: [], anomalies: 0, coaching: false }));
    return p;
  };
  for (const w of results.weekly) {
    const def = defs.get(w.indicator);
    if (w.week !== week || !def) continue;
    personOf(w.personId).indicators.push({ id: w.indicator, value: w.value, teamMedian: w.teamMedian, light: indicatorLight(def, w.value) });
  }
  for (const h of results.health) if (h.week === week && people.has(h.personId)) personOf(h.personId).health = h.index;
  for (const a of results.anomalies) if (people.has(a.personId)) personOf(a.personId).anomalies++;
  for (const c of results.coaching) if (c.open && people.has(c.personId)) personOf(c.personId).coaching = true;
  return { week, people: [...people.values()] };
}
