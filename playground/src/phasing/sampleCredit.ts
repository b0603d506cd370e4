/**
 * The build's shared deals and product-line mix (示例业绩分成与产品线构成), read back into the
 * plugin's orders, split table and per-team mixes. The sample files in
 * `templates/data/sample-credit/` come from the plugin's seeded `generateSampleCredit`
 * (datasets `SAMPLE_CREDIT_DATASETS`); a build may replace them.
 *
 * - orders (`order_id, id, date, amount, line`): deals won together, on top of the reps' own
 *   actuals; `id` is empty because the split table credits them.
 * - splits (`order_id, id, share`): who shares each order and by how much, as fractions.
 * - line mix (`id, <line> …`): per team, the percent of its reps' own actuals by product line
 *   (the sample actuals carry no line; this is how the sample divides them).
 */
import { parseCsv, problem, readOrders, readProductLines, readSplitTable, splitByLargestRemainder, unknownSharers, type Fen, type LineActual, type LoadedBundle, type Order, type Problem, type SplitTable } from '../../../plugin/index.js';
import { SAMPLE_CREDIT_DATASETS } from '../../../plugin/sample/index.js';
import { companyModel } from '../company/companyModel.js';

const rowProblem = (file: string, row: number, column: string, code: string, zh: string, en: string): Problem =>
  ({ ...problem(code, file, '', { zh, en }), row, column });

interface CreditData {
  orders: Order[];
  splits: SplitTable;
  /** Team id → line id → percent of the team's reps' own actuals. */
  mixes: Map<string, Map<string, number>>;
  /** Why the files cannot be read, by row and column; then the orders (or the mix) are empty and the board shows these instead. */
  problems: Problem[];
}

const textOf = (bundle: LoadedBundle, id: string): { text: string; file: string } | null => {
  const d = bundle.datasets.get(id);
  return d && typeof d.content === 'string' ? { text: d.content, file: d.def.file } : null;
};

const cache = new WeakMap<LoadedBundle, CreditData>();

/**
 * The build's shared deals, split table and line mix; empty when the build has none. Read by the
 * plugin's readers (`readSplitTable`, `readOrders`, `unknownSharers`, as the CLI's score and track):
 * a bad row is refused by row and column in `problems`, never left out.
 */
export function creditData(bundle: LoadedBundle): CreditData {
  const hit = cache.get(bundle);
  if (hit) return hit;
  const out: CreditData = { orders: [], splits: new Map(), mixes: new Map(), problems: [] };
  const orders = textOf(bundle, SAMPLE_CREDIT_DATASETS.orders);
  const splits = textOf(bundle, SAMPLE_CREDIT_DATASETS.splits);
  const mix = textOf(bundle, SAMPLE_CREDIT_DATASETS.lineMix);
  if (orders && splits) {
    const o = parseCsv(orders.text, orders.file);
    const s = parseCsv(splits.text, splits.file);
    if (!o.ok) out.problems.push(o.problem);
    if (!s.ok) out.problems.push(s.problem);
    if (o.ok && s.ok) {
      // the CLI's readers: a bad split or order row is a problem by row and column, never a row left out
      const read = readSplitTable(s.records, splits.file, s.columns);
      if (read.ok) {
        const company = companyModel(bundle);
        const unknown = company.ok ? unknownSharers(read.splits, splits.file, (id) => company.model.tree.get(id) !== undefined) : [];
        const lines = readProductLines(bundle.parameters)?.lines.map((l) => l.id);
        const got = readOrders(o.records, orders.file, { splits: read.splits, ...(lines ? { lines } : {}) });
        out.problems.push(...unknown, ...(got.ok ? [] : got.problems));
        if (!out.problems.length && got.ok) {
          out.splits = read.splits;
          out.orders = got.orders;
        }
      } else out.problems.push(...read.problems);
    }
  }
  if (mix) {
    const m = parseCsv(mix.text, mix.file);
    if (m.ok) {
      const mixes = new Map<string, Map<string, number>>();
      const before = out.problems.length;
      for (const { line, record } of m.records) {
        if (!record.id) { out.problems.push(rowProblem(mix.file, line, 'id', 'LINE_MIX_BAD_ID', 'id 为空', 'the id is empty')); continue; }
        const row = new Map<string, number>();
        for (const [k, v] of Object.entries(record)) {
          if (k === 'id') continue;
          const w = Number(v);
          // shares are fractions in every file: a 68 here is a percent, refused with the hint
          if (v !== '' && Number.isFinite(w) && w >= 0 && w <= 1) row.set(k, w);
          else out.problems.push(rowProblem(mix.file, line, k, 'LINE_MIX_BAD_WEIGHT', `${k} 应为 0 到 1 之间的小数（写 0.68 表示 68%），实际是 "${v}"`, `${k} must be a fraction from 0 to 1 (write 0.68 for 68%), got "${v}"`));
        }
        mixes.set(record.id, row);
      }
      if (out.problems.length === before) out.mixes = mixes;
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
