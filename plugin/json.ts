/**
 * Reading JSON values of unknown shape (parameter groups, flow data) before a schema or a check
 * has vouched for them. Every room reads them the same way, so the guards live here once, below
 * every room. The rule engine reads data by its own stricter rules (rules/lookup.ts).
 */

/** A plain JSON object: not null, not an array. */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The value at a dotted path (`score.weights`), own properties only; undefined as soon as a step
 * is missing or not an object.
 */
export function valueAtPath(data: unknown, path: string): unknown {
  let v: unknown = data;
  for (const key of path.split('.')) {
    if (typeof v !== 'object' || v === null || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}
