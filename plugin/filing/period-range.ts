/**
 * The filing's suggested range over the period a target is held for (申报建议区间). The bundle's
 * filing rules project one quarter from the four before it; a target is often held for longer
 * (the sample's half year) or shorter (a month). So the period is walked quarter by quarter:
 * each quarter is projected by the rules from the four quarters before it (the projected ones
 * included, as a rolling forecast would), and a quarter the period covers only in part (a month
 * period) counts by the share of its months. Low and high add up the same way, so the range
 * compares with a target of the same period. The history is monthly; a month it lacks is an
 * error, never a zero.
 */
import type { DefinedRule } from '../bundle/index.js';
import type { Period } from '../calendar/index.js';
import type { Fen } from '../money/index.js';
import { problem, type Problem } from '../problems.js';
import { suggestFilingRange } from './index.js';

interface QuarterRange {
  /** `YYYY-Qn`. */
  quarter: string;
  /** How many of its three months the period covers. */
  months: number;
  /** The quarter's whole projection and range (fen), before the share is taken. */
  projection: Fen;
  low: Fen;
  high: Fen;
}

export interface PeriodFilingRange {
  period: string;
  /** The period's projection and range (fen): the quarters' shares summed. */
  projection: Fen;
  low: Fen;
  high: Fen;
  quarters: QuarterRange[];
}

interface PeriodFilingInput {
  period: Period;
  unitId: string;
  /** The unit's monthly history, `YYYY-MM` → fen. */
  history: ReadonlyMap<string, Fen>;
  /** The unit's region's potential index (0..100), as the filing rules read it. */
  regionPotential: number;
  /** The unit's record, for a filing rule's further declared inputs (see suggestFilingRange). */
  record?: Readonly<Record<string, unknown>>;
  file?: string;
}

type Result = { ok: true; range: PeriodFilingRange } | { ok: false; problem: Problem };

const monthIndex = (day: string) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;
const monthKey = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
const quarterKey = (q: number) => `${Math.floor(q / 4)}-Q${(q % 4) + 1}`;

/** The suggested range of a filing for the whole period, from the bundle's filing rules. */
export function filingRangeForPeriod(rules: ReadonlyMap<string, DefinedRule>, input: PeriodFilingInput): Result {
  const { period, unitId, history } = input;
  const file = input.file ?? 'history';
  if (period.grain === 'day' || period.grain === 'week') {
    return { ok: false, problem: problem('FILING_PERIOD', file, '', { zh: `申报建议区间需要按整月的期间，${period.key} 不是`, en: `a filing range needs a period of whole months; ${period.key} is not one` }) };
  }
  // the period's months grouped by quarter, in order
  const covered = new Map<number, number>();
  for (let m = monthIndex(period.start); m <= monthIndex(period.end); m += 1) {
    const q = Math.floor(m / 3);
    covered.set(q, (covered.get(q) ?? 0) + 1);
  }
  const first = Math.min(...covered.keys());
  const trailing: Fen[] = [];
  for (let q = first - 4; q < first; q += 1) {
    let sum = 0;
    for (let m = q * 3; m < q * 3 + 3; m += 1) {
      const fen = history.get(monthKey(m));
      if (fen === undefined) {
        return { ok: false, problem: problem('FILING_HISTORY_MISSING', file, '', { zh: `单位 ${unitId} 缺少 ${monthKey(m)} 的回款历史，无法给出建议区间`, en: `unit ${unitId} has no history for ${monthKey(m)}, so no range can be suggested` }) };
      }
      sum += fen;
    }
    trailing.push(sum);
  }
  const range: PeriodFilingRange = { period: period.key, projection: 0, low: 0, high: 0, quarters: [] };
  // a share of a quarter in fen, rounded half up (a whole quarter is exact)
  const share = (fen: Fen, months: number) => Math.round((fen * months) / 3);
  for (const [q, months] of covered) {
    const r = suggestFilingRange(rules, {
      quarters: [trailing[0]!, trailing[1]!, trailing[2]!, trailing[3]!], regionPotential: input.regionPotential,
      ...(input.record !== undefined ? { record: input.record } : {}), ...(input.file !== undefined ? { file: input.file } : {}),
    });
    if (!r.ok) return r;
    range.quarters.push({ quarter: quarterKey(q), months, ...r.range });
    range.projection += share(r.range.projection, months);
    range.low += share(r.range.low, months);
    range.high += share(r.range.high, months);
    trailing.shift();
    trailing.push(r.range.projection);
  }
  return { ok: true, range };
}
