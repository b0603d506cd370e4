/**
 * Shares and weights (占比、权重) are fractions everywhere in a bundle: 0.3 means 30%, in every
 * parameter group, form value and data file, so one number means one thing wherever it is read.
 * Screens may show percentages, but convert at display time. These helpers give every check the
 * same refusal of the percent form (the value, the place and a hint in both languages) and give
 * hosts an exact decimal shift between the two forms.
 */
import { problem, type Localized, type Problem } from './problems.js';

/** The code of a share refused for not being a fraction, wherever it is caught. */
export const NOT_FRACTION = 'PARAM_NOT_FRACTION';

/** `value × 10^places` on the decimal text, so 55 → 0.55 and 0.333 → 33.3 without binary noise. */
function shiftDecimal(value: number, places: number): number {
  const [mantissa, exponent = '0'] = String(value).split('e');
  return Number(`${mantissa}e${Number(exponent) + places}`);
}

/** 30 → 0.3, exactly as the decimal reads (a saved percent migrated to a fraction). */
export const percentToFraction = (percent: number): number => shiftDecimal(percent, -2);

/** 0.3 → 30, exactly as the decimal reads (a fraction shown as a percent). */
export const fractionToPercent = (fraction: number): number => shiftDecimal(fraction, 2);

export const isFraction = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;

/**
 * The hint for a number written in the percent form: 35 reads as "写 0.35 表示 35%"; a value that
 * is no plausible percent either gets the convention itself.
 */
function percentHint(value: unknown, signed = false): Localized {
  const size = typeof value === 'number' && signed ? Math.abs(value) : value;
  if (typeof value === 'number' && typeof size === 'number' && Number.isFinite(size) && size > 1 && size <= 100) {
    const f = percentToFraction(value);
    return { zh: `写 ${f} 表示 ${value}%`, en: `write ${f} for ${value}%` };
  }
  return { zh: '写 0.3 表示 30%', en: 'write 0.3 for 30%' };
}

/**
 * A share or weight that is not a fraction from 0 to 1, refused with its value and the hint.
 * `what` names it for the reader ("评分权重 revenue" / "score weight revenue").
 */
export function notFraction(file: string, pointer: string, what: Localized, value: unknown): Problem {
  const shown = JSON.stringify(value) ?? String(value);
  const hint = percentHint(value);
  return problem(NOT_FRACTION, file, pointer, {
    zh: `${what.zh} 为 ${shown}，应为 0 到 1 之间的小数（${hint.zh}）`,
    en: `${what.en} is ${shown}; it must be a fraction from 0 to 1 (${hint.en})`,
  });
}

/** A cell's text as the number it was meant to be, a trailing % dropped: "60%" and "60" both read 60. */
function cellNumber(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const t = value.trim().replace(/[%％]$/, '');
  return /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)$/.test(t) ? Number(t) : value;
}

/**
 * A table cell that should hold a fraction and does not, refused at its row and column with the
 * value as written and the hint: a percent such as 60 or "60%" reads "写 0.6 表示 60%". `signed`
 * for a change that may go down (a growth correction: -2 reads "写 -0.02 表示 -2%").
 */
export function notFractionCell(file: string, row: number, column: string, what: Localized, value: unknown,
  options: { signed?: boolean; code?: string } = {}): Problem {
  const shown = typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value));
  const hint = percentHint(cellNumber(value), options.signed);
  const range = options.signed ? { zh: '-1 到 1', en: '-1 to 1' } : { zh: '0 到 1', en: '0 to 1' };
  return {
    ...problem(options.code ?? NOT_FRACTION, file, '', {
      zh: `${what.zh} 为 ${shown}，应为 ${range.zh} 之间的小数（${hint.zh}）`,
      en: `${what.en} is ${shown}; it must be a fraction from ${range.en} (${hint.en})`,
    }),
    row, column,
  };
}
