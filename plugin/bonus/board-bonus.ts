/**
 * Each rep's bonus over the progress board (奖金测算): his Base and Stretch of the period the
 * board read, his actual so far, and what the bonus rules pay at that actual, at his Base, at
 * his Stretch and at a result he expects. The figures a host shows beside the board (NocoBase's
 * bonus block) come from here, never from the host.
 */
import type { LoadedBundle } from '../bundle/index.js';
import { formatYuan, parseYuan, type Fen } from '../money/index.js';
import type { Localized, Problem } from '../problems.js';
import type { ProgressBoard } from '../tracking/board.js';
import { createBonusSimulator } from './simulator.js';

/** One rep's bonus; amounts are yuan text with two decimals. */
export interface RepBonus {
  id: string;
  name: string;
  parentId: string | null;
  base: string;
  stretch: string;
  actual: string;
  /** What the rules pay at the actual so far, at Base, at Stretch. */
  atActual: string;
  atBase: string;
  atStretch: string;
  /** How the bonus at the actual is made up, in words. */
  explanation: Localized;
  /** The bonus at the result asked for, when one was. */
  expected?: { result: string; bonus: string; explanation: Localized; points: Array<{ result: string; bonus: string }> };
}

/**
 * The reps of `units` (ids of the board; default all of it) with their bonus. A rep without a
 * Base has none. `expected` is a result (fen) for one rep: its bonus and the curve from zero to
 * beyond it, eleven points, for the chart.
 */
export function boardBonuses(bundle: LoadedBundle, board: ProgressBoard, options: { units?: ReadonlySet<string>; expected?: { unit: string; result: Fen } } = {}):
  { ok: true; reps: RepBonus[] } | { ok: false; problems: Problem[] } {
  const made = createBonusSimulator(bundle);
  if (!made.ok) return made;
  const { simulator } = made;
  const reps: RepBonus[] = [];
  for (const u of board.units) {
    if (u.level !== 'rep' || (options.units && !options.units.has(u.id))) continue;
    const base = parseYuan(u.base);
    const stretch = Math.max(parseYuan(u.stretch) ?? base ?? 0, base ?? 0);
    const actual = parseYuan(u.actual) ?? 0;
    if (base === null) continue;
    const at = (result: Fen) => simulator.simulate({ base, stretch, result, values: { id: u.id, name: u.name } });
    const [a, b, s] = [at(actual), at(base), at(stretch)];
    if (!a.ok) return { ok: false, problems: [a.problem] };
    if (!b.ok) return { ok: false, problems: [b.problem] };
    if (!s.ok) return { ok: false, problems: [s.problem] };
    const rep: RepBonus = {
      id: u.id, name: u.name, parentId: u.parentId, base: formatYuan(base), stretch: formatYuan(stretch), actual: formatYuan(actual),
      atActual: formatYuan(a.result.bonus), atBase: formatYuan(b.result.bonus), atStretch: formatYuan(s.result.bonus), explanation: a.result.explanation,
    };
    if (options.expected?.unit === u.id) {
      const e = at(options.expected.result);
      if (!e.ok) return { ok: false, problems: [e.problem] };
      const top = Math.max(options.expected.result, Math.round(stretch * 1.3));
      const curve = simulator.simulateRange(base, stretch, 0, top, 10, { id: u.id, name: u.name });
      if (!curve.ok) return { ok: false, problems: [curve.problem] };
      rep.expected = {
        result: formatYuan(options.expected.result), bonus: formatYuan(e.result.bonus), explanation: e.result.explanation,
        points: curve.range.points.map((p) => ({ result: formatYuan(p.result), bonus: formatYuan(p.bonus) })),
      };
    }
    reps.push(rep);
  }
  return { ok: true, reps };
}
