/** `target-kit score`: composite scores with their breakdown, competition ranks and awards. */
import {
  buildOrgTree,
  createScorer,
  type OrgUnitInput,
  type Problem,
  type RankedCard,
  type ScoreCard,
} from '../../index.js';
import { INVALID_BUNDLE, loadBundleOrFail } from '../bundle-io.js';
import { cell, requireColumns, rowProblem, text } from '../cells.js';
import { NO_POSITIONALS, defineCommand, type OptionValues } from '../command.js';
import { UsageError, say, write, type CommandContext } from '../context.js';
import { NOTHING_WRITTEN, refuse } from '../problems-out.js';
import { tableOrFail } from '../table-input.js';
import { emit, outputOf } from '../table-output.js';

export const scoreHelp = {
  zh: `用法：target-kit score --data <文件> [--units <文件> --within <单位id>] [--bundle <包>]
                       [--out <文件.csv|文件.xlsx|文件.json | csv | json>] [--lang zh|en]

按包中的评分规则与权重计算每人的月度综合分、各维度明细、竞赛排名（1、2、2、4）与名次差距，
以及奖项（进步最快、高毛利榜、月度前三）。

--data    每人一行：id, name, revenue, revenue_target, margin, margin_target, new_customers,
          new_customers_target, satisfaction, compliance[, previous_score]（列名也可用
          revenueTarget 这样的写法；列即评分规则的输入）。缺少数据的行被拒绝，不会得满分。
--units   组织表（id, parent_id, name，如示例公司 units.csv 或目标表），配合 --within
--within  只在这个单位（含下级）内排名与评奖
--out     输出文件，或 csv / json 打印到标准输出（默认 csv）

输出列：id, name, score, rank, gap_to_next，每个维度的 <维度>_normalised、<维度>_weight、
<维度>_points，以及 awards。JSON 输出另含每个维度的原始输入。`,
  en: `Usage: target-kit score --data <file> [--units <file> --within <unit id>] [--bundle <bundle>]
                       [--out <file.csv|file.xlsx|file.json | csv | json>] [--lang zh|en]

Per person: the monthly composite score from the bundle's scoring rules and weights, each
dimension's breakdown, the competition rank (1, 2, 2, 4) and the gap to the next rank, and the
awards (most improved, high-margin board, monthly top 3).

--data    one row per person: id, name, revenue, revenue_target, margin, margin_target,
          new_customers, new_customers_target, satisfaction, compliance[, previous_score]
          (camelCase names such as revenueTarget work too; the columns are the scoring rules'
          inputs). A row missing data is refused, never given full marks.
--units   the org table (id, parent_id, name: the sample company's units.csv or a targets
          table), with --within
--within  rank and award only within this unit (and below)
--out     an output file, or csv / json to standard output (csv by default)

Output columns: id, name, score, rank, gap_to_next, for each dimension <dimension>_normalised,
<dimension>_weight and <dimension>_points, and awards. JSON also has each dimension's raw inputs.`,
};

const options = {
  data: { type: 'string' }, units: { type: 'string' }, within: { type: 'string' }, bundle: { type: 'string' }, out: { type: 'string' },
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
  if (!o.data) throw new UsageError(say(ctx, '缺少 --data', '--data is required'));
  if ((o.within === undefined) !== (o.units === undefined)) throw new UsageError(say(ctx, '--within 与 --units 需要一起使用', '--within and --units go together'));
  const out = outputOf(ctx, o.out, 'board.xlsx');
  const { bundle } = await loadBundleOrFail(ctx, o.bundle, INVALID_BUNDLE);
  const s = createScorer(bundle);
  if (!s.ok) return refuse(ctx, s.problems, NOTHING_WRITTEN);
  const scorer = s.scorer;
  const table = await tableOrFail(ctx, o.data, { flag: '--data' });
  const problems: Problem[] = requireColumns(table.name, table.columns, [['id']]);
  if (problems.length) return refuse(ctx, problems, NOTHING_WRITTEN);

  const cards: ScoreCard[] = [];
  const seen = new Set<string>();
  for (const { line, record } of table.rows) {
    const id = text(record.id);
    if (!id || seen.has(id)) {
      problems.push(rowProblem(table.name, line, 'id', 'SCORE_BAD_ID', id ? `id ${id} 重复` : 'id 为空', id ? `id ${id} appears twice` : 'the id is empty'));
      continue;
    }
    seen.add(id);
    const values: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(record)) values[camel(k)] = typeof v === 'string' && v.trim() === '' ? null : v;
    const previousRaw = text(cell(record, 'previous_score', 'previousScore'));
    const previous = previousRaw === '' ? null : Number(previousRaw);
    if (previous !== null && !Number.isFinite(previous)) {
      problems.push(rowProblem(table.name, line, 'previous_score', 'TABLE_NOT_NUMBER', `previous_score 应为数字，实际是 "${previousRaw}"`, `previous_score must be a number, got "${previousRaw}"`));
      continue;
    }
    const outcome = scorer.score({ id, name: text(record.name) || id, values, previousScore: previous });
    if (!outcome.ok) {
      problems.push({ ...outcome.problem, file: table.name, row: line });
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
  const ranked = scorer.rank(cards, scope);
  const awards = scorer.awards(ranked);
  const dims = Object.keys(scorer.weights);
  const columns = ['id', 'name', 'score', 'rank', 'gap_to_next', ...dims.flatMap((d) => [`${d}_normalised`, `${d}_weight`, `${d}_points`]), 'awards'];
  const awardsOf = (id: string) => awards.filter((a) => a.id === id).map((a) => `${a.award}#${a.place}`).join('; ');
  const rows = ranked.map((c: RankedCard) => {
    const row: Record<string, unknown> = { id: c.id, name: c.name ?? '', score: c.score, rank: c.rank, gap_to_next: c.gapToNext, awards: awardsOf(c.id) };
    for (const d of c.dimensions) {
      row[`${d.dimension}_normalised`] = d.normalised;
      row[`${d.dimension}_weight`] = d.weight;
      row[`${d.dimension}_points`] = d.points;
    }
    return row;
  });
  const jsonRows = ranked.map((c, i) => ({
    ...rows[i],
    dimensions: c.dimensions,
    awards: awards.filter((a) => a.id === c.id).map(({ award, place, value, rule }) => ({ award, place, value, rule })),
  }));
  await emit(ctx, out, columns, rows, jsonRows);
  if (out.path) await write(ctx.stdout, say(ctx, `${ranked.length} 人已评分并排名，${awards.length} 个奖项名额\n`, `${ranked.length} people scored and ranked, ${awards.length} award place(s)\n`));
}
