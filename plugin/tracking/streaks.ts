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

/** A run of misses that reached the required length, by index: [start, end] inclusive; `cleared` the index after it, or -1 while open. */
export interface StreakRun {
  start: number;
  end: number;
  cleared: number;
}

/**
 * The runs of at least `minLength` misses among `count` points, by index (the walk behind
 * `streakAlerts`): a use case that holds its series in flat arrays (a week's rates per rep)
 * finds its runs without a point object per week.
 */
export function streakRuns(count: number, isMiss: (i: number) => boolean, minLength: number): StreakRun[] {
  if (!Number.isInteger(minLength) || minLength < 1) throw new RangeError(`a streak needs a length >= 1, got ${minLength}`);
  const runs: StreakRun[] = [];
  let runStart = -1;
  let current: StreakRun | undefined;
  for (let i = 0; i < count; i++) {
    if (!isMiss(i)) {
      if (current) current.cleared = i;
      current = undefined;
      runStart = -1;
      continue;
    }
    if (runStart < 0) runStart = i;
    if (current) current.end = i;
    else if (i - runStart + 1 >= minLength) {
      current = { start: runStart, end: i, cleared: -1 };
      runs.push(current);
    }
  }
  return runs;
}

export function streakAlerts<V>(points: readonly SeriesPoint<V>[], minLength: number): StreakAlert<V>[] {
  return streakRuns(points.length, (i) => points[i]!.miss, minLength).map((run) => {
    const alert: StreakAlert<V> = {
      since: points[run.start]!.at,
      raisedAt: points[run.start + minLength - 1]!.at,
      through: points[run.end]!.at,
      length: run.end - run.start + 1,
      open: run.cleared < 0,
      values: points.slice(run.start, run.end + 1).map((q) => q.value as V),
    };
    if (run.cleared >= 0) alert.clearedAt = points[run.cleared]!.at;
    return alert;
  });
}
