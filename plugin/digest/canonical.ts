/**
 * Canonical JSON: object keys sorted, so the same value always hashes the same. Keys whose
 * value is undefined are left out and undefined array items read as null, as JSON.stringify
 * does, so a value hashes the same before and after a trip through JSON storage.
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record).sort().filter((k) => record[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
