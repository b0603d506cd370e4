/**
 * `target-kit pipeline`: the follow-up pipeline over an opportunities table and an activity
 * history: the funnel, overdue follow-ups, criterion violations and the timeliness ranking.
 * Activities stream (CSV, JSON, NDJSON): the file is read twice — the stage moves, then every
 * activity — and only a few numbers per opportunity are kept, so a million rows fit in bounded
 * memory. Standard input (`--activities -`) cannot be read twice, so it is first copied to a
 * temporary file (disk, not memory), read from there twice and removed. Every bad row is reported
 * by row and column before anything is written.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline as pipeStreams } from 'node:stream/promises';
import {
  buildOrgTree,
  createPipelineAccumulator,
  createPipelineModel,
  ACTIVITY_COLUMNS,
  missingColumns,
  parseInstant,
  readPipelineActivity,
  readOpportunities as readOpportunityTable,
  rollUpPipeline,
  type Activity,
  type Opportunity,
  type OrgTree,
  type PipelineAnalysis,
  type PipelineModel,
  type Problem,
} from '../../../plugin/index.js';
import { INVALID_BUNDLE, loadBundleOrFail } from '../bundle-io.js';
import { cell, requireColumns, rowProblem, text } from '../cells.js';
import { NO_POSITIONALS, defineCommand, type OptionValues } from '../command.js';
import { UsageError, say, write, type CommandContext } from '../context.js';
import { NOTHING_WRITTEN, refuse } from '../problems-out.js';
import { RecordError, formatFromName, readRecords, type RecordSource } from '../records.js';
import { tableOrFail } from '../table-input.js';
import { writeFileAtomic } from '../atomic.js';
import { readTable, tableFormat, writeTable } from '../tables.js';

const pipelineHelp = {
  zh: `用法：target-kit pipeline --opportunities <文件> --activities <文件> [--now <ISO 时间>] [--units <文件>]
                          [--bundle <包>] [--out <文件.json|文件.csv | json | csv>] [--lang zh|en]

按包中的商机阶段、进入/退出条件与跟进时限，分析商机与活动历史：漏斗（到达、转化、转化率）、
逾期的跟进义务、违反阶段条件的推进、跟进及时率排名（竞赛排名）、各阶段停留天数中位数与成交周期。

--opportunities  商机表：id, owner_id, customer, amount, created_at, stage（CSV、XLSX、JSON）
--activities     活动表：id, opportunity_id, owner_id, type, at；type = stage_change 时需 to_stage
                 （转为输单时需 reason）。CSV（UTF-8 或 GBK）、XLSX、JSON、NDJSON；流式读取。
                 "-" 为标准输入（CSV、JSON 或 NDJSON，按内容识别；先写入临时文件再读两遍）。
--now            计算逾期的时间（带时区的 ISO 8601）；默认当前时间。恰好到期仍算按时。
--units          组织表（id, parent_id, name），给出时按团队、大区、公司汇总漏斗与及时率
--out            JSON 文件（全部结果）或 CSV 文件（逾期清单）；默认 JSON 打印到标准输出`,
  en: `Usage: target-kit pipeline --opportunities <file> --activities <file> [--now <ISO time>] [--units <file>]
                          [--bundle <bundle>] [--out <file.json|file.csv | json | csv>] [--lang zh|en]

Reads opportunities and their activity history against the bundle's stages, entry/exit criteria and
follow-up time-outs: the funnel (reached, converted, rate), overdue follow-ups, moves that broke a
criterion, the timeliness ranking (competition style), median days in each stage and the win cycle.

--opportunities  id, owner_id, customer, amount, created_at, stage (CSV, XLSX, JSON)
--activities     id, opportunity_id, owner_id, type, at; to_stage for type = stage_change (and
                 reason for a move to lost). CSV (UTF-8 or GBK), XLSX, JSON, NDJSON; streamed.
                 "-" reads standard input (CSV, JSON or NDJSON, told apart by content; copied to a
                 temporary file first, since the activities are read twice).
--now            the time overdue is judged at (ISO 8601 with its offset); now by default. Meeting
                 an obligation exactly at its due time is on time.
--units          an org table (id, parent_id, name): roll the funnel and timeliness up teams,
                 regions and the company
--out            a JSON file (everything) or a CSV file (the overdue list); JSON on stdout by default`,
};

const options = {
  opportunities: { type: 'string' }, activities: { type: 'string' }, now: { type: 'string' }, units: { type: 'string' },
  bundle: { type: 'string' }, out: { type: 'string' },
} as const;

export const pipelineCommand = defineCommand({
  name: 'pipeline',
  synopsis: { zh: '--opportunities <文件> --activities <文件>', en: '--opportunities <f> --activities <f>' },
  summary: { zh: '商机漏斗、逾期跟进、阶段条件与及时率排名', en: 'funnel, overdue follow-ups, criteria and timeliness ranking' },
  help: pipelineHelp,
  options,
  positionals: NO_POSITIONALS,
  run: pipeline,
});

const OVERDUE_COLUMNS = ['opportunity_id', 'owner_id', 'rule', 'due', 'stage'];
const MAX_PROBLEMS = 200;

/** The name standard input goes by in problems. */
export const STDIN_NAME = '<stdin>';

/**
 * Standard input copied to a temporary file, so that it can be read more than once in bounded
 * memory; `dispose` removes it.
 */
async function spoolStdin(ctx: CommandContext): Promise<{ path: string; dispose: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'target-kit-stdin-'));
  const path = join(dir, 'activities');
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    await pipeStreams(ctx.stdin, createWriteStream(path));
  } catch (e) {
    await dispose();
    throw e;
  }
  return { path, dispose };
}

/**
 * Rows of an activity file one at a time: streamed for CSV, JSON and NDJSON, read whole for XLSX.
 * `-` is standard input (its format told by its content), read as it comes, or from `spooled`
 * where it was copied for a second pass.
 */
export async function* activityRows(ctx: CommandContext, path: string, spooled?: string): AsyncGenerator<{ line: number; record: Record<string, unknown> }> {
  const fromStdin = path === '-';
  const full = resolve(ctx.cwd, fromStdin && spooled !== undefined ? spooled : path);
  const name = fromStdin ? STDIN_NAME : path;
  const source: RecordSource = !fromStdin || spooled !== undefined ? { kind: 'file', path: full, name } : { kind: 'stdin', stream: ctx.stdin };
  if (!fromStdin && tableFormat(path) === 'xlsx') {
    const t = await readTable(full, path);
    if (!t.ok) return refuse(ctx, t.problems, NOTHING_WRITTEN);
    yield* t.rows;
    return;
  }
  if (!fromStdin && !formatFromName(path)) throw new UsageError(say(ctx, '--activities 应为 .csv、.xlsx、.json 或 .ndjson 文件，或 - （标准输入）', '--activities must be a .csv, .xlsx, .json or .ndjson file, or - (standard input)'));
  try {
    for await (const r of readRecords(source)) {
      if (typeof r.value !== 'object' || r.value === null || Array.isArray(r.value)) {
        throw new RecordError(rowProblem(name, r.line ?? r.index, '', 'DATA_NOT_TABLE', '记录应为对象', 'a record must be an object'));
      }
      yield { line: r.line ?? r.index, record: r.value as Record<string, unknown> };
    }
  } catch (e) {
    if (e instanceof RecordError) return refuse(ctx, [e.problem], NOTHING_WRITTEN);
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return refuse(ctx, [rowProblem(name, 0, '', 'FILE_UNREADABLE', `无法读取 ${name}`, `cannot read ${name}`)], NOTHING_WRITTEN);
    throw e;
  }
}

/** A bounded list of problems: the first MAX_PROBLEMS kept, the rest counted. */
export class ProblemList {
  readonly list: Problem[] = [];
  more = 0;
  push(p: Problem): void {
    if (this.list.length < MAX_PROBLEMS) this.list.push(p);
    else this.more++;
  }
  get count(): number { return this.list.length + this.more; }
  async refuseIfAny(ctx: CommandContext): Promise<void> {
    if (!this.count) return;
    if (this.more) this.list.push(rowProblem('', 0, '', 'TOO_MANY_PROBLEMS', `另有 ${this.more} 个问题未列出`, `${this.more} more problem(s) not listed`));
    await refuse(ctx, this.list, () => ({ zh: `${this.count} 个问题，未写入任何文件`, en: `${this.count} problem(s); nothing was written` }));
  }
}

export async function unitsTree(ctx: CommandContext, path: string): Promise<OrgTree> {
  const t = await tableOrFail(ctx, path, { flag: '--units' });
  const problems = requireColumns(t.name, t.columns, [['id'], ['parent_id', 'parentId']]);
  if (problems.length) return refuse(ctx, problems, NOTHING_WRITTEN);
  const built = buildOrgTree(t.rows.map(({ line, record }) => ({ id: text(record.id), parentId: text(cell(record, 'parent_id', 'parentId')) || null, name: text(record.name) || text(record.id), row: line })), t.name);
  if (!built.ok) return refuse(ctx, built.problems, NOTHING_WRITTEN);
  return built.tree;
}

async function pipeline(ctx: CommandContext, o: OptionValues<typeof options>): Promise<void> {
  if (!o.opportunities) throw new UsageError(say(ctx, '缺少 --opportunities', '--opportunities is required'));
  if (!o.activities) throw new UsageError(say(ctx, '缺少 --activities', '--activities is required'));
  const now = o.now !== undefined ? parseInstant(o.now) : Date.now();
  if (now === null) throw new UsageError(say(ctx, `--now 应为带时区的 ISO 8601 时间（如 2026-05-15T18:00:00+08:00），实际是 ${o.now}`, `--now must be an ISO 8601 time with its offset (e.g. 2026-05-15T18:00:00+08:00), got ${o.now}`));
  const out = o.out === undefined || o.out === 'json' ? { format: 'json' as const } : o.out === 'csv' ? { format: 'csv' as const }
    : tableFormat(o.out) === 'json' || tableFormat(o.out) === 'csv' ? { format: tableFormat(o.out) as 'json' | 'csv', path: resolve(ctx.cwd, o.out) } : null;
  if (!out) throw new UsageError(say(ctx, '--out 应为 .json 或 .csv 文件，或 json / csv', '--out must be a .json or .csv file, or json / csv'));
  const { bundle } = await loadBundleOrFail(ctx, o.bundle, INVALID_BUNDLE);
  const m = createPipelineModel(bundle);
  if (!m.ok) return refuse(ctx, m.problems, NOTHING_WRITTEN);
  const model = m.model;
  const tree = o.units !== undefined ? await unitsTree(ctx, o.units) : undefined;

  const opportunities = await readOpportunities(ctx, o.opportunities, model);
  const spool = o.activities === '-' ? await spoolStdin(ctx) : null;
  let r: PipelineAnalysis;
  try {
    r = await analyzeActivities(ctx, o.activities, spool?.path, model, opportunities, now);
  } finally {
    await spool?.dispose();
  }

  const overdue = r.overdue.map((a) => ({ opportunity_id: a.opportunityId, owner_id: a.ownerId, rule: a.rule, due: a.due, stage: a.stage ?? '' }));
  const result: Record<string, unknown> = {
    funnel: r.funnel,
    overdue,
    violations: r.violations.map((v) => ({ opportunity_id: v.opportunityId, owner_id: v.ownerId, stage: v.stage, criterion: v.criterion, from: v.from, to: v.to, at: v.at, message: v.message[ctx.lang] })),
    timeliness: r.timeliness.map((t) => ({ owner_id: t.id, on_time: t.onTime, late: t.late, rate: t.rate, rank: t.rank })),
    days_in_stage: r.daysInStage.map((d) => ({ stage: d.stage, median_days: d.medianDays, stays: d.stays })),
    win_cycle: { median_days: r.winCycle.medianDays, won: r.winCycle.won },
    alerts_cleared: r.alerts.filter((a) => !a.open).length,
  };
  if (tree) {
    const up = rollUpPipeline(r, tree);
    result.funnel_by_unit = Object.fromEntries([...tree.topDown].filter((id) => tree.get(id)!.level !== 'rep').map((id) => [id, up.funnel.get(id)]));
    result.timeliness_by_level = Object.fromEntries([...up.timeliness].map(([level, rows]) => [level, rows.map((t) => ({ id: t.id, on_time: t.onTime, late: t.late, rate: t.rate, rank: t.rank }))]));
  }
  if (out.format === 'csv') {
    if (out.path) await writeTable(out.path, OVERDUE_COLUMNS, overdue);
    else {
      await write(ctx.stdout, OVERDUE_COLUMNS.join(',') + '\n');
      const { csvLine } = await import('../tables.js');
      for (const row of overdue) await write(ctx.stdout, csvLine(OVERDUE_COLUMNS, row) + '\n');
    }
  } else if (out.path) {
    await writeFileAtomic(out.path, JSON.stringify(result, null, 2) + '\n');
  } else {
    await write(ctx.stdout, JSON.stringify(result, null, 2) + '\n');
  }
  if (out.path) {
    await write(ctx.stdout, say(ctx,
      `${opportunities.length} 个商机：逾期 ${overdue.length}，违反条件 ${r.violations.length}，成交 ${r.winCycle.won}\n`,
      `${opportunities.length} opportunities: ${overdue.length} overdue, ${r.violations.length} violation(s), ${r.winCycle.won} won\n`));
  }
}

/** Both passes over the activities (a file, or standard input spooled to `spooled`). */
export async function analyzeActivities(ctx: CommandContext, path: string, spooled: string | undefined, model: PipelineModel, opportunities: Opportunity[], now: number): Promise<PipelineAnalysis> {
  const known = new Set(opportunities.map((x) => x.id));
  const acc = createPipelineAccumulator(model, opportunities);
  const problems = new ProblemList();
  const name = path === '-' ? STDIN_NAME : path;
  let seenColumns = false;
  // pass 1: check every row, collect the stage moves
  for await (const { line, record } of activityRows(ctx, path, spooled)) {
    if (!seenColumns) {
      seenColumns = true;
      const missing = missingColumns(name, Object.keys(record), ACTIVITY_COLUMNS);
      if (missing.length) return refuse(ctx, missing, NOTHING_WRITTEN);
    }
    const a = readActivity(name, line, record, model, known, problems);
    if (a && a.type === 'stage_change' && a.at <= now) acc.addMove(a);
  }
  await problems.refuseIfAny(ctx);
  // pass 2: every activity, counted between the moves
  for await (const { line, record } of activityRows(ctx, path, spooled)) {
    const a = readActivity(name, line, record, model, known, problems);
    if (a && a.at <= now) acc.addActivity(a);
  }
  return acc.finish(now);
}

export async function readOpportunities(ctx: CommandContext, path: string, model: PipelineModel): Promise<Opportunity[]> {
  const t = await tableOrFail(ctx, path, { flag: '--opportunities' });
  const read = readOpportunityTable(model, { file: t.name, columns: t.columns, records: t.rows });
  if (!read.ok) return refuse(ctx, read.problems, NOTHING_WRITTEN);
  return read.opportunities;
}

/** One activity row checked (the runtime's reader); null (with its problems recorded) when bad. */
function readActivity(file: string, line: number, record: Record<string, unknown>, model: PipelineModel, known: ReadonlySet<string>, problems: ProblemList): Activity | null {
  const r = readPipelineActivity(model, file, line, record, known);
  if (r.activity) return r.activity;
  for (const p of r.problems) problems.push(p);
  return null;
}
