import { describe, expect, it } from 'vitest';
import { dayNotices, loadBundle, parseCsv, readNotificationSettings, type LoadedBundle, type NoticeTable } from '../../plugin/index.js';
import { clone, defaultBundleFiles } from '../support/default-bundle.js';

function bundle(): LoadedBundle {
  const r = loadBundle(defaultBundleFiles());
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.bundle;
}

function table(b: LoadedBundle, id: string, edit: (text: string) => string = (t) => t): NoticeTable {
  const dataset = b.datasets.get(id);
  if (!dataset || typeof dataset.content !== 'string') throw new Error(`no dataset ${id}`);
  const parsed = parseCsv(edit(dataset.content), dataset.def.file);
  if (!parsed.ok) throw new Error(parsed.problem.message.en);
  return { file: dataset.def.file, columns: parsed.columns, records: parsed.records };
}

describe('dayNotices: the day\'s notices over the sample company\'s tables', () => {
  const b = bundle();
  const now = '2026-05-15T09:00:00+08:00';
  const run = (delivered: ReadonlySet<string>, edit?: (text: string) => string) => {
    const r = dayNotices(b, { targets: table(b, 'sample-targets'), actuals: table(b, 'sample-actuals', edit), activity: table(b, 'sample-activity'), now, delivered });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    return r.day;
  };

  it('raises escalation notices for 华南 reps with their manager as a recipient; a second run with them delivered sends nothing', () => {
    const first = run(new Set());
    expect(first.asOf).toBe('2026-05-15');
    const hn = first.plan.send.filter((n) => n.unitId.startsWith('HN') && n.recipients.some((r) => r.as === 'manager'));
    expect(hn.length).toBeGreaterThan(0);
    const again = run(new Set(first.plan.send.map((n) => n.key)));
    expect(again.plan.send).toEqual([]);
  });

  it('an alert cleared by higher actuals sends its resolved note, once', () => {
    const first = run(new Set());
    const key = first.plan.send.find((n) => n.unitId === 'HN01-01' && n.kind === 'manager-notice')?.key;
    expect(key).toBeDefined();
    // 韩琪华 sells well from week 18 on: the weeks below the threshold are gone
    const better = (text: string) => text.replace(/^(HN01-01,2026-(04-2[7-9]|04-30|05-\d\d)),[\d.]+$/gm, '$1,50000.00');
    const cleared = run(new Set(first.plan.send.map((n) => n.key)), better);
    expect(cleared.plan.send.filter((n) => n.unitId === 'HN01-01').map((n) => n.key)).toContain(`${key}|resolved`);
    expect(cleared.plan.send.every((n) => n.resolved)).toBe(true);
  });

  it('a host\'s own link (NocoBase\'s board page) replaces the bundle\'s playground path in the link and the text', () => {
    const r = dayNotices(b, { targets: table(b, 'sample-targets'), actuals: table(b, 'sample-actuals'), activity: table(b, 'sample-activity'), now, delivered: new Set(), link: '/admin/tk_progress_board_view_page?unit={unit}' });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const notice = r.day.plan.send.find((n) => n.unitId === 'HN01-01');
    expect(notice?.link).toBe('/admin/tk_progress_board_view_page?unit=HN01-01');
    expect(notice?.text.zh).toContain('/admin/tk_progress_board_view_page?unit=HN01-01');
    expect(r.day.plan.send.every((n) => !n.link.startsWith('/track'))).toBe(true);
    // without it, the bundle's own
    expect(run(new Set()).plan.send.find((n) => n.unitId === 'HN01-01')?.link).toMatch(/^\/track\?unit=HN01-01/);
  });

  it('refuses a bad actual by its file, row and column', () => {
    const r = dayNotices(b, { targets: table(b, 'sample-targets'), actuals: table(b, 'sample-actuals', (t) => t.replace('HD01-01,2026-W02,6589.00', 'HD01-01,2026-W02,65x9')), now, delivered: new Set() });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ file: 'data/sample-actuals/actuals.csv', row: 2, column: 'amount' });
  });
});

describe('the notifications schedule parameter', () => {
  it('reads the shipped schedule: working days at 08:30 Shanghai time', () => {
    expect(readNotificationSettings(bundle().parameters)?.schedule).toEqual({ time: '08:30', days: [1, 2, 3, 4, 5] });
  });

  it('refuses a time that is no HH:MM and a weekday out of 1-7, by their pointers', () => {
    const files = clone(defaultBundleFiles()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    files['parameters/notifications.json'].parameters.notifications.schedule = { time: '8:30', days: [1, 8] };
    const r = loadBundle(files);
    expect(r.ok).toBe(false);
    const pointers = r.ok ? [] : r.problems.filter((p) => p.severity === 'error').map((p) => p.pointer);
    expect(pointers.some((p) => p.startsWith('/parameters/notifications/schedule/time')), JSON.stringify(pointers)).toBe(true);
    expect(pointers.some((p) => p.startsWith('/parameters/notifications/schedule/days')), JSON.stringify(pointers)).toBe(true);
  });
});
