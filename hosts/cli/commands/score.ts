/** `target-kit score`: composite scores with their breakdown, competition ranks and awards. */
import {
  buildOrgTree,
  createScorer,
  creditedRevenue,
  parsePeriod,
  startScoreCompany,
  shanghaiDay,
  fenToYuan,
  parseYuan,
  readOrders,
  readSplitAmounts,
  fractionToPercent,
  readSplitTable,
  unknownSharers,
  type Fen,
  type Order,
  type PersonRevenue,
  type OrgUnitInput,
  type Problem,
  type RankedCard,
  type ScoreCard,
} from '../../../plugin/index.js';
import { INVALID_BUNDLE, loadBundleOrFail } from '../bundle-io.js';
import { cell, requireColumns, rowProblem, text } from '../cells.js';
import { NO_POSITIONALS, defineCommand, type OptionValues } from '../command.js';
import { UsageError, say, write, type CommandContext } from '../context.js';
import { NOTHING_WRITTEN, refuse } from '../problems-out.js';
import { tableOrFail } from '../table-input.js';
import { finishStreamedSteps, scanActualsOrFail } from '../actuals-stream.js';
import { dbTimeoutMs, withDatabase } from '../db/database.js';
import { readDbTable } from '../db/track-source.js';
import { emit, outputOf } from '../table-output.js';
import { calendarOf } from '../calendar-input.js';

const scoreHelp = {
  zh: `用法：target-kit score --data <文件> [--units <文件> --within <单位id>] [--bundle <包>]
                       [--splits <文件> [--orders <文件>]]
                       [--out <文件.csv|文件.xlsx|文件.json | csv | json>] [--lang zh|en]

按包中的评分规则与权重计算每人的月度综合分、各维度明细、竞赛排名（1、2、2、4）与名次差距，
以及奖项（进步最快、高毛利榜、月度前三）。

--data    每人一行：id, name, revenue, revenue_target, margin, margin_target, new_customers,
          new_customers_target, satisfaction, compliance[, previous_score]（列名也可用
          revenueTarget 这样的写法；列即评分规则的输入）。缺少数据的行被拒绝，不会得满分。
--db      从数据库读取每人一行：postgres://… 的 PostgreSQL，或 DuckDB 文件（只读打开）；表名 --data-table（默认
          scores），列同 --data。输出与 --data 文件方式相同；--db-timeout 为每条查询最长的秒数（默认 1800）
--units   组织表（id, parent_id, name，如示例公司 units.csv 或目标表），配合 --within
--within  只在这个单位（含下级）内排名与评奖
--splits  业绩分成表：order_id, id, share[, amount]（share 为小数，0.6 表示 60%）。给出后，每人的
          revenue 维度按分成后的金额计算（本人订单加上共享订单按比例精确分到的部分），排名随之
          变化；明细列出每笔共享订单及本人的比例与金额。每笔订单的比例合计须为 1，人员须在 --data 中，否则按
          行号拒绝，不写任何文件。不带 --orders 时，amount 是共享订单的总金额（元），
          --data 的 revenue 是本人未共享的业绩。
--orders  订单表：order_id, id, amount[, date]（id 为下单人；分成表中的订单可不填 id）。
          给出后，每人的 revenue 即全部订单分成后的合计，--data 的 revenue 列不再使用。
--targets 目标表（id, parent_id, name, level, base, stretch）与 --actuals 实际表（id, date, amount）：
          代替 --data，每人的回款与回款目标来自期间进度（目标按已过时间折算），其余维度按人员 id
          生成（示例公司没有这些数据），与 NocoBase 的评分页相同；组织来自目标表，可配合 --within
--period  与 --targets 一起：评分期间（2026-H1、2026-05）；--targets-period 目标所属的较长期间；
          --as-of 截至日期（默认实际数据中最晚的日期）
--out     输出文件，或 csv / json 打印到标准输出（默认 csv）

输出列：id, name, score, rank, gap_to_next，每个维度的 <维度>_normalised、<维度>_weight、
<维度>_points，以及 awards；带 --splits 时另有 credited_revenue 与 shared_deals（如
"o1 60% 600"）。JSON 输出另含每个维度的原始输入。`,
  en: `Usage: target-kit score --data <file> [--units <file> --within <unit id>] [--bundle <bundle>]
                       [--splits <file> [--orders <file>]]
                       [--out <file.csv|file.xlsx|file.json | csv | json>] [--lang zh|en]

Per person: the monthly composite score from the bundle's scoring rules and weights, each
dimension's breakdown, the competition rank (1, 2, 2, 4) and the gap to the next rank, and the
awards (most improved, high-margin board, monthly top 3).

--data    one row per person: id, name, revenue, revenue_target, margin, margin_target,
          new_customers, new_customers_target, satisfaction, compliance[, previous_score]
          (camelCase names such as revenueTarget work too; the columns are the scoring rules'
          inputs). A row missing data is refused, never given full marks.
--db      read the rows per person from a database: PostgreSQL as postgres://…, or a DuckDB file
          (opened read-only); the table is --data-table (default scores), with the columns of --data.
          The output is the --data file's; --db-timeout: the longest one query may run, in seconds (default 1800)
--units   the org table (id, parent_id, name: the sample company's units.csv or a targets
          table), with --within
--within  rank and award only within this unit (and below)
--splits  split credit: order_id, id, share[, amount] (share a fraction, 0.6 = 60%). With it
          each person's revenue dimension is his credited amount (his own orders plus his exact
          share of shared orders) and the ranking follows; the breakdown lists each shared deal
          with his share and credited amount. An order whose shares do not sum to 1 or a person
          not in --data is refused by row, and nothing is written. Without --orders, amount is
          the shared order's full amount (yuan) and --data's revenue is his unshared revenue.
--orders  the orders: order_id, id, amount[, date] (id is who booked it; it may be empty for an
          order in the split table). With it each person's revenue is the credited total of
          all orders and --data's revenue column is not used.
--targets a targets table (id, parent_id, name, level, base, stretch) with --actuals (id, date,
          amount), instead of --data: each rep's revenue and revenue target come from his progress
          in the period (Base pro-rated to the time gone), the other dimensions are seeded by his
          id (the sample company has no such data), as on NocoBase's score page; the org comes
          from the targets table, --within works with it
--period  with --targets: the period scored (2026-H1, 2026-05); --targets-period the longer
          period the targets are for; --as-of the day scored up to (default: the latest actual)
--out     an output file, or csv / json to standard output (csv by default)

Output columns: id, name, score, rank, gap_to_next, for each dimension <dimension>_normalised,
<dimension>_weight and <dimension>_points, and awards; with --splits also credited_revenue and
shared_deals (e.g. "o1 60% 600"). JSON also has each dimension's raw inputs.`,
};

const options = {
  data: { type: 'string' }, units: { type: 'string' }, within: { type: 'string' }, bundle: { type: 'string' }, out: { type: 'string' },
  splits: { type: 'string' }, orders: { type: 'string' },
  targets: { type: 'string' }, actuals: { type: 'string' }, period: { type: 'string' }, 'targets-period': { type: 'string' }, 'as-of': { type: 'string' },
  db: { type: 'string' }, 'data-table': { type: 'string' }, 'db-timeout': { type: 'string' },
} as const;

export const scoreCommand = defineCommand({
  name: 'score',
  synopsis: { zh: '--data <文件>', en: '--data <file>' },
  summary: { zh: '综合评分、明细、排名与奖项', en: 'composite scores, breakdowns, ranks and awards' },
  help: scoreHelp,
  options,
  positionals: NO_POSITIONALS,
  run: score,
});

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

async function score(ctx: CommandContext, o: OptionValues<typeof options>): Promise<void> {
  if (o.db !== undefined) {
    if (o.data !== undefined || o.targets !== undefined || o.actuals !== undefined) {
      throw new UsageError(say(ctx, '--db 从数据库表读取每人一行（--data-table，默认 scores），不能同时给 --data、--targets 或 --actuals', '--db reads the rows per person from a table (--data-table, default scores); it does not take --data, --targets or --actuals'));
    }
    return withDatabase(ctx, o.db, async (db) => scorePeople(ctx, o, await readDbTable(db, o['data-table'] ?? 'scores')), { timeoutMs: dbTimeoutMs(ctx, o['db-timeout']) });
  }
  return scorePeople(ctx, o, undefined);
}

/** Scores the rows per person: the --data file's, or a database table's (--db) read as the same text cells. */
async function scorePeople(ctx: CommandContext, o: OptionValues<typeof options>, fromDb: DataTable | undefined): Promise<void> {
  if (o.targets !== undefined || o.actuals !== undefined) return scoreTracked(ctx, o);
  if (!fromDb && !o.data) throw new UsageError(say(ctx, '缺少 --data（或 --targets 与 --actuals）', '--data (or --targets and --actuals) is required'));
  if ((o.within === undefined) !== (o.units === undefined)) throw new UsageError(say(ctx, '--within 与 --units 需要一起使用', '--within and --units go together'));
  const out = outputOf(ctx, o.out, 'board.xlsx');
  const { bundle } = await loadBundleOrFail(ctx, o.bundle, INVALID_BUNDLE);
  const s = createScorer(bundle);
  if (!s.ok) return refuse(ctx, s.problems, NOTHING_WRITTEN);
  const scorer = s.scorer;
  const table = fromDb ?? await tableOrFail(ctx, o.data as string, { flag: '--data' });
  const problems: Problem[] = requireColumns(table.name, table.columns, [['id']]);
  if (problems.length) return refuse(ctx, problems, NOTHING_WRITTEN);
  if (o.orders !== undefined && o.splits === undefined) throw new UsageError(say(ctx, '--orders 需要与 --splits 一起使用', '--orders goes with --splits'));

  // split credit: each person's revenue becomes his credited amount
  let credited: Map<string, PersonRevenue> | undefined;
  if (o.splits !== undefined) {
    const got = await creditedOf(ctx, table, o.splits, o.orders);
    if (!got.ok) return refuse(ctx, got.problems, NOTHING_WRITTEN);
    credited = got.people;
  }

  const cards: ScoreCard[] = [];
  const seen = new Set<string>();
  const header = new Map(table.columns.map((c) => [camel(c), c]));
  for (const { line, record } of table.rows) {
    const id = text(record.id);
    if (!id || seen.has(id)) {
      problems.push(rowProblem(table.name, line, 'id', 'SCORE_BAD_ID', id ? `id ${id} 重复` : 'id 为空', id ? `id ${id} appears twice` : 'the id is empty'));
      continue;
    }
    seen.add(id);
    const values: Record<string, unknown> = {};
    // each column under its own name, and under its camelCase name where no column has that one:
    // a rule input declared as `training_hours` reads its column as it is spelt, `revenueTarget`
    // reads `revenue_target` (and the breakdown shows the raw cell under the input's name)
    for (const [k, v] of Object.entries(record)) values[k] = typeof v === 'string' && v.trim() === '' ? null : v;
    for (const k of Object.keys(record)) if (!Object.hasOwn(values, camel(k))) values[camel(k)] = values[k];
    const mine = credited?.get(id);
    if (mine) values.revenue = fenToYuan(mine.revenue);
    const previousRaw = text(cell(record, 'previous_score', 'previousScore'));
    const previous = previousRaw === '' ? null : Number(previousRaw);
    if (previous !== null && !Number.isFinite(previous)) {
      problems.push(rowProblem(table.name, line, 'previous_score', 'TABLE_NOT_NUMBER', `previous_score 应为数字，实际是 "${previousRaw}"`, `previous_score must be a number, got "${previousRaw}"`));
      continue;
    }
    const outcome = scorer.score({ id, name: text(record.name) || id, values, previousScore: previous });
    if (!outcome.ok) {
      // the scorer reads the camelCase names; the problem names the column as the table spells it
      for (const p of outcome.problems) {
        const column = typeof p.column === 'string' ? header.get(p.column) ?? p.column : p.column;
        problems.push({ ...p, file: table.name, row: line, ...(column !== undefined ? { column } : {}) });
      }
      continue;
    }
    cards.push(outcome.card);
  }
  if (problems.length) return refuse(ctx, problems, NOTHING_WRITTEN);

  let scope: Parameters<typeof scorer.rank>[1];
  if (o.units !== undefined && o.within !== undefined) {
    const units = await tableOrFail(ctx, o.units, { flag: '--units' });
    const tree = buildOrgTree<OrgUnitInput>(units.rows.map(({ line, record }) => ({
      id: text(record.id), parentId: text(cell(record, 'parent_id', 'parentId')) || null, name: text(record.name), row: line,
    })), units.name);
    if (!tree.ok) return refuse(ctx, tree.problems, NOTHING_WRITTEN);
    if (!tree.tree.get(o.within)) throw new UsageError(say(ctx, `--within：单位 ${o.within} 不在组织表中`, `--within: unit ${o.within} is not in the org table`));
    scope = { tree: tree.tree, within: o.within };
  }
  await emitScores(ctx, out, scorer, scorer.rank(cards, scope), credited);
}

type ScorerOf = Extract<ReturnType<typeof createScorer>, { ok: true }>['scorer'];

async function emitScores(ctx: CommandContext, out: ReturnType<typeof outputOf>, scorer: ScorerOf, ranked: RankedCard[], credited?: Map<string, PersonRevenue>): Promise<void> {
  const awards = scorer.awards(ranked);
  const dims = Object.keys(scorer.weights);
  const columns = ['id', 'name', 'score', 'rank', 'gap_to_next', ...dims.flatMap((d) => [`${d}_normalised`, `${d}_weight`, `${d}_points`]), 'awards', ...(credited ? ['credited_revenue', 'shared_deals'] : [])];
  const awardsOf = (id: string) => awards.filter((a) => a.id === id).map((a) => `${a.award}#${a.place}`).join('; ');
  const rows = ranked.map((c: RankedCard) => {
    const row: Record<string, unknown> = { id: c.id, name: c.name ?? '', score: c.score, rank: c.rank, gap_to_next: c.gapToNext, awards: awardsOf(c.id) };
    for (const d of c.dimensions) {
      row[`${d.dimension}_normalised`] = d.normalised;
      row[`${d.dimension}_weight`] = d.weight;
      row[`${d.dimension}_points`] = d.points;
    }
    const mine = credited?.get(c.id);
    if (credited) {
      row.credited_revenue = mine ? fenToYuan(mine.revenue) : null;
      row.shared_deals = (mine?.shared ?? []).map((s) => `${s.orderId} ${fractionToPercent(s.share)}% ${fenToYuan(s.amount)}`).join('; ');
    }
    return row;
  });
  const jsonRows = ranked.map((c, i) => ({
    ...rows[i],
    dimensions: c.dimensions,
    awards: awards.filter((a) => a.id === c.id).map(({ award, place, value, rule }) => ({ award, place, value, rule })),
    ...(credited ? {
      shared_deals: (credited.get(c.id)?.shared ?? []).map((s) => ({ order_id: s.orderId, share: s.share, amount: fenToYuan(s.amount), order_amount: fenToYuan(s.orderAmount) })),
    } : {}),
  }));
  await emit(ctx, out, columns, rows, jsonRows);
  if (out.path) await write(ctx.stdout, say(ctx, `${ranked.length} 人已评分并排名，${awards.length} 个奖项名额\n`, `${ranked.length} people scored and ranked, ${awards.length} award place(s)\n`));
}

/**
 * `--targets` and `--actuals`: each rep's score inputs from his progress in the period (the
 * runtime's `scoreCompany`, as NocoBase's targetKit:scores and the playground's board compute
 * them), ranked in the company or within --within.
 */
async function scoreTracked(ctx: CommandContext, o: OptionValues<typeof options>): Promise<void> {
  if (!o.targets || !o.actuals) throw new UsageError(say(ctx, '--targets 与 --actuals 需要一起使用', '--targets and --actuals go together'));
  if (o.data !== undefined || o.splits !== undefined || o.units !== undefined) throw new UsageError(say(ctx, '--targets 不能与 --data、--splits 或 --units 同用（组织来自目标表）', '--targets does not go with --data, --splits or --units (the org comes from the targets table)'));
  if (!o.period) throw new UsageError(say(ctx, '缺少 --period（如 2026-H1、2026-05）', '--period is required (e.g. 2026-H1, 2026-05)'));
  const out = outputOf(ctx, o.out, 'board.xlsx');
  const { bundle } = await loadBundleOrFail(ctx, o.bundle, INVALID_BUNDLE);
  const s = createScorer(bundle);
  if (!s.ok) return refuse(ctx, s.problems, NOTHING_WRITTEN);
  const calendar = await calendarOf(ctx, bundle, undefined);
  const period = parsePeriod(o.period);
  if (!period) throw new UsageError(say(ctx, `--period 不是有效期间：${o.period}`, `--period is not a valid period: ${o.period}`));
  // without --targets-period, the targets' own period (a period column) or the scored period
  const targetsPeriod = o['targets-period'] !== undefined ? parsePeriod(o['targets-period']) : undefined;
  if (targetsPeriod === null) throw new UsageError(say(ctx, `--targets-period 不是有效期间：${o['targets-period']}`, `--targets-period is not a valid period: ${o['targets-period']}`));
  const asOf = o['as-of'] !== undefined ? shanghaiDay(o['as-of']) : undefined;
  if (asOf === null) throw new UsageError(say(ctx, `--as-of 不是有效日期：${o['as-of']}`, `--as-of is not a valid day: ${o['as-of']}`));
  const targets = await tableOrFail(ctx, o.targets, { flag: '--targets' });
  // the actuals streamed, as track reads them: a first pass for their latest day, a second booking each row as it comes
  const actuals = await scanActualsOrFail(ctx, o.actuals);
  const steps = startScoreCompany(bundle, {
    targets: { file: targets.name, columns: targets.columns, records: targets.rows },
    actuals: { file: actuals.table.name, columns: actuals.table.columns, latestCell: actuals.latestCell },
    calendar, period, ...(targetsPeriod ? { targetsPeriod } : {}), ...(asOf ? { asOf } : {}),
  });
  if (!steps.ok) return refuse(ctx, steps.problems, NOTHING_WRITTEN);
  const scored = await finishStreamedSteps(ctx, actuals, steps);
  if (targets.columns.includes('period')) await write(ctx.stderr, `${scored.scores.targetsPeriod.message[ctx.lang]}\n`);
  const { tree, people } = scored.scores;
  if (o.within !== undefined && !tree.get(o.within)) throw new UsageError(say(ctx, `--within：单位 ${o.within} 不在目标表中`, `--within: unit ${o.within} is not in the targets table`));
  await emitScores(ctx, out, s.scorer, o.within !== undefined ? s.scorer.rank(people, { tree, within: o.within }) : people);
}

type DataTable = Awaited<ReturnType<typeof tableOrFail>>;

/**
 * Reads --splits (and --orders) into each person's credited revenue. Bad split rows are refused
 * by the credit module's checks; a person not in --data, a bad amount or an order without
 * holder by row.
 */
async function creditedOf(ctx: CommandContext, data: DataTable, splitsPath: string, ordersPath: string | undefined): Promise<{ ok: true; people: Map<string, PersonRevenue> } | { ok: false; problems: Problem[] }> {
  const ids = new Set(data.rows.map(({ record }) => text(record.id)).filter((id) => id !== ''));
  const known = (id: string) => ids.has(id);
  const unknown = (id: string) => ({ code: 'SCORE_UNKNOWN_PERSON', message: { zh: `${id} 不在 --data 中`, en: `${id} is not in --data` } });
  const badAmount = (file: string, row: number, column: string, raw: string) => rowProblem(file, row, column, 'TABLE_NOT_AMOUNT', `${column} 应为金额（元，最多两位小数），实际是 "${raw}"`, `${column} must be an amount in yuan (at most 2 decimals), got "${raw}"`);
  const st = await tableOrFail(ctx, splitsPath, { flag: '--splits' });
  // a table still in percents is refused by the reader with the hint, before "share is missing"
  const percents = readSplitTable([], st.name, st.columns);
  if (!percents.ok) return percents;
  const missing = requireColumns(st.name, st.columns, [['order_id', 'orderId'], ['id'], ['share'], ...(ordersPath === undefined ? [['amount']] : [])]);
  if (missing.length) return { ok: false, problems: missing };
  const read = readSplitTable(st.rows, st.name, st.columns);
  if (!read.ok) return read;
  const problems: Problem[] = unknownSharers(read.splits, st.name, known, unknown);

  let orders: Order[] = [];
  const base = new Map<string, Fen>();
  const blank = new Set<string>();
  if (ordersPath === undefined) {
    // the split table carries each shared order's amount; --data's revenue is the person's own
    const carried = readSplitAmounts(st.rows, st.name, read.splits);
    if (carried.ok) orders = carried.orders;
    else problems.push(...carried.problems);
    for (const { line, record } of data.rows) {
      const raw = text(record.revenue);
      if (raw === '') { blank.add(text(record.id)); continue; } // left to the revenue rule, which refuses a missing value
      const amount = parseYuan(raw);
      if (amount === null) problems.push(badAmount(data.name, line, 'revenue', raw));
      else base.set(text(record.id), amount);
    }
  } else {
    const ot = await tableOrFail(ctx, ordersPath, { flag: '--orders' });
    const miss = requireColumns(ot.name, ot.columns, [['order_id', 'orderId'], ['id'], ['amount']]);
    if (miss.length) return { ok: false, problems: miss };
    const got = readOrders(ot.rows, ot.name, { splits: read.splits, isUnit: known, unknown });
    if (got.ok) orders = got.orders;
    else problems.push(...got.problems);
    for (const id of ids) base.set(id, 0); // everyone's revenue is his credited total, 0 without orders
  }
  if (problems.length) return { ok: false, problems: problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.row ?? 0) - (b.row ?? 0))) };
  const people = creditedRevenue(orders, read.splits, base).people;
  for (const id of blank) people.delete(id);
  return { ok: true, people };
}
