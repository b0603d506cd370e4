/**
 * Streaks over a time series (连续未达标): the rules decide whether each day or week is a
 * miss; this walk turns runs of misses into alerts. One run raises one alert when it reaches
 * the required length, the alert grows while the run lasts and clears at the first non-miss.
 */

export interface SeriesPoint<V = unknown> {
  /** The day or period key, in time order. */
  at: string;
  miss: boolean;
  value?: V;
}

interface StreakAlert<V = unknown> {
  /** First point of the run. */
  since: string;
  /** The point at which the run reached the required length. */
  raisedAt: string;
  /** Last point of the run seen so far. */
  through: string;
  /** How many points the run has. */
  length: number;
  /** Still running at the end of the series. */
  open: boolean;
  /** The first non-miss after the run, when it has ended. */
  clearedAt?: string;
  values: V[];
}

export function streakAlerts<V>(points: readonly SeriesPoint<V>[], minLength: number): StreakAlert<V>[] {
  if (!Number.isInteger(minLength) || minLength < 1) throw new RangeError(`a streak needs a length >= 1, got ${minLength}`);
  const alerts: StreakAlert<V>[] = [];
  let runStart = -1;
  let current: StreakAlert<V> | undefined;
  points.forEach((p, i) => {
    if (!p.miss) {
      if (current) {
        current.open = false;
        current.clearedAt = p.at;
      }
      current = undefined;
      runStart = -1;
      return;
    }
    if (runStart < 0) runStart = i;
    const length = i - runStart + 1;
    if (current) {
      current.length = length;
      current.through = p.at;
      current.values.push(p.value as V);
    } else if (length >= minLength) {
      const run = points.slice(runStart, i + 1);
      current = {
        since: (points[runStart] as SeriesPoint<V>).at,
        raisedAt: p.at,
        through: p.at,
        length,
        open: true,
        values: run.map((q) => q.value as V),
      };
      alerts.push(current);
    }
  });
  return alerts;
}
