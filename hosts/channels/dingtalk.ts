/**
 * 钉钉 custom robot with 加签: POST {endpoint}?access_token=TOKEN&timestamp=T&sign=S, where T is
 * the time in milliseconds and S = urlEncode(base64(HmacSHA256(key = secret, message =
 * T + "\n" + secret))), as DingTalk's "自定义机器人安全设置" page documents; the server refuses a
 * timestamp more than an hour off. errcode 0 is sent; 130101 is "send too fast".
 */
import { createHmac } from 'node:crypto';
import { postJson, robotOutcome } from './http.js';
import { robotPayload } from '../../plugin/index.js';
import type { Channel } from './types.js';

const DINGTALK_ENDPOINT = 'https://oapi.dingtalk.com/robot/send';

function dingtalkSign(timestamp: number, secret: string): string {
  return encodeURIComponent(createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64'));
}


export function createDingtalkChannel(c: { id: string; token: string; secret: string; endpoint?: string; perMinute?: number; batch?: number; timeoutMs?: number; now?: () => number }): Channel {
  return {
    id: c.id, type: 'dingtalk', perRecipient: false, perMinute: c.perMinute ?? 20, batch: c.batch ?? 10,
    async send(m) {
      const timestamp = (c.now ?? Date.now)();
      const url = `${c.endpoint ?? DINGTALK_ENDPOINT}?access_token=${encodeURIComponent(c.token)}&timestamp=${timestamp}&sign=${dingtalkSign(timestamp, c.secret)}`;
      const r = await postJson(url, robotPayload('dingtalk', m), c.timeoutMs ?? 10_000);
      return r.ok ? robotOutcome(r.result.body, 'errcode', [130101]) : r;
    },
  };
}
