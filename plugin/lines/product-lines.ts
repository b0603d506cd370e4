/**
 * Product-line targets (产品线目标): the bundle's `productLines` group lists the lines, each with
 * its own weight (a new line weighs differently from a mature one) and, optionally, its own
 * allocation factor weights (see allocate-lines.ts), and may give a unit its own mix. A unit's
 * target (both tracks) is split over the lines exactly to the 分; where all of a parent's
 * children use the parent's mix, they are cascaded from the parent's line amounts, so a line's
 * amounts add up the tree too.
 */
import type { CrossGroupCheck } from '../bundle/index.js';
import { isFraction, notFraction } from '../fractions.js';
import { isObject } from '../json.js';
import { splitByLargestRemainder, type Fen } from '../money/index.js';
import type { OrgTree, OrgUnitInput } from '../org/index.js';
import { joinPointer, problem, type Localized, type Problem } from '../problems.js';
import { cascade, sameShares } from '../phasing/cascade.js';

export interface ProductLine {
  id: string;
  name: Localized;
  /** The line's share of a unit's target (0.55 = 55%); the lines' shares sum to 1. */
  weight: number;
  /** `new` or `mature`, for reading; the weight is what counts. */
  stage?: 'new' | 'mature';
  /**
   * The allocation's factor weights for this line (factor id → fraction of 1, summing to 1,
   * factors left out weigh 0), so a new line can follow regional potential more than history.
   * Absent: the weights of the `allocationFactors` group.
   */
  factors?: Readonly<Record<string, number>>;
}

export interface ProductLineSettings {
  lines: readonly ProductLine[];
  /** Per-unit mixes by line id, shares summing to 1 (lines left out weigh 0). */
  units: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

const bad = (file: string, pointer: string, zh: string, en: string): Problem => problem('PARAM_INVALID', file, pointer, { zh, en });
const ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const SHARE_TOLERANCE = 1e-9;
const pct = (x: number) => `${Math.round(x * 1e6) / 1e4}%`;

/** Shares of one whole (the lines of a unit): each a fraction, together 100%. */
function checkShares(entries: ReadonlyArray<[key: string, value: unknown, pointer: string]>, whose: { zh: string; en: string }, file: string, pointer: string): Problem[] {
  const out: Problem[] = [];
  let sum = 0;
  for (const [key, w, at] of entries) {
    if (!isFraction(w)) out.push(notFraction(file, at, { zh: `${whose.zh}产品线 ${key} 的权重`, en: `${whose.en}the weight of line ${key}` }, w));
    else sum += w;
  }
  if (!out.length && Math.abs(sum - 1) > SHARE_TOLERANCE) {
    out.push(problem('LINE_WEIGHTS', file, pointer, {
      zh: `${whose.zh}产品线权重之和为 ${pct(sum)}，必须等于 100%（写 0.55 表示 55%）`,
      en: `${whose.en}the line weights sum to ${pct(sum)}; they must sum to 100% (write 0.55 for 55%)`,
    }));
  }
  return out;
}

export function checkProductLines(value: unknown, file: string, pointer: string): Problem[] {
  if (!isObject(value) || !Array.isArray(value.lines) || value.lines.length === 0) {
    return [bad(file, joinPointer(pointer, 'lines'), 'lines 应为非空数组', 'lines must be a non-empty array')];
  }
  const out: Problem[] = [];
  const ids = new Set<string>();
  value.lines.forEach((l: unknown, i: number) => {
    const at = joinPointer(pointer, 'lines', i);
    if (!isObject(l) || typeof l.id !== 'string' || !ID.test(l.id)) { out.push(bad(file, joinPointer(at, 'id'), '产品线 id 应为字母、数字、- 或 _', 'a line id must be letters, digits, - or _')); return; }
    if (ids.has(l.id)) out.push(bad(file, joinPointer(at, 'id'), `产品线 ${l.id} 重复`, `line ${l.id} appears twice`));
    ids.add(l.id);
    if (!isObject(l.name) || typeof l.name.zh !== 'string' || typeof l.name.en !== 'string') out.push(bad(file, joinPointer(at, 'name'), 'name 应为 {zh, en}', 'name must be {zh, en}'));
    if (l.factors !== undefined) out.push(...checkLineFactors(l.factors, l.id, file, joinPointer(at, 'factors')));
  });
  if (!out.length) out.push(...checkShares((value.lines as ProductLine[]).map((l, i) => [l.id, l.weight, joinPointer(pointer, 'lines', i, 'weight')]), { zh: '', en: '' }, file, joinPointer(pointer, 'lines')));
  if (value.units !== undefined) {
    if (!isObject(value.units)) out.push(bad(file, joinPointer(pointer, 'units'), 'units 应为 {单位 id: {产品线: 权重}}', 'units must be {unit id: {line: weight}}'));
    else for (const [unit, mix] of Object.entries(value.units)) {
      const at = joinPointer(pointer, 'units', unit);
      if (!isObject(mix) || Object.keys(mix).length === 0) { out.push(bad(file, at, '单位的产品线权重应为非空对象 {产品线: 权重}', "a unit's mix must be a non-empty object {line: weight}")); continue; }
      const unknown = Object.keys(mix).filter((line) => !ids.has(line));
      for (const line of unknown) out.push(bad(file, joinPointer(at, line), `没有产品线 ${line}`, `there is no line ${line}`));
      if (!unknown.length) out.push(...checkShares(Object.entries(mix).map(([line, w]) => [line, w, joinPointer(at, line)]), { zh: `单位 ${unit} 的`, en: `unit ${unit}: ` }, file, at));
    }
  }
  return out;
}


/** A line's own factor weights: {factor id: fraction 0..1}, summing to 100% (like allocationFactors). */
function checkLineFactors(value: unknown, line: string, file: string, pointer: string): Problem[] {
  if (!isObject(value) || Object.keys(value).length === 0) {
    return [bad(file, pointer, `产品线 ${line} 的 factors 应为非空对象 {因子 id: 权重}`, `factors of line ${line} must be a non-empty object {factor id: weight}`)];
  }
  const out: Problem[] = [];
  let sum = 0;
  for (const [id, w] of Object.entries(value)) {
    if (!isFraction(w)) out.push(notFraction(file, joinPointer(pointer, id), { zh: `产品线 ${line} 的因子 ${id} 权重`, en: `line ${line}: the weight of factor ${id}` }, w));
    else sum += w;
  }
  if (!out.length && Math.abs(sum - 1) > SHARE_TOLERANCE) {
    out.push(problem('LINE_FACTOR_WEIGHTS', file, pointer, {
      zh: `产品线 ${line} 的因子权重之和为 ${pct(sum)}，必须等于 100%`,
      en: `the factor weights of line ${line} sum to ${pct(sum)}; they must sum to 100%`,
    }));
  }
  return out;
}

/**
 * Across groups: every factor a line weighs must be a factor of `allocationFactors` (when the
 * bundle has that group; without it the allocation refuses to run anyway).
 */
function checkLineFactorIds(productLines: unknown, allocationFactors: unknown, file: string, pointer: string): Problem[] {
  if (!isObject(productLines) || !Array.isArray(productLines.lines) || !isObject(allocationFactors)) return [];
  const known = Object.keys(allocationFactors);
  const out: Problem[] = [];
  productLines.lines.forEach((l: unknown, i: number) => {
    if (!isObject(l) || !isObject(l.factors)) return;
    for (const id of Object.keys(l.factors)) {
      if (!Object.hasOwn(allocationFactors, id)) {
        out.push(problem('LINE_UNKNOWN_FACTOR', file, joinPointer(pointer, 'lines', i, 'factors', id), {
          zh: `产品线 ${String(l.id)} 的因子 ${id} 不在 allocationFactors 中（可用：${known.join('、')}）`,
          en: `line ${String(l.id)}: factor ${id} is not in allocationFactors (known: ${known.join(', ')})`,
        }));
      }
    }
    // a factor added to the library after the line's weights were written would weigh 0 on
    // this line without anyone deciding so: the line must name it, with 0 if that is meant
    const omitted = known.filter((id) => !Object.hasOwn(l.factors as object, id));
    if (omitted.length) {
      out.push(problem('LINE_MISSING_FACTOR', file, joinPointer(pointer, 'lines', i, 'factors'), {
        zh: `产品线 ${String(l.id)} 的 factors 没有写因子 ${omitted.join('、')}：不写在这条线上就是 0%。请写上它的权重（有意不考虑时写 0），并让合计仍为 100%`,
        en: `line ${String(l.id)}: factors omits ${omitted.join(', ')}, which would weigh 0% on this line; give it a weight (0 if that is meant) and keep the sum at 100%`,
      }));
    }
  });
  return out;
}

export const productLineParameterChecks = { productLines: checkProductLines };

/** `checkLineFactorIds` as the loader runs it, once every group is in; nothing without product lines. */
export const productLineCrossGroupCheck: CrossGroupCheck = (parameters, fileOf) => {
  const file = fileOf('productLines');
  return file === undefined ? [] : checkLineFactorIds(parameters.productLines, parameters.allocationFactors, file, joinPointer('/parameters', 'productLines'));
};

/** The settings from the bundle's parameters (the group is checked when the bundle loads). */
export function readProductLines(parameters: Readonly<Record<string, unknown>>): ProductLineSettings | null {
  const v = parameters.productLines as { lines?: ProductLine[]; units?: ProductLineSettings['units'] } | undefined;
  if (!v?.lines) return null;
  return { lines: v.lines, units: v.units ?? {} };
}

export interface LineTarget {
  base: Fen;
  stretch: Fen;
}

/** Per unit, per line (in the settings' line order): the unit's targets split by its mix. */
export function splitByProductLine<T extends OrgUnitInput>(
  tree: OrgTree<T>,
  targets: ReadonlyMap<string, LineTarget>,
  settings: ProductLineSettings,
): Map<string, Map<string, LineTarget>> {
  const ids = settings.lines.map((l) => l.id);
  const mixOf = (id: string): number[] => {
    const own = settings.units[id];
    return own ? ids.map((l) => own[l] ?? 0) : settings.lines.map((l) => l.weight);
  };
  const out = new Map<string, Map<string, LineTarget>>();
  const set = (id: string, base: Fen[], stretch: Fen[]) => out.set(id, new Map(ids.map((l, i) => [l, { base: base[i] as Fen, stretch: stretch[i] as Fen }])));
  const alone = (id: string) => {
    const t = targets.get(id)!;
    const mix = mixOf(id);
    set(id, splitByLargestRemainder(t.base, mix), splitByLargestRemainder(t.stretch, mix));
  };
  if (targets.has(tree.root.id)) alone(tree.root.id);
  for (const id of tree.topDown) {
    const children = tree.get(id)!.childIds;
    if (!children.length) continue;
    const parent = out.get(id);
    const t = targets.get(id);
    const sum = (k: 'base' | 'stretch') => children.reduce((a, c) => a + (targets.get(c)?.[k] ?? 0), 0);
    const nonNegative = children.every((c) => { const x = targets.get(c); return x !== undefined && x.base >= 0 && x.stretch >= 0; });
    if (parent && t && nonNegative && t.base >= 0 && t.stretch >= 0 && sum('base') === t.base && sum('stretch') === t.stretch
      && children.every((c) => sameShares(mixOf(c), mixOf(id)))) {
      const b = cascade(children.map((c) => targets.get(c)!.base), ids.map((l) => parent.get(l)!.base));
      const s = cascade(children.map((c) => targets.get(c)!.stretch), ids.map((l) => parent.get(l)!.stretch));
      children.forEach((c, i) => set(c, b[i]!, s[i]!));
    } else {
      for (const c of children) if (targets.has(c)) alone(c);
    }
  }
  return out;
}
