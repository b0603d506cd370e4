/**
 * The sample company as the new screens see it, read from the build's datasets through the
 * plugin: the units (org tree and allocation inputs), the targets and actuals of the period,
 * the working-day calendar. Computed once per loaded bundle; an imported units file replaces
 * the sample's because it is the same dataset file in the build.
 */
import {
  bookActuals, createAllocation, parseAllocationUnits, parseCalendar, parseCsv, parsePeriod, parseYuan, periodOf, readActuals, readBookingSettings, SAMPLE_UNITS_DATASET,
  type ActualRow, type AllocationUnitInput, type Booking, type Day, type Fen, type LoadedBundle, type OrgTree, type Period, type PreparedAllocation,
  type Problem, type TrackTarget, type WorkingCalendar,
} from '../../../plugin/index.js';

export const DATASET = {
  units: SAMPLE_UNITS_DATASET,
  history: 'sample-company-history',
  company: 'sample-company',
  targets: 'sample-targets',
  actuals: 'sample-actuals',
  calendar: 'calendar-cn-2026',
} as const;

/** The day the sample actuals run to (templates/data/sample-actuals/README.md). */
const AS_OF: Day = '2026-05-15';

export interface CompanyModel {
  prepared: PreparedAllocation;
  tree: OrgTree<AllocationUnitInput>;
  period: Period;
  suggestedBase: Fen;
  suggestedStretch: Fen;
  targets: Map<string, TrackTarget>;
  /**
   * The targets file's unit rows (the sample-targets dataset, a unit's total row: no `line`),
   * with its columns: a tracking rule's further declared inputs are read from them, as
   * `target-kit track` reads them from its --targets file (the tracker's TrackInput.records).
   */
  records: { file: string; columns: readonly string[]; byUnit: Map<string, { values: Readonly<Record<string, string>>; row: number }> };
  /** The actual rows as read (plugin `readActuals`, the CLI's reader). */
  rows: ActualRow[];
  /** The rows booked into the period up to asOf by the plugin's rule (`bookActuals`): a week straddling two months belongs to both by its working days. */
  booking: Booking;
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
  const targetsFile = datasetFile(bundle, DATASET.targets) ?? 'targets.csv';
  const targetsCsv = parseCsv(datasetText(bundle, DATASET.targets), targetsFile);
  const records: CompanyModel['records'] = { file: targetsFile, columns: targetsCsv.ok ? targetsCsv.columns : [], byUnit: new Map() };
  for (const { line, record } of targetsCsv.ok ? targetsCsv.records : []) {
    // a unit's total row (a line row of an allocation by line is no unit's record), as the CLI partitions them
    if (record.id && (record.line ?? '').trim() === '') records.byUnit.set(record.id, { values: record, row: line });
    const base = parseYuan(record.base);
    const stretch = parseYuan(record.stretch);
    if (record.id && base !== null && stretch !== null) targets.set(record.id, { base, stretch });
  }
  // the actuals go through the plugin's reader and booking, as in the CLI: a bad row fails the model by row and column
  const actualsFile = datasetFile(bundle, DATASET.actuals) ?? 'actuals.csv';
  const actualsCsv = parseCsv(datasetText(bundle, DATASET.actuals), actualsFile);
  if (!actualsCsv.ok) return { ok: false, problems: [actualsCsv.problem] };
  const tree = prepared.prepared.tree;
  const read = readActuals(actualsCsv.records, actualsFile, { isUnit: (id) => tree.get(id) !== undefined });
  if (!read.ok) return read;
  const booked = bookActuals({ rows: read.rows, period, asOf: AS_OF, calendar: calendar.calendar, settings: readBookingSettings(bundle.parameters), file: actualsFile });
  if (!booked.ok) return booked;
  return {
    ok: true,
    model: {
      prepared: prepared.prepared, tree: prepared.prepared.tree, period,
      suggestedBase: parseYuan(meta.suggestedBase ?? 0) ?? 0, suggestedStretch: parseYuan(meta.suggestedStretch ?? 0) ?? 0,
      targets, records, rows: read.rows, booking: booked.booking, calendar: calendar.calendar, asOf: AS_OF,
    },
  };
}

/** The tracker's input for the unit records (TrackInput.records, recordsFile): the targets file's rows, as the CLI hands them. */
export function unitRecords(model: CompanyModel): { records: CompanyModel['records']['byUnit']; recordsFile: string } {
  return { records: model.records.byUnit, recordsFile: model.records.file };
}

/** Each unit's own actual of the period up to asOf, fen (a copy: callers add to it). */
export function ownActuals(model: CompanyModel): Map<string, Fen> {
  return new Map(model.booking.own);
}

/** Own actuals by day, for the weekly series (a copy: callers add to it). */
export function dailyActuals(model: CompanyModel): Map<string, Map<Day, Fen>> {
  return new Map([...model.booking.daily].map(([id, days]) => [id, new Map(days)]));
}

