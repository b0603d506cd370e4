/**
 * Arrays: `merge` and the scoped operators `map`, `filter`, `reduce`, `all`, `some`, `none`.
 * The second argument of a scoped operator runs once per item with the item as its data
 * (`reduce` gets `{current, accumulator}`). A non-array input gives [] (the initial value for
 * reduce; false for all and some, true for none), and `all` of [] is false, as in
 * json-logic-js. Arrays longer than `maxIterate` and merges longer than `maxResultLength` are
 * refused: a reduce that doubles a merged array would otherwise eat gigabytes.
 */
import { build, charge } from '../budget.js';
import { truthy } from '../coerce.js';
import { limitError } from '../errors.js';
import type { CompiledArg, CompileContext, Evaluate } from '../types.js';
import { arg, builtin, type Builtin } from './define.js';

const ITERATED = { zh: '遍历的数组长度', en: 'Length of the iterated array' };
const MERGED = { zh: 'merge 结果的长度', en: 'Length of the merge result' };

/**
 * The array to iterate, or null when the input is not an array. Checks the length and charges
 * the whole loop at once, `each` steps an item: one look at the budget per loop, not per item
 * (a loop that stops early, like `some`, is charged as if it ran to the end).
 */
export function iterable(v: unknown, ctx: CompileContext, each: number): unknown[] | null {
  if (!Array.isArray(v)) return null;
  if (v.length > ctx.limits.maxIterate) throw limitError(ITERATED, ctx.limits.maxIterate, ctx.pointer);
  charge(v.length * each, ctx.pointer);
  return v;
}

function merge(args: readonly CompiledArg[], ctx: CompileContext): Evaluate {
  const f = args.map((a) => a.evaluate);
  const max = ctx.limits.maxResultLength;
  return (d) => {
    const values = f.map((g) => g(d));
    let total = 0;
    for (const v of values) total += Array.isArray(v) ? v.length : 1;
    if (total > max) throw limitError(MERGED, max, ctx.pointer);
    build(total, ctx.pointer);
    const out: unknown[] = [];
    for (const v of values) {
      if (Array.isArray(v)) for (let i = 0; i < v.length; i++) out.push(v[i]);
      else out.push(v);
    }
    return out;
  };
}

type Scoped = (items: unknown[], each: Evaluate, d: unknown) => unknown;

/** `{"op": [array, logic]}`: `onItems` runs for arrays, `otherwise` is returned for anything else. */
function scoped(args: readonly CompiledArg[], ctx: CompileContext, otherwise: () => unknown, onItems: Scoped): Evaluate {
  const A = arg(args, 0).evaluate, logic = arg(args, 1), each = logic.evaluate, cost = logic.cost + 1;
  return (d) => {
    const items = iterable(A(d), ctx, cost);
    return items === null ? otherwise() : onItems(items, each, d);
  };
}

const SCOPE = [1] as const;

export const arrayOperators: Builtin[] = [
  builtin('merge', {
    pure: true,
    doc: {
      summary: {
        zh: '把参数合并成一个数组（数组参数展开一层）；结果长度受 maxResultLength 限制。',
        en: 'Merge operands into one array (array operands are flattened one level); capped at maxResultLength.',
      },
      examples: [
        { logic: { merge: [[1, 2], [3, 4]] }, expect: [1, 2, 3, 4] },
        { logic: { merge: [1, 2, [3, [4]]] }, expect: [1, 2, 3, [4]] },
      ],
    },
    compile: merge,
  }),
  builtin('map', {
    pure: true,
    scopedArgs: SCOPE,
    doc: {
      summary: { zh: '对数组每一项计算第二个参数（项本身是 {"var": ""}）。', en: 'Apply the second argument to every item (the item is {"var": ""}).' },
      examples: [
        { logic: { map: [{ var: 'xs' }, { '*': [{ var: '' }, 2] }] }, data: { xs: [1, 2, 3] }, expect: [2, 4, 6] },
        { logic: { map: [{ var: 'missing' }, 1] }, expect: [] },
      ],
    },
    compile: (args, ctx) => scoped(args, ctx, () => [], (items, each) => {
      build(items.length, ctx.pointer);
      const out = new Array<unknown>(items.length);
      for (let i = 0; i < items.length; i++) out[i] = each(items[i]);
      return out;
    }),
  }),
  builtin('filter', {
    pure: true,
    scopedArgs: SCOPE,
    doc: {
      summary: { zh: '保留使第二个参数为真的项。', en: 'Keep the items for which the second argument is truthy.' },
      examples: [
        { logic: { filter: [[1, 2, 3, 4, 5], { '%': [{ var: '' }, 2] }] }, expect: [1, 3, 5] },
      ],
    },
    compile: (args, ctx) => scoped(args, ctx, () => [], (items, each) => {
      const out: unknown[] = [];
      for (let i = 0; i < items.length; i++) if (truthy(each(items[i]))) out.push(items[i]);
      build(out.length, ctx.pointer);
      return out;
    }),
  }),
  builtin('reduce', {
    pure: true,
    scopedArgs: SCOPE,
    doc: {
      summary: {
        zh: '[数组, 逻辑, 初值]：逻辑中 {"var":"current"} 是当前项，{"var":"accumulator"} 是累计值；初值缺省为 null。',
        en: '[array, logic, initial]: in the logic {"var":"current"} is the item and {"var":"accumulator"} the running value; initial defaults to null.',
      },
      examples: [
        {
          logic: { reduce: [{ var: 'xs' }, { '+': [{ var: 'current' }, { var: 'accumulator' }] }, 0] },
          data: { xs: [1, 2, 3, 4] },
          expect: 10,
        },
        { logic: { reduce: [5, { var: 'current' }, 'init'] }, expect: 'init' },
      ],
    },
    compile: (args, ctx) => {
      const A = arg(args, 0).evaluate, logic = arg(args, 1), each = logic.evaluate, cost = logic.cost + 1;
      const init = args.length > 2 && args[2]!.logic !== undefined ? args[2]!.evaluate : () => null;
      return (d) => {
        const source = A(d);
        let acc = init(d);
        const items = iterable(source, ctx, cost);
        if (items === null) return acc;
        for (let i = 0; i < items.length; i++) acc = each({ current: items[i], accumulator: acc });
        return acc;
      };
    },
  }),
  builtin('all', {
    pure: true,
    scopedArgs: SCOPE,
    doc: {
      summary: { zh: '每一项都满足时为真；空数组为假。', en: 'True when every item satisfies the logic; false for an empty array.' },
      examples: [
        { logic: { all: [[1, 2, 3], { '>': [{ var: '' }, 0] }] }, expect: true },
        { logic: { all: [[], { '>': [{ var: '' }, 0] }] }, expect: false },
      ],
    },
    compile: (args, ctx) => scoped(args, ctx, () => false, (items, each) => {
      if (items.length === 0) return false;
      for (let i = 0; i < items.length; i++) if (!truthy(each(items[i]))) return false;
      return true;
    }),
  }),
  builtin('some', {
    pure: true,
    scopedArgs: SCOPE,
    doc: {
      summary: { zh: '至少一项满足时为真。', en: 'True when at least one item satisfies the logic.' },
      examples: [
        { logic: { some: [[-1, 0, 1], { '>': [{ var: '' }, 0] }] }, expect: true },
        { logic: { some: [[], { '>': [{ var: '' }, 0] }] }, expect: false },
      ],
    },
    compile: (args, ctx) => scoped(args, ctx, () => false, (items, each) => {
      for (let i = 0; i < items.length; i++) if (truthy(each(items[i]))) return true;
      return false;
    }),
  }),
  builtin('none', {
    pure: true,
    scopedArgs: SCOPE,
    doc: {
      summary: { zh: '没有任何一项满足时为真（空数组为真）。', en: 'True when no item satisfies the logic (true for an empty array).' },
      examples: [
        { logic: { none: [[-3, -2], { '>': [{ var: '' }, 0] }] }, expect: true },
      ],
    },
    compile: (args, ctx) => scoped(args, ctx, () => true, (items, each) => {
      for (let i = 0; i < items.length; i++) if (truthy(each(items[i]))) return false;
      return true;
    }),
  }),
];
