/**
 * What the allocation knows about each unit before any plan is chosen: money rolled up the
 * tree, each factor's score from its bundle rule (compiled once, evaluated per unit), the
 * composite score, the tier within its parent (区域梯队) with its growth band, and the external
 * correction, capped. The three plans share this work.
 */
import { ruleInputs } from '../bundle/index.js';
import type { Fen } from '../money/index.js';
import type { OrgLevel, OrgTree } from '../org/index.js';
import { problem, type Localized, type Problem } from '../problems.js';
import type { AllocationModel, TierDef } from './model.js';
import type { AllocationUnitInput } from './units.js';
import { scoreByColumns } from './scores.js';
import { planInputsOf } from './plan-inputs.js';

export interface FactorScore {
  id: string;
  name: Localized;
  weight: number;
  /** 0..1 from the factor's rule. */
  score: number;
}

export interface PreparedUnit {
  id: string;
  parentId: string | null;
  name: string;
  level: OrgLevel;
  row?: number;
  childIds: readonly string[];
  /** Children ids sorted by id: the order every split and tie-break uses. */
  sortedChildIds: readonly string[];
  /** Position in PreparedAllocation.list, the parent's (−1 for the company), and the children's sorted by id. */
  index: number;
  parentIndex: number;
  childIndexes: readonly number[];
  revenue12m: Fen;
  lastRevenue: Fen;
  capacity: Fen | null;
  isNew: boolean;
  factors: FactorScore[];
  /** Σ weight × score, 0..1 (1 for the company, which has no siblings). */
  score: number;
  /** Tier within the parent; null for the company. */
  tier: string | null;
  /** 1-based rank by the last 12 months' revenue among its siblings, and how many they are. */
  rank: number;
  siblings: number;
  tierBand: { low: number; high: number } | null;
  /** Applied correction (capped), the one asked for, and why. */
  correction: number;
  correctionRequested: number;
  correctionReason?: string;
}

export interface PreparedAllocation {
  model: AllocationModel;
  tree: OrgTree<AllocationUnitInput>;
  /** By id, built when first read (a getter without a setter: readonly, an assignment would throw). */
  readonly units: ReadonlyMap<string, PreparedUnit>;
  /** Unit ids top down (parents before children). */
  order: readonly string[];
  /** The units in `order`. */
  list: readonly PreparedUnit[];
  file: string;
}

export type PrepareResult = { ok: true; prepared: PreparedAllocation } | { ok: false; problems: Problem[] };

const yuan = (fen: Fen) => fen / 100;
const NO_IDS: readonly string[] = [];
const NO_INDEXES: readonly number[] = [];

/**
 * Factor-rule inputs the allocation computes from the tree (rolled-up money, the peers' figures,
 * the level) rather than reads from a unit's own cells: a units table need not carry them.
 * Keep in step with `fixed` in prepareAllocation.
 */
export const FACTOR_COMPUTED_INPUTS: ReadonlySet<string> = new Set([
  'revenue_12m', 'last_revenue', 'revenue_prev_12m', 'peer_max_revenue_12m', 'peer_total_revenue_12m', 'level',
]);

/** Tiers by rank: a child's midpoint percentile (rank - 0.5) / n falls into the cumulative tier shares. */
export function tierOf(rank: number, count: number, tiers: readonly TierDef[]): TierDef {
  const q = (rank - 0.5) / count;
  let cumulative = 0;
  for (const t of tiers) {
    cumulative += t.share;
    if (q < cumulative - 1e-12) return t;
  }
  return tiers[tiers.length - 1] as TierDef;
}

export function prepareAllocation(model: AllocationModel, tree: OrgTree<AllocationUnitInput>, file = '<units>'): PrepareResult {
  const problems: Problem[] = [];
  const order = tree.topDown;
  const n = order.length;
  // units by their place in `order`: the money and the peers' figures in flat arrays, looked up
  // by position (three maps keyed by id were a third of the scoring's time for 56,000 units)
  const { units: nodes, parentAt, firstChildAt, childCountAt } = tree.flat;
  // leaves (nine in ten units) share one empty list here and in their PreparedUnit
  const kidsAt = new Array<readonly number[]>(n);
  for (let k = 0; k < n; k++) {
    const count = childCountAt[k]!;
    if (!count) { kidsAt[k] = NO_INDEXES; continue; }
    const kids = new Array<number>(count);
    for (let j = 0; j < count; j++) kids[j] = firstChildAt[k]! + j;
    kidsAt[k] = kids;
  }
  const rev = new Float64Array(n);
  const last = new Float64Array(n);
  const prev = new Array<Fen | undefined>(n);
  for (let k = n - 1; k >= 0; k--) {
    const u = nodes[k]!;
    const kids = kidsAt[k]!;
    let r = u.input.revenue12m;
    let l = u.input.lastRevenue;
    if (r < 0 || l < 0) {
      let sr = 0;
      let sl = 0;
      for (const c of kids) { sr += rev[c]!; sl += last[c]!; }
      if (r < 0) r = sr;
      if (l < 0) l = sl;
    }
    rev[k] = r;
    last[k] = l;
    let p = u.input.revenuePrev12m;
    if (p === undefined && kids.length && kids.every((c) => prev[c] !== undefined)) {
      p = kids.reduce((s, c) => s + (prev[c] as Fen), 0);
    }
    prev[k] = p;
  }

  const list: PreparedUnit[] = [];
  const { tiers, correctionCap } = model.tiers;
  // the peers' largest and total revenue: slot k holds those of k's children (a region's peers
  // are the regions); the company, with no parent, is its own only peer (slot n)
  const peerMaxAt = new Float64Array(n + 1);
  const peerTotalAt = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) {
    let max = 0;
    let total = 0;
    for (const s of kidsAt[k]!) { const v = rev[s]!; total += v; if (v > max) max = v; }
    peerMaxAt[k] = max;
    peerTotalAt[k] = total;
  }
  peerMaxAt[n] = Math.max(0, rev[0]!);
  peerTotalAt[n] = rev[0]!;
  const peerOf = (k: number) => (parentAt[k] === -1 ? n : parentAt[k]!);
  // every factor rule over every unit in one batch; null sends the walk below to the one-by-one
  // path, which words each problem by unit, row and column
  const fixedOf: Record<string, (k: number) => unknown> = {
    revenue_12m: (k) => yuan(rev[k]!),
    last_revenue: (k) => yuan(last[k]!),
    revenue_prev_12m: (k) => (prev[k] !== undefined ? yuan(prev[k] as Fen) : undefined),
    peer_max_revenue_12m: (k) => yuan(peerMaxAt[peerOf(k)]!),
    peer_total_revenue_12m: (k) => yuan(peerTotalAt[peerOf(k)]!),
    level: (k) => nodes[k]!.level,
  };
  // (the company, first top down, is not scored)
  const batch = scoreByColumns(model, { count: n, record: (k) => nodes[k]!.input.record, fixed: (name) => (Object.hasOwn(fixedOf, name) ? fixedOf[name] : undefined) });
  // each factor rule as ruleInputs reads it: its declared inputs from the unit's row
  const factorRules = model.factors.map((f) => ({ def: { id: f.rule, inputs: f.inputs } }));
  const missingCells = new MissingCells(file);
  for (let k = 0; k < n; k++) {
    const id = order[k] as string;
    const u = nodes[k]!;
    const pk = parentAt[k]!;
    const peerAt = pk === -1 ? n : pk;
    const peerMax = peerMaxAt[peerAt]!;
    const peerTotal = peerTotalAt[peerAt]!;
    const factors: FactorScore[] = [];
    let score = 1;
    if (batch && k > 0) {
      score = 0;
      for (let j = 0; j < batch.length; j++) {
        const f = model.factors[j]!;
        const v = batch[j]![k - 1]!;
        factors.push({ id: f.id, name: f.name, weight: f.weight, score: v });
        score += f.weight * v;
      }
    } else if (u.parentId !== null) {
      score = 0;
      // each rule gets the inputs it declares (ruleInputs: eval's text-to-value rules, a missing
      // required cell or a bad one by row and column); the figures computed from the tree win
      const record = u.input.record;
      const fixed: Record<string, unknown> = {
        revenue_12m: yuan(rev[k]!),
        last_revenue: yuan(last[k]!),
        ...(prev[k] !== undefined ? { revenue_prev_12m: yuan(prev[k] as Fen) } : {}),
        peer_max_revenue_12m: yuan(peerMax),
        peer_total_revenue_12m: yuan(peerTotal),
        level: u.level,
      };
      const where = { fixed, file, ...(u.input.row !== undefined ? { row: u.input.row } : {}) };
      for (const [k, f] of model.factors.entries()) {
        const inputs = ruleInputs(factorRules[k]!, record, where);
        if (!inputs.ok) {
          // the first, as when the rule itself refused: one problem per unit and factor
          const p = inputs.problems[0]!;
          const said: Problem = { ...p, message: { zh: `单位 ${id} 的因子 ${f.id}：${p.message.zh}`, en: `unit ${id}, factor ${f.id}: ${p.message.en}` } };
          problems.push(said);
          if (p.code === 'RULE_INPUT_MISSING') missingCells.add(f.id, f.rule, said, id);
          continue;
        }
        const data = inputs.data;
        const outcome = f.evaluate(data);
        if (!outcome.ok) {
          problems.push(factorProblem(file, u.input, f.id, f.inputs, data, outcome.problem));
          continue;
        }
        const v = outcome.value;
        if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
          problems.push(at(file, u.input, f.inputs[0]?.name, 'ALLOC_FACTOR_RANGE',
            `因子 ${f.id}（规则 ${f.rule}）给单位 ${id} 打出 ${JSON.stringify(v)}，评分必须在 0 到 1 之间`,
            `factor ${f.id} (rule ${f.rule}) scored unit ${id} ${JSON.stringify(v)}; scores must be from 0 to 1`));
          continue;
        }
        factors.push({ id: f.id, name: f.name, weight: f.weight, score: v });
        score += f.weight * v;
      }
    }
    const requested = u.input.correction;
    const correction = Math.max(-correctionCap, Math.min(correctionCap, requested));
    const unit: PreparedUnit = {
      id, parentId: u.parentId, name: u.name, level: u.level, childIds: u.childIds, sortedChildIds: u.childIds.length ? [...u.childIds].sort() : NO_IDS,
      index: k, parentIndex: pk, childIndexes: NO_INDEXES,
      revenue12m: rev[k]!, lastRevenue: last[k]!,
      capacity: u.input.capacity ?? null, isNew: u.input.isNew,
      factors, score, tier: null, rank: 1, siblings: 1, tierBand: null,
      correction, correctionRequested: requested,
    };
    if (u.input.row !== undefined) unit.row = u.input.row;
    if (u.input.correctionReason) unit.correctionReason = u.input.correctionReason;
    list.push(unit);
  }
  if (problems.length) return { ok: false, problems: missingCells.fold(problems) };

  // one band object per tier, shared by the units in it (read, never changed)
  const bandOf = new Map(tiers.map((t) => [t, { low: t.low, high: t.high }]));
  for (let k = 0; k < n; k++) {
    const kids = kidsAt[k]!;
    if (!kids.length) continue;
    const ranked = [...kids].sort((a, b) => rev[b]! - rev[a]! || (order[a]! < order[b]! ? -1 : order[a]! > order[b]! ? 1 : 0));
    ranked.forEach((kid, i) => {
      const unit = list[kid]!;
      const tier = tierOf(i + 1, ranked.length, tiers);
      unit.tier = tier.id;
      unit.rank = i + 1;
      unit.siblings = ranked.length;
      unit.tierBand = bandOf.get(tier)!;
    });
  }
  // the children's places in the order of their ids (sortedChildIds), ids being unique
  for (let k = 0; k < n; k++) if (kidsAt[k]!.length) list[k]!.childIndexes = [...kidsAt[k]!].sort((a, b) => (order[a]! < order[b]! ? -1 : 1));
  // the index by id is built when first read: a plan without locks or exclusions never reads it,
  // and a map of 56,000 units was a tenth of the preparation
  let units: Map<string, PreparedUnit> | undefined;
  const prepared: PreparedAllocation = {
    model, tree, order, list, file,
    get units() { return (units ??= new Map(list.map((u) => [u.id, u]))); },
  };
  // what every plan reads, read once here: the three plans share it
  planInputsOf(prepared);
  return { ok: true, prepared };
}

/**
 * A column a factor rule needs, missing on many units, is one mistake (a column left out of the
 * table, or left blank): said once with the number of units, not once per unit.
 */
class MissingCells {
  private readonly groups = new Map<string, { factor: string; rule: string; column: string; problems: Problem[]; units: string[] }>();

  constructor(private readonly file: string) {}

  add(factor: string, rule: string, p: Problem, unit: string): void {
    const column = String(p.column ?? '');
    const key = `${factor}\u0000${column}`;
    const g = this.groups.get(key) ?? { factor, rule, column, problems: [], units: [] };
    g.problems.push(p);
    g.units.push(unit);
    this.groups.set(key, g);
  }

  /** `problems` with each group of two or more replaced, where its first stood, by one problem. */
  fold(problems: readonly Problem[]): Problem[] {
    const folded = new Map<Problem, Problem | null>();
    for (const g of this.groups.values()) {
      if (g.problems.length < 2) continue;
      const first = g.problems[0]!;
      const n = g.units.length;
      const shown = g.units.slice(0, 3).join('、') + (n > 3 ? ' …' : '');
      const shownEn = g.units.slice(0, 3).join(', ') + (n > 3 ? ' …' : '');
      folded.set(first, {
        ...problem('UNITS_COLUMN_MISSING', this.file, '', {
          zh: `单位表的列 ${g.column} 在 ${n} 个单位上为空或不存在（${shown}）：因子 ${g.factor} 的规则 ${g.rule} 需要它。请在表中加上这一列并为每个单位填值`,
          en: `the units' column ${g.column} is empty or absent on ${n} unit(s) (${shownEn}); factor ${g.factor} (rule ${g.rule}) requires it. Add the column with a value for every unit`,
        }),
        ...(first.row !== undefined ? { row: first.row } : {}),
        column: g.column,
      });
      for (const p of g.problems.slice(1)) folded.set(p, null);
    }
    if (!folded.size) return [...problems];
    return problems.flatMap((p) => {
      const f = folded.get(p);
      return f === undefined ? [p] : f === null ? [] : [f];
    });
  }
}

function at(file: string, input: AllocationUnitInput, column: string | undefined, code: string, zh: string, en: string): Problem {
  const p = problem(code, file, '', { zh, en });
  return input.row !== undefined ? { ...p, row: input.row, ...(column ? { column } : {}) } : p;
}

/** Names the column behind a failed factor rule: the first declared input that is missing or of the wrong kind. */
function factorProblem(file: string, input: AllocationUnitInput, factor: string, inputs: AllocationModel['factors'][number]['inputs'], data: Record<string, unknown>, p: Problem): Problem {
  let column: string | undefined;
  for (const d of inputs) {
    const v = data[d.name];
    const empty = v === undefined || v === null || v === '';
    if (empty ? d.required !== false : (d.type === 'number' || d.type === 'integer') && !Number.isFinite(Number(v)) || d.type === 'boolean' && !['true', 'false', true, false].includes(v as string)) {
      column = d.name;
      break;
    }
  }
  return at(file, input, column, p.code,
    `单位 ${input.id} 的因子 ${factor}：${p.message.zh}`,
    `unit ${input.id}, factor ${factor}: ${p.message.en}`);
}
