import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatYuan, parseCsv, parsePeriod, parseYuan } from '../../plugin/index.js';
import { generateSampleActuals } from '../../plugin/sample/index.js';
import { TEMPLATES_DIR } from '../support/default-bundle.js';
import { calendar2026 } from './support.js';

const dir = join(TEMPLATES_DIR, 'data/sample-actuals');
const read = (f: string) => readFileSync(join(dir, f), 'utf8');

describe('sample actuals (committed data = seeded generator)', () => {
  it('targets cover the sample company unit for unit', () => {
    const units = parseCsv(readFileSync(join(TEMPLATES_DIR, 'data/sample-company/units.csv'), 'utf8'));
    const targets = parseCsv(read('targets.csv'));
    if (!units.ok || !targets.ok) throw new Error('csv');
    expect(targets.records.map((r) => r.record.id).sort()).toEqual(units.records.map((r) => r.record.id).sort());
  });

  it('actuals.csv and activity.csv are exactly what the generator makes', () => {
    const targets = parseCsv(read('targets.csv'));
    if (!targets.ok) throw new Error('csv');
    const reps = targets.records.filter((r) => r.record.level === 'rep').map((r) => ({ id: r.record.id!, base: parseYuan(r.record.base)! }));
    const s = generateSampleActuals({ reps, calendar: calendar2026(), period: parsePeriod('2026-H1')!, asOf: '2026-05-15' });
    expect(read('actuals.csv')).toBe('id,date,amount\n' + s.actuals.map((a) => `${a.id},${a.date},${formatYuan(a.amount)}`).join('\n') + '\n');
    expect(read('activity.csv')).toBe('id,date,actions\n' + s.activity.map((a) => `${a.id},${a.date},${a.actions}`).join('\n') + '\n');
    const paces = [...s.form.values()].map((f) => f.pace);
    expect(paces.some((p) => p < 0.65)).toBe(true);
    expect(paces.some((p) => p > 1.05)).toBe(true);
  });
});
