/**
 * The allocation simulator's run (拆解模拟): HQ's totals and hand locks in, the model's plans
 * out. A lock that cannot hold (its siblings' locks and floors already exceed the parent's
 * target, or an amount that is not one) is set aside with its reason rather than failing the
 * whole run, so one mistyped lock leaves every plan, every table and the other locks in place;
 * locks are tried in the order HQ entered them, so an earlier lock wins over a later one.
 */
import type { Fen } from '../money/money.js';
import type { Localized, Problem } from '../problems.js';
import { allocatePlans, type AllocationTotals, type PlanResult } from './plan.js';
import type { PreparedAllocation } from './prepare.js';

type Simulation =
  | {
    ok: true;
    plans: PlanResult[];
    /** The locks the plans hold: what a publication of these plans must lock too. */
    kept: Record<string, Fen>;
    /** Locks set aside, by unit, with why. */
    refused: Record<string, Localized>;
  }
  | { ok: false; problems: Problem[] };

export function simulatePlans(prepared: PreparedAllocation, totals: AllocationTotals, locks: Readonly<Record<string, Fen>>): Simulation {
  const all = allocatePlans(prepared, totals, { locks });
  if (all.ok) return { ok: true, plans: all.plans, kept: { ...locks }, refused: {} };
  const none = allocatePlans(prepared, totals, {});
  // without any lock it still fails: the totals are wrong, and that is the message
  if (!none.ok) return none;
  let plans = none.plans;
  const kept: Record<string, Fen> = {};
  const refused: Record<string, Localized> = {};
  for (const [id, value] of Object.entries(locks)) {
    const tried = allocatePlans(prepared, totals, { locks: { ...kept, [id]: value } });
    if (tried.ok) { kept[id] = value; plans = tried.plans; } else refused[id] = tried.problems[0]!.message;
  }
  return { ok: true, plans, kept, refused };
}
