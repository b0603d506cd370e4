import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrgTree, loadBundle, planNotifications, readNotificationSettings, type EscalationAlert, type Notice, type OrgUnitInput } from '../../plugin/index.js';
import { openChannels, readChannelsConfig, redact, type ChannelsConfig } from '../../hosts/channels/config.js';
import { deliver, planDeliveries } from '../../hosts/channels/deliver.js';
import { readLog } from '../../hosts/channels/delivery-log.js';
import { defaultBundleFiles } from '../support/default-bundle.js';
import { channelsFile, ENV, SECRETS, startRobots, startSmtp, type Robots } from './receivers.js';

const loaded = loadBundle(defaultBundleFiles());
if (!loaded.ok) throw new Error('bundle');
const settings = readNotificationSettings(loaded.bundle.parameters)!;
const built = buildOrgTree<OrgUnitInput>([
  { id: 'co', parentId: null, name: '公司' },
  { id: 't1', parentId: 'co', name: '上海一组', head: 'h-t1' },
  { id: 'r1', parentId: 't1', name: '王磊' },
]);
if (!built.ok) throw new Error('org');
const alert = (over: Partial<EscalationAlert> = {}): EscalationAlert => ({
  unitId: 'r1', unitName: '王磊', level: 1, action: 'reminder', rule: 'missed-basic-action', notify: { unitId: 'r1', name: '王磊', role: 'self' },
  since: '2026-05-11', raisedAt: '2026-05-13', through: '2026-05-15', streak: 5, open: true, why: { zh: '连续 5 天', en: '5 days' }, ...over,
});
const notices = (delivered: Set<string>, alerts = [alert()], retry = new Set<string>()): Notice[] =>
  planNotifications({ settings, tree: built.tree, now: '2026-05-15T12:00:00+08:00', delivered, retry, alerts }).send;

let robots: Robots;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let dir: string;
beforeAll(async () => {
  robots = await startRobots();
  smtp = await startSmtp();
  dir = mkdtempSync(join(tmpdir(), 'tk-notify-'));
});
afterAll(async () => { await robots.close(); await smtp.close(); });

const people = { r1: { name: '王磊', email: 'wang@example.com', mobile: '13800000001' }, 'h-t1': { name: '上海一组', email: 'lead@example.com' } };
function config(over: Record<string, unknown> = {}): ChannelsConfig {
  const r = readChannelsConfig(channelsFile(robots, smtp.port, { people, ...over }), 'channels.json');
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}
let run = 0;
/** One scheduled run: read the log, plan, deliver; what the CLI does. */
async function runOnce(logPath: string, cfg: ChannelsConfig, alerts = [alert()], opts: { attempts?: number } = {}) {
  const log = await readLog(logPath);
  const opened = openChannels(cfg, ENV, 'channels.json', { timeoutMs: 1500 });
  if (!opened.ok) throw new Error(JSON.stringify(opened.problems));
  const planned = planDeliveries(notices(log.deliveredNotices, alerts, log.retryNotices), opened.value.channels, cfg, log);
  try {
    return { planned, results: await deliver(planned, opened.value.channels, { logPath, secrets: opened.value.secrets, backoffMs: 5, ...opts }) };
  } finally {
    for (const c of opened.value.channels) c.close?.();
  }
}
const freshLog = () => join(dir, `log-${++run}.jsonl`);

describe('channels against receivers on loopback', () => {
  it('delivers to each robot (signature checked as the vendor documents) and by e-mail, once; a second run sends nothing', async () => {
    const log = freshLog();
    const hitsBefore = robots.hits.length;
    const first = await runOnce(log, config());
    expect(first.results.map((r) => [r.channel, r.status])).toEqual([
      ['sales-wecom', 'delivered'], ['sales-dingtalk', 'delivered'], ['sales-feishu', 'delivered'], ['mail', 'delivered'],
    ]);
    const hits = robots.hits.slice(hitsBefore);
    expect(hits.map((h) => [h.robot, h.verdict])).toEqual([['wecom', 'ok'], ['dingtalk', 'ok'], ['feishu', 'ok']]);
    expect(hits[0]!.body.markdown.content).toContain('王磊：连续 5 天');
    expect(hits[0]!.body.markdown.content).toContain('https://crm.example.com/track?unit=r1');
    expect(hits[1]!.body.at.atMobiles).toEqual(['13800000001']);
    const mail = smtp.mails.at(-1)!;
    expect(mail.to).toEqual(['wang@example.com']);
    expect(mail.raw).toMatch(/^Subject: /m);

    const second = await runOnce(log, config());
    expect(second.results).toEqual([]);
    expect(robots.hits.length).toBe(hitsBefore + 3);
    const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.status)).toEqual(['sending', 'delivered', 'sending', 'delivered', 'sending', 'delivered', 'sending', 'delivered']);
  });

  it('a cleared alert sends its resolved note once', async () => {
    const log = freshLog();
    await runOnce(log, config());
    const cleared = [alert({ open: false, clearedAt: '2026-05-16' })];
    const note = await runOnce(log, config(), cleared);
    expect(note.results.map((r) => [r.notice.endsWith('|resolved'), r.status])).toEqual(Array(4).fill([true, 'delivered']));
    expect((await runOnce(log, config(), cleared)).results).toEqual([]);
  });

  it('retries a 502 and a time-out, then delivers', async () => {
    const log = freshLog();
    robots.fail.push(502, 'hang');
    const cfg = config({ channels: [{ id: 'sales-wecom', type: 'wecom', tokenEnv: 'TK_WECOM_KEY', endpoint: `${robots.base}/wecom` }] });
    const { results } = await runOnce(log, cfg);
    expect(results.map((r) => [r.status, r.attempts])).toEqual([['delivered', 3]]);
  });

  it('a receiver that is down: failed after the retries, logged, and tried again next run', async () => {
    const log = freshLog();
    const down = { id: 'down', type: 'wecom', tokenEnv: 'TK_WECOM_KEY', endpoint: 'http://127.0.0.1:9/wecom' };
    const { results } = await runOnce(log, config({ channels: [down] }));
    expect(results.map((r) => [r.status, r.attempts])).toEqual([['failed', 3]]);
    expect(results[0]!.error).toMatch(/^network: /);
    const state = await readLog(log);
    expect([...state.deliveries.values()].map((d) => d.state)).toEqual(['failed']);
    expect([state.deliveredNotices.size, state.retryNotices.size]).toEqual([0, 1]);
    const up = { ...down, endpoint: `${robots.base}/wecom` };
    expect((await runOnce(log, config({ channels: [up] }))).results.map((r) => r.status)).toEqual(['delivered']);
  });

  it('delivered on one channel and failed on another: only the failed one is retried, and the clearing still sends its note', async () => {
    const log = freshLog();
    const up = { id: 'up', type: 'wecom', tokenEnv: 'TK_WECOM_KEY', endpoint: `${robots.base}/wecom` };
    const down = { id: 'down', type: 'wecom', tokenEnv: 'TK_WECOM_KEY', endpoint: 'http://127.0.0.1:9/wecom' };
    expect((await runOnce(log, config({ channels: [up, down] }))).results.map((r) => [r.channel, r.status])).toEqual([['up', 'delivered'], ['down', 'failed']]);
    const repaired = { ...down, endpoint: `${robots.base}/wecom` };
    expect((await runOnce(log, config({ channels: [up, repaired] }))).results.map((r) => [r.channel, r.status])).toEqual([['down', 'delivered']]);
    const cleared = await runOnce(log, config({ channels: [up, repaired] }), [alert({ open: false, clearedAt: '2026-05-16' })]);
    expect(cleared.results.map((r) => [r.channel, r.notice.endsWith('|resolved')])).toEqual([['up', true], ['down', true]]);
  });

  it('failed everywhere and then cleared: nobody was told, so no note', async () => {
    const log = freshLog();
    const down = { id: 'down', type: 'wecom', tokenEnv: 'TK_WECOM_KEY', endpoint: 'http://127.0.0.1:9/wecom' };
    await runOnce(log, config({ channels: [down] }), [alert()], { attempts: 1 });
    const up = { ...down, endpoint: `${robots.base}/wecom` };
    expect((await runOnce(log, config({ channels: [up] }), [alert({ open: false, clearedAt: '2026-05-16' })])).results).toEqual([]);
  });

  it('a crash between send and log: a "sending" without an outcome is reported uncertain and not sent again', async () => {
    const log = freshLog();
    const key = notices(new Set())[0]!.key;
    writeFileSync(log, JSON.stringify({ at: '2026-05-15T04:00:00Z', delivery: `${key}@sales-wecom`, notice: key, channel: 'sales-wecom', to: ['r1'], status: 'sending' }) + '\n{"at":"2026-05-15T04:00:01Z","deliv');
    const before = robots.hits.length;
    const { planned, results } = await runOnce(log, config({ channels: [{ id: 'sales-wecom', type: 'wecom', tokenEnv: 'TK_WECOM_KEY', endpoint: `${robots.base}/wecom` }] }));
    expect(planned).toEqual([]);
    expect(results).toEqual([]);
    const state = await readLog(log);
    expect([...state.deliveries].map(([d, s]) => [d, s.state])).toEqual([[`${key}@sales-wecom`, 'uncertain']]);
    // offered again (say the host lost its settled set), the delivery itself is still skipped
    const opened = openChannels(config(), ENV, 'channels.json');
    if (!opened.ok) throw new Error('open');
    expect(planDeliveries(notices(new Set()), opened.value.channels, config(), state).map((p) => [p.channel, p.skip]))
      .toEqual([['sales-wecom', 'uncertain'], ['sales-dingtalk', null], ['sales-feishu', null], ['mail', null]]);
    for (const c of opened.value.channels) c.close?.();
    expect(robots.hits.length).toBe(before);
  });

  it('holds to the rate limit: the third message in a minute waits for the first to leave the window', async () => {
    const log = freshLog();
    let clock = Date.parse('2026-05-15T04:00:00Z');
    const sleeps: number[] = [];
    const cfg = config({ channels: [{ id: 'slow', type: 'wecom', tokenEnv: 'TK_WECOM_KEY', endpoint: `${robots.base}/wecom`, perMinute: 2, batch: 1 }] });
    const opened = openChannels(cfg, ENV, 'channels.json');
    if (!opened.ok) throw new Error('open');
    const three = notices(new Set(), ['2026-05-04', '2026-05-11', '2026-05-18'].map((since) => alert({ since })));
    const planned = planDeliveries(three, opened.value.channels, cfg, await readLog(log));
    const results = await deliver(planned, opened.value.channels, {
      logPath: log, secrets: opened.value.secrets, now: () => clock, sleep: async (ms) => { sleeps.push(ms); clock += ms; },
    });
    expect(results.map((r) => r.status)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(sleeps).toEqual([60_000]);
  });

  it('a robot gets the day\'s notices joined, ten to a message, each notice still logged on its own', async () => {
    const log = freshLog();
    const before = robots.hits.length;
    const twelve = Array.from({ length: 12 }, (_, i) => alert({ since: `2026-04-${String(i + 1).padStart(2, '0')}` }));
    const { results } = await runOnce(log, config({ channels: [{ id: 'sales-wecom', type: 'wecom', tokenEnv: 'TK_WECOM_KEY', endpoint: `${robots.base}/wecom` }] }), twelve);
    expect(results.map((r) => r.status)).toEqual(Array(12).fill('delivered'));
    const hits = robots.hits.slice(before);
    expect(hits.map((h) => [h.verdict, (h.body.markdown.content.match(/【一级提醒】/g) ?? []).length])).toEqual([['ok', 10], ['ok', 2]]);
    const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l).status);
    expect(lines).toEqual([...Array(10).fill('sending'), ...Array(10).fill('delivered'), 'sending', 'sending', 'delivered', 'delivered']);
    expect((await runOnce(log, config({ channels: [{ id: 'sales-wecom', type: 'wecom', tokenEnv: 'TK_WECOM_KEY', endpoint: `${robots.base}/wecom` }] }), twelve)).results).toEqual([]);
  });

  it('no secret in any result, log line or error, even when a library error quotes one', async () => {
    const log = freshLog();
    const wrong = { id: 'bad-key', type: 'wecom', tokenEnv: 'TK_WECOM_KEY', endpoint: `${robots.base}/wecom-404` };
    robots.fail.push(503, 503, 503);
    const { results } = await runOnce(log, config({ channels: [wrong] }));
    const everything = JSON.stringify(results) + readFileSync(log, 'utf8');
    for (const s of Object.values(SECRETS)) expect(everything).not.toContain(s);
    expect(redact(`GET /send?key=${encodeURIComponent(SECRETS.dingSecret)} ${SECRETS.wecomKey}`, Object.values(SECRETS))).toBe('GET /send?key=*** ***');
  });
});

describe('the channels file', () => {
  const base = { channels: [{ id: 'w', type: 'wecom', tokenEnv: 'TK_WECOM_KEY' }] };
  const refused = (json: unknown) => { const r = readChannelsConfig(json, 'channels.json'); return r.ok ? [] : r.problems.map((p) => [p.code, p.pointer]); };
  it('refuses a secret written into it, by its pointer, without quoting it', () => {
    expect(refused({ channels: [{ id: 'w', type: 'wecom', tokenEnv: SECRETS.wecomKey }] })).toEqual([['CHANNELS_SECRET_IN_FILE', '/channels/0/tokenEnv']]);
    expect(refused({ channels: [{ id: 'd', type: 'dingtalk', tokenEnv: 'A', secretEnv: 'B', secret: 'x' }] })).toEqual([['CHANNELS_SECRET_IN_FILE', '/channels/0/secret']]);
    expect(refused({ ...base, linkBase: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc` })).toEqual([['CHANNELS_SECRET_IN_FILE', '/linkBase']]);
    expect(refused({ channels: [{ id: 'w', type: 'wecom', tokenEnv: 'TK_WECOM_KEY', endpoint: `https://x/hook/${SECRETS.feishuToken}` }] })).toEqual([['CHANNELS_SECRET_IN_FILE', '/channels/0/endpoint']]);
    expect(refused({ ...base, people: { r1: { name: SECRETS.dingSecret } } })).toEqual([['CHANNELS_SECRET_IN_FILE', '/people/r1/name']]);
    const r = readChannelsConfig({ channels: [{ id: 'w', type: 'wecom', tokenEnv: SECRETS.wecomKey }] }, 'channels.json');
    expect(JSON.stringify(r)).not.toContain(SECRETS.wecomKey);
  });
  it('refuses plain SMTP off loopback and names a missing variable, not a value', () => {
    expect(refused({ channels: [{ id: 'm', type: 'email', host: 'smtp.example.com', port: 25, tls: 'none', from: 'a@example.com' }] })).toEqual([['CHANNELS_INVALID', '/channels/0/tls']]);
    const cfg = readChannelsConfig(base, 'channels.json');
    if (!cfg.ok) throw new Error('cfg');
    const opened = openChannels(cfg.value, {}, 'channels.json');
    expect(opened.ok ? [] : opened.problems.map((p) => [p.pointer, p.message.en])).toEqual([['/channels/0/tokenEnv', 'the environment variable TK_WECOM_KEY is not set']]);
  });
});
