/**
 * Lights and gaps per product line and in total (按产品线跟踪): the same tracker run once on the
 * units' total targets and actuals, and once per line on that line's targets and on the actuals
 * that carry the line. Actuals without a line count in the total only.
 */
import type { Fen } from '../money/index.js';
import type { OrgUnitInput } from '../org/index.js';
import type { Tracker, TrackInput, TrackTarget, UnitProgress } from './progress.js';

export interface LineActual {
  id: string;
  amount: Fen;
  /** Optional product line. */
  line?: string;
}

export interface LineProgress {
  total: UnitProgress[];
  /** By line id, in the order of `lines`. */
  lines: Map<string, UnitProgress[]>;
  /** Actuals booked without a line (counted in the total). */
  unassigned: Fen;
}

export function trackProductLines<T extends OrgUnitInput>(
  tracker: Tracker,
  input: Omit<TrackInput<T>, 'actuals' | 'targets'> & { targets: ReadonlyMap<string, TrackTarget> },
  lineTargets: ReadonlyMap<string, ReadonlyMap<string, TrackTarget>>,
  lines: readonly string[],
  actuals: readonly LineActual[],
): LineProgress {
  const total = new Map<string, Fen>();
  const byLine = new Map(lines.map((l) => [l, new Map<string, Fen>()]));
  let unassigned = 0;
  for (const a of actuals) {
    total.set(a.id, (total.get(a.id) ?? 0) + a.amount);
    const m = a.line === undefined ? undefined : byLine.get(a.line);
    if (m) m.set(a.id, (m.get(a.id) ?? 0) + a.amount);
    else unassigned += a.amount;
  }
  const perLine = new Map<string, UnitProgress[]>();
  for (const l of lines) {
    const targets = new Map<string, TrackTarget>();
    for (const [id, t] of lineTargets) { const x = t.get(l); if (x) targets.set(id, x); }
    perLine.set(l, tracker.track({ ...input, targets, actuals: byLine.get(l)! }));
  }
  return { total: tracker.track({ ...input, actuals: total }), lines: perLine, unassigned };
}
