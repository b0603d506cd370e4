/**
 * The simulator as a host serves it over a stored org tree (模拟即发布): a request's totals,
 * plan, locks and period read with the place of every mistake; the three plans over the units
 * as stored; and the chosen plan as the rows of a targets table for one period. Hosts (NocoBase,
 * the CLI) read and write the tables; everything they decide with is here, so the numbers a
 * host publishes are the ones `target-kit allocate` prints for the same totals and plan.
 */
import type { DefinedRule } from '../bundle/index.js';
import { parsePeriod } from '../calendar/index.js';
import { formatYuan, readAmount, type Fen } from '../money/index.js';
import type { OrgLevel } from '../org/index.js';
import { problem, type Localized, type Problem } from '../problems.js';
import { createAllocation } from './create.js';
import type { AllocationTotals, PlanResult } from './plan.js';
import type { PreparedAllocation } from './prepare.js';
import { simulatePlans } from './simulate.js';
import { parseAllocationUnits, type SourceRow } from './units.js';

export interface SimulationRequest {
  totals: AllocationTotals;
  /** The plan asked for; absent: every plan is shown and none is chosen. */
  plan?: string;
  /** Locks whose amounts read (fen, Base track), in the order given. */
  locks: Record<string, Fen>;
  /** Locks whose amounts do not read, by unit, with why: set aside like a lock that cannot hold. */
  badLocks: Record<string, Localized>;
  /** The period a publication is for (2026-H1, 2026-Q3, 2026-05, …). */
  period?: string;
}

type Read<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
/** Amounts as people type them: "150,000,000" and "150000000" are the same. */
const amountOf = (v: unknown) => readAmount(typeof v === 'string' ? v.replace(/[,，\s]/g, '') : v);

/**
 * Reads `{ total, stretch?, plan?, locks?, period? }` (amounts in yuan, as text or numbers,
 * thousands separators allowed). The totals, the plan and the period refuse the request with
 * their JSON pointer; a lock that does not read is kept aside by its unit (the rest go on).
 */
export function readSimulationRequest(body: unknown, options: { file?: string; needPeriod?: boolean } = {}): Read<SimulationRequest> {
  const file = options.file ?? 'request';
  const problems: Problem[] = [];
  const at = (pointer: string, code: string, zh: string, en: string) => problems.push(problem(code, file, pointer, { zh, en }));
  const values = isObject(body) ? body : {};
  if (!isObject(body)) at('', 'REQUEST_INVALID', '请求体应为对象 { total, stretch?, plan?, locks?, period? }', 'the body must be an object { total, stretch?, plan?, locks?, period? }');

  let base: Fen | undefined;
  if (blank(values.total)) at('/total', 'SIM_TOTAL_MISSING', '缺少公司目标 total（元）', 'total (the company target, yuan) is missing');
  else {
    const read = amountOf(values.total);
    if (read.ok) base = read.fen;
    else at('/total', 'SIM_BAD_AMOUNT', `公司目标 total 应为金额（元，最多两位小数）：${read.reason.zh}`, `total must be an amount in yuan (at most 2 decimals): ${read.reason.en}`);
  }
  let stretch: Fen | undefined;
  if (!blank(values.stretch)) {
    const read = amountOf(values.stretch);
    if (!read.ok) at('/stretch', 'SIM_BAD_AMOUNT', `挑战目标 stretch 应为金额（元，最多两位小数）：${read.reason.zh}`, `stretch must be an amount in yuan (at most 2 decimals): ${read.reason.en}`);
    else if (base !== undefined && read.fen < base) at('/stretch', 'SIM_STRETCH_BELOW_BASE', '挑战目标不能低于基础目标', 'the Stretch cannot be below the Base');
    else stretch = read.fen;
  }
  let plan: string | undefined;
  if (!blank(values.plan)) {
    if (typeof values.plan !== 'string') at('/plan', 'REQUEST_INVALID', '方案 plan 应为方案 id（文本）', 'plan must be a plan id (text)');
    else plan = values.plan.trim();
  }
  const locks: Record<string, Fen> = {};
  const badLocks: Record<string, Localized> = {};
  if (!blank(values.locks)) {
    if (!isObject(values.locks)) at('/locks', 'REQUEST_INVALID', '锁定 locks 应为 { 单位 id: 金额 }', 'locks must be { unit id: amount }');
    else {
      for (const [unit, amount] of Object.entries(values.locks)) {
        if (blank(amount)) continue;
        const read = amountOf(amount);
        if (read.ok) locks[unit] = read.fen;
        else badLocks[unit] = { zh: `锁定金额 "${String(amount)}" 无效：${read.reason.zh}`, en: `the lock "${String(amount)}" is not valid: ${read.reason.en}` };
      }
    }
  }
  let period: string | undefined;
  if (!blank(values.period)) {
    if (typeof values.period !== 'string' || !parsePeriod(values.period)) at('/period', 'SIM_BAD_PERIOD', `期间 "${String(values.period)}" 无效：写成 2026-H1、2026-Q3、2026-05 或 2026`, `the period "${String(values.period)}" is not one: write 2026-H1, 2026-Q3, 2026-05 or 2026`);
    else period = values.period.trim();
  } else if (options.needPeriod) at('/period', 'SIM_PERIOD_MISSING', '发布需要期间 period（如 2026-H2）', 'publishing needs a period (e.g. 2026-H2)');
  if (problems.length || base === undefined) return { ok: false, problems };
  return {
    ok: true,
    value: {
      totals: { base, ...(stretch !== undefined ? { stretch } : {}) },
      ...(plan !== undefined ? { plan } : {}),
      locks, badLocks,
      ...(period !== undefined ? { period } : {}),
    },
  };
}

export interface StoredSimulation {
  prepared: PreparedAllocation;
  plans: PlanResult[];
  /** The plan asked for, when one was. */
  chosen?: PlanResult;
  /** The locks the plans hold, and those set aside by unit with why. */
  kept: Record<string, Fen>;
  refused: Record<string, Localized>;
}

/**
 * The three plans over a stored units table (the org tree with the columns the factor rules
 * read), with the request's locks; a lock that does not read, names no unit or cannot hold is
 * set aside by its unit. A bad table, bad totals or an unknown plan refuse the whole run.
 */
export function simulateStoredUnits(
  bundle: { parameters: Record<string, unknown>; rules: ReadonlyMap<string, DefinedRule> },
  table: { file: string; records: readonly SourceRow[] },
  request: SimulationRequest,
): Read<StoredSimulation> {
  const units = parseAllocationUnits(table.records, table.file);
  if (!units.ok) return { ok: false, problems: units.problems };
  const made = createAllocation(bundle, units.units, table.file);
  if (!made.ok) return { ok: false, problems: made.problems };
  const { prepared } = made;
  if (request.plan !== undefined && !prepared.model.plans.some((p) => p.id === request.plan)) {
    const known = prepared.model.plans.map((p) => p.id);
    return { ok: false, problems: [problem('ALLOC_UNKNOWN_PLAN', 'request', '/plan', { zh: `没有方案 ${request.plan}（可选：${known.join('、')}）`, en: `there is no plan ${request.plan} (plans: ${known.join(', ')})` })] };
  }
  const refused: Record<string, Localized> = { ...request.badLocks };
  const locks: Record<string, Fen> = {};
  for (const [unit, fen] of Object.entries(request.locks)) {
    if (prepared.units.has(unit)) locks[unit] = fen;
    else refused[unit] = { zh: `组织中没有单位 ${unit}`, en: `there is no unit ${unit} in the organisation` };
  }
  const run = simulatePlans(prepared, request.totals, locks);
  if (!run.ok) return run;
  const chosen = request.plan === undefined ? undefined : run.plans.find((p) => p.plan.id === request.plan);
  return { ok: true, value: { prepared, plans: run.plans, ...(chosen ? { chosen } : {}), kept: run.kept, refused: { ...refused, ...run.refused } } };
}

/** One published target: the columns of a targets table (as the sample targets have them) and what a target is. */
export interface PublishedTarget {
  id: string;
  parent_id: string;
  name: string;
  level: OrgLevel;
  /** Yuan as exact text with two decimals (formatYuan): what a decimal column stores. */
  base: string;
  stretch: string;
  period: string;
  plan: string;
  locked: boolean;
  status: 'published';
}

/** The plan's units as target rows of `period`, parents before children; `locked` where a hand lock holds. */
export function publishedTargets(plan: PlanResult, period: string): PublishedTarget[] {
  return plan.units.map((u) => ({
    id: u.id, parent_id: u.parentId ?? '', name: u.name, level: u.level,
    base: formatYuan(u.base), stretch: formatYuan(u.stretch),
    period, plan: plan.plan.id, locked: u.locked, status: 'published',
  }));
}
