/**
 * `target-kit notify` beyond the tracking alerts: overdue follow-ups from the sample pipeline and
 * overdue flow to-dos from saved instances, each once and resolved when cleared; and `--digest`,
 * each manager's weekly digest once per ISO week, markdown to the robots and an e-mail with the
 * chart as a PNG. On the loopback receivers, over one team of the sample company (上海一组).
 */
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFlowRuntime, createWorkingClock, loadBundle, parseCalendar, type FlowInstance } from '../../plugin/index.js';
import { buildOrgTree } from '../../plugin/org/index.js';
import { barChartPng, CHART } from '../../hosts/channels/chart-png.js';
import { runCli } from '../support/run-cli.js';
import { defaultBundleFiles, TEMPLATES_DIR } from '../support/default-bundle.js';
import { channelsFile, ENV, SECRETS, startRobots, startSmtp, type Robots } from './receivers.js';

const DATA = join(TEMPLATES_DIR, 'data');
const inTeam = (id: string) => id === 'YQ' || id === 'HD' || id === 'HD01' || id.startsWith('HD01-');

let robots: Robots;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let dir: string;
const files: Record<string, string> = {};

/** The sample file with the header and the rows whose column `col` passes `keep`. */
function subset(from: string, name: string, col: number, keep: (id: string) => boolean): string {
  const [head, ...rows] = readFileSync(join(DATA, from, name), 'utf8').trim().split('\n');
  const path = join(dir, `team-${name}`);
  writeFileSync(path, [head, ...rows.filter((r) => keep(r.split(',')[col]!))].join('\n') + '\n');
  return path;
}

beforeAll(async () => {
  robots = await startRobots();
  smtp = await startSmtp();
  dir = mkdtempSync(join(tmpdir(), 'tk-notify-sources-'));
  Object.assign(process.env, ENV);
  files.targets = subset('sample-actuals', 'targets.csv', 0, inTeam);
  files.actuals = subset('sample-actuals', 'actuals.csv', 0, inTeam);
  files.activity = subset('sample-actuals', 'activity.csv', 0, inTeam);
  files.opportunities = subset('sample-pipeline', 'opportunities.csv', 1, inTeam);
  files.oppActivities = subset('sample-pipeline', 'activities.csv', 2, inTeam);
});
afterAll(async () => {
  await robots.close();
  await smtp.close();
  for (const k of Object.keys(ENV)) delete process.env[k];
});

function channels(name: string, channelIds: string[], people: Record<string, unknown> = {}): string {
  const all = channelsFile(robots, smtp.port, { people, roles: { hrbp: ['hr1'] } }) as { channels: Array<{ id: string; perMinute?: number }> };
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ ...all, channels: all.channels.filter((c) => channelIds.includes(c.id)).map((c) => ({ ...c, perMinute: 1000 })) }));
  return path;
}

/** A work order on 毛睿 (HD01-01) assigned by his team lead: due 8 working hours later. */
function workOrder(): { assigned: FlowInstance; resolve: (now: string) => FlowInstance } {
  const loaded = loadBundle(defaultBundleFiles());
  if (!loaded.ok) throw new Error('bundle');
  const { bundle } = loaded;
  const units = readFileSync(files.targets!, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const built = buildOrgTree(units.map(([id, parentId, name, level]) => ({ id: id!, parentId: parentId || null, name: name!, level: level as 'rep' })), 'targets.csv');
  if (!built.ok) throw new Error('tree');
  const cal = [...bundle.datasets.values()].find((d) => d.def.id.startsWith('calendar-'))!;
  const read = parseCalendar(cal.content, cal.def.file);
  if (!read.ok) throw new Error('calendar');
  const flow = createFlowRuntime(bundle.flows.find((f) => f.def.id === 'work-order')!.def, built.tree, bundle, createWorkingClock(read.calendar));
  const start = flow.start({ id: 'WO-1', ownerId: 'HD01-01', unitId: 'HD01-01', data: { title: '客户要求对接 ERP' }, now: '2026-05-13T10:00:00+08:00' });
  const lead = { id: 'HD01', roles: ['team-lead'], unitId: 'HD01' };
  const step = flow.step(start, 'assign', lead, { engineerId: 'eng-1' }, '2026-05-13T10:00:00+08:00', 0);
  if (!step.ok) throw new Error(step.refusal.message.en);
  return {
    assigned: step.instance,
    resolve: (now) => {
      const r = flow.step(step.instance, 'resolve', { id: 'eng-1', roles: ['engineer'], unitId: 'HD01' }, { resolution: '接口已开通' }, now, 1);
      if (!r.ok) throw new Error(r.refusal.message.en);
      return r.instance;
    },
  };
}

const day = () => ['--targets', files.targets!, '--actuals', files.actuals!, '--activity', files.activity!, '--as-of', '2026-05-15'];

describe('notify: follow-ups and flow to-dos', () => {
  it('a dry run lists the overdue follow-ups and the overdue work order with their recipients', async () => {
    const { assigned } = workOrder();
    writeFileSync(join(dir, 'flows.json'), JSON.stringify([assigned]));
    const r = await runCli(['notify', ...day(), '--opportunities', files.opportunities!, '--opportunity-activities', files.oppActivities!, '--flows', join(dir, 'flows.json'),
      '--channels', channels('dry.json', ['sales-wecom']), '--log', join(dir, 'dry.jsonl'), '--now', '2026-05-15T10:00:00+08:00', '--dry-run', '--lang', 'en']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("[follow-up-overdue] [Follow-up overdue] 毛睿's opportunity OP0001");
    expect(r.stdout).toMatch(/\[flow-overdue\] .*WO-1/);
    // 毛睿 and his team lead both hear of his work order
    const person = (id: string) => r.stdout.split(/\n(?=\S)/).find((b) => b.includes(`(${id}):`)) ?? '';
    expect(person('HD01-01')).toContain('WO-1');
    expect(person('HD01')).toContain('WO-1');
  }, 120_000);

  it('refuses a flows file with an unknown flow, by its pointer', async () => {
    writeFileSync(join(dir, 'bad-flows.json'), JSON.stringify({ instances: [{ id: 'x', flowId: 'no-such-flow', state: 'raised', ownerId: 'HD01-01', unitId: 'HD01-01', version: 0, due: null }] }));
    const r = await runCli(['notify', ...day(), '--flows', join(dir, 'bad-flows.json'), '--channels', channels('bad.json', ['sales-wecom']), '--dry-run']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('/instances/0/flowId');
  }, 60_000);

  it('on loopback: each once, a second run nothing, and a follow-up made or a work order resolved sends its note', async () => {
    const { assigned, resolve } = workOrder();
    const flows = join(dir, 'real-flows.json');
    writeFileSync(flows, JSON.stringify([assigned]));
    const log = join(dir, 'real.jsonl');
    const file = channels('real.json', ['sales-dingtalk']);
    const args = (now: string) => ['notify', ...day(), '--opportunities', files.opportunities!, '--opportunity-activities', files.oppActivities!, '--flows', flows,
      '--channels', file, '--log', log, '--now', now, '--lang', 'en'];
    const before = robots.hits.length;
    const first = await runCli(args('2026-05-15T10:00:00+08:00'));
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const sent = robots.hits.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((h) => h.verdict === 'ok')).toBe(true);
    const texts = sent.map((h) => h.body.markdown.text as string).join('\n');
    expect(texts).toContain('OP0001');
    expect(texts).toContain('WO-1');

    const second = await runCli(args('2026-05-15T11:00:00+08:00'));
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('0 notices, 0 deliveries made');

    // 毛睿 files the feedback on OP0001 late, and the engineer resolves the work order
    appendFileSync(files.oppActivities!, 'AC99999,OP0001,HD01-01,feedback,2026-05-15T11:30:00+08:00,,\n');
    writeFileSync(flows, JSON.stringify([resolve('2026-05-15T11:40:00+08:00')]));
    const mark = robots.hits.length;
    const third = await runCli(args('2026-05-15T12:00:00+08:00'));
    expect(third.code).toBe(0);
    expect(third.stdout).toContain('2 notices');
    const notes = robots.hits.slice(mark).map((h) => h.body.markdown.text as string).join('\n');
    expect(notes).toContain('OP0001');
    expect(notes).toContain('WO-1');
    const logged = readFileSync(log, 'utf8');
    expect(logged).toContain('follow-up-overdue|HD01-01|feedback-48h|2026-04-03T13%3A34%3A00%2B08%3A00|-|OP0001|resolved');
    for (const s of Object.values(SECRETS)) expect(first.stdout + second.stdout + third.stdout + logged).not.toContain(s);
  }, 180_000);
});

describe('notify --digest', () => {
  it('each manager gets his week\'s digest once: markdown to the robot, an e-mail with the chart; a second run nothing', async () => {
    const people = { YQ: { name: '总经理', email: 'ceo@example.com' }, HD: { name: '华东负责人', email: 'hd@example.com' }, HD01: { name: '上海一组主管', email: 'hd01@example.com' } };
    const file = channels('digest.json', ['sales-wecom', 'mail'], people);
    const log = join(dir, 'digest.jsonl');
    const args = ['notify', ...day(), '--digest', '--channels', file, '--log', log, '--now', '2026-05-15T18:00:00+08:00'];
    const dry = await runCli([...args, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('3 份周报');
    expect(dry.stdout).toContain('上海一组主管 (HD01): 上海一组 周报 2026-W20（截至 2026-05-15）');
    expect(dry.stdout).toContain('- 毛睿: ');

    // in the quiet hours (22:00 Shanghai) nothing goes and nothing is logged: the next run sends them
    const before = robots.hits.length;
    const night = await runCli(['notify', ...day(), '--digest', '--channels', file, '--log', join(dir, 'digest-night.jsonl'), '--now', '2026-05-15T22:00:00+08:00']);
    expect([night.code, robots.hits.length]).toEqual([0, before]);
    expect(night.stdout).toContain('免打扰时段：周报 3 份在 2026-05-16T08:00:00+08:00 后发送');

    const hits = robots.hits.length;
    const mails = smtp.mails.length;
    const first = await runCli(args);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('周报 3 份，投递成功 6，失败 0');
    const posted = robots.hits.slice(hits);
    expect(posted.every((h) => h.robot === 'wecom' && h.verdict === 'ok')).toBe(true);
    const markdown = posted.map((h) => h.body.markdown.content as string).join('\n');
    for (const unit of ['云启科技', '华东大区', '上海一组']) expect(markdown).toContain(`**${unit} 周报 2026-W20`);
    expect(markdown).toMatch(/\| 毛睿 \| (🟢|🟡|🔴|⚪) \| [\d.]+% \|/);
    const got = smtp.mails.slice(mails);
    expect(got.map((m) => m.to[0]).sort()).toEqual(['ceo@example.com', 'hd01@example.com', 'hd@example.com']);
    const team = got.find((m) => m.to[0] === 'hd01@example.com')!.raw;
    expect(team).toContain('Content-Type: image/png');
    expect(team).toMatch(/Content-ID: <chart>/i);

    const second = await runCli(args);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('周报 0 份');
    expect(robots.hits.length - hits).toBe(posted.length);
    expect(smtp.mails.length - mails).toBe(3);
  }, 180_000);

  it('the chart is a PNG whose bars have their light\'s colour and their completion\'s height', () => {
    const png = barChartPng([{ ratio: 1.2, light: 'green' }, { ratio: 0.3, light: 'red' }]);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    expect(height).toBe(CHART.height);
    const idatLength = png.readUInt32BE(33);
    const raw = inflateSync(png.subarray(41, 41 + idatLength));
    const at = (x: number, y: number) => [...raw.subarray(y * (width * 3 + 1) + 1 + x * 3, y * (width * 3 + 1) + 1 + x * 3 + 3)];
    const floor = CHART.height - CHART.margin;
    const plot = CHART.height - 2 * CHART.margin;
    const first = CHART.margin + 2;
    const second = CHART.margin + CHART.bar + CHART.gap + 2;
    // green bar up to 1.2 / 1.5 of the plot, the red one to 0.3 / 1.5, white above each
    expect(at(first, floor - 1)).toEqual([82, 196, 26]);
    expect(at(first, floor - Math.round(1.2 / 1.5 * plot))).toEqual([82, 196, 26]);
    expect(at(first, floor - Math.round(1.2 / 1.5 * plot) - 1)).toEqual([255, 255, 255]);
    expect(at(second, floor - Math.round(0.3 / 1.5 * plot))).toEqual([245, 34, 45]);
    expect(at(second, floor - Math.round(0.3 / 1.5 * plot) - 1)).toEqual([255, 255, 255]);
  });
});
