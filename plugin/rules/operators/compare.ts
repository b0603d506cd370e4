/**
 * Comparison operators: `==` `===` `!=` `!==` `<` `<=` `>` `>=`, with JavaScript semantics
 * as json-logic-js has them (loose equality, string comparison of two strings, three-argument
 * "between" for `<` and `<=`). Numbers and a constant side take a short path.
 */
import { looseEquals, prim } from '../coerce.js';
import type { CompiledArg, Evaluate } from '../types.js';
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
      summary: { zh: '大于。两个字符串按字典序比较，否则按数字比较。', en: 'Greater than. Two strings compare as text, anything else as numbers.' },
      examples: [
        { logic: { '>': [2, 1] }, expect: true },
        { logic: { '>': ['2', 1] }, expect: true },
        { logic: { '>': [{ var: 'sales' }, 100] }, data: { sales: 80 }, expect: false },
      ],
    },
    compile: (args, { limits, pointer }) =>
      withExtras(args, 2, less(arg(args, 1), arg(args, 0), limits.maxResultLength, pointer)),
  }),
  builtin('>=', {
    pure: true,
    doc: {
      summary: { zh: '大于或等于。', en: 'Greater than or equal.' },
      examples: [
        { logic: { '>=': [1, 1] }, expect: true },
        { logic: { '>=': [{ var: 'rate' }, 0.9] }, data: { rate: 0.95 }, expect: true },
      ],
    },
    compile: (args, { limits, pointer }) =>
      withExtras(args, 2, lessEq(arg(args, 1), arg(args, 0), limits.maxResultLength, pointer)),
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
    compile: (args, { limits, pointer }) => (args.length >= 3
      ? withExtras(args, 3, between(args, true, limits.maxResultLength, pointer))
      : less(arg(args, 0), arg(args, 1), limits.maxResultLength, pointer)),
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
    compile: (args, { limits, pointer }) => (args.length >= 3
      ? withExtras(args, 3, between(args, false, limits.maxResultLength, pointer))
      : lessEq(arg(args, 0), arg(args, 1), limits.maxResultLength, pointer)),
  }),
];
