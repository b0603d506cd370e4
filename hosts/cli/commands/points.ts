/** `target-kit points`: replays point events into the append-only ledger; balances, refusals, monthly top 3. */
import { createLedger, parsePeriod, periodOf, shanghaiDay, shanghaiToday, type LedgerEntry, type PostOutcome, type Problem } from '../../../plugin/index.js';
import { INVALID_BUNDLE, loadBundleOrFail } from '../bundle-io.js';
import { requireColumns, rowProblem, text } from '../cells.js';
import { NO_POSITIONALS, defineCommand, type OptionValues } from '../command.js';
import { Failure, UsageError, say, write, type CommandContext } from '../context.js';
import { NOTHING_WRITTEN, refuse } from '../problems-out.js';
import { tableOrFail } from '../table-input.js';
import { emit, outputOf } from '../table-output.js';
import { writeTable } from '../tables.js';

const pointsHelp = {
  zh: `用法：target-kit points --events <文件> [--as-of <日期>] [--month <YYYY-MM>] [--ledger <文件>]
                        [--bundle <包>] [--out <文件.csv|文件.xlsx|文件.json | csv | json>] [--lang zh|en]

按文件顺序把积分事件记入只增不改的账本：同一幂等键重复提交只记一次，更正用冲销记录，余额
不足的兑换被拒绝并说明原因（余额永远不会为负）。输出每人的余额与当月排名。

--events  事件表：key（幂等键）, id（人员）, date, kind（earn 得分 | redeem 兑换 | reverse 冲销，
          默认 earn）, type（earn 的动作类型，如 deal-signed、customer-revisit）, item（redeem 的
          兑换项：gift、leave、training）, reverses（reverse 要冲销的 key）[, note]。
          date 为日期或带时区的时间，按上海日期计。
--as-of   余额截至的日期（默认全部）
--month   月度排名的月份（默认 as-of 或最后一条记录所在月）
--ledger  另把账本（全部记录）写入此文件
--out     输出文件，或 csv / json 打印到标准输出（默认 csv）

幂等键去掉首尾空白并做 Unicode NFC 规范化后比较，区分大小写（"k1 " 与 "k1" 是同一键，"K1" 与 "k1" 不是）。

输出列：id, balance, earned, spent, month_points, month_place。被拒绝与重复的行写到标准错误（带行号）。
有行被拒绝时（余额不足、未知类型、日期无效等）退出码为 1：被拒绝的行不记账，其余各行照常记账，
输出与 --ledger 照常写出（只含已记账的记录）。缺少必需列或 earn 行缺少规则声明的必需输入时，
整个文件被拒绝，什么都不写。`,
  en: `Usage: target-kit points --events <file> [--as-of <day>] [--month <YYYY-MM>] [--ledger <file>]
                        [--bundle <bundle>] [--out <file.csv|file.xlsx|file.json | csv | json>] [--lang zh|en]

Posts point events, in file order, to the append-only ledger: the same idempotency key twice
counts once, corrections are reversing entries, a redemption the balance cannot cover is
refused with the reason (a balance never goes negative). Prints each person's balance and the
month's ranking.

--events  events: key (idempotency key), id (person), date, kind (earn | redeem | reverse; earn
          by default), type (for earn: the action, e.g. deal-signed, customer-revisit), item (for
          redeem: gift, leave, training), reverses (for reverse: the key reversed)[, note].
          date is a day or a time with its offset, counted on its Shanghai day.
--as-of   balances at the end of this day (default: everything)
--month   the month ranked (default: the month of as-of or of the last entry)
--ledger  also write the ledger (every entry) to this file
--out     an output file, or csv / json to standard output (csv by default)

Idempotency keys are compared with surrounding whitespace trimmed and Unicode NFC applied, case
kept ("k1 " and "k1" are one key, "K1" and "k1" are two).

Output columns: id, balance, earned, spent, month_points, month_place. Refused and duplicate
rows go to standard error with their row numbers. When any row is refused (short balance, unknown
type or item, bad date...) the exit code is 1: the refused rows are not posted, every other row
is, and the output and --ledger are still written (with the posted entries only). A missing
column, or an earn row without an input the rule requires, refuses the whole file: nothing is
written.`,
};

const options = {
  events: { type: 'string' }, 'as-of': { type: 'string' }, month: { type: 'string' }, ledger: { type: 'string' },
  bundle: { type: 'string' }, out: { type: 'string' },
} as const;

export const pointsCommand = defineCommand({
  name: 'points',
  synopsis: { zh: '--events <文件>', en: '--events <file>' },
  summary: { zh: '积分账本、余额与月度前三', en: 'the points ledger, balances and the monthly top 3' },
  help: pointsHelp,
  options,
  positionals: NO_POSITIONALS,
  run: points,
});

const LEDGER_COLUMNS = ['seq', 'key', 'id', 'day', 'kind', 'points', 'type', 'item', 'reverses', 'note'];

async function points(ctx: CommandContext, o: OptionValues<typeof options>): Promise<void> {
  if (!o.events) throw new UsageError(say(ctx, '缺少 --events', '--events is required'));
  const out = outputOf(ctx, o.out, 'board.xlsx');
  const asOf = o['as-of'] !== undefined ? shanghaiDay(o['as-of']) : undefined;
  if (asOf === null) throw new UsageError(say(ctx, `--as-of 不是有效日期：${o['as-of']}`, `--as-of is not a valid day: ${o['as-of']}`));
  if (o.month !== undefined && parsePeriod(o.month)?.grain !== 'month') throw new UsageError(say(ctx, `--month 应为 YYYY-MM：${o.month}`, `--month must be YYYY-MM: ${o.month}`));
  const { bundle } = await loadBundleOrFail(ctx, o.bundle, INVALID_BUNDLE);
  const made = createLedger(bundle);
  if (!made.ok) return refuse(ctx, made.problems, NOTHING_WRITTEN);
  const ledger = made.ledger;
  const table = await tableOrFail(ctx, o.events, { flag: '--events' });
  const missing = requireColumns(table.name, table.columns, [['key'], ['id'], ['date']]);
  if (missing.length) return refuse(ctx, missing, NOTHING_WRITTEN);

  // Every earning hands points-for-event all the inputs it declares, from the row's columns; a
  // row that lacks a required one refuses the file before anything is posted, as a bad cell
  // does in the other commands, instead of posting the rest without it.
  const inputProblems = table.rows.flatMap(({ line, record }) => {
    if ((text(record.kind) || 'earn') !== 'earn') return [];
    const inputs = ledger.earnInputs({ type: text(record.type), record });
    return inputs.ok ? [] : inputs.problems.map((p) => ({ ...p, file: table.name, row: line }));
  });
  if (inputProblems.length) return refuse(ctx, inputProblems, NOTHING_WRITTEN);

  const refused: Problem[] = [];
  let duplicates = 0;
  for (const { line, record } of table.rows) {
    const kind = text(record.kind) || 'earn';
    const base = { key: text(record.key), at: text(record.date), ...(text(record.note) ? { note: text(record.note) } : {}) };
    let outcome: PostOutcome;
    if (kind === 'earn') outcome = ledger.earn({ ...base, person: text(record.id), type: text(record.type), record });
    else if (kind === 'redeem') outcome = ledger.redeem({ ...base, person: text(record.id), item: text(record.item), record });
    else if (kind === 'reverse') outcome = ledger.reverse({ ...base, reverses: text(record.reverses) });
    else {
      refused.push(rowProblem(table.name, line, 'kind', 'POINTS_BAD_KIND', `kind 应为 earn、redeem 或 reverse，实际是 "${kind}"`, `kind must be earn, redeem or reverse, got "${kind}"`));
      continue;
    }
    if (outcome.status === 'duplicate') {
      duplicates++;
      const key = outcome.entry.key;
      await write(ctx.stderr, say(ctx, `${table.name}:${line}: 键 ${key} 已记账，重复提交只记一次\n`, `${table.name}:${line}: key ${key} is already posted; counted once\n`));
    } else if (outcome.status === 'refused') {
      refused.push({ ...outcome.problem, file: table.name, row: line });
    }
  }
  for (const p of refused) await write(ctx.stderr, `${p.file}:${p.row}: ${p.message[ctx.lang]} [${p.code}]\n`);

  const lastDay = ledger.entries.reduce<string | undefined>((m, e) => (m === undefined || e.day > m ? e.day : m), undefined);
  const month = o.month ?? periodOf(asOf ?? lastDay ?? shanghaiToday(), 'month').key;
  const top = ledger.monthlyTop(month, Number.MAX_SAFE_INTEGER);
  const topN = ledger.monthlyTop(month);
  const rows = ledger.balances(asOf).map((b) => {
    const t = top.find((x) => x.person === b.person);
    return { id: b.person, balance: b.balance, earned: b.earned, spent: b.spent, month_points: t?.points ?? 0, month_place: t?.place ?? '' };
  });
  if (o.ledger !== undefined) {
    const l = outputOf(ctx, o.ledger, 'board.xlsx');
    if (!l.path) throw new UsageError(say(ctx, '--ledger 需要文件路径', '--ledger needs a file path'));
    await writeTable(l.path, LEDGER_COLUMNS, ledger.entries.map(entryRow));
  }
  const json = { month, asOf: asOf ?? null, balances: rows, monthlyTop: topN, refused: refused.map((p) => ({ row: p.row, code: p.code, message: p.message[ctx.lang] })), duplicates, ledger: ledger.entries.map(entryRow) };
  if (out.format === 'json' && !out.path) {
    await write(ctx.stdout, JSON.stringify(json, null, 2) + '\n');
  } else {
    await emit(ctx, out, ['id', 'balance', 'earned', 'spent', 'month_points', 'month_place'], rows);
  }
  await write(ctx.stderr, say(ctx,
    `${ledger.entries.length} 条记账，${duplicates} 条重复，${refused.length} 条被拒绝；${month} 前 ${topN.length ? topN.map((t) => `${t.place}. ${t.person} ${t.points}`).join('，') : '无'}\n`,
    `${ledger.entries.length} entries posted, ${duplicates} duplicate(s), ${refused.length} refused; ${month} top: ${topN.length ? topN.map((t) => `${t.place}. ${t.person} ${t.points}`).join(', ') : 'none'}\n`));
  // refused rows are reported and the rest posted (the documented behaviour), but the run fails
  if (refused.length) {
    throw new Failure(say(ctx,
      `${refused.length} 行被拒绝，未记账（见上）；输出${o.ledger !== undefined ? '与 --ledger ' : ''}只含其余已记账的行`,
      `${refused.length} row(s) refused and not posted (see above); the output${o.ledger !== undefined ? ' and --ledger' : ''} hold the other rows only`));
  }
}

function entryRow(e: LedgerEntry): Record<string, unknown> {
  return { seq: e.seq, key: e.key, id: e.person, day: e.day, kind: e.kind, points: e.points, type: e.type ?? '', item: e.item ?? '', reverses: e.reverses ?? '', note: e.note ?? '' };
}
