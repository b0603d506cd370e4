/** `sum` and `avg` of an array, e.g. weekly figures. Items are read like `+` reads them (parseFloat). */
import { parseNum } from '../coerce.js';
import { iterable } from '../operators/arrays.js';
import { builtin, type Builtin } from '../operators/define.js';
import type { CompileContext, Evaluate } from '../types.js';

function total(items: unknown[], ctx: CompileContext): number {
  const m = ctx.limits.maxResultLength;
  let s = 0;
  for (let i = 0; i < items.length; i++) {
    const v = items[i];
    s += typeof v === 'number' ? v : parseNum(v, m, ctx.pointer);
  }
  return s;
}

export const sum: Builtin = builtin('sum', {
  pure: true,
  arity: { min: 1, max: 1 },
  doc: {
    summary: {
      zh: '数组各项之和（各项按 + 的规则读成数字）；非数组为 0。',
      en: 'Sum of the items of an array (read as numbers the way + reads them); 0 for a non-array.',
    },
    examples: [
      { logic: { sum: [{ var: 'weeks' }] }, data: { weeks: [1, 2, 3.5] }, expect: 6.5 },
      { logic: { sum: [{ var: 'none' }] }, data: {}, expect: 0 },
    ],
  },
  compile: (args, ctx): Evaluate => {
    const A = args[0]!.evaluate;
    return (d) => { const items = iterable(A(d), ctx, 1); return items === null ? 0 : total(items, ctx); };
  },
});

export const avg: Builtin = builtin('avg', {
  pure: true,
  arity: { min: 1, max: 1 },
  doc: {
    summary: {
      zh: '数组各项的平均值；空数组或非数组为 null。',
      en: 'Mean of the items of an array; null for an empty array or a non-array.',
    },
    examples: [
      { logic: { avg: [[1, 2, 3, 4]] }, expect: 2.5 },
      { logic: { avg: [[]] }, expect: null },
    ],
  },
  compile: (args, ctx): Evaluate => {
    const A = args[0]!.evaluate;
    return (d) => {
      const items = iterable(A(d), ctx, 1);
      return items === null || items.length === 0 ? null : total(items, ctx) / items.length;
    };
  },
});
