/**
 * A company's scores over its targets and actuals tables (评分与排名), the use case every host
 * calls: the tables read (`targetUnitsOf`, `readActuals`), the period tracked (`trackCompany`),
 * each rep's score inputs (`repScoreValues`), his card by the bundle's scorer and weights, and
 * his competition rank within his team, his region and the company. The CLI's
 * `score --targets`, NocoBase's `targetKit:scores` and the playground's board read these
 * figures from here; none of them is computed in a host.
 */
import type { LoadedBundle } from '../bundle/index.js';
import type { Day, Period, WorkingCalendar } from '../calendar/index.js';
import { fenToYuan, type Fen } from '../money/index.js';
import type { OrgTree } from '../org/index.js';
import { problem, type Localized, type Problem } from '../problems.js';
import { seededRandom } from '../random.js';
import { createActualsReader } from '../tracking/actuals.js';
import { runActualsSteps, type ActualsSteps } from '../tracking/steps.js';
import { createActualsBooker, readBookingSettings, type ActualsBooker } from '../tracking/booking.js';
import { spreadTargets, trackCompany } from '../tracking/company.js';
import type { UnitProgress } from '../tracking/progress.js';
import { targetUnitsOf } from '../tracking/targets-table.js';
import { latestTableDay, statedTargetsPeriod, targetsOfPeriod } from '../tracking/targets-period.js';
import { createScorer, type RankedCard, type ScoreCard } from './scorer.js';

interface Table {
  file: string;
  columns: readonly string[];
  records: ReadonlyArray<{ line: number; record: Readonly<Record<string, unknown>> }>;
}

/** A rep's rank among the reps of one unit: `of` is how many were ranked there. */
interface RankIn { unit: string; rank: number; of: number; gapToNext: number | null }

export interface PersonScore extends RankedCard {
  /** The rep's rank in the company (the card's own rank), his region and his team. */
  ranks: { company: RankIn; region: RankIn | null; team: RankIn | null };
}

export interface CompanyScores {
  period: Period;
  /** Which period of the targets table was read, and why (`targetsOfPeriod`). */
  targetsPeriod: { key: string; message: Localized };
  asOf: Day;
  weights: Readonly<Record<string, number>>;
  tree: OrgTree;
  /** Every scored rep, by company rank. */
  people: PersonScore[];
}

/**
 * What a rep is scored on. Revenue and its target come from his progress (actual so far, Base
 * pro-rated to the time gone); the sample company has no margin, customer, satisfaction or
 * compliance data, so those are seeded by his id, the same on every run and in every host.
 */
export function repScoreValues(progress: Iterable<UnitProgress>): Array<{ id: string; name: string; values: Record<string, number> }> {
  const rows: Array<{ id: string; name: string; values: Record<string, number> }> = [];
  for (const p of progress) {
    if (p.level !== 'rep' || p.base === null) continue;
    const rng = seededRandom([...p.id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7));
    const revenue = fenToYuan(p.actual);
    const revenueTarget = Math.max(1, Math.round(fenToYuan(p.base) * p.timeElapsed));
    rows.push({
      id: p.id, name: p.name,
      values: {
        revenue, revenueTarget,
        margin: Math.round(revenue * (0.22 + 0.14 * rng())), marginTarget: Math.round(revenueTarget * 0.3),
        newCustomers: Math.floor(rng() * 7), newCustomersTarget: 4,
        satisfaction: Math.round(72 + 26 * rng()), compliance: Math.round(88 + 12 * rng()),
      },
    });
  }
  return rows;
}

interface ScoreCompanyInput {
  targets: Table;
  actuals: Table;
  calendar: WorkingCalendar;
  /** The period scored. Default: the targets' period (`targetsOfPeriod`: the one holding the as-of day, else the latest actual, else the newest). */
  period?: Period;
  /** The longer period the targets are for (the half year), spread over its working days for `period`. */
  targetsPeriod?: Period;
  /** Default: the latest day in the actuals. */
  asOf?: Day;
}

type ScoreResult = { ok: true; scores: CompanyScores } | { ok: false; problems: Problem[] };

/**
 * The actuals as a host streams a file too large to hold (`target-kit score` over a year of
 * daily rows): no rows, only what its first pass found, the latest `date` cell as written
 * (`latestTableDay`, which picks the targets' period).
 */
interface StreamedActuals {
  file: string;
  columns: readonly string[];
  latestCell: Day | undefined;
}

/**
 * `scoreCompany` in steps, for a host that reads the actuals a pass at a time: the targets read
 * and the period chosen here; then the host feeds every row to `reader` and the rows it gives to
 * the booker from `bookerFor` (with the latest day its first pass read, `actualRowDay`: the
 * default as-of day), refuses the run on the reader's problems, and hands the booking to
 * `finish`. `scoreCompany` is these steps over rows held in memory.
 */
type ScoringSteps = ActualsSteps<ScoreResult>;

export function scoreCompany(bundle: LoadedBundle, input: ScoreCompanyInput): ScoreResult {
  const a = input.actuals;
  const steps = startScoreCompany(bundle, { ...input, actuals: { file: a.file, columns: a.columns, latestCell: latestTableDay(a) } });
  return steps.ok ? runActualsSteps(steps, a.records) : steps;
}

export function startScoreCompany(bundle: LoadedBundle, input: Omit<ScoreCompanyInput, 'actuals'> & { actuals: StreamedActuals }):
  ({ ok: true } & ScoringSteps) | { ok: false; problems: Problem[] } {
  const { actuals: a, calendar } = input;
  // one period's targets: the one the longer period (or the period scored) names, else the as-of day's
  const picked = targetsOfPeriod(input.targets, {
    asked: (input.targetsPeriod ?? input.period)?.key, asOf: input.asOf, latestActual: a.latestCell, defaultPeriod: statedTargetsPeriod(bundle),
  });
  if (!picked.ok) return picked;
  const t = picked.table;
  const period = input.period ?? picked.pick.period;
  if (!period) {
    return { ok: false, problems: [problem('SCORE_NO_PERIOD', t.file, '', {
      zh: '目标没有期间，包中也没有说明：请指定评分期间', en: 'the targets have no period and the bundle states none: give the period to score',
    })] };
  }
  // the targets' own period (a period column) holding the scored one is the whole they are spread from
  const own = input.targets.columns.includes('period') ? picked.pick.period : null;
  const whole = input.targetsPeriod ?? (own && own.start <= period.start && period.end <= own.end ? own : period);
  if (period.start < whole.start || period.end > whole.end) {
    return { ok: false, problems: [problem('SCORE_BAD_PERIOD', t.file, '', {
      zh: `期间 ${period.key} 不在目标期间 ${whole.key} 之内`, en: `period ${period.key} is not within the targets' period ${whole.key}`,
    })] };
  }
  const units = targetUnitsOf(t.file, t.columns, t.records);
  if (!units.ok) return units;
  const { tree } = units;
  const reader = createActualsReader(a.file, { isUnit: (id) => tree.get(id) !== undefined });
  let asOf: Day = period.end;
  const bookerFor = (latestActual: Day | undefined) => {
    asOf = input.asOf ?? latestActual ?? period.end;
    return { ok: true as const, booker: createActualsBooker({ period, asOf, calendar, settings: readBookingSettings(bundle.parameters), file: a.file }) };
  };
  const finish = (booked: ReturnType<ActualsBooker['finish']>): ScoreResult => scoreTracked(bundle, { t, units, whole, period, asOf, calendar, booked, file: a.file, pick: picked.pick });
  return { ok: true, reader, bookerFor, finish };
}

/** The scoring's last step: the period tracked over the booking, each rep scored and ranked. */
function scoreTracked(bundle: LoadedBundle, s: {
  t: Table; units: Extract<ReturnType<typeof targetUnitsOf>, { ok: true }>; whole: Period; period: Period; asOf: Day; calendar: WorkingCalendar;
  booked: ReturnType<ActualsBooker['finish']>; file: string; pick: { key: string; message: Localized };
}): ScoreResult {
  const { t, units, whole, period, asOf, calendar } = s;
  const { tree } = units;
  const targets = spreadTargets(new Map(units.units.filter((u) => u.base !== null).map((u) => [u.id, { base: u.base as Fen, stretch: (u.stretch ?? u.base) as Fen }])), whole, period, calendar);
  const tracked = trackCompany(bundle, {
    tree, targets, booked: s.booked, file: s.file, period, asOf, calendar,
    records: { file: t.file, columns: t.columns, byUnit: new Map(t.records.map((r) => [String(r.record.id ?? '').trim(), { values: r.record, row: r.line }])) },
  });
  if (!tracked.ok) return tracked;
  const made = createScorer(bundle);
  if (!made.ok) return made;
  const { scorer } = made;
  const cards: ScoreCard[] = [];
  const rowOf = new Map(units.units.map((u) => [u.id, u.row]));
  const problems: Problem[] = [];
  for (const row of repScoreValues(tracked.tracking.progress)) {
    const outcome = scorer.score(row);
    if (outcome.ok) cards.push(outcome.card);
    else problems.push(...outcome.problems.map((p) => ({ ...p, file: t.file, ...(rowOf.get(row.id) !== undefined ? { row: rowOf.get(row.id)! } : {}) })));
  }
  if (problems.length) return { ok: false, problems };
  const company = scorer.rank(cards);
  // the rep's region and team are his ancestors at those levels; each is ranked once
  const within = new Map<string, Map<string, RankIn>>();
  const rankIn = (unit: string | undefined, id: string): RankIn | null => {
    if (unit === undefined) return null;
    let ranked = within.get(unit);
    if (!ranked) {
      const list = scorer.rank(cards, { tree, within: unit });
      ranked = new Map(list.map((c) => [c.id, { unit, rank: c.rank, of: list.length, gapToNext: c.gapToNext }]));
      within.set(unit, ranked);
    }
    return ranked.get(id) ?? null;
  };
  const ancestorAt = (id: string, level: string): string | undefined => {
    for (let u = tree.get(id); u; u = u.parentId ? tree.get(u.parentId) : undefined) if (u.level === level) return u.id;
    return undefined;
  };
  const root = tree.topDown[0] ?? '';
  const people = company.map((c) => ({
    ...c,
    ranks: {
      company: { unit: root, rank: c.rank, of: company.length, gapToNext: c.gapToNext },
      region: rankIn(ancestorAt(c.id, 'region'), c.id),
      team: rankIn(ancestorAt(c.id, 'team'), c.id),
    },
  }));
  return { ok: true, scores: { period, targetsPeriod: { key: s.pick.key, message: s.pick.message }, asOf, weights: scorer.weights, tree, people } };
}
