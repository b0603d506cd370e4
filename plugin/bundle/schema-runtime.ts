/**
 * The two helpers ajv's generated validators call at run time (`uniqueItems` and string
 * lengths), written for JSON values so the validators need nothing from ajv itself.
 */

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const bo = b as Record<string, unknown>;
  const ao = a as Record<string, unknown>;
  return ka.every((k) => Object.hasOwn(bo, k) && deepEqual(ao[k], bo[k]));
}

/** Length in Unicode code points, as JSON Schema counts `maxLength`. */
export function ucs2length(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
