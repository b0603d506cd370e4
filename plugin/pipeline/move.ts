/**
 * A stage move asked for on a board (a card dragged, a button pressed): the opportunity's stage
 * now, from its own recorded moves, and the criteria the move fails, counted over its activities
 * up to the moment of the move. Allowed, it comes back as the `stage_change` activity a host
 * records; the stage is never written anywhere else, so the analysis replays it like any other.
 */
import { analyzePipeline, checkMove, countsOf, type Activity, type FailedCriterion, type Opportunity } from './analysis.js';
import type { PipelineModel } from './model.js';

type MoveOutcome =
  | { ok: true; from: string; activity: Activity }
  | { ok: false; from: string; failed: FailedCriterion[] };

export function proposeMove(model: PipelineModel, input: { opportunity: Opportunity; activities: readonly Activity[]; to: string; reason?: string; at: number; id: string }): MoveOutcome {
  const { opportunity, at } = input;
  const own = input.activities.filter((a) => a.opportunityId === opportunity.id && a.at <= at);
  const from = analyzePipeline(model, { opportunities: [opportunity], activities: own, now: at }).opportunities[0]?.stage ?? opportunity.stage;
  const reason = input.reason?.trim() || undefined;
  const known = model.stageIndex.has(input.to) || input.to === model.lostId;
  const failed: FailedCriterion[] = !known
    ? [{ kind: 'unknown-stage', stage: input.to, criterion: 'unknown-stage', message: { zh: `未知阶段 "${input.to}"`, en: `unknown stage "${input.to}"` } }]
    : from === input.to
      ? [{ kind: 'unknown-stage', stage: from, criterion: 'same-stage', message: { zh: `商机已在该阶段（${from}）`, en: `the opportunity is already in that stage (${from})` } }]
      : checkMove(model, { from, to: input.to, counts: countsOf(own, at), amount: opportunity.amount, ...(reason ? { reason } : {}), ...(opportunity.record ? { record: opportunity.record } : {}) });
  if (failed.length) return { ok: false, from, failed };
  return { ok: true, from, activity: { id: input.id, opportunityId: opportunity.id, ownerId: opportunity.ownerId, type: 'stage_change', at, toStage: input.to, ...(reason ? { reason } : {}) } };
}
