/**
 * The bonus a unit's reps would earn at their pace so far (按当前节奏的奖金): a rep's result is
 * his actual over the share of the period gone (the tracker's time progress), paid by the
 * bundle's bonus rules against his Base and Stretch; a unit's figures are the exact fen sums of
 * its reps'. Hosts show these beside the board; they never work them out themselves.
 */
import type { LoadedBundle } from '../bundle/index.js';
import type { Fen } from '../money/index.js';
import type { OrgTree } from '../org/index.js';
import type { UnitProgress } from '../tracking/progress.js';
import { createBonusSimulator } from './simulator.js';

export interface PaceBonus {
  unitId: string;
  unit: string;
  /** The period result each rep reaches at his pace so far, summed. */
  projected: Fen;
  /** The bonus at that result, summed over the reps (exact fen). */
  bonus: Fen;
  reps: number;
}

/** Per unit in `unitIds`, its reps' projected results and bonuses; null without bonus rules. */
export function paceBonuses(bundle: LoadedBundle, tree: OrgTree, progress: ReadonlyMap<string, UnitProgress>, unitIds: readonly string[]): PaceBonus[] | null {
  const made = createBonusSimulator(bundle);
  if (!made.ok) return null;
  const sim = made.simulator;
  return unitIds.map((id) => {
    let projected = 0;
    let bonus = 0;
    let reps = 0;
    for (const u of tree.subtree(id)) {
      const p = progress.get(u.id);
      if (!p || u.level !== 'rep' || p.base === null || p.stretch === null) continue;
      const result = p.timeElapsed > 0 ? Math.round(p.actual / p.timeElapsed) : p.actual;
      const r = sim.simulate({ base: p.base, stretch: Math.max(p.base, p.stretch), result });
      if (!r.ok) continue;
      projected += result;
      bonus += r.result.bonus;
      reps++;
    }
    return { unitId: id, unit: tree.get(id)?.name ?? id, projected, bonus, reps };
  });
}
