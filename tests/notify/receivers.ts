/**
 * Receivers on loopback that play the vendors: one HTTP server answering as the 企业微信, 钉钉
 * and 飞书 robots do, checking each request's shape and signature the way the vendors document
 * them, and an SMTP server (smtp-server) keeping what it receives. A test scripts failures with
 * `fail` (statuses the next requests get) and reads what arrived.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export const SECRETS = {
  wecomKey: 'wk-7f3a9c1e5b2d4f6a8c0e1b3d5f7a9c1e',
  dingToken: 'dt-1c3e5a7b9d0f2a4c6e8b0d2f4a6c8e0b',
  dingSecret: 'SEC5d7f9b1c3e5a7d9f1b3c5e7a9d1f3b5c7e9a1d3f5b7c9e1a3d5f7b9c1e3a5d7f',
  feishuToken: 'fs-0a2c4e6b8d1f3a5c7e9b2d4f6a8c0e1b',
  feishuSecret: 'fsSecret9c8b7a6d5e4f3a2b1c0d9e8f',
  smtpUser: 'alerts',
  smtpPassword: 'pw-Smtp-4d2c8e1a9b7f',
};

export const ENV = {
  TK_WECOM_KEY: SECRETS.wecomKey, TK_DINGTALK_TOKEN: SECRETS.dingToken, TK_DINGTALK_SECRET: SECRETS.dingSecret,
  TK_FEISHU_TOKEN: SECRETS.feishuToken, TK_FEISHU_SECRET: SECRETS.feishuSecret, TK_SMTP_USER: SECRETS.smtpUser, TK_SMTP_PASSWORD: SECRETS.smtpPassword,
};

export interface RobotHit { robot: 'wecom' | 'dingtalk' | 'feishu'; body: Record<string, any>; verdict: string } // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Robots {
  base: string;
  hits: RobotHit[];
  /** Statuses the next requests get instead of a normal answer (502, 503, or 'hang'). */
  fail: Array<number | 'hang'>;
  close(): Promise<void>;
}

const HOUR = 3_600_000;

/** What the vendor's server would say of a request: 'ok' or why it refuses it. */
function judge(robot: RobotHit['robot'], url: URL, body: Record<string, any>): string { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (robot === 'wecom') {
    if (url.searchParams.get('key') !== SECRETS.wecomKey) return 'bad key';
    if (body.msgtype !== 'markdown' || typeof body.markdown?.content !== 'string' || Buffer.byteLength(body.markdown.content) > 4096) return 'bad markdown';
    return 'ok';
  }
  if (robot === 'dingtalk') {
    if (url.searchParams.get('access_token') !== SECRETS.dingToken) return 'bad token';
    const timestamp = url.searchParams.get('timestamp') ?? '';
    // DingTalk: sign = urlEncode(base64(HmacSHA256(secret, timestamp + "\n" + secret))); searchParams has URL-decoded it once
    const expected = createHmac('sha256', SECRETS.dingSecret).update(`${timestamp}\n${SECRETS.dingSecret}`).digest('base64');
    if (url.searchParams.get('sign') !== expected) return 'bad sign';
    if (Math.abs(Date.now() - Number(timestamp)) > HOUR) return 'stale timestamp';
    if (body.msgtype !== 'markdown' || typeof body.markdown?.title !== 'string' || typeof body.markdown?.text !== 'string') return 'bad markdown';
    return 'ok';
  }
  if (url.pathname !== `/feishu/${SECRETS.feishuToken}`) return 'bad hook';
  // Feishu: sign = base64(HmacSHA256 keyed with timestamp + "\n" + secret, over an empty message)
  const expected = createHmac('sha256', `${body.timestamp}\n${SECRETS.feishuSecret}`).update('').digest('base64');
  if (body.sign !== expected) return 'bad sign';
  if (Math.abs(Date.now() / 1000 - Number(body.timestamp)) > 3600) return 'stale timestamp';
  if (body.msg_type !== 'text' || typeof body.content?.text !== 'string') return 'bad text';
  return 'ok';
}

export async function startRobots(): Promise<Robots> {
  const hits: RobotHit[] = [];
  const fail: Array<number | 'hang'> = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => { raw += c.toString('utf8'); });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const robot = url.pathname.startsWith('/wecom') ? 'wecom' : url.pathname.startsWith('/dingtalk') ? 'dingtalk' : 'feishu';
      const scripted = fail.shift();
      if (scripted === 'hang') return; // never answers: the client's time-out
      if (scripted !== undefined) { res.writeHead(scripted).end('upstream error'); return; }
      let body: Record<string, any> = {}; // eslint-disable-line @typescript-eslint/no-explicit-any
      try { body = JSON.parse(raw); } catch { /* judged below */ }
      const verdict = judge(robot, url, body);
      hits.push({ robot, body, verdict });
      res.writeHead(200, { 'content-type': 'application/json' });
      const ok = verdict === 'ok';
      res.end(JSON.stringify(robot === 'feishu' ? { code: ok ? 0 : 19021, msg: ok ? 'success' : verdict } : { errcode: ok ? 0 : 310000, errmsg: ok ? 'ok' : verdict }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`, hits, fail,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

export interface Mail { from: string; to: string[]; raw: string }

export async function startSmtp(): Promise<{ port: number; mails: Mail[]; close(): Promise<void> }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'], allowInsecureAuth: true, logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === SECRETS.smtpUser && auth.password === SECRETS.smtpPassword) cb(null, { user: auth.username });
      else cb(new Error('535 authentication failed'));
    },
    onData(stream, session, cb) {
      let raw = '';
      stream.on('data', (c: Buffer) => { raw += c.toString('utf8'); });
      stream.on('end', () => {
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A channels file for these receivers (names of variables only, as a real one). */
export function channelsFile(robots: Robots, smtpPort: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    lang: 'zh', linkBase: 'https://crm.example.com',
    channels: [
      { id: 'sales-wecom', type: 'wecom', tokenEnv: 'TK_WECOM_KEY', endpoint: `${robots.base}/wecom` },
      { id: 'sales-dingtalk', type: 'dingtalk', tokenEnv: 'TK_DINGTALK_TOKEN', secretEnv: 'TK_DINGTALK_SECRET', endpoint: `${robots.base}/dingtalk` },
      { id: 'sales-feishu', type: 'feishu', tokenEnv: 'TK_FEISHU_TOKEN', secretEnv: 'TK_FEISHU_SECRET', endpoint: `${robots.base}/feishu` },
      { id: 'mail', type: 'email', host: '127.0.0.1', port: smtpPort, tls: 'none', from: 'target-kit <alerts@example.com>', userEnv: 'TK_SMTP_USER', passwordEnv: 'TK_SMTP_PASSWORD' },
    ],
    ...over,
  };
}
