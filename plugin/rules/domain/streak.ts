/**
 * `streak` (连续周数): how many of the last items satisfy a condition, counting back from the
 * end until one does not. "Weeks below 70% in a row" drives escalation levels.
 */
import { truthy } from '../coerce.js';
import { iterable } from '../operators/arrays.js';
import { builtin, type Builtin } from '../operators/define.js';

export const streak: Builtin = builtin('streak', {
  pure: true,
  arity: { min: 2, max: 2 },
  scopedArgs: [1],
  doc: {
    summary: {
      zh: '[数组, 条件]：从数组末尾往前数，连续满足条件（每项作为 {"var": ""}，同 filter）的项数；遇到第一个不满足的项停止。非数组为 0。',
      en: '[array, condition]: how many trailing items satisfy the condition (each item is {"var": ""}, as in filter), counting back from the end until one fails. 0 for a non-array.',
    },
    examples: [
      { logic: { streak: [{ var: 'weeks' }, { '<': [{ var: '' }, 0.7] }] }, data: { weeks: [0.9, 0.6, 0.8, 0.65, 0.5] }, expect: 2 },
      { logic: { streak: [{ var: 'weeks' }, { '<': [{ var: '' }, 0.7] }] }, data: { weeks: [0.6, 0.75] }, expect: 0 },
      { logic: { streak: [{ var: 'weeks' }, { '<': [{ var: '' }, 0.7] }] }, data: {}, expect: 0 },
    ],
  },
  compile: (args, ctx) => {
    const A = args[0]!.evaluate, each = args[1]!.evaluate, cost = args[1]!.cost + 1;
    return (d) => {
      const items = iterable(A(d), ctx, cost);
      if (items === null) return 0;
      let i = items.length - 1;
      while (i >= 0 && truthy(each(items[i]))) i--;
      return items.length - 1 - i;
    };
  },
});
