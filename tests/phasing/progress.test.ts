import { describe, expect, it } from 'vitest';
import { loadBundle, parseCalendar, parseCsv, parsePeriod, phasedProgress } from '../../plugin/index.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

const loaded = loadBundle(defaultBundleFiles());
if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
const bundle = loaded.bundle;
const table = (id: string) => { const d = bundle.datasets.get(id)!; const p = parseCsv(d.content as string, d.def.file); if (!p.ok) throw new Error('csv'); return { file: d.def.file, columns: p.columns, records: p.records }; };
const cal = bundle.datasets.get('calendar-cn-2026')!;
const calendar = parseCalendar(cal.content, cal.def.file);
if (!calendar.ok) throw new Error('calendar');

describe('phasedProgress over the sample company', () => {
  it('splits a team\'s half year into months summing to its target, each month up to the as-of day with its actual and light', () => {
    const run = phasedProgress(bundle, { targets: table('sample-targets'), actuals: table('sample-actuals'), history: table('sample-company-history'), calendar: calendar.calendar, period: parsePeriod('2026-H1')!, by: 'month', unitIds: ['HD01'] });
    expect(run.ok).toBe(true);
    if (!run.ok) return;
    const unit = run.progress.units.get('HD01')!;
    expect(unit.slots.map((s) => s.key)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']);
    expect(unit.slots.reduce((s, x) => s + x.base, 0)).toBe(unit.base);
    expect(unit.slots.reduce((s, x) => s + x.stretch, 0)).toBe(unit.stretch);
    // the sample's actuals run to 15 May: June has no actual yet, the months before do
    expect(run.progress.asOf).toBe('2026-05-15');
    expect(unit.slots.map((s) => s.actual === null)).toEqual([false, false, false, false, false, true]);
    expect(unit.toDate.actual).toBe(unit.slots.reduce((s, x) => s + (x.actual ?? 0), 0));
    expect(unit.toDate.dueShare).toBeGreaterThan(0.6);
    expect(unit.toDate.dueShare).toBeLessThan(0.9);
    expect([...run.progress.units.keys()]).toEqual(['HD01']);
  });
});
