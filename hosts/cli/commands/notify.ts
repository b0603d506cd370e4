/**
 * `target-kit notify`: the day's alerts (the same tracking use case `track` runs) turned into
 * notices and delivered through the channels file's robots and mail server, each once: the
 * delivery log says what went already, what failed (tried again) and what may have gone
 * (uncertain, never resent). With --dry-run, what each person would get, and nothing sent.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { startDayNotices, parseJsonText, parseInstant, shanghaiDay, type Notice } from '../../../plugin/index.js';
import { openChannels, readChannelsConfig, type ChannelsConfig } from '../../channels/config.js';
import { deliver, noticeText, planDeliveries } from '../../channels/deliver.js';
import { readLog } from '../../channels/delivery-log.js';
import { INVALID_BUNDLE, loadBundleOrFail } from '../bundle-io.js';
import { text } from '../cells.js';
import { NO_POSITIONALS, defineCommand, type OptionValues } from '../command.js';
import { Failure, UsageError, say, write, type CommandContext } from '../context.js';
import { NOTHING_WRITTEN, refuse } from '../problems-out.js';
import { rowsOfPlan, tableOrFail } from '../table-input.js';
import { finishStreamedSteps, scanActualsOrFail } from '../actuals-stream.js';
import { calendarOf } from '../calendar-input.js';
import { flowsOf, followUpsOf, sendDigests } from '../notify-sources.js';

const notifyHelp = {
  zh: `用法：target-kit notify --targets <文件> --actuals <文件> --channels <文件> [--activity <文件>] [--as-of <日期>] [--period <期间>]
                        [--log <文件>] [--now <时间>] [--dry-run] [--plan <方案>] [--calendar <文件>] [--bundle <包>] [--lang zh|en]

按当天的预警（与 track 相同的跟踪计算：一至三级预警、目标健康度评审）生成通知，按包中 notifications
参数给出收件人（本人、直属上级即上级单位负责人、HRBP 等角色）和中英文文本，经通道文件中的企业微信、
钉钉、飞书机器人和邮件发送。每条通知只发一次：已发送的不再发送，已解除的预警发一条解除说明。

--targets   目标表：id, parent_id, name, base, stretch（可有 level、head：单位负责人的人员 id）
--actuals   实际表：id, date, amount（同 track）
--activity  每日基础动作表：id, date, actions，用于第一级预警
--as-of     截至日期；默认实际数据中最晚的日期
--period    目标表有 period 列且含多个期间时读哪一个（如 2026-H2）；默认含截至日的期间，否则含最晚
            实际日的期间，否则最新的期间（与 track、NocoBase 的看板相同）
--channels  通道文件（JSON）：channels（wecom、dingtalk、feishu、email）、people（人员的姓名、手机、
            邮箱）、roles（角色 → 人员 id）、linkBase、lang。文件中只写保存密钥的环境变量名（tokenEnv、
            secretEnv、userEnv、passwordEnv），写入像密钥的值会被拒绝
--log       投递日志（JSONL，追加写入并落盘）；默认 notify-log.jsonl。每次发送前记 sending，之后记
            delivered 或 failed；只有 sending 的记录（发送中途崩溃）视为结果不明，不再重发
--now       本次运行的时间（带时区），用于免打扰时段；默认当前时间
--dry-run   只列出每个人将收到的通知，不发送，也不需要密钥
--opportunities, --opportunity-activities
            商机表与商机活动表（同 pipeline 的 --opportunities、--activities）：逾期的跟进（48 小时反馈、
            7 天二次接触等时限）也成为通知；跟进后发解除说明
--flows     流程实例文件（JSON：一个实例、实例列表或 {"instances": [...]}，即 replay --instance 读取的形状）：
            流程引擎判定超时的待办成为通知
--digest    改为发送每位主管的周报（下属单位的灯、完成率、缺口与未解除的预警）：机器人收 markdown，
            邮件附柱状图；按单位与 ISO 周各发一次

失败（重试后仍失败）时退出码为 1，下次运行会重试。定时运行示例（每个工作日 9:00，上海时间）：
  0 9 * * 1-5  target-kit notify --targets t.csv --actuals a.csv --activity act.csv --channels channels.json`,
  en: `Usage: target-kit notify --targets <file> --actuals <file> --channels <file> [--activity <file>] [--as-of <day>] [--period <period>]
                        [--log <file>] [--now <time>] [--dry-run] [--plan <plan>] [--calendar <file>] [--bundle <bundle>] [--lang zh|en]

Turns the day's alerts (the tracking track runs: alert levels 1-3, the target-health review) into
notices, with recipients (the person, his direct manager = the head of the parent unit, roles such
as HRBP) and zh/en texts from the bundle's notifications parameters, and delivers them through the
channels file's 企业微信, 钉钉 and 飞书 robots and e-mail. Each notice goes once: what went is not
sent again, and an alert that cleared sends one resolved note.

--targets   targets: id, parent_id, name, base, stretch (level optional; head: the person id of the
            unit's head)
--actuals   actuals: id, date, amount (as for track)
--activity  daily basic actions: id, date, actions, for level-1 alerts
--as-of     the day tracked up to; default the latest day in the actuals
--period    which period to read when the targets have a period column holding several (e.g.
            2026-H2); default the one holding the as-of day, else the latest actual day, else the
            newest (as track and NocoBase's board pick)
--channels  the channels file (JSON): channels (wecom, dingtalk, feishu, email), people (name,
            mobile, e-mail), roles (role → person ids), linkBase, lang. It names the environment
            variables holding the secrets (tokenEnv, secretEnv, userEnv, passwordEnv); a value
            that looks like a secret is refused
--log       the delivery log (JSONL, appended and synced); default notify-log.jsonl. 'sending' is
            written before each send and 'delivered' or 'failed' after; a 'sending' alone (a crash
            mid-send) is uncertain and never sent again
--now       this run's time (with its offset), for the quiet hours; default now
--dry-run   list what each person would get; nothing is sent and no secret is needed
--opportunities, --opportunity-activities
            opportunities and their activities (as pipeline's --opportunities and --activities):
            overdue follow-ups (the 48-hour feedback, the 7-day second touch…) become notices too,
            and a follow-up made sends the resolved note
--flows     flow instances (JSON: one, a list, or {"instances": [...]}, the shape replay --instance
            reads): the to-dos the flow engine finds overdue become notices
--digest    send each manager's weekly digest instead (his units' lights, completion, gaps and
            the open alerts below him): markdown to the robots, e-mail with a bar chart; once per
            unit and ISO week

Exits 1 when a delivery failed after its retries (the next run tries again). A schedule (working
days at 9:00 Shanghai time):
  0 9 * * 1-5  target-kit notify --targets t.csv --actuals a.csv --activity act.csv --channels channels.json`,
};

const options = {
  targets: { type: 'string' }, actuals: { type: 'string' }, activity: { type: 'string' }, 'as-of': { type: 'string' }, period: { type: 'string' },
  channels: { type: 'string' }, log: { type: 'string' }, now: { type: 'string' }, 'dry-run': { type: 'boolean' },
  plan: { type: 'string' }, calendar: { type: 'string' }, bundle: { type: 'string' },
  opportunities: { type: 'string' }, 'opportunity-activities': { type: 'string' }, flows: { type: 'string' }, digest: { type: 'boolean' },
} as const;

export const notifyCommand = defineCommand({
  name: 'notify',
  synopsis: { zh: '--targets <文件> --actuals <文件> --channels <文件>', en: '--targets <f> --actuals <f> --channels <f>' },
  summary: { zh: '把预警发给相关的人（企业微信、钉钉、飞书、邮件），每条一次', en: 'deliver alerts to people (WeCom, DingTalk, Feishu, e-mail), once each' },
  help: notifyHelp,
  options,
  positionals: NO_POSITIONALS,
  run: notify,
});

async function channelsOrFail(ctx: CommandContext, path: string): Promise<ChannelsConfig> {
  let raw: string;
  try {
    raw = await readFile(resolve(ctx.cwd, path), 'utf8');
  } catch {
    throw new UsageError(say(ctx, `无法读取 --channels 文件 ${path}`, `cannot read the --channels file ${path}`));
  }
  const parsed = parseJsonText(raw, path);
  if (!parsed.ok) return refuse(ctx, [parsed.problem], NOTHING_WRITTEN);
  const read = readChannelsConfig(parsed.value, path);
  if (!read.ok) return refuse(ctx, read.problems, NOTHING_WRITTEN);
  return read.value;
}

async function notify(ctx: CommandContext, o: OptionValues<typeof options>): Promise<void> {
  for (const flag of ['targets', 'actuals', 'channels'] as const) {
    if (!o[flag]) throw new UsageError(say(ctx, `缺少 --${flag}`, `--${flag} is required`));
  }
  const now = o.now ?? new Date().toISOString();
  if (parseInstant(now) === null) throw new UsageError(say(ctx, `--now 应为带时区的时间，实际是 ${now}`, `--now must be a time with its offset, got ${now}`));
  const config = await channelsOrFail(ctx, o.channels!);
  const { bundle } = await loadBundleOrFail(ctx, o.bundle, INVALID_BUNDLE);
  const calendar = await calendarOf(ctx, bundle, o.calendar);
  const targetsTable = await tableOrFail(ctx, o.targets!, { flag: '--targets' });
  // the actuals streamed, as track reads them: a first pass for their latest day, a second booking each row as it comes
  const actuals = await scanActualsOrFail(ctx, o.actuals!);
  const activityTable = o.activity !== undefined ? await tableOrFail(ctx, o.activity, { flag: '--activity' }) : undefined;
  let asOf: string | undefined;
  if (o['as-of'] !== undefined) {
    asOf = shanghaiDay(o['as-of']) ?? undefined;
    if (!asOf) throw new UsageError(say(ctx, `--as-of 不是有效日期：${o['as-of']}`, `--as-of is not a valid day: ${o['as-of']}`));
  }
  const logPath = resolve(ctx.cwd, o.log ?? 'notify-log.jsonl');
  const log = await readLog(logPath);
  const followUps = await followUpsOf(ctx, bundle, o.opportunities, o['opportunity-activities'], now);
  const flows = await flowsOf(ctx, o.flows);
  // the same day's notices NocoBase's scheduled node plans over its stored collections
  const steps = startDayNotices(bundle, {
    targets: { file: targetsTable.name, columns: targetsTable.columns, records: rowsOfPlan(ctx, targetsTable, o.plan).filter(({ record }) => !text(record.line)) },
    actuals: { file: actuals.table.name, columns: actuals.table.columns, latestCell: actuals.latestCell },
    ...(activityTable ? { activity: { file: activityTable.name, columns: activityTable.columns, records: activityTable.rows } } : {}),
    calendar, now, ...(asOf ? { asOf } : {}), ...(o.period !== undefined ? { period: o.period } : {}), delivered: log.deliveredNotices, retry: log.retryNotices, roleHolders: config.roles,
    ...(followUps ? { followUps } : {}), ...(flows ? { flows } : {}), ...(o.digest ? { digests: true } : {}),
  });
  if (!steps.ok) return refuse(ctx, steps.problems, NOTHING_WRITTEN);
  const day = await finishStreamedSteps(ctx, actuals, steps);
  if (targetsTable.columns.includes('period')) await write(ctx.stderr, `${day.day.targetsPeriod.message[ctx.lang]}\n`);
  if (o.digest) {
    // in the quiet hours a real run sends no digest (none is logged: the next run sends it); a dry run still shows them
    const held = day.day.plan.notBefore !== null && o['dry-run'] !== true;
    if (held) await write(ctx.stdout, say(ctx, `免打扰时段：周报 ${day.day.digests.length} 份在 ${day.day.plan.notBefore} 后发送\n`, `quiet hours: ${day.day.digests.length} weekly digests wait until ${day.day.plan.notBefore}\n`));
    return sendDigests(ctx, { digests: held ? [] : day.day.digests, config, log, logPath, channelsFile: o.channels!, dryRun: o['dry-run'] === true });
  }
  const { plan } = day.day;
  asOf = day.day.asOf;
  const uncertain = [...log.deliveries].filter(([, d]) => d.state === 'uncertain').map(([id]) => id);

  if (o['dry-run']) {
    await write(ctx.stdout, listByPerson(ctx, plan.send, plan.held, plan.notBefore, config));
    if (uncertain.length) await write(ctx.stdout, say(ctx, `结果不明（不会重发）：${uncertain.length} 条，见 ${o.log ?? 'notify-log.jsonl'}\n`, `uncertain (never resent): ${uncertain.length}, see ${o.log ?? 'notify-log.jsonl'}\n`));
    return;
  }
  const opened = openChannels(config, process.env, o.channels!);
  if (!opened.ok) return refuse(ctx, opened.problems, NOTHING_WRITTEN);
  const { channels, secrets } = opened.value;
  try {
    const planned = planDeliveries(plan.send, channels, config, log);
    const results = await deliver(planned, channels, { logPath, secrets });
    const failed = results.filter((r) => r.status === 'failed');
    const noAddress = planned.filter((p) => p.skip === 'no-address').length;
    for (const f of failed) await write(ctx.stderr, say(ctx, `发送失败 ${f.channel}（${f.attempts} 次）：${f.error}\n`, `failed ${f.channel} (${f.attempts} attempts): ${f.error}\n`));
    await write(ctx.stdout, say(ctx,
      `截至 ${asOf}：通知 ${plan.send.length} 条，投递成功 ${results.length - failed.length}，失败 ${failed.length}，无邮箱跳过 ${noAddress}，结果不明（不重发）${uncertain.length}${plan.held.length ? `，免打扰暂缓 ${plan.held.length}（${plan.notBefore} 后）` : ''}\n`,
      `as of ${asOf}: ${plan.send.length} notices, ${results.length - failed.length} deliveries made, ${failed.length} failed, ${noAddress} skipped without an address, ${uncertain.length} uncertain (not resent)${plan.held.length ? `, ${plan.held.length} held by the quiet hours (until ${plan.notBefore})` : ''}\n`));
    const unfilled = [...new Set(plan.send.flatMap((n) => n.unfilledRoles))];
    if (unfilled.length) await write(ctx.stdout, say(ctx, `无人担任的角色（在通道文件 roles 中填写）：${unfilled.join('、')}\n`, `roles nobody holds (fill them in the channels file's roles): ${unfilled.join(', ')}\n`));
    if (failed.length) throw new Failure('deliveries failed');
  } finally {
    for (const c of channels) c.close?.();
  }
}

/** Per person, what he would get: the dry run's answer to "who hears what today". */
function listByPerson(ctx: CommandContext, send: readonly Notice[], held: readonly Notice[], notBefore: string | null, config: ChannelsConfig): string {
  const byPerson = new Map<string, { name: string; lines: string[] }>();
  const add = (n: Notice, mark: string) => {
    for (const r of n.recipients) {
      const p = byPerson.get(r.id) ?? { name: config.people.get(r.id)?.name ?? r.name, lines: [] };
      p.lines.push(`  ${mark}[${n.kind}${n.resolved ? '/resolved' : ''}] ${noticeText(n, config, ctx.lang)}`);
      byPerson.set(r.id, p);
    }
  };
  for (const n of send) add(n, '');
  for (const n of held) add(n, say(ctx, `（${notBefore} 后）`, `(after ${notBefore}) `));
  const unfilled = [...new Set([...send, ...held].flatMap((n) => n.unfilledRoles))];
  let out = say(ctx, `${send.length + held.length} 条通知，${byPerson.size} 人：\n`, `${send.length + held.length} notices for ${byPerson.size} people:\n`);
  for (const [id, p] of [...byPerson].sort(([a], [b]) => a.localeCompare(b))) out += `${p.name} (${id}): ${p.lines.length}\n${p.lines.join('\n')}\n`;
  if (unfilled.length) out += say(ctx, `无人担任的角色（在通道文件 roles 中填写）：${unfilled.join('、')}\n`, `roles nobody holds (fill them in the channels file's roles): ${unfilled.join(', ')}\n`);
  return out;
}
