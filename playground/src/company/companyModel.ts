/**
 * The sample company as the new screens see it, read from the build's datasets through the
 * plugin: the units (org tree and allocation inputs), the targets and actuals of the period,
 * the working-day calendar. Computed once per loaded bundle; an imported units file replaces
 * the sample's because it is the same dataset file in the build.
 */
import {
  createAllocation, parseAllocationUnits, parseCalendar, parseCsv, parsePeriod, parseYuan, periodOf,
  type AllocationUnitInput, type Day, type Fen, type LoadedBundle, type OrgTree, type Period, type PreparedAllocation,
  type Problem, type TrackTarget, type WorkingCalendar,
} from '../../../plugin/index.js';

export const DATASET = {
  units: 'sample-company-units',
  history: 'sample-company-history',
  company: 'sample-company',
  targets: 'sample-targets',
  actuals: 'sample-actuals',
  calendar: 'calendar-cn-2026',
} as const;

/** The day the sample actuals run to (templates/data/sample-actuals/README.md). */
export const AS_OF: Day = '2026-05-15';

export interface CompanyModel {
  prepared: PreparedAllocation;
  tree: OrgTree<AllocationUnitInput>;
  period: Period;
  suggestedBase: Fen;
  suggestedStretch: Fen;
  targets: Map<string, TrackTarget>;
  /** Actual rows: a day, or an ISO week booked on its last day. */
  actuals: Array<{ id: string; day: Day; amount: Fen }>;
  calendar: WorkingCalendar;
  asOf: Day;
}

export type CompanyResult = { ok: true; model: CompanyModel } | { ok: false; problems: Problem[] };

function datasetText(bundle: LoadedBundle, id: string): string {
  const content = bundle.datasets.get(id)?.content;
  return typeof content === 'string' ? content : '';
}

export function datasetFile(bundle: LoadedBundle, id: string): string | undefined {
  return bundle.datasets.get(id)?.def.file;
}

function csvRecords(bundle: LoadedBundle, id: string) {
  const parsed = parseCsv(datasetText(bundle, id), datasetFile(bundle, id) ?? id);
  return parsed.ok ? parsed.records : [];
}

const cache = new WeakMap<LoadedBundle, CompanyResult>();

export function companyModel(bundle: LoadedBundle): CompanyResult {
  const hit = cache.get(bundle);
  if (hit) return hit;
  const result = build(bundle);
  cache.set(bundle, result);
  return result;
}

function build(bundle: LoadedBundle): CompanyResult {
  const unitsFile = datasetFile(bundle, DATASET.units) ?? 'units.csv';
  const parsed = parseCsv(datasetText(bundle, DATASET.units), unitsFile);
  if (!parsed.ok) return { ok: false, problems: [parsed.problem] };
  const units = parseAllocationUnits(parsed.records, unitsFile);
  if (!units.ok) return units;
  const prepared = createAllocation(bundle, units.units, unitsFile);
  if (!prepared.ok) return prepared;
  const calendar = parseCalendar(bundle.datasets.get(DATASET.calendar)?.content, datasetFile(bundle, DATASET.calendar));
  if (!calendar.ok) return calendar;
  const meta = (bundle.datasets.get(DATASET.company)?.content ?? {}) as { period?: string; suggestedBase?: number; suggestedStretch?: number };
  const period = parsePeriod(meta.period ?? '2026-H1') ?? parsePeriod('2026-H1')!;
  const targets = new Map<string, TrackTarget>();
  for (const { record } of csvRecords(bundle, DATASET.targets)) {
    const base = parseYuan(record.base);
    const stretch = parseYuan(record.stretch);
    if (record.id && base !== null && stretch !== null) targets.set(record.id, { base, stretch });
  }
  const actuals: CompanyModel['actuals'] = [];
  for (const { record } of csvRecords(bundle, DATASET.actuals)) {
    const amount = parseYuan(record.amount);
    const date = record.date ?? '';
    const day = /^\d{4}-W\d{2}$/i.test(date) ? (parsePeriod(date)?.end ?? '') : date;
    if (record.id && amount !== null && day) actuals.push({ id: record.id, day, amount });
  }
  return {
    ok: true,
    model: {
      prepared: prepared.prepared, tree: prepared.prepared.tree, period,
      suggestedBase: parseYuan(meta.suggestedBase ?? 0) ?? 0, suggestedStretch: parseYuan(meta.suggestedStretch ?? 0) ?? 0,
      targets, actuals, calendar: calendar.calendar, asOf: AS_OF,
    },
  };
}

/** Each unit's own actual of the period up to asOf, fen. */
export function ownActuals(model: CompanyModel): Map<string, Fen> {
  const own = new Map<string, Fen>();
  for (const a of model.actuals) {
    if (a.day < model.period.start || a.day > model.asOf) continue;
    own.set(a.id, (own.get(a.id) ?? 0) + a.amount);
  }
  return own;
}

/** Own actuals by day, for the weekly series. */
export function dailyActuals(model: CompanyModel): Map<string, Map<Day, Fen>> {
  const daily = new Map<string, Map<Day, Fen>>();
  for (const a of model.actuals) {
    const m = daily.get(a.id) ?? new Map<Day, Fen>();
    m.set(a.day, (m.get(a.day) ?? 0) + a.amount);
    daily.set(a.id, m);
  }
  return daily;
}

export const weekOf = (day: Day) => periodOf(day, 'week').key;
