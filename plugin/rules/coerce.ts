/**
 * JavaScript's coercions as json-logic-js relies on them, with one change: turning an array
 * into a string is bounded. Rules can build arrays that contain themselves twice
 * (`[acc, acc]` in a reduce); their string doubles at every step, and every `==`, `<`, `+`,
 * `cat` or `substr` on them would join it. Everything else is the native operator applied to
 * the same primitive values, so results match json-logic-js bit for bit (NaN, -0, Infinity).
 */
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
 * A cycle (only possible in host data) joins as '' like V8 does.
 */
function joinBounded(arr: readonly unknown[], max: number, pointer: string): string {
  const open: Array<readonly unknown[]> = [];
  let out = '';
  let visited = 0;
  const visit = (a: readonly unknown[]): void => {
    open.push(a);
    for (let i = 0; i < a.length; i++) {
      if (i > 0) out += ',';
      const v = a[i];
      if (v === null || v === undefined) {
        // join writes nothing for null and undefined
      } else if (Array.isArray(v)) {
        if (!open.includes(v)) visit(v);
      } else {
        // A template literal is ToString, as join uses (String() would accept symbols).
        out += typeof v === 'string' ? v : `${v as string}`;
      }
      if (out.length > max || ++visited > max) throw limitError(JOINED, max, pointer);
    }
    open.pop();
  };
  visit(arr);
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
