/**
 * `target-kit phase`: a period target per unit (quarter or year, Base and Stretch) phased into
 * months or ISO weeks by a profile — learned from history, explicit, or by working days — exact
 * to the 分, with the reference level and any differences between levels reported.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  buildOrgTree,
  fenToYuan,
  parsePeriod,
  parseYuan,
  phaseTargets,
  problem,
  readPhasingSettings,
  type Fen,
  type LoadedBundle,
  type OrgLevel,
  type OrgUnitInput,
  type PhasingResult,
  type PhasingSettings,
  type Problem,
} from '../../index.js';
import { INVALID_BUNDLE, loadBundleOrFail } from '../bundle-io.js';
import { cell, requireColumns, rowProblem, text } from '../cells.js';
import { NO_POSITIONALS, defineCommand, type OptionValues } from '../command.js';
import { UsageError, say, write, type CommandContext } from '../context.js';
import { NOTHING_WRITTEN, refuse } from '../problems-out.js';
import { rowsOfPlan, tableOrFail } from '../table-input.js';
import { emit, outputOf } from '../table-output.js';
import { writeTable } from '../tables.js';
import { readHistory } from './forecast.js';
import { calendarOf } from './track.js';

export const phaseHelp = {
  zh: `用法：target-kit phase --targets <文件> --history <文件> --period <2026-Q2 | 2026> --by month|week
                       [--profile <文件>] [--plan <方案>] [--calendar <文件>] [--differences <文件>]
                       [--bundle <包>] [--out <文件.csv|文件.xlsx|文件.json | csv | json>] [--lang zh|en]

把每个单位的期间目标（季度或年度，基础与挑战）按季节性曲线分解到月或周，精确到分（最大余数法）。
跨月的周按两个月各自的工作日拆分（JSON 输出的 parts 列出两部分）。

--targets   目标表：id, parent_id, name, base, stretch（allocate 的输出可直接使用，多方案时用 --plan）
--history   月度历史：id, month (YYYY-MM), amount（或 id 加 YYYY-MM 列的宽表）；沿组织树向上汇总。
            曲线为 history 时用于学习同期月份占比；不给出时按工作日。
--period    要分解的期间：季度（2026-Q2）、年（2026），也可以是半年或月
--by        month（按月）或 week（按 ISO 周，周一至周日，截在期间内）
--profile   分解参数 JSON（与包内 phasing 参数组同形，只写要改的键；如
            {"profile": "explicit", "explicit": {"months": [30,30,40, ...]}}）；默认用包内 phasing
--differences 把各层曲线不同造成的差额（下级合计 − 上级）写入此文件
--out       输出文件，或 csv / json 打印到标准输出（默认 csv）

输出列：id, period, base, stretch, share（曲线给该子期间的占比）。JSON 另有 profile、cascaded、parts。
坏行按行列报出，不写任何文件。`,
  en: `Usage: target-kit phase --targets <file> --history <file> --period <2026-Q2 | 2026> --by month|week
                       [--profile <file>] [--plan <plan>] [--calendar <file>] [--differences <file>]
                       [--bundle <bundle>] [--out <file.csv|file.xlsx|file.json | csv | json>] [--lang zh|en]

Phases each unit's period target (quarter or year, Base and Stretch) into months or weeks by a
seasonal profile, exact to the fen (largest remainder). A week straddling two months takes a part
of each month by its working days (listed under parts in JSON).

--targets   targets: id, parent_id, name, base, stretch (the output of allocate works as is; pick
            one plan with --plan)
--history   monthly history: id, month (YYYY-MM), amount (or wide: id plus YYYY-MM columns); rolled
            up the org tree. A history profile learns the same months' shares from it; without it,
            working days.
--period    the period to phase: a quarter (2026-Q2) or a year (2026); a half year or month works too
--by        month, or week (ISO weeks, Monday to Sunday, cut to the period)
--profile   phasing settings as JSON (the shape of the bundle's phasing group, only the keys to
            change, e.g. {"profile": "explicit", "explicit": {"months": [30,30,40, ...]}}); default the
            bundle's phasing group
--differences write the differences where profiles differ by level (children − parent) to this file
--out       an output file, or csv / json to standard output (csv by default)

Output columns: id, period, base, stretch, share (the profile's share of the sub-period). JSON adds
profile, cascaded and parts. Bad rows are reported by row and column and nothing is written.`,
};

export const PHASE_COLUMNS = ['id', 'period', 'base', 'stretch', 'share'];
export const DIFFERENCE_COLUMNS = ['parent_id', 'level', 'period', 'track', 'parent', 'children', 'difference'];

const options = {
  targets: { type: 'string' }, history: { type: 'string' }, period: { type: 'string' }, by: { type: 'string' },
  profile: { type: 'string' }, plan: { type: 'string' }, calendar: { type: 'string' }, differences: { type: 'string' },
  bundle: { type: 'string' }, out: { type: 'string' },
} as const;

export const phaseCommand = defineCommand({
  name: 'phase',
  synopsis: { zh: '--targets <文件> --history <文件> --period <期间> --by month|week', en: '--targets <f> --history <f> --period <p> --by month|week' },
  summary: { zh: '把期间目标按季节性曲线分解到月、周', en: 'phase period targets into months and weeks by a seasonal profile' },
  help: phaseHelp,
  options,
  positionals: NO_POSITIONALS,
  run: phase,
});

interface TargetRow extends OrgUnitInput { base: Fen; stretch: Fen }

async function phase(ctx: CommandContext, o: OptionValues<typeof options>): Promise<void> {
  if (!o.targets) throw new UsageError(say(ctx, '缺少 --targets', '--targets is required'));
  if (!o.period) throw new UsageError(say(ctx, '缺少 --period（如 2026-Q2 或 2026）', '--period is required (e.g. 2026-Q2 or 2026)'));
  if (o.by !== 'month' && o.by !== 'week') throw new UsageError(say(ctx, '--by 应为 month 或 week', '--by must be month or week'));
  const period = parsePeriod(o.period);
  if (!period || !['month', 'quarter', 'half', 'year'].includes(period.grain)) {
    throw new UsageError(say(ctx, `--period 应为季度、年、半年或月（如 2026-Q2、2026），实际是 ${o.period}`, `--period must be a quarter, year, half year or month (e.g. 2026-Q2, 2026), got ${o.period}`));
  }
  const out = outputOf(ctx, o.out, 'phased.xlsx');
  const differencesOut = o.differences !== undefined ? outputOf(ctx, o.differences, 'differences.csv') : undefined;
  if (differencesOut && !differencesOut.path) throw new UsageError(say(ctx, '--differences 需要文件路径', '--differences needs a file path'));
  const { bundle } = await loadBundleOrFail(ctx, o.bundle, INVALID_BUNDLE);
  const calendar = await calendarOf(ctx, bundle, o.calendar);

  const settings = await phasingSettingsOrFail(ctx, bundle, o.profile);

  const targetsTable = await tableOrFail(ctx, o.targets, { flag: '--targets' });
  const problems: Problem[] = requireColumns(targetsTable.name, targetsTable.columns, [['id'], ['parent_id', 'parentId'], ['name'], ['base'], ['stretch']]);
  if (problems.length) return refuse(ctx, problems, NOTHING_WRITTEN);
  const targetRows = rowsOfPlan(ctx, targetsTable, o.plan);
  const units: TargetRow[] = [];
  for (const { line, record } of targetRows) {
    const amount = (column: string, fallback?: Fen): Fen => {
      const raw = text(record[column]);
      if (raw === '' && fallback !== undefined) return fallback;
      const fen = parseYuan(raw);
      if (fen === null || fen < 0) {
        problems.push(rowProblem(targetsTable.name, line, column, 'TABLE_NOT_AMOUNT', `${column} 应为非负金额（元，最多两位小数），实际是 "${raw}"`, `${column} must be an amount >= 0 in yuan (at most 2 decimals), got "${raw}"`));
        return 0;
      }
      return fen;
    };
    const level = text(record.level);
    const base = amount('base');
    units.push({
      id: text(record.id), parentId: text(cell(record, 'parent_id', 'parentId')) || null, name: text(record.name) || text(record.id), row: line,
      ...(['company', 'region', 'team', 'rep'].includes(level) ? { level: level as OrgLevel } : {}),
      base, stretch: amount('stretch', base),
    });
  }
  const built = buildOrgTree(units, targetsTable.name);
  if (!built.ok) problems.push(...built.problems);
  if (problems.length || !built.ok) return refuse(ctx, problems, NOTHING_WRITTEN);
  const tree = built.tree;

  const history = o.history !== undefined ? await historyOrFail(ctx, o.history, (id) => tree.get(id) !== undefined) : undefined;

  const phased = phaseTargets({
    tree, targets: new Map(units.map((u) => [u.id, { base: u.base, stretch: u.stretch }])), period, by: o.by, calendar, settings,
    ...(history ? { history } : {}),
  });
  if (!phased.ok) return refuse(ctx, phased.problems, NOTHING_WRITTEN);
  const result = phased.result;
  const { rows, jsonRows } = phaseRows(result, ctx);
  if (differencesOut?.path) {
    await writeTable(differencesOut.path, DIFFERENCE_COLUMNS, result.differences.map((d) => ({
      parent_id: d.parentId, level: d.level, period: d.slot, track: d.track, parent: fenToYuan(d.parent), children: fenToYuan(d.children), difference: fenToYuan(d.difference),
    })));
  }
  await emit(ctx, out, PHASE_COLUMNS, rows, jsonRows);
  const parents = new Set(result.differences.map((d) => d.parentId)).size;
  const summary = say(ctx,
    `${result.units.length} 个单位的 ${period.key} 目标分解为 ${result.slots.length} 个${o.by === 'month' ? '月' : '周'}；${result.reference.message.zh}${parents ? `有 ${parents} 个上级与下级合计不一致（${result.differences.length} 处，见 --differences）。` : '各层逐期精确加总。'}\n`,
    `phased ${result.units.length} unit(s)' ${period.key} targets into ${result.slots.length} ${o.by}(s); ${result.reference.message.en}${parents ? ` ${parents} parent(s) differ from their children's sum (${result.differences.length} slot(s), see --differences).` : ' Every level adds up exactly in every slot.'}\n`);
  await write(out.path ? ctx.stdout : ctx.stderr, summary);
}

/** The bundle's phasing settings, with a --profile file laid over them; refused by pointer. */
export async function phasingSettingsOrFail(ctx: CommandContext, bundle: LoadedBundle, path: string | undefined): Promise<PhasingSettings> {
  const fromBundle = readPhasingSettings(bundle.parameters.phasing);
  if (!fromBundle.ok) return refuse(ctx, fromBundle.problems, NOTHING_WRITTEN);
  if (path === undefined) return fromBundle.settings;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(resolve(ctx.cwd, path), 'utf8'));
  } catch (e) {
    return refuse(ctx, [problem('PROFILE_UNREADABLE', path, '', { zh: `无法读取分解参数：${(e as Error).message}`, en: `cannot read the profile: ${(e as Error).message}` })], NOTHING_WRITTEN);
  }
  const read = readPhasingSettings(value, path, '', fromBundle.settings);
  if (!read.ok) return refuse(ctx, read.problems, NOTHING_WRITTEN);
  return read.settings;
}

/** Monthly history by unit (long or wide); a bad cell or an unknown unit by row and column. */
export async function historyOrFail(ctx: CommandContext, path: string, known: (id: string) => boolean): Promise<Map<string, Map<string, Fen>>> {
  const table = await tableOrFail(ctx, path, { flag: '--history' });
  const read = readHistory(table.columns, table.rows, table.name);
  const unknown = table.rows.filter((r) => text(r.record.id) !== '' && !known(text(r.record.id)))
    .map((r) => rowProblem(table.name, r.line, 'id', 'HISTORY_UNKNOWN_UNIT', `单位 ${text(r.record.id)} 不在目标表中`, `unit ${text(r.record.id)} is not in the targets`));
  const all = [...(read.ok ? [] : read.problems), ...unknown].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  if (all.length || !read.ok) return refuse(ctx, all, NOTHING_WRITTEN);
  return new Map([...read.units].map(([id, s]) => [id, s.months]));
}

/** Output rows: one per unit and slot (CSV), with the profile and the straddling parts in JSON. */
export function phaseRows(result: PhasingResult, ctx: { lang: 'zh' | 'en' }): { rows: Array<Record<string, unknown>>; jsonRows: Array<Record<string, unknown>> } {
  const rows: Array<Record<string, unknown>> = [];
  const jsonRows: Array<Record<string, unknown>> = [];
  for (const u of result.units) {
    result.slots.forEach((s, i) => {
      const row = { id: u.id, period: s.key, base: fenToYuan(u.phasedBase.slots[i] as Fen), stretch: fenToYuan(u.phasedStretch.slots[i] as Fen), share: u.slotShares[i] };
      rows.push(row);
      jsonRows.push({
        ...row, start: s.start, end: s.end, working_days: s.workingDays,
        profile: { kind: u.profile.kind, source: u.profile.source, from: u.profile.from, ...(u.profile.years ? { years: u.profile.years } : {}), ...(u.profile.note ? { note: u.profile.note[ctx.lang] } : {}) },
        cascaded: u.cascaded,
        ...(s.straddles ? { parts: s.parts } : {}),
      });
    });
  }
  return { rows, jsonRows };
}
