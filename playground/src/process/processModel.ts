/**
 * What the process-indicator screen shows, computed through the plugin: the bundle's indicator
 * parameters compiled into a model, the sample pipeline activities (`sample-pipeline-activities`)
 * added to the rep collector, finished with the company's org tree (team medians, team health,
 * the playbook) and its working-day calendar (the anomaly baseline).
 */
import {
  createIndicatorCollector, createIndicatorModel, parseCsv, parseInstant,
  type IndicatorModel, type IndicatorResults, type LoadedBundle, type OrgTree, type Problem, type WorkingCalendar,
} from '../../../plugin/index.js';

export const PROCESS_DATASET = { activities: 'sample-pipeline-activities' } as const;

export interface ProcessData {
  model: IndicatorModel;
  results: IndicatorResults;
}

export type ProcessResult = { ok: true; data: ProcessData } | { ok: false; problems: Problem[] };

const cache = new WeakMap<LoadedBundle, ProcessResult>();

export function processData(bundle: LoadedBundle, tree: OrgTree, calendar: WorkingCalendar): ProcessResult {
  const hit = cache.get(bundle);
  if (hit) return hit;
  const result = build(bundle, tree, calendar);
  cache.set(bundle, result);
  return result;
}

function build(bundle: LoadedBundle, tree: OrgTree, calendar: WorkingCalendar): ProcessResult {
  const compiled = createIndicatorModel(bundle);
  if (!compiled.ok) return compiled;
  const collector = createIndicatorCollector(compiled.model, { role: 'rep' });
  const ds = bundle.datasets.get(PROCESS_DATASET.activities);
  const parsed = parseCsv(typeof ds?.content === 'string' ? ds.content : '', ds?.def.file ?? PROCESS_DATASET.activities);
  if (!parsed.ok) return { ok: false, problems: [parsed.problem] };
  for (const { record } of parsed.records) {
    const at = parseInstant(record.at ?? '');
    if (!record.owner_id || !record.type || at === null) continue;
    collector.add(record.owner_id, at, record);
  }
  const results = collector.finish({ tree, isWorkingDay: (day) => calendar.isWorkingDay(day) });
  return { ok: true, data: { model: compiled.model, results } };
}
