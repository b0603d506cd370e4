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

/** The JSON body a robot is posted; 飞书's signed `timestamp` and `sign` are the sender's to add. */
export function robotPayload(type: RobotType, m: RobotMessage): Record<string, unknown> {
  if (type === 'wecom') {
    const mentions = m.to.map((p) => `<@${p.id}>`).join(' ');
    return { msgtype: 'markdown', markdown: { content: `**${m.title}**\n${m.body}${mentions ? `\n${mentions}` : ''}` } };
  }
  if (type === 'dingtalk') {
    const mobiles = m.to.flatMap((p) => (p.mobile ? [p.mobile] : []));
    const mentions = mobiles.map((x) => `@${x}`).join(' ');
    return { msgtype: 'markdown', markdown: { title: m.title, text: `#### ${m.title}\n${m.body}${mentions ? `\n${mentions}` : ''}` }, at: { atMobiles: mobiles, isAtAll: false } };
  }
  const mentions = m.to.map((p) => `<at user_id="${p.id}">${p.name}</at>`).join(' ');
  return { msg_type: 'text', content: { text: `${m.title}\n${m.text ?? m.body}${mentions ? `\n${mentions}` : ''}` } };
}
