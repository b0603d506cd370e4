import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildOrgTree,
  checkDeclaration,
  completionRates,
  confirmedFilings,
  filingRangeForPeriod,
  loadBundle,
  monthSeries,
  nextMonths,
  parsePeriod,
  readForecastSettings,
  rollingForecast,
  rollingForecastFen,
  suggestFilingRange,
  unitForecasts,
  volatilityAcrossUnits,
  volatilityCoefficient,
  volatilityOverTime,
  weightedMovingAverage,
} from '../../plugin/index.js';
import { clone, defaultBundleFiles } from '../support/default-bundle.js';
import { runCli } from '../support/run-cli.js';

const loaded = loadBundle(defaultBundleFiles());
if (!loaded.ok) throw new Error('default bundle');
const bundle = loaded.bundle;
const settings = (() => {
  const r = readForecastSettings(bundle.parameters);
  if (!r.ok) throw new Error('forecast settings');
  return r.settings;
})();

describe('rolling forecast', () => {
  it('is a weighted moving average of the last 6 months (weights 1..6 from the bundle)', () => {
    expect(settings).toEqual({ weights: [1, 2, 3, 4, 5, 6], horizon: 6, clip: 2 });
    // (1·40 + 2·50 + 3·60 + 4·70 + 5·80 + 6·90) / 21 = 1540 / 21; the 999 is outside the window
    expect(weightedMovingAverage([999, 40, 50, 60, 70, 80, 90], settings)).toBeCloseTo(1540 / 21, 12);
    // fewer months than weights: the newest weights
    expect(weightedMovingAverage([10, 20], settings)).toBeCloseTo((5 * 10 + 6 * 20) / 11, 12);
  });

  it('rolls each forecast into the window and projects 6 months', () => {
    const out = rollingForecast([100, 100, 100, 100, 100, 100], settings);
    expect(out).toEqual([100, 100, 100, 100, 100, 100]);
    const trend = rollingForecast([60, 70, 80, 90, 100, 110], settings);
    expect(trend).toHaveLength(6);
    expect(trend[0]).toBeCloseTo((60 + 140 + 240 + 360 + 500 + 660) / 21, 12);
  });

  it('damps an outlier: a month above twice the median is cut back', () => {
    const spike = [100, 100, 100, 100, 100, 1000];
    // the 1000 counts as 200: (15·100 + 6·200) / 21
    expect(weightedMovingAverage(spike, settings)).toBeCloseTo(2700 / 21, 12);
    expect(weightedMovingAverage(spike, { ...settings, clip: 0 })).toBeCloseTo(7500 / 21, 12);
  });

  it('stays inside the range of the window (property)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 30 }), (series) => {
      const window = series.slice(-6);
      const next = weightedMovingAverage(series, { ...settings, clip: 0 });
      expect(next).toBeGreaterThanOrEqual(Math.min(...window) - 1e-6);
      expect(next).toBeLessThanOrEqual(Math.max(...window) + 1e-6);
    }), { seed: 42, numRuns: 300 });
  });

  it('counts a month without a row as zero, on the boards and on the command line alike', async () => {
    // a rep who sold nothing in February has no February row in a long history
    const months = new Map([['2026-01', 1_000_000], ['2026-03', 1_000_000]]);
    const withZero = rollingForecastFen([1_000_000, 0, 1_000_000], settings);
    expect(withZero).not.toEqual(rollingForecastFen([1_000_000, 1_000_000], settings));
    const tree = buildOrgTree([{ id: 'r1', parentId: null, name: '王磊' }]);
    if (!tree.ok) throw new Error('tree');
    const [board] = unitForecasts(settings, { tree: tree.tree, asOf: '2026-04-15', periodStart: '2026-04-01', history: new Map([['r1', months]]), byDay: new Map() }, ['r1']);
    expect(board!.months.map((m) => m.amount)).toEqual(withZero);
    expect(board!.months[0]!.month).toBe('2026-04');
    const d = mkdtempSync(join(tmpdir(), 'tk-forecast-'));
    writeFileSync(join(d, 'history.csv'), 'id,month,amount\nr1,2026-01,10000\nr1,2026-03,10000\n');
    const cli = await runCli(['forecast', '--history', 'history.csv', '--out', 'json'], { cwd: d });
    expect(cli.stderr).toBe('');
    expect((JSON.parse(cli.stdout) as Array<Record<string, number>>)[0]!['2026-04']).toBe(withZero[0]! / 100);
  });

  it('reads no further back than the months a step weighs: a history from year 1 is a few months of work', () => {
    const months = new Map([['0001-01', 5], ['9999-11', 7]]);
    expect(monthSeries(months, '0001-01', '9999-12', settings.weights.length)).toEqual([0, 0, 0, 0, 7, 0]);
    expect(monthSeries(months, '9999-10', '9999-12', 6)).toEqual([0, 7, 0]);
  });

  it('names the next months across a year end', () => {
    expect(nextMonths('2025-11', 3)).toEqual(['2025-12', '2026-01', '2026-02']);
  });

  it('refuses bad forecast parameters when the bundle loads', () => {
    const files = clone(defaultBundleFiles());
    (files['parameters/allocation.json'] as { parameters: { forecast: { weights: number[] } } }).parameters.forecast.weights = [];
    const r = loadBundle(files);
    expect(r.ok ? [] : r.problems.map((p) => [p.code, p.pointer])).toEqual([['FORECAST_PARAM', '/parameters/forecast/weights']]);
  });
});

describe('volatility coefficient (波动系数)', () => {
  it('is the population standard deviation of completion rates, in points', () => {
    expect(volatilityCoefficient([0.8, 1.0, 1.2])).toBeCloseTo(Math.sqrt(0.08 / 3) * 100, 10);
    expect(volatilityCoefficient([0.9, 0.9])).toBe(0);
    expect(volatilityCoefficient([])).toBeNull();
  });

  it('across units and month to month; a period without a target is left out, not counted as 0%', () => {
    const regions = [{ actual: 80, target: 100 }, { actual: 120, target: 100 }, { actual: 50, target: 0 }];
    expect(completionRates(regions)).toEqual([0.8, 1.2]);
    expect(volatilityAcrossUnits(regions)).toBeCloseTo(20, 10);
    expect(volatilityOverTime([{ actual: 90, target: 100 }, { actual: 110, target: 100 }])).toBeCloseTo(10, 10);
  });
});

describe('target filing (目标申报)', () => {
  it('suggests a range from the trend of the last quarters and the region potential', () => {
    // steady +10% a quarter: projection 133,100 × 1.1 = 146,410; low × 0.9; high × (1 + 0.1 + 0.1 × 0.8)
    const r = suggestFilingRange(bundle.rules, { quarters: [100_000_00, 110_000_00, 121_000_00, 133_100_00], regionPotential: 80 });
    expect(r).toEqual({ ok: true, range: { projection: 146_410_00, low: 131_769_00, high: 172_763_80 } });
  });

  it('flags a declaration outside the range and a Stretch below the Base', () => {
    const range = { projection: 200_000_00, low: 180_000_00, high: 236_000_00 };
    expect(checkDeclaration({ base: 200_000_00, stretch: 230_000_00 }, range)).toEqual([]);
    expect(checkDeclaration({ base: 180_000_00, stretch: 180_000_00 }, range)).toEqual([]);
    expect(checkDeclaration({ base: 250_000_00, stretch: 240_000_00 }, range).map((f) => f.code)).toEqual(['ABOVE_RANGE', 'STRETCH_BELOW_BASE']);
    const low = checkDeclaration({ base: 150_000_00, stretch: 160_000_00 }, range);
    expect(low.map((f) => f.code)).toEqual(['BELOW_RANGE']);
    expect(low[0]!.message.zh).toContain('180,000.00–236,000.00');
  });

  describe('over the period a target is held for', () => {
    // four quarters of +10% each (300,000 → 399,300 yuan), spread evenly over their months, 2025-01..2025-12
    const quarters = [300_000, 330_000, 363_000, 399_300];
    const history = new Map(quarters.flatMap((q, i) => [1, 2, 3].map((m) => [`2025-${String(i * 3 + m).padStart(2, '0')}`, (q / 3) * 100] as [string, number])));
    const range = (period: string, h: ReadonlyMap<string, number> = history) => filingRangeForPeriod(bundle.rules, { period: parsePeriod(period)!, unitId: 'R1', history: h, regionPotential: 80 });

    it('is the rule over a quarter for a quarter', () => {
      // 399,300 × 1.1 = 439,230; low × 0.9 = 395,307; high × 1.18 = 518,291.40
      expect(range('2026-Q1')).toMatchObject({ ok: true, range: { period: '2026-Q1', projection: 439_230_00, low: 395_307_00, high: 518_291_40 } });
    });

    it('adds the quarters of a half year, each projected from the four before it', () => {
      // Q2 from 330,000 · 363,000 · 399,300 · 439,230 (still +10%): 483,153; low 434,837.70; high 570,120.54
      const r = range('2026-H1');
      expect(r).toMatchObject({ ok: true, range: { period: '2026-H1', projection: 922_383_00, low: 830_144_70, high: 1_088_411_94 } });
      expect(r.ok && r.range.quarters.map((q) => q.quarter)).toEqual(['2026-Q1', '2026-Q2']);
    });

    it('takes a month as its share of the quarter', () => {
      expect(range('2026-02')).toMatchObject({ ok: true, range: { projection: 146_410_00, low: 131_769_00, high: 172_763_80 } });
    });

    it('refuses a missing month of history (never a zero) and a period of days', () => {
      const gap = new Map(history);
      gap.delete('2025-07');
      const missing = range('2026-H1', gap);
      expect(missing.ok || missing.problem.code).toBe('FILING_HISTORY_MISSING');
      expect(missing.ok || missing.problem.message.en).toContain('2025-07');
      const week = range('2026-W10');
      expect(week.ok || week.problem.code).toBe('FILING_PERIOD');
    });
  });

  it('hands confirmed values to the allocation', () => {
    expect(confirmedFilings([{ unitId: 'a', confirmedBase: 100 }, { unitId: 'b', confirmedBase: null }])).toEqual({ a: 100 });
  });
});
