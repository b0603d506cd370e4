/**
 * The runtime use cases the playground runs off the page (compute.worker.ts): each task names
 * its stages, for the progress sign, and calls the same functions the screens called on the page
 * before, so its result is the object they used (structured-cloned: Maps and plain data, no
 * functions). The simulator's three plans (plugin `simulatePlans`), and the board's model: the
 * progress, product lines, weekly to-date series and score cards (board/boardModel.ts), and,
 * asked for after them so the table paints first, the role card's alerts, forecast, bonus and
 * points (board/roleWork.ts); the process indicators of one role, scoped to the persona
 * (process/processModel.ts); the data import's apply step (data/importPlan.ts).
 */
import { scopeIndicatorResults, simulatePlans, type AllocationTotals, type Fen, type IndicatorResults, type LoadedBundle, type PlanReview, type Problem, type RankedCard } from '../../../../plugin/index.js';
import type { LoggedActivity } from '../../build/buildStore.js';
import { boardAlerts, boardProgress, boardTracker, chartWeeks, lineBoard, scoreCards, type LineBoard, type ToDateWeek } from '../../board/boardModel.js';
import type { Credit, Tracker, UnitProgress } from '../../../../plugin/index.js';
import { roleAlerts, roleBonuses, roleForecasts, rolePoints, type RoleAlert, type RoleBonus, type RolePoints } from '../../board/roleWork.js';
import { companyModel, type CompanyModel } from '../../company/companyModel.js';
import { withReviewTargets } from '../../company/reviewTargets.js';
import { mergedActivities } from '../pipeline/activities.js';
import { processData } from '../../process/processModel.js';
import type { ProcessRole } from '../../process/roles.js';
import { planImport } from '../../data/importPlan.js';

/** Moves the progress sign to a stage of the running task. */
type Step = (stage: string) => void;

interface SimulateInput {
  totals: AllocationTotals;
  locks: Record<string, Fen>;
}

/** The simulator's plans for the totals and locks, or the company's (or the totals') problems. */
type SimulateResult = ReturnType<typeof simulatePlans>;

function simulate(bundle: LoadedBundle, input: SimulateInput, step: Step): SimulateResult {
  step('company');
  const company = companyModel(bundle);
  if (!company.ok) return company;
  step('plans');
  return simulatePlans(company.model.prepared, input.totals, input.locks);
}

interface BoardInput {
  /** The actuals typed on the board, fen by unit. */
  edits: Record<string, number>;
  /** The published plan review: its frozen plan's targets are the ones tracked. */
  review: PlanReview | null;
  /** The persona's own unit, and the units he manages (the charts' and the role card's). */
  home: string;
  unitIds: string[];
  /** The visits logged on the phone view (the role card's points count them with the sample's). */
  logged: LoggedActivity[];
}

export interface RoleFigures {
  alerts: RoleAlert[];
  forecasts: ReturnType<typeof roleForecasts>;
  bonuses: RoleBonus[] | null;
  points: RolePoints | null;
}

interface BoardFigures {
  /** Every unit's progress (boardProgress), and the shared deals' credits: what the page shows of the board's model, no more (every byte crosses to the page). */
  progress: Map<string, UnitProgress>;
  credits: Credit[];
  lines: LineBoard | null;
  weekly: Map<string, ToDateWeek[]>;
  cards: RankedCard[];
}

/**
 * What both board tasks stand on: the company with the review's targets, the tracker and the
 * progress over the board's actuals. Kept for the last bundle and input, so the role card's task,
 * which the page asks for right after the board's, does not track the company again.
 */
let lastBase: { bundle: LoadedBundle; key: string; base: BoardBase | null } | null = null;
interface BoardBase { model: CompanyModel; tracker: Tracker; progress: ReturnType<typeof boardProgress> }

function boardBase(bundle: LoadedBundle, input: BoardInput, step: Step): BoardBase | null {
  const key = JSON.stringify([input.edits, input.review]);
  if (lastBase?.bundle === bundle && lastBase.key === key) return lastBase.base;
  step('company');
  const company = withReviewTargets(companyModel(bundle), input.review);
  const made = boardTracker(bundle);
  let base: BoardBase | null = null;
  if (company.ok && made.ok) {
    step('progress');
    base = { model: company.model, tracker: made.tracker, progress: boardProgress(bundle, made.tracker, company.model, input.edits) };
  }
  lastBase = { bundle, key, base };
  return base;
}

/** The board's figures; null when the company or the tracker is refused (the page shows those problems itself). */
function board(bundle: LoadedBundle, input: BoardInput, step: Step): BoardFigures | null {
  const base = boardBase(bundle, input, step);
  if (!base) return null;
  const { model, tracker, progress } = base;
  const { actuals, timelines } = progress;
  step('lines');
  const lines = lineBoard(bundle, tracker, model, actuals.lines, timelines);
  step('weeks');
  const weekly = chartWeeks(bundle, tracker, model, actuals.byDay, input.unitIds);
  step('scores');
  const cards = scoreCards(bundle, model, progress.progress);
  return { progress: progress.progress, credits: actuals.credits, lines, weekly, cards };
}

/** The role card's figures (roleWork.ts) over the board's progress and actuals. */
function roleWork(bundle: LoadedBundle, input: BoardInput, step: Step): RoleFigures | null {
  const base = boardBase(bundle, input, step);
  if (!base) return null;
  const { model, progress } = base;
  const { actuals, timelines } = progress;
  step('alerts');
  const alerts = roleAlerts(boardAlerts(bundle, model, actuals.byDay, timelines), model, input.home);
  step('forecast');
  const forecasts = roleForecasts(bundle, model, actuals.byDay, input.unitIds);
  const bonuses = roleBonuses(bundle, model, progress.progress, input.unitIds);
  step('points');
  const activities = mergedActivities(bundle, input.logged);
  const points = activities.ok ? rolePoints(bundle, model, activities.rows, input.unitIds) : null;
  return { alerts, forecasts, bonuses, points };
}

interface ProcessInput {
  role: ProcessRole;
  /** The visits logged on the phone view (a rep's indicators count them with the sample's). */
  logged: LoggedActivity[];
  /** The persona's unit: the results are cut to what he may see before they cross to the page. */
  unitId: string;
}

interface ProcessFigures {
  /** The role's results, scoped to the persona (scopeIndicatorResults). */
  results: IndicatorResults;
  /** The last week with health points across the whole role (the health cards show it). */
  lastWeek: string;
  /** The names of the people and teams the results mention (the role's people are not all in the company's tree). */
  names: Record<string, string>;
  viewerIsRep: boolean;
}

type ProcessOutcome = { ok: true; figures: ProcessFigures } | { ok: false; problems: Problem[] };

/** One role's process indicators, scoped to the persona (process/processModel.ts). */
function processIndicators(bundle: LoadedBundle, input: ProcessInput, step: Step): ProcessOutcome {
  step('company');
  const company = companyModel(bundle);
  if (!company.ok) return company;
  step('indicators');
  const made = processData(bundle, company.model.tree, company.model.calendar, input.logged, input.role);
  if (!made.ok) return made;
  const { results: all, tree } = made.data;
  const results = scopeIndicatorResults(all, tree, { unitId: input.unitId });
  const lastWeek = all.health.reduce((w, h) => (h.week > w ? h.week : w), '');
  const names: Record<string, string> = {};
  const name = (id: string) => { if (!(id in names)) names[id] = tree.get(id)?.name ?? id; };
  name(input.unitId);
  for (const row of [...results.daily, ...results.weekly, ...results.anomalies, ...results.health, ...results.coaching]) name(row.personId);
  for (const row of [...results.teamHealth, ...results.recommendations]) name(row.teamId);
  return { ok: true, figures: { results, lastWeek, names, viewerIsRep: tree.get(input.unitId)?.level === 'rep' } };
}

/** The company built ahead of the screen's own request (computeClient `warm`). */
function warm(bundle: LoadedBundle, _input: null, step: Step): null {
  step('company');
  companyModel(bundle);
  return null;
}

/** Every task: its stages after loading the bundle, in order, and its use case. */
export const TASKS = {
  warm: { stages: ['company'], run: warm },
  simulate: { stages: ['company', 'plans'], run: simulate },
  board: { stages: ['company', 'progress', 'lines', 'weeks', 'scores'], run: board },
  roleWork: { stages: ['company', 'progress', 'alerts', 'forecast', 'points'], run: roleWork },
  process: { stages: ['company', 'indicators'], run: processIndicators },
  importPlan: { stages: ['importRows', 'importLoad'], run: planImport },
} as const;

export type TaskName = keyof typeof TASKS;
export type TaskInput<T extends TaskName> = Parameters<(typeof TASKS)[T]['run']>[1];
export type TaskResult<T extends TaskName> = ReturnType<(typeof TASKS)[T]['run']>;
