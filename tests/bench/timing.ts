/**
 * Timing helpers shared by bench sections: warm up, then best of N passes over the same
 * records, timed with process.hrtime.bigint. Every pass returns a checksum so V8 cannot drop
 * the work, and so implementations can be checked against each other.
 */

export interface Timing {
  /** Best pass, in milliseconds. */
  ms: number;
  recordsPerSecond: number;
  checksum: number;
}

export function timeBest<R>(records: readonly R[], pass: (records: readonly R[]) => number, passes: number, warmup: readonly R[]): Timing {
  pass(warmup);
  let best = Infinity;
  let checksum = NaN;
  for (let i = 0; i < passes; i++) {
    const start = process.hrtime.bigint();
    checksum = pass(records);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (ms < best) best = ms;
  }
  return { ms: best, recordsPerSecond: (records.length / best) * 1000, checksum };
}

export function formatRate(perSecond: number): string {
  return perSecond >= 1e6 ? `${(perSecond / 1e6).toFixed(2)} M/s` : `${(perSecond / 1e3).toFixed(1)} k/s`;
}
