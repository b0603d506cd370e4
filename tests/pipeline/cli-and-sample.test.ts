import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCalendar } from '../../plugin/index.js';
import { generateSamplePipeline, samplePipelineFiles } from '../../plugin/sample/index.js';
import { runCli } from '../support/run-cli.js';

const templates = join(process.cwd(), 'templates');
const sampleDir = join(templates, 'data', 'sample-pipeline');
const calendar = parseCalendar(JSON.parse(readFileSync(join(templates, 'calendars', 'cn-2026.json'), 'utf8')));
if (!calendar.ok) throw new Error('calendar');
const cal = calendar.calendar;

describe('sample pipeline data', () => {
  it('the committed files are exactly what the generator makes (UPDATE_SAMPLE=1 rewrites them)', () => {
    const files = samplePipelineFiles(generateSamplePipeline({ isWorkingDay: (d) => cal.isWorkingDay(d) }));
    for (const [name, text] of Object.entries(files)) {
      if (process.env.UPDATE_SAMPLE === '1') writeFileSync(join(sampleDir, name), text);
      expect(readFileSync(join(sampleDir, name), 'utf8')).toBe(text);
    }
    const size = Object.values(files).reduce((n, t) => n + t.length, 0);
    expect(size).toBeLessThan(300_000);
  });
});

describe('target-kit pipeline', () => {
  const args = ['pipeline', '--opportunities', join(sampleDir, 'opportunities.csv'), '--activities', join(sampleDir, 'activities.csv'), '--now', '2026-05-15T18:00:00+08:00'];
  it('prints the funnel, overdue follow-ups, violations and the timeliness ranking as JSON', async () => {
    const r = await runCli([...args, '--units', join(templates, 'data', 'sample-company', 'units.csv'), '--lang', 'en']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(expect.arrayContaining(['funnel', 'overdue', 'violations', 'timeliness', 'funnel_by_unit']));
    expect(out.funnel.map((f: { stage: string }) => f.stage)).toEqual(['lead', 'intent', 'proposal', 'negotiation', 'won']);
    expect(Object.keys(out.overdue[0])).toEqual(['opportunity_id', 'owner_id', 'rule', 'due', 'stage']);
    const rules = new Set(out.overdue.map((o: { rule: string }) => o.rule));
    expect(rules.has('feedback-48h') && rules.has('stalled-in-stage')).toBe(true);
    expect(out.violations.length).toBeGreaterThan(0);
    expect(Object.keys(out.timeliness[0])).toEqual(['owner_id', 'on_time', 'late', 'rate', 'rank']);
    expect(out.timeliness[0].rank).toBe(1);
    expect(out.funnel_by_unit.YQ[0].reached).toBe(out.funnel[0].reached);
  });
  it('writes the overdue list as CSV', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tk-pipeline-'));
    const r = await runCli([...args, '--out', join(dir, 'overdue.csv')]);
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, 'overdue.csv'), 'utf8').replace(/^\ufeff/, '');
    expect(text.split(/\r?\n/)[0]).toBe('opportunity_id,owner_id,rule,due,stage');
  });
  it('reports bad rows by row and column, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tk-pipeline-'));
    writeFileSync(join(dir, 'opps.csv'), 'id,owner_id,customer,amount,created_at,stage\nO1,r1,甲,1000,2026-03-02T09:00:00+08:00,lead\n');
    writeFileSync(join(dir, 'acts.csv'), 'id,opportunity_id,owner_id,type,at,to_stage\nA1,O1,r1,first_visit,2026-03-02T09:00:00+08:00,\nA2,O1,r1,dance,2026-03-02T10:00:00+08:00,\nA3,O9,r1,touch,yesterday,\nA4,O1,r1,stage_change,2026-03-03T10:00:00+08:00,heaven\n');
    const r = await runCli(['pipeline', '--opportunities', join(dir, 'opps.csv'), '--activities', join(dir, 'acts.csv'), '--out', join(dir, 'out.json'), '--lang', 'en'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('acts.csv:3:type');
    expect(r.stderr).toContain('acts.csv:4:opportunity_id');
    expect(r.stderr).toContain('acts.csv:4:at');
    expect(r.stderr).toContain('acts.csv:5:to_stage');
    expect(r.stderr).toContain('nothing was written');
    expect(existsSync(join(dir, 'out.json'))).toBe(false);
  });
  it('streams NDJSON and reads the same as CSV', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tk-pipeline-'));
    const lines = readFileSync(join(sampleDir, 'activities.csv'), 'utf8').trim().split('\n');
    const cols = lines[0]!.split(',');
    writeFileSync(join(dir, 'acts.ndjson'), lines.slice(1).map((l) => JSON.stringify(Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])))).join('\n') + '\n');
    const a = await runCli(args);
    const b = await runCli([...args.slice(0, 3), '--activities', join(dir, 'acts.ndjson'), ...args.slice(5)]);
    expect(b.code).toBe(0);
    expect(JSON.parse(b.stdout)).toEqual(JSON.parse(a.stdout));
  });
});

describe('target-kit indicators', () => {
  it('gives daily values, the weekly curve and anomalies for the seeded people', async () => {
    const sample = generateSamplePipeline({ isWorkingDay: (d) => cal.isWorkingDay(d) });
    const r = await runCli(['indicators', '--activities', join(sampleDir, 'activities.csv'), '--units', join(templates, 'data', 'sample-company', 'units.csv'), '--lang', 'en']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.daily[0]).toEqual({ person_id: expect.any(String), date: expect.any(String), values: expect.objectContaining({ 'rep-customer-touches': expect.any(Number) }) });
    expect(out.weekly[0]).toEqual(expect.objectContaining({ person_id: expect.any(String), indicator: expect.any(String), week: expect.any(String), team_median: expect.anything() }));
    expect(Object.keys(out.anomalies[0]).slice(0, 5)).toEqual(['person_id', 'indicator', 'date', 'value', 'baseline']);
    const falling = out.anomalies.find((a: { person_id: string; direction: string }) => a.person_id === sample.anomalies.falling && a.direction === 'down');
    const rising = out.anomalies.find((a: { person_id: string; direction: string; date: string }) => a.person_id === sample.anomalies.rising && a.direction === 'up' && a.date === '2026-04-28');
    expect(falling).toBeTruthy();
    expect(rising).toBeTruthy();
    expect(out.recommendations.map((x: { team_id: string }) => x.team_id)).toEqual([sample.teams[1]]);
    expect(out.recommendations[0].strategies).toHaveLength(3);
  });
  it('finds the anomaly seeded for each other role in its own sample file', async () => {
    const sample = generateSamplePipeline({ isWorkingDay: (d) => cal.isWorkingDay(d) });
    for (const [role, { anomaly }] of Object.entries(sample.roles)) {
      const r = await runCli(['indicators', '--activities', join(sampleDir, `activities-${role}.csv`), '--role', role, '--lang', 'en']);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      const people = new Set(out.daily.map((d: { person_id: string }) => d.person_id));
      expect([...people].sort()).toEqual(sample.staff.filter((p) => p.role === role).map((p) => p.id).sort());
      expect(out.anomalies.map((a: { person_id: string; indicator: string; direction: string }) => [a.person_id, a.indicator, a.direction])).toEqual([[anomaly.person, anomaly.indicator, anomaly.direction]]);
    }
  });
  it('refuses a bad time by row and column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tk-ind-'));
    writeFileSync(join(dir, 'a.csv'), 'owner_id,type,at\nr1,touch,2026-03-02T09:00:00+08:00\nr1,touch,noon\n');
    const r = await runCli(['indicators', '--activities', join(dir, 'a.csv'), '--out', join(dir, 'o.csv'), '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('a.csv:3:at');
    expect(existsSync(join(dir, 'o.csv'))).toBe(false);
  });
  it('--role picks another role and an unknown one is a usage error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tk-ind-'));
    writeFileSync(join(dir, 'a.csv'), 'owner_id,type,at\ncs1,health_check,2026-03-02T09:00:00+08:00\n');
    const r = await runCli(['indicators', '--activities', join(dir, 'a.csv'), '--role', 'customer-success']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).weekly.find((w: { indicator: string }) => w.indicator === 'cs-health-checks').value).toBe(1);
    expect((await runCli(['indicators', '--activities', join(dir, 'a.csv'), '--role', 'ceo'])).code).toBe(2);
  });
});
