/**
 * Comparison operators: `==` `===` `!=` `!==` `<` `<=` `>` `>=`, with JavaScript semantics
 * as json-logic-js has them (loose equality, string comparison of two strings, three-argument
 * "between" for `<` and `<=`). Numbers and a constant side take a short path.
 */
import { looseEquals, prim } from '../coerce.js';
import { compareExact, exactOf, hasExact, type Exact } from '../exact.js';
import type { CompiledArg, CompileContext, Evaluate } from '../types.js';
import { arg, builtin, shareable, withExtras, type Builtin } from './define.js';

function looseEq(a: CompiledArg, b: CompiledArg, m: number, p: string): Evaluate {
  const A = a.evaluate, B = b.evaluate;
  if (shareable(b)) { const y = b.value; return (d) => looseEquals(A(d), y, m, p); }
  if (shareable(a)) { const x = a.value; return (d) => looseEquals(x, B(d), m, p); }
  return (d) => looseEquals(A(d), B(d), m, p);
}

function strictEq(a: CompiledArg, b: CompiledArg): Evaluate {
  const A = a.evaluate, B = b.evaluate;
  if (shareable(b)) { const y = b.value; return (d) => A(d) === y; }
  if (shareable(a)) { const x = a.value; return (d) => x === B(d); }
  return (d) => A(d) === B(d);
}

function not(f: Evaluate): Evaluate {
  return (d) => !f(d);
}

// `>` and `>=` are `<` and `<=` with the operands swapped: ToPrimitive has no side effects on
// the values a rule can hold, so the order of conversion does not matter.
function less(a: CompiledArg, b: CompiledArg, m: number, p: string): Evaluate {
  const A = a.evaluate, B = b.evaluate;
  const slow = (x: unknown, y: unknown): boolean =>
    (prim(x, m, p) as number) < (prim(y, m, p) as number);
  if (b.constant && typeof b.value === 'number') {
    const y = b.value;
    return (d) => { const x = A(d); return typeof x === 'number' ? x < y : slow(x, y); };
  }
  if (a.constant && typeof a.value === 'number') {
    const x = a.value;
    return (d) => { const y = B(d); return typeof y === 'number' ? x < y : slow(x, y); };
  }
  return (d) => {
    const x = A(d), y = B(d);
    return typeof x === 'number' && typeof y === 'number' ? x < y : slow(x, y);
  };
}

function lessEq(a: CompiledArg, b: CompiledArg, m: number, p: string): Evaluate {
  const A = a.evaluate, B = b.evaluate;
  const slow = (x: unknown, y: unknown): boolean =>
    (prim(x, m, p) as number) <= (prim(y, m, p) as number);
  if (b.constant && typeof b.value === 'number') {
    const y = b.value;
    return (d) => { const x = A(d); return typeof x === 'number' ? x <= y : slow(x, y); };
  }
  if (a.constant && typeof a.value === 'number') {
    const x = a.value;
    return (d) => { const y = B(d); return typeof y === 'number' ? x <= y : slow(x, y); };
  }
  return (d) => {
    const x = A(d), y = B(d);
    return typeof x === 'number' && typeof y === 'number' ? x <= y : slow(x, y);
  };
}

/** `a < b < c` (or `<=`), unless `c` evaluates to undefined: then plain `a < b`. */
function between(args: readonly CompiledArg[], strict: boolean, m: number, p: string): Evaluate {
  const A = arg(args, 0).evaluate, B = arg(args, 1).evaluate, C = arg(args, 2).evaluate;
  const cmp = strict
    ? (x: unknown, y: unknown) => (typeof x === 'number' && typeof y === 'number'
      ? x < y : (prim(x, m, p) as number) < (prim(y, m, p) as number))
    : (x: unknown, y: unknown) => (typeof x === 'number' && typeof y === 'number'
      ? x <= y : (prim(x, m, p) as number) <= (prim(y, m, p) as number));
  return (d) => {
    const a = A(d), b = B(d), c = C(d);
    return c === undefined ? cmp(a, b) : cmp(a, b) && cmp(b, c);
  };
}

/*
 * Exact ordering (exact.ts): when an operand is arithmetic, the comparison decides on the
 * exact decimal values whenever both sides have one, and otherwise on the values exactly as
 * json-logic-js does. Operands are evaluated once each, in the order written.
 */
type Order = '<' | '<=';

function floatOrder(order: Order, m: number, p: string): (x: unknown, y: unknown) => boolean {
  return order === '<'
    ? (x, y) => (typeof x === 'number' && typeof y === 'number' ? x < y : (prim(x, m, p) as number) < (prim(y, m, p) as number))
    : (x, y) => (typeof x === 'number' && typeof y === 'number' ? x <= y : (prim(x, m, p) as number) <= (prim(y, m, p) as number));
}

// both sides have an exact value when neither bound is NaN (e === e); compareExact decides on
// the doubles when they are far enough apart, on the fractions otherwise
function exactPair(order: Order, m: number, p: string): (x: Exact, y: Exact) => boolean {
  const f = floatOrder(order, m, p);
  return order === '<'
    ? (x, y) => (x.e === x.e && y.e === y.e ? compareExact(x, y) < 0 : f(x.v, y.v))
    : (x, y) => (x.e === x.e && y.e === y.e ? compareExact(x, y) <= 0 : f(x.v, y.v));
}

const wantsExact = (args: readonly CompiledArg[], ctx: CompileContext, n: number): boolean =>
  ctx.exact && args.slice(0, n).some(hasExact);

/** `args[0] op args[1]`, or with `swap` `args[1] op args[0]` (for `>` and `>=`), decided exactly. */
function exactTwo(args: readonly CompiledArg[], order: Order, swap: boolean, ctx: CompileContext): Evaluate {
  const A = exactOf(arg(args, 0)), B = exactOf(arg(args, 1));
  const cmp = exactPair(order, ctx.limits.maxResultLength, ctx.pointer);
  return withExtras(args, 2, swap
    ? (d) => { const x = A(d), y = B(d); return cmp(y, x); }
    : (d) => { const x = A(d), y = B(d); return cmp(x, y); });
}

function exactBetween(args: readonly CompiledArg[], order: Order, ctx: CompileContext): Evaluate {
  const A = exactOf(arg(args, 0)), B = exactOf(arg(args, 1)), C = exactOf(arg(args, 2));
  const cmp = exactPair(order, ctx.limits.maxResultLength, ctx.pointer);
  return withExtras(args, 3, (d) => {
    const a = A(d), b = B(d), c = C(d);
    return c.v === undefined ? cmp(a, b) : cmp(a, b) && cmp(b, c);
  });
}

const m2 = (args: readonly CompiledArg[]) => [arg(args, 0), arg(args, 1)] as const;

export const comparisonOperators: Builtin[] = [
  builtin('==', {
    pure: true,
    doc: {
      summary: { zh: '宽松相等（JavaScript 的 ==，会做类型转换）。', en: 'Loose equality (JavaScript ==, with type coercion).' },
      examples: [
        { logic: { '==': [1, '1'] }, expect: true },
        { logic: { '==': [0, false] }, expect: true },
        { logic: { '==': [null, 0] }, expect: false },
      ],
    },
    compile: (args, { limits, pointer }) =>
      withExtras(args, 2, looseEq(...m2(args), limits.maxResultLength, pointer)),
  }),
  builtin('===', {
    pure: true,
    doc: {
      summary: { zh: '严格相等（类型和值都相同）。', en: 'Strict equality (same type and value).' },
      examples: [
        { logic: { '===': [1, 1] }, expect: true },
        { logic: { '===': [1, '1'] }, expect: false },
      ],
    },
    compile: (args) => withExtras(args, 2, strictEq(...m2(args))),
  }),
  builtin('!=', {
    pure: true,
    doc: {
      summary: { zh: '宽松不等（== 的否定）。', en: 'Loose inequality (the negation of ==).' },
      examples: [
        { logic: { '!=': [1, 2] }, expect: true },
        { logic: { '!=': [1, '1'] }, expect: false },
      ],
    },
    compile: (args, { limits, pointer }) =>
      withExtras(args, 2, not(looseEq(...m2(args), limits.maxResultLength, pointer))),
  }),
  builtin('!==', {
    pure: true,
    doc: {
      summary: { zh: '严格不等（=== 的否定）。', en: 'Strict inequality (the negation of ===).' },
      examples: [
        { logic: { '!==': [1, '1'] }, expect: true },
        { logic: { '!==': [1, 1] }, expect: false },
      ],
    },
    compile: (args) => withExtras(args, 2, not(strictEq(...m2(args)))),
  }),
  builtin('>', {
    pure: true,
    doc: {
      summary: {
        zh: '大于。两个字符串按字典序比较，否则按数字比较。一边是算术（+ - * /、ratio）且两边都是有限数字时，按书写的十进制数精确比较：90000.9 / 100001 恰为 0.9（与 json-logic-js 的二进制浮点不同，见 exact.ts）。',
        en: 'Greater than. Two strings compare as text, anything else as numbers. When a side is arithmetic (+ - * /, ratio) and both are finite numbers, the decimals as written are compared exactly: 90000.9 / 100001 is exactly 0.9 (unlike json-logic-js\'s binary doubles; see exact.ts).',
      },
      examples: [
        { logic: { '>': [2, 1] }, expect: true },
        { logic: { '>': ['2', 1] }, expect: true },
        { logic: { '>': [{ var: 'sales' }, 100] }, data: { sales: 80 }, expect: false },
      ],
    },
    compile: (args, ctx) => (wantsExact(args, ctx, 2)
      ? exactTwo(args, '<', true, ctx)
      : withExtras(args, 2, less(arg(args, 1), arg(args, 0), ctx.limits.maxResultLength, ctx.pointer))),
  }),
  builtin('>=', {
    pure: true,
    doc: {
      summary: { zh: '大于或等于。', en: 'Greater than or equal.' },
      examples: [
        { logic: { '>=': [1, 1] }, expect: true },
        { logic: { '>=': [{ var: 'rate' }, 0.9] }, data: { rate: 0.95 }, expect: true },
        {
          logic: { '>=': [{ '/': [{ var: 'actual' }, { var: 'target' }] }, 0.9] },
          data: { actual: 90000.9, target: 100001 },
          expect: true,
          differsFromJsonLogicJs: {
            zh: '90000.9 / 100001 恰好是 90%；二进制浮点得 0.8999999999999999，json-logic-js 判为 false。这里按十进制精确比较。',
            en: '90000.9 / 100001 is exactly 90%; in binary doubles it is 0.8999999999999999 and json-logic-js says false. We compare the decimals exactly.',
          },
        },
      ],
    },
    compile: (args, ctx) => (wantsExact(args, ctx, 2)
      ? exactTwo(args, '<=', true, ctx)
      : withExtras(args, 2, lessEq(arg(args, 1), arg(args, 0), ctx.limits.maxResultLength, ctx.pointer))),
  }),
  builtin('<', {
    pure: true,
    doc: {
      summary: {
        zh: '小于。三个参数时表示 a < b < c（区间，不含端点）。',
        en: 'Less than. With three arguments, a < b < c (exclusive between).',
      },
      examples: [
        { logic: { '<': [1, 2] }, expect: true },
        { logic: { '<': [1, 2, 3] }, expect: true },
        { logic: { '<': [1, 1, 3] }, expect: false },
      ],
    },
    compile: (args, ctx) => {
      const { limits, pointer } = ctx;
      if (args.length >= 3) {
        return wantsExact(args, ctx, 3) ? exactBetween(args, '<', ctx) : withExtras(args, 3, between(args, true, limits.maxResultLength, pointer));
      }
      return wantsExact(args, ctx, 2) ? exactTwo(args, '<', false, ctx) : less(arg(args, 0), arg(args, 1), limits.maxResultLength, pointer);
    },
  }),
  builtin('<=', {
    pure: true,
    doc: {
      summary: {
        zh: '小于或等于。三个参数时表示 a <= b <= c（区间，含端点）。',
        en: 'Less than or equal. With three arguments, a <= b <= c (inclusive between).',
      },
      examples: [
        { logic: { '<=': [1, 1] }, expect: true },
        { logic: { '<=': [1, 1, 3] }, expect: true },
        { logic: { '<=': [1, 4, 3] }, expect: false },
      ],
    },
    compile: (args, ctx) => {
      const { limits, pointer } = ctx;
      if (args.length >= 3) {
        return wantsExact(args, ctx, 3) ? exactBetween(args, '<=', ctx) : withExtras(args, 3, between(args, false, limits.maxResultLength, pointer));
      }
      return wantsExact(args, ctx, 2) ? exactTwo(args, '<=', false, ctx) : lessEq(arg(args, 0), arg(args, 1), limits.maxResultLength, pointer);
    },
  }),
];
