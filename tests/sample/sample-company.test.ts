import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSampleCompany, sampleCompanyFiles, seededRandom } from '../../plugin/sample/index.js';

const DIR = join(import.meta.dirname, '..', '..', 'templates', 'data', 'sample-company');

describe('sample company', () => {
  const company = generateSampleCompany();
  const files = sampleCompanyFiles(company);

  it('the committed files are exactly what the generator makes (UPDATE_SAMPLE=1 rewrites them)', () => {
    if (process.env.UPDATE_SAMPLE === '1') {
      mkdirSync(DIR, { recursive: true });
      for (const [name, text] of Object.entries(files)) writeFileSync(join(DIR, name), text);
    }
    for (const [name, text] of Object.entries(files)) expect(readFileSync(join(DIR, name), 'utf8'), name).toBe(text);
  });

  it('has 6 regions, about 60 teams and 480 reps with Chinese names, cities and new units', () => {
    const by = (level: string) => company.units.filter((u) => u.level === level);
    expect(by('company')).toHaveLength(1);
    expect(by('region').map((r) => r.name)).toEqual(['华东大区', '华南大区', '华北大区', '华中大区', '西南大区', '西北大区']);
    expect(by('team').length).toBe(60);
    expect(by('rep').length).toBe(480);
    expect(by('rep').every((r) => /^[\u4e00-\u9fff]{2,3}$/.test(r.name) && r.city !== '')).toBe(true);
    expect(by('team').filter((t) => t.new_city).length).toBeGreaterThanOrEqual(6);
    expect(by('team').filter((t) => t.is_new && !t.new_city).length).toBeGreaterThan(0);
    expect(new Set(company.units.map((u) => u.id)).size).toBe(company.units.length);
  });

  it('rolls up: every parent carries the sum of its children', () => {
    for (const parent of company.units.filter((u) => u.level !== 'rep')) {
      const kids = company.units.filter((u) => u.parent_id === parent.id);
      expect(kids.reduce((s, k) => s + k.revenue_12m, 0)).toBe(parent.revenue_12m);
      expect(kids.reduce((s, k) => s + k.last_revenue, 0)).toBe(parent.last_revenue);
    }
  });

  it('has 24 months of history with seasonality: February dips and December peaks', () => {
    expect(company.months).toHaveLength(24);
    const total = (m: number) => [...company.history.values()].reduce((s, h) => s + (h[m] as number), 0);
    expect(total(13)).toBeLessThan(total(12) * 0.8); // 2025-02 vs 2025-01
    expect(total(23)).toBeGreaterThan(total(22) * 1.2); // 2025-12 vs 2025-11
    const rep = company.units.find((u) => u.level === 'rep')!;
    expect(company.history.get(rep.id)!.slice(12).reduce((a, b) => a + b, 0)).toBe(rep.revenue_12m);
  });

  it('is deterministic and seeded: another seed makes another company', () => {
    expect(sampleCompanyFiles(generateSampleCompany())).toEqual(files);
    expect(sampleCompanyFiles(generateSampleCompany({ seed: 7 }))['units.csv']).not.toBe(files['units.csv']);
    const a = seededRandom(1);
    const b = seededRandom(1);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });

  it('scales to 50,000 reps over the same four levels', () => {
    const big = generateSampleCompany({ reps: 50_000, history: false });
    expect(big.units.filter((u) => u.level === 'rep')).toHaveLength(50_000);
    expect(big.units.filter((u) => u.level === 'region')).toHaveLength(6);
    expect(big.history.size).toBe(0);
  });
});
