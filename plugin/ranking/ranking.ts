/**
 * Competition ranking (竞赛排名): equal values share a rank and the next rank skips, 1, 2, 2, 4.
 * Larger values rank first. The order of people who share a rank comes from a tie-break key
 * (compared item by item, larger first) and then the id, so the listing is deterministic.
 */

interface Rankable {
  id: string;
  value: number;
  tieBreak?: readonly unknown[];
}

interface Ranked<T extends Rankable> {
  item: T;
  rank: number;
  /** How much more value reaches the next better rank; null at rank 1. */
  gapToNext: number | null;
}

function compareKeys(a: readonly unknown[] = [], b: readonly unknown[] = []): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return y - x;
    if (x === undefined || x === null) return 1;
    if (y === undefined || y === null) return -1;
    return String(y) < String(x) ? -1 : 1;
  }
  return 0;
}

export function competitionRank<T extends Rankable>(items: readonly T[], decimals = 2): Ranked<T>[] {
  const sorted = [...items].sort((a, b) => b.value - a.value || compareKeys(a.tieBreak, b.tieBreak) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out: Ranked<T>[] = [];
  const f = 10 ** decimals;
  let previousValue: number | undefined;
  let rank = 0;
  let better: number | undefined;
  sorted.forEach((item, i) => {
    if (item.value !== previousValue) {
      better = previousValue;
      rank = i + 1;
      previousValue = item.value;
    }
    out.push({ item, rank, gapToNext: better === undefined ? null : Math.round((better - item.value) * f) / f });
  });
  return out;
}
