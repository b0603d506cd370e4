/** The sample pipeline as the browser tests check it in Node: dataset rows, and the opportunities and activities typed. */
import { parseCsv, parseInstant, type Activity, type LoadedBundle, type Opportunity } from '../../plugin/index.js';
import { SAMPLE_PIPELINE_NOW } from '../../plugin/sample/index.js';

/** The rows of one of the bundle's CSV datasets, as text records. */
export function datasetRows(bundle: LoadedBundle, id: string): Array<Record<string, string | undefined>> {
  const csv = parseCsv(bundle.datasets.get(id)!.content as string);
  if (!csv.ok) throw new Error(id);
  return csv.records.map((r) => r.record);
}

export function samplePipeline(bundle: LoadedBundle): { opportunities: Opportunity[]; activities: Activity[]; now: number } {
  const opportunities: Opportunity[] = datasetRows(bundle, 'sample-pipeline-opportunities').map((r) => ({
    id: r.id!, ownerId: r.owner_id!, customer: r.customer!, amount: Number(r.amount), createdAt: parseInstant(r.created_at!)!, stage: r.stage!,
  }));
  const activities: Activity[] = datasetRows(bundle, 'sample-pipeline-activities').map((r) => ({
    id: r.id!, opportunityId: r.opportunity_id!, ownerId: r.owner_id!, type: r.type!, at: parseInstant(r.at!)!,
    ...(r.to_stage ? { toStage: r.to_stage } : {}), ...(r.reason ? { reason: r.reason } : {}),
  }));
  return { opportunities, activities, now: parseInstant(SAMPLE_PIPELINE_NOW)! };
}
