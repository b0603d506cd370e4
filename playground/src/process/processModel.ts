/**
 * What the process-indicator screen shows, computed through the plugin: the bundle's indicator
 * parameters compiled into a model, one role's activities added to that role's collector, finished
 * with the org tree (team medians, team health, the playbook) and the company's working-day
 * calendar (the anomaly baseline). For reps the activities are `mergedActivities` (the sample's
 * `sample-pipeline-activities` plus the visits logged on the phone view, the same list the
 * pipeline board counts) and the tree is the company's; for the other roles they are the role's
 * own sample file, and the tree is the company's with the role's people (`sample-pipeline-staff`)
 * added under their teams.
 */
import {
  buildOrgTree, createIndicatorCollector, createIndicatorModel, parseCsv, parseInstant,
  type ActivityRecord, type IndicatorModel, type IndicatorResults, type LoadedBundle, type OrgTree, type OrgUnitInput, type Problem, type WorkingCalendar,
} from '../../../plugin/index.js';
import type { LoggedActivity } from '../build/buildStore.js';
import { cellText, mergedActivities, type ActivitiesResult } from '../shared/pipeline/activities.js';
import { roleActivitiesDataset, STAFF_DATASET, type ProcessRole } from './roles.js';

interface ProcessData {
  model: IndicatorModel;
  results: IndicatorResults;
  /** The tree the results are scoped and named with (the company's, plus the role's people). */
  tree: OrgTree;
}

type ProcessResult = { ok: true; data: ProcessData } | { ok: false; problems: Problem[] };

interface Inputs { tree: OrgTree; calendar: WorkingCalendar; logged: readonly LoggedActivity[] }
const cache = new WeakMap<LoadedBundle, Map<ProcessRole, { inputs: Inputs; result: ProcessResult }>>();

/** One role's indicators of the build's sample (for reps with the visits logged so far: the store's array). */
export function processData(bundle: LoadedBundle, tree: OrgTree, calendar: WorkingCalendar, logged: readonly LoggedActivity[], role: ProcessRole = 'rep'): ProcessResult {
  let byRole = cache.get(bundle);
  if (!byRole) cache.set(bundle, (byRole = new Map()));
  const hit = byRole.get(role);
  if (hit && hit.inputs.tree === tree && hit.inputs.calendar === calendar && (role !== 'rep' || hit.inputs.logged === logged)) return hit.result;
  const result = build(bundle, tree, calendar, logged, role);
  byRole.set(role, { inputs: { tree, calendar, logged }, result });
  return result;
}

/** A dataset's rows; none when the build has no such dataset (a build made before it existed). */
function csvRows(bundle: LoadedBundle, id: string): ActivitiesResult {
  const ds = bundle.datasets.get(id);
  if (!ds) return { ok: true, rows: [] };
  const parsed = parseCsv(typeof ds?.content === 'string' ? ds.content : '', ds?.def.file ?? id);
  return parsed.ok ? { ok: true, rows: parsed.records.map((r) => r.record) } : { ok: false, problems: [parsed.problem] };
}

/** The company's tree with the role's people added under their teams (rows of other roles left out). */
function treeWithStaff(bundle: LoadedBundle, tree: OrgTree, role: ProcessRole): { ok: true; tree: OrgTree } | { ok: false; problems: Problem[] } {
  const staff = csvRows(bundle, STAFF_DATASET);
  if (!staff.ok) return staff;
  const units: OrgUnitInput[] = tree.topDown.map((id) => { const u = tree.get(id)!; return { id: u.id, parentId: u.parentId, name: u.name, level: u.level }; });
  for (const r of staff.rows) {
    if (cellText(r, 'role') !== role || tree.get(cellText(r, 'id'))) continue;
    units.push({ id: cellText(r, 'id'), parentId: cellText(r, 'parent_id') || null, name: cellText(r, 'name'), level: 'rep' });
  }
  const built = buildOrgTree(units, bundle.datasets.get(STAFF_DATASET)?.def.file ?? STAFF_DATASET);
  return built.ok ? { ok: true, tree: built.tree } : built;
}

function build(bundle: LoadedBundle, companyTree: OrgTree, calendar: WorkingCalendar, logged: readonly LoggedActivity[], role: ProcessRole): ProcessResult {
  const compiled = createIndicatorModel(bundle);
  if (!compiled.ok) return compiled;
  let rows: readonly ActivityRecord[];
  let tree = companyTree;
  if (role === 'rep') {
    const merged = mergedActivities(bundle, logged);
    if (!merged.ok) return merged;
    rows = merged.rows;
  } else {
    const own = csvRows(bundle, roleActivitiesDataset(role));
    if (!own.ok) return own;
    const withStaff = treeWithStaff(bundle, companyTree, role);
    if (!withStaff.ok) return withStaff;
    rows = own.rows;
    tree = withStaff.tree;
  }
  const collector = createIndicatorCollector(compiled.model, { role });
  for (const record of rows) {
    const person = cellText(record, 'owner_id');
    const at = parseInstant(cellText(record, 'at'));
    if (!person || !cellText(record, 'type') || at === null) continue;
    collector.add(person, at, record);
  }
  const results = collector.finish({ tree, isWorkingDay: (day) => calendar.isWorkingDay(day) });
  return { ok: true, data: { model: compiled.model, results, tree } };
}
