/**
 * What the board shows where a role works (看板上的本职视图): the escalation levels and the
 * health-review triggers of the units in the persona's view (plugin `trackAlerts`), the rolling
 * forecast of each unit the persona manages (plugin `unitForecasts` over the monthly
 * history and the period's closed months), the bonus each would earn at the pace of the
 * year so far (plugin `paceBonuses`, a unit's bonus the exact sum of its reps'), and the points
 * each has earned (plugin `activityPoints`, the bundle's points.fromActivities and
 * points-for-event) with the month's top places. A rep sees his own; a head, his teams or reps;
 * HQ, the regions. Figures come from the runtime; this module only chooses the units.
 */
import {
  activityPoints, paceBonuses, readForecastSettings, unitForecasts,
  type ActivityPoints, type ActivityRecord, type AlertsResult, type Day, type Fen, type LoadedBundle, type Localized, type PaceBonus, type UnitForecast, type UnitProgress,
} from '../../../plugin/index.js';
import type { CompanyModel } from '../company/companyModel.js';
import { historyOf } from '../phasing/phasingModel.js';

export interface RoleAlert {
  key: string;
  unitId: string;
  unit: string;
  /** 1-3 for an escalation, 'health' for a target-health review. */
  level: 1 | 2 | 3 | 'health';
  since: string;
  open: boolean;
  why: Localized;
}

/** The alerts of the units inside `root` (a rep: himself), open ones first, then by level down. */
export function roleAlerts(alerts: AlertsResult, model: CompanyModel, root: string): RoleAlert[] {
  if (!alerts.ok) return [];
  const inside = new Set(model.tree.subtree(root).map((u) => u.id));
  const name = (id: string) => model.tree.get(id)?.name ?? id;
  const out: RoleAlert[] = [
    ...alerts.alerts.filter((a) => inside.has(a.unitId)).map((a) => ({ key: `${a.unitId}:${a.action}:${a.since}`, unitId: a.unitId, unit: a.unitName, level: a.level as 1 | 2 | 3, since: a.since, open: a.open, why: a.why })),
    ...alerts.reviews.filter((r) => inside.has(r.unitId)).map((r) => ({ key: `${r.unitId}:review:${r.since}`, unitId: r.unitId, unit: name(r.unitId), level: 'health' as const, since: r.since, open: r.open, why: r.why })),
  ];
  const rank = (l: RoleAlert['level']) => (l === 'health' ? 4 : l);
  return out.sort((a, b) => Number(b.open) - Number(a.open) || rank(b.level) - rank(a.level) || a.unitId.localeCompare(b.unitId));
}

/**
 * The next months of each unit the persona manages: the runtime's `unitForecasts` over the
 * bundle's monthly history and the board's booked actuals. Null when the bundle has no valid
 * forecast group.
 */
export function roleForecasts(bundle: LoadedBundle, model: CompanyModel, byDay: ReadonlyMap<string, ReadonlyMap<Day, Fen>>, unitIds: readonly string[]): UnitForecast[] | null {
  const settings = readForecastSettings(bundle.parameters);
  if (!settings.ok) return null;
  return unitForecasts(settings.settings, { tree: model.tree, asOf: model.asOf, periodStart: model.period.start, history: historyOf(bundle), byDay }, unitIds);
}

export type RoleBonus = PaceBonus;

/** The bonus each unit's reps would earn at their pace so far: the runtime's `paceBonuses`. */
export function roleBonuses(bundle: LoadedBundle, model: CompanyModel, progress: ReadonlyMap<string, UnitProgress>, unitIds: readonly string[]): RoleBonus[] | null {
  return paceBonuses(bundle, model.tree, progress, unitIds);
}

export type RolePoints = ActivityPoints;

/**
 * The points of the units the persona manages: the runtime's `activityPoints` over the pipeline's
 * activities up to the as-of day, the bundle's `points.fromActivities` saying which activity is
 * which event. Null when the bundle's points rules do not load.
 */
export function rolePoints(bundle: LoadedBundle, model: CompanyModel, activities: readonly ActivityRecord[], unitIds: readonly string[]): RolePoints | null {
  const made = activityPoints(bundle, { activities, tree: model.tree, asOf: model.asOf, unitIds });
  return made.ok ? made.points : null;
}
