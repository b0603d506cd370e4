/**
 * What the board shows where a role works (看板上的本职视图): the escalation levels and the
 * health-review triggers of the units in the persona's view (plugin `trackAlerts`), the rolling
 * forecast of each unit the persona manages (plugin `rollingForecastFen` over the monthly
 * history and the period's closed months), and the bonus each would earn at the pace of the
 * year so far (plugin `createBonusSimulator`, a unit's bonus the exact sum of its reps'). A rep
 * sees his own; a head, his teams or reps; HQ, the regions. Figures come from the runtime; this
 * module only chooses the units and adds fen.
 */
import {
  createBonusSimulator, nextMonths, readForecastSettings, rollingForecastFen,
  type AlertsResult, type Day, type Fen, type LoadedBundle, type Localized, type UnitProgress,
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

interface RoleForecast {
  unitId: string;
  unit: string;
  /** The months forecast, in order, with the amount each (fen). */
  months: Array<{ month: string; amount: Fen }>;
}

/**
 * The next months of each unit: its reps' history summed by month, then the period's months
 * closed before the as-of day's month from the board's actuals, rolled forward by the bundle's
 * forecast parameters. Null when the bundle has no valid forecast group.
 */
export function roleForecasts(bundle: LoadedBundle, model: CompanyModel, byDay: ReadonlyMap<string, ReadonlyMap<Day, Fen>>, unitIds: readonly string[]): RoleForecast[] | null {
  const settings = readForecastSettings(bundle.parameters);
  if (!settings.ok) return null;
  const history = historyOf(bundle);
  const current = model.asOf.slice(0, 7);
  return unitIds.map((id) => {
    const months = new Map<string, Fen>();
    for (const u of model.tree.subtree(id)) {
      for (const [m, f] of history.get(u.id) ?? []) months.set(m, (months.get(m) ?? 0) + f);
      for (const [day, f] of byDay.get(u.id) ?? []) {
        const m = day.slice(0, 7);
        if (day >= model.period.start && m < current) months.set(m, (months.get(m) ?? 0) + f);
      }
    }
    const keys = [...months.keys()].sort();
    const series = keys.map((k) => months.get(k)!);
    const last = keys.at(-1);
    const ahead = last ? rollingForecastFen(series, settings.settings) : [];
    const labels = last ? nextMonths(last, ahead.length) : [];
    return { unitId: id, unit: model.tree.get(id)?.name ?? id, months: ahead.map((amount, i) => ({ month: labels[i]!, amount })) };
  });
}

export interface RoleBonus {
  unitId: string;
  unit: string;
  /** The period result each rep reaches at his pace so far (actual / share due), summed. */
  projected: Fen;
  /** The bonus at that result, summed over the reps (exact fen). */
  bonus: Fen;
  reps: number;
}

/**
 * The bonus each unit's reps would earn if they kept their pace to the period's end: a rep's
 * result is his actual over the share of the target due by now (the tracker's time progress),
 * simulated by the bundle's bonus rules against his Base and Stretch. Null without bonus rules.
 */
export function roleBonuses(bundle: LoadedBundle, model: CompanyModel, progress: ReadonlyMap<string, UnitProgress>, unitIds: readonly string[]): RoleBonus[] | null {
  const made = createBonusSimulator(bundle);
  if (!made.ok) return null;
  const sim = made.simulator;
  return unitIds.map((id) => {
    let projected = 0;
    let bonus = 0;
    let reps = 0;
    for (const u of model.tree.subtree(id)) {
      const p = progress.get(u.id);
      if (!p || u.level !== 'rep' || p.base === null || p.stretch === null) continue;
      const result = p.timeElapsed > 0 ? Math.round(p.actual / p.timeElapsed) : p.actual;
      const r = sim.simulate({ base: p.base, stretch: Math.max(p.base, p.stretch), result });
      if (!r.ok) continue;
      projected += result;
      bonus += r.result.bonus;
      reps++;
    }
    return { unitId: id, unit: model.tree.get(id)?.name ?? id, projected, bonus, reps };
  });
}
