/**
 * The allocation model as the bundle describes it (目标拆解模型): the factor library (影响因子库),
 * the tiers and their growth bands (区域梯队), the three plans, and the model settings. All of it
 * is JSON in parameter groups; this module reads the groups into typed values, and checks them
 * (the bundle loader runs the checks, so bad weights are refused before any rule runs).
 */
import { isFraction, notFraction } from '../fractions.js';
import { isObject } from '../json.js';
import { joinPointer, problem, type Localized, type Problem } from '../problems.js';
import { findRules, type DefinedRule } from '../bundle/index.js';

/** Parameter group names the allocation reads. */
const ALLOCATION_GROUPS = {
  factors: 'allocationFactors',
  tiers: 'allocationTiers',
  plans: 'allocationPlans',
  model: 'allocationModel',
} as const;

interface FactorDef {
  id: string;
  name: Localized;
  /** Fraction of 1; the weights of all factors sum to 1. */
  weight: number;
  /** Id of the bundle rule that scores a unit on this factor, 0..1. */
  rule: string;
}

export interface TierDef {
  id: string;
  /** Fraction of the children (ranked by the last 12 months' revenue) in this tier. */
  share: number;
  /** Growth band over the last period, as fractions (0.08 = 8%). */
  low: number;
  high: number;
  name?: Localized;
}

type BandMode = 'absolute' | 'relative';

interface TierSettings {
  tiers: TierDef[];
  /** The external correction moves a band by at most this much (0.05 = 5 points). */
  correctionCap: number;
  /** Per level: absolute bands, or bands shifted so their centre meets the parent's growth. */
  bandMode: Record<'region' | 'team' | 'rep', BandMode>;
}

type TotalPolicy = 'exact' | 'atLeast' | 'atMost';

export interface PlanDef {
  id: string;
  name: Localized;
  /** Where in its band each unit's preferred growth sits: 0 = low end, 1 = high end. */
  bandPosition: number;
  /** exact: the company target; atLeast / atMost: the sum of the preferred growths, at least / at most the target. */
  total: TotalPolicy;
  /** Stretch = Base × (1 + uplift) when no Stretch total is given. */
  stretchUplift: number;
}

/**
 * The plan a host shows when none is asked for: `balanced`; a bundle that names its plans
 * otherwise, the one that meets the company total exactly, else its first.
 */
export function defaultPlanId(plans: readonly PlanDef[]): string {
  if (plans.some((p) => p.id === 'balanced')) return 'balanced';
  return (plans.find((p) => p.total === 'exact') ?? plans[0])?.id ?? 'balanced';
}

interface ModelSettings {
  /** last_revenue: a child's weight is its last period at its preferred growth, times its factor multiplier; equal: the multiplier alone. */
  sizeBasis: 'last_revenue' | 'equal';
  /** How much the composite factor score moves the weight: multiplier = (1 - s) + s × score. */
  scoreSensitivity: number;
  /** A unit without a last period weighs this fraction of its siblings' average basis. */
  newUnitBasis: number;
  /** Capacity (负荷) when the unit gives none: last period × (1 + capacityGrowth). */
  capacityGrowth: number;
  /** A new unit whose growth exceeds this is a risk. */
  newUnitGrowthLimit: number;
  /** How a confirmed filing enters the allocation: a fixed value, or a floor. */
  confirmedFiling: 'lock' | 'floor';
}

export interface AllocationModel {
  factors: Array<FactorDef & { evaluate: DefinedRule['evaluate']; evaluateColumns: DefinedRule['evaluateColumns']; inputs: DefinedRule['def']['inputs'] }>;
  tiers: TierSettings;
  plans: PlanDef[];
  settings: ModelSettings;
}

type ModelResult = { ok: true; model: AllocationModel } | { ok: false; problems: Problem[] };

const WEIGHT_TOLERANCE = 1e-9;

type Check = (value: unknown, file: string, pointer: string) => Problem[];

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isLocalized = (v: unknown): v is Localized => isObject(v) && typeof v.zh === 'string' && typeof v.en === 'string';
const pct = (x: number) => `${Math.round(x * 1e6) / 1e4}%`;

function bad(file: string, pointer: string, zh: string, en: string, code = 'ALLOC_PARAM'): Problem {
  return problem(code, file, pointer, { zh, en });
}

/** allocationFactors: { <factor id>: { name, weight, rule, ...rule parameters } }, weights summing to 100%. */
const checkFactors: Check = (value, file, pointer) => {
  if (!isObject(value) || Object.keys(value).length === 0) {
    return [bad(file, pointer, '因子库必须是非空对象：{ 因子 id: { name, weight, rule } }', 'the factor library must be a non-empty object: { factor id: { name, weight, rule } }')];
  }
  const out: Problem[] = [];
  let sum = 0;
  for (const [id, f] of Object.entries(value)) {
    const at = joinPointer(pointer, id);
    if (!isObject(f)) {
      out.push(bad(file, at, `因子 ${id} 必须是对象`, `factor ${id} must be an object`));
      continue;
    }
    if (!isFraction(f.weight)) out.push(notFraction(file, joinPointer(at, 'weight'), { zh: `因子 ${id} 的权重`, en: `the weight of factor ${id}` }, f.weight));
    else sum += f.weight;
    if (typeof f.rule !== 'string' || !f.rule) out.push(bad(file, joinPointer(at, 'rule'), `因子 ${id} 缺少评分规则 rule`, `factor ${id} has no scoring rule (rule)`));
    if (!isLocalized(f.name)) out.push(bad(file, joinPointer(at, 'name'), `因子 ${id} 需要中英文名称 name {zh, en}`, `factor ${id} needs a name {zh, en}`));
  }
  if (!out.length && Math.abs(sum - 1) > WEIGHT_TOLERANCE) {
    out.push(bad(file, pointer, `因子权重之和为 ${pct(sum)}，必须等于 100%`, `the factor weights sum to ${pct(sum)}; they must sum to 100%`, 'ALLOC_FACTOR_WEIGHTS'));
  }
  return out;
};

/** allocationTiers: { tiers: [{ id, share, band: [low, high] }], correctionCap, bandMode }. */
const checkTiers: Check = (value, file, pointer) => {
  if (!isObject(value) || !Array.isArray(value.tiers) || value.tiers.length === 0) {
    return [bad(file, pointer, '梯队参数需要 tiers 数组', 'the tier parameters need a tiers array')];
  }
  const out: Problem[] = [];
  let sum = 0;
  const ids = new Set<string>();
  value.tiers.forEach((t: unknown, i: number) => {
    const at = joinPointer(pointer, 'tiers', i);
    if (!isObject(t) || typeof t.id !== 'string' || !isNum(t.share) || t.share < 0 || !Array.isArray(t.band) || t.band.length !== 2 || !t.band.every(isNum)) {
      out.push(bad(file, at, '每个梯队需要 id、share（0–1）与 band [下限, 上限]', 'each tier needs id, share (0-1) and band [low, high]'));
      return;
    }
    if (!isFraction(t.share)) {
      out.push(notFraction(file, joinPointer(at, 'share'), { zh: `梯队 ${t.id} 的占比 share`, en: `the share of tier ${t.id}` }, t.share));
      return;
    }
    if (ids.has(t.id)) out.push(bad(file, joinPointer(at, 'id'), `梯队 ${t.id} 重复`, `tier ${t.id} appears twice`));
    ids.add(t.id);
    sum += t.share;
    const [low, high] = t.band as [number, number];
    if (low > high) out.push(bad(file, joinPointer(at, 'band'), `梯队 ${t.id} 的增长区间下限 ${pct(low)} 大于上限 ${pct(high)}`, `tier ${t.id}: band low ${pct(low)} is above high ${pct(high)}`));
    if (low <= -1) out.push(bad(file, joinPointer(at, 'band'), `梯队 ${t.id} 的增长下限必须大于 -100%`, `tier ${t.id}: the band must stay above -100%`));
  });
  if (!out.length && Math.abs(sum - 1) > WEIGHT_TOLERANCE) {
    out.push(bad(file, joinPointer(pointer, 'tiers'), `梯队占比之和为 ${pct(sum)}，必须等于 100%`, `the tier shares sum to ${pct(sum)}; they must sum to 100%`, 'ALLOC_TIER_SHARES'));
  }
  if (isNum(value.correctionCap) && value.correctionCap > 1) {
    out.push(notFraction(file, joinPointer(pointer, 'correctionCap'), { zh: '外部修正上限 correctionCap', en: 'correctionCap' }, value.correctionCap));
  } else if (!isNum(value.correctionCap) || value.correctionCap < 0) {
    out.push(bad(file, joinPointer(pointer, 'correctionCap'), '外部修正上限 correctionCap 必须是 0 到 1 之间的数（0.05 表示 5 个百分点）', 'correctionCap must be a number from 0 to 1 (0.05 means 5 points)'));
  }
  if (!isObject(value.bandMode) || !['region', 'team', 'rep'].every((l) => ['absolute', 'relative'].includes((value.bandMode as Record<string, unknown>)[l] as string))) {
    out.push(bad(file, joinPointer(pointer, 'bandMode'), 'bandMode 需要为 region、team、rep 各写 absolute 或 relative', 'bandMode needs absolute or relative for each of region, team, rep'));
  }
  return out;
};

/** allocationPlans: { <plan id>: { name, bandPosition, total, stretchUplift } }. */
const checkPlans: Check = (value, file, pointer) => {
  if (!isObject(value) || Object.keys(value).length === 0) return [bad(file, pointer, '方案参数必须是非空对象', 'the plans must be a non-empty object')];
  const out: Problem[] = [];
  for (const [id, p] of Object.entries(value)) {
    const at = joinPointer(pointer, id);
    if (!isObject(p)) {
      out.push(bad(file, at, `方案 ${id} 必须是对象`, `plan ${id} must be an object`));
      continue;
    }
    if (!isNum(p.bandPosition) || p.bandPosition < 0 || p.bandPosition > 1) out.push(bad(file, joinPointer(at, 'bandPosition'), `方案 ${id} 的 bandPosition 必须在 0 到 1 之间`, `plan ${id}: bandPosition must be from 0 to 1`));
    if (!['exact', 'atLeast', 'atMost'].includes(p.total as string)) out.push(bad(file, joinPointer(at, 'total'), `方案 ${id} 的 total 只能是 exact、atLeast 或 atMost`, `plan ${id}: total must be exact, atLeast or atMost`));
    if (!isNum(p.stretchUplift) || p.stretchUplift < 0) out.push(bad(file, joinPointer(at, 'stretchUplift'), `方案 ${id} 的 stretchUplift 必须 ≥ 0（挑战目标不低于基础目标）`, `plan ${id}: stretchUplift must be >= 0 (Stretch never below Base)`));
    if (!isLocalized(p.name)) out.push(bad(file, joinPointer(at, 'name'), `方案 ${id} 需要中英文名称 name`, `plan ${id} needs a name {zh, en}`));
  }
  return out;
};

/** allocationModel: the settings of ModelSettings. */
const checkModel: Check = (value, file, pointer) => {
  if (!isObject(value)) return [bad(file, pointer, '模型设置必须是对象', 'the model settings must be an object')];
  const out: Problem[] = [];
  const num = (key: string, min: number, max: number) => {
    const v = value[key];
    if (!isNum(v) || v < min || v > max) out.push(bad(file, joinPointer(pointer, key), `${key} 必须是 ${min} 到 ${max} 之间的数`, `${key} must be a number from ${min} to ${max}`));
  };
  if (!['last_revenue', 'equal'].includes(value.sizeBasis as string)) out.push(bad(file, joinPointer(pointer, 'sizeBasis'), 'sizeBasis 只能是 last_revenue 或 equal', 'sizeBasis must be last_revenue or equal'));
  if (isNum(value.scoreSensitivity) && value.scoreSensitivity > 1) out.push(notFraction(file, joinPointer(pointer, 'scoreSensitivity'), { zh: 'scoreSensitivity', en: 'scoreSensitivity' }, value.scoreSensitivity));
  else num('scoreSensitivity', 0, 1);
  num('newUnitBasis', 0, 10);
  num('capacityGrowth', 0, 100);
  num('newUnitGrowthLimit', 0, 100);
  if (!['lock', 'floor'].includes(value.confirmedFiling as string)) out.push(bad(file, joinPointer(pointer, 'confirmedFiling'), 'confirmedFiling 只能是 lock 或 floor', 'confirmedFiling must be lock or floor'));
  return out;
};

export const allocationParameterChecks: Record<string, Check> = {
  [ALLOCATION_GROUPS.factors]: checkFactors,
  [ALLOCATION_GROUPS.tiers]: checkTiers,
  [ALLOCATION_GROUPS.plans]: checkPlans,
  [ALLOCATION_GROUPS.model]: checkModel,
};

/**
 * Reads the model from a loaded bundle's parameters and rules. Problems point at the group
 * (file `parameters`, pointer `/<group>/...`): a missing group, a factor naming an unknown rule.
 */
export function readAllocationModel(parameters: Record<string, unknown>, rules: ReadonlyMap<string, DefinedRule>, file = 'parameters'): ModelResult {
  const problems: Problem[] = [];
  for (const [group, check] of Object.entries(allocationParameterChecks)) {
    if (!Object.hasOwn(parameters, group)) {
      problems.push(bad(file, joinPointer('', group), `缺少参数组 ${group}`, `the parameter group ${group} is missing`, 'ALLOC_PARAM_MISSING'));
      continue;
    }
    problems.push(...check(parameters[group], file, joinPointer('', group)));
  }
  if (problems.length) return { ok: false, problems };
  const f = parameters[ALLOCATION_GROUPS.factors] as Record<string, { name: Localized; weight: number; rule: string }>;
  const entries = Object.entries(f);
  const found = findRules(rules, entries.map(([, def]) => def.rule), (rule, i) => {
    const id = entries[i]![0];
    return bad(file, joinPointer('', ALLOCATION_GROUPS.factors, id, 'rule'), `因子 ${id} 的评分规则 ${rule} 不存在`, `factor ${id}: scoring rule ${rule} does not exist`, 'ALLOC_UNKNOWN_RULE');
  });
  if (!found.ok) return { ok: false, problems: found.problems };
  const factors: AllocationModel['factors'] = entries.map(([id, def]) => {
    const rule = found.rules.get(def.rule)!;
    return { id, name: def.name, weight: def.weight, rule: def.rule, evaluate: rule.evaluate, evaluateColumns: rule.evaluateColumns, inputs: rule.def.inputs };
  });
  const t = parameters[ALLOCATION_GROUPS.tiers] as { tiers: Array<{ id: string; share: number; band: [number, number]; name?: Localized }>; correctionCap: number; bandMode: TierSettings['bandMode'] };
  const tiers: TierSettings = {
    tiers: t.tiers.map((x) => ({ id: x.id, share: x.share, low: x.band[0], high: x.band[1], ...(x.name ? { name: x.name } : {}) })),
    correctionCap: t.correctionCap,
    bandMode: t.bandMode,
  };
  const p = parameters[ALLOCATION_GROUPS.plans] as Record<string, Omit<PlanDef, 'id'>>;
  const plans = Object.entries(p).map(([id, def]) => ({ id, name: def.name, bandPosition: def.bandPosition, total: def.total, stretchUplift: def.stretchUplift }));
  const settings = parameters[ALLOCATION_GROUPS.model] as ModelSettings;
  if (problems.length) return { ok: false, problems };
  return { ok: true, model: { factors, tiers, plans, settings } };
}
