/**
 * Actuals roll up the four levels (实际向上汇总): a unit's actual is what was booked on it plus
 * everything below it. Units without a row count as zero, and `hasData` tells them apart.
 */
import type { Fen } from '../money/index.js';
import type { OrgTree, OrgUnitInput } from '../org/index.js';

interface Rolled {
  amount: Fen;
  /** Whether any row was booked on the unit or below it. */
  hasData: boolean;
}

export function rollUp<T extends OrgUnitInput>(tree: OrgTree<T>, own: ReadonlyMap<string, Fen>): Map<string, Rolled> {
  const out = new Map<string, Rolled>();
  for (let i = tree.topDown.length - 1; i >= 0; i--) {
    const id = tree.topDown[i] as string;
    const mine = own.get(id);
    let amount = mine ?? 0;
    let hasData = mine !== undefined;
    for (const child of (tree.get(id) as { childIds: readonly string[] }).childIds) {
      const c = out.get(child) as Rolled;
      amount += c.amount;
      hasData ||= c.hasData;
    }
    out.set(id, { amount, hasData });
  }
  return out;
}

/**
 * `rollUp` by place in the tree (`tree.flat`), for a booking read by place: flat arrays instead
 * of an object a unit. Whole fen below 2^53 add exactly in any order: children before parents.
 */
export function rollUpByPlace<T extends OrgUnitInput>(tree: OrgTree<T>, ownAt: (place: number) => Fen | undefined): { amount: Float64Array; hasData: Uint8Array } {
  const { parentAt } = tree.flat;
  const n = parentAt.length;
  const amount = new Float64Array(n);
  const hasData = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const mine = ownAt(i);
    if (mine !== undefined) { amount[i] = mine; hasData[i] = 1; }
  }
  for (let i = n - 1; i > 0; i--) {
    const p = parentAt[i]!;
    if (p < 0) continue;
    amount[p]! += amount[i]!;
    hasData[p]! |= hasData[i]!;
  }
  return { amount, hasData };
}
