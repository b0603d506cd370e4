import { describe, expect, it } from 'vitest';
import { createTracker, loadBundle, parsePeriod, type Light } from '../../plugin/index.js';
import { defaultBundleFiles } from '../support/default-bundle.js';
import { calendar2026, defaultBundle, smallOrg } from './support.js';

const bundle = defaultBundle();

function lightsOf(preset: string): (rate: number) => Light {
  const r = createTracker(bundle, { preset });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return (rate) => r.tracker.light(rate * 1000, 1000).light;
}

describe('traffic lights, preset red60-yellow80 (red < 60, yellow 60-80, green > 80)', () => {
  const light = lightsOf('red60-yellow80');
  it.each([
    [0, 'red'], [0.5999, 'red'], [0.6, 'yellow'], [0.6001, 'yellow'],
    [0.7999, 'yellow'], [0.8, 'yellow'], [0.8001, 'green'], [1, 'green'], [1.5, 'green'],
  ] as const)('completion %s is %s', (rate, expected) => {
    expect(light(rate)).toBe(expected);
  });
});

describe('traffic lights, preset green90-yellow70 (green >= 90, yellow 70-89, red < 70)', () => {
  const light = lightsOf('green90-yellow70');
  it.each([
    [0.6999, 'red'], [0.7, 'yellow'], [0.7001, 'yellow'], [0.89, 'yellow'],
    [0.8999, 'yellow'], [0.9, 'green'], [0.9001, 'green'],
  ] as const)('completion %s is %s', (rate, expected) => {
    expect(light(rate)).toBe(expected);
  });
});

describe('lights explain themselves and are never green without data', () => {
  it('gives inputs, boundaries and the branch', () => {
    const r = createTracker(bundle, { preset: 'green90-yellow70' });
    if (!r.ok) throw new Error('tracker');
    const { light, explanation } = r.tracker.light(750, 1000);
    expect(light).toBe('yellow');
    expect(explanation).toMatchObject({ actual: 750, target: 1000, rate: 0.75, boundaries: { green: { from: 0.9, inclusive: true } } });
    expect(explanation.branch.en).toBe('completion 75% is not ≥ 90% (green) but ≥ 70%: yellow');
    // written when first read, yet a field like the others: JSON, spreads and clones carry it, in its place
    const unread = r.tracker.light(750, 1000).explanation;
    expect(Object.keys(unread)).toEqual(['actual', 'target', 'rate', 'boundaries', 'light', 'branch']);
    expect(JSON.parse(JSON.stringify(unread)).branch).toEqual(explanation.branch);
    expect(structuredClone(r.tracker.light(750, 1000).explanation).branch).toEqual(explanation.branch);
    expect({ ...unread }.branch).toBe(unread.branch);
    unread.branch = { zh: '改', en: 'changed' };
    expect(Object.keys(unread).at(-1)).toBe('branch');
    expect(JSON.parse(JSON.stringify(unread)).branch.en).toBe('changed');
    // frozen (or sealed) before it is read, as a plain field would be: the sentence is still there
    const frozen = Object.freeze(r.tracker.light(750, 1000).explanation);
    expect(frozen.branch).toEqual(explanation.branch);
    const sealed = Object.seal(r.tracker.light(750, 1000).explanation);
    expect(JSON.parse(JSON.stringify(sealed)).branch).toEqual(explanation.branch);
    sealed.branch = { zh: '改', en: 'changed' };
    expect(sealed.branch.en).toBe('changed');
    expect(() => { (frozen as { branch: unknown }).branch = { zh: '改', en: 'changed' }; }).toThrow(TypeError);
  });

  it('refuses an unknown preset and bad boundaries', () => {
    expect(createTracker(bundle, { preset: 'nope' })).toMatchObject({ ok: false, problems: [{ code: 'TRACK_UNKNOWN_PRESET' }] });
    const files = defaultBundleFiles() as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    files['parameters/tracking.json'].parameters.lights.green.from = 0.5;
    const loaded = loadBundle(files);
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.problems[0]).toMatchObject({ code: 'PARAM_INVALID', file: 'parameters/tracking.json', pointer: '/parameters/lights/green/from' });
  });

  it('grey with a reason for no target and (on request) no data', () => {
    const r = createTracker(bundle);
    if (!r.ok) throw new Error('tracker');
    const tree = smallOrg();
    const common = { tree, period: parsePeriod('2026-Q2')!, asOf: '2026-04-30', calendar: calendar2026() };
    const targets = new Map([['r1', { base: 100_00, stretch: 120_00 }], ['r2', { base: 0, stretch: 0 }], ['r3', { base: 100_00, stretch: 150_00 }]]);
    const actuals = new Map([['r1', 90_00], ['r2', 50_00]]);
    const zero = r.tracker.track({ ...common, targets, actuals });
    const byId = new Map(zero.map((u) => [u.id, u]));
    expect(byId.get('r2')).toMatchObject({ light: 'grey', reason: { code: 'no-target' } });
    expect(byId.get('east')).toMatchObject({ light: 'grey', reason: { code: 'no-target' } });
    expect(byId.get('r3')).toMatchObject({ light: 'red', actual: 0, hasData: false, reason: { code: 'no-actuals-counted-as-zero' } });
    const grey = r.tracker.track({ ...common, targets, actuals, missingActuals: 'grey' });
    expect(grey.find((u) => u.id === 'r3')).toMatchObject({ light: 'grey', lightStretch: 'grey', reason: { code: 'no-data' }, gapBase: null });
    for (const u of [...zero, ...grey]) if (u.base === null || u.base <= 0) expect(u.light).toBe('grey');
  });
});

describe('progress: roll-up, gaps, run rate and time progress', () => {
  const r = createTracker(bundle);
  if (!r.ok) throw new Error('tracker');
  const tree = smallOrg();
  const q2 = parsePeriod('2026-Q2')!;
  const targets = new Map([
    ['co', { base: 800_000_00, stretch: 1_200_000_00 }],
    ['east', { base: 500_000_00, stretch: 700_000_00 }],
    ['r1', { base: 300_000_00, stretch: 400_000_00 }],
  ]);
  const actuals = new Map([['r1', 150_000_00], ['r2', 100_000_00], ['r3', 50_000_01], ['east', 10_000_00]]);
  const rows = r.tracker.track({ tree, targets, actuals, period: q2, asOf: '2026-05-29', calendar: calendar2026() });
  const byId = new Map(rows.map((u) => [u.id, u]));

  it('rolls actuals up the four levels, exact to the fen', () => {
    expect(byId.get('t1')!.actual).toBe(250_000_00);
    expect(byId.get('east')!.actual).toBe(260_000_00);
    expect(byId.get('co')!.actual).toBe(310_000_01);
  });

  it('gives the gap to Base and Stretch and the run rate per remaining working day', () => {
    const co = byId.get('co')!;
    // Q2 2026 has 61 working days; by 29 May 21 (April) + 19 (May) = 40 are gone
    expect(co.workingDays).toEqual({ total: 61, elapsed: 40, remaining: 21 });
    expect(co.gapBase).toBe(800_000_00 - 310_000_01);
    expect(co.gapStretch).toBe(1_200_000_00 - 310_000_01);
    expect(co.runRateBase).toBe(Math.round((800_000_00 - 310_000_01) / 21));
    expect(co.completionBase).toBe(0.3875);
    expect(co.light).toBe('red');
  });

  it('marks a unit behind on time progress even when its light is yellow', () => {
    const r1 = byId.get('r1')!;
    expect(r1.completionBase).toBe(0.5);
    expect(r1.timeElapsed).toBe(0.6557);
    expect(r1.pace).toBe('behind');
    const east = byId.get('east')!;
    expect(east.completionBase).toBe(0.52);
    expect(east.pace).toBe('behind');
  });

  it('time progress is optional: without the rule there is no pace, the rest is unchanged', () => {
    const without = defaultBundle((files) => {
      const f = files['rules/tracking.rules.json'];
      f.rules = f.rules.filter((x: { id: string }) => x.id !== 'time-progress');
      const board = files['progress-board/template.json'];
      board.rules = board.rules.filter((id: string) => id !== 'time-progress');
      board.bindings = board.bindings.filter((x: { rule: string }) => x.rule !== 'time-progress');
    });
    const t = createTracker(without);
    if (!t.ok) throw new Error('tracker');
    const again = t.tracker.track({ tree, targets, actuals, period: q2, asOf: '2026-05-29', calendar: calendar2026() });
    expect(again.every((u) => u.pace === null)).toBe(true);
    expect(again.map((u) => u.light)).toEqual(rows.map((u) => u.light));
  });
});

describe('tracking parameters are checked when the bundle loads', () => {
  const refusal = (edit: (p: Record<string, any>) => void) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const files = defaultBundleFiles() as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    edit(files['parameters/tracking.json'].parameters);
    const r = loadBundle(files);
    return r.ok ? [] : r.problems.map((p) => `${p.code} ${p.pointer}`);
  };
  it('refuses bad presets, streak lengths, level order and deviation limits', () => {
    expect(refusal((p) => { p.lightPresets['green90-yellow70'].yellow.from = 0.95; })).toEqual(['PARAM_INVALID /parameters/lightPresets/green90-yellow70/green/from']);
    expect(refusal((p) => { p.escalation.reminderDays = 0; })).toEqual(['PARAM_INVALID /parameters/escalation/reminderDays']);
    expect(refusal((p) => { p.escalation.noticeWeeks = 3; })).toEqual(['PARAM_INVALID /parameters/escalation/noticeWeeks']);
    expect(refusal((p) => { p.health.deviation = 15; })).toEqual(['PARAM_NOT_FRACTION /parameters/health/deviation']);
    expect(refusal(() => undefined)).toEqual([]);
  });
});

describe('never green without a target or data (property)', () => {
  it('any actual against a zero, negative or missing target is grey', async () => {
    const fc = (await import('fast-check')).default;
    const r = createTracker(bundle);
    if (!r.ok) throw new Error('tracker');
    fc.assert(fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.oneof(fc.constant(null), fc.double({ min: -1e9, max: 0, noNaN: true })), (actual, target) => {
      expect(r.tracker.light(actual, target).light).toBe('grey');
    }), { seed: 3, numRuns: 300 });
  });
});
