/**
 * 企业微信 group robot: POST {endpoint}?key=KEY with a markdown message, as the WeCom docs
 * describe (群机器人配置说明: msgtype markdown, content up to 4096 bytes; errcode 0 is sent,
 * 45009 is "api freq out of limit", about 20 messages a minute).
 */
import { postJson, robotOutcome } from './http.js';
import { robotPayload } from '../../plugin/index.js';
import type { Channel } from './types.js';

const WECOM_ENDPOINT = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send';

export function createWecomChannel(c: { id: string; key: string; endpoint?: string; perMinute?: number; batch?: number; timeoutMs?: number }): Channel {
  return {
    id: c.id, type: 'wecom', perRecipient: false, perMinute: c.perMinute ?? 20, batch: c.batch ?? 10,
    async send(m) {
      const url = `${c.endpoint ?? WECOM_ENDPOINT}?key=${encodeURIComponent(c.key)}`;
      const r = await postJson(url, robotPayload('wecom', m), c.timeoutMs ?? 10_000);
      return r.ok ? robotOutcome(r.result.body, 'errcode', [45009]) : r;
    },
  };
}
