/**
 * `target-kit track`: progress, traffic lights, gaps and open alerts per unit from a targets
 * table (the allocation's output works as is) and an actuals table.
 */
import {
  actualRowDay,
  createActualsBooker,
  createActualsReader,
  fenToYuan,
  lineMixes,
  parsePeriod,
  periodOf,
  phaseTargets,
  phasedTrackTargets,
  problem,
  readActivity,
  readBookingSettings,
  readProductLines,
  readSplitTable,
  shanghaiDay,
  shanghaiToday,
  splitByProductLine,
  spreadTargets,
  statedTargetsPeriod,
  targetsOfPeriod,
  tableRecordDay,
  targetUnitsOf,
  trackCompany,
  trackCompanySums,
  volatilityAcrossUnits,
  unknownSharers,
  type AdjustmentReview,
  type Day,
  type EscalationAlert,
  type Fen,
  type Period,
  type Problem,
  type SplitTable,
  type TimeProfile,
  type UnitProgress,
} from '../../../plugin/index.js';
import { INVALID_BUNDLE, loadBundleOrFail } from '../bundle-io.js';
import { requireColumns, text } from '../cells.js';
import { NO_POSITIONALS, defineCommand, type OptionValues } from '../command.js';
import { UsageError, say, write, type CommandContext } from '../context.js';
import { NOTHING_WRITTEN, refuse } from '../problems-out.js';

import { rowsOfPlan, tableOrFail } from '../table-input.js';
import { emit, outputOf } from '../table-output.js';
import { writeTable } from '../tables.js';
import { calendarOf } from '../calendar-input.js';
import { dbTimeoutMs, withDatabase } from '../db/database.js';
import type { Database } from '../db/driver.js';
import { boardInDb, bookInDb, bookPulledRows, checkDbActuals, readDbActualDates, readDbTable } from '../db/track-source.js';
import { streamedTableOrFail } from '../table-stream.js';
import { historyOrFail, lineTargetsOrFail, partitionLineRows, phasingSettingsOrFail } from './phase.js';

const trackHelp = {
  zh: `用法：target-kit track --targets <文件> --actuals <文件> [--calendar <文件>] [--preset <预设>]
                       [--period <期间>] [--targets-period <期间>] [--as-of <日期>] [--activity <文件>] [--plan <方案>]
                       [--missing zero|grey] [--basis period|to-date] [--alerts <文件>] [--phase] [--profile <文件>] [--history <文件>] [--splits <文件>] [--by-line] [--bundle <包>]
       target-kit track --db <postgres://… | 文件.duckdb> [--targets-table <表>] [--actuals-table <表>] [--db-timeout <秒>] [同上的期间、信号灯与输出选项]
                       [--out <文件.csv|文件.xlsx|文件.json | csv | json>] [--lang zh|en]

按单位给出完成率、红黄绿灯（基础目标与挑战目标）、缺口、剩余工作日的日均所需进度、时间进度
和未解除的预警。实际数据沿组织树向上汇总。

--targets   目标表：id, parent_id, name, base, stretch（可有 level；allocate 的输出可直接使用，
            多方案时用 --plan 选择）。金额为元，最多两位小数；base 为空或 0 时为灰灯。没有 level
            列时按组织形状自下而上定层级：没有下级的单位为销售（rep），其上级为团队，再上为大区，
            顶层为公司。
--actuals   实际表：id, date, amount。date 可以是日期（2026-04-15）、带时区的时间
            （2026-04-15T09:30:00+08:00，按上海日期计）或期间（2026-04、2026-W16、2026-Q2）。
            按期间给出的行按该期间的工作日平均分到每天（精确到分），再按日计入：跨两个月的周
            按工作日比例分属两个月，截至日之后的日子不计；包中未设置参数 booking.periodRows 时，
            跨越跟踪期间起止或截至日的期间行按行拒绝。
            没有实际数据的单位按 0 计（--missing grey 改为灰灯）。
--basis     信号灯与完成率比较的目标：period（默认）为整个期间的目标；to-date 为截至 as-of 应完成
            的部分（目标 × 时间进度，按 --phase 的曲线，到分），即期中看板的口径，与时间进度同一个数；
            缺口与日均所需进度仍按整个期间的目标
--calendar  工作日历 JSON（默认包内 calendars/cn-2026.json）
--preset    信号灯预设（参数 lightPresets 中的名称，如 green90-yellow70）；默认参数 lights
--period    跟踪的期间（2026-Q2、2026-04、2026-W16、2026）；默认 as-of 所在季度
--targets-period 目标所属的较长期间（如 2026-H1）；跟踪其中一段（如 2026-04）时按工作日比例
            折算目标（加 --phase 则按季节性曲线）。目标表有 period 列且含多个期间时，读
            --targets-period（否则 --period 所在）的那一期；默认含截至日的期间，否则含最晚实际日的
            期间，否则最新的期间（与 NocoBase 的看板相同），所选期间写到标准错误
--phase     按季节性曲线（包内 phasing 参数）分阶段：跟踪 4 月时用 4 月的分解目标，时间进度、
            日均所需进度以及第二、三级预警与健康度评审的周期望值都按曲线而非直线
--profile   分解参数 JSON（同 phase 命令），隐含 --phase
--history   月度历史（id, month, amount），用于学习曲线，隐含 --phase
--by-line   另按产品线（包内 productLines 参数）给出每个单位每条线的目标、实际、信号灯与缺口
            （输出多一列 line，空为合计）；实际表可带 line 列，不带线的实际只计入合计。目标表
            带 line 行（allocate --by-line 的输出）时，各线按其基础目标比例分跟踪期的目标
--splits    业绩分成表：order_id, id, share（小数，0.6 表示 60%）。实际表带 order_id 列时，表中的订单
            按比例精确分给各人（合计等于订单金额，到分）；团队只计一次共享订单。比例合计不为 1 的
            订单按行拒绝；旧的 percent 列（百分数）整表拒绝并提示改写
--as-of     截至日期；默认实际数据中最晚的日期
--activity  每日基础动作表：id, date, actions，用于第一级预警（自表中最早日期起连续无动作的
            工作日）。第二、三级按每人的周完成率，目标调整评审按团队及以上单位的周偏离。
--alerts    另把全部预警（含已解除）与目标调整评审写入此文件
--out       输出文件，或 csv / json 打印到标准输出（默认 csv）
--db        从数据库读取目标与实际：postgres://… 的 PostgreSQL，或 DuckDB 文件（只读打开）。目标表
            （--targets-table，默认 targets）列同 --targets，可有 row_no 列定顺序；实际表（--actuals-table，
            默认 actuals）列为 id, date, amount（元，精确小数类型）。实际在数据库中检查、入账（按单位、
            按周求和）、沿组织树汇总，信号灯与预警的连续周数也在数据库中计算（规则编译为 SQL；DuckDB 无法
            精确比较的部分回到运行时），输出与文件方式逐字节相同。不能与 --targets、--actuals、--splits、--by-line 同用
--db-timeout  每条查询最长运行的秒数（默认 1800，即 30 分钟），超过即停止并报错

输出列：id, parent_id, name, level, period, as_of, base, stretch, actual, completion_base,
completion_stretch（1 = 100%）, light, light_stretch, reason, gap_base, gap_stretch,
working_days_left, run_rate_base, run_rate_stretch, time_elapsed, pace, alerts。`,
  en: `Usage: target-kit track --targets <file> --actuals <file> [--calendar <file>] [--preset <preset>]
                       [--period <period>] [--targets-period <period>] [--as-of <day>] [--activity <file>] [--plan <plan>]
                       [--missing zero|grey] [--basis period|to-date] [--alerts <file>] [--phase] [--profile <file>] [--history <file>] [--splits <file>] [--by-line] [--bundle <bundle>]
       target-kit track --db <postgres://… | file.duckdb> [--targets-table <table>] [--actuals-table <table>] [--db-timeout <s>] [the period, light and output options above]
                       [--out <file.csv|file.xlsx|file.json | csv | json>] [--lang zh|en]

Per unit: completion, traffic lights (against Base and Stretch), gaps, the run rate needed per
remaining working day, time progress and the open alerts. Actuals roll up the org tree.

--targets   targets: id, parent_id, name, base, stretch (level optional; the output of allocate
            works as is, pick one plan with --plan). Amounts in yuan, at most 2 decimals; an
            empty or zero base is grey. Without a level column the levels come from the org's
            shape, from the bottom: a unit without children is a rep, its parent a team, the
            next a region, the top the company.
--actuals   actuals: id, date, amount. date is a day (2026-04-15), a time with its offset
            (2026-04-15T09:30:00+08:00, counted on its Shanghai day) or a period (2026-04,
            2026-W16, 2026-Q2). A period row is spread evenly over its working days (exact to
            the fen) and booked by day: a week straddling two months belongs to both by its
            working days, and days after --as-of do not count; without the bundle parameter
            booking.periodRows, a period row straddling the tracked period's start or end or
            the as-of day is refused by its row. Units without actuals count as zero
            (--missing grey: grey).
--basis     what the lights and completions compare the actual with: period (default) the whole
            period's target; to-date the part of it due by --as-of (the target times the time
            progress, by the profile with --phase, to the fen), a mid-period board's measure and
            the same figure the pace reads; gaps and run rates stay against the whole period
--calendar  a working-day calendar JSON (the bundle's calendars/cn-2026.json by default)
--preset    a light preset (a name in parameter lightPresets, e.g. green90-yellow70); default
            the lights parameter
--period    the period tracked (2026-Q2, 2026-04, 2026-W16, 2026); default the as-of quarter
--targets-period the longer period the targets are for (e.g. 2026-H1); tracking a part of it
            (e.g. 2026-04) spreads the targets by working days (by the seasonal profile with --phase).
            With a period column holding several periods, the targets of --targets-period (else the
            one holding --period) are read; default the one holding the as-of day, else the latest
            actual day, else the newest (as NocoBase's board picks); the choice goes to stderr
--phase     phase the targets by the seasonal profile (the bundle's phasing group): tracking April
            uses April's phased target; time progress, the run rate needed and the weekly
            expectations behind alert levels 2-3 and the health review follow the profile
            instead of a straight line
--profile   phasing settings as JSON (as for the phase command); implies --phase
--history   monthly history (id, month, amount) to learn profiles from; implies --phase
--by-line   also give each unit's target, actual, lights and gap per product line (the bundle's
            productLines group; an extra line column, empty for the total); actuals may carry a
            line column, and actuals without one count in the total only. With line rows in
            the targets (the output of allocate --by-line), each unit's lines keep their
            proportions (by Base) of the tracked target
--splits    split credit: order_id, id, share (a fraction, 0.6 = 60%). With an order_id column in
            the actuals, an order in this table is credited to its people by share, exactly (the
            parts sum to the order to the fen); a team counts a shared deal once. An order whose
            shares do not sum to 1 is refused by its rows; an old percent column (percents) is
            refused whole with the hint
--as-of     the day tracked up to; default the latest day in the actuals
--activity  daily basic actions: id, date, actions, for level-1 alerts (working days in a row
            without the basic action, from the file's first day). Levels 2 and 3 follow each
            rep's weekly completion; adjustment reviews the weekly deviation of teams and above.
--alerts    also write every alert (cleared ones too) and target-adjustment review to this file
--out       an output file, or csv / json to standard output (csv by default)
--db        read the targets and actuals from a database: PostgreSQL as postgres://…, or a DuckDB
            file (opened read-only). The targets table (--targets-table, default targets) has the
            columns of --targets, and a row_no column for their order if wanted; the actuals table
            (--actuals-table, default actuals) id, date, amount (yuan, an exact decimal type). The
            actuals are checked, booked (summed by unit and week) and rolled up in the database, and the
            lights and the alerts' runs of weeks are decided there too (the rules compiled to SQL; what
            DuckDB cannot compare exactly goes back to the runtime); the output is byte for byte the
            file path's. Not with --targets, --actuals, --splits or --by-line
--db-timeout  the longest one query may run, in seconds (default 1800: 30 min); past it the query
            is stopped and the run refused

Output columns: id, parent_id, name, level, period, as_of, base, stretch, actual,
completion_base, completion_stretch (1 = 100%), light, light_stretch, reason, gap_base,
gap_stretch, working_days_left, run_rate_base, run_rate_stretch, time_elapsed, pace, alerts.`,
};

const TRACK_COLUMNS = ['id', 'parent_id', 'name', 'level', 'period', 'as_of', 'base', 'stretch', 'actual', 'completion_base', 'completion_stretch',
  'light', 'light_stretch', 'reason', 'gap_base', 'gap_stretch', 'working_days_left', 'run_rate_base', 'run_rate_stretch', 'time_elapsed', 'pace', 'alerts'];
const ALERT_COLUMNS = ['unit', 'name', 'kind', 'level', 'rule', 'notify', 'since', 'raised_at', 'through', 'streak', 'open', 'cleared_at', 'why'];

const options = {
  targets: { type: 'string' }, actuals: { type: 'string' }, calendar: { type: 'string' }, preset: { type: 'string' },
  period: { type: 'string' }, 'targets-period': { type: 'string' }, 'as-of': { type: 'string' }, activity: { type: 'string' }, plan: { type: 'string' },
  missing: { type: 'string' }, basis: { type: 'string' }, alerts: { type: 'string' }, bundle: { type: 'string' }, out: { type: 'string' },
  phase: { type: 'boolean' }, profile: { type: 'string' }, history: { type: 'string' }, splits: { type: 'string' }, 'by-line': { type: 'boolean' },
  db: { type: 'string' }, 'targets-table': { type: 'string' }, 'actuals-table': { type: 'string' }, 'db-timeout': { type: 'string' },
} as const;

type TrackOptions = OptionValues<typeof options>;

export const trackCommand = defineCommand({
  name: 'track',
  synopsis: { zh: '--targets <文件> --actuals <文件>', en: '--targets <f> --actuals <f>' },
  summary: { zh: '进度、红黄绿灯、缺口与预警', en: 'progress, traffic lights, gaps and alerts per unit' },
  help: trackHelp,
  options,
  positionals: NO_POSITIONALS,
  run: track,
});

async function track(ctx: CommandContext, o: TrackOptions): Promise<void> {
  if (o.db === undefined) return trackFrom(ctx, o, undefined);
  if (o.targets !== undefined || o.actuals !== undefined || o.splits !== undefined || o['by-line']) {
    throw new UsageError(say(ctx, '--db 从数据库表读取目标与实际（--targets-table、--actuals-table），不能同时给 --targets、--actuals、--splits 或 --by-line',
      '--db reads the targets and actuals from tables (--targets-table, --actuals-table); it does not take --targets, --actuals, --splits or --by-line'));
  }
  return withDatabase(ctx, o.db, (db) => trackFrom(ctx, o, db), { timeoutMs: dbTimeoutMs(ctx, o['db-timeout']) });
}

async function trackFrom(ctx: CommandContext, o: TrackOptions, db: Database | undefined): Promise<void> {
  if (!db && !o.targets) throw new UsageError(say(ctx, '缺少 --targets', '--targets is required'));
  if (!db && !o.actuals) throw new UsageError(say(ctx, '缺少 --actuals', '--actuals is required'));
  if (o.missing !== undefined && o.missing !== 'zero' && o.missing !== 'grey') throw new UsageError(say(ctx, '--missing 只能是 zero 或 grey', '--missing must be zero or grey'));
  if (o.basis !== undefined && o.basis !== 'period' && o.basis !== 'to-date') throw new UsageError(say(ctx, '--basis 只能是 period 或 to-date', '--basis must be period or to-date'));
  const out = outputOf(ctx, o.out, 'board.xlsx');
  const { bundle } = await loadBundleOrFail(ctx, o.bundle, INVALID_BUNDLE);
  const calendar = await calendarOf(ctx, bundle, o.calendar);

  ctx.progress?.step({ zh: '读取目标与实际', en: 'reading the targets and actuals' });
  // with --db the actuals stay in the database: their dates are read there, the rows booked there
  const actualsName = o['actuals-table'] ?? 'actuals';
  const targetsTable = db ? await readDbTable(db, o['targets-table'] ?? 'targets') : await tableOrFail(ctx, o.targets as string, { flag: '--targets' });
  const dbDates = db ? await readDbActualDates(db, actualsName) : undefined;
  // a file's actuals: streamed (a year of daily rows for 50,000 reps does not fit in memory as rows);
  // this first pass checks the file and finds the latest day, read raw (the targets' period) and read
  // as actuals (the default as-of day), so the rows are never held
  let latestCell: Day | undefined;
  let latestActual: Day | undefined;
  const scanReader = !db && o['as-of'] === undefined ? createActualsReader(o.actuals as string) : undefined;
  const streamed = db ? undefined : await streamedTableOrFail(ctx, o.actuals as string, {
    flag: '--actuals',
    visit: ({ line, record }) => {
      const cell = tableRecordDay(record);
      if (cell !== undefined && (latestCell === undefined || cell > latestCell)) latestCell = cell;
      if (!scanReader) return;
      const row = scanReader.read(line, record);
      // a refused row is refused again, with its problem, by the full read below
      scanReader.problems.length = 0;
      const day = row && actualRowDay(row);
      if (day !== undefined && (latestActual === undefined || day > latestActual)) latestActual = day;
    },
  });
  const actualsTable = streamed ?? { name: `${actualsName} (database)`, columns: ['id', 'date', 'amount'] };
  const problems: Problem[] = [
    ...requireColumns(targetsTable.name, targetsTable.columns, [['id'], ['parent_id', 'parentId'], ['name'], ['base'], ['stretch']]),
    ...requireColumns(actualsTable.name, actualsTable.columns, [['id'], ['date'], ['amount']]),
    ...(dbDates && !dbDates.ok ? dbDates.problems : []),
  ];
  if (problems.length) return refuse(ctx, problems, NOTHING_WRITTEN);
  const dated = dbDates?.ok ? dbDates : undefined;

  // targets → org tree
  // a table written by allocate --by-line: the total rows build the tree, the line rows give each unit's line mix
  // one period of a table that holds several (a period column): --targets-period or --period
  // picks it, else the one holding the as-of day, the latest actual day, the newest (the board's rule)
  const asOfAsked = o['as-of'] !== undefined ? shanghaiDay(o['as-of']) : undefined;
  if (asOfAsked === null) throw new UsageError(say(ctx, `--as-of 不是有效日期：${o['as-of']}`, `--as-of is not a valid day: ${o['as-of']}`));
  const picked = targetsOfPeriod({ file: targetsTable.name, columns: targetsTable.columns, records: rowsOfPlan(ctx, targetsTable, o.plan) }, {
    asked: o['targets-period'] ?? o.period, asOf: asOfAsked, defaultPeriod: statedTargetsPeriod(bundle),
    latestActual: dated ? dated.latest : latestCell,
  });
  if (!picked.ok) return refuse(ctx, picked.problems, NOTHING_WRITTEN);
  const periodColumn = targetsTable.columns.includes('period');
  if (periodColumn) await write(ctx.stderr, `${picked.pick.message[ctx.lang]}\n`);
  const { totals: targetRows, lines: lineRows } = partitionLineRows(picked.table.records);
  const targetUnits = targetUnitsOf(targetsTable.name, targetsTable.columns, targetRows);
  if (!targetUnits.ok) return refuse(ctx, targetUnits.problems, NOTHING_WRITTEN);
  const { units, tree } = targetUnits;

  // actuals: read by the runtime (the same reader as the playground's), booked below by trackCompany
  // product lines (--by-line): the bundle's lines; an actual's optional line column must name one
  const productLines = o['by-line'] ? readProductLines(bundle.parameters) : null;
  if (o['by-line'] && !productLines) {
    return refuse(ctx, [problem('PRODUCT_LINES_MISSING', 'bundle.json', '/parameters', { zh: '包中没有 productLines 参数组', en: 'the bundle has no productLines parameter group' })], NOTHING_WRITTEN);
  }
  const lineIds = productLines ? productLines.lines.map((l) => l.id) : [];
  // split credit: an actual whose order_id is in the split table is credited to its people by share
  let splits: SplitTable | undefined;
  if (o.splits !== undefined) {
    const splitsTable = await tableOrFail(ctx, o.splits, { flag: '--splits' });
    // a table still in percents is refused by the reader with the hint, before "share is missing"
    const percents = readSplitTable([], splitsTable.name, splitsTable.columns);
    if (!percents.ok) return refuse(ctx, percents.problems, NOTHING_WRITTEN);
    const missing = [
      ...requireColumns(splitsTable.name, splitsTable.columns, [['order_id', 'orderId'], ['id'], ['share']]),
      ...requireColumns(actualsTable.name, actualsTable.columns, [['order_id', 'orderId']]),
    ];
    if (missing.length) return refuse(ctx, missing, NOTHING_WRITTEN);
    const read = readSplitTable(splitsTable.rows, splitsTable.name, splitsTable.columns);
    if (!read.ok) return refuse(ctx, read.problems, NOTHING_WRITTEN);
    problems.push(...unknownSharers(read.splits, splitsTable.name, (id) => tree.get(id) !== undefined));
    if (problems.length) return refuse(ctx, problems, NOTHING_WRITTEN);
    splits = read.splits;
  }
  const asOf = asOfAsked ?? (dated ? dated.latest : latestActual) ?? shanghaiToday();
  const period = o.period !== undefined ? parsePeriod(o.period) : periodOf(asOf, 'quarter');
  let rowCount = 0;
  let booker: ReturnType<typeof createActualsBooker> | undefined;
  // where the database's actuals are read from once checked (their ids trimmed where they need it)
  let actualsRelation: string | undefined;
  // rows whose amounts add up past the largest amount: the database's sums could overflow, the rows are booked as a file's
  let grossPastRange = false;
  if (db) {
    // bad units and amounts, then bad dates: all of them at once, as a file's are
    const checked = await checkDbActuals(db, actualsName, (id) => tree.get(id) !== undefined);
    const bad = [...checked.problems, ...(dated?.problems ?? [])];
    if (bad.length) return refuse(ctx, bad, NOTHING_WRITTEN);
    actualsRelation = checked.relation;
    grossPastRange = !checked.withinRange;
  } else if (streamed) {
    // the second pass: every row read (all-or-nothing, as readActuals) and booked as it comes (as
    // trackCompany would book the rows whole: the same settings and splits, the parts kept for --by-line)
    const reader = createActualsReader(actualsTable.name, {
      units: tree.flat,
      ...(productLines ? { lines: lineIds } : {}),
      ...(splits ? { isSplitOrder: (orderId: string) => splits.has(orderId) } : {}),
    });
    booker = period ? createActualsBooker({
      period, asOf, calendar, file: actualsTable.name, settings: readBookingSettings(bundle.parameters),
      ...(splits ? { splits } : {}), keepParts: productLines !== null, units: tree.flat,
    }) : undefined;
    for await (const batch of streamed.batches()) {
      for (const { line, record } of batch) {
        const row = reader.read(line, record);
        if (row) { rowCount++; booker?.add(row); }
      }
    }
    if (reader.problems.length) return refuse(ctx, reader.problems, NOTHING_WRITTEN);
  }
  if (!period) throw new UsageError(say(ctx, `--period 不是有效期间：${o.period}（如 2026-Q2、2026-04、2026-W16）`, `--period is not a valid period: ${o.period} (e.g. 2026-Q2, 2026-04, 2026-W16)`));

  // a longer target period (the half year) is spread over its working days for a shorter one (a month)
  // the targets' own period (a period column) holding the tracked one is the whole they are spread from
  const own = periodColumn ? picked.pick.period : null;
  let whole: Period = own && own.start <= period.start && period.end <= own.end ? own : period;
  if (o['targets-period'] !== undefined) {
    const given = parsePeriod(o['targets-period']);
    if (!given || period.start < given.start || period.end > given.end) {
      throw new UsageError(say(ctx, `--targets-period 应为包含 ${period.key} 的期间，实际是 ${o['targets-period']}`, `--targets-period must be a period containing ${period.key}, got ${o['targets-period']}`));
    }
    whole = given;
  }
  let targets = spreadTargets(new Map(units.filter((u) => u.base !== null).map((u) => [u.id, { base: u.base as Fen, stretch: (u.stretch ?? u.base) as Fen }])), whole, period, calendar);
  // phased targets (--phase, --profile or --history): the tracked period's share by the profile, not a straight line
  let timelines: Map<string, TimeProfile> | undefined;
  if (o.phase || o.profile !== undefined || o.history !== undefined) {
    if (!['month', 'quarter', 'half', 'year'].includes(whole.grain)) {
      throw new UsageError(say(ctx, `分阶段目标需要月、季度、半年或年的目标期间，实际是 ${whole.key}`, `phased targets need a month, quarter, half year or year target period, got ${whole.key}`));
    }
    const settings = await phasingSettingsOrFail(ctx, bundle, o.profile);
    const history = o.history !== undefined ? await historyOrFail(ctx, o.history, (id) => tree.get(id) !== undefined) : undefined;
    const phased = phaseTargets({
      tree, period: whole, by: period.grain === 'week' ? 'week' : 'month', calendar, settings, ...(history ? { history } : {}),
      targets: new Map(units.filter((u) => u.base !== null && u.base >= 0).map((u) => [u.id, { base: u.base as Fen, stretch: Math.max(0, (u.stretch ?? u.base) as Fen) }])),
    });
    if (!phased.ok) return refuse(ctx, phased.problems, NOTHING_WRITTEN);
    const tracked = phasedTrackTargets(phased.result, period);
    if (!tracked.ok) return refuse(ctx, tracked.problems, NOTHING_WRITTEN);
    targets = tracked.targets;
    timelines = tracked.timelines;
  }
  // per line (--by-line): where the targets table has line rows, a unit's lines keep their proportions (by Base) in the tracked target
  let lines: { ids: string[]; targets: ReturnType<typeof splitByProductLine> } | undefined;
  if (productLines) {
    let lineSettings = productLines;
    if (lineRows.length) {
      const wholeTargets = new Map(units.filter((u) => u.base !== null && u.base >= 0).map((u) => [u.id, { base: u.base as Fen, stretch: Math.max(0, (u.stretch ?? u.base) as Fen) }]));
      lineSettings = lineMixes(productLines, await lineTargetsOrFail(ctx, targetsTable.name, lineRows, tree, wholeTargets, productLines));
    }
    lines = { ids: lineIds, targets: splitByProductLine(tree, targets, lineSettings) };
  }
  const activity = o.activity !== undefined ? await activityOf(ctx, o.activity, (id) => tree.get(id) !== undefined) : undefined;

  // with --db: the booking summed in the database by unit and day, booked by the runtime's booker;
  // from a file: the booker fed row by row above (made whenever the period parsed, and a period that
  // did not is a usage error above)
  let booked: Parameters<typeof trackCompany>[1]['booked'];
  let sums: Parameters<typeof trackCompanySums>[1]['sums'] | undefined;
  const settings = readBookingSettings(bundle.parameters);
  // TARGET_KIT_DB_PULL=1: the rows pulled into the runtime instead (the bench's yardstick)
  const pull = db !== undefined && (process.env.TARGET_KIT_DB_PULL === '1' || grossPastRange);
  // TARGET_KIT_DB_WEEKLY=1: booked by unit and week in the database, the rest of the board in the runtime (the bench's third way)
  const weekly = db !== undefined && process.env.TARGET_KIT_DB_WEEKLY === '1';
  if (db && dated && !timelines && !pull && !weekly) {
    // the whole board in the database: roll-up, lights, the streaks' weeks (phasing profiles stay in the runtime, booked by week below)
    ctx.progress?.step({ zh: '在数据库中计算看板', en: 'the board in the database' });
    const units = tree.topDown.map((id) => {
      const u = tree.get(id)!;
      const t = targets.get(id);
      return { id, parentId: u.parentId, rep: u.level === 'rep', base: t?.base ?? null, stretch: t?.stretch ?? null };
    });
    const inDb = await boardInDb(db, actualsName, {
      dates: dated.dates, period, asOf, calendar, settings, bundle, preset: o.preset, units, lights: true, toDate: o.basis === 'to-date', relation: actualsRelation,
    });
    if (inDb && !inDb.ok) return refuse(ctx, inDb.problems, NOTHING_WRITTEN);
    if (inDb) {
      sums = inDb.sums;
      for (const f of inDb.fallbacks) ctx.progress?.step({ zh: `${f.figure} 在运行时计算：${f.why}`, en: `${f.figure} decided in the runtime: ${f.why}` });
      // TARGET_KIT_DB_PLAN=1: the plan on stderr, a line a figure the runtime decides instead (none: one line
      // saying so), whatever stderr is; for tests and for an operator asking why a board is slow
      if (process.env.TARGET_KIT_DB_PLAN === '1') {
        const lines = inDb.fallbacks.length ? inDb.fallbacks.map((f) => `track --db plan: ${f.figure} decided in the runtime: ${f.why}`) : ['track --db plan: every figure decided in the database'];
        ctx.stderr.write(lines.map((l) => `${l}\n`).join(''));
      }
    }
  }
  if (sums) {
    // decided above
  } else if (db && dated) {
    ctx.progress?.step({ zh: '在数据库中入账', en: 'booking in the database' });
    const inDb = await (pull ? bookPulledRows : bookInDb)(db, actualsName, { dates: dated.dates, period, asOf, calendar, settings, relation: actualsRelation });
    if (!inDb.ok) return refuse(ctx, inDb.problems, NOTHING_WRITTEN);
    booked = inDb.booking;
  } else {
    ctx.progress?.step({ zh: `跟踪 ${rowCount} 行实际`, en: `tracking ${rowCount} actual rows` });
    booked = booker!.finish();
  }
  // booking, progress, per-line progress and alerts: one runtime use case, the playground's too
  const common = {
    tree, targets, file: actualsTable.name, period, asOf, calendar,
    missingActuals: o.missing === 'grey' ? 'grey' as const : 'zero' as const,
    ...(o.basis === 'to-date' ? { basis: 'to-date' as const } : {}),
    ...(o.preset !== undefined ? { preset: o.preset } : {}),
    ...(activity ? { activity } : {}),
    // each unit's targets row: a customised tracking rule reads its further inputs from its columns
    records: { file: targetsTable.name, columns: targetsTable.columns, byUnit: new Map(targetRows.map((r) => [text(r.record.id), { values: r.record, row: r.line }])) },
  };
  const tracked = sums ? trackCompanySums(bundle, { ...common, sums }) : trackCompany(bundle, {
    ...common, booked, ...(splits ? { splits } : {}), ...(timelines ? { timelines } : {}), ...(lines ? { lines } : {}),
  });
  if (!tracked.ok) return refuse(ctx, tracked.problems, NOTHING_WRITTEN);
  const { progress, alerts, reviews } = tracked.tracking;

  const openByUnit = new Map<string, string[]>();
  const note = (id: string, s: string) => openByUnit.set(id, [...(openByUnit.get(id) ?? []), s]);
  for (const a of alerts) if (a.open) note(a.unitId, `L${a.level} ${a.action} since ${a.since}`);
  for (const r of reviews) if (r.open) note(r.unitId, `adjustment-review since ${r.since}`);

  // each unit's open alerts, gathered once (a filter per unit was units × alerts: minutes for 60,000 units)
  const openAlertsOf = new Map<string, Array<EscalationAlert | AdjustmentReview>>();
  for (const a of [...alerts, ...reviews]) if (a.open) openAlertsOf.set(a.unitId, [...(openAlertsOf.get(a.unitId) ?? []), a]);
  let rows = progress.map((u) => progressRow(u, ctx, openByUnit.get(u.id) ?? []));
  let jsonRows = progress.map((u, i) => ({
    ...rows[i],
    explanation: u.explanation,
    alerts: openAlertsOf.get(u.id) ?? [],
  }));
  let columns = TRACK_COLUMNS;
  const perLine = sums ? undefined : (tracked.tracking as { lines?: Map<string, UnitProgress[]> }).lines;
  if (perLine) {
    // each unit's total row, then one row per line: the line's share of the target, its actuals, light and gap
    const r: Array<Record<string, unknown>> = [];
    const j: Array<Record<string, unknown>> = [];
    progress.forEach((u, i) => {
      r.push({ ...rows[i], line: '' });
      j.push({ ...jsonRows[i], line: '' });
      for (const l of lineIds) {
        const lu = perLine.get(l)![i] as UnitProgress;
        const row = { ...progressRow(lu, ctx, []), line: l };
        r.push(row);
        j.push({ ...row, explanation: lu.explanation });
      }
    });
    rows = r;
    jsonRows = j as typeof jsonRows;
    columns = [...TRACK_COLUMNS.slice(0, 4), 'line', ...TRACK_COLUMNS.slice(4)];
  }

  if (o.alerts !== undefined) {
    const alertsOut = outputOf(ctx, o.alerts, 'board.xlsx');
    if (!alertsOut.path) throw new UsageError(say(ctx, '--alerts 需要文件路径', '--alerts needs a file path'));
    await writeTable(alertsOut.path, ALERT_COLUMNS, [...alerts.map((a) => alertRow(a, ctx)), ...reviews.map((r) => reviewRow(r, ctx))]);
  }
  ctx.progress?.step({ zh: `写出 ${rows.length} 行`, en: `writing ${rows.length} rows` });
  await emit(ctx, out, columns, rows, jsonRows);
  if (out.path) {
    const count = (l: string) => progress.filter((u) => u.light === l).length;
    const regions = progress.filter((u) => u.level === 'region' && u.base !== null && u.base > 0);
    const spread = volatilityAcrossUnits(regions.map((u) => ({ actual: u.actual, target: u.base as Fen })));
    const volatility = spread === null ? '' : say(ctx, `；大区完成率波动系数 ${spread.toFixed(1)} 个百分点`, `; volatility across regions ${spread.toFixed(1)} points`);
    await write(ctx.stdout, say(ctx,
      `${progress.length} 个单位（${period.key}，截至 ${asOf}）：绿 ${count('green')}，黄 ${count('yellow')}，红 ${count('red')}，灰 ${count('grey')}；未解除预警 ${alerts.filter((a) => a.open).length}，目标调整评审 ${reviews.filter((r) => r.open).length}${volatility}\n`,
      `${progress.length} units (${period.key}, as of ${asOf}): green ${count('green')}, yellow ${count('yellow')}, red ${count('red')}, grey ${count('grey')}; open alerts ${alerts.filter((a) => a.open).length}, adjustment reviews ${reviews.filter((r) => r.open).length}${volatility}\n`));
  }
}

async function activityOf(ctx: CommandContext, path: string, isUnit: (id: string) => boolean): Promise<Map<string, Map<Day, number>>> {
  const t = await tableOrFail(ctx, path, { flag: '--activity' });
  const missing = requireColumns(t.name, t.columns, [['id'], ['date'], ['actions']]);
  const read = readActivity(t.rows, t.name, isUnit);
  const problems = [...missing, ...(read.ok ? [] : read.problems)];
  if (problems.length || !read.ok) return refuse(ctx, problems, NOTHING_WRITTEN);
  return read.activity;
}

const yuan = (f: Fen | null) => (f === null ? null : fenToYuan(f));

function progressRow(u: UnitProgress, ctx: CommandContext, open: string[]): Record<string, unknown> {
  return {
    id: u.id, parent_id: u.parentId ?? '', name: u.name, level: u.level, period: u.period, as_of: u.asOf,
    base: yuan(u.base), stretch: yuan(u.stretch), actual: fenToYuan(u.actual),
    completion_base: u.completionBase, completion_stretch: u.completionStretch,
    light: u.light, light_stretch: u.lightStretch, reason: u.reason?.message[ctx.lang] ?? '',
    gap_base: yuan(u.gapBase), gap_stretch: yuan(u.gapStretch), working_days_left: u.workingDays.remaining,
    run_rate_base: yuan(u.runRateBase), run_rate_stretch: yuan(u.runRateStretch), time_elapsed: u.timeElapsed, pace: u.pace ?? '',
    alerts: open.join('; '),
  };
}

function alertRow(a: EscalationAlert, ctx: CommandContext): Record<string, unknown> {
  return {
    unit: a.unitId, name: a.unitName, kind: a.action, level: a.level, rule: a.rule, notify: a.notify.unitId,
    since: a.since, raised_at: a.raisedAt, through: a.through, streak: a.streak, open: a.open, cleared_at: a.clearedAt ?? '', why: a.why[ctx.lang],
  };
}

function reviewRow(r: AdjustmentReview, ctx: CommandContext): Record<string, unknown> {
  return {
    unit: r.unitId, name: '', kind: r.type, level: '', rule: 'health-off-track', notify: 'hrbp',
    since: r.since, raised_at: r.raisedAt, through: r.through, streak: r.weeks, open: r.open, cleared_at: r.clearedAt ?? '', why: r.why[ctx.lang],
  };
}
