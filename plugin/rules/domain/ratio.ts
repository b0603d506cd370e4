/**
 * `ratio` (达成率): numerator / denominator with a required fallback, because a target of 0,
 * a missing actual or a bad cell must not turn a score into Infinity or NaN.
 */
import { exactOf, leaf, quotient } from '../exact.js';
import { builtin, type Builtin } from '../operators/define.js';

export const ratio: Builtin = builtin('ratio', {
  pure: true,
  arity: { min: 3, max: 3 },
  doc: {
    summary: {
      zh: '[分子, 分母, 兜底值]：分子除以分母；分母为 0、缺失、非有限数，或任一边不是有限数字时，返回兜底值（只在需要时计算）。数字写成的文本（如 CSV 单元格 "45"）按数字计算；空文本、null、布尔值和其他文本都算缺失。',
      en: '[numerator, denominator, fallback]: numerator / denominator; the fallback (evaluated only when needed) when the denominator is 0, missing or not finite, or either side is not a finite number. A number written as text (a CSV cell such as "45") counts as that number; empty text, null, booleans and other text count as missing.',
    },
    examples: [
      { logic: { ratio: [{ var: 'actual' }, { var: 'target' }, 0] }, data: { actual: 45, target: 60 }, expect: 0.75 },
      { logic: { ratio: [{ var: 'actual' }, { var: 'target' }, 0] }, data: { actual: 45, target: 0 }, expect: 0 },
      { logic: { ratio: [{ var: 'actual' }, { var: 'target' }, null] }, data: { target: 60 }, expect: null },
      { logic: { ratio: ['45', '60', -1] }, expect: 0.75 },
      { logic: { ratio: ['', 60, -1] }, expect: -1 },
      { logic: { ratio: ['1,200', 60, -1] }, expect: -1 },
    ],
  },
  compile: (args) => {
    const N = args[0]!.evaluate, D = args[1]!.evaluate, F = args[2]!.evaluate;
    return (d) => {
      let n = N(d), q = D(d);
      if (typeof n !== 'number') n = numericText(n);
      if (typeof q !== 'number') q = numericText(q);
      return q !== 0 && Number.isFinite(n) && Number.isFinite(q) ? (n as number) / (q as number) : F(d);
    };
  },
  // the same, with the exact quotient of the decimals (exact.ts) for comparisons and round
  exact: (args) => {
    const N = args[0]!.evaluate, D = args[1]!.evaluate, F = exactOf(args[2]!);
    return (d) => {
      let n = N(d), q = D(d);
      if (typeof n !== 'number') n = numericText(n);
      if (typeof q !== 'number') q = numericText(q);
      if (q === 0 || !Number.isFinite(n) || !Number.isFinite(q)) return F(d);
      return quotient(leaf(n), leaf(q), (n as number) / (q as number));
    };
  },
});

const NUMERIC_TEXT = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?\s*$/i;

/** A number written plainly as text, or NaN: data from CSV cells and form fields is text. */
function numericText(value: unknown): number {
  return typeof value === 'string' && NUMERIC_TEXT.test(value) ? Number(value) : NaN;
}
