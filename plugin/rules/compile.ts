/**
 * Compiles JsonLogic into a tree of closures, once, so a rule runs per record without
 * re-reading its JSON and without generating code (no eval, no Function: strict CSP hosts).
 *
 * Pointer convention (RFC 6901, every token escaped): an operator node `{"op": args}` at
 * pointer P has its arguments at `P/op/i` when `args` is an array and at `P/op` when it is a
 * single value (`{"var": "a"}`); the elements of a literal array at P are at `P/i`. So the
 * `var` inside `{"if": [c, {"var": "x"}]}` is the node `/if/1`, and its path is `/if/1/var`.
 * Errors carry the pointer of the offending node, prefixed with `CompileOptions.pointer`.
 */
import { joinPointer } from '../problems.js';
import { build, checkOutput, createMeter, enter, leave, metered } from './budget.js';
import {
  RULE_ARITY, RULE_DEPTH, RULE_LIMIT, RULE_UNKNOWN_OPERATOR, asRuleError, ruleError,
} from './errors.js';
import type { ExactEvaluate } from './exact.js';
import type {
  CompileContext, CompiledArg, CompiledLogic, EngineLimits, Evaluate, OperatorSpec,
} from './types.js';

export interface OperatorTable {
  get(name: string): OperatorSpec | undefined;
}

/** json-logic-js's `is_logic`: a non-array object with exactly one key. */
export function isLogic(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1;
}

/** Operator name and argument list, with where each argument sits (see the convention above). */
export function operands(node: Record<string, unknown>, pointer: string) {
  const op = Object.keys(node)[0]!;
  const raw = node[op];
  const list = Array.isArray(raw) ? raw : [raw];
  const pointers = Array.isArray(raw)
    ? raw.map((_, i) => joinPointer(pointer, op, i))
    : [joinPointer(pointer, op)];
  return { op, list, pointers };
}

function cloneArrays(v: unknown): unknown {
  return Array.isArray(v) ? v.map(cloneArrays) : v;
}

/** Items in an array and in the arrays inside it: what copying it builds. */
function itemsIn(v: readonly unknown[]): number {
  let n = v.length;
  for (let i = 0; i < v.length; i++) {
    const item = v[i];
    if (Array.isArray(item)) n += itemsIn(item);
  }
  return n;
}

/** A value known at compile time. Arrays are handed out as fresh copies, as json-logic-js does. */
function constantArg(value: unknown, logic: unknown, pointer: string, exact?: ExactEvaluate): CompiledArg {
  let evaluate: Evaluate = () => value;
  let cost = 1;
  if (Array.isArray(value)) {
    const items = itemsIn(value);
    cost += items;
    evaluate = () => {
      build(items, pointer);
      return cloneArrays(value);
    };
  }
  if (!exact) return { evaluate, constant: true, value, logic, pointer, cost };
  const known = exact(undefined);
  return { evaluate, constant: true, value, logic, pointer, cost, exact: () => known };
}

function costOf(args: readonly CompiledArg[]): number {
  let n = 1;
  for (const a of args) n += a.cost;
  return n;
}

export function compileLogic(
  logic: unknown,
  table: OperatorTable,
  limits: Readonly<EngineLimits>,
  basePointer: string,
  params: Record<string, unknown> | undefined,
  exactComparisons: boolean,
  clock: () => number,
): CompiledLogic {
  const node = (value: unknown, pointer: string, depth: number): CompiledArg => {
    if (Array.isArray(value)) return arrayNode(value, pointer, depth + 1);
    if (isLogic(value)) return operatorNode(value, pointer, depth + 1);
    return constantArg(value, value, pointer);
  };

  const checkDepth = (depth: number, pointer: string): void => {
    if (depth > limits.maxDepth) {
      throw ruleError(RULE_DEPTH, {
        zh: `规则嵌套超过 ${limits.maxDepth} 层`,
        en: `Rule is nested deeper than ${limits.maxDepth} levels`,
      }, pointer);
    }
  };

  // An array of logic is evaluated element by element (json-logic-js maps apply over it).
  const arrayNode = (value: unknown[], pointer: string, depth: number): CompiledArg => {
    checkDepth(depth, pointer);
    const items = value.map((v, i) => node(v, joinPointer(pointer, i), depth));
    if (items.every((a) => a.constant)) {
      return constantArg(items.map((a) => a.value), value, pointer);
    }
    const fns = items.map((a) => a.evaluate);
    const n = fns.length;
    const evaluate: Evaluate = (d) => {
      build(n, pointer);
      const out = new Array<unknown>(n);
      for (let i = 0; i < n; i++) out[i] = fns[i]!(d);
      return out;
    };
    return { evaluate, constant: false, value: undefined, logic: value, pointer, cost: costOf(items) };
  };

  const operatorNode = (value: Record<string, unknown>, pointer: string, depth: number): CompiledArg => {
    const { op, list, pointers } = operands(value, pointer);
    const spec = table.get(op);
    if (!spec) {
      throw ruleError(RULE_UNKNOWN_OPERATOR, {
        zh: `未知的运算符 "${op}"`,
        en: `Unknown operator "${op}"`,
      }, pointer);
    }
    checkDepth(depth, pointer);
    const args = list.map((v, i) => node(v, pointers[i]!, depth));
    checkArity(op, spec, args.length, pointer);
    const ctx: CompileContext = { pointer, limits, params, exact: exactComparisons };
    const evaluate = spec.compile ? spec.compile(args, ctx) : eager(spec.apply!, args, pointer);
    const exact = exactComparisons && spec.exact ? spec.exact(args, ctx) : undefined;
    if (spec.pure && args.every((a) => a.constant)) {
      let folded: CompiledArg | undefined;
      try {
        const result = evaluate(undefined);
        checkOutput(result, limits, pointer);
        folded = constantArg(result, value, pointer, exact);
      } catch (e) {
        // Over a limit it would be over it at run time too, on every run: refused now. Any
        // other failure is kept for run time, where json-logic-js would fail too (and only if
        // that branch is taken).
        const error = asRuleError(e, pointer);
        if (error.code === RULE_LIMIT) throw error;
      }
      if (folded) return folded;
    }
    const cost = costOf(args);
    return { evaluate, constant: false, value: undefined, logic: value, pointer, cost, ...(exact ? { exact } : {}) };
  };

  // One budget for the whole compilation (constant folding runs rules), then a fresh one for each run.
  const meter = createMeter(limits, clock);
  const outer = enter(meter);
  let root: Evaluate;
  try {
    root = node(logic, basePointer, 0).evaluate;
  } finally {
    leave(outer);
  }
  return metered(meter, root, basePointer);
}

function checkArity(op: string, spec: OperatorSpec, n: number, pointer: string): void {
  if (!spec.arity) return;
  const { min, max } = spec.arity;
  if (n >= min && (max === undefined || n <= max)) return;
  const want = max === undefined ? `≥ ${min}` : min === max ? `${min}` : `${min}-${max}`;
  throw ruleError(RULE_ARITY, {
    zh: `运算符 "${op}" 需要 ${want} 个参数，实际 ${n} 个`,
    en: `Operator "${op}" takes ${want} argument(s), got ${n}`,
  }, pointer);
}

/** An `apply`-style operator: evaluate every argument, then call it with the data in scope. */
function eager(apply: NonNullable<OperatorSpec['apply']>, args: readonly CompiledArg[], pointer: string): Evaluate {
  const fns = args.map((a) => a.evaluate);
  const n = fns.length;
  return (d) => {
    const values = new Array<unknown>(n);
    for (let i = 0; i < n; i++) values[i] = fns[i]!(d);
    try {
      return apply(values, d);
    } catch (e) {
      throw asRuleError(e, pointer);
    }
  };
}
