/**
 * The sample company's shared deals and product-line mix (示例业绩分成与产品线构成), from a
 * seed, committed as data in `templates/data/sample-credit/` (tests/sample checks the files are
 * exactly what this makes; `UPDATE_SAMPLE=1` rewrites them). Pure, like the sample company.
 *
 * - `orders.csv` (`order_id, id, date, amount, line`): deals won together in 2026-H1, on top of
 *   the reps' own actuals; `id` is empty because the split table credits them.
 * - `splits.csv` (`order_id, id, share`): who shares each order and by how much, as fractions
 *   summing to 1 (0.5/0.5, 0.6/0.4, 0.5/0.3/0.2, thirds to six decimals …), mostly inside one
 *   team, some across two.
 * - `line-mix.csv` (`id, <line> …`): per team, the share of its reps' own actuals by product
 *   line, as fractions summing to 1 (the sample actuals carry no line; this is how the sample
 *   divides them).
 */
import { addDays, isoWeekday, mustDay, type Day } from '../calendar/index.js';
import { formatYuan, splitByLargestRemainder } from '../money/index.js';
import type { OrgTree, OrgUnitInput } from '../org/index.js';
import { percentToFraction } from '../fractions.js';
import { seededRandom } from '../random.js';

const SAMPLE_CREDIT_SEED = 20260516;

/** The bundle datasets (templates/bundle.json) that hold the three files. */
export const SAMPLE_CREDIT_DATASETS = {
  orders: 'sample-credit-orders',
  splits: 'sample-credit-splits',
  lineMix: 'sample-credit-line-mix',
} as const;

interface SampleCreditFiles {
  'orders.csv': string;
  'splits.csv': string;
  'line-mix.csv': string;
}

interface SampleCreditOptions {
  seed?: number;
  /** How many shared deals. */
  orders?: number;
  /** First and last day a deal may be won (inclusive); weekends move to the Friday before. */
  from?: Day;
  to?: Day;
}

/** Share patterns of a shared deal, by the number of people on it (fractions summing to 1). */
const PATTERNS: Record<2 | 3, ReadonlyArray<readonly string[]>> = {
  2: [['0.5', '0.5'], ['0.6', '0.4'], ['0.7', '0.3'], ['0.555', '0.445']],
  3: [['0.5', '0.3', '0.2'], ['0.4', '0.3', '0.3'], ['0.333333', '0.333333', '0.333334']],
};

/**
 * `orders` shared deals between `from` and `to` among the reps of `tree` (teams of three reps or
 * more), and a line mix for every team by the lines' weights. The first order goes to the first
 * rep of the first team (the playground's rep persona), so his breakdown shows one.
 */
export function generateSampleCredit(
  tree: OrgTree<OrgUnitInput>,
  lines: ReadonlyArray<{ id: string; weight: number }>,
  options: SampleCreditOptions = {},
): SampleCreditFiles {
  const { seed = SAMPLE_CREDIT_SEED, orders = 36, from = '2026-01-05', to = '2026-05-15' } = options;
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const teams = tree.topDown.filter((id) => tree.get(id)!.level === 'team' && tree.children(id).length >= 3);
  const days = mustDay(to) - mustDay(from) + 1;
  const totalWeight = lines.reduce((a, l) => a + l.weight, 0);
  const lineOf = () => {
    let x = rnd() * totalWeight;
    for (const l of lines) { x -= l.weight; if (x < 0) return l.id; }
    return lines[lines.length - 1]!.id;
  };

  const orderRows = ['order_id,id,date,amount,line'];
  const splitRows = ['order_id,id,share'];
  for (let k = 0; k < orders; k++) {
    const team = k === 0 ? teams[0]! : pick(teams);
    const people = tree.children(team).map((u) => u.id);
    const n: 2 | 3 = rnd() < 0.35 ? 3 : 2;
    const chosen: string[] = k === 0 ? [people[0]!] : [];
    while (chosen.length < n) {
      // about one deal in five takes a partner from a sibling team of the same region
      const across = chosen.length > 0 && rnd() < 0.2;
      const pool = across ? tree.children(tree.get(team)!.parentId!).filter((t) => t.id !== team).flatMap((t) => tree.children(t.id).map((u) => u.id)) : people;
      const id = pick(pool.length ? pool : people);
      if (!chosen.includes(id)) chosen.push(id);
    }
    const won = addDays(from, Math.floor(rnd() * days));
    // deals are signed on working days: Saturday and Sunday move back to Friday
    const day = isoWeekday(won) > 5 ? addDays(won, 5 - isoWeekday(won)) : won;
    const amount = (20_000 + Math.floor(rnd() * 160_000)) * 100 + Math.floor(rnd() * 100);
    const orderId = `SO-2026-${String(k + 1).padStart(4, '0')}`;
    orderRows.push(`${orderId},,${day},${formatYuan(amount)},${lineOf()}`);
    const shares = pick(PATTERNS[n]);
    chosen.forEach((id, i) => splitRows.push(`${orderId},${id},${shares[i]!}`));
  }

  const mixRows = [['id', ...lines.map((l) => l.id)].join(',')];
  for (const team of tree.topDown.filter((id) => tree.get(id)!.level === 'team')) {
    // each line's weight moved by up to ±40%, then shares in whole percents summing to 1, written as fractions
    const jittered = lines.map((l) => l.weight * (0.6 + 0.8 * rnd()));
    mixRows.push([team, ...splitByLargestRemainder(100, jittered).map((p) => String(percentToFraction(p)))].join(','));
  }
  const text = (rows: string[]) => `${rows.join('\n')}\n`;
  return { 'orders.csv': text(orderRows), 'splits.csv': text(splitRows), 'line-mix.csv': text(mixRows) };
}
