/**
 * Target filing (目标申报): a rep declares the Base and Stretch he expects; the bundle's filing
 * rules project his trend from his last four quarters and widen it by his region's potential
 * into a suggested range; a declaration outside it, or a Stretch below the Base, is flagged.
 * The supervisor's confirmed value enters the allocation as a lock or a floor
 * (allocationModel.confirmedFiling), through AllocationOptions.confirmed.
 */
import { bindRule, findRules, unsourcedInputs, type DefinedRule } from '../bundle/index.js';
import { isObject } from '../json.js';
import { fenToYuan, formatYuanGrouped, parseYuan, type Fen } from '../money/index.js';
import { joinPointer, problem, type Localized, type Problem } from '../problems.js';

/** The rules the filing reads, by id (the target-filing template binds the same ones). */
const FILING_RULES = { trend: 'filing-trend', low: 'filing-range-low', high: 'filing-range-high' } as const;

export function checkFilingParameters(value: unknown, file: string, pointer: string): Problem[] {
  const out: Problem[] = [];
  const v = isObject(value) ? value : {};
  const num = (key: string, min: number, max: number) => {
    const x = v[key];
    if (typeof x !== 'number' || !Number.isFinite(x) || x < min || x > max) {
      out.push(problem('FILING_PARAM', file, joinPointer(pointer, key), { zh: `${key} 必须是 ${min} 到 ${max} 之间的数`, en: `${key} must be a number from ${min} to ${max}` }));
    }
  };
  num('trendMin', -1, 10);
  num('trendMax', -1, 10);
  num('width', 0, 1);
  num('potentialBonus', 0, 10);
  // the units column the region's potential is read from (region-potential.ts); absent: market_index
  const column = v.potentialColumn;
  if (column !== undefined && (typeof column !== 'string' || column.trim() === '' || column.length > 64 || /[\u0000-\u001f\u007f]/.test(column))) {
    out.push(problem('FILING_PARAM', file, joinPointer(pointer, 'potentialColumn'), { zh: 'potentialColumn 必须是单位表的列名（1 到 64 个字符的文本）', en: 'potentialColumn must be a column of the units table (a text of 1 to 64 characters)' }));
  }
  if (!out.length && (v.trendMin as number) > (v.trendMax as number)) {
    out.push(problem('FILING_PARAM', file, joinPointer(pointer, 'trendMin'), { zh: 'trendMin 不能大于 trendMax', en: 'trendMin cannot be above trendMax' }));
  }
  return out;
}

interface FilingInput {
  /** Revenue of the last four quarters, oldest first, fen. */
  quarters: readonly [Fen, Fen, Fen, Fen];
  /** The region's potential index, 0..100. */
  regionPotential: number;
  /**
   * The rep's filing row (or form values): a filing rule's declared inputs beyond the figures
   * computed here (q1…q4, projection, regionPotential) are read from it by name or snake_case
   * column. Without it, a rule that requires such an input is refused.
   */
  record?: Readonly<Record<string, unknown>>;
  /** Where the record comes from, for the problems. */
  file?: string;
  row?: number;
}

/** The figures the filing computes for each of its rules; any other declared input comes from the record. */
const FILING_FIXED_INPUTS = { trend: ['q1', 'q2', 'q3', 'q4'], low: ['projection'], high: ['projection', 'regionPotential'] } as const;

interface FilingRange {
  projection: Fen;
  low: Fen;
  high: Fen;
}

type FilingRangeResult = { ok: true; range: FilingRange } | { ok: false; problem: Problem };

function fenOf(value: unknown): Fen | null {
  return typeof value === 'number' && Number.isFinite(value) ? parseYuan(Math.round(value * 100) / 100) : null;
}

/** The suggested range from the bundle's filing rules (compiled once with the bundle). */
export function suggestFilingRange(rules: ReadonlyMap<string, DefinedRule>, input: FilingInput): FilingRangeResult {
  const found = findRules(rules, [FILING_RULES.trend, FILING_RULES.low, FILING_RULES.high], (id) => problem('FILING_RULE_MISSING', 'rules', '', { zh: `缺少申报规则 ${id}`, en: `the filing rule ${id} is missing` }));
  if (!found.ok) return { ok: false, problem: found.problems[0]! };
  const rule = (id: string): DefinedRule => found.rules.get(id)!;
  const trend = bindRule(rule(FILING_RULES.trend), FILING_FIXED_INPUTS.trend);
  const low = bindRule(rule(FILING_RULES.low), FILING_FIXED_INPUTS.low);
  const high = bindRule(rule(FILING_RULES.high), FILING_FIXED_INPUTS.high);
  const { record } = input;
  if (record === undefined) {
    const unsourced = [trend, low, high].flatMap((b) => unsourcedInputs(b, undefined, 'the filing range'));
    if (unsourced.length) return { ok: false, problem: unsourced[0]! };
  }
  const where = { ...(input.file !== undefined ? { file: input.file } : {}), ...(input.row !== undefined ? { row: input.row } : {}) };
  const [q1, q2, q3, q4] = input.quarters.map(fenToYuan);
  const p = trend.call({ q1, q2, q3, q4 }, record, where);
  if (!p.ok) return p;
  const l = low.call({ projection: p.value }, record, where);
  if (!l.ok) return l;
  const h = high.call({ projection: p.value, regionPotential: input.regionPotential }, record, where);
  if (!h.ok) return h;
  const projection = fenOf(p.value);
  const lowFen = fenOf(l.value);
  const highFen = fenOf(h.value);
  if (projection === null || lowFen === null || highFen === null) {
    return { ok: false, problem: problem('FILING_NOT_MONEY', 'rules', '', { zh: '申报规则没有给出金额', en: 'the filing rules did not give amounts' }) };
  }
  return { ok: true, range: { projection, low: lowFen, high: highFen } };
}

type FilingFlagCode = 'BELOW_RANGE' | 'ABOVE_RANGE' | 'STRETCH_BELOW_BASE';

interface FilingFlag {
  code: FilingFlagCode;
  message: Localized;
}

/** Flags a declaration against its suggested range; no flags means it can be confirmed as is. */
export function checkDeclaration(declared: { base: Fen; stretch: Fen }, range: FilingRange): FilingFlag[] {
  // grouped, as the screens print money: 27x a range reads at a glance
  const y = formatYuanGrouped;
  const flags: FilingFlag[] = [];
  if (declared.base < range.low) {
    flags.push({ code: 'BELOW_RANGE', message: { zh: `申报基础目标 ${y(declared.base)} 元低于建议区间 ${y(range.low)}–${y(range.high)} 元`, en: `the declared Base ${y(declared.base)} yuan is below the suggested range ${y(range.low)}-${y(range.high)} yuan` } });
  } else if (declared.base > range.high) {
    flags.push({ code: 'ABOVE_RANGE', message: { zh: `申报基础目标 ${y(declared.base)} 元高于建议区间 ${y(range.low)}–${y(range.high)} 元`, en: `the declared Base ${y(declared.base)} yuan is above the suggested range ${y(range.low)}-${y(range.high)} yuan` } });
  }
  if (declared.stretch < declared.base) {
    flags.push({ code: 'STRETCH_BELOW_BASE', message: { zh: `挑战目标 ${y(declared.stretch)} 元低于基础目标 ${y(declared.base)} 元`, en: `Stretch ${y(declared.stretch)} yuan is below Base ${y(declared.base)} yuan` } });
  }
  return flags;
}

/** Supervisor-confirmed filings (unit id → confirmed Base) as the allocation's `confirmed` option. */
export function confirmedFilings(filings: ReadonlyArray<{ unitId: string; confirmedBase: Fen | null | undefined }>): Record<string, Fen> {
  const out: Record<string, Fen> = {};
  for (const f of filings) if (f.confirmedBase !== null && f.confirmedBase !== undefined) out[f.unitId] = f.confirmedBase;
  return out;
}
