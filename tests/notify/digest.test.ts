/**
 * weeklyDigests over the sample company's day (the runtime's own tracking run): one digest a
 * manager (every unit with units under it), his direct units' rows with the lights and gaps the
 * tracking gave, the open alerts below him and none from elsewhere, keyed by unit and ISO week so
 * a delivered one is not offered again.
 */
import { describe, expect, it } from 'vitest';
import { dayNotices, loadBundle, parseCsv, readNotificationSettings, robotPayload, weeklyDigests, type LoadedBundle, type NoticeTable } from '../../plugin/index.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

function bundle(): LoadedBundle {
  const r = loadBundle(defaultBundleFiles());
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.bundle;
}

function table(b: LoadedBundle, id: string): NoticeTable {
  const dataset = b.datasets.get(id)!;
  const parsed = parseCsv(dataset.content as string, dataset.def.file);
  if (!parsed.ok) throw new Error(parsed.problem.message.en);
  return { file: dataset.def.file, columns: parsed.columns, records: parsed.records };
}

describe('weeklyDigests', () => {
  const b = bundle();
  const r = dayNotices(b, { targets: table(b, 'sample-targets'), actuals: table(b, 'sample-actuals'), activity: table(b, 'sample-activity'), now: '2026-05-15T09:00:00+08:00', delivered: new Set() });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  const { tree, progress, alerts, reviews, asOf } = r.day;
  const texts = readNotificationSettings(b.parameters)!.digest;
  const digests = weeklyDigests({ texts, tree, progress, alerts, reviews, asOf });
  const progressOf = new Map(progress.map((p) => [p.id, p]));

  it('gives every manager one digest for the ISO week, with his direct units as the tracking saw them', () => {
    const managers = tree.topDown.filter((id) => tree.get(id)!.childIds.length > 0);
    expect(digests.map((d) => d.unitId)).toEqual(managers);
    for (const d of digests) {
      expect(d.week).toBe('2026-W20');
      expect(d.key).toBe(`digest|${encodeURIComponent(d.unitId)}|2026-W20`);
      expect(d.rows.map((row) => row.unitId)).toEqual(tree.get(d.unitId)!.childIds);
      for (const row of d.rows) {
        const p = progressOf.get(row.unitId)!;
        expect([row.light, row.gap, row.actual]).toEqual([p.light, p.gapBase, p.actual]);
      }
      expect(Object.values(d.lights).reduce((a, n) => a + n, 0)).toBe(d.rows.length);
    }
  });

  it('lists the open alerts below the manager and nothing from elsewhere', () => {
    const team = digests.find((d) => d.unitId === 'HN01')!;
    const below = alerts.filter((a) => a.open && a.unitId !== 'HN01' && tree.isWithin(a.unitId, 'HN01')).length
      + reviews.filter((x) => x.open && x.unitId !== 'HN01' && tree.isWithin(x.unitId, 'HN01')).length;
    expect(below).toBeGreaterThan(0);
    expect(team.openAlerts).toHaveLength(below);
    expect(team.openAlerts.every((a) => tree.isWithin(a.unitId, 'HN01') && a.unitId !== 'HN01')).toBe(true);
    expect(team.text.zh).toContain(`未解除的预警：${below}`);
    expect(team.markdown.en).toContain('| unit | light | done | gap |');
  });

  it('prints the bundle\'s own words: another title or light name in notifications.digest changes the digest', () => {
    const own = { ...texts, title: { zh: '{unit}｜{week} 周简报', en: '{unit} | week {week}' }, lightNames: { ...texts.lightNames, red: { zh: '赤', en: 'crimson' } } };
    const team = weeklyDigests({ texts: own, tree, progress, alerts, reviews, asOf }).find((d) => d.unitId === 'HN01')!;
    expect([team.title.zh, team.title.en]).toEqual(['广州一组｜2026-W20 周简报', '广州一组 | week 2026-W20']);
    expect(team.rows.some((r) => r.light === 'red')).toBe(true);
    expect(team.text.en).toContain(': crimson, ');
    expect(team.text.en).not.toContain(': red, ');
  });

  it('leaves out a digest already delivered this week, and offers it again next week', () => {
    const delivered = new Set([digests[1]!.key]);
    expect(weeklyDigests({ texts, tree, progress, alerts, reviews, asOf, delivered }).map((d) => d.key)).toEqual(digests.filter((d) => d.key !== digests[1]!.key).map((d) => d.key));
    expect(weeklyDigests({ texts, tree, progress, alerts, reviews, asOf: '2026-05-18', delivered })).toHaveLength(digests.length);
  });
});

describe('a robot message past 企业微信\'s 4096 bytes', () => {
  it('is cut to fit, ending in "…", the mentions kept: refused, it was retried on every run and never arrived', () => {
    // a flat org's digest: 120 teams straight under the company, one row each
    const rows = Array.from({ length: 120 }, (_, i) => `| 第${i + 1}组（华东大区上海分部） | 红 | 23.2% | 21,086,312.34 元 |`).join('\n');
    const to = [{ id: 'zhou', name: '周敏' }];
    const payload = robotPayload('wecom', { title: '云启科技 周报 2026-W20', body: rows, to }) as { markdown: { content: string } };
    const content = payload.markdown.content;
    expect(new TextEncoder().encode(content).length).toBeLessThanOrEqual(4096);
    expect(content.startsWith('**云启科技 周报 2026-W20**\n| 第1组')).toBe(true);
    expect(content.endsWith('…\n<@zhou>')).toBe(true);
    // a message within the limit is sent as it is
    const short = robotPayload('wecom', { title: 't', body: rows.slice(0, 200), to }) as { markdown: { content: string } };
    expect(short.markdown.content).toBe(`**t**\n${rows.slice(0, 200)}\n<@zhou>`);
  });
});
