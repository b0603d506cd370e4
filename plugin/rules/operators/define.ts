/**
 * Small helpers the built-in operators share: a named operator, missing arguments, and the
 * json-logic-js rule that every argument of an eager operator is evaluated even when the
 * operator ignores it (so an error in it still surfaces).
 */
import type { CompiledArg, CompileContext, Evaluate, OperatorSpec } from '../types.js';

export interface Builtin {
  readonly name: string;
  readonly spec: OperatorSpec;
}

export function builtin(name: string, spec: OperatorSpec): Builtin {
  return { name, spec };
}

const ABSENT: CompiledArg = {
  evaluate: () => undefined,
  constant: true,
  value: undefined,
  logic: undefined,
  pointer: '',
  cost: 0,
};

/** Argument `i`, or a constant `undefined` when not given (json-logic-js's formal parameters). */
export function arg(args: readonly CompiledArg[], i: number): CompiledArg {
  return args[i] ?? ABSENT;
}

/** A constant whose value can be used as is; an array constant must be copied per run (`evaluate`). */
export function shareable(a: CompiledArg): boolean {
  return a.constant && !Array.isArray(a.value);
}

/** `evaluate`, also evaluating the arguments from `used` on (json-logic-js evaluates them all). */
export function withExtras(args: readonly CompiledArg[], used: number, evaluate: Evaluate): Evaluate {
  const extras = args.slice(used).filter((a) => !a.constant).map((a) => a.evaluate);
  if (extras.length === 0) return evaluate;
  return (d) => {
    const r = evaluate(d);
    for (let i = 0; i < extras.length; i++) extras[i]!(d);
    return r;
  };
}

/**
 * Specialise an operator of evaluated arguments by arity, so common shapes run without an
 * argument array. `fn` receives the values; `many` handles four or more.
 */
export function byArity(
  args: readonly CompiledArg[],
  shapes: {
    0: () => unknown;
    1: (a: unknown) => unknown;
    2: (a: unknown, b: unknown) => unknown;
    3: (a: unknown, b: unknown, c: unknown) => unknown;
    many: (values: unknown[]) => unknown;
  },
): Evaluate {
  const f = args.map((a) => a.evaluate);
  switch (f.length) {
    case 0: { const g = shapes[0]; return () => g(); }
    case 1: { const g = shapes[1], a = f[0]!; return (d) => g(a(d)); }
    case 2: { const g = shapes[2], a = f[0]!, b = f[1]!; return (d) => g(a(d), b(d)); }
    case 3: {
      const g = shapes[3], a = f[0]!, b = f[1]!, c = f[2]!;
      return (d) => g(a(d), b(d), c(d));
    }
    default: {
      const g = shapes.many, n = f.length;
      return (d) => {
        const values = new Array<unknown>(n);
        for (let i = 0; i < n; i++) values[i] = f[i]!(d);
        return g(values);
      };
    }
  }
}

