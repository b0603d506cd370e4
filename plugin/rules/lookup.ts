/**
 * Reading data by dotted path (`var`, `missing`, `param`), safely: own properties only,
 * never a function, never `__proto__`, `constructor` or `prototype`. json-logic-js walks the
 * prototype chain, so `{"var": "constructor.constructor"}` hands a rule the Function
 * constructor; here every such read is "not found", like a missing key.
 */

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** Canonical array index ("0", "12", not "01" or "-1"), so arrays can be read by number. */
const INDEX = /^(?:0|[1-9][0-9]{0,8})$/;

/** One step of a path, prepared at compile time. */
interface PathStep {
  readonly key: string;
  /** The key as an array index, or -1. */
  readonly index: number;
  readonly forbidden: boolean;
}

export function pathSteps(path: string): PathStep[] {
  return path.split('.').map((key) => ({
    key,
    index: INDEX.test(key) ? Number(key) : -1,
    forbidden: FORBIDDEN.has(key),
  }));
}

/** The own, non-function value of `container[step]`, or undefined. */
export function readStep(container: unknown, step: PathStep): unknown {
  if (container === null || container === undefined || step.forbidden) return undefined;
  if (typeof container === 'object') {
    if (step.index >= 0 && Array.isArray(container)) {
      return step.index < container.length ? readable(container[step.index]) : undefined;
    }
    return Object.hasOwn(container, step.key)
      ? readable((container as Record<string, unknown>)[step.key])
      : undefined;
  }
  // A string's own properties are its indices and `length`; numbers and booleans have none.
  if (typeof container === 'string') {
    if (step.key === 'length') return container.length;
    return step.index >= 0 && step.index < container.length ? container[step.index] : undefined;
  }
  return undefined;
}

function readable(v: unknown): unknown {
  return typeof v === 'function' ? undefined : v;
}

/** Walk `steps` from `data`; undefined when any step is missing (json-logic-js's not_found). */
export function readPath(data: unknown, steps: readonly PathStep[]): unknown {
  let cur = data;
  for (let i = 0; i < steps.length; i++) {
    cur = readStep(cur, steps[i]!);
    if (cur === undefined) return undefined;
  }
  return cur;
}
