/**
 * Order statistics shared by the pipeline's analysis and the process indicators (days a deal
 * stays in a stage, a duration indicator's typical value), kept apart from the rooms that use them.
 */

/** The median of `values`, null when there are none. */
export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const s = Float64Array.from(values).sort();
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
