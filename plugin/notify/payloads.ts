/**
 * What each robot is sent, as its vendor documents the body (企业微信 群机器人 markdown, 钉钉
 * 自定义机器人 markdown with its @-mobiles, 飞书 自定义机器人 text with <at> tags): one place for
 * every host that shows or sends one — the CLI's adapters add the key and the signature, the
 * playground shows the same body for a test message it cannot sign. Secrets never pass here.
 */

interface RobotMessage {
  title: string;
  /** Markdown-ish lines (a notice's text, a digest's table). */
  body: string;
  /** The plain-text form where it differs from the markdown: what 飞书's text message carries. */
  text?: string;
  to: ReadonlyArray<{ id: string; name: string; mobile?: string }>;
}

type RobotType = 'wecom' | 'dingtalk' | 'feishu';

/**
 * 企业微信 refuses a markdown content over 4096 bytes of UTF-8 (its robot docs), and a refused
 * notice was retried on every run, never delivered: a digest of a flat org's many teams, or a
 * unit with a long name, is cut to fit, ending in "…", its mentions kept.
 */
const WECOM_MARKDOWN_BYTES = 4096;

const encoder = new TextEncoder();
const utf8Bytes = (text: string): number => encoder.encode(text).length;

/** `text` within `budget` bytes of UTF-8, cut at a character and ending in "…" when cut. */
function cutToBytes(text: string, budget: number): string {
  if (utf8Bytes(text) <= budget) return text;
  const room = budget - utf8Bytes('…');
  let out = '';
  let bytes = 0;
  for (const c of text) {
    const size = utf8Bytes(c);
    if (bytes + size > room) break;
    out += c;
    bytes += size;
  }
  return `${out}…`;
}

/** The JSON body a robot is posted; 飞书's signed `timestamp` and `sign` are the sender's to add. */
export function robotPayload(type: RobotType, m: RobotMessage): Record<string, unknown> {
  if (type === 'wecom') {
    const mentions = m.to.map((p) => `<@${p.id}>`).join(' ');
    const head = `**${m.title}**\n`;
    const tail = mentions ? `\n${mentions}` : '';
    return { msgtype: 'markdown', markdown: { content: `${head}${cutToBytes(m.body, WECOM_MARKDOWN_BYTES - utf8Bytes(head) - utf8Bytes(tail))}${tail}` } };
  }
  if (type === 'dingtalk') {
    const mobiles = m.to.flatMap((p) => (p.mobile ? [p.mobile] : []));
    const mentions = mobiles.map((x) => `@${x}`).join(' ');
    return { msgtype: 'markdown', markdown: { title: m.title, text: `#### ${m.title}\n${m.body}${mentions ? `\n${mentions}` : ''}` }, at: { atMobiles: mobiles, isAtAll: false } };
  }
  const mentions = m.to.map((p) => `<at user_id="${p.id}">${p.name}</at>`).join(' ');
  return { msg_type: 'text', content: { text: `${m.title}\n${m.text ?? m.body}${mentions ? `\n${mentions}` : ''}` } };
}
