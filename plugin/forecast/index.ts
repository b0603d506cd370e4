/**
 * Rolling forecast (滚动预测) and the volatility coefficient (波动系数). Every month the next
 * months are projected by a weighted moving average of the last N months, with the weights in
 * the bundle (`forecast` parameter group); months far from the window's median are first cut
 * back, so one outlier does not swing the forecast. The volatility coefficient is the standard
 * deviation of completion rates, in percentage points, across units or month to month.
 */
import { joinPointer, problem, type Problem } from '../problems.js';
import type { Fen } from '../money/index.js';

export interface ForecastSettings {
  /** Oldest to newest; N = weights.length months in the window. */
  weights: number[];
  /** Months projected ahead. */
  horizon: number;
  /** Window values above clip × median (or below median / clip) are cut to it; 0 turns it off. */
  clip: number;
}

const FORECAST_GROUP = 'forecast';

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function checkForecast(value: unknown, file: string, pointer: string): Problem[] {
  const out: Problem[] = [];
  const bad = (at: string, zh: string, en: string) => out.push(problem('FORECAST_PARAM', file, at, { zh, en }));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    bad(pointer, '预测参数必须是对象 { weights, horizon, clip }', 'the forecast parameters must be an object { weights, horizon, clip }');
    return out;
  }
  const v = value as Record<string, unknown>;
  if (!Array.isArray(v.weights) || v.weights.length === 0 || !v.weights.every((w) => isNum(w) && w >= 0) || !v.weights.some((w) => (w as number) > 0)) {
    bad(joinPointer(pointer, 'weights'), 'weights 必须是非负数的非空数组（从旧到新），且至少一个大于 0', 'weights must be a non-empty array of numbers >= 0 (oldest to newest), at least one above 0');
  }
  if (!Number.isInteger(v.horizon) || (v.horizon as number) < 1 || (v.horizon as number) > 36) bad(joinPointer(pointer, 'horizon'), 'horizon 必须是 1 到 36 的整数', 'horizon must be an integer from 1 to 36');
  if (!isNum(v.clip) || (v.clip !== 0 && v.clip < 1)) bad(joinPointer(pointer, 'clip'), 'clip 必须是 0（不截断）或 ≥ 1 的数', 'clip must be 0 (off) or a number >= 1');
  return out;
}

export function readForecastSettings(parameters: Record<string, unknown>, file = 'parameters'): { ok: true; settings: ForecastSettings } | { ok: false; problems: Problem[] } {
  if (!Object.hasOwn(parameters, FORECAST_GROUP)) {
    return { ok: false, problems: [problem('FORECAST_PARAM_MISSING', file, `/${FORECAST_GROUP}`, { zh: '缺少参数组 forecast', en: 'the parameter group forecast is missing' })] };
  }
  const problems = checkForecast(parameters[FORECAST_GROUP], file, `/${FORECAST_GROUP}`);
  if (problems.length) return { ok: false, problems };
  return { ok: true, settings: parameters[FORECAST_GROUP] as ForecastSettings };
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** One weighted-moving-average step over the last weights.length values (fewer at the start). */
export function weightedMovingAverage(series: readonly number[], settings: ForecastSettings): number {
  const n = Math.min(settings.weights.length, series.length);
  if (n === 0) return 0;
  let recent = series.slice(series.length - n);
  if (settings.clip > 0) {
    const m = median(recent);
    if (m > 0) recent = recent.map((x) => Math.min(m * settings.clip, Math.max(m / settings.clip, x)));
  }
  const weights = settings.weights.slice(settings.weights.length - n);
  let sw = 0;
  let sx = 0;
  recent.forEach((x, i) => { sw += weights[i] as number; sx += (weights[i] as number) * x; });
  return sw > 0 ? sx / sw : 0;
}

/** The next `horizon` months, each appended to the series before the next is projected. */
export function rollingForecast(series: readonly number[], settings: ForecastSettings): number[] {
  const rolled = [...series];
  const out: number[] = [];
  for (let k = 0; k < settings.horizon; k++) {
    const next = weightedMovingAverage(rolled, settings);
    out.push(next);
    rolled.push(next);
  }
  return out;
}

/** The same on fen, each month rounded to the fen. */
export function rollingForecastFen(series: readonly Fen[], settings: ForecastSettings): Fen[] {
  return rollingForecast(series, settings).map((x) => Math.round(x));
}

/**
 * A unit's monthly amounts as the forecast reads them: one value per calendar month up to
 * `last`, from `first` but no more than the `count` months a forecast step weighs (the
 * forecast reads no further back, and a history from year 1 stays a few months' work), a month
 * without a row counting as zero (YYYY-MM throughout). Taken as the months that have rows, a
 * rep's month without a sale (no row in a long history) was skipped, the months around it read
 * as neighbours and his forecast came out too high; the command line and the boards did not
 * even skip the same months.
 */
export function monthSeries(months: ReadonlyMap<string, Fen>, first: string, last: string, count: number): Fen[] {
  const index = (month: string): number => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
  const end = index(last);
  const out: Fen[] = [];
  for (let i = Math.max(index(first), end - count + 1); i <= end; i++) {
    out.push(months.get(`${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`) ?? 0);
  }
  return out;
}

/** The `count` months after `month` (YYYY-MM). */
export function nextMonths(month: string, count: number): string[] {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) throw new RangeError(`not a month: ${month}`);
  let y = Number(m[1]);
  let mo = Number(m[2]);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    mo++;
    if (mo > 12) { mo = 1; y++; }
    out.push(`${y}-${String(mo).padStart(2, '0')}`);
  }
  return out;
}

/**
 * Volatility coefficient (波动系数): the population standard deviation of completion rates
 * (1 = 100%), in percentage points. Rates of 0.8, 1.0 and 1.2 give 16.33. Null without rates.
 */
export function volatilityCoefficient(rates: readonly number[]): number | null {
  const xs = rates.filter((x) => Number.isFinite(x));
  if (xs.length === 0) return null;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length;
  return Math.sqrt(variance) * 100;
}

/** Completion rates actual / target; periods with no target (0 or missing) are left out, never counted as 0% or 100%. */
export function completionRates(points: ReadonlyArray<{ actual: number; target: number }>): number[] {
  return points.filter((p) => Number.isFinite(p.target) && p.target > 0 && Number.isFinite(p.actual)).map((p) => p.actual / p.target);
}

/** Across units: one rate per unit (e.g. the regions' completion this month). */
export function volatilityAcrossUnits(points: ReadonlyArray<{ actual: number; target: number }>): number | null {
  return volatilityCoefficient(completionRates(points));
}

/** Month to month: one unit's rates over its months. */
export function volatilityOverTime(months: ReadonlyArray<{ actual: number; target: number }>): number | null {
  return volatilityCoefficient(completionRates(months));
}
export { readHistoryTable } from './history-table.js';
