/**
 * The weekly digests as deliveries: one per manager and channel (per recipient for e-mail),
 * keyed `digest|unit|week@channel` in the same delivery log as the day's notices, so the log's
 * before-and-after records keep a digest to one a week across runs and crashes. The robots get
 * the markdown; e-mail gets the plain text with the chart drawn into a PNG.
 */
import type { WeeklyDigest } from '../../plugin/index.js';
import { barChartPng } from './chart-png.js';
import type { ChannelsConfig, Person } from './config.js';
import type { PlannedDelivery } from './deliver.js';
import type { LogState } from './delivery-log.js';
import type { Channel } from './types.js';

export function planDigestDeliveries(digests: readonly WeeklyDigest[], channels: ReadonlyArray<Pick<Channel, 'id' | 'perRecipient'>>, config: ChannelsConfig, log: LogState): PlannedDelivery[] {
  const out: PlannedDelivery[] = [];
  const lang = config.lang;
  for (const d of digests) {
    const person: Person = config.people.get(d.recipient.id) ?? d.recipient;
    for (const channel of channels) {
      const delivery = `${d.key}@${channel.id}${channel.perRecipient ? `:${person.id}` : ''}`;
      const state = log.deliveries.get(delivery)?.state;
      const image = channel.perRecipient ? { image: { name: `digest-${d.unitId}-${d.week}.png`, png: barChartPng(d.rows) } } : {};
      out.push({
        delivery, notice: { key: d.key }, channel: channel.id,
        message: { title: d.title[lang], body: d.markdown[lang], text: d.text[lang], to: [person], alone: true, ...image },
        skip: state === 'delivered' ? 'delivered' : state === 'uncertain' ? 'uncertain' : channel.perRecipient && !person.email ? 'no-address' : null,
      });
    }
  }
  return out;
}
