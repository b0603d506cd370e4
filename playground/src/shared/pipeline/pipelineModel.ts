/**
 * What the pipeline board shows, computed through the plugin: the bundle's pipeline parameters
 * compiled into a model, the sample opportunities read from the build's datasets and the
 * activities of `mergedActivities` (the sample's plus the visits logged on the phone view), and
 * `analyzePipeline` over them at the sample's last day (funnel, timeliness, overdue alerts, days
 * in stage, each opportunity's stage now). A move on the board is checked with `checkMove`.
 */
import { analyzePipeline, checkMove, countsOf, createPipelineModel, opportunityInputProblems, parseCsv, parseInstant, pipelineInputProblems, type Activity, type FailedCriterion, type LoadedBundle, type Opportunity, type PipelineAnalysis, type PipelineModel, type Problem } from '../../../../plugin/index.js';
import { SAMPLE_PIPELINE_NOW } from '../../../../plugin/sample/index.js';
import type { LoggedActivity } from '../../build/buildStore.js';
import { ACTIVITIES_DATASET, cellText, mergedActivities } from './activities.js';

const PIPELINE_DATASET = {
  opportunities: 'sample-pipeline-opportunities',
  activities: ACTIVITIES_DATASET,
} as const;

export interface PipelineData {
  model: PipelineModel;
  opportunities: Opportunity[];
  /** Activities per opportunity (the sample's and the logged ones), for the counts a move is
   * checked against and for analyses of a part of the pipeline. */
  activitiesOf: Map<string, Activity[]>;
  now: number;
  analysis: PipelineAnalysis;
}

type PipelineResult = { ok: true; data: PipelineData } | { ok: false; problems: Problem[] };

/** A dataset's CSV: its file name (for problems), columns and rows with their 1-based lines. */
function table(bundle: LoadedBundle, id: string): { file: string; columns: string[]; rows: Array<{ line: number; record: Record<string, string> }> } {
  const ds = bundle.datasets.get(id);
  const text = typeof ds?.content === 'string' ? ds.content : '';
  const file = ds?.def.file ?? id;
  const parsed = parseCsv(text, file);
  return parsed.ok ? { file, columns: parsed.columns, rows: parsed.records } : { file, columns: [], rows: [] };
}

const cache = new WeakMap<LoadedBundle, { logged: readonly LoggedActivity[]; result: PipelineResult }>();

/** The pipeline of the build's sample, with the visits logged so far (the store's array). */
export function pipelineData(bundle: LoadedBundle, logged: readonly LoggedActivity[] = NO_LOGGED): PipelineResult {
  const hit = cache.get(bundle);
  if (hit && hit.logged === logged) return hit.result;
  const result = build(bundle, logged);
  cache.set(bundle, { logged, result });
  return result;
}

const NO_LOGGED: readonly LoggedActivity[] = [];

function build(bundle: LoadedBundle, logged: readonly LoggedActivity[]): PipelineResult {
  const compiled = createPipelineModel(bundle);
  if (!compiled.ok) return compiled;
  const opportunities: Opportunity[] = [];
  const opps = table(bundle, PIPELINE_DATASET.opportunities);
  // as `target-kit pipeline` reads its --opportunities file: a required input of a criterion or the
  // time-out rule that no column provides refuses the board once (not once per row); a bad cell for
  // one refuses it by row and column
  const unsourced = pipelineInputProblems(compiled.model, opps.columns, { zh: `商机表 ${opps.file}`, en: `the opportunities file ${opps.file}` });
  if (unsourced.length) return { ok: false, problems: unsourced };
  const problems: Problem[] = [];
  for (const { line, record: r } of opps.rows) {
    const bad = opportunityInputProblems(compiled.model, r, opps.file, line);
    problems.push(...bad);
    const createdAt = parseInstant(r.created_at ?? '');
    if (!r.id || !r.owner_id || createdAt === null || bad.length) continue;
    // the row itself: a criterion's or the time-out rule's further declared inputs are read from it
    opportunities.push({ id: r.id, ownerId: r.owner_id, customer: r.customer ?? '', amount: Number(r.amount ?? 0), createdAt, stage: r.stage ?? '', record: r });
  }
  if (problems.length) return { ok: false, problems };
  const merged = mergedActivities(bundle, logged);
  if (!merged.ok) return merged;
  const activities: Activity[] = [];
  for (const r of merged.rows) {
    const cell = (column: string) => cellText(r, column);
    const at = parseInstant(cell('at'));
    if (!cell('opportunity_id') || !cell('owner_id') || !cell('type') || at === null) continue;
    activities.push({
      id: cell('id'), opportunityId: cell('opportunity_id'), ownerId: cell('owner_id'), type: cell('type'), at,
      ...(cell('to_stage') ? { toStage: cell('to_stage') } : {}), ...(cell('reason') ? { reason: cell('reason') } : {}),
    });
  }
  const now = parseInstant(SAMPLE_PIPELINE_NOW)!;
  const activitiesOf = new Map<string, Activity[]>();
  for (const a of activities) {
    let list = activitiesOf.get(a.opportunityId);
    if (!list) activitiesOf.set(a.opportunityId, (list = []));
    list.push(a);
  }
  const analysis = analyzePipeline(compiled.model, { opportunities, activities, now });
  return { ok: true, data: { model: compiled.model, opportunities, activitiesOf, now, analysis } };
}

/** The next stage of the funnel, or null from the last stage or lost. */
export function nextStage(model: PipelineModel, stage: string): string | null {
  const i = model.stageIndex.get(stage);
  if (i === undefined) return null;
  return model.settings.stages[i + 1]?.id ?? null;
}

/** The criteria a move of the opportunity fails, counted over its activities up to now; further declared inputs from its row. */
export function checkOpportunityMove(data: PipelineData, opp: Opportunity, from: string, to: string): FailedCriterion[] {
  const counts = countsOf(data.activitiesOf.get(opp.id) ?? [], data.now);
  return checkMove(data.model, { from, to, counts, amount: opp.amount, ...(opp.record ? { record: opp.record } : {}) });
}

/** `analyzePipeline` over some of the opportunities (a persona's scope) and their activities. */
export function analyzeSome(data: PipelineData, opportunities: readonly Opportunity[]): PipelineAnalysis {
  const activities = opportunities.flatMap((o) => data.activitiesOf.get(o.id) ?? []);
  return analyzePipeline(data.model, { opportunities, activities, now: data.now });
}
