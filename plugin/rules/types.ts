/**
 * The public shapes of the rules engine: limits, operator specs and docs, the engine itself.
 * Kept apart from the code so hosts (playground, CLI, NocoBase) can import types alone.
 */
import type { Localized } from '../problems.js';

export interface EngineLimits {
  /** Deepest nesting of operators and literal arrays a rule may have (64). */
  maxDepth: number;
  /** Longest array map/filter/reduce/all/some/none/streak/sum/avg may iterate (100 000). */
  maxIterate: number;
  /** Longest array `merge` may build and longest string `cat` (or any array-to-string) may build (100 000). */
  maxResultLength: number;
  /**
   * Work of one evaluation, in steps (1 000 000): each loop (map, filter, reduce, all, some,
   * none, streak, sum, avg) counts its items times the operators and literal items of its
   * logic, and searches and joins count what they read. Constant folding counts too, on one
   * budget for the whole compilation.
   */
  maxSteps: number;
  /** Array items and characters one evaluation may build, all arrays and strings together (1 000 000). */
  maxBuilt: number;
  /** Size of a result as it would be written out: 1 a value plus the length of each string (1 000 000). */
  maxOutputSize: number;
  /** Nesting of arrays and objects in a result (1 000): deeper data cannot be printed as JSON. */
  maxOutputDepth: number;
  /**
   * Milliseconds one evaluation may run (Infinity: no limit). Read from the clock every
   * 20 000 steps, so a server can keep one request from stalling the others.
   */
  maxMillis: number;
}

interface OperatorExample {
  logic: unknown;
  data?: unknown;
  /** Values for `{"param": ...}` in `logic`, as `CompileOptions.params`. */
  params?: Record<string, unknown>;
  expect: unknown;
  /** Set when json-logic-js gives something else on purpose (safety); says why. */
  differsFromJsonLogicJs?: Localized;
}

interface OperatorDoc {
  summary: Localized;
  examples: OperatorExample[];
}

/** A compiled piece of logic: takes the data in scope (the record, or the item in map/filter...). */
export type Evaluate = (data: unknown) => unknown;

/** One argument of an operator, compiled before the operator itself. */
export interface CompiledArg {
  readonly evaluate: Evaluate;
  /** Known at compile time: a literal, a `param`, or a folded pure expression. */
  readonly constant: boolean;
  /**
   * The constant's value when `constant`. Shared between runs: read it, never hand it out
   * when it is an array (`evaluate` returns a fresh copy, as json-logic-js does).
   */
  readonly value: unknown;
  /** The argument as written, and where it is (absolute JSON pointer). */
  readonly logic: unknown;
  readonly pointer: string;
  /**
   * Set on arithmetic (`+` `-` `*` `/`, `ratio`) when the engine decides exactly: the value
   * together with its exact decimal fraction, for the comparisons and `round` above it.
   */
  readonly exact?: ExactEvaluate;
  /**
   * Steps one evaluation of this argument takes, not counting the loops inside it (they
   * count their own items): its operators and literal items, and the items of a constant
   * array, which is copied on every run. A loop charges it once per item.
   */
  readonly cost: number;
}

export interface CompileContext {
  /** Absolute JSON pointer of the operator node being compiled. */
  readonly pointer: string;
  readonly limits: Readonly<EngineLimits>;
  /** `CompileOptions.params`, for operators that read constants at compile time. */
  readonly params: Record<string, unknown> | undefined;
  /** Comparisons and `round` decide on exact decimals (EngineOptions.exactComparisons). */
  readonly exact: boolean;
}

/**
 * An operator. Give exactly one of `apply` or `compile`:
 * - `apply` (eager): called with the evaluated arguments and the data in scope, like a
 *   json-logic-js `add_operation` function (which got the data as `this`).
 * - `compile` (lazy / control flow): called once at compile time with the compiled
 *   arguments; returns the evaluator. It decides what to evaluate and when, and can
 *   specialise on constant arguments and on arity.
 */
export interface OperatorSpec {
  doc: OperatorDoc;
  apply?: (args: unknown[], data: unknown) => unknown;
  compile?: (args: readonly CompiledArg[], ctx: CompileContext) => Evaluate;
  /** Number of arguments allowed; checked at compile time (standard operators have none). */
  arity?: { min: number; max?: number };
  /** Result depends on argument values only (no data read, no side effect): folded when all are constant. */
  pure?: boolean;
  /** Indexes of arguments evaluated with each array item as data (the `map`/`filter` scope). */
  scopedArgs?: readonly number[];
  /** Built-in arithmetic only: the exact evaluator (see exact.ts); undefined when there is none. */
  exact?: (args: readonly CompiledArg[], ctx: CompileContext) => ExactEvaluate | undefined;
}

export type OperatorKind = 'standard' | 'domain' | 'custom';

export interface CompileOptions {
  /** Base JSON pointer of this logic inside its file, prefixed to every error pointer. */
  pointer?: string;
  /** Values for the `{"param": "a.b"}` operator. */
  params?: Record<string, unknown>;
}

/** A compiled rule; throws `RuleError` at run time. */
export type CompiledLogic = (data?: unknown) => unknown;

export interface RuleVariables {
  /** Data paths read at the top level (dotted, as written; '' is the whole data). */
  paths: Array<{ path: string; pointer: string }>;
  /** Places where a path is computed at run time, so the list above may be incomplete. */
  dynamic: Array<{ pointer: string }>;
}

export interface Engine {
  /** Register an operator on this engine only. Standard operators cannot be replaced. */
  addOperation(name: string, spec: OperatorSpec): void;
  /** Compile once into closures; throws `RuleError` with the pointer of the offending node. */
  compile(logic: unknown, options?: CompileOptions): CompiledLogic;
  /** compile + run. */
  apply(logic: unknown, data?: unknown, options?: CompileOptions): unknown;
  /** The operator table with docs, for the operator reference. */
  operators(): Array<{ name: string; kind: OperatorKind; doc: OperatorDoc }>;
  /** The top-level data paths a rule reads, and where a path is computed at run time. */
  variables(logic: unknown): RuleVariables;
}

export interface EngineOptions {
  limits?: Partial<EngineLimits>;
  /** Milliseconds for `maxMillis` (performance.now by default); tests pass a fake clock. */
  clock?: () => number;
  /**
   * Receives the values passed through `log`. Without it `log` is silent: json-logic-js
   * prints with console.log, which a rules host must not do on every record.
   */
  onLog?: (value: unknown) => void;
  /**
   * Decide ordering comparisons (`<` `<=` `>` `>=`) and `round` on the exact decimal value of
   * the arithmetic beneath them (see exact.ts), so 90000.9 / 100001 >= 0.9. Default true;
   * false gives json-logic-js's binary doubles bit for bit.
   */
  exactComparisons?: boolean;
}

/* Exact decimals (exact.ts): the types live here so that the engine's types need not import it. */
/** n / d with d > 0 (not reduced). */
export interface Fraction {
  readonly n: bigint;
  readonly d: bigint;
}

/**
 * A value as json-logic-js computes it, with how far its exact decimal value may lie from it
 * and what that exact value is made of (computed only when the double cannot decide).
 */
export interface Exact {
  readonly v: unknown;
  /**
   * The exact value X lies within e·|v| of v. 0: v is X (a safe integer, their exact sums);
   * Infinity: no bound known, the fraction decides; NaN: there is no exact value (text, null,
   * a number that is not finite, a divisor of 0), and json-logic-js's doubles decide.
   */
  readonly e: number;
  /** How X is made from `a`, `b` or `parts` (exact.ts): a leaf is the decimal `v` prints as. */
  readonly op: number;
  readonly a: Exact | null;
  readonly b: Exact | null;
  readonly parts: readonly Exact[] | null;
  /** X, once computed (undefined until then; null: none). */
  q: Fraction | null | undefined;
}

export type ExactEvaluate = (data: unknown) => Exact;
