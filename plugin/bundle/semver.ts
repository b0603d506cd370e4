/**
 * Just enough semver to check a bundle's `requires.plugin` range: exact versions, the
 * comparators < <= > >= =, caret and tilde ranges, comparators joined by spaces (and) and
 * `||` (or). Pre-release tags compare as in semver: 1.0.0-rc.1 < 1.0.0.
 */
type Version = [number, number, number, string[]];

function parseVersion(text: string): Version | null {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(text.trim());
  if (!m) return null;
  return [Number(m[1]), Number(m[2]), Number(m[3]), m[4] ? m[4].split('.') : []];
}

function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return Math.sign(d);
  }
  const pa = a[3];
  const pb = b[3];
  if (pa.length === 0 || pb.length === 0) return pa.length === pb.length ? 0 : pa.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) {
      if (nx !== ny) return Math.sign(nx - ny);
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

type Comparator = (v: Version) => boolean;

function comparator(token: string): Comparator | null {
  const m = /^(\^|~|<=|>=|<|>|=)?(.+)$/.exec(token);
  if (!m) return null;
  const op = m[1] ?? '=';
  const base = parseVersion(m[2] as string);
  if (!base) return null;
  const cmp = (v: Version) => compareVersions(v, base);
  switch (op) {
    case '=': return (v) => cmp(v) === 0;
    case '<': return (v) => cmp(v) < 0;
    case '<=': return (v) => cmp(v) <= 0;
    case '>': return (v) => cmp(v) > 0;
    case '>=': return (v) => cmp(v) >= 0;
    case '~': {
      const upper: Version = [base[0], base[1] + 1, 0, ['0']];
      return (v) => cmp(v) >= 0 && compareVersions(v, upper) < 0;
    }
    default: {
      // caret: the left-most non-zero part may not change
      const upper: Version = base[0] > 0 ? [base[0] + 1, 0, 0, ['0']]
        : base[1] > 0 ? [0, base[1] + 1, 0, ['0']]
          : [0, 0, base[2] + 1, ['0']];
      return (v) => cmp(v) >= 0 && compareVersions(v, upper) < 0;
    }
  }
}

/** Whether `version` satisfies `range`; null when the range cannot be parsed. */
export function satisfies(version: string, range: string): boolean | null {
  const v = parseVersion(version);
  if (!v) return null;
  const alternatives = range.split('||').map((alt) =>
    alt.trim().replace(/(<=|>=|<|>|=|\^|~)\s+/g, '$1').split(/\s+/).filter(Boolean).map(comparator));
  if (alternatives.some((alt) => alt.length === 0 || alt.some((c) => c === null))) return null;
  return alternatives.some((alt) => alt.every((c) => (c as Comparator)(v)));
}
