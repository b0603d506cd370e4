/**
 * Emergency recalculation (应急重算) in the playground, over the bundle's emergency-recalc flow
 * and the plan review's `recalculate`: what a request's entries name (cities, or units by id or
 * name), which units' targets a recalculation changes (old → new, fen), and whether every parent
 * still equals the sum of its children. Pure: the card (RecalcCard.tsx) only shows it.
 */
import {
  createFlowRuntime, unitsInCities,
  type Fen, type FlowInstance, type FlowRuntime, type LoadedBundle, type PlanResult, type PreparedAllocation,
} from '../../../plugin/index.js';
import type { UnitChange } from '../build/buildStore.js';
import type { CompanyModel } from '../company/companyModel.js';
import { PERSONA_IDS, personas, type Persona } from '../roles/personas.js';
import type { Option } from '../runner/templateForm.js';

export const RECALC_FLOW_ID = 'emergency-recalc';
export const RECALC_TEMPLATE_ID = 'emergency-recalc';

export function recalcRuntime(bundle: LoadedBundle, model: CompanyModel): FlowRuntime | null {
  const def = bundle.flows.find((f) => f.def.id === RECALC_FLOW_ID)?.def;
  return def ? createFlowRuntime(def, model.tree, bundle) : null;
}

/** The cities of the teams and reps, in org order, as the request form offers them. */
export function cityOptions(prepared: PreparedAllocation): Option[] {
  const counts = new Map<string, number>();
  for (const id of prepared.order) {
    const u = prepared.tree.get(id)!;
    const city = String(u.input.record.city ?? '').trim();
    if (city && (u.level === 'team' || u.level === 'rep')) counts.set(city, (counts.get(city) ?? 0) + 1);
  }
  return [...counts.keys()].map((city) => ({ value: city, label: city }));
}

/**
 * The units a request's entries name: a city gives its teams and reps (plugin `unitsInCities`),
 * anything else is a unit's id or name (the company itself cannot be excluded). Topmost only: a
 * team's reps go with it. Entries that name nothing are returned apart, never guessed.
 */
export function resolveExcluded(prepared: PreparedAllocation, entries: readonly string[]): { unitIds: string[]; unknown: string[] } {
  const tree = prepared.tree;
  const picked = new Set<string>();
  const unknown: string[] = [];
  for (const raw of entries) {
    const entry = raw.trim();
    if (!entry) continue;
    const inCity = unitsInCities(prepared, [entry]);
    const unit = inCity.length ? undefined : tree.get(entry) ?? [...tree.units.values()].find((u) => u.name === entry);
    if (inCity.length) inCity.forEach((id) => picked.add(id));
    else if (unit && unit.id !== tree.root.id) picked.add(unit.id);
    else unknown.push(entry);
  }
  const unitIds = prepared.order.filter((id) => picked.has(id) && ![...picked].some((other) => other !== id && tree.isWithin(id, other)));
  return { unitIds, unknown };
}

/** The units whose Base or Stretch the recalculation changed, top-down, each old → new. */
export function unitChanges(before: PlanResult, after: PlanResult, changed: readonly string[]): UnitChange[] {
  const wanted = new Set(changed);
  return after.units.filter((u) => wanted.has(u.id)).map((u) => {
    const b = before.byId.get(u.id);
    return {
      id: u.id, name: u.name, level: u.level, parentName: u.parentId ? after.byId.get(u.parentId)?.name ?? u.parentId : '', excluded: u.excluded,
      before: { base: b?.base ?? 0, stretch: b?.stretch ?? 0 }, after: { base: u.base, stretch: u.stretch },
    };
  });
}

/** Whether every parent still equals the sum of its children, in both tracks: how many were checked and those that do not. */
export function sumCheck(plan: PlanResult): { parents: number; broken: string[] } {
  const sums = new Map<string, { base: Fen; stretch: Fen }>();
  for (const u of plan.units) {
    if (!u.parentId) continue;
    const s = sums.get(u.parentId) ?? { base: 0, stretch: 0 };
    sums.set(u.parentId, { base: s.base + u.base, stretch: s.stretch + u.stretch });
  }
  const broken = [...sums].filter(([id, s]) => plan.byId.get(id)?.base !== s.base || plan.byId.get(id)?.stretch !== s.stretch).map(([id]) => id);
  return { parents: sums.size, broken };
}

/** Who of the switcher's personas may act on the instance now, and with what. */
export function nextPersonas(flow: FlowRuntime, instance: FlowInstance, model: CompanyModel): Array<{ persona: Persona; actions: string[] }> {
  const people = personas(model.tree);
  return PERSONA_IDS.map((id) => people[id])
    .map((persona) => ({ persona, actions: flow.available(instance, persona.actor).map((a) => a.action) }))
    .filter((n) => n.actions.length > 0);
}

/** Fen as yuan to the 分 with thousands grouping: 1,234,567.89 (exact, no floating point). */
export function yuanExact(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${String(abs % 100).padStart(2, '0')}`;
}
