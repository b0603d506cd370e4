/**
 * A decided appeal applied to a stored targets table (目标表): the appealed unit gets the
 * decided Base and is locked, its unlocked siblings absorb the difference in proportion to
 * their Bases, and every unit whose Base changed passes the change down its subtree the same
 * way, so the parent's Base and every parent = Σ children hold to the 分.
 *
 * This is the plan review's re-balance for a host that keeps only the published targets
 * (NocoBase's targets collection) and not the allocation model's inputs: createPlanReview
 * re-runs allocatePlan with the decided lock, which needs the prepared allocation (factors,
 * history, plan weights); here the published Bases are the weights, which is what that
 * re-allocation keeps among the siblings for a plan whose factors have not changed.
 */
import { splitByLargestRemainder, type Fen } from '../money/money.js';
import type { Localized } from '../problems.js';

export interface TargetRow {
  id: string;
  parentId: string | null;
  base: Fen;
  /** Fixed by an earlier decision or by HQ: a re-balance never moves it. */
  locked: boolean;
}

export type DecidedTarget =
  | { ok: true; bases: Map<string, Fen>; changed: string[] }
  | { ok: false; code: string; message: Localized };

const refuse = (code: string, zh: string, en: string): DecidedTarget => ({ ok: false, code, message: { zh, en } });

/**
 * The new Bases (fen) after `unitId`'s Base is decided as `decided`: `bases` holds every row's
 * Base afterwards, `changed` the units whose Base moved (the decided unit first). Refused,
 * with nothing changed, when the unit is not in the table, is the root (nothing to absorb the
 * change), or when the siblings or a subtree cannot take it (all locked, or below zero).
 */
export function decideTargetBase(rows: readonly TargetRow[], unitId: string, decided: Fen): DecidedTarget {
  if (!Number.isSafeInteger(decided) || decided < 0) {
    return refuse('TARGET_BAD_AMOUNT', `裁定的基础目标无效：${decided} 分`, `the decided Base is not valid: ${decided} fen`);
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  const children = new Map<string, TargetRow[]>();
  for (const row of rows) {
    if (row.parentId === null) continue;
    const list = children.get(row.parentId) ?? [];
    list.push(row);
    children.set(row.parentId, list);
  }
  // ids in a fixed order: the largest-remainder split gives ties to the lower index
  for (const list of children.values()) list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const unit = byId.get(unitId);
  if (!unit) return refuse('TARGET_UNKNOWN_UNIT', `目标表中没有单位 ${unitId}`, `unit ${unitId} is not in the targets table`);
  const bases = new Map(rows.map((r) => [r.id, r.base]));
  const delta = decided - unit.base;
  if (delta === 0) return { ok: true, bases, changed: [] };
  if (unit.parentId === null || !byId.has(unit.parentId)) {
    return refuse('TARGET_ROOT', `${unitId} 是目标表的顶层，没有同级单位可以重新平衡`, `${unitId} is the top of the targets table; there are no siblings to re-balance`);
  }
  const changed: string[] = [];
  bases.set(unitId, decided);
  changed.push(unitId);
  const siblings = (children.get(unit.parentId) ?? []).filter((s) => s.id !== unitId && !s.locked);
  if (!siblings.length) {
    return refuse('TARGET_NO_SIBLINGS', `${unitId} 的同级单位都已锁定，差额 ${delta} 分无处重新平衡`, `every sibling of ${unitId} is locked; the difference of ${delta} fen cannot be re-balanced`);
  }
  const spread = spreadOver(siblings, siblings.reduce((s, r) => s + r.base, 0) - delta, bases, changed);
  if (spread) return spread;
  // each moved unit passes its change down to its own children, level by level
  for (let i = 0; i < changed.length; i++) {
    const id = changed[i] as string;
    const kids = children.get(id);
    if (!kids?.length) continue;
    const fixed = kids.filter((k) => k.locked).reduce((s, k) => s + k.base, 0);
    const free = kids.filter((k) => !k.locked);
    const total = (bases.get(id) as Fen) - fixed;
    if (!free.length) {
      if (total === 0) continue;
      return refuse('TARGET_SUBTREE_LOCKED', `${id} 的下级单位都已锁定，不能随之改变`, `every unit below ${id} is locked; they cannot follow its change`);
    }
    const below = spreadOver(free, total, bases, changed);
    if (below) return below;
  }
  return { ok: true, bases, changed };
}

/** Splits `total` over `units` in proportion to their current Bases; records the ones that moved. */
function spreadOver(units: readonly TargetRow[], total: Fen, bases: Map<string, Fen>, changed: string[]): DecidedTarget | null {
  if (total < 0) {
    const ids = units.map((u) => u.id).join('、');
    return refuse('TARGET_BELOW_ZERO', `重新平衡后 ${ids} 合计将低于 0（${total} 分）`, `after re-balancing, ${units.map((u) => u.id).join(', ')} would total below 0 (${total} fen)`);
  }
  const parts = splitByLargestRemainder(total, units.map((u) => u.base));
  units.forEach((u, i) => {
    const next = parts[i] as Fen;
    if (next === u.base) return;
    bases.set(u.id, next);
    changed.push(u.id);
  });
  return null;
}
