/**
 * E-mail over SMTP (nodemailer), one message per recipient. A 4xx reply or a lost connection is
 * worth another try (SMTP's own "try later"); a 5xx reply is final.
 */
import nodemailer from 'nodemailer';
import type { Channel } from './types.js';

interface EmailSettings {
  id: string;
  host: string;
  port: number;
  /** implicit: TLS from the start (465); starttls: upgrade required (587); none: plain, loopback only. */
  tls: 'implicit' | 'starttls' | 'none';
  from: string;
  user?: string;
  password?: string;
  perMinute?: number;
  timeoutMs?: number;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export function createEmailChannel(c: EmailSettings): Channel {
  const transport = nodemailer.createTransport({
    host: c.host, port: c.port, secure: c.tls === 'implicit', requireTLS: c.tls === 'starttls', ignoreTLS: c.tls === 'none',
    ...(c.user !== undefined ? { auth: { user: c.user, pass: c.password ?? '' } } : {}),
    connectionTimeout: c.timeoutMs ?? 10_000, greetingTimeout: c.timeoutMs ?? 10_000, socketTimeout: c.timeoutMs ?? 10_000,
  });
  return {
    id: c.id, type: 'email', perRecipient: true, perMinute: c.perMinute ?? 60, batch: 1,
    async send(m) {
      const to = m.to.flatMap((p) => (p.email ? [{ name: p.name, address: p.email }] : []));
      if (!to.length) return { ok: false, retry: false, error: 'no e-mail address' };
      try {
        const text = m.text ?? m.body;
        // the chart inline (cid), under the same text as HTML: mail clients that show no pictures still read it all
        const picture = m.image ? {
          html: `<pre style="font-family:inherit;white-space:pre-wrap">${escapeHtml(text)}</pre><img src="cid:chart" alt="${escapeHtml(m.image.name)}">`,
          attachments: [{ filename: m.image.name, content: Buffer.from(m.image.png), cid: 'chart', contentType: 'image/png' }],
        } : {};
        await transport.sendMail({ from: c.from, to, subject: m.title, text, ...picture });
        return { ok: true };
      } catch (e) {
        const err = e as { responseCode?: number; code?: string; message?: string };
        const code = err.responseCode;
        // SMTP's own rule: 4xx is "try again later", 5xx is final; no reply at all is a network failure
        const retry = code === undefined ? true : code >= 400 && code < 500;
        return { ok: false, retry, error: code !== undefined ? `SMTP ${code}` : `network: ${err.code ?? 'error'}` };
      }
    },
    close() { transport.close(); },
  };
}
