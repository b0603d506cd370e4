/**
 * The activities the pipeline board, the phone view and the process-indicator screen all compute
 * from: the sample's rows (`sample-pipeline-activities`, as its CSV columns) followed by the
 * visits the rep logged on the phone view (kept with the build), as rows with the same columns.
 * One list, so a logged visit counts the same on every screen; each screen skips the rows it
 * cannot read.
 */
import { parseCsv, type ActivityRecord, type LoadedBundle, type Problem } from '../../../../plugin/index.js';
import type { LoggedActivity } from '../../build/buildStore.js';

export const ACTIVITIES_DATASET = 'sample-pipeline-activities';

/** A logged visit as an activity row: the visit form's other values, then the pipeline columns
 * (which win, so a form field can never pass for `type` or `at`). */
function loggedRecord(l: LoggedActivity): ActivityRecord {
  return { ...l.fields, id: l.id, opportunity_id: l.opportunityId, owner_id: l.ownerId, type: l.type, at: l.at };
}

export type ActivitiesResult = { ok: true; rows: readonly ActivityRecord[] } | { ok: false; problems: Problem[] };

const NO_LOGGED: readonly LoggedActivity[] = [];
const cache = new WeakMap<LoadedBundle, { sample: ActivitiesResult; logged: readonly LoggedActivity[]; merged: ActivitiesResult }>();

/** The sample's activity rows plus the logged visits (the store's array: the same array gives the
 * same list, so the screens' own caches hold); the sample's problem when its CSV does not read. */
export function mergedActivities(bundle: LoadedBundle, logged: readonly LoggedActivity[] = NO_LOGGED): ActivitiesResult {
  const hit = cache.get(bundle);
  if (hit && hit.logged === logged) return hit.merged;
  const sample = hit?.sample ?? sampleRows(bundle);
  const merged: ActivitiesResult = sample.ok && logged.length ? { ok: true, rows: [...sample.rows, ...logged.map(loggedRecord)] } : sample;
  cache.set(bundle, { sample, logged, merged });
  return merged;
}

function sampleRows(bundle: LoadedBundle): ActivitiesResult {
  const ds = bundle.datasets.get(ACTIVITIES_DATASET);
  const parsed = parseCsv(typeof ds?.content === 'string' ? ds.content : '', ds?.def.file ?? ACTIVITIES_DATASET);
  return parsed.ok ? { ok: true, rows: parsed.records.map((r) => r.record) } : { ok: false, problems: [parsed.problem] };
}

/** A cell as text ('' when absent or not text). */
export const cellText = (record: ActivityRecord, column: string): string => {
  const v = record[column];
  return typeof v === 'string' ? v : '';
};
