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
  nonNegativeAmount,
  parsePeriod,
  parseYuan,
  phaseTargets,
  problem,
  readPhasingSettings,
  readLevelCell,
  readLineTargets,
  readProductLines,
  type Fen,
  type LineTarget,
  type LoadedBundle,
  type OrgTree,
  type OrgUnitInput,
  type PhasingResult,
  type PhasingSettings,
  type Problem,
  type ProductLineSettings,
} from '../../../plugin/index.js';
import { INVALID_BUNDLE, loadBundleOrFail } from '../bundle-io.js';
import { cell, requireColumns, rowProblem, text } from '../cells.js';
import { NO_POSITIONALS, defineCommand, type OptionValues } from '../command.js';
import { UsageError, say, write, type CommandContext } from '../context.js';
import { NOTHING_WRITTEN, refuse } from '../problems-out.js';
import { rowsOfPlan, tableOrFail } from '../table-input.js';
import { emit, outputOf } from '../table-output.js';
import { writeTable, type TableRow } from '../tables.js';
import { readHistory } from './forecast.js';
import { calendarOf } from '../calendar-input.js';

const phaseHelp = {
  zh: `用法：target-kit phase --targets <文件> --history <文件> --period <2026-Q2 | 2026> --by month|week
                       [--profile <文件>] [--plan <方案>] [--calendar <文件>] [--differences <文件>] [--by-line]
                       [--bundle <包>] [--out <文件.csv|文件.xlsx|文件.json | csv | json>] [--lang zh|en]

把每个单位的期间目标（季度或年度，基础与挑战）按季节性曲线分解到月或周，精确到分（最大余数法）。
跨月的周按两个月各自的工作日拆分（JSON 输出的 parts 列出两部分）。

--targets   目标表：id, parent_id, name, base, stretch（allocate 的输出可直接使用，多方案时用 --plan；
            带 line 列时，line 非空的行是该单位在该产品线上的目标，见 --by-line）
--history   月度历史：id, month (YYYY-MM), amount（或 id 加 YYYY-MM 列的宽表）；沿组织树向上汇总，
            用于学习同期月份占比。生效的曲线（包内 phasing 或 --profile）要按历史学习时必须给出；
            只有当 --profile（或包）把所有单位都设为 explicit 或 working-days 时才可省略。
--period    要分解的期间：季度（2026-Q2）、年（2026），也可以是半年或月
--by        month（按月）或 week（按 ISO 周，周一至周日，截在期间内）
--profile   分解参数 JSON（与包内 phasing 参数组同形，只写要改的键；如
            {"profile": "explicit", "explicit": {"months": [0.3,0.3,0.4, ...]}}）；默认用包内 phasing
--differences 把各层曲线不同造成的差额（下级合计 − 上级）写入此文件
--by-line   另按产品线（包内 productLines）分解：每个单位先是合计各期，再是每条线各期（多一列 line，
            合计为空）。线目标取目标表中的 line 行（allocate --by-line 的输出），没有时按包内各线
            权重精确拆分；每条线按该单位的曲线分解。
--out       输出文件，或 csv / json 打印到标准输出（默认 csv）

输出列：id, period, base, stretch, share（曲线给该子期间的占比；--by-line 时 id 之后多一列 line）。
JSON 另有 profile、cascaded、parts。
坏行按行列报出，不写任何文件。`,
  en: `Usage: target-kit phase --targets <file> --history <file> --period <2026-Q2 | 2026> --by month|week
                       [--profile <file>] [--plan <plan>] [--calendar <file>] [--differences <file>] [--by-line]
                       [--bundle <bundle>] [--out <file.csv|file.xlsx|file.json | csv | json>] [--lang zh|en]

Phases each unit's period target (quarter or year, Base and Stretch) into months or weeks by a
seasonal profile, exact to the fen (largest remainder). A week straddling two months takes a part
of each month by its working days (listed under parts in JSON).

--targets   targets: id, parent_id, name, base, stretch (the output of allocate works as is; pick
            one plan with --plan; with a line column, a row with a line is the unit's target on
            that product line, see --by-line)
--history   monthly history: id, month (YYYY-MM), amount (or wide: id plus YYYY-MM columns); rolled
            up the org tree; a history profile learns the same months' shares from it. Required
            whenever the profile in force (the bundle's phasing group, or --profile) learns from
            history; it may be left out only when --profile (or the bundle) sets every unit to
            explicit or working-days.
--period    the period to phase: a quarter (2026-Q2) or a year (2026); a half year or month works too
--by        month, or week (ISO weeks, Monday to Sunday, cut to the period)
--profile   phasing settings as JSON (the shape of the bundle's phasing group, only the keys to
            change, e.g. {"profile": "explicit", "explicit": {"months": [0.3,0.3,0.4, ...]}}); default the
            bundle's phasing group
--differences write the differences where profiles differ by level (children − parent) to this file
--by-line   also phase by product line (the bundle's productLines): per unit, its total's slots,
            then each line's slots (an extra line column, empty for the total). Line targets are
            the targets' line rows (the output of allocate --by-line), else the unit's target split
            exactly by the bundle's line weights; each line follows the unit's profile.
--out       an output file, or csv / json to standard output (csv by default)

Output columns: id, period, base, stretch, share (the profile's share of the sub-period; with
--by-line, line after id). JSON adds profile, cascaded and parts. Bad rows are reported by row and column and nothing is written.`,
};

const PHASE_COLUMNS = ['id', 'period', 'base', 'stretch', 'share'];
const DIFFERENCE_COLUMNS = ['parent_id', 'level', 'period', 'track', 'parent', 'children', 'difference'];

const options = {
  targets: { type: 'string' }, history: { type: 'string' }, period: { type: 'string' }, by: { type: 'string' },
  profile: { type: 'string' }, plan: { type: 'string' }, calendar: { type: 'string' }, differences: { type: 'string' },
  bundle: { type: 'string' }, out: { type: 'string' }, 'by-line': { type: 'boolean' },
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
  if (o.history === undefined && needsHistory(settings)) {
    throw new UsageError(say(ctx,
      `缺少 --history：生效的分解曲线${o.profile !== undefined ? `（${o.profile}）` : '（包内 phasing 参数）'}按历史学习（profile: history）。请用 --history <文件> 给出月度历史（id, month, amount），或用 --profile <文件> 把曲线设为 explicit 或 working-days`,
      `--history is required: the profile in force${o.profile !== undefined ? ` (${o.profile})` : " (the bundle's phasing group)"} learns from history (profile: history). Give the monthly history (id, month, amount) with --history <file>, or set the profile to explicit or working-days with --profile <file>`));
  }
  const productLines = o['by-line'] ? readProductLines(bundle.parameters) : null;
  if (o['by-line'] && !productLines) {
    return refuse(ctx, [problem('PRODUCT_LINES_MISSING', 'bundle.json', '/parameters', { zh: '包中没有 productLines 参数组', en: 'the bundle has no productLines parameter group' })], NOTHING_WRITTEN);
  }

  const targetsTable = await tableOrFail(ctx, o.targets, { flag: '--targets' });
  const problems: Problem[] = requireColumns(targetsTable.name, targetsTable.columns, [['id'], ['parent_id', 'parentId'], ['name'], ['base'], ['stretch']]);
  if (problems.length) return refuse(ctx, problems, NOTHING_WRITTEN);
  const { totals: targetRows, lines: lineRows } = partitionLineRows(rowsOfPlan(ctx, targetsTable, o.plan));
  const units: TargetRow[] = [];
  for (const { line, record } of targetRows) {
    const { level, problem: badLevel } = readLevelCell(record.level, targetsTable.name, line);
    if (badLevel) problems.push(badLevel);
    const base = nonNegativeAmount(targetsTable.name, line, record, 'base', problems);
    units.push({
      id: text(record.id), parentId: text(cell(record, 'parent_id', 'parentId')) || null, name: text(record.name) || text(record.id), row: line,
      ...(level ? { level } : {}),
      base, stretch: nonNegativeAmount(targetsTable.name, line, record, 'stretch', problems, base),
    });
  }
  const built = buildOrgTree(units, targetsTable.name);
  if (!built.ok) problems.push(...built.problems);
  if (problems.length || !built.ok) return refuse(ctx, problems, NOTHING_WRITTEN);
  const tree = built.tree;
  const targets = new Map(units.map((u) => [u.id, { base: u.base, stretch: u.stretch }]));
  const lineTargets = productLines ? await lineTargetsOrFail(ctx, targetsTable.name, lineRows, tree, targets, productLines) : undefined;

  const history = o.history !== undefined ? await historyOrFail(ctx, o.history, (id) => tree.get(id) !== undefined) : undefined;

  const phaseOf = (t: ReadonlyMap<string, { base: Fen; stretch: Fen }>) => phaseTargets({ tree, targets: t, period, by: o.by as 'month' | 'week', calendar, settings, ...(history ? { history } : {}) });
  const phased = phaseOf(targets);
  if (!phased.ok) return refuse(ctx, phased.problems, NOTHING_WRITTEN);
  const result = phased.result;
  let { rows, jsonRows } = phaseRows(result, ctx);
  let columns = PHASE_COLUMNS;
  const differences = result.differences.map((d) => ({ ...differenceRow(d), line: '' }));
  if (productLines && lineTargets) {
    // per unit: the total's slots, then each line's slots
    const perLine: Array<{ line: string; rows: Array<Record<string, unknown>>; jsonRows: Array<Record<string, unknown>> }> = [];
    for (const l of productLines.lines) {
      const r = phaseOf(new Map([...lineTargets].map(([id, m]) => [id, m.get(l.id)!])));
      if (!r.ok) return refuse(ctx, r.problems, NOTHING_WRITTEN);
      perLine.push({ line: l.id, ...phaseRows(r.result, ctx) });
      differences.push(...r.result.differences.map((d) => ({ ...differenceRow(d), line: l.id })));
    }
    const withLine = (xs: Array<Record<string, unknown>>, line: string) => xs.map(({ id, ...rest }) => ({ id, line, ...rest }));
    const group = (all: Array<Record<string, unknown>>, lines: typeof perLine, pick: 'rows' | 'jsonRows') => {
      const byId = (xs: Array<Record<string, unknown>>) => { const m = new Map<unknown, Array<Record<string, unknown>>>(); for (const x of xs) m.set(x.id, [...(m.get(x.id) ?? []), x]); return m; };
      const totals = byId(withLine(all, ''));
      const parts = lines.map((p) => byId(withLine(p[pick], p.line)));
      return [...totals.keys()].flatMap((id) => [...(totals.get(id) ?? []), ...parts.flatMap((m) => m.get(id) ?? [])]);
    };
    rows = group(rows, perLine, 'rows');
    jsonRows = group(jsonRows, perLine, 'jsonRows');
    columns = ['id', 'line', ...PHASE_COLUMNS.slice(1)];
  }
  if (differencesOut?.path) {
    await writeTable(differencesOut.path, productLines ? ['line', ...DIFFERENCE_COLUMNS] : DIFFERENCE_COLUMNS, differences);
  }
  await emit(ctx, out, columns, rows, jsonRows);
  const parents = new Set(result.differences.map((d) => d.parentId)).size;
  const summary = say(ctx,
    `${result.units.length} 个单位的 ${period.key} 目标分解为 ${result.slots.length} 个${o.by === 'month' ? '月' : '周'}；${result.reference.message.zh}${parents ? `有 ${parents} 个上级与下级合计不一致（${result.differences.length} 处，见 --differences）。` : '各层逐期精确加总。'}\n`,
    `phased ${result.units.length} unit(s)' ${period.key} targets into ${result.slots.length} ${o.by}(s); ${result.reference.message.en}${parents ? ` ${parents} parent(s) differ from their children's sum (${result.differences.length} slot(s), see --differences).` : ' Every level adds up exactly in every slot.'}\n`);
  await write(out.path ? ctx.stdout : ctx.stderr, summary);
}

/** Whether any unit's profile is learned from history (then `--history` is required). */
function needsHistory(settings: PhasingSettings): boolean {
  return settings.profile === 'history' || Object.values(settings.units).some((u) => u.profile === 'history');
}

function differenceRow(d: PhasingResult['differences'][number]): Record<string, unknown> {
  return { parent_id: d.parentId, level: d.level, period: d.slot, track: d.track, parent: fenToYuan(d.parent), children: fenToYuan(d.children), difference: fenToYuan(d.difference) };
}

/**
 * A targets table written by `allocate --by-line` holds each unit's total row (empty line) and
 * one row per product line: the totals build the org tree, the line rows are the line targets.
 */
export function partitionLineRows(rows: readonly TableRow[]): { totals: TableRow[]; lines: TableRow[] } {
  const totals: TableRow[] = [];
  const lines: TableRow[] = [];
  for (const r of rows) (text(r.record.line) === '' ? totals : lines).push(r);
  return { totals, lines };
}

/** Line targets per unit, read and checked by the runtime (`readLineTargets`); refused whole, by row and column. */
export async function lineTargetsOrFail<T extends OrgUnitInput>(ctx: CommandContext, file: string, lineRows: readonly TableRow[], tree: OrgTree<T>,
  targets: ReadonlyMap<string, { base: Fen; stretch: Fen }>, settings: ProductLineSettings): Promise<Map<string, Map<string, LineTarget>>> {
  const read = readLineTargets(lineRows, file, tree, targets, settings);
  if (!read.ok) return refuse(ctx, read.problems, NOTHING_WRITTEN);
  return read.lineTargets;
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
function phaseRows(result: PhasingResult, ctx: { lang: 'zh' | 'en' }): { rows: Array<Record<string, unknown>>; jsonRows: Array<Record<string, unknown>> } {
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
