/**
 * One convention for shares and weights: fractions (0.3 = 30%) in every parameter group. A number
 * written in the percent form is refused by `validate` with its value, its JSON pointer and the
 * hint "写 0.3 表示 30%", whichever layer catches it (the group schemas, or the domain checks for
 * files that have no schema, such as a `--profile` file).
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fractionToPercent, loadBundle, percentToFraction, type BundleFiles, type Problem } from '../../plugin/index.js';
import { clone, defaultBundleFiles, TEMPLATES_DIR } from '../support/default-bundle.js';
import { runCli } from '../support/run-cli.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the edits reach into parsed JSON of several shapes */
function refused(path: string, edit: (parameters: any) => void): Problem[] {
  const files: BundleFiles = defaultBundleFiles();
  const file = clone(files[path]) as { parameters: any };
  edit(file.parameters);
  files[path] = file;
  const r = loadBundle(files);
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.problems;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

const at = (problems: Problem[]) => problems.map((p) => [p.code, p.pointer]);

describe('shares and weights are fractions', () => {
  it('the bundle as shipped loads: every share in it is a fraction', () => {
    expect(loadBundle(defaultBundleFiles()).ok).toBe(true);
  });

  it('score weights written 35/30/15/10/10 are refused one by one with the hint, not as "a sum of 10000%"', () => {
    const problems = refused('parameters/scoring.json', (p) => { p.score.weights = { revenue: 35, margin: 30, newCustomers: 15, satisfaction: 10, compliance: 10 }; });
    expect(at(problems)).toEqual(['revenue', 'margin', 'newCustomers', 'satisfaction', 'compliance'].map((k) => ['PARAM_NOT_FRACTION', `/parameters/score/weights/${k}`]));
    expect(problems[0]!.message.zh).toContain('35');
    expect(problems[0]!.message.zh).toContain('写 0.35 表示 35%');
    expect(problems[0]!.message.en).toContain('write 0.35 for 35%');
    expect(problems.map((p) => p.message.zh).join()).not.toContain('10000%');
  });

  it('lights.green.from: 90 and a preset boundary of 70 are refused before track can turn a 90% unit yellow', () => {
    const problems = refused('parameters/tracking.json', (p) => {
      p.lights.green.from = 90;
      p.lightPresets['green90-yellow70'].yellow.from = 70;
    });
    expect(at(problems)).toEqual([
      ['PARAM_NOT_FRACTION', '/parameters/lights/green/from'],
      ['PARAM_NOT_FRACTION', '/parameters/lightPresets/green90-yellow70/yellow/from'],
    ]);
    expect(problems[0]!.message.zh).toContain('写 0.9 表示 90%');
    expect(problems[1]!.message.en).toContain('write 0.7 for 70%');
  });

  it('review.appealLimit: 15 is refused with the hint', () => {
    const problems = refused('parameters/review.json', (p) => { p.review.appealLimit = 15; });
    expect(at(problems)).toEqual([['PARAM_NOT_FRACTION', '/parameters/review/appealLimit']]);
    expect(problems[0]!.message.zh).toContain('写 0.15 表示 15%');
  });

  it('line weights and month shares in percents (the old 55/35/10 and 30/30/40) are refused with the hint', () => {
    const problems = refused('parameters/phasing.json', (p) => {
      p.productLines.lines[0].weight = 55;
      p.phasing.explicit.months[0] = 30;
    });
    expect(at(problems)).toEqual([
      ['PARAM_NOT_FRACTION', '/parameters/productLines/lines/0/weight'],
      ['PARAM_NOT_FRACTION', '/parameters/phasing/explicit/months/0'],
    ]);
    expect(problems[0]!.message.en).toContain('write 0.55 for 55%');
  });

  it('sums that schemas cannot state are checked by the domains, with the sum and the place', () => {
    const lines = refused('parameters/phasing.json', (p) => { p.productLines.lines[0].weight = 0.5; });
    expect(at(lines)).toEqual([['LINE_WEIGHTS', '/parameters/productLines/lines']]);
    expect(lines[0]!.message.zh).toContain('95%');
    const mix = refused('parameters/phasing.json', (p) => { p.productLines.units = { HD: { cloud: 0.5, saas: 0.4 } }; });
    expect(at(mix)).toEqual([['LINE_WEIGHTS', '/parameters/productLines/units/HD']]);
  });

  it('validate prints the value, the place and the hint in Chinese and English', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tk-fractions-'));
    cpSync(TEMPLATES_DIR, dir, { recursive: true });
    const path = join(dir, 'parameters', 'tracking.json');
    const tracking = JSON.parse(readFileSync(path, 'utf8')) as { parameters: { lights: { green: { from: number } } } };
    tracking.parameters.lights.green.from = 90;
    writeFileSync(path, JSON.stringify(tracking, null, 2));
    const zh = await runCli(['validate', dir]);
    expect(zh.code).toBe(1);
    expect(zh.stderr).toContain('#/parameters/lights/green/from');
    expect(zh.stderr).toContain('90');
    expect(zh.stderr).toContain('写 0.9 表示 90%');
    const en = await runCli(['validate', dir, '--lang', 'en']);
    expect(en.stderr).toContain('write 0.9 for 90%');
  });

  it('a --profile file, which has no schema, gets the same refusal from the phasing check', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tk-fractions-'));
    writeFileSync(join(dir, 'targets.csv'), 'id,parent_id,name,level,base,stretch\nco,,公司,company,100,120\n');
    writeFileSync(join(dir, 'p.json'), JSON.stringify({ profile: 'explicit', explicit: { months: [30, 30, 40, 30, 30, 40, 30, 30, 40, 30, 30, 40] } }));
    const r = await runCli(['phase', '--targets', 'targets.csv', '--period', '2026-Q2', '--by', 'month', '--profile', 'p.json', '--lang', 'en'], { cwd: dir });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('/explicit/months/0');
    expect(r.stderr).toContain('write 0.3 for 30%');
  });

  it('percent ↔ fraction conversion is exact on the decimal as written (no 0.07 × 100 = 7.000000000000001)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1_000_000 }), (n) => {
      const percent = n / 10_000;
      const fraction = percentToFraction(percent);
      expect(fraction).toBe(Number(`${n}e-6`));
      expect(fractionToPercent(fraction)).toBe(percent);
    }));
    expect(fractionToPercent(0.07)).toBe(7);
    expect(percentToFraction(55)).toBe(0.55);
  });
});
