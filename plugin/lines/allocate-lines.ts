/**
 * Allocation by product line (按产品线拆解): a plan's targets split over the product lines with
 * each line's own factor weights, so a new line weighs differently from a mature one. The
 * company's target goes over the lines by their weights (its mix); below it, under each parent,
 * each child's weight for a line is the allocation model's multiplier, (1 − s) + s × score, with
 * the score taken under that line's factor weights, times the child's mix. The children × lines
 * table is then fitted to both totals (fit.ts): each child's lines sum exactly to its target in
 * the plan, and each line's children sum exactly to the parent's amount on that line, at every
 * level and in both tracks (Stretch = Base + a fitted share of the uplift, so Stretch ≥ Base on
 * every line). The plan's totals, bands and risks are untouched.
 */
import type { PlanResult, PlanUnit, PreparedAllocation, PreparedUnit } from '../allocation/index.js';
import { splitByLargestRemainder, type Fen } from '../money/index.js';
import { joinPointer, problem, type Problem } from '../problems.js';
import { fitTable } from './fit.js';
import type { LineTarget, ProductLine, ProductLineSettings } from './product-lines.js';

interface UnitLineAllocation {
  line: string;
  base: Fen;
  stretch: Fen;
  /** The unit's composite factor score under this line's weights (1 for the company). */
  score: number;
  /** Whose factor weights: the line's own, or the allocation model's. */
  weights: 'line' | 'model';
  /** The unit's weight for this line before fitting: mix × ((1 − s) + s × score). */
  weight: number;
  /** This line's share of the unit's Base (0 when the unit has no Base). */
  share: number;
}

export interface LineAllocation {
  plan: string;
  lines: readonly ProductLine[];
  /** Per unit, one entry per line in the lines' order. */
  units: ReadonlyMap<string, readonly UnitLineAllocation[]>;
}

type LineAllocationOutcome = { ok: true; allocation: LineAllocation } | { ok: false; problems: Problem[] };

/** Every factor a line weighs must be one the model knows; problems by pointer into the productLines group. */
function checkLineFactorsAgainstModel(prepared: PreparedAllocation, settings: ProductLineSettings, file = 'parameters'): Problem[] {
  const known = new Set(prepared.model.factors.map((f) => f.id));
  const out: Problem[] = [];
  settings.lines.forEach((l, i) => {
    for (const id of Object.keys(l.factors ?? {})) {
      if (!known.has(id)) {
        out.push(problem('LINE_UNKNOWN_FACTOR', file, joinPointer('/productLines', 'lines', i, 'factors', id), {
          zh: `产品线 ${l.id} 的因子 ${id} 不在 allocationFactors 中（可用：${[...known].join('、')}）`,
          en: `line ${l.id}: factor ${id} is not in allocationFactors (known: ${[...known].join(', ')})`,
        }));
      }
    }
  });
  return out;
}

/** The plan's units split by product line; problems when a line names an unknown factor or the plan is not of these units. */
export function allocateByLine(prepared: PreparedAllocation, plan: PlanResult, settings: ProductLineSettings): LineAllocationOutcome {
  const problems = checkLineFactorsAgainstModel(prepared, settings);
  const list = prepared.list;
  // a plan lists its units in the prepared order (allocatePlan writes unit i at i): read by place
  // then, and by id only for a plan put together otherwise (its index is built on first read)
  const inOrder = plan.units.length === list.length && list.every((u, i) => plan.units[i]!.id === u.id);
  const planUnits = inOrder ? plan.units : list.map((u) => plan.byId.get(u.id));
  if (planUnits.some((pu) => pu === undefined)) {
    problems.push(problem('LINE_PLAN_MISMATCH', prepared.file, '', { zh: '方案与单位表不一致', en: 'the plan is not of these units' }));
  }
  if (problems.length) return { ok: false, problems };

  const lines = settings.lines;
  const k = lines.length;
  const s = prepared.model.settings.scoreSensitivity;
  const modelWeights = new Map(prepared.model.factors.map((f) => [f.id, f.weight]));
  const mixOf = (id: string): number[] => {
    const own = settings.units[id];
    return own ? lines.map((l) => own[l.id] ?? 0) : lines.map((l) => l.weight);
  };
  const scoreOf = (u: PreparedUnit, line: ProductLine): number => {
    if (u.parentId === null) return 1;
    if (!line.factors) return u.score;
    let score = 0;
    for (const f of u.factors) score += (line.factors[f.id] ?? 0) * f.score;
    return score;
  };
  const n = list.length;
  const base: Fen[][] = new Array<Fen[]>(n);
  const uplift: Fen[][] = new Array<Fen[]>(n);
  const weights: number[][] = list.map((u) => {
    const mix = mixOf(u.id);
    return lines.map((l, j) => (mix[j] as number) * ((1 - s) + s * scoreOf(u, l)));
  });

  const unitAt = planUnits as readonly PlanUnit[];
  const root = unitAt[0]!;
  const rootMix = mixOf(root.id);
  base[0] = splitByLargestRemainder(root.base, rootMix);
  uplift[0] = splitByLargestRemainder(root.stretch - root.base, rootMix);
  for (let pi = 0; pi < n; pi++) {
    const kids = list[pi]!.childIndexes;
    if (!kids.length) continue;
    const prior = kids.map((c) => weights[c] as number[]);
    const rowsBase = kids.map((c) => unitAt[c]!.base);
    const rowsUp = kids.map((c) => { const pu = unitAt[c]!; return pu.stretch - pu.base; });
    const b = fitTable(rowsBase, base[pi]!, prior);
    const up = fitTable(rowsUp, uplift[pi]!, prior);
    kids.forEach((c, i) => { base[c] = b[i]!; uplift[c] = up[i]!; });
  }

  const units = new Map<string, UnitLineAllocation[]>();
  list.forEach((u, i) => {
    const pu = unitAt[i]!;
    units.set(u.id, lines.map((l, j) => {
      const b = base[i]![j] as Fen;
      return {
        line: l.id, base: b, stretch: b + (uplift[i]![j] as Fen), score: scoreOf(u, l),
        weights: l.factors ? 'line' : 'model', weight: weights[i]![j] as number, share: pu.base > 0 ? b / pu.base : 0,
      };
    }));
  });
  return { ok: true, allocation: { plan: plan.plan.id, lines, units } };
}

