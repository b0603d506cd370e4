/**
 * Texts that quote a parameter read it from the parameters (issue 16, item 4): the template keeps
 * `{param:group.key|format}`, and the playground and the NocoBase mapping show the bundle's value
 * through the one runtime function, so "回款额 40%" follows a weight changed to 0.35.
 */
import { describe, expect, it } from 'vitest';
import { bundleSubset, loadBundle, resolveTemplateTexts, type BundleFiles, type LoadedBundle, type Problem } from '../../plugin/index.js';
import { nocobaseTarget } from '../../hosts/nocobase/importer/mapping.js';
import { shownTexts } from '../../playground/src/build/shownTexts.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- fixtures are mutated freely

function load(files: BundleFiles): LoadedBundle {
  const result = loadBundle(files);
  if (!result.ok) throw new Error(JSON.stringify(result.problems.slice(0, 3)));
  return result.bundle;
}

function withWeights(revenue: number, margin: number): BundleFiles {
  const files = defaultBundleFiles();
  const score = (files['parameters/scoring.json'] as Json).parameters.score;
  score.weights.revenue = revenue;
  score.weights.margin = margin;
  return files;
}

const scorecard = (bundle: LoadedBundle) => bundle.templates.find((t) => t.def.id === 'scorecard')!.def;

function problemsWithText(text: string): Problem[] {
  const files = defaultBundleFiles();
  (files['scorecard/template.json'] as Json).description.zh = text;
  const result = loadBundle(files);
  return result.ok ? [] : result.problems;
}

describe('texts quoting a parameter', () => {
  it('show the default values', () => {
    const bundle = load(defaultBundleFiles());
    const shown = resolveTemplateTexts(scorecard(bundle), bundle.parameters);
    expect(shown.description.zh).toBe('回款额 40%、毛利率贡献 25%、新客户数 15%、客户满意度 10%、合规性 10%，五个维度加权得出月度综合分。');
    expect(shown.forms.main!.properties!.breakdown!.title).toBe('各维度明细（0–1.2）');
    const health = bundle.templates.find((t) => t.def.id === 'health-review')!.def;
    expect(resolveTemplateTexts(health, bundle.parameters).description.en).toContain('deviates more than 15% 2 weeks running');
    const visits = bundle.templates.find((t) => t.def.id === 'customer-follow-up')!.def;
    expect(resolveTemplateTexts(visits, bundle.parameters).description.zh).toContain('首次拜访后 48 小时内需填写反馈，7 天内需第二次接触');
  });

  it('follow a changed parameter, exactly as written (0.35, 0.145)', () => {
    const files = withWeights(0.35, 0.3);
    (files['parameters/tracking.json'] as Json).parameters.health.deviation = 0.145;
    const bundle = load(files);
    const shown = resolveTemplateTexts(scorecard(bundle), bundle.parameters);
    expect(shown.description.zh).toMatch(/^回款额 35%、毛利率贡献 30%、/);
    expect(shown.description.en).toContain('received revenue 35%, gross-margin contribution 30%');
    const health = bundle.templates.find((t) => t.def.id === 'health-review')!.def;
    expect(resolveTemplateTexts(health, bundle.parameters).description.zh).toContain('偏离超过 14.5% 时'); // 0.145 * 100 is 14.499999999999998 in doubles
    // the template itself keeps the reference: an export still follows the parameters
    expect(scorecard(bundle).description.zh).toContain('{param:score.weights.revenue|percent}');
  });

  it('the playground and the NocoBase pages show the same resolved text', () => {
    const files = withWeights(0.35, 0.3);
    const shown = shownTexts(loadBundle(files));
    if (!shown.ok) throw new Error('bundle did not load');
    const playground = scorecard(shown.bundle).forms.main!.properties!.breakdown!.properties!.revenueAttainment!.title;
    expect(playground).toBe('回款完成度（权重 35%）');
    const pages = JSON.stringify(nocobaseTarget(load(files)).pages);
    expect(pages).toContain(playground);
    expect(pages).not.toContain('{param:');
  });

  it('an export of a template carries the parameter group its texts quote', () => {
    const bundle = load(defaultBundleFiles());
    const subset = bundleSubset(bundle, ['health-review']);
    expect(subset['bundle.json']).toMatchObject({ parameters: expect.arrayContaining(['parameters/tracking.json']) });
    expect(loadBundle(subset).ok).toBe(true);
  });

  it('refuse an unknown parameter, an unknown format and a malformed reference, naming the place', () => {
    expect(problemsWithText('回款额 {param:score.weights.revnue|percent}')).toEqual([
      expect.objectContaining({ code: 'TEXT_PARAM_UNKNOWN', file: 'scorecard/template.json', pointer: '/description/zh' }),
    ]);
    expect(problemsWithText('{param:score.cap|permille}').map((p) => p.code)).toEqual(['TEXT_PARAM_FORMAT']);
    expect(problemsWithText('{param:score.weights}').map((p) => p.code)).toEqual(['TEXT_PARAM_FORMAT']);
    expect(problemsWithText('{param: score.cap}').map((p) => p.code)).toEqual(['TEXT_PARAM_FORM']);
  });
});
