/**
 * Who sees which figures: a rep only his own, a manager his subtree of the org tree, HQ (the
 * company unit) everything; the same rule as the flows' `unit` scope. Also what is collected
 * about a role's people, for the transparency list on each screen.
 */
import type { OrgTree } from '../org/index.js';
import type { Localized } from '../problems.js';
import type { IndicatorResults } from './collect.js';
import type { IndicatorModel } from './model.js';

interface Viewer {
  /** The viewer's own unit: his rep id, or the team, region or company he heads. */
  unitId: string;
}

/** Whether the viewer may see figures of the person or unit `id`. */
export function canSee(tree: OrgTree, viewer: Viewer, id: string): boolean {
  const unit = tree.get(viewer.unitId);
  if (!unit) return false;
  if (unit.level === 'company') return true;
  if (unit.level === 'rep') return id === viewer.unitId;
  return tree.isWithin(id, viewer.unitId);
}

/** The results a viewer may see; a rep sees no team rows (his curve keeps its team median). */
export function scopeIndicatorResults(results: IndicatorResults, tree: OrgTree, viewer: Viewer): IndicatorResults {
  const see = (id: string) => canSee(tree, viewer, id);
  const isRep = tree.get(viewer.unitId)?.level === 'rep';
  return {
    ...results,
    daily: results.daily.filter((r) => see(r.personId)),
    weekly: results.weekly.filter((r) => see(r.personId)),
    anomalies: results.anomalies.filter((r) => see(r.personId)),
    health: results.health.filter((r) => see(r.personId)),
    coaching: results.coaching.filter((r) => see(r.personId)),
    teamHealth: isRep ? [] : results.teamHealth.filter((r) => see(r.teamId)),
    recommendations: isRep ? [] : results.recommendations.filter((r) => see(r.teamId)),
  };
}

/** What is collected about the people of a role: each indicator's name and what it counts. */
export function collectedAbout(model: IndicatorModel, role: string): Array<{ id: string; name: Localized; collects: Localized | null; period: 'day' | 'week' }> {
  return model.settings.list.filter((d) => d.role === role).map((d) => ({ id: d.id, name: d.name, collects: d.collects ?? null, period: d.period }));
}
