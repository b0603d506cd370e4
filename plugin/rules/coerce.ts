/**
 * JavaScript's coercions as json-logic-js relies on them, with one change: turning an array
 * into a string is bounded. Rules can build arrays that contain themselves twice
 * (`[acc, acc]` in a reduce); their string doubles at every step, and every `==`, `<`, `+`,
 * `cat` or `substr` on them would join it. Everything else is the native operator applied to
 * the same primitive values, so results match json-logic-js bit for bit (NaN, -0, Infinity).
 */
import { build } from './budget.js';
import { limitError } from './errors.js';

/** JsonLogic truthiness (jsonlogic.com/truthy): `[]` is false, `"0"` is true. */
export function truthy(v: unknown): boolean {
  if (v === true) return true;
  if (v === false) return false;
  return Array.isArray(v) ? v.length !== 0 : !!v;
}

const JOINED = { zh: '数组转成的字符串长度', en: 'Length of an array turned into a string' };

/**
 * `Array.prototype.join(',')` (what JavaScript does to an array that must become a
 * primitive), stopping once the text or the number of visited elements passes `max`.
 * A cycle (only possible in host data) joins as '' like V8 does. Read without recursion, so
 * data nested thousands deep is no matter for the stack; the text built is charged to the
 * evaluation's budget, since a loop may join a long array on every item.
 */
function joinBounded(arr: readonly unknown[], max: number, pointer: string): string {
  // the arrays being joined, outermost first, each with the index of its next element
  const open: Array<readonly unknown[]> = [arr];
  const next: number[] = [0];
  const inOpen = new Set<readonly unknown[]>(open);
  let out = '';
  let visited = 0;
  while (open.length > 0) {
    const top = open.length - 1;
    const a = open[top]!;
    const i = next[top]!;
    if (i >= a.length) {
      inOpen.delete(open.pop()!);
      next.pop();
      continue;
    }
    next[top] = i + 1;
    if (i > 0) out += ',';
    const v = a[i];
    if (v === null || v === undefined) {
      // join writes nothing for null and undefined
    } else if (Array.isArray(v)) {
      if (!inOpen.has(v)) {
        open.push(v);
        next.push(0);
        inOpen.add(v);
      }
    } else {
      // A template literal is ToString, as join uses (String() would accept symbols).
      out += typeof v === 'string' ? v : `${v as string}`;
    }
    if (out.length > max || ++visited > max) throw limitError(JOINED, max, pointer);
  }
  build(out.length + visited, pointer);
  return out;
}

/** The value an operator will see after JavaScript's ToPrimitive, for arrays; others as they are. */
export function prim(v: unknown, max: number, pointer: string): unknown {
  return Array.isArray(v) ? joinBounded(v, max, pointer) : v;
}

/** `String(v)` with bounded array joins. */
export function toStr(v: unknown, max: number, pointer: string): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return joinBounded(v, max, pointer);
  return `${v as string}`;
}

/**
 * `parseFloat(v)` as json-logic-js's `+` and `*` apply it. For a number that is the number
 * itself, except -0 which prints as "0".
 */
export function parseNum(v: unknown, max: number, pointer: string): number {
  if (typeof v === 'number') return v === 0 ? 0 : v;
  return parseFloat(prim(v, max, pointer) as string);
}

function isObject(v: unknown): v is object {
  return v !== null && (typeof v === 'object' || typeof v === 'function');
}

/** `a == b`, joining an array side only when JavaScript would. */
export function looseEquals(a: unknown, b: unknown, max: number, pointer: string): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (isObject(a)) {
    if (isObject(b)) return a === b;
    if (b === null || b === undefined) return false;
    return prim(a, max, pointer) == b;
  }
  if (isObject(b)) {
    if (a === null || a === undefined) return false;
    return a == prim(b, max, pointer);
  }
  return a == b;
}
