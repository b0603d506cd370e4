/**
 * The sample company's shared deals and product-line mix (示例业绩分成与产品线构成), generated
 * from a seed and committed as data in `templates/data/sample-credit/` (the browser test
 * `targets-over-time` fails when the files drift from this generator; `UPDATE_SAMPLE=1`
 * rewrites them). Read back here into the plugin's orders, split table and per-team mixes.
 *
 * - `orders.csv` (`order_id, id, date, amount, line`): deals won together in 2026-H1, on top of
 *   the reps' own actuals; `id` is empty because the split table credits them.
 * - `splits.csv` (`order_id, id, percent`): who shares each order and by how much (50/50,
 *   60/40, 50/30/20, thirds to four decimals …), mostly inside one team, some across two.
 * - `line-mix.csv` (`id, <line> …`): per team, the percent of its reps' own actuals by product
 *   line (the sample actuals carry no line; this is how the sample divides them).
 */
import {
  parseCsv, parseYuan, readSplits, seededRandom, splitByLargestRemainder,
  type Fen, type LineActual, type LoadedBundle, type Order, type OrgTree, type OrgUnitInput, type Problem, type SplitTable,
} from '../../../plugin/index.js';

export const SAMPLE_CREDIT_SEED = 20260516;
export const SAMPLE_CREDIT_DIR = 'data/sample-credit';
export const CREDIT_DATASET = {
  orders: 'sample-credit-orders',
  splits: 'sample-credit-splits',
  lineMix: 'sample-credit-line-mix',
} as const;

export interface SampleCreditFiles {
  'orders.csv': string;
  'splits.csv': string;
  'line-mix.csv': string;
}

/** Percent patterns of a shared deal, by the number of people on it. */
const PATTERNS: Record<2 | 3, ReadonlyArray<readonly string[]>> = {
  2: [['50', '50'], ['60', '40'], ['70', '30'], ['55.5', '44.5']],
  3: [['50', '30', '20'], ['40', '30', '30'], ['33.3333', '33.3333', '33.3334']],
};

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * `orders` shared deals between `from` and `to` (inclusive, days of 2026 up to the sample's
 * as-of day) among the reps of `tree`, and a line mix for every team. The first order goes to the
 * first rep of the first team (the playground's rep persona), so his breakdown shows one.
 */
export function generateSampleCredit(
  tree: OrgTree<OrgUnitInput>,
  lines: ReadonlyArray<{ id: string; weight: number }>,
  { seed = SAMPLE_CREDIT_SEED, orders = 36, from = '2026-01-05', to = '2026-05-15' } = {},
): SampleCreditFiles {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const teams = tree.topDown.filter((id) => tree.get(id)!.level === 'team' && tree.children(id).length >= 3);
  const start = Date.parse(`${from}T00:00:00Z`);
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - start) / 86_400_000) + 1;
  const totalWeight = lines.reduce((a, l) => a + l.weight, 0);
  const lineOf = () => {
    let x = rnd() * totalWeight;
    for (const l of lines) { x -= l.weight; if (x < 0) return l.id; }
    return lines[lines.length - 1]!.id;
  };

  const orderRows = ['order_id,id,date,amount,line'];
  const splitRows = ['order_id,id,percent'];
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
    const day = new Date(start + Math.floor(rnd() * days) * 86_400_000);
    if (day.getUTCDay() === 0) day.setUTCDate(day.getUTCDate() - 2);
    if (day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() - 1);
    const amount = (20_000 + Math.floor(rnd() * 160_000)) * 100 + Math.floor(rnd() * 100);
    const orderId = `SO-2026-${pad(k + 1, 4)}`;
    orderRows.push(`${orderId},,${day.toISOString().slice(0, 10)},${(amount / 100).toFixed(2)},${lineOf()}`);
    const percents = pick(PATTERNS[n]);
    chosen.forEach((id, i) => splitRows.push(`${orderId},${id},${percents[i]!}`));
  }

  const mixRows = [['id', ...lines.map((l) => l.id)].join(',')];
  for (const team of tree.topDown.filter((id) => tree.get(id)!.level === 'team')) {
    // each line's weight moved by up to ±40%, then whole percents summing to 100
    const jittered = lines.map((l) => l.weight * (0.6 + 0.8 * rnd()));
    mixRows.push([team, ...splitByLargestRemainder(100, jittered).map(String)].join(','));
  }
  const text = (rows: string[]) => `${rows.join('\n')}\n`;
  return { 'orders.csv': text(orderRows), 'splits.csv': text(splitRows), 'line-mix.csv': text(mixRows) };
}

export interface CreditData {
  orders: Order[];
  splits: SplitTable;
  /** Team id → line id → percent of the team's reps' own actuals. */
  mixes: Map<string, Map<string, number>>;
  problems: Problem[];
}

const textOf = (bundle: LoadedBundle, id: string): { text: string; file: string } | null => {
  const d = bundle.datasets.get(id);
  return d && typeof d.content === 'string' ? { text: d.content, file: d.def.file } : null;
};

const cache = new WeakMap<LoadedBundle, CreditData>();

/** The build's shared deals, split table and line mix; empty when the build has none. */
export function creditData(bundle: LoadedBundle): CreditData {
  const hit = cache.get(bundle);
  if (hit) return hit;
  const out: CreditData = { orders: [], splits: new Map(), mixes: new Map(), problems: [] };
  const orders = textOf(bundle, CREDIT_DATASET.orders);
  const splits = textOf(bundle, CREDIT_DATASET.splits);
  const mix = textOf(bundle, CREDIT_DATASET.lineMix);
  if (orders && splits) {
    const o = parseCsv(orders.text, orders.file);
    const s = parseCsv(splits.text, splits.file);
    if (!o.ok) out.problems.push(o.problem);
    if (!s.ok) out.problems.push(s.problem);
    if (o.ok && s.ok) {
      const read = readSplits(s.records.map(({ line, record }) => ({ row: line, orderId: record.order_id, id: record.id, percent: record.percent })), splits.file);
      if (read.ok) out.splits = read.splits;
      else out.problems.push(...read.problems);
      for (const { record } of o.records) {
        const amount = parseYuan(record.amount);
        if (!record.order_id || amount === null) continue;
        out.orders.push({
          orderId: record.order_id, amount,
          ...(record.id ? { id: record.id } : {}), ...(record.date ? { date: record.date } : {}), ...(record.line ? { line: record.line } : {}),
        });
      }
    }
  }
  if (mix) {
    const m = parseCsv(mix.text, mix.file);
    if (m.ok) {
      for (const { record } of m.records) {
        const row = new Map<string, number>();
        for (const [k, v] of Object.entries(record)) if (k !== 'id' && Number(v) >= 0) row.set(k, Number(v));
        if (record.id) out.mixes.set(record.id, row);
      }
    } else out.problems.push(m.problem);
  }
  cache.set(bundle, out);
  return out;
}

/** A rep's own actual split over his team's line mix, exactly; untagged when his team has none. */
export function taggedActual(id: string, amount: Fen, mix: ReadonlyMap<string, number> | undefined): LineActual[] {
  if (!mix || ![...mix.values()].some((w) => w > 0) || amount < 0) return [{ id, amount }];
  const ids = [...mix.keys()];
  return splitByLargestRemainder(amount, ids.map((l) => mix.get(l)!)).map((a, i) => ({ id, amount: a, line: ids[i]! }));
}
