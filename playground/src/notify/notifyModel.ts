/**
 * What the 通知 screen shows, through the runtime: the day's notices of the sample company (the
 * build's targets, actuals and daily-action datasets, `dayNotices`, the use case the CLI's
 * `notify` and NocoBase's scheduled run call) at 9:00 on the company's as-of day with the
 * week's digest of every manager (in the bundle's words, `notifications.digest`), and a test
 * message per channel in the body its vendor expects (`robotPayload`, what the CLI's adapters
 * send before adding key and signature).
 */
import { dayNotices, parseCsv, robotPayload, type LoadedBundle, type Localized, type Notice, type NoticeTable, type NotifyPlan, type Problem, type WeeklyDigest } from '../../../plugin/index.js';
import { DATASET } from '../company/companyModel.js';

export const CHANNELS = ['wecom', 'dingtalk', 'feishu', 'email', 'nocobase'] as const;
export type ChannelType = (typeof CHANNELS)[number];

function table(bundle: LoadedBundle, id: string): { ok: true; table: NoticeTable } | { ok: false; problems: Problem[] } {
  const ds = bundle.datasets.get(id);
  const file = ds?.def.file ?? id;
  const parsed = parseCsv(typeof ds?.content === 'string' ? ds.content : '', file);
  return parsed.ok ? { ok: true, table: { file, columns: parsed.columns, records: parsed.records } } : { ok: false, problems: [parsed.problem] };
}

type Planned = { ok: true; asOf: string; plan: NotifyPlan; digests: WeeklyDigest[] } | { ok: false; problems: Problem[] };
const cache = new WeakMap<LoadedBundle, Map<string, Planned>>();

/** The notices planned at 9:00 Shanghai time on `day` and the week's digests, nothing delivered yet (the playground delivers nothing). */
export function plannedNotices(bundle: LoadedBundle, day: string): Planned {
  let byDay = cache.get(bundle);
  if (!byDay) cache.set(bundle, (byDay = new Map()));
  const hit = byDay.get(day);
  if (hit) return hit;
  const tables = [DATASET.targets, DATASET.actuals, 'sample-activity'].map((id) => table(bundle, id));
  const bad = tables.flatMap((t) => (t.ok ? [] : t.problems));
  let result: Planned;
  if (bad.length) result = { ok: false, problems: bad };
  else {
    const [targets, actuals, activity] = tables.map((t) => (t as { table: NoticeTable }).table) as [NoticeTable, NoticeTable, NoticeTable];
    const r = dayNotices(bundle, { targets, actuals, activity, asOf: day, now: `${day}T09:00:00+08:00`, delivered: new Set(), digests: true });
    result = r.ok ? { ok: true, asOf: r.day.asOf, plan: r.day.plan, digests: r.day.digests } : r;
  }
  byDay.set(day, result);
  return result;
}

/** A notice's title as the channels show it: its 【…】 lead, else its kind. */
export const noticeTitle = (text: string, kind: string) => text.split(/[】\]]/)[0]!.replace(/^[【[]/, '') || kind;

/** The body a test message of `notice` would be sent with on a channel; no key, no signature. */
export function testPayload(channel: ChannelType, notice: Notice, lang: keyof Localized, testLabel: string): Record<string, unknown> {
  const text = notice.text[lang];
  const title = `${testLabel} · ${noticeTitle(text, notice.kind)}`;
  const to = notice.recipients.map((r) => ({ id: r.id, name: r.name }));
  if (channel === 'email') return { to: to.map((p) => p.name), subject: title, text };
  // what NocoBase's notification manager is handed for its in-app channel: receivers by user id
  if (channel === 'nocobase') return { channelName: 'in-app-message', receivers: { type: 'userId', value: to.map((p) => p.id) }, title, content: text };
  return robotPayload(channel, { title, body: text, to });
}
