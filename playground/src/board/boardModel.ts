/**
 * What the board shows, computed through the plugin's tracker, weekly series and scorer: each
 * unit's progress with the actuals edited on the board applied, the weekly series per region,
 * and the reps' score cards.
 */
import {
  createScorer, createTracker, seededRandom, weeklySeries, fenToYuan, parseYuan,
  type Fen, type LoadedBundle, type RankedCard, type ScoreCard, type Tracker, type UnitProgress, type WeekPoint,
} from '../../../plugin/index.js';
import { dailyActuals, ownActuals, type CompanyModel } from '../company/companyModel.js';

/** Own actuals with the board's edits: an edited unit's period actual becomes the value typed. */
export function editedActuals(model: CompanyModel, edits: Readonly<Record<string, number>>): Map<string, Fen> {
  const own = ownActuals(model);
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

export function progressOf(tracker: Tracker, model: CompanyModel, actuals: Map<string, Fen>): Map<string, UnitProgress> {
  const rows = tracker.track({ tree: model.tree, targets: model.targets, actuals, period: model.period, asOf: model.asOf, calendar: model.calendar });
  return new Map(rows.map((r) => [r.id, r]));
}

export function weeklyOf(model: CompanyModel): Map<string, WeekPoint[]> {
  const base = new Map([...model.targets].map(([id, t]) => [id, t.base]));
  return weeklySeries({ tree: model.tree, period: model.period, asOf: model.asOf, calendar: model.calendar, base, daily: dailyActuals(model) });
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
