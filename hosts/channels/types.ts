/**
 * What every channel adapter is: one send of one message, with an outcome that says whether
 * trying again may help. Retries, the rate limit and the delivery log live in deliver.ts, once,
 * not in each adapter.
 */

/** One message as a channel sends it: a title, a markdown-ish body, who it is for. */
export interface OutgoingMessage {
  title: string;
  /** Plain lines; robots that render markdown get them as markdown. */
  body: string;
  /** The people it is for, with what the config knows of them (mobile for @-mentions, e-mail). */
  to: ReadonlyArray<{ id: string; name: string; mobile?: string; email?: string }>;
  /** The body as plain text where it differs (a digest's body is a markdown table): e-mail and 飞书's text message use it. */
  text?: string;
  /** A picture for channels that carry one (e-mail, inline): the digest's chart. */
  image?: { name: string; png: Uint8Array };
  /** Sent by itself, never joined into a robot's batch: a digest is read as one message with its own title. */
  alone?: boolean;
}

export type SendOutcome =
  | { ok: true }
  /** retry: a 5xx, a time-out, a refused connection or the vendor's "too fast": trying later may work. */
  | { ok: false; retry: boolean; error: string };

export interface Channel {
  readonly id: string;
  readonly type: 'wecom' | 'dingtalk' | 'feishu' | 'email';
  /** Robots post one message per notice to their group; e-mail sends one per recipient. */
  readonly perRecipient: boolean;
  /** Messages a minute the receiver accepts (the robots: about 20). */
  readonly perMinute: number;
  /** Notices a robot joins into one message (its group reads a digest, not a flood); 1 for e-mail. */
  readonly batch: number;
  send(message: OutgoingMessage): Promise<SendOutcome>;
  close?(): void;
}
