/**
 * One allocation plan (激进 / 均衡 / 保守) cascaded company → regions → teams → reps in one call,
 * in both tracks: Base (基础目标) split within the growth bands, Stretch (挑战目标) as Base plus a
 * share of the parent's uplift, so Stretch ≥ Base everywhere and, at every level and in both
 * tracks, the children sum exactly to their parent. Every unit explains itself (factor scores,
 * weight, tier, band, clamping) and carries its risks with zh/en messages.
 */
import { formatYuan, isAmountFen, MAX_FEN, splitByLargestRemainderInto, type Fen } from '../money/index.js';
import type { OrgLevel } from '../org/index.js';
import { problem, type Localized, type Problem } from '../problems.js';
import type { PlanDef } from './model.js';
import type { FactorScore, PreparedAllocation, PreparedUnit } from './prepare.js';
import { planInputsOf } from './plan-inputs.js';
import { CLAMP_MAX, CLAMP_MIN, maxChildren, splitBandedInto, splitScratch, splitWithinBands, type Clamp, type SplitChild } from './split.js';

export interface AllocationTotals {
  /** The company target (Base), fen. */
  base: Fen;
  /** The company Stretch, fen; Base × (1 + the plan's uplift) when absent. */
  stretch?: Fen;
}

interface AllocationOptions {
  /** Values fixed by hand (fen, Base track); a change at one level re-flows below it. */
  locks?: Readonly<Record<string, Fen>>;
  /** Hard lower bounds (fen, Base track). */
  floors?: Readonly<Record<string, Fen>>;
  /** Supervisor-confirmed filings: a lock or a floor, as allocationModel.confirmedFiling says. */
  confirmed?: Readonly<Record<string, Fen>>;
  /** Units left out (emergency recalculation, 应急重算): they and everything below get zero. */
  excluded?: Iterable<string>;
}

export type RiskCode =
  | 'OVER_BAND' | 'UNDER_BAND' | 'OVER_CAPACITY' | 'NEW_UNIT_HIGH_GROWTH' | 'BELOW_LAST'
  | 'TOTAL_SHORT' | 'OUTSIDE_BANDS' | 'STRETCH_RAISED' | 'CORRECTION_CAPPED';

interface Risk {
  code: RiskCode;
  /** The unit, or absent for a plan-level risk. */
  unitId?: string;
  /** Fen involved (outside the band, over capacity, missing from the target). */
  amount?: Fen;
  message: Localized;
}

interface UnitBand {
  /** The tier's band, the correction, the shift (relative bands) and the band applied, as growth fractions. */
  tierLow: number;
  tierHigh: number;
  correction: number;
  correctionRequested: number;
  correctionReason?: string;
  shift: number;
  low: number;
  high: number;
  /** The band in fen. */
  min: Fen;
  max: Fen;
}

export interface PlanUnit {
  id: string;
  parentId: string | null;
  name: string;
  level: OrgLevel;
  tier: string | null;
  rank: number;
  siblings: number;
  base: Fen;
  stretch: Fen;
  lastRevenue: Fen;
  revenue12m: Fen;
  /** Base over last period − 1; null without a last period. */
  growth: number | null;
  factors: FactorScore[];
  score: number;
  /** The unit's weight and its share of the parent among the units that took part. */
  weight: number;
  share: number;
  band: UnitBand | null;
  clamped: Clamp;
  locked: boolean;
  floor?: Fen;
  excluded: boolean;
  /** Fen of Base above (+) or below (−) the band; 0 inside it. */
  outsideBand: Fen;
  risks: Risk[];
}

export interface PlanResult {
  plan: PlanDef;
  companyTarget: Fen;
  base: Fen;
  stretch: Fen;
  /** Σ |outside band| over all units, fen. */
  outsideBand: Fen;
  /** Parents whose children's bands could not absorb their amount. */
  infeasibleParents: string[];
  units: PlanUnit[];
  /** By id, built when first read (a getter without a setter: readonly, an assignment would throw). */
  readonly byId: ReadonlyMap<string, PlanUnit>;
  /** Plan-level risks first, then every unit's. */
  risks: Risk[];
}

type PlanOutcome = { ok: true; plan: PlanResult } | { ok: false; problems: Problem[] };

const pts = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1)}%`;
const EPS = 1e-7;

export function allocatePlan(prepared: PreparedAllocation, planId: string, totals: AllocationTotals, options: AllocationOptions = {}): PlanOutcome {
  // prepared.units, an index built on first read, is read only for locks, floors and exclusions
  const { model, tree, file } = prepared;
  const plan = model.plans.find((p) => p.id === planId);
  if (!plan) {
    return { ok: false, problems: [problem('ALLOC_UNKNOWN_PLAN', file, '', { zh: `没有方案 ${planId}（可选：${model.plans.map((p) => p.id).join('、')}）`, en: `there is no plan ${planId} (plans: ${model.plans.map((p) => p.id).join(', ')})` })] };
  }
  if (!isAmountFen(totals.base) || (totals.stretch !== undefined && !isAmountFen(totals.stretch))) {
    return { ok: false, problems: [badTotal(file)] };
  }
  const locks = new Map<string, Fen>(Object.entries(options.locks ?? {}));
  const floors = new Map<string, Fen>(Object.entries(options.floors ?? {}));
  for (const [id, v] of Object.entries(options.confirmed ?? {})) {
    if (model.settings.confirmedFiling === 'lock') { if (!locks.has(id)) locks.set(id, v); } else floors.set(id, Math.max(v, floors.get(id) ?? 0));
  }
  const excluded = new Set<string>();
  const problems: Problem[] = [];
  for (const id of options.excluded ?? []) {
    if (!prepared.units.has(id)) problems.push(problem('ALLOC_UNKNOWN_UNIT', file, '', { zh: `排除的单位 ${id} 不存在`, en: `excluded unit ${id} does not exist` }));
    for (const u of tree.subtree(id)) excluded.add(u.id);
  }

  for (const [id, v] of [...locks, ...floors]) {
    if (!prepared.units.has(id)) problems.push(problem('ALLOC_UNKNOWN_UNIT', file, '', { zh: `锁定或下限指向不存在的单位 ${id}`, en: `a lock or floor names unknown unit ${id}` }));
    else if (!isAmountFen(v)) problems.push(problem('ALLOC_BAD_AMOUNT', file, '', { zh: `单位 ${id} 的锁定或下限金额无效`, en: `unit ${id}: invalid lock or floor amount` }));
  }
  if (problems.length) return { ok: false, problems };

  const list = prepared.list;
  const n = list.length;
  const bandPosition = plan.bandPosition;
  const { kidStart, kids, lastRevenue: lastAt, low: lowAt, high: highAt, hasTier, multiplier: multiplierAt, relative } = planInputsOf(prepared);
  // per unit, by its index in the top-down list
  const lockAt: Array<Fen | undefined> = new Array<Fen | undefined>(n);
  const floorAt: Array<Fen | undefined> = new Array<Fen | undefined>(n);
  for (const [id, v] of locks) lockAt[prepared.units.get(id)!.index] = v;
  for (const [id, v] of floors) floorAt[prepared.units.get(id)!.index] = v;
  const isExcluded = new Uint8Array(n);
  for (const id of excluded) isExcluded[prepared.units.get(id)!.index] = 1;
  // a child that is locked, floored or excluded sends its parent's split the general way
  const special = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (isExcluded[i] || lockAt[i] !== undefined || floorAt[i] !== undefined) special[i] = 1;
  // each unit's preferred growth in this plan: where bandPosition puts it in its band (0 without one)
  const preferred = (c: number) => lowAt[c]! + bandPosition * (highAt[c]! - lowAt[c]!);

  // the plan's company amount: the target, or the sum of the regions at their preferred growth
  let natural = 0;
  for (let j = kidStart[0]!; j < kidStart[1]!; j++) {
    const c = kids[j]!;
    if (isExcluded[c]) continue;
    natural += lockAt[c] ?? Math.round(lastAt[c]! * (1 + preferred(c)));
  }
  const companyBase = lockAt[0] ?? (plan.total === 'exact' ? totals.base : plan.total === 'atLeast' ? Math.max(totals.base, natural) : Math.min(totals.base, natural));

  // the cascade's results by place; a child's band is [minAt, maxAt] after its parent's shift
  const base = new Float64Array(n);
  const weightAt = new Float64Array(n);
  const shareAt = new Float64Array(n);
  const shiftAt = new Float64Array(n);
  const minAt = new Float64Array(n);
  const maxAt = new Float64Array(n);
  const bandedAt = new Uint8Array(n);
  const clampAt = new Uint8Array(n);
  base[0] = isExcluded[0] ? 0 : companyBase;
  weightAt[0] = 1;
  shareAt[0] = 1;
  const infeasibleParents: string[] = [];
  const equalSize = model.settings.sizeBasis === 'equal';
  const newUnitBasis = model.settings.newUnitBasis;
  const scratch = splitScratch(maxChildren(kidStart, n));
  const weights = scratch.weights;

  for (let pi = 0; pi < n; pi++) {
    const start = kidStart[pi]!;
    const m = kidStart[pi + 1]! - start;
    if (!m) continue;
    const amount = base[pi]!;
    // weights: size basis at the preferred growth, times the factor multiplier
    let basisSum = 0;
    let basisCount = 0;
    for (let k = 0; k < m; k++) {
      const c = kids[start + k]!;
      let b = 1;
      if (!equalSize) {
        if (lastAt[c]! > 0) {
          b = lastAt[c]! * (1 + preferred(c));
          basisSum += b;
          basisCount++;
        } else b = NaN;
      }
      weights[k] = b;
    }
    const newBasis = basisCount ? (basisSum / basisCount) * newUnitBasis : 1;
    for (let k = 0; k < m; k++) {
      const b = weights[k]!;
      weights[k] = Math.max(0, (Number.isNaN(b) ? newBasis : b) * multiplierAt[kids[start + k]!]!);
    }

    // relative bands: shift every band so that their last-weighted centre meets the parent's growth
    let shift = 0;
    if (relative[pi]) {
      let lockSum = 0;
      let lastSum = 0;
      let centre = 0;
      let wFree = 0;
      let wBanded = 0;
      for (let k = 0; k < m; k++) {
        const c = kids[start + k]!;
        if (isExcluded[c]) continue;
        const lock = lockAt[c];
        if (lock !== undefined) { lockSum += lock; continue; }
        wFree += weights[k]!;
        if (lastAt[c]! <= 0) continue;
        wBanded += weights[k]!;
        lastSum += lastAt[c]!;
        centre += lastAt[c]! * (lowAt[c]! + highAt[c]!) / 2;
      }
      if (lastSum > 0) {
        const forBanded = (amount - lockSum) * (wFree > 0 ? wBanded / wFree : 1);
        shift = forBanded / lastSum - 1 - centre / lastSum;
      }
    }
    let plain = true;
    for (let k = 0; k < m; k++) {
      const c = kids[start + k]!;
      shiftAt[c] = shift;
      if (special[c]) plain = false;
      if (lastAt[c]! > 0 && hasTier[c]) {
        const last = lastAt[c]!;
        const min = Math.max(0, Math.ceil(last * (1 + (lowAt[c]! + shift)) - EPS));
        minAt[c] = min;
        maxAt[c] = Math.max(min, Math.floor(last * (1 + (highAt[c]! + shift)) + EPS));
        bandedAt[c] = 1;
      } else plain = false;
    }
    let feasible: boolean;
    if (plain) {
      // every child free and banded (the usual case): split in the scratch arrays
      feasible = splitBandedInto(amount, m, start, kids, minAt, maxAt, scratch);
    } else {
      const children: SplitChild[] = new Array<SplitChild>(m);
      for (let k = 0; k < m; k++) {
        const c = kids[start + k]!;
        const child: SplitChild = { weight: weights[k]!, band: bandedAt[c] ? { min: minAt[c]!, max: maxAt[c]! } : null };
        if (isExcluded[c]) child.excluded = true;
        if (lockAt[c] !== undefined) child.lock = lockAt[c];
        if (floorAt[c] !== undefined) child.floor = floorAt[c];
        children[k] = child;
      }
      const out = splitWithinBands(amount, children);
      if (!out.ok) {
        const parent = list[pi]!;
        const pid = parent.id;
        const zhWhat = out.code === 'ALLOC_NO_RECEIVER' ? `${parent.name}（${pid}）的下级全部被排除或锁定，${formatYuan(amount)} 元无人承接` : `${parent.name}（${pid}）下级的锁定值与下限合计 ${formatYuan(out.fixed)} 元，超过它的目标 ${formatYuan(amount)} 元`;
        const enWhat = out.code === 'ALLOC_NO_RECEIVER' ? `every child of ${parent.name} (${pid}) is excluded or locked; nobody takes ${formatYuan(amount)} yuan` : `the locked values and floors below ${parent.name} (${pid}) add up to ${formatYuan(out.fixed)} yuan, more than its target of ${formatYuan(amount)} yuan`;
        problems.push(problem(out.code, file, '', { zh: zhWhat, en: enWhat }));
        continue;
      }
      feasible = out.feasible;
      for (let k = 0; k < m; k++) {
        scratch.amounts[k] = out.amounts[k]!;
        scratch.shares[k] = out.shares[k]!;
        scratch.clamped[k] = out.clamped[k] === 'max' ? CLAMP_MAX : out.clamped[k] === 'min' ? CLAMP_MIN : 0;
      }
    }
    if (!feasible) infeasibleParents.push(list[pi]!.id);
    for (let k = 0; k < m; k++) {
      const c = kids[start + k]!;
      base[c] = scratch.amounts[k]!;
      weightAt[c] = weights[k]!;
      shareAt[c] = scratch.shares[k]!;
      clampAt[c] = scratch.clamped[k]!;
    }
  }
  if (problems.length) return { ok: false, problems };

  // Stretch: the company uplift, then each child = its Base + a share of the parent's uplift by Base
  const risks: Risk[] = [];
  let companyStretch = totals.stretch ?? Math.round(companyBase * (1 + plan.stretchUplift));
  if (isExcluded[0]) companyStretch = 0;
  if (companyStretch < companyBase) {
    risks.push({ code: 'STRETCH_RAISED', amount: companyBase - companyStretch, message: {
      zh: `挑战目标 ${formatYuan(companyStretch)} 元低于本方案的基础目标 ${formatYuan(companyBase)} 元，已提高到基础目标`,
      en: `the Stretch total ${formatYuan(companyStretch)} yuan is below this plan's Base ${formatYuan(companyBase)} yuan; raised to the Base`,
    } });
    companyStretch = companyBase;
  }
  // the uplift (or an 'atLeast' plan's natural sum) can carry the company past the largest amount,
  // where its printed total would no longer equal its printed children
  if (companyBase > MAX_FEN || companyStretch > MAX_FEN) return { ok: false, problems: [badTotal(file)] };
  const stretch = new Float64Array(n);
  stretch[0] = companyStretch;
  const parts = scratch.amounts;
  for (let pi = 0; pi < n; pi++) {
    const start = kidStart[pi]!;
    const m = kidStart[pi + 1]! - start;
    if (!m) continue;
    const extra = stretch[pi]! - base[pi]!;
    if (extra > 0) {
      let any = false;
      for (let k = 0; k < m; k++) {
        const c = kids[start + k]!;
        weights[k] = isExcluded[c] ? 0 : base[c]!;
        if (weights[k] !== 0) any = true;
      }
      if (!any) {
        for (let k = 0; k < m; k++) {
          weights[k] = isExcluded[kids[start + k]!] ? 0 : 1;
          if (weights[k] !== 0) any = true;
        }
      }
      if (!any) {
        return { ok: false, problems: [problem('ALLOC_NO_RECEIVER', file, '', { zh: `${list[pi]!.id} 的下级全部被排除，挑战目标无人承接`, en: `every child of ${list[pi]!.id} is excluded; nobody takes its Stretch` })] };
      }
      splitByLargestRemainderInto(extra, weights, 0, m, parts, 0);
      for (let k = 0; k < m; k++) { const c = kids[start + k]!; stretch[c] = base[c]! + parts[k]!; }
    } else {
      for (let k = 0; k < m; k++) { const c = kids[start + k]!; stretch[c] = base[c]! + 0; }
    }
  }

  const result: PlanUnit[] = new Array<PlanUnit>(n);
  let outsideTotal = 0;
  const unitRisks: Risk[] = [];
  const { capacityGrowth, newUnitGrowthLimit } = model.settings;
  for (let i = 0; i < n; i++) {
    const u = list[i]!;
    const b = base[i]!;
    let band: UnitBand | null = null;
    if (i > 0 && bandedAt[i]) {
      const shift = shiftAt[i]!;
      band = { tierLow: u.tierBand!.low, tierHigh: u.tierBand!.high, correction: u.correction, correctionRequested: u.correctionRequested, shift, low: lowAt[i]! + shift, high: highAt[i]! + shift, min: minAt[i]!, max: maxAt[i]! };
      if (u.correctionReason) band.correctionReason = u.correctionReason;
    }
    const excludedHere = isExcluded[i] === 1;
    let outside = 0;
    if (band && !excludedHere) outside = b > band.max ? b - band.max : b < band.min ? b - band.min : 0;
    outsideTotal += Math.abs(outside);
    const growth = u.lastRevenue > 0 ? b / u.lastRevenue - 1 : null;
    const own = excludedHere ? [] : unitRisksOf(u, b, growth, band, outside, capacityGrowth, newUnitGrowthLimit);
    const pu: PlanUnit = {
      id: u.id, parentId: u.parentId, name: u.name, level: u.level, tier: u.tier, rank: u.rank, siblings: u.siblings,
      base: b, stretch: stretch[i]!, lastRevenue: u.lastRevenue, revenue12m: u.revenue12m, growth,
      factors: u.factors, score: u.score, weight: weightAt[i]!, share: shareAt[i]!, band, clamped: clampAt[i] === CLAMP_MAX ? 'max' : clampAt[i] === CLAMP_MIN ? 'min' : null,
      locked: lockAt[i] !== undefined, excluded: excludedHere, outsideBand: outside, risks: own,
    };
    if (floorAt[i] !== undefined) pu.floor = floorAt[i];
    for (let r = 0; r < own.length; r++) unitRisks.push(own[r]!);
    result[i] = pu;
  }
  if (companyBase < totals.base) {
    risks.push({ code: 'TOTAL_SHORT', amount: totals.base - companyBase, message: {
      zh: `方案合计 ${formatYuan(companyBase)} 元，比公司目标 ${formatYuan(totals.base)} 元少 ${formatYuan(totals.base - companyBase)} 元`,
      en: `the plan totals ${formatYuan(companyBase)} yuan, ${formatYuan(totals.base - companyBase)} yuan short of the company target ${formatYuan(totals.base)} yuan`,
    } });
  }
  if (outsideTotal > 0) {
    risks.push({ code: 'OUTSIDE_BANDS', amount: outsideTotal, message: {
      zh: `共有 ${formatYuan(outsideTotal)} 元目标落在增长区间之外（${infeasibleParents.length} 个上级的区间无法容纳其目标）`,
      en: `${formatYuan(outsideTotal)} yuan of target lies outside the growth bands (at ${infeasibleParents.length} parent(s) the bands cannot hold the target)`,
    } });
  }
  // the index by id is built when first read: most callers read the list alone, and a map of
  // 56,000 units per plan was a sixth of a plan's time
  let byId: Map<string, PlanUnit> | undefined;
  return { ok: true, plan: {
    plan, companyTarget: totals.base, base: companyBase, stretch: companyStretch, outsideBand: outsideTotal, infeasibleParents, units: result,
    get byId() { return (byId ??= new Map(result.map((r) => [r.id, r]))); },
    risks: [...risks, ...unitRisks],
  } };
}

/**
 * A unit's risks in this plan. Most units have none: the names in the messages are written only
 * for a unit that has one (two strings a unit were a fifth of a plan's time).
 */
function unitRisksOf(u: PreparedUnit, base: Fen, growth: number | null, band: UnitBand | null, outsideBand: Fen, capacityGrowth: number, newUnitGrowthLimit: number): Risk[] {
  const out: Risk[] = [];
  let who = '';
  let whoEn = '';
  const name = () => {
    if (!who) { who = `${u.name}（${u.id}）`; whoEn = `${u.name} (${u.id})`; }
  };
  if (band && outsideBand > 0) {
    name();
    out.push({ code: 'OVER_BAND', unitId: u.id, amount: outsideBand, message: {
      zh: `${who} 增长 ${pts(growth ?? 0)}，高于 ${u.tier} 档区间上限 ${pts(band.high)}，超出 ${formatYuan(outsideBand)} 元`,
      en: `${whoEn} grows ${pts(growth ?? 0)}, above the tier ${u.tier} band's high ${pts(band.high)} by ${formatYuan(outsideBand)} yuan`,
    } });
  } else if (band && outsideBand < 0) {
    name();
    out.push({ code: 'UNDER_BAND', unitId: u.id, amount: -outsideBand, message: {
      zh: `${who} 增长 ${pts(growth ?? 0)}，低于 ${u.tier} 档区间下限 ${pts(band.low)}，差 ${formatYuan(-outsideBand)} 元`,
      en: `${whoEn} grows ${pts(growth ?? 0)}, below the tier ${u.tier} band's low ${pts(band.low)} by ${formatYuan(-outsideBand)} yuan`,
    } });
  }
  const capacity = u.capacity ?? (u.lastRevenue > 0 ? Math.floor(u.lastRevenue * (1 + capacityGrowth)) : null);
  if (capacity !== null && base > capacity) {
    name();
    out.push({ code: 'OVER_CAPACITY', unitId: u.id, amount: base - capacity, message: {
      zh: `${who} 负荷超标：基础目标 ${formatYuan(base)} 元超过承载能力 ${formatYuan(capacity)} 元`,
      en: `${whoEn} is overloaded: Base ${formatYuan(base)} yuan exceeds its capacity of ${formatYuan(capacity)} yuan`,
    } });
  }
  if (u.isNew && growth !== null && growth > newUnitGrowthLimit) {
    name();
    out.push({ code: 'NEW_UNIT_HIGH_GROWTH', unitId: u.id, message: {
      zh: `${who} 是新团队/新城市，却被分配了 ${pts(growth)} 的增长（上限 ${pts(newUnitGrowthLimit)}）`,
      en: `${whoEn} is new but is given ${pts(growth)} growth (limit ${pts(newUnitGrowthLimit)})`,
    } });
  }
  if (u.isNew && u.lastRevenue === 0 && base > 0) {
    name();
    out.push({ code: 'NEW_UNIT_HIGH_GROWTH', unitId: u.id, amount: base, message: {
      zh: `${who} 是新团队/新城市，上期没有业绩，却被分配了 ${formatYuan(base)} 元`,
      en: `${whoEn} is new with no last-period revenue, yet is given ${formatYuan(base)} yuan`,
    } });
  }
  if (u.lastRevenue > 0 && base < u.lastRevenue) {
    name();
    out.push({ code: 'BELOW_LAST', unitId: u.id, amount: u.lastRevenue - base, message: {
      zh: `${who} 的目标 ${formatYuan(base)} 元低于上期实际 ${formatYuan(u.lastRevenue)} 元`,
      en: `${whoEn}'s target ${formatYuan(base)} yuan is below last period's ${formatYuan(u.lastRevenue)} yuan`,
    } });
  }
  if (u.correctionRequested !== u.correction) {
    name();
    out.push({ code: 'CORRECTION_CAPPED', unitId: u.id, message: {
      zh: `${who} 的外部修正 ${pts(u.correctionRequested)} 超过上限，按 ${pts(u.correction)} 计${u.correctionReason ? `（${u.correctionReason}）` : ''}`,
      en: `${whoEn}'s external correction ${pts(u.correctionRequested)} exceeds the cap; ${pts(u.correction)} applied${u.correctionReason ? ` (${u.correctionReason})` : ''}`,
    } });
  }
  return out;
}

function badTotal(file: string): Problem {
  return problem('ALLOC_BAD_TOTAL', file, '', {
    zh: `公司的基础目标和挑战目标必须是 0 到 ${formatYuan(MAX_FEN)} 元之间的金额`,
    en: `the company's Base and Stretch must be amounts from 0 to ${formatYuan(MAX_FEN)} yuan`,
  });
}

/** All plans of the model on the same prepared units. */
export function allocatePlans(prepared: PreparedAllocation, totals: AllocationTotals, options: AllocationOptions = {}): { ok: true; plans: PlanResult[] } | { ok: false; problems: Problem[] } {
  const plans: PlanResult[] = [];
  for (const p of prepared.model.plans) {
    const r = allocatePlan(prepared, p.id, totals, options);
    if (!r.ok) return r;
    plans.push(r.plan);
  }
  return { ok: true, plans };
}

/** Short names of the risks, for tables and summaries. */
export const RISK_LABELS: Readonly<Record<RiskCode, Localized>> = {
  OVER_BAND: { zh: '高于增长区间', en: 'above band' },
  UNDER_BAND: { zh: '低于增长区间', en: 'below band' },
  OVER_CAPACITY: { zh: '负荷超标', en: 'overloaded' },
  NEW_UNIT_HIGH_GROWTH: { zh: '新单位高增长', en: 'new unit, high growth' },
  BELOW_LAST: { zh: '低于上期', en: 'below last period' },
  TOTAL_SHORT: { zh: '未达公司目标', en: 'misses company target' },
  OUTSIDE_BANDS: { zh: '目标落在区间外', en: 'target outside bands' },
  STRETCH_RAISED: { zh: '挑战目标已上调', en: 'Stretch raised' },
  CORRECTION_CAPPED: { zh: '外部修正封顶', en: 'correction capped' },
};

/** "负荷超标 3；低于上期 12": the risks counted by kind, in the order of RISK_LABELS. */
export function summarizeRisks(risks: readonly Risk[], lang: 'zh' | 'en'): string {
  const counts = new Map<RiskCode, number>();
  for (const r of risks) counts.set(r.code, (counts.get(r.code) ?? 0) + 1);
  return (Object.keys(RISK_LABELS) as RiskCode[])
    .filter((c) => counts.has(c))
    .map((c) => `${RISK_LABELS[c][lang]} ${counts.get(c)}`)
    .join(lang === 'zh' ? '；' : '; ');
}
