/** `target-kit allocate`: the company target split into plans over the four levels, written as a table. */
import {
  allocateByLine,
  allocatePlan,
  createAllocation,
  defaultPlanId,
  problem,
  readProductLines,
  type LineAllocation,
  fenToYuan,
  parseAllocationUnits,
  parseCsv,
  readAmount,
  SAMPLE_UNITS_DATASET,
  type Fen,
  type LoadedBundle,
  type PlanResult,
  type SourceRow,
  unitsInCities,
} from '../../../plugin/index.js';
import { generateSampleCompany, sampleUnitRows } from '../../../plugin/sample/index.js';
import { INVALID_BUNDLE, loadBundleOrFail } from '../bundle-io.js';
import { NO_POSITIONALS, defineCommand, type OptionValues } from '../command.js';
import { UsageError, say, write, type CommandContext } from '../context.js';
import { nothingWritten, refuse } from '../problems-out.js';
import { tableOrFail } from '../table-input.js';
import { emit, outputOf } from '../table-output.js';

const allocateHelp = {
  zh: `用法：target-kit allocate --total <金额> [--units <csv|xlsx|json>] [--stretch <金额>]
                          [--plan aggressive|balanced|conservative|all] [--bundle <包>]
                          [--out <文件.csv|文件.xlsx|文件.json | csv | json>] [--exclude <id,id>]
                          [--exclude-city <城市,城市>] [--by-line] [--lang zh|en]

把公司目标按影响因子、梯队与增长区间逐级拆解到大区、团队、个人（一次完成四级），同时给出
基础目标与挑战目标（挑战 ≥ 基础），每级下级之和与上级严格相等（精确到分）。

--total    公司基础目标（元，最多两位小数）
--units    单位表：id, parent_id, name, revenue_12m, last_revenue 以及每个因子读取的列
           （见 README）；可选 growth_correction（外部修正，小数：0.03 表示 +3 个百分点）与
           correction_reason。CSV 可为 UTF-8 或 GBK（中文 Excel）。不给出时使用内置示例公司。
--stretch  公司挑战目标（元）；不给出时为基础目标 × (1 + 方案的 stretchUplift)
--plan     方案，默认 balanced（包中没有它时为恰好等于公司目标的方案）；all 输出三套方案（多一列 plan）
--bundle   包目录，默认内置模板包（参数与因子规则取自包内）
--out      输出文件（按扩展名选择 CSV/XLSX/JSON），或 csv / json 打印到标准输出（默认 csv）
--exclude  应急重算：排除的单位 id（逗号分隔），它们及其下级目标为 0，份额转给其他单位
--exclude-city  应急重算：排除这些城市（city 列）的团队与个人
--by-line  另按产品线（包内 productLines 参数）拆解：每个单位的合计行之后，每条线一行（多一列 line，
           合计行为空）。公司目标按各线权重拆到线；下级在每条线上的权重按该线自己的因子权重
           （factors，不写则用 allocationFactors）评分，每个单位各线之和等于其目标、每条线下级之和
           等于上级在该线上的目标，两条轨道都精确到分。score 为该线权重下的综合评分。

输出列：plan, id, parent_id, name, level, tier, last_revenue, base, stretch, growth,
band_low, band_high, score，然后每个因子一列（列名为因子名称，值为该单位在此因子上的得分 0–1；
产品线行为空），clamped, risks, risk_notes（--by-line 时 level 之后多一列 line）。
有问题的行（上级不存在、循环、重复 id、数字列中的文字）按行号与列名报告，不写任何文件。`,
  en: `Usage: target-kit allocate --total <amount> [--units <csv|xlsx|json>] [--stretch <amount>]
                          [--plan aggressive|balanced|conservative|all] [--bundle <bundle>]
                          [--out <file.csv|file.xlsx|file.json | csv | json>] [--exclude <id,id>]
                          [--exclude-city <city,city>] [--by-line] [--lang zh|en]

Splits the company target over regions, teams and reps in one call, by the factor model, the
tiers and their growth bands, in both tracks (Stretch >= Base); at every level the children sum
exactly (to the fen) to their parent.

--total    the company Base target (yuan, at most 2 decimals)
--units    the units table: id, parent_id, name, revenue_12m, last_revenue and the column each
           factor reads (see the README); optionally growth_correction (the external correction,
           a fraction: 0.03 = +3 points) and correction_reason. CSV in UTF-8 or GBK (Chinese
           Excel). Without it, the built-in sample company.
--stretch  the company Stretch (yuan); by default Base x (1 + the plan's stretchUplift)
--plan     the plan, balanced by default (without one, the bundle's plan that meets the company total exactly); all writes the three plans (with a plan column)
--bundle   the bundle folder, the built-in templates by default (parameters and factor rules)
--out      an output file (CSV, XLSX or JSON by its extension), or csv / json to standard
           output (csv by default)
--exclude  emergency recalculation: unit ids (comma-separated) left out; they and everything
           below get zero and their share moves to the others
--exclude-city  emergency recalculation by city: the teams and reps whose city column matches
--by-line  also split by product line (the bundle's productLines group): after each unit's total
           row, one row per line (an extra line column, empty on the total row). The company's
           target goes over the lines by their weights; below it, each child's weight on a line
           is scored with that line's own factor weights (factors; absent: allocationFactors).
           Each unit's lines sum to its target and each line's children to the parent's amount
           on that line, in both tracks, to the fen. score is the score under the line's weights.

Output columns: plan, id, parent_id, name, level, tier, last_revenue, base, stretch, growth,
band_low, band_high, score, then one column per factor headed by its name with the unit's score
on it (0-1; empty on a line row), clamped, risks, risk_notes (with --by-line, line after level).
Bad rows (unknown parent, cycles, duplicate ids, text in a number column) are reported by row
and column, and nothing is written.`,
};

const options = {
  units: { type: 'string' }, total: { type: 'string' }, stretch: { type: 'string' }, plan: { type: 'string' },
  bundle: { type: 'string' }, out: { type: 'string' }, exclude: { type: 'string' }, 'exclude-city': { type: 'string' },
  'by-line': { type: 'boolean' },
} as const;

type AllocateOptions = OptionValues<typeof options>;

export const allocateCommand = defineCommand({
  name: 'allocate',
  synopsis: { zh: '--total <金额>', en: '--total <amount>' },
  summary: { zh: '按三套方案把公司目标拆解到大区、团队、个人', en: 'split the company target over regions, teams, reps (3 plans)' },
  help: allocateHelp,
  options,
  positionals: NO_POSITIONALS,
  run: allocate,
});

const ALLOCATION_COLUMNS = ['plan', 'id', 'parent_id', 'name', 'level', 'tier', 'last_revenue', 'base', 'stretch', 'growth', 'band_low', 'band_high', 'score', 'clamped', 'risks', 'risk_notes'];

const UNITS_UNREADABLE = nothingWritten({ zh: '单位表无法读取', en: 'cannot read the units' });
const UNITS_HAVE_ERRORS = nothingWritten({ zh: '单位表有错误', en: 'the units have errors' });

function money(ctx: CommandContext, value: string | undefined, flag: string): Fen | undefined {
  if (value === undefined) return undefined;
  const read = readAmount(value);
  if (!read.ok) throw new UsageError(say(ctx, `${flag} 应为非负金额（元，最多两位小数），实际是 "${value}"：${read.reason.zh}`, `${flag} must be a non-negative amount in yuan (at most 2 decimals), got "${value}": ${read.reason.en}`));
  return read.fen;
}

/** Sample units: the bundle's sample-company dataset when present, else the generator (same data). */
function sampleRows(bundle: LoadedBundle): SourceRow[] {
  const dataset = bundle.datasets.get(SAMPLE_UNITS_DATASET);
  if (dataset && typeof dataset.content === 'string') {
    const parsed = parseCsv(dataset.content, dataset.def.file);
    if (parsed.ok) return parsed.records;
  }
  return sampleUnitRows(generateSampleCompany());
}

async function allocate(ctx: CommandContext, options: AllocateOptions): Promise<void> {
  const total = money(ctx, options.total, '--total');
  if (total === undefined) throw new UsageError(say(ctx, '缺少 --total（公司目标，元）', '--total (the company target, yuan) is required'));
  const stretch = money(ctx, options.stretch, '--stretch');
  if (stretch !== undefined && stretch < total) throw new UsageError(say(ctx, '--stretch 不能低于 --total（挑战目标 ≥ 基础目标）', '--stretch cannot be below --total (Stretch >= Base)'));
  const out = outputOf(ctx, options.out, 'plan.xlsx');
  const { bundle } = await loadBundleOrFail(ctx, options.bundle, INVALID_BUNDLE);

  let rows: SourceRow[];
  let file = 'sample-company/units.csv';
  if (options.units) {
    file = options.units;
    rows = (await tableOrFail(ctx, options.units, { flag: '--units', refusal: UNITS_UNREADABLE })).rows;
  } else rows = sampleRows(bundle);

  ctx.progress?.step({ zh: `评分 ${rows.length} 个单位`, en: `scoring ${rows.length} units` });
  const units = parseAllocationUnits(rows, file);
  if (!units.ok) return refuse(ctx, units.problems, UNITS_HAVE_ERRORS);
  const prepared = createAllocation(bundle, units.units, file);
  if (!prepared.ok) return refuse(ctx, prepared.problems, UNITS_HAVE_ERRORS);

  const known = prepared.prepared.model.plans.map((p) => p.id);
  // not a usage error for an option never given on a bundle that names its plans otherwise
  const planIds = !options.plan ? [defaultPlanId(prepared.prepared.model.plans)] : options.plan === 'all' ? known : [options.plan];
  for (const id of planIds) {
    if (!known.includes(id)) throw new UsageError(say(ctx, `--plan 只能是 ${known.join('、')} 或 all`, `--plan must be ${known.join(', ')} or all`));
  }
  const excluded = (options.exclude ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const id of excluded) {
    if (!prepared.prepared.units.has(id)) throw new UsageError(say(ctx, `--exclude 中的单位 ${id} 不存在`, `--exclude: unit ${id} does not exist`));
  }
  const cities = (options['exclude-city'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const city of cities) {
    const ids = unitsInCities(prepared.prepared, [city]);
    if (!ids.length) throw new UsageError(say(ctx, `--exclude-city：没有团队或个人在 ${city}`, `--exclude-city: no team or rep is in ${city}`));
    excluded.push(...ids);
  }
  const plans: PlanResult[] = [];
  ctx.progress?.step({ zh: '拆解方案', en: 'allocating the plans' });
  for (const id of planIds) {
    const r = allocatePlan(prepared.prepared, id, { base: total, ...(stretch !== undefined ? { stretch } : {}) }, { excluded });
    if (!r.ok) return refuse(ctx, r.problems, nothingWritten({ zh: '无法拆解', en: 'cannot allocate' }));
    plans.push(r.plan);
  }

  // one column per factor, after score, headed by its name: the scores the JSON explanation holds, readable in a spreadsheet
  const factorColumns = factorColumnsOf(plans[0]!, ctx.lang);
  const withFactors = (row: Record<string, unknown>, u: PlanResult['units'][number] | undefined) => {
    for (const f of factorColumns) {
      const scored = u?.factors.find((x) => x.id === f.id);
      row[f.column] = scored ? round(scored.score, 4) : '';
    }
    return row;
  };
  let rowsOut = plans.flatMap((plan) => planRows(plan, ctx.lang).map((row, i) => withFactors(row, plan.units[i])));
  const at = ALLOCATION_COLUMNS.indexOf('score') + 1;
  let columns = [...ALLOCATION_COLUMNS.slice(0, at), ...factorColumns.map((f) => f.column), ...ALLOCATION_COLUMNS.slice(at)];
  if (options['by-line']) {
    const productLines = readProductLines(bundle.parameters);
    if (!productLines) {
      return refuse(ctx, [problem('PRODUCT_LINES_MISSING', 'bundle.json', '/parameters', { zh: '包中没有 productLines 参数组', en: 'the bundle has no productLines parameter group' })], nothingWritten({ zh: '无法按产品线拆解', en: 'cannot allocate by line' }));
    }
    const byLine: LineAllocation[] = [];
    for (const plan of plans) {
      const r = allocateByLine(prepared.prepared, plan, productLines);
      if (!r.ok) return refuse(ctx, r.problems, nothingWritten({ zh: '无法按产品线拆解', en: 'cannot allocate by line' }));
      byLine.push(r.allocation);
    }
    // a line row's score is under the line's own weights: its factor cells stay empty
    rowsOut = plans.flatMap((plan, k) => planRowsByLine(plan, byLine[k]!, ctx.lang).map((row) => withFactors(row, row.line === '' ? plan.byId.get(row.id as string) : undefined)));
    columns = [...columns.slice(0, 5), 'line', ...columns.slice(5)];
  }
  // CSV and XLSX take the plain columns; JSON keeps each unit's explanation too
  ctx.progress?.step({ zh: `写出 ${rowsOut.length} 行`, en: `writing ${rowsOut.length} rows` });
  await emit(ctx, out, columns, rowsOut);
  // the summary goes where it does not mix with the table
  for (const plan of plans) await write(out.path ? ctx.stdout : ctx.stderr, summary(ctx, plan) + '\n');
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

/** The factor columns: each factor's name in the language, or name and id where two names (or a fixed column) would clash. */
function factorColumnsOf(plan: PlanResult, lang: 'zh' | 'en'): Array<{ id: string; column: string }> {
  // the company itself is not scored: the first unit that is names the factors
  const factors = plan.units.find((u) => u.factors.length > 0)?.factors ?? [];
  const names = factors.map((f) => f.name[lang]);
  return factors.map((f, i) => {
    const name = names[i]!;
    const clash = ALLOCATION_COLUMNS.includes(name) || name === 'line' || names.indexOf(name) !== i || names.lastIndexOf(name) !== i;
    return { id: f.id, column: clash ? `${name} (${f.id})` : name };
  });
}

function planRows(plan: PlanResult, lang: 'zh' | 'en'): Array<Record<string, unknown>> {
  return plan.units.map((u) => ({
    plan: plan.plan.id,
    id: u.id,
    parent_id: u.parentId ?? '',
    name: u.name,
    level: u.level,
    tier: u.tier ?? '',
    last_revenue: fenToYuan(u.lastRevenue),
    base: fenToYuan(u.base),
    stretch: fenToYuan(u.stretch),
    growth: u.growth === null ? '' : round(u.growth, 4),
    band_low: u.band ? round(u.band.low, 4) : '',
    band_high: u.band ? round(u.band.high, 4) : '',
    score: round(u.score, 4),
    clamped: u.excluded ? 'excluded' : u.locked ? 'locked' : u.clamped ?? '',
    risks: u.risks.map((r) => r.code).join(';'),
    risk_notes: u.risks.map((r) => r.message[lang]).join('；'),
    explanation: {
      factors: u.factors.map((f) => ({ id: f.id, name: f.name[lang], weight: f.weight, score: round(f.score, 6) })),
      weight: u.weight,
      share: u.share,
      rank: `${u.rank}/${u.siblings}`,
      band: u.band,
      outsideBand: fenToYuan(u.outsideBand),
    },
  }));
}

/** Each unit's total row (line empty), then one row per product line with the line's amounts and score. */
function planRowsByLine(plan: PlanResult, lines: LineAllocation, lang: 'zh' | 'en'): Array<Record<string, unknown>> {
  const totals = planRows(plan, lang);
  const out: Array<Record<string, unknown>> = [];
  plan.units.forEach((u, i) => {
    out.push({ ...totals[i], line: '' });
    for (const l of lines.units.get(u.id) ?? []) {
      const def = lines.lines.find((x) => x.id === l.line);
      out.push({
        plan: plan.plan.id, id: u.id, parent_id: u.parentId ?? '', name: u.name, level: u.level, line: l.line,
        tier: '', last_revenue: '', base: fenToYuan(l.base), stretch: fenToYuan(l.stretch), growth: '', band_low: '', band_high: '',
        score: round(l.score, 4), clamped: '', risks: '', risk_notes: '',
        explanation: {
          line: def ? def.name[lang] : l.line,
          weights: l.weights,
          factors: l.weights === 'line' && def?.factors ? def.factors : Object.fromEntries(u.factors.map((f) => [f.id, f.weight])),
          weight: l.weight,
          share: round(l.share, 6),
        },
      });
    }
  });
  return out;
}

function summary(ctx: CommandContext, plan: PlanResult): string {
  const name = plan.plan.name[ctx.lang];
  const planRisks = plan.risks.filter((r) => r.unitId === undefined).map((r) => r.message[ctx.lang]);
  const unitRisks = plan.risks.length - planRisks.length;
  return say(ctx,
    `${name}：基础 ${fenToYuan(plan.base)} 元，挑战 ${fenToYuan(plan.stretch)} 元，单位风险 ${unitRisks} 条${planRisks.length ? '；' + planRisks.join('；') : ''}`,
    `${name}: Base ${fenToYuan(plan.base)} yuan, Stretch ${fenToYuan(plan.stretch)} yuan, ${unitRisks} unit risk(s)${planRisks.length ? '; ' + planRisks.join('; ') : ''}`);
}
