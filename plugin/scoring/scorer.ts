/**
 * Multi-dimension performance score (多维绩效评分): each dimension named in score.dimensions is
 * a rule that normalises a raw value into 0..cap; the weights in score.weights (checked to sum
 * to 100%) turn them into points. A person sees each dimension's raw inputs, normalised value,
 * weight and points, the composite, the rank and the gap to the next rank. Awards are rules
 * too (awards.*): each gives a value per person and the best `top` win.
 */
import { bundleRules, paramAt, ruleInputs, type LoadedBundle, type RuleFn } from '../bundle/index.js';
import type { OrgTree, OrgUnitInput } from '../org/index.js';
import { problem, type Problem } from '../problems.js';
import { competitionRank } from '../ranking/index.js';

interface ScoreInput {
  id: string;
  name?: string;
  /**
   * The person's record: every input the scoring and award rules declare is read from it by
   * name (revenue, revenueTarget, margin, ..., or the snake_case column revenue_target).
   */
  values: Record<string, unknown>;
  /** Last period's composite, for the most-improved award. */
  previousScore?: number | null;
}

interface DimensionScore {
  dimension: string;
  rule: string;
  /** The rule's inputs as given. */
  raw: Record<string, unknown>;
  normalised: number;
  weight: number;
  /** weight × normalised × 100, 2 decimals. */
  points: number;
}

export interface ScoreCard {
  id: string;
  name?: string;
  score: number;
  dimensions: DimensionScore[];
  previousScore?: number | null;
  values: Record<string, unknown>;
}

export interface RankedCard extends ScoreCard {
  rank: number;
  /** Points needed to reach the next better rank; null at rank 1. */
  gapToNext: number | null;
  tieBreak: unknown[];
}

interface AwardWinner {
  award: string;
  rule: string;
  id: string;
  name?: string;
  value: number;
  place: number;
}

/** A refused person: `problems` names every missing or bad input (by column), `problem` is the first. */
type ScoreOutcome = { ok: true; card: ScoreCard } | { ok: false; id: string; problem: Problem; problems: Problem[] };

interface Scorer {
  readonly weights: Readonly<Record<string, number>>;
  score(input: ScoreInput): ScoreOutcome;
  /** Competition ranking of the cards (1, 2, 2, 4); with a tree, only the cards within `within`. */
  rank(cards: readonly ScoreCard[], scope?: { tree: OrgTree<OrgUnitInput>; within: string }): RankedCard[];
  awards(cards: readonly ScoreCard[]): AwardWinner[];
}

export function createScorer(bundle: LoadedBundle): { ok: true; scorer: Scorer } | { ok: false; problems: Problem[] } {
  const params = bundle.parameters;
  const weights = (paramAt(params, 'score.weights') ?? {}) as Record<string, number>;
  const dimensions = (paramAt(params, 'score.dimensions') ?? {}) as Record<string, string>;
  const tieBreakId = paramAt(params, 'score.tieBreak') as string | undefined;
  const awardDefs = (paramAt(params, 'awards') ?? {}) as Record<string, { rule: string; top: number }>;
  const dimensionIds = Object.keys(weights);
  const missing = dimensionIds.filter((d) => typeof dimensions[d] !== 'string');
  if (missing.length) {
    return {
      ok: false,
      problems: [problem('SCORE_NO_DIMENSION_RULE', 'parameters', '/parameters/score/dimensions', {
        zh: `score.dimensions 没有给维度 ${missing.join('、')} 指定规则`, en: `score.dimensions names no rule for ${missing.join(', ')}`,
      })],
    };
  }
  const ruleIds = [...dimensionIds.map((d) => dimensions[d] as string), ...(tieBreakId ? [tieBreakId] : []), ...Object.values(awardDefs).map((a) => a.rule)];
  const got = bundleRules(bundle, ruleIds);
  if (!got.ok) return got;
  const rules: Record<string, RuleFn> = got.rules;
  const inputsOf = (id: string) => got.defined[id]!.def.inputs.map((i) => i.name);
  /** The rule on every input it declares, from the record; `fixed` are the scorer's own figures. */
  const run = (id: string, record: Readonly<Record<string, unknown>>, fixed?: Record<string, unknown>) => {
    const inputs = ruleInputs(got.defined[id]!, record, fixed ? { fixed } : {});
    return inputs.ok ? rules[id]!(inputs.data) : { ok: false as const, problems: inputs.problems };
  };

  const score = (input: ScoreInput): ScoreOutcome => {
    const out: DimensionScore[] = [];
    const refused: Problem[] = [];
    let total = 0;
    for (const dimension of dimensionIds) {
      const rule = dimensions[dimension] as string;
      const outcome = run(rule, input.values);
      if (!outcome.ok) {
        refused.push(...('problems' in outcome ? outcome.problems : [outcome.problem]));
        continue;
      }
      const normalised = outcome.value as number;
      const weight = weights[dimension] as number;
      const exact = weight * normalised * 100;
      total += exact;
      const raw: Record<string, unknown> = {};
      for (const name of inputsOf(rule)) raw[name] = input.values[name];
      out.push({ dimension, rule, raw, normalised: round(normalised, 4), weight, points: round(exact, 2) });
    }
    if (refused.length) return { ok: false, id: input.id, problem: refused[0]!, problems: refused };
    return {
      ok: true,
      card: {
        id: input.id,
        ...(input.name !== undefined ? { name: input.name } : {}),
        score: round(total, 2),
        dimensions: out,
        ...(input.previousScore !== undefined ? { previousScore: input.previousScore } : {}),
        values: input.values,
      },
    };
  };

  const tieBreakOf = (card: ScoreCard): unknown[] => {
    if (!tieBreakId) return [];
    // the normalised dimension values are the scorer's own and win over same-named columns
    const data: Record<string, unknown> = {};
    for (const d of card.dimensions) data[d.dimension] = d.normalised;
    const outcome = run(tieBreakId, card.values, data);
    return outcome.ok && Array.isArray(outcome.value) ? outcome.value : [];
  };

  const rank: Scorer['rank'] = (cards, scope) => {
    const within = scope ? cards.filter((c) => scope.tree.get(c.id) && scope.tree.isWithin(c.id, scope.within)) : cards;
    return competitionRank(within.map((card) => ({ id: card.id, value: card.score, tieBreak: tieBreakOf(card), card })))
      .map(({ item, rank: r, gapToNext }) => ({ ...item.card, rank: r, gapToNext, tieBreak: item.tieBreak ?? [] }));
  };

  const awards: Scorer['awards'] = (cards) => {
    const winners: AwardWinner[] = [];
    for (const [award, def] of Object.entries(awardDefs)) {
      const values = cards.flatMap((card) => {
        // score and previousScore are the scorer's (a person without a previous score has
        // none, whatever the column says); an award rule's other inputs come from the record,
        // and a person lacking one is not a candidate rather than a refused row
        const fixed = { score: card.score, previousScore: card.previousScore ?? undefined };
        const outcome = run(def.rule, card.values, fixed);
        return outcome.ok && typeof outcome.value === 'number' ? [{ id: card.id, value: outcome.value, card }] : [];
      });
      for (const r of competitionRank(values)) {
        if (r.rank > def.top) break;
        winners.push({ award, rule: def.rule, id: r.item.id, ...(r.item.card.name !== undefined ? { name: r.item.card.name } : {}), value: r.item.value, place: r.rank });
      }
    }
    return winners;
  };

  return { ok: true, scorer: { weights, score, rank, awards } };
}

function round(x: number, d: number): number {
  const f = 10 ** d;
  return Math.round(x * f) / f;
}
