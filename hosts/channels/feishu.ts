/**
 * 飞书 custom bot with 签名校验: POST {endpoint}/{token} with `timestamp` (seconds) and
 * `sign` = base64(HmacSHA256(key = timestamp + "\n" + secret, message = "")) in the body, as
 * Feishu's "自定义机器人使用指南" documents (the key is the string, the message empty; the
 * server refuses a timestamp more than an hour off). code 0 is sent; 9499 is "too many requests".
 */
import { createHmac } from 'node:crypto';
import { postJson, robotOutcome } from './http.js';
import { robotPayload } from '../../plugin/index.js';
import type { Channel, OutgoingMessage } from './types.js';

const FEISHU_ENDPOINT = 'https://open.feishu.cn/open-apis/bot/v2/hook';

function feishuSign(timestampSeconds: number, secret: string): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

function feishuPost(m: OutgoingMessage, timestampSeconds: number, secret: string): unknown {
  return { timestamp: String(timestampSeconds), sign: feishuSign(timestampSeconds, secret), ...robotPayload('feishu', m) };
}

export function createFeishuChannel(c: { id: string; token: string; secret: string; endpoint?: string; perMinute?: number; batch?: number; timeoutMs?: number; now?: () => number }): Channel {
  return {
    id: c.id, type: 'feishu', perRecipient: false, perMinute: c.perMinute ?? 20, batch: c.batch ?? 10,
    async send(m) {
      const seconds = Math.floor((c.now ?? Date.now)() / 1000);
      const r = await postJson(`${c.endpoint ?? FEISHU_ENDPOINT}/${encodeURIComponent(c.token)}`, feishuPost(m, seconds, c.secret), c.timeoutMs ?? 10_000);
      return r.ok ? robotOutcome(r.result.body, 'code', [9499]) : r;
    },
  };
}
