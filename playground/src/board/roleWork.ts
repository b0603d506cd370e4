/**
 * What the board shows where a role works (看板上的本职视图): the escalation levels and the
 * health-review triggers of the units in the persona's view (plugin `trackAlerts`), the rolling
 * forecast of each unit the persona manages (plugin `unitForecasts` over the monthly
 * history and the period's closed months), the bonus each would earn at the pace of the
 * year so far (plugin `paceBonuses`, a unit's bonus the exact sum of its reps'), and the points
 * each has earned (plugin `createLedger`, the bundle's points-for-event) with the month's top
 * places. A rep sees his own; a head, his teams or reps; HQ, the regions. Figures come from the
 * runtime; this module only chooses the units and which recorded activity is which point event.
 */
import {
  createLedger, paceBonuses, readForecastSettings, shanghaiDay, unitForecasts,
  type ActivityRecord, type AlertsResult, type Day, type Fen, type LoadedBundle, type Localized, type PaceBonus, type UnitForecast, type UnitProgress,
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

/**
 * Which point event (points-for-event's `type`) a recorded pipeline activity is. The playground
 * records no point events of its own, so they are read off what the pipeline records: a deal
 * moved to won is a signed deal, a demo a demo held, a first visit a new customer, any other
 * touch a customer revisit. Other activities earn nothing.
 */
function pointEventOf(record: ActivityRecord): string | null {
  const text = (column: string) => (typeof record[column] === 'string' ? (record[column] as string) : '');
  switch (text('type')) {
    case 'stage_change': return text('to_stage') === 'won' ? 'deal-signed' : null;
    case 'demo': return 'demo-held';
    case 'first_visit': return 'new-customer';
    case 'touch': return 'customer-revisit';
    default: return null;
  }
}

export interface RolePoints {
  /** The month ranked: the as-of day's. */
  month: string;
  /** Each unit the persona manages: its people's balances at the as-of day and this month's points, summed. */
  units: Array<{ unitId: string; unit: string; people: number; balance: number; monthPoints: number }>;
  /** The month's top places across the company (public recognition), by the bundle's monthlyTop. */
  top: Array<{ person: string; name: string; points: number; place: number }>;
  /** Activities posted as point events up to the as-of day. */
  posted: number;
}

/**
 * The points of the units the persona manages, from the pipeline's activities up to the as-of
 * day posted in file order to the runtime's ledger (its idempotency keys: the activity ids).
 * Null when the bundle's points rules do not load.
 */
export function rolePoints(bundle: LoadedBundle, model: CompanyModel, activities: readonly ActivityRecord[], unitIds: readonly string[]): RolePoints | null {
  const made = createLedger(bundle);
  if (!made.ok) return null;
  const { ledger } = made;
  let posted = 0;
  for (const record of activities) {
    const type = pointEventOf(record);
    const person = typeof record.owner_id === 'string' ? record.owner_id : '';
    const at = typeof record.at === 'string' ? record.at : '';
    // an activity after the as-of day has not happened yet on the board
    const day = at ? shanghaiDay(at) : null;
    if (!type || !person || !day || day > model.asOf) continue;
    if (ledger.earn({ key: String(record.id ?? `${person}:${at}:${type}`), person, type, at, record }).status === 'posted') posted++;
  }
  const month = model.asOf.slice(0, 7);
  const balances = new Map(ledger.balances(model.asOf).map((b) => [b.person, b.balance]));
  const ranked = ledger.monthlyTop(month, Number.MAX_SAFE_INTEGER);
  const monthly = new Map(ranked.map((r) => [r.person, r.points]));
  const units = unitIds.map((unitId) => {
    const people = model.tree.subtree(unitId).filter((u) => balances.has(u.id) || monthly.has(u.id));
    return {
      unitId, unit: model.tree.get(unitId)?.name ?? unitId, people: people.length,
      balance: people.reduce((s, u) => s + (balances.get(u.id) ?? 0), 0),
      monthPoints: people.reduce((s, u) => s + (monthly.get(u.id) ?? 0), 0),
    };
  });
  const top = ledger.monthlyTop(month).map((r) => ({ ...r, name: model.tree.get(r.person)?.name ?? r.person }));
  return { month, units, top, posted };
}
