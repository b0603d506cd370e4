/**
 * Delivering notices: each notice becomes one message per robot and one e-mail per recipient
 * with an address; each delivery is logged before and after it is sent, skipped when the log
 * says it was delivered or may have been (uncertain), retried with backoff when the receiver
 * may accept it later, and held to each channel's messages a minute. Errors are redacted of
 * every secret before they are logged or returned.
 */
import type { Notice } from '../../plugin/index.js';
import type { ChannelsConfig, Person } from './config.js';
import { redact } from './config.js';
import { appendLog, type LogState } from './delivery-log.js';
import type { Channel, OutgoingMessage } from './types.js';

export interface PlannedDelivery {
  delivery: string;
  /** A notice, or a weekly digest: delivering needs only its key. */
  notice: { key: string };
  channel: string;
  message: OutgoingMessage;
  /** Skipped: already delivered, possibly delivered (a crash after 'sending'), or nobody to send to. */
  skip: 'delivered' | 'uncertain' | 'no-address' | null;
}

/** The notice's text with its relative link made absolute by the channels file's linkBase. */
export function noticeText(notice: Notice, config: Pick<ChannelsConfig, 'linkBase'>, lang: 'zh' | 'en'): string {
  const link = /^[a-z]+:\/\//i.test(notice.link) ? notice.link : config.linkBase + notice.link;
  return notice.text[lang].split(notice.link).join(link);
}

export function planDeliveries(notices: readonly Notice[], channels: ReadonlyArray<Pick<Channel, 'id' | 'perRecipient'>>, config: ChannelsConfig, log: LogState): PlannedDelivery[] {
  const out: PlannedDelivery[] = [];
  const personOf = (r: { id: string; name: string }): Person => config.people.get(r.id) ?? { id: r.id, name: r.name };
  for (const notice of notices) {
    const text = noticeText(notice, config, config.lang);
    const title = text.split(/[】\]]/)[0]!.replace(/^[【[]/, '') || notice.kind;
    const people = notice.recipients.map(personOf);
    for (const channel of channels) {
      const groups = channel.perRecipient ? people.map((p) => ({ suffix: `:${p.id}`, to: [p] })) : [{ suffix: '', to: people }];
      for (const g of groups) {
        const delivery = `${notice.key}@${channel.id}${g.suffix}`;
        const state = log.deliveries.get(delivery)?.state;
        const noAddress = channel.perRecipient && !g.to.some((p) => p.email);
        out.push({
          delivery, notice, channel: channel.id, message: { title, body: text, to: g.to },
          skip: state === 'delivered' ? 'delivered' : state === 'uncertain' ? 'uncertain' : noAddress ? 'no-address' : null,
        });
      }
    }
  }
  return out;
}

interface DeliverOptions {
  logPath: string;
  secrets: readonly string[];
  /** Attempts per delivery, the first included. */
  attempts?: number;
  /** The first wait before a retry; each next one doubles. */
  backoffMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

interface DeliveryResult { delivery: string; channel: string; notice: string; status: 'delivered' | 'failed'; attempts: number; error?: string }

/** Under 企业微信's 4096-byte markdown limit, the smallest of the three robots'. */
const MAX_BATCH_BYTES = 3500;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function deliver(planned: readonly PlannedDelivery[], channels: readonly Channel[], o: DeliverOptions): Promise<DeliveryResult[]> {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? realSleep;
  const attempts = o.attempts ?? 3;
  const backoff = o.backoffMs ?? 1000;
  const sentAt = new Map<string, number[]>();
  const byId = new Map(channels.map((c) => [c.id, c]));
  const results: DeliveryResult[] = [];
  const iso = () => new Date(now()).toISOString();

  // a sliding minute per channel: the robots refuse (or silently drop) beyond about 20 a minute
  const waitForSlot = async (c: Channel) => {
    const times = sentAt.get(c.id) ?? [];
    sentAt.set(c.id, times);
    for (;;) {
      const t = now();
      while (times.length && times[0]! <= t - 60_000) times.shift();
      if (times.length < c.perMinute) { times.push(t); return; }
      await sleep(times[0]! + 60_000 - t);
    }
  };

  // robots join up to `batch` notices (within one message's size) into a single post
  const sends: Array<{ channel: Channel; items: PlannedDelivery[] }> = [];
  const open = new Map<string, { channel: Channel; items: PlannedDelivery[] }>();
  for (const p of planned) {
    const channel = byId.get(p.channel);
    if (p.skip || !channel) continue;
    const current = open.get(channel.id);
    const size = (items: PlannedDelivery[]) => Buffer.byteLength(items.map((i) => i.message.body).join('\n\n'));
    const joinable = current && !p.message.alone && !current.items[0]!.message.alone;
    if (joinable && current.items.length < channel.batch && size([...current.items, p]) <= MAX_BATCH_BYTES) {
      current.items.push(p);
      continue;
    }
    const next = { channel, items: [p] };
    sends.push(next);
    open.set(channel.id, next);
  }

  for (const { channel, items } of sends) {
    const message: OutgoingMessage = items.length === 1 ? items[0]!.message : {
      title: `${items[0]!.message.title} (+${items.length - 1})`,
      body: items.map((i) => i.message.body).join('\n\n'),
      ...(items.some((i) => i.message.text !== undefined) ? { text: items.map((i) => i.message.text ?? i.message.body).join('\n\n') } : {}),
      to: [...new Map(items.flatMap((i) => i.message.to).map((t) => [t.id, t])).values()],
    };
    const bases = items.map((p) => ({ delivery: p.delivery, notice: p.notice.key, channel: p.channel, to: p.message.to.map((x) => x.id) }));
    await appendLog(o.logPath, bases.map((b) => ({ at: iso(), ...b, status: 'sending' as const })));
    let tries = 0;
    let error = '';
    let ok = false;
    while (tries < attempts) {
      tries++;
      await waitForSlot(channel);
      const outcome = await channel.send(message);
      if (outcome.ok) { ok = true; break; }
      error = redact(outcome.error, o.secrets);
      if (!outcome.retry || tries >= attempts) break;
      await sleep(backoff * 2 ** (tries - 1));
    }
    const status = ok ? 'delivered' as const : 'failed' as const;
    await appendLog(o.logPath, bases.map((b) => ({ at: iso(), ...b, status, attempts: tries, ...(ok ? {} : { error }) })));
    for (const b of bases) results.push({ delivery: b.delivery, channel: b.channel, notice: b.notice, status, attempts: tries, ...(ok ? {} : { error }) });
  }
  return results;
}
