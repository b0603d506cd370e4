/**
 * Instants for the pipeline: ISO 8601 times with an offset (or Z) read into epoch milliseconds,
 * and written back in Shanghai time. Time-outs are calendar hours, so plain arithmetic on
 * milliseconds is exact; no working calendar is involved.
 */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const SHANGHAI_MS = 8 * HOUR_MS;

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|z|[+-]\d{2}:?\d{2})$/;

/** Epoch milliseconds of an ISO time with its offset; null for anything else (a bare day, a bad date). */
export function parseInstant(text: string): number | null {
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const s = Number(m[6] ?? '0');
  const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const base = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  if (new Date(base).getUTCDate() !== d) return null;
  const zone = m[8]!;
  let offsetMin = 0;
  if (zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2, 4));
    if (oh > 23 || om > 59) return null;
    offsetMin = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return base - offsetMin * 60_000;
}

/** `2026-03-02T09:30:00+08:00` for an instant. */
export function shanghaiIso(ms: number): string {
  const d = new Date(ms + SHANGHAI_MS).toISOString();
  return `${d.slice(0, 19)}+08:00`;
}

/** The Shanghai day (YYYY-MM-DD) of an instant. */
export function shanghaiDayOf(ms: number): string {
  return new Date(ms + SHANGHAI_MS).toISOString().slice(0, 10);
}

/** Days since 1970-01-01 of the Shanghai day of an instant. */
export function shanghaiDayNumber(ms: number): number {
  return Math.floor((ms + SHANGHAI_MS) / DAY_MS);
}
