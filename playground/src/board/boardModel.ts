/**
 * What the board shows, computed through the plugin's tracker and scorer: each unit's progress
 * with the actuals edited on the board applied (time progress following the unit's phasing
 * profile), the reps' score cards, the shared deals credited by the split table, and progress
 * per product line. The weekly lights come from the phasing model (phasing/phasingModel.ts);
 * the charts' weeks (`chartWeeks`) read the same actuals by day, an edit's difference booked on
 * the as-of day, so the charts follow the edits as the table does.
 */
import {
  createScorer, createTracker, creditOrders, phasedTrackTargets, readProductLines, repScoreValues, splitByProductLine, trackAlerts, trackProductLines, trackToDate,
  type AlertsResult, type Credit, type Day, type Fen, type LineActual, type LineProgress, type LoadedBundle, type ProductLine, type RankedCard, type ScoreCard,
  type Problem, type TimeProfile, type Tracker, type UnitProgress,
} from '../../../plugin/index.js';
import { companyModel, dailyActuals, ownActuals, unitRecords, type CompanyModel } from '../company/companyModel.js';
import { phaseCompany, withDated } from '../phasing/phasingModel.js';
import { creditData, taggedActual } from '../phasing/sampleCredit.js';

/** Own actuals with the board's edits: an edited unit's period actual becomes the value typed. */
export function editedActuals(model: CompanyModel, edits: Readonly<Record<string, number>>, base?: ReadonlyMap<string, Fen>): Map<string, Fen> {
  const own = base ? new Map(base) : ownActuals(model);
  const tree = model.tree;
  const rolled = (id: string) => tree.subtree(id).reduce((s, u) => s + (own.get(u.id) ?? 0), 0);
  // deepest first, so an edited region keeps its typed total whatever was edited below it
  const ids = Object.keys(edits).filter((id) => tree.get(id)).sort((a, b) => tree.get(b)!.depth - tree.get(a)!.depth);
  for (const id of ids) own.set(id, (own.get(id) ?? 0) + (edits[id]! - rolled(id)));
  return own;
}

/**
 * The board's tracker, set up as `target-kit track` sets it up (plugin `trackCompany`): its
 * unit records are the rows of the targets file (the sample-targets dataset), so a required
 * input a customised tracking rule declares that is neither computed nor a column of that file
 * refuses the board once, with the CLI's problems, which the screen shows.
 */
export function boardTracker(bundle: LoadedBundle): { ok: true; tracker: Tracker } | { ok: false; problems: Problem[] } {
  const company = companyModel(bundle);
  const file = company.ok ? company.model.records.file : undefined;
  return createTracker(bundle, company.ok ? { columns: company.model.records.columns, source: { zh: `目标表 ${file}`, en: `the targets file ${file}` } } : {});
}

export function trackerOf(bundle: LoadedBundle): Tracker | null {
  const r = boardTracker(bundle);
  return r.ok ? r.tracker : null;
}

/** Each unit's progress; a tracking rule's further declared inputs come from the unit's row of the targets file, as in the CLI. */
export function progressOf(
  tracker: Tracker, model: CompanyModel, actuals: Map<string, Fen>, timelines?: ReadonlyMap<string, TimeProfile>, basis: 'period' | 'to-date' = 'period',
): Map<string, UnitProgress> {
  const rows = tracker.track({ tree: model.tree, targets: model.targets, actuals, period: model.period, asOf: model.asOf, calendar: model.calendar, basis, ...(timelines ? { timelines } : {}), ...unitRecords(model) });
  return new Map(rows.map((r) => [r.id, r]));
}

/** Each unit's time profile over the period from the month phasing (time progress follows it). */
export function timelinesOf(phased: Parameters<typeof phasedTrackTargets>[0] | null, model: CompanyModel): ReadonlyMap<string, TimeProfile> | undefined {
  if (!phased) return undefined;
  const r = phasedTrackTargets(phased, model.period);
  return r.ok ? r.timelines : undefined;
}

interface BoardActuals {
  /** Own actuals of the period up to asOf: the sample's plus credited shares of shared deals, board edits applied. */
  own: Map<string, Fen>;
  /** The same amounts with their product lines (a rep's own actuals by his team's mix; an edit's difference has none). */
  lines: LineActual[];
  /** Every credit of the shared deals in the period up to asOf. */
  credits: Credit[];
  /** The credits as dated amounts, for the weekly and monthly lights. */
  dated: Array<{ id: string; day: Day; amount: Fen }>;
  /**
   * The board's edits as dated amounts: an edit replaces a unit's period total, so the difference
   * between the typed total and the total before the edit is booked on the as-of day. Earlier
   * weeks keep what was recorded; the as-of week carries the correction (negative when the total
   * was lowered), so the weekly series always adds up to the period actual the table shows.
   */
  corrections: Array<{ id: string; day: Day; amount: Fen }>;
  /** Own actuals by day: the sample's, the credits and the corrections; the source of every weekly and monthly series. */
  byDay: Map<string, Map<Day, Fen>>;
}

/**
 * The board's actuals: the sample actuals, plus each shared deal of the period credited to its
 * people by the split table (plugin `creditOrders`, exact to the 分), with the board's edits
 * applied last. A team's actual is the sum of its people's credits, so a deal shared inside the
 * team counts once.
 */
export function boardActuals(bundle: LoadedBundle, model: CompanyModel, edits: Readonly<Record<string, number>>): BoardActuals {
  const credit = creditData(bundle);
  const inPeriod = credit.orders.filter((o) => o.date !== undefined && o.date >= model.period.start && o.date <= model.asOf);
  const { credits } = creditOrders(inPeriod, credit.splits);
  const sample = ownActuals(model);
  const base = new Map(sample);
  for (const c of credits) if (model.tree.get(c.id)) base.set(c.id, (base.get(c.id) ?? 0) + c.amount);
  const own = editedActuals(model, edits, base);
  const lines: LineActual[] = [];
  for (const [id, amount] of sample) lines.push(...taggedActual(id, amount, credit.mixes.get(model.tree.get(id)?.parentId ?? '')));
  for (const c of credits) if (model.tree.get(c.id)) lines.push({ id: c.id, amount: c.amount, ...(c.line ? { line: c.line } : {}) });
  const corrections: BoardActuals['corrections'] = [];
  for (const [id, amount] of own) {
    const delta = amount - (base.get(id) ?? 0);
    if (delta === 0) continue;
    lines.push({ id, amount: delta });
    corrections.push({ id, day: model.asOf, amount: delta });
  }
  const dated = credits.filter((c) => model.tree.get(c.id) && c.date).map((c) => ({ id: c.id, day: c.date!, amount: c.amount }));
  return { own, lines, credits, dated, corrections, byDay: withDated(dailyActuals(model), [...dated, ...corrections]) };
}

/** What the board's units table and score cards stand on. */
interface BoardProgress {
  actuals: BoardActuals;
  /** Each unit's time profile from the month phasing; undefined when the bundle cannot phase. */
  timelines: ReadonlyMap<string, TimeProfile> | undefined;
  /** Every unit's progress on the credited actuals, time progress following its profile. */
  progress: Map<string, UnitProgress>;
}

/**
 * The board's progress: the credited actuals with the board's edits, tracked against the part
 * of each period target due by the as-of day (`basis: 'to-date'`, as `target-kit track --basis
 * to-date --phase`), time progress following each unit's phasing profile: the light, the pace
 * and the heat map's as-of column read the same due amount. Every screen that shows or exports
 * what the board shows (scores included) starts here, so they agree.
 */
export function boardProgress(bundle: LoadedBundle, tracker: Tracker, model: CompanyModel, edits: Readonly<Record<string, number>>): BoardProgress {
  const byMonth = phaseCompany(bundle, model, 'month');
  const timelines = byMonth.ok ? timelinesOf(byMonth.result, model) : undefined;
  const actuals = boardActuals(bundle, model, edits);
  return { actuals, timelines, progress: progressOf(tracker, model, actuals.own, timelines, 'to-date') };
}

/** One column of the board's trend and heat map: the period to the end of an ISO week (the as-of week: to the as-of day). */
export interface ToDateWeek {
  /** The ISO week, `2026-W19`. */
  key: string;
  /** The last day counted: the week's end, or the as-of day in the as-of week. */
  through: Day;
  /** Whether the week goes on after the as-of day (shown with an asterisk). */
  partial: boolean;
  /** The unit's progress from the period's start to `through` against the target due by then. */
  progress: UnitProgress;
}

/**
 * The weeks the board's trend and heat map show for each unit: for every ISO week of the phasing
 * that has started by the as-of day, the unit's period-to-date progress through that week's end
 * (the as-of week through the as-of day), against the phased target due by then (plugin
 * `trackToDate`). The last column is the table's row itself: the same actual, due target, light
 * and pace, so the table, the pace and the heat map cannot contradict each other.
 */
export function chartWeeks(bundle: LoadedBundle, tracker: Tracker, model: CompanyModel, byDay: BoardActuals['byDay'], unitIds: readonly string[]): Map<string, ToDateWeek[]> {
  const month = phaseCompany(bundle, model, 'month');
  const week = phaseCompany(bundle, model, 'week');
  if (!month.ok || !week.ok) return new Map();
  const timelines = timelinesOf(month.result, model);
  const weeks = week.result.slots.filter((s) => s.start <= model.asOf);
  const checkpoints = weeks.map((w) => (w.end < model.asOf ? w.end : model.asOf));
  const series = trackToDate(tracker, {
    tree: model.tree, targets: model.targets, period: model.period, calendar: model.calendar, daily: byDay, checkpoints, unitIds,
    ...(timelines ? { timelines } : {}), ...unitRecords(model),
  });
  return new Map([...series].map(([id, points]) => [id, points.map((p, i) => ({ key: weeks[i]!.key, through: p.day, partial: weeks[i]!.end > model.asOf, progress: p.progress }))]));
}

/** Period-to-date completion against the target due, in percent (a number for the chart); null while nothing is due. */
export function toDateCompletion(weeks: readonly ToDateWeek[]): Array<number | null> {
  return weeks.map((w) => (w.progress.completionBase === null ? null : Math.round(w.progress.completionBase * 1000) / 10));
}

/**
 * The period's alerts (escalation levels 2-3 and the health review) over the board's daily
 * actuals, by the plugin's use case (`trackAlerts`), as `target-kit track` raises them.
 */
export function boardAlerts(bundle: LoadedBundle, model: CompanyModel, byDay: BoardActuals['byDay'], timelines?: ReadonlyMap<string, TimeProfile>): AlertsResult {
  return trackAlerts(bundle, {
    tree: model.tree, period: model.period, asOf: model.asOf, calendar: model.calendar, targets: model.targets, daily: byDay,
    ...(timelines ? { timelines } : {}),
  });
}

/** The reps' ranked score cards as the board shows them (shared deals credited, phased time progress). */
export function boardScoreCards(bundle: LoadedBundle, model: CompanyModel, edits: Readonly<Record<string, number>>): RankedCard[] {
  const tracker = trackerOf(bundle);
  return tracker ? scoreCards(bundle, model, boardProgress(bundle, tracker, model, edits).progress) : [];
}

export interface LineBoard {
  lines: readonly ProductLine[];
  progress: LineProgress;
  /** Per line id, the units' progress by id. */
  byLine: Map<string, Map<string, UnitProgress>>;
}

/** Targets split by product line (plugin `splitByProductLine`) and tracked per line and in total (plugin `trackProductLines`). */
export function lineBoard(bundle: LoadedBundle, tracker: Tracker, model: CompanyModel, actuals: readonly LineActual[], timelines?: ReadonlyMap<string, TimeProfile>): LineBoard | null {
  const settings = readProductLines(bundle.parameters);
  if (!settings) return null;
  const lineTargets = splitByProductLine(model.tree, model.targets, settings);
  const ids = settings.lines.map((l) => l.id);
  const progress = trackProductLines(tracker, {
    tree: model.tree, targets: model.targets, period: model.period, asOf: model.asOf, calendar: model.calendar, ...(timelines ? { timelines } : {}), ...unitRecords(model),
  }, lineTargets, ids, actuals);
  const byLine = new Map(ids.map((l) => [l, new Map((progress.lines.get(l) ?? []).map((p) => [p.id, p]))]));
  return { lines: settings.lines, progress, byLine };
}


/**
 * What the board scores each rep on: the runtime's rule (`repScoreValues`) over the reps'
 * progress, top down. The data screen's export and the CLI's `score --data` read the same columns.
 */
export function scoreValues(model: CompanyModel, progress: Map<string, UnitProgress>): Array<{ id: string; name: string; values: Record<string, number> }> {
  return repScoreValues(model.tree.topDown.flatMap((id) => progress.get(id) ?? []));
}

/** Score cards of the reps on `scoreValues`, ranked by the plugin's scorer. */
export function scoreCards(bundle: LoadedBundle, model: CompanyModel, progress: Map<string, UnitProgress>): RankedCard[] {
  const scorer = createScorer(bundle);
  if (!scorer.ok) return [];
  const cards: ScoreCard[] = [];
  for (const row of scoreValues(model, progress)) {
    const outcome = scorer.scorer.score(row);
    if (outcome.ok) cards.push(outcome.card);
  }
  return scorer.scorer.rank(cards);
}

