/**
 * Targets over time for the playground (月度分解): the sample company's period targets phased
 * into months and ISO weeks by the bundle's `phasing` parameters (plugin `phaseTargets`), the
 * lights of each month and week against its phased target (plugin `phasedTrackTargets` and
 * the tracker), and a unit's profile edited as month weights, checked by the plugin before it
 * replaces the parameter file in the build.
 */
import {
  checkPhasing, parseCsv, parsePeriod, parseYuan, phasedTrackTargets, phaseTargets, readPhasingSettings,
  type Day, type Fen, type LoadedBundle, type PhaseBy, type PhaseOutcome, type PhasingResult, type PhasingSettings, type Problem,
  type ProfileSpec, type Tracker, type UnitProgress,
} from '../../../plugin/index.js';
import { DATASET, unitRecords, type CompanyModel } from '../company/companyModel.js';

/** The parameter file that holds the `phasing` group, and its content as the build has it. */
export function phasingFile(bundle: LoadedBundle): { path: string; content: Record<string, unknown> } | null {
  for (const path of bundle.manifest.parameters ?? []) {
    const content = bundle.files[path];
    if (typeof content === 'object' && content !== null && 'parameters' in content) {
      const params = (content as { parameters?: Record<string, unknown> }).parameters;
      if (params && 'phasing' in params) return { path, content: content as Record<string, unknown> };
    }
  }
  return null;
}

export function phasingSettings(bundle: LoadedBundle): { ok: true; settings: PhasingSettings } | { ok: false; problems: Problem[] } {
  return readPhasingSettings(bundle.parameters.phasing);
}

/** Each rep's monthly history (`YYYY-MM` → fen) from the company's history dataset. */
export function historyOf(bundle: LoadedBundle): Map<string, Map<string, Fen>> {
  const content = bundle.datasets.get(DATASET.history)?.content;
  const out = new Map<string, Map<string, Fen>>();
  if (typeof content !== 'string') return out;
  const parsed = parseCsv(content, bundle.datasets.get(DATASET.history)?.def.file);
  if (!parsed.ok) return out;
  for (const { record } of parsed.records) {
    const months = new Map<string, Fen>();
    for (const [k, v] of Object.entries(record)) {
      if (!/^\d{4}-\d{2}$/.test(k)) continue;
      const fen = parseYuan(v);
      if (fen !== null) months.set(k, fen);
    }
    if (record.id) out.set(record.id, months);
  }
  return out;
}

const phaseCache = new WeakMap<LoadedBundle, Partial<Record<PhaseBy, PhaseOutcome>>>();

/**
 * The company's period targets phased by month or by week, once per loaded bundle. Both are
 * needed: a month can be tracked only from the month phasing (ISO weeks straddle month ends),
 * a week only from the week phasing; their months are the same amounts.
 */
export function phaseCompany(bundle: LoadedBundle, model: CompanyModel, by: PhaseBy): PhaseOutcome {
  const cached = phaseCache.get(bundle) ?? {};
  const hit = cached[by];
  if (hit) return hit;
  const settings = phasingSettings(bundle);
  const outcome: PhaseOutcome = settings.ok
    ? phaseTargets({ tree: model.tree, targets: model.targets, period: model.period, by, calendar: model.calendar, settings: settings.settings, history: historyOf(bundle) })
    : { ok: false, problems: settings.problems };
  phaseCache.set(bundle, { ...cached, [by]: outcome });
  return outcome;
}

export interface PeriodLight {
  key: string;
  grain: 'month' | 'week';
  start: Day;
  end: Day;
  /** The phased Base of the sub-period, fen. */
  target: Fen;
  /** Actual booked in the sub-period up to the as-of day, fen. */
  actual: Fen;
  /** null: the sub-period has not started by the as-of day. */
  progress: UnitProgress | null;
}

/**
 * Lights of the given units for every month and ISO week of the phasing: each sub-period's
 * actuals against its phased target, by the plugin's phased tracking (time progress inside a
 * sub-period follows its profile too). The sub-period in progress compares its actuals to date
 * with the part of its target due by the as-of day (month-to-date with month-to-date, never half a
 * month with the whole month). Sub-periods after the as-of day have no light.
 */
export function periodLights(
  tracker: Tracker, model: CompanyModel, phased: { month: PhasingResult; week: PhasingResult }, ownByDay: ReadonlyMap<string, ReadonlyMap<Day, Fen>>, unitIds: readonly string[],
  grains: ReadonlyArray<'month' | 'week'> = ['month', 'week'],
): Map<string, { months: PeriodLight[]; weeks: PeriodLight[] }> {
  const out = new Map(unitIds.map((id) => [id, { months: [] as PeriodLight[], weeks: [] as PeriodLight[] }]));
  const wanted = new Set(unitIds);
  // only the units shown carry a target (the tracker rolls their actuals up from the whole tree)
  const tree = model.tree;
  const run = (grain: 'month' | 'week', key: string, start: Day, end: Day) => {
    const tracked = parsePeriod(key);
    if (!tracked) return;
    const sub = phasedTrackTargets(phased[grain], tracked);
    if (!sub.ok) return;
    const asOf = model.asOf < tracked.end ? model.asOf : tracked.end;
    const started = start <= model.asOf;
    const actuals = new Map<string, Fen>();
    for (const [id, days] of ownByDay) {
      let sum = 0;
      for (const [day, amount] of days) if (day >= start && day <= end && day <= model.asOf) sum += amount;
      if (sum) actuals.set(id, sum);
    }
    const targets = new Map([...sub.targets].filter(([id]) => wanted.has(id)));
    // the month (or week) in progress against the part of its target due by the as-of day, not its whole target
    const rows = started ? tracker.track({ tree, targets, actuals, period: tracked, asOf, calendar: model.calendar, timelines: sub.timelines, basis: 'to-date', ...unitRecords(model) }) : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of unitIds) {
      const progress = byId.get(id) ?? null;
      const actual = progress?.actual ?? 0;
      out.get(id)![grain === 'month' ? 'months' : 'weeks'].push({ key, grain, start, end, target: sub.targets.get(id)?.base ?? 0, actual, progress });
    }
  };
  if (grains.includes('month')) for (const m of phased.month.slots) run('month', m.key, m.start, m.end);
  if (!grains.includes('week')) return out;
  // a week is tracked by its ISO key; its actuals are those of its days inside the period
  for (const s of phased.week.slots) run('week', s.key, s.start, s.end);
  return out;
}

/** Own actuals by day with extra dated amounts (credited shares of shared deals) added. */
export function withDated(daily: ReadonlyMap<string, ReadonlyMap<Day, Fen>>, extra: ReadonlyArray<{ id: string; day: Day; amount: Fen }>): Map<string, Map<Day, Fen>> {
  const out = new Map([...daily].map(([id, days]) => [id, new Map(days)]));
  for (const e of extra) {
    const m = out.get(e.id) ?? new Map<Day, Fen>();
    m.set(e.day, (m.get(e.day) ?? 0) + e.amount);
    out.set(e.id, m);
  }
  return out;
}

/** The month-of-year shares (fractions) a unit's profile shows as editable (its period months from its shares). */
function editableWeights(settings: PhasingSettings, unitId: string, result: PhasingResult): number[] {
  const own = settings.units[unitId];
  const months = own?.profile === 'explicit' ? [...own.months] : [...settings.explicit.months];
  const unit = result.units.find((u) => u.id === unitId);
  if (unit && own?.profile !== 'explicit') {
    // start from the shares the unit has now, as fractions of the period, six decimals
    result.months.forEach((m, i) => { months[Number(m.key.slice(5, 7)) - 1] = Math.round((unit.profile.shares[i] ?? 0) * 1_000_000) / 1_000_000; });
  }
  return months;
}

type EditOutcome = { ok: true; content: Record<string, unknown> } | { ok: false; problems: Problem[] };

/**
 * The parameter file with one unit's profile replaced (`null` drops the unit's own profile, so
 * it follows the default again), checked by the plugin's phasing checker before anything is
 * written: a refused profile leaves the build as it was.
 */
export function withUnitProfile(file: { path: string; content: Record<string, unknown> }, unitId: string, spec: ProfileSpec | null): EditOutcome {
  const parameters = { ...((file.content.parameters ?? {}) as Record<string, unknown>) };
  const phasing = { ...((parameters.phasing ?? {}) as Record<string, unknown>) };
  const units = { ...((phasing.units ?? {}) as Record<string, unknown>) };
  if (spec === null) delete units[unitId];
  else units[unitId] = spec;
  phasing.units = units;
  const problems = checkPhasing(phasing, file.path, '/parameters/phasing');
  if (problems.length) return { ok: false, problems };
  parameters.phasing = phasing;
  return { ok: true, content: { ...file.content, parameters } };
}

/**
 * One month weight of a unit edited (a fraction, as the bundle keeps it; the screen shows it in
 * percent): the unit gets an explicit profile with its current shares and the new weight. Refused (with the plugin's messages) when a weight is negative or not a
 * number, or when the period's own months would all weigh 0 — checked as the plugin checks
 * month weights, over the period's months only, since the others do not phase this period.
 */
export function withUnitWeight(
  file: { path: string; content: Record<string, unknown> }, settings: PhasingSettings, result: PhasingResult, unitId: string, monthKey: string, weight: number,
): EditOutcome {
  const weights = editableWeights(settings, unitId, result);
  weights[Number(monthKey.slice(5, 7)) - 1] = weight;
  const inPeriod = new Set(result.months.map((m) => Number(m.key.slice(5, 7)) - 1));
  const periodOnly = weights.map((w, i) => (inPeriod.has(i) ? w : 0));
  const problems = checkPhasing({ units: { [unitId]: { profile: 'explicit', months: periodOnly } } }, file.path, '/parameters/phasing');
  if (problems.length) return { ok: false, problems };
  return withUnitProfile(file, unitId, { profile: 'explicit', months: weights });
}
