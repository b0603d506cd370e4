/**
 * Readers for the most common `var`: one top-level key. V8 keeps inline-cache feedback per
 * function literal, so a single `(d) => d[k]` shared by every key becomes a megamorphic
 * lookup (about 10 ns). Each key seen by this process gets its own literal from this pool,
 * so its loads stay monomorphic; with 64 literals, collisions start after 64 distinct keys
 * (they are then as slow as the shared case, never wrong).
 *
 * Own-property check without `Object.hasOwn` (another 5 ns): for a plain object whose
 * prototype is Object.prototype, a value found under `k` is its own unless Object.prototype
 * itself has `k` (pollution), which the second monomorphic load checks.
 */
import type { Evaluate } from '../types.js';

type R = Record<string, unknown>;
const OP = Object.prototype;
const hasOwn = Object.hasOwn;
const protoOf = Object.getPrototypeOf;

function isRecord(d: unknown): d is object {
  return typeof d === 'object' && d !== null;
}

function ownOf(d: object, v: unknown, k: string, inherited: unknown, nf: unknown): unknown {
  if (v === undefined || typeof v === 'function') return nf;
  return (inherited === undefined && protoOf(d) === OP) || hasOwn(d, k) ? v : nf;
}

/** Not an object: only a string's `length` is readable (index keys never come here). */
function other(d: unknown, k: string, nf: unknown): unknown {
  return typeof d === 'string' && k === 'length' ? d.length : nf;
}

type Reader = (k: string, nf: unknown) => Evaluate;

const POOL: readonly Reader[] = [
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
  (k, nf) => (d) => (isRecord(d) ? ownOf(d, (d as R)[k], k, (OP as R)[k], nf) : other(d, k, nf)),
];

/** First come, first served, so a bundle's first 64 keys never share a literal. */
const slots = new Map<string, number>();
/** Past this many keys (a long-running host compiling arbitrary rules) stop remembering. */
const MAX_REMEMBERED = 4096;

function slotOf(k: string): number {
  const known = slots.get(k);
  if (known !== undefined) return known;
  const slot = slots.size % POOL.length;
  if (slots.size < MAX_REMEMBERED) slots.set(k, slot);
  return slot;
}

/** The reader for `{"var": k}` with not-found value `nf`; `k` is neither forbidden nor an array index. */
export function keyReader(k: string, nf: unknown): Evaluate {
  return POOL[slotOf(k)]!(k, nf);
}
