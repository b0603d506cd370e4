/**
 * What the board shows, computed through the plugin's tracker and scorer: each unit's progress
 * with the actuals edited on the board applied (time progress following the unit's phasing
 * profile), the reps' score cards, the shared deals credited by the split table, and progress
 * per product line. The weekly lights come from the phasing model (phasing/phasingModel.ts).
 */
import {
  createScorer, createTracker, creditOrders, fenToYuan, parseYuan, phasedTrackTargets, readProductLines, seededRandom, splitByProductLine, trackProductLines,
  type Credit, type Day, type Fen, type LineActual, type LineProgress, type LoadedBundle, type ProductLine, type RankedCard, type ScoreCard,
  type TimeProfile, type Tracker, type UnitProgress,
} from '../../../plugin/index.js';
import { ownActuals, type CompanyModel } from '../company/companyModel.js';
import { phaseCompany } from '../phasing/phasingModel.js';
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

export function trackerOf(bundle: LoadedBundle): Tracker | null {
  const r = createTracker(bundle);
  return r.ok ? r.tracker : null;
}

export function progressOf(tracker: Tracker, model: CompanyModel, actuals: Map<string, Fen>, timelines?: ReadonlyMap<string, TimeProfile>): Map<string, UnitProgress> {
  const rows = tracker.track({ tree: model.tree, targets: model.targets, actuals, period: model.period, asOf: model.asOf, calendar: model.calendar, ...(timelines ? { timelines } : {}) });
  return new Map(rows.map((r) => [r.id, r]));
}

/** Each unit's time profile over the period from the month phasing (time progress follows it). */
export function timelinesOf(phased: Parameters<typeof phasedTrackTargets>[0] | null, model: CompanyModel): ReadonlyMap<string, TimeProfile> | undefined {
  if (!phased) return undefined;
  const r = phasedTrackTargets(phased, model.period);
  return r.ok ? r.timelines : undefined;
}

export interface BoardActuals {
  /** Own actuals of the period up to asOf: the sample's plus credited shares of shared deals, board edits applied. */
  own: Map<string, Fen>;
  /** The same amounts with their product lines (a rep's own actuals by his team's mix; an edit's difference has none). */
  lines: LineActual[];
  /** Every credit of the shared deals in the period up to asOf. */
  credits: Credit[];
  /** The credits as dated amounts, for the weekly and monthly lights. */
  dated: Array<{ id: string; day: Day; amount: Fen }>;
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
  for (const [id, amount] of own) {
    const delta = amount - (base.get(id) ?? 0);
    if (delta !== 0) lines.push({ id, amount: delta });
  }
  const dated = credits.filter((c) => model.tree.get(c.id) && c.date).map((c) => ({ id: c.id, day: c.date!, amount: c.amount }));
  return { own, lines, credits, dated };
}

/** What the board's units table and score cards stand on. */
export interface BoardProgress {
  actuals: BoardActuals;
  /** Each unit's time profile from the month phasing; undefined when the bundle cannot phase. */
  timelines: ReadonlyMap<string, TimeProfile> | undefined;
  /** Every unit's progress on the credited actuals, time progress following its profile. */
  progress: Map<string, UnitProgress>;
}

/**
 * The board's progress: the credited actuals with the board's edits, tracked against the
 * period targets with time progress following each unit's phasing profile. Every screen that
 * shows or exports what the board shows (scores included) starts here, so they agree.
 */
export function boardProgress(bundle: LoadedBundle, tracker: Tracker, model: CompanyModel, edits: Readonly<Record<string, number>>): BoardProgress {
  const byMonth = phaseCompany(bundle, model, 'month');
  const timelines = byMonth.ok ? timelinesOf(byMonth.result, model) : undefined;
  const actuals = boardActuals(bundle, model, edits);
  return { actuals, timelines, progress: progressOf(tracker, model, actuals.own, timelines) };
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
    tree: model.tree, targets: model.targets, period: model.period, asOf: model.asOf, calendar: model.calendar, ...(timelines ? { timelines } : {}),
  }, lineTargets, ids, actuals);
  const byLine = new Map(ids.map((l) => [l, new Map((progress.lines.get(l) ?? []).map((p) => [p.id, p]))]));
  return { lines: settings.lines, progress, byLine };
}


/**
 * Score cards of the reps. Revenue and its target come from the company (actual so far, Base
 * pro-rated to the elapsed working days); the sample has no margin, customer, satisfaction or
 * compliance data, so those are seeded per rep, the same on every run.
 */
export function scoreCards(bundle: LoadedBundle, model: CompanyModel, progress: Map<string, UnitProgress>): RankedCard[] {
  const scorer = createScorer(bundle);
  if (!scorer.ok) return [];
  const cards: ScoreCard[] = [];
  for (const id of model.tree.topDown) {
    const p = progress.get(id);
    if (!p || p.level !== 'rep' || p.base === null) continue;
    const rng = seededRandom([...id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7));
    const revenue = fenToYuan(p.actual);
    const revenueTarget = Math.max(1, Math.round(fenToYuan(p.base) * p.timeElapsed));
    const outcome = scorer.scorer.score({
      id, name: p.name,
      values: {
        revenue, revenueTarget,
        margin: Math.round(revenue * (0.22 + 0.14 * rng())), marginTarget: Math.round(revenueTarget * 0.3),
        newCustomers: Math.floor(rng() * 7), newCustomersTarget: 4,
        satisfaction: Math.round(72 + 26 * rng()), compliance: Math.round(88 + 12 * rng()),
      },
    });
    if (outcome.ok) cards.push(outcome.card);
  }
  return scorer.scorer.rank(cards);
}

export const yuanOf = (value: unknown): Fen | null => parseYuan(value);
