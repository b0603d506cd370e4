/**
 * `target-kit notify`'s further inputs and its weekly digest, apart from the command's file so
 * that its options stay a short list: the pipeline's follow-up time-outs (the same streamed
 * analysis `target-kit pipeline` runs), the flows file (flow instances, their overdue decided in
 * the runtime), and `--digest`, which sends each manager his week's digest over the same
 * channels and delivery log.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createPipelineModel, parseInstant, parseJsonText, weeklyDigests, type LoadedBundle, type TimeoutAlert, type WeeklyDigest } from '../../plugin/index.js';
import { openChannels, type ChannelsConfig } from '../channels/config.js';
import { deliver } from '../channels/deliver.js';
import type { LogState } from '../channels/delivery-log.js';
import { planDigestDeliveries } from '../channels/digest.js';
import { analyzeActivities, readOpportunities } from './commands/pipeline.js';
import { Failure, UsageError, say, write, type CommandContext } from './context.js';
import { NOTHING_WRITTEN, refuse } from './problems-out.js';

/** Every follow-up time-out of the opportunities at `now` (cleared ones too: they resolve delivered notices). */
export async function followUpsOf(ctx: CommandContext, bundle: LoadedBundle, opportunities: string | undefined, activities: string | undefined, now: string): Promise<TimeoutAlert[] | undefined> {
  if (opportunities === undefined && activities === undefined) return undefined;
  if (!opportunities || !activities) throw new UsageError(say(ctx, '--opportunities 与 --opportunity-activities 须一起给出', '--opportunities and --opportunity-activities go together'));
  // the activities are read twice (moves, then everything): standard input could be read once only
  if (activities === '-') throw new UsageError(say(ctx, '--opportunity-activities 须为文件（不能是标准输入）', '--opportunity-activities must be a file (not standard input)'));
  const m = createPipelineModel(bundle);
  if (!m.ok) return refuse(ctx, m.problems, NOTHING_WRITTEN);
  const list = await readOpportunities(ctx, opportunities, m.model);
  const analysis = await analyzeActivities(ctx, activities, undefined, m.model, list, parseInstant(now)!);
  return analysis.alerts;
}

/** The flows file's JSON, checked by the runtime with the org tree it builds. */
export async function flowsOf(ctx: CommandContext, path: string | undefined): Promise<{ file: string; value: unknown } | undefined> {
  if (path === undefined) return undefined;
  let raw: string;
  try {
    raw = await readFile(resolve(ctx.cwd, path), 'utf8');
  } catch {
    throw new UsageError(say(ctx, `无法读取 --flows 文件 ${path}`, `cannot read the --flows file ${path}`));
  }
  const parsed = parseJsonText(raw, path);
  if (!parsed.ok) return refuse(ctx, [parsed.problem], NOTHING_WRITTEN);
  return { file: path, value: parsed.value };
}

interface DigestRun {
  digests: WeeklyDigest[];
  config: ChannelsConfig;
  log: LogState;
  logPath: string;
  channelsFile: string;
  dryRun: boolean;
}

/** Sends (or, dry, prints) the week's digests not yet delivered: one per manager and week. */
export async function sendDigests(ctx: CommandContext, run: DigestRun): Promise<void> {
  const { digests, config, log } = run;
  if (run.dryRun) {
    let out = say(ctx, `${digests.length} 份周报：\n`, `${digests.length} weekly digests:\n`);
    for (const d of digests) out += `${config.people.get(d.recipient.id)?.name ?? d.recipient.name} (${d.recipient.id}): ${d.title[ctx.lang]}\n${d.text[ctx.lang].replace(/^(?=.)/gm, '  ')}\n`;
    await write(ctx.stdout, out);
    return;
  }
  const opened = openChannels(config, process.env, run.channelsFile);
  if (!opened.ok) return refuse(ctx, opened.problems, NOTHING_WRITTEN);
  const { channels, secrets } = opened.value;
  try {
    const planned = planDigestDeliveries(digests, channels, config, log);
    const results = await deliver(planned, channels, { logPath: run.logPath, secrets });
    const failed = results.filter((r) => r.status === 'failed');
    for (const f of failed) await write(ctx.stderr, say(ctx, `发送失败 ${f.channel}（${f.attempts} 次）：${f.error}\n`, `failed ${f.channel} (${f.attempts} attempts): ${f.error}\n`));
    const noAddress = planned.filter((p) => p.skip === 'no-address').length;
    await write(ctx.stdout, say(ctx,
      `周报 ${digests.length} 份，投递成功 ${results.length - failed.length}，失败 ${failed.length}，无邮箱跳过 ${noAddress}\n`,
      `${digests.length} weekly digests, ${results.length - failed.length} deliveries made, ${failed.length} failed, ${noAddress} skipped without an address\n`));
    if (failed.length) throw new Failure('deliveries failed');
  } finally {
    for (const c of channels) c.close?.();
  }
}
