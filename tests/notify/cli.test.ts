import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { TEMPLATES_DIR } from '../support/default-bundle.js';
import { channelsFile, ENV, SECRETS, startRobots, startSmtp, type Robots } from './receivers.js';

const SAMPLE = join(TEMPLATES_DIR, 'data', 'sample-actuals');
const README = readFileSync(join(TEMPLATES_DIR, '..', 'README.md'), 'utf8');
const day = ['--targets', join(SAMPLE, 'targets.csv'), '--actuals', join(SAMPLE, 'actuals.csv'), '--activity', join(SAMPLE, 'activity.csv'), '--as-of', '2026-05-15'];
const people = { hr1: { name: '周敏', email: 'hr@example.com' } };

let robots: Robots;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let dir: string;
beforeAll(async () => {
  robots = await startRobots();
  smtp = await startSmtp();
  dir = mkdtempSync(join(tmpdir(), 'tk-notify-cli-'));
  Object.assign(process.env, ENV);
});
afterAll(async () => {
  await robots.close();
  await smtp.close();
  for (const k of Object.keys(ENV)) delete process.env[k];
});

function channels(name: string, over: Record<string, unknown> = {}): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(channelsFile(robots, smtp.port, { people, roles: { hrbp: ['hr1'] }, ...over })));
  return path;
}

describe('target-kit notify with the sample company', () => {
  it('a dry run lists what each person gets on 15 May, sends nothing and needs no secret', async () => {
    const before = robots.hits.length;
    const saved = process.env.TK_WECOM_KEY;
    delete process.env.TK_WECOM_KEY;
    const r = await runCli(['notify', ...day, '--channels', channels('dry.json'), '--log', join(dir, 'dry.jsonl'), '--now', '2026-05-15T09:00:00+08:00', '--dry-run']);
    process.env.TK_WECOM_KEY = saved;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+ 条通知，\d+ 人：/);
    expect(r.stdout).toContain('[reminder] 【一级提醒】');
    expect(r.stdout).toContain('周敏 (hr1)');
    // the README's excerpt, checked in both places so neither drifts
    for (const line of ['邓红强 (XN07-03): 2', '  [reminder] 【一级提醒】邓红强：自 2026-05-13 起连续 3 个工作日基础动作少于 1 次（达到 3 天即提醒）。请今天完成基础动作。https://crm.example.com/track?unit=XN07-03&record=&kind=reminder']) {
      expect(r.stdout).toContain(line);
      expect(README).toContain(line);
    }
    expect(robots.hits.length).toBe(before);
  }, 120_000);

  it('a real run on loopback (two East teams) delivers each once; the second delivers nothing; no secret in any output or log', async () => {
    const log = join(dir, 'real.jsonl');
    // one robot and e-mail: the sample's day is a few dozen notices, the robot's minute allows them
    const file = channels('real.json', { channels: [
      { id: 'sales-feishu', type: 'feishu', tokenEnv: 'TK_FEISHU_TOKEN', secretEnv: 'TK_FEISHU_SECRET', endpoint: `${robots.base}/feishu`, perMinute: 1000 },
      { id: 'mail', type: 'email', host: '127.0.0.1', port: smtp.port, tls: 'none', from: 'alerts@example.com', userEnv: 'TK_SMTP_USER', passwordEnv: 'TK_SMTP_PASSWORD', perMinute: 1000 },
    ] });
    // two teams of the East region (the whole company is some 1,200 deliveries; the region alone
    // 209 notices and 103 e-mails, each e-mail some 120 ms on loopback): 32 notices, so still
    // several robot messages of ten, and 17 e-mails to the HRBP
    const east = (name: string, keep: (id: string) => boolean) => {
      const [head, ...rows] = readFileSync(join(SAMPLE, name), 'utf8').trim().split('\n');
      const path = join(dir, `east-${name}`);
      writeFileSync(path, [head, ...rows.filter((r) => keep(r.split(',')[0]!))].join('\n') + '\n');
      return path;
    };
    const inEast = (id: string) => id === 'YQ' || id === 'HD' || id.startsWith('HD01') || id.startsWith('HD02');
    const eastDay = ['--targets', east('targets.csv', inEast), '--actuals', east('actuals.csv', inEast), '--activity', east('activity.csv', inEast), '--as-of', '2026-05-15'];
    const args = ['notify', ...eastDay, '--channels', file, '--log', log, '--now', '2026-05-15T09:00:00+08:00', '--lang', 'en'];
    const hitsBefore = robots.hits.length;
    const mailsBefore = smtp.mails.length;
    const first = await runCli(args);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const sent = robots.hits.length - hitsBefore;
    expect(sent).toBeGreaterThan(0);
    expect(robots.hits.slice(hitsBefore).every((h) => h.verdict === 'ok')).toBe(true);
    const logged = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { notice: string; channel: string; status: string });
    const notices = new Set(logged.map((l) => l.notice)).size;
    const mails = smtp.mails.length - mailsBefore;
    expect(first.stdout).toContain(`${notices} notices, ${notices + mails} deliveries made, 0 failed`);
    // the robot's messages carry ten notices each
    expect(sent).toBe(Math.ceil(notices / 10));
    expect(logged.filter((l) => l.channel === 'mail' && l.status === 'delivered')).toHaveLength(mails);
    // HRBP is the only person with an address: he gets the coaching and review notices by mail
    expect(smtp.mails.slice(mailsBefore).every((m) => m.to[0] === 'hr@example.com')).toBe(true);

    const second = await runCli(args);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('0 notices, 0 deliveries made');
    expect(robots.hits.length - hitsBefore).toBe(sent);
    const everything = first.stdout + first.stderr + second.stdout + readFileSync(log, 'utf8');
    for (const s of Object.values(SECRETS)) expect(everything).not.toContain(s);
  }, 180_000);

  it('refuses a channels file holding a secret, by its pointer', async () => {
    const path = join(dir, 'leaky.json');
    writeFileSync(path, JSON.stringify({ channels: [{ id: 'w', type: 'wecom', tokenEnv: 'TK_WECOM_KEY', endpoint: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${SECRETS.wecomKey}` }] }));
    const r = await runCli(['notify', ...day, '--channels', path, '--dry-run']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('/channels/0/endpoint');
    expect(r.stderr).not.toContain(SECRETS.wecomKey);
  }, 60_000);
});
