/** `target-kit forecast`: the next months per unit from its monthly history (rolling weighted moving average). */
import {
  readHistoryTable,
  fenToYuan,
  nextMonths,
  parseCsv,
  problem,
  readForecastSettings,
  monthSeries,
  rollingForecastFen,
  volatilityOverTime,
  type Problem,
  type SourceRow,
} from '../../../plugin/index.js';
import { generateSampleCompany, sampleCompanyFiles } from '../../../plugin/sample/index.js';
import { INVALID_BUNDLE, loadBundleOrFail } from '../bundle-io.js';
import { NO_POSITIONALS, defineCommand, type OptionValues } from '../command.js';
import { say, write, type CommandContext } from '../context.js';
import { nothingWritten, refuse } from '../problems-out.js';
import { tableOrFail } from '../table-input.js';
import { emit, outputOf } from '../table-output.js';

const forecastHelp = {
  zh: `用法：target-kit forecast [--history <csv|xlsx|json>] [--bundle <包>] [--out <文件 | csv | json>] [--lang zh|en]

按月历史做滚动预测：最近 N 个月的加权移动平均（权重取自包的 forecast 参数），逐月向前预测
（默认 6 个月），每个单位一行。

--history  月度历史，两种形状皆可：
           长表：id, month (YYYY-MM), amount[, target]，每个单位每月一行；
           宽表：id 加若干 YYYY-MM 列（内置示例公司的 history.csv 即是）。
           金额为元，最多两位小数。不给出时使用内置示例公司的历史。
--out      输出文件（.csv/.xlsx/.json），或 csv / json 打印到标准输出（默认 csv）

输出列：id、未来各月（YYYY-MM）；历史带 target 时另有 volatility（逐月完成率的标准差，百分点）。`,
  en: `Usage: target-kit forecast [--history <csv|xlsx|json>] [--bundle <bundle>] [--out <file | csv | json>] [--lang zh|en]

Rolling forecast from monthly history: a weighted moving average of the last N months (weights
from the bundle's forecast parameters), rolled forward month by month (6 months by default),
one row per unit.

--history  monthly history in either shape:
           long: id, month (YYYY-MM), amount[, target], one row per unit and month;
           wide: id plus YYYY-MM columns (like the sample company's history.csv).
           Amounts in yuan, at most 2 decimals. Without it, the sample company's history.
--out      an output file (.csv/.xlsx/.json), or csv / json to standard output (csv by default)

Output columns: id, then each future month (YYYY-MM); with targets in the history, also
volatility (standard deviation of the monthly completion rates, in points).`,
};

const options = { history: { type: 'string' }, bundle: { type: 'string' }, out: { type: 'string' } } as const;

export const forecastCommand = defineCommand({
  name: 'forecast',
  synopsis: { zh: '[--history <文件>]', en: '[--history <file>]' },
  summary: { zh: '按月历史滚动预测未来 6 个月', en: 'rolling forecast of the next 6 months from monthly history' },
  help: forecastHelp,
  options,
  positionals: NO_POSITIONALS,
  run: forecast,
});

const HISTORY_UNREADABLE = nothingWritten({ zh: '历史表无法读取', en: 'cannot read the history' });
const HISTORY_HAS_ERRORS = nothingWritten({ zh: '历史表有错误', en: 'the history has errors' });

/** Long or wide history read into per-unit series (the runtime's reader, every bad cell by row and column). */
export const readHistory = readHistoryTable;

async function forecast(ctx: CommandContext, o: OptionValues<typeof options>): Promise<void> {
  const out = outputOf(ctx, o.out);
  const { bundle } = await loadBundleOrFail(ctx, o.bundle, INVALID_BUNDLE);
  const settings = readForecastSettings(bundle.parameters);
  if (!settings.ok) return refuse(ctx, settings.problems, nothingWritten({ zh: '预测参数有错误', en: 'the forecast parameters have errors' }));

  let columns: string[];
  let rows: SourceRow[];
  let file: string;
  if (o.history) {
    ({ columns, rows, name: file } = await tableOrFail(ctx, o.history, { flag: '--history', refusal: HISTORY_UNREADABLE }));
  } else {
    const dataset = bundle.datasets.get('sample-company-history');
    const text = dataset && typeof dataset.content === 'string' ? dataset.content : sampleCompanyFiles(generateSampleCompany())['history.csv'] as string;
    file = dataset?.def.file ?? 'sample-company/history.csv';
    const parsed = parseCsv(text, file);
    if (!parsed.ok) return refuse(ctx, [parsed.problem], HISTORY_UNREADABLE);
    columns = parsed.columns;
    rows = parsed.records;
  }
  const history = readHistory(columns, rows, file);
  if (!history.ok) return refuse(ctx, history.problems, HISTORY_HAS_ERRORS);

  const allMonths = [...new Set([...history.units.values()].flatMap((s) => [...s.months.keys()]))].sort();
  const lastMonth = allMonths[allMonths.length - 1];
  if (!lastMonth) return refuse(ctx, [problem('HISTORY_EMPTY', file, '', { zh: '历史表没有数据', en: 'the history is empty' })], HISTORY_HAS_ERRORS);
  const ahead = nextMonths(lastMonth, settings.settings.horizon);
  const hasTargets = [...history.units.values()].some((s) => s.targets.size > 0);
  const outColumns = ['id', ...ahead, ...(hasTargets ? ['volatility'] : [])];
  const outRows: Array<Record<string, unknown>> = [];
  for (const [id, s] of history.units) {
    // every month from the history's first to its last; one a unit has no row for counts as zero revenue
    const seriesFen = monthSeries(s.months, allMonths[0]!, lastMonth, settings.settings.weights.length);
    const next = rollingForecastFen(seriesFen, settings.settings);
    const row: Record<string, unknown> = { id };
    ahead.forEach((m, i) => { row[m] = fenToYuan(next[i] as number); });
    if (hasTargets) {
      const v = volatilityOverTime([...s.targets].map(([m, t]) => ({ actual: s.months.get(m) ?? 0, target: t })));
      row.volatility = v === null ? '' : Math.round(v * 100) / 100;
    }
    outRows.push(row);
  }
  await emit(ctx, out, outColumns, outRows);
  if (out.path) {
    await write(ctx.stdout, say(ctx, `已预测 ${outRows.length} 个单位的 ${ahead[0]} 至 ${ahead[ahead.length - 1]}\n`, `forecast ${outRows.length} unit(s), ${ahead[0]} to ${ahead[ahead.length - 1]}\n`));
  }
}
