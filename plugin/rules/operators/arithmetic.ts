/**
 * Arithmetic: `+` `-` `*` `/` `%` `min` `max`, exactly as json-logic-js computes them:
 * `+` and `*` parseFloat every operand ("12abc" is 12, "abc" NaN), `*` with one argument
 * returns it untouched and with none fails, `-` with one argument negates, the others use
 * JavaScript's own coercion (null is 0, "3" is 3). Operands that are already numbers skip
 * the parsing: parseFloat(n) is n for every number except -0.
 */
import { parseNum, prim } from '../coerce.js';
import { runtimeError } from '../errors.js';
import { difference, exactOf, negated, product, quotient, sum, type Exact, type ExactEvaluate } from '../exact.js';
import type { CompiledArg, CompileContext, Evaluate } from '../types.js';
import { arg, builtin, byArity, withExtras, type Builtin } from './define.js';

type N = number;

function plus(args: readonly CompiledArg[], m: number, p: string): Evaluate {
  const pf = (v: unknown): number => (typeof v === 'number' ? v : parseNum(v, m, p));
  // The running sum starts at +0 and so is never -0: adding a -0 operand as is gives the
  // same result as adding parseFloat's +0.
  const f = args.map((a) => a.evaluate);
  switch (f.length) {
    case 0: return () => 0;
    case 1: { const a = f[0]!; return (d) => 0 + pf(a(d)); }
    case 2: { const a = f[0]!, b = f[1]!; return (d) => 0 + pf(a(d)) + pf(b(d)); }
    default: {
      // No argument array: a weighted score adds five or more terms per record.
      const n = f.length;
      return (d) => {
        let s = 0;
        for (let i = 0; i < n; i++) s += pf(f[i]!(d));
        return s;
      };
    }
  }
}

function times(args: readonly CompiledArg[], m: number, p: string): Evaluate {
  // Here -0 matters: json-logic-js re-parses the running product, turning -0 into 0.
  const pf = (v: unknown): number => parseNum(v, m, p);
  const num = (v: unknown): number => (typeof v === 'number' ? (v === 0 ? 0 : v) : pf(v));
  if (args.length === 0) {
    return () => {
      throw runtimeError({ zh: '"*" 至少需要一个参数', en: '"*" needs at least one argument' }, p);
    };
  }
  if (args.length === 1) return args[0]!.evaluate;
  const a = args[0]!, b = args[1]!, A = a.evaluate, B = b.evaluate;
  if (args.length === 2) {
    if (a.constant && typeof a.value === 'number') { const x = num(a.value); return (d) => x * num(B(d)); }
    if (b.constant && typeof b.value === 'number') { const y = num(b.value); return (d) => num(A(d)) * y; }
    return (d) => num(A(d)) * num(B(d));
  }
  const f = args.map((x) => x.evaluate);
  return (d) => {
    let r = num(A(d)) * num(B(d));
    for (let i = 2; i < f.length; i++) r = num(r) * num(f[i]!(d));
    return r;
  };
}

function minus(args: readonly CompiledArg[], m: number, p: string): Evaluate {
  const A = arg(args, 0).evaluate, b = arg(args, 1), B = b.evaluate;
  const slow = (x: unknown, y: unknown): number =>
    (y === undefined ? -(prim(x, m, p) as N) : (prim(x, m, p) as N) - (prim(y, m, p) as N));
  if (args.length >= 2 && b.constant && typeof b.value === 'number') {
    const y = b.value;
    return withExtras(args, 2, (d) => { const x = A(d); return typeof x === 'number' ? x - y : slow(x, y); });
  }
  return withExtras(args, 2, (d) => {
    const x = A(d), y = B(d);
    return typeof x === 'number' && typeof y === 'number' ? x - y : slow(x, y);
  });
}

function divide(args: readonly CompiledArg[], m: number, p: string): Evaluate {
  const a = arg(args, 0), b = arg(args, 1), A = a.evaluate, B = b.evaluate;
  const slow = (x: unknown, y: unknown): number => (prim(x, m, p) as N) / (prim(y, m, p) as N);
  if (b.constant && typeof b.value === 'number') {
    const y = b.value;
    return withExtras(args, 2, (d) => { const x = A(d); return typeof x === 'number' ? x / y : slow(x, y); });
  }
  return withExtras(args, 2, (d) => {
    const x = A(d), y = B(d);
    return typeof x === 'number' && typeof y === 'number' ? x / y : slow(x, y);
  });
}

function modulo(args: readonly CompiledArg[], m: number, p: string): Evaluate {
  const A = arg(args, 0).evaluate, B = arg(args, 1).evaluate;
  return withExtras(args, 2, (d) => {
    const x = A(d), y = B(d);
    return typeof x === 'number' && typeof y === 'number'
      ? x % y : (prim(x, m, p) as N) % (prim(y, m, p) as N);
  });
}

function minimum(args: readonly CompiledArg[], m: number, p: string): Evaluate {
  const n = (v: unknown): N => (typeof v === 'number' ? v : prim(v, m, p) as N);
  const a = arg(args, 0), b = arg(args, 1);
  if (args.length === 2 && a.constant && typeof a.value === 'number') {
    const x = a.value, B = b.evaluate;
    return (d) => { const y = B(d); return Math.min(x, typeof y === 'number' ? y : n(y)); };
  }
  return byArity(args, {
    0: () => Infinity,
    1: (x) => Math.min(n(x)),
    2: (x, y) => Math.min(n(x), n(y)),
    3: (x, y, z) => Math.min(n(x), n(y), n(z)),
    many: (xs) => Math.min(...xs.map(n)),
  });
}

function maximum(args: readonly CompiledArg[], m: number, p: string): Evaluate {
  const n = (v: unknown): N => (typeof v === 'number' ? v : prim(v, m, p) as N);
  const a = arg(args, 0), b = arg(args, 1);
  if (args.length === 2 && a.constant && typeof a.value === 'number') {
    const x = a.value, B = b.evaluate;
    return (d) => { const y = B(d); return Math.max(x, typeof y === 'number' ? y : n(y)); };
  }
  return byArity(args, {
    0: () => -Infinity,
    1: (x) => Math.max(n(x)),
    2: (x, y) => Math.max(n(x), n(y)),
    3: (x, y, z) => Math.max(n(x), n(y), n(z)),
    many: (xs) => Math.max(...xs.map(n)),
  });
}

/*
 * Exact evaluators (exact.ts): each evaluates its arguments once, in order, and returns the
 * value json-logic-js computes from them, with the bound and the operands its exact decimal
 * value is computed from (when every operand used is a finite number and no divisor is 0).
 */

/** Evaluate `fs` in order (the extras after the used ones too), returning their results. */
function all(fs: readonly ExactEvaluate[], d: unknown): Exact[] {
  const out = new Array<Exact>(fs.length);
  for (let i = 0; i < fs.length; i++) out[i] = fs[i]!(d);
  return out;
}

function exactPlus(args: readonly CompiledArg[], { limits, pointer }: CompileContext): ExactEvaluate {
  const fs = args.map(exactOf), m = limits.maxResultLength;
  return (d) => {
    const xs = all(fs, d);
    let v = 0;
    for (const x of xs) v += typeof x.v === 'number' ? x.v : parseNum(x.v, m, pointer);
    return sum(xs, v);
  };
}

function exactMinus(args: readonly CompiledArg[], { limits, pointer }: CompileContext): ExactEvaluate {
  const A = exactOf(arg(args, 0)), B = exactOf(arg(args, 1)), extras = args.slice(2).map(exactOf), m = limits.maxResultLength;
  return (d) => {
    const x = A(d), y = B(d);
    for (let i = 0; i < extras.length; i++) extras[i]!(d);
    if (y.v === undefined) return negated(x, -(prim(x.v, m, pointer) as N));
    const v = typeof x.v === 'number' && typeof y.v === 'number' ? x.v - y.v : (prim(x.v, m, pointer) as N) - (prim(y.v, m, pointer) as N);
    return difference(x, y, v);
  };
}

function exactTimes(args: readonly CompiledArg[], { limits, pointer }: CompileContext): ExactEvaluate | undefined {
  if (args.length === 0) return undefined; // fails when run, as json-logic-js does
  if (args.length === 1) return exactOf(args[0]!); // returned untouched
  const fs = args.map(exactOf), m = limits.maxResultLength;
  const num = (v: unknown): number => (typeof v === 'number' ? (v === 0 ? 0 : v) : parseNum(v, m, pointer));
  return (d) => {
    const xs = all(fs, d);
    let v = num(xs[0]!.v) * num(xs[1]!.v);
    for (let i = 2; i < xs.length; i++) v = num(v) * num(xs[i]!.v);
    return product(xs, v);
  };
}

function exactDivide(args: readonly CompiledArg[], { limits, pointer }: CompileContext): ExactEvaluate {
  const A = exactOf(arg(args, 0)), B = exactOf(arg(args, 1)), extras = args.slice(2).map(exactOf), m = limits.maxResultLength;
  return (d) => {
    const x = A(d), y = B(d);
    for (let i = 0; i < extras.length; i++) extras[i]!(d);
    const v = typeof x.v === 'number' && typeof y.v === 'number' ? x.v / y.v : (prim(x.v, m, pointer) as N) / (prim(y.v, m, pointer) as N);
    return quotient(x, y, v);
  };
}

export const arithmeticOperators: Builtin[] = [
  builtin('+', {
    pure: true,
    doc: {
      summary: {
        zh: '求和。每个参数先按 parseFloat 读成数字（"12abc" 为 12，"abc" 为 NaN）；一个参数时即把它转成数字。',
        en: 'Sum. Every operand is read with parseFloat ("12abc" is 12, "abc" NaN); with one operand, casts it to a number.',
      },
      examples: [
        { logic: { '+': [1, 2, 3] }, expect: 6 },
        { logic: { '+': ['3.5'] }, expect: 3.5 },
        { logic: { '+': ['12abc', 1] }, expect: 13 },
      ],
    },
    compile: (args, { limits, pointer }) => plus(args, limits.maxResultLength, pointer),
    exact: exactPlus,
  }),
  builtin('-', {
    pure: true,
    doc: {
      summary: { zh: '减法；一个参数时取负。', en: 'Subtraction; with one operand, negation.' },
      examples: [
        { logic: { '-': [4, 2] }, expect: 2 },
        { logic: { '-': [2] }, expect: -2 },
      ],
    },
    compile: (args, { limits, pointer }) => minus(args, limits.maxResultLength, pointer),
    exact: exactMinus,
  }),
  builtin('*', {
    pure: true,
    doc: {
      summary: {
        zh: '乘积，参数按 parseFloat 读；只有一个参数时原样返回它；没有参数时报错。',
        en: 'Product of operands read with parseFloat; one operand is returned unchanged; none is an error.',
      },
      examples: [
        { logic: { '*': [2, 3, 4] }, expect: 24 },
        { logic: { '*': ['1.5', 2] }, expect: 3 },
        { logic: { '*': ['7'] }, expect: '7' },
      ],
    },
    compile: (args, { limits, pointer }) => times(args, limits.maxResultLength, pointer),
    exact: exactTimes,
  }),
  builtin('/', {
    pure: true,
    doc: {
      summary: {
        zh: '除法（JavaScript 语义：除以 0 得 Infinity 或 NaN；需要兜底时用 ratio）。',
        en: 'Division (JavaScript semantics: dividing by 0 gives Infinity or NaN; use ratio for a fallback).',
      },
      examples: [
        { logic: { '/': [4, 2] }, expect: 2 },
        { logic: { '/': [1, 0] }, expect: Infinity },
      ],
    },
    compile: (args, { limits, pointer }) => divide(args, limits.maxResultLength, pointer),
    exact: exactDivide,
  }),
  builtin('%', {
    pure: true,
    doc: {
      summary: { zh: '取余（符号随被除数）。', en: 'Remainder (takes the sign of the dividend).' },
      examples: [
        { logic: { '%': [101, 2] }, expect: 1 },
        { logic: { '%': [-7, 3] }, expect: -1 },
      ],
    },
    compile: (args, { limits, pointer }) => modulo(args, limits.maxResultLength, pointer),
  }),
  builtin('min', {
    pure: true,
    doc: {
      summary: { zh: '最小值；没有参数时为 Infinity。', en: 'Smallest operand; Infinity with none.' },
      examples: [
        { logic: { min: [1, 2, 3] }, expect: 1 },
        { logic: { min: [1, { '/': [{ var: 'sales' }, { var: 'target' }] }] }, data: { sales: 50, target: 200 }, expect: 0.25 },
      ],
    },
    compile: (args, { limits, pointer }) => minimum(args, limits.maxResultLength, pointer),
  }),
  builtin('max', {
    pure: true,
    doc: {
      summary: { zh: '最大值；没有参数时为 -Infinity。', en: 'Largest operand; -Infinity with none.' },
      examples: [
        { logic: { max: [1, 2, 3] }, expect: 3 },
        { logic: { max: [] }, expect: -Infinity },
      ],
    },
    compile: (args, { limits, pointer }) => maximum(args, limits.maxResultLength, pointer),
  }),
];
