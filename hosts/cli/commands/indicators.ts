/**
 * `target-kit indicators`: a role's process indicators per person and day from an activity
 * history, the weekly growth curve, anomalies against each person's trailing baseline, the
 * behaviour health index with its coaching steps, and the team playbook. Activities stream in
 * one pass (so standard input, `--activities -`, is read as it comes, never copied); per person
 * only a day × indicator array is kept.
 */
import { resolve } from 'node:path';
import {
  createIndicatorCollector,
  createIndicatorModel,
  dayNumber,
  parseCalendar,
  parseInstant,
  type IndicatorResults,
} from '../../../plugin/index.js';
import { INVALID_BUNDLE, loadBundleOrFail } from '../bundle-io.js';
import { cell, requireColumns, rowProblem, text } from '../cells.js';
import { NO_POSITIONALS, defineCommand, type OptionValues } from '../command.js';
import { UsageError, say, write, type CommandContext } from '../context.js';
import { NOTHING_WRITTEN, refuse } from '../problems-out.js';
import { writeFileAtomic } from '../atomic.js';
import { csvHeader, csvLine, tableFormat, writeTable } from '../tables.js';
import { ProblemList, STDIN_NAME, activityRows, unitsTree } from './pipeline.js';

const indicatorsHelp = {
  zh: `用法：target-kit indicators --activities <文件> [--role rep] [--from <日期>] [--to <日期>] [--units <文件>]
                            [--bundle <包>] [--out <文件.json|文件.csv | json | csv>] [--lang zh|en]

按角色的过程指标（包内参数 indicators），逐人逐日计算指标值、每周成长曲线（旁附团队中位数）、
异常（与本人最近 14 个工作日中位数相差超过 50%，基线过低不报警；同方向连续的异常只报一次）、
行为健康度及辅导（低于阈值每段连续只启动一次），以及团队连续两周低于红线时的三条改进策略。

--activities  活动表：owner_id, type, at（带时区的 ISO 8601），以及指标读取的其他列
              （opportunity_id、to_stage、on_time……）。CSV（UTF-8 或 GBK）、XLSX、JSON、NDJSON；流式读取。
              "-" 为标准输入（CSV、JSON 或 NDJSON，按内容识别；只读一遍，边读边算）。
--role        角色：rep（默认）、customer-success、project-manager
--from --to   日期范围（含两端，上海日期）；默认活动中最早与最晚的日期
--units       组织表（id, parent_id, name）：团队中位数、团队健康度与改进方案需要它
--out         JSON 文件（全部结果）或 CSV 文件（逐人逐日的指标值）；默认 JSON 打印到标准输出`,
  en: `Usage: target-kit indicators --activities <file> [--role rep] [--from <day>] [--to <day>] [--units <file>]
                            [--bundle <bundle>] [--out <file.json|file.csv | json | csv>] [--lang zh|en]

A role's process indicators (parameter indicators) per person and day, the weekly growth curve with
the team median beside it, anomalies (more than 50% away from the person's median of the last 14
working days, no alarm on a tiny baseline; a run in one direction is one alert), the behaviour
health index and its coaching steps (once per streak below the threshold), and three remedial
strategies for a team below the red line two weeks running.

--activities  owner_id, type, at (ISO 8601 with its offset), and any columns the indicators read
              (opportunity_id, to_stage, on_time...). CSV (UTF-8 or GBK), XLSX, JSON, NDJSON; streamed.
              "-" reads standard input (CSV, JSON or NDJSON, told apart by content; one pass, as it comes).
--role        rep (default), customer-success, project-manager
--from --to   the days (both included, Shanghai days); by default the first and last in the data
--units       an org table (id, parent_id, name): the team median, team health and the playbook need it
--out         a JSON file (everything) or a CSV file (per person and day); JSON on stdout by default`,
};

const options = {
  activities: { type: 'string' }, role: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, units: { type: 'string' },
  bundle: { type: 'string' }, out: { type: 'string' },
} as const;

export const indicatorsCommand = defineCommand({
  name: 'indicators',
  synopsis: { zh: '--activities <文件> [--role rep]', en: '--activities <f> [--role rep]' },
  summary: { zh: '过程指标、成长曲线、异常、行为健康度与改进方案', en: 'process indicators, growth curves, anomalies, health and playbook' },
  help: indicatorsHelp,
  options,
  positionals: NO_POSITIONALS,
  run: indicators,
});

async function indicators(ctx: CommandContext, o: OptionValues<typeof options>): Promise<void> {
  if (!o.activities) throw new UsageError(say(ctx, '缺少 --activities', '--activities is required'));
  for (const [flag, v] of [['--from', o.from], ['--to', o.to]] as const) {
    if (v !== undefined && dayNumber(v) === null) throw new UsageError(say(ctx, `${flag} 应为日期（2026-04-15），实际是 ${v}`, `${flag} must be a day (2026-04-15), got ${v}`));
  }
  const out = o.out === undefined || o.out === 'json' ? { format: 'json' as const } : o.out === 'csv' ? { format: 'csv' as const }
    : tableFormat(o.out) === 'json' || tableFormat(o.out) === 'csv' ? { format: tableFormat(o.out) as 'json' | 'csv', path: resolve(ctx.cwd, o.out) } : null;
  if (!out) throw new UsageError(say(ctx, '--out 应为 .json 或 .csv 文件，或 json / csv', '--out must be a .json or .csv file, or json / csv'));
  const { bundle } = await loadBundleOrFail(ctx, o.bundle, INVALID_BUNDLE);
  const m = createIndicatorModel(bundle);
  if (!m.ok) return refuse(ctx, m.problems, NOTHING_WRITTEN);
  const role = o.role ?? 'rep';
  if (!Object.hasOwn(m.model.settings.roles, role)) throw new UsageError(say(ctx, `未知角色 ${role}（${Object.keys(m.model.settings.roles).join('、')}）`, `unknown role ${role} (${Object.keys(m.model.settings.roles).join(', ')})`));
  const tree = o.units !== undefined ? await unitsTree(ctx, o.units) : undefined;
  const calendarSet = [...bundle.datasets.values()].find((d) => d.def.id.startsWith('calendar-'));
  const calendar = calendarSet ? parseCalendar(calendarSet.content, calendarSet.def.file) : undefined;

  const collector = createIndicatorCollector(m.model, { role, ...(o.from !== undefined ? { from: o.from } : {}), ...(o.to !== undefined ? { to: o.to } : {}) });
  const problems = new ProblemList();
  // the name problems give: standard input is `<stdin>`, as in pipeline
  const name = o.activities === '-' ? STDIN_NAME : o.activities;
  let seenColumns = false;
  for await (const { line, record } of activityRows(ctx, o.activities)) {
    if (!seenColumns) {
      seenColumns = true;
      const missing = requireColumns(name, Object.keys(record), [['owner_id', 'ownerId'], ['type'], ['at']]);
      if (missing.length) return refuse(ctx, missing, NOTHING_WRITTEN);
    }
    const person = text(cell(record, 'owner_id', 'ownerId'));
    const atText = text(record.at);
    const at = parseInstant(atText);
    if (!person) { problems.push(rowProblem(name, line, 'owner_id', 'TABLE_EMPTY_CELL', 'owner_id 不能为空', 'owner_id cannot be empty')); continue; }
    if (!text(record.type)) { problems.push(rowProblem(name, line, 'type', 'TABLE_EMPTY_CELL', 'type 不能为空', 'type cannot be empty')); continue; }
    if (at === null) { problems.push(rowProblem(name, line, 'at', 'TABLE_NOT_TIME', `at 应为带时区的 ISO 8601 时间，实际是 "${atText}"`, `at must be an ISO 8601 time with its offset, got "${atText}"`)); continue; }
    if (!problems.count) collector.add(person, at, record);
  }
  await problems.refuseIfAny(ctx);
  const r = collector.finish({ ...(tree ? { tree } : {}), ...(calendar?.ok ? { isWorkingDay: calendar.calendar.isWorkingDay.bind(calendar.calendar) } : {}) });
  const json = jsonOf(r, ctx.lang);
  if (out.format === 'csv') {
    const columns = ['person_id', 'date', ...r.indicators.map((d) => d.id)];
    const rows = r.daily.map((d) => ({ person_id: d.personId, date: d.date, ...d.values }));
    if (out.path) await writeTable(out.path, columns, rows);
    else {
      await write(ctx.stdout, csvHeader(columns) + '\n');
      for (const row of rows) await write(ctx.stdout, csvLine(columns, row) + '\n');
    }
  } else if (out.path) {
    await writeFileAtomic(out.path, JSON.stringify(json, null, 2) + '\n');
  } else await write(ctx.stdout, JSON.stringify(json, null, 2) + '\n');
  if (out.path) {
    const people = new Set(r.daily.map((d) => d.personId)).size;
    await write(ctx.stdout, say(ctx,
      `${people} 人（${r.from} 至 ${r.to}）：异常 ${r.anomalies.length}，辅导 ${r.coaching.length}，改进方案 ${r.recommendations.length}\n`,
      `${people} people (${r.from} to ${r.to}): ${r.anomalies.length} anomalies, ${r.coaching.length} coaching steps, ${r.recommendations.length} playbook recommendations\n`));
  }
}

function jsonOf(r: IndicatorResults, lang: 'zh' | 'en'): Record<string, unknown> {
  return {
    role: r.role,
    from: r.from,
    to: r.to,
    indicators: r.indicators.map((d) => ({ id: d.id, name: d.name[lang], collects: d.collects?.[lang] ?? '', period: d.period, better: d.better, thresholds: d.thresholds, weight: d.weight })),
    daily: r.daily.map((d) => ({ person_id: d.personId, date: d.date, values: d.values })),
    weekly: r.weekly.map((w) => ({ person_id: w.personId, indicator: w.indicator, week: w.week, value: w.value, team_median: w.teamMedian })),
    anomalies: r.anomalies.map((a) => ({ person_id: a.personId, indicator: a.indicator, date: a.date, value: a.value, baseline: a.baseline, direction: a.direction, through: a.through, days: a.days })),
    health: r.health.map((h) => ({ person_id: h.personId, week: h.week, index: h.index, scores: h.scores })),
    team_health: r.teamHealth.map((h) => ({ team_id: h.teamId, week: h.week, index: h.index, members: h.members })),
    coaching: r.coaching.map((c) => ({ person_id: c.personId, level: c.level, since: c.since, weeks: c.weeks, open: c.open, training: c.training ? c.training.name[lang] : null })),
    recommendations: r.recommendations.map((x) => ({ team_id: x.teamId, week: x.week, weeks_below: x.weeksBelow, health: x.health, strategies: x.strategies.map((s) => ({ id: s.id, name: s.name[lang], score: s.score, reason: s.reason[lang] })) })),
  };
}
