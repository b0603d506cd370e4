/**
 * What the process-indicator screen shows, computed through the plugin: the bundle's indicator
 * parameters compiled into a model, the activities of `mergedActivities` (the sample's
 * `sample-pipeline-activities` plus the visits logged on the phone view, the same list the
 * pipeline board counts) added to the rep collector, finished with the company's org tree (team
 * medians, team health, the playbook) and its working-day calendar (the anomaly baseline).
 */
import {
  createIndicatorCollector, createIndicatorModel, parseInstant,
  type IndicatorModel, type IndicatorResults, type LoadedBundle, type OrgTree, type Problem, type WorkingCalendar,
} from '../../../plugin/index.js';
import type { LoggedActivity } from '../build/buildStore.js';
import { cellText, mergedActivities } from '../pipeline/activities.js';

export interface ProcessData {
  model: IndicatorModel;
  results: IndicatorResults;
}

export type ProcessResult = { ok: true; data: ProcessData } | { ok: false; problems: Problem[] };

interface Inputs { tree: OrgTree; calendar: WorkingCalendar; logged: readonly LoggedActivity[] }
const cache = new WeakMap<LoadedBundle, { inputs: Inputs; result: ProcessResult }>();

/** The rep indicators of the build's sample with the visits logged so far (the store's array). */
export function processData(bundle: LoadedBundle, tree: OrgTree, calendar: WorkingCalendar, logged: readonly LoggedActivity[]): ProcessResult {
  const hit = cache.get(bundle);
  if (hit && hit.inputs.tree === tree && hit.inputs.calendar === calendar && hit.inputs.logged === logged) return hit.result;
  const result = build(bundle, tree, calendar, logged);
  cache.set(bundle, { inputs: { tree, calendar, logged }, result });
  return result;
}

function build(bundle: LoadedBundle, tree: OrgTree, calendar: WorkingCalendar, logged: readonly LoggedActivity[]): ProcessResult {
  const compiled = createIndicatorModel(bundle);
  if (!compiled.ok) return compiled;
  const merged = mergedActivities(bundle, logged);
  if (!merged.ok) return merged;
  const collector = createIndicatorCollector(compiled.model, { role: 'rep' });
  for (const record of merged.rows) {
    const person = cellText(record, 'owner_id');
    const at = parseInstant(cellText(record, 'at'));
    if (!person || !cellText(record, 'type') || at === null) continue;
    collector.add(person, at, record);
  }
  const results = collector.finish({ tree, isWorkingDay: (day) => calendar.isWorkingDay(day) });
  return { ok: true, data: { model: compiled.model, results } };
}
