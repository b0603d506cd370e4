/**
 * What the rep's phone view (我的跟进) works with, through the plugin: his opportunities, his
 * overdue follow-ups at the sample's "now" (the open alerts of `analyzePipeline` over the sample
 * and the visits logged so far), and the visit form's values turned into a pipeline activity.
 */
import type { Localized, Opportunity, TimeoutAlert } from '../../../plugin/index.js';
import type { LoggedActivity } from '../build/buildStore.js';
import type { PipelineData } from '../shared/pipeline/pipelineModel.js';

/** The template whose `visit` form the phone view renders. */
export const VISIT_TEMPLATE = 'customer-follow-up';
export const VISIT_FORM = 'visit';

const HOUR_MS = 3_600_000;
const SHANGHAI_MS = 8 * HOUR_MS;

export interface OverdueItem {
  alert: TimeoutAlert;
  opportunity: Opportunity | null;
  ruleName: Localized;
  /** Whole days past the due time at now. */
  daysOverdue: number;
  /** The activity type that meets the obligation, for a follow-up; null for a stalled stage. */
  logType: string | null;
}

/** The rep's open alerts, the longest overdue first. */
export function overdueOf(data: PipelineData, repId: string): OverdueItem[] {
  const byId = new Map(data.opportunities.map((o) => [o.id, o]));
  const timeouts = new Map(data.model.settings.timeouts.map((t) => [t.id, t]));
  return data.analysis.overdue
    .filter((a) => a.ownerId === repId)
    .map((alert) => {
      const t = timeouts.get(alert.rule);
      const metBy = t?.metBy === 'touches' ? data.model.settings.touchTypes : t?.metBy ?? [];
      const due = Date.parse(alert.due);
      return {
        alert,
        opportunity: byId.get(alert.opportunityId) ?? null,
        ruleName: t?.name ?? { zh: alert.rule, en: alert.rule },
        daysOverdue: Math.floor((data.now - due) / (24 * HOUR_MS)),
        logType: t && t.anchor !== 'stage' ? (metBy.includes('touch') ? 'touch' : metBy[0] ?? null) : null,
      };
    })
    .sort((a, b) => Date.parse(a.alert.due) - Date.parse(b.alert.due) || (a.alert.opportunityId < b.alert.opportunityId ? -1 : 1));
}

/** The rep's opportunities for the form's select: those with an open alert first, then open ones, then closed. */
export function opportunitiesOf(data: PipelineData, repId: string): Array<{ opportunity: Opportunity; stage: string; alerted: boolean }> {
  const stageNow = new Map(data.analysis.opportunities.map((o) => [o.id, o.stage]));
  const alerted = new Set(data.analysis.overdue.filter((a) => a.ownerId === repId).map((a) => a.opportunityId));
  const closed = (stage: string) => stage === data.model.lostId || data.model.settings.stages.find((s) => s.id === stage)?.final === true;
  const rank = (o: { stage: string; alerted: boolean }) => (o.alerted ? 0 : closed(o.stage) ? 2 : 1);
  return data.opportunities
    .filter((o) => o.ownerId === repId)
    .map((opportunity) => ({ opportunity, stage: stageNow.get(opportunity.id) ?? opportunity.stage, alerted: alerted.has(opportunity.id) }))
    .sort((a, b) => rank(a) - rank(b) || (a.opportunity.id < b.opportunity.id ? -1 : 1));
}

/** `2026-05-15 18:00:00` (Shanghai) for an instant: the form's date-time format. */
export function formTime(ms: number): string {
  return new Date(ms + SHANGHAI_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** A form date-time (Shanghai wall time, as the date picker gives it) as ISO 8601 with the offset; null if it does not read. */
export function isoFromForm(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2})?$/.exec(value.trim());
  return m ? `${m[1]}T${m[2]}${m[3] ?? ':00'}+08:00` : null;
}

/** The form's values as a logged activity (the pipeline columns apart, the rest kept as fields). */
export function loggedFromForm(values: Record<string, unknown>, ownerId: string, id: string): LoggedActivity | null {
  const at = isoFromForm(values.at);
  const { opportunityId, type, at: _at, ...fields } = values;
  if (at === null || typeof opportunityId !== 'string' || typeof type !== 'string') return null;
  return { id, opportunityId, ownerId, type, at, fields: JSON.parse(JSON.stringify(fields)) as Record<string, unknown> };
}
