/**
 * Bonus simulator (奖金模拟测算): a rep enters an expected result (or a range) against his Base
 * and Stretch and sees the bonus it would earn and how it is made up: the base bonus on
 * reaching Base, the accelerator between Base and Stretch, the extra above Stretch, the cap.
 * The amounts come from the bonus-* rules; money is exact fen inside, yuan outside.
 */
import { bundleRules, paramAt, ruleInputs, type LoadedBundle } from '../bundle/index.js';
import { fenToYuan, type Fen } from '../money/index.js';
import { problem, type Localized, type Problem } from '../problems.js';

interface BonusInput {
  base: Fen;
  stretch: Fen;
  result: Fen;
  /**
   * The rep's record: any further input a bonus-* rule declares (a region, a role) is read
   * from it by name. `result`, `base` and `stretch` are always the amounts above, in yuan.
   */
  values?: Readonly<Record<string, unknown>>;
}

interface BonusPart {
  part: 'base' | 'accelerator' | 'extra';
  rule: string;
  amount: Fen;
  why: Localized;
}

interface BonusResult {
  input: BonusInput;
  branch: 'below-base' | 'base-to-stretch' | 'above-stretch';
  parts: BonusPart[];
  /** Sum of the parts before the cap. */
  uncapped: Fen;
  cap: Fen;
  capped: boolean;
  bonus: Fen;
  explanation: Localized;
}

interface BonusRange {
  from: BonusResult;
  to: BonusResult;
  /** Evenly spaced results from `from` to `to` with their bonus (monotone, so min and max are the ends). */
  points: Array<{ result: Fen; bonus: Fen }>;
}

export interface BonusSimulator {
  simulate(input: BonusInput): { ok: true; result: BonusResult } | { ok: false; problem: Problem };
  simulateRange(base: Fen, stretch: Fen, from: Fen, to: Fen, steps?: number, values?: BonusInput['values']): { ok: true; range: BonusRange } | { ok: false; problem: Problem };
}

const RULES = ['bonus-base-part', 'bonus-accelerator-part', 'bonus-extra-part', 'bonus-total'] as const;

// One formatter for every explanation: `toLocaleString(locale, options)` builds a new one per
// call, and a board's pace bonuses (every rep of the company, eleven amounts each) spent most
// of their time there.
const yuanText = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });

export function createBonusSimulator(bundle: LoadedBundle): { ok: true; simulator: BonusSimulator } | { ok: false; problems: Problem[] } {
  const got = bundleRules(bundle, RULES);
  if (!got.ok) return got;
  const { rules, defined, params } = got;
  const capYuan = paramAt(params, 'bonus.cap') as number;
  const y = (f: Fen) => yuanText.format(fenToYuan(f));

  const simulate: BonusSimulator['simulate'] = (input) => {
    if (input.stretch < input.base) {
      return { ok: false, problem: problem('BONUS_STRETCH_BELOW_BASE', 'input', '', { zh: '挑战目标不能低于基础目标', en: 'Stretch cannot be below Base' }) };
    }
    const fixed = { result: fenToYuan(input.result), base: fenToYuan(input.base), stretch: fenToYuan(input.stretch) };
    const amounts: Fen[] = [];
    for (const id of RULES) {
      const data = ruleInputs(defined[id], input.values ?? {}, { fixed, file: 'input' });
      if (!data.ok) return { ok: false, problem: data.problems[0]! };
      const o = rules[id](data.data);
      if (!o.ok) return { ok: false, problem: o.problem };
      amounts.push(Math.round((o.value as number) * 100));
    }
    const [basePart, accelerator, extra, total] = amounts as [Fen, Fen, Fen, Fen];
    const uncapped = basePart + accelerator + extra;
    const cap = Math.round(capYuan * 100);
    const branch: BonusResult['branch'] = input.result < input.base || input.base <= 0 ? 'below-base' : input.result <= input.stretch ? 'base-to-stretch' : 'above-stretch';
    const parts: BonusPart[] = [
      { part: 'base', rule: 'bonus-base-part', amount: basePart, why: basePart > 0
        ? { zh: `达到基础目标 ${y(input.base)} 元，得基础奖金`, en: `Base ${y(input.base)} reached: the base bonus` }
        : { zh: `未达基础目标 ${y(input.base)} 元，没有基础奖金`, en: `Base ${y(input.base)} not reached: no base bonus` } },
      { part: 'accelerator', rule: 'bonus-accelerator-part', amount: accelerator, why: { zh: `基础目标与挑战目标之间的业绩按加速比例计`, en: 'the result between Base and Stretch at the accelerator rate' } },
      { part: 'extra', rule: 'bonus-extra-part', amount: extra, why: { zh: `超过挑战目标 ${y(input.stretch)} 元的部分按超额比例计`, en: `the result above Stretch ${y(input.stretch)} at the extra rate` } },
    ];
    const capped = uncapped > cap;
    const explanation: Localized = {
      zh: `${y(basePart)} + ${y(accelerator)} + ${y(extra)} = ${y(uncapped)} 元${capped ? `，超过上限 ${y(cap)} 元，按上限发放` : ''}`,
      en: `${y(basePart)} + ${y(accelerator)} + ${y(extra)} = ${y(uncapped)}${capped ? `, above the cap of ${y(cap)}: the cap is paid` : ''}`,
    };
    return { ok: true, result: { input, branch, parts, uncapped, cap, capped, bonus: total, explanation } };
  };

  const simulateRange: BonusSimulator['simulateRange'] = (base, stretch, from, to, steps = 10, values) => {
    const lo = Math.min(from, to);
    const hi = Math.max(from, to);
    const points: Array<{ result: Fen; bonus: Fen }> = [];
    let first: BonusResult | undefined;
    let last: BonusResult | undefined;
    const n = Math.max(1, Math.floor(steps));
    for (let i = 0; i <= n; i++) {
      const result = lo + Math.round(((hi - lo) * i) / n);
      const r = simulate({ base, stretch, result, ...(values ? { values } : {}) });
      if (!r.ok) return r;
      first ??= r.result;
      last = r.result;
      points.push({ result, bonus: r.result.bonus });
    }
    return { ok: true, range: { from: first as BonusResult, to: last as BonusResult, points } };
  };

  return { ok: true, simulator: { simulate, simulateRange } };
}
