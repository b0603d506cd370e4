/** bundleSubset: the part of a bundle an export of some templates carries, in node. */
import { describe, expect, it } from 'vitest';
import { bundleSubset, loadBundle, subsetContents, type BundleManifest, type RulesFile } from '../../plugin/index.js';
import { defaultBundle } from '../tracking/support.js';

const bundle = defaultBundle();
const ruleIdsOf = (files: Record<string, unknown>) =>
  (files['bundle.json'] as BundleManifest).rules.flatMap((path) => (files[path] as RulesFile).rules.map((r) => r.id)).sort();

describe('bundleSubset', () => {
  it('carries a template, its rules and the parameter files its rules read, and loads on its own', () => {
    const files = bundleSubset(bundle, ['points']);
    const manifest = files['bundle.json'] as BundleManifest;
    expect(manifest.templates).toEqual(['points/template.json']);
    expect(ruleIdsOf(files)).toEqual(['points-for-event', 'redemption-allowed', 'redemption-cost']);
    expect(manifest.parameters).toEqual(['parameters/points.json']);
    expect(manifest.flows).toEqual([]);
    const loaded = loadBundle(files);
    expect(loaded.ok).toBe(true);
  });

  it('follows parameter groups to the rules they name (score dimensions, tie-break, awards)', () => {
    const ids = subsetContents(bundle, ['scorecard']).ruleIds;
    for (const id of ['score-revenue', 'rank-tie-break', 'award-most-improved', 'award-monthly-top']) expect(ids.has(id)).toBe(true);
    expect(ids.has('points-for-event')).toBe(false);
  });

  it('brings required templates first, their flows with their guard rules, and datasets', () => {
    const letter = bundleSubset(bundle, ['commitment-letter']);
    expect((letter['bundle.json'] as BundleManifest).templates).toEqual(['target-review/template.json', 'commitment-letter/template.json']);
    expect((letter['bundle.json'] as BundleManifest).flows!.length).toBe(2);
    expect(loadBundle(letter).ok).toBe(true);
    const filing = subsetContents(bundle, ['target-filing']);
    expect([...filing.datasetIds]).toEqual(['sample-company-history']);
  });

  it('of every template is the whole bundle, files in manifest order', () => {
    const all = bundleSubset(bundle, bundle.templates.map((t) => t.def.id));
    const manifest = all['bundle.json'] as BundleManifest;
    expect(manifest.templates).toEqual(bundle.manifest.templates);
    expect(manifest.parameters).toEqual((bundle.manifest.parameters ?? []).filter((p) => manifest.parameters!.includes(p)));
    expect(loadBundle(all).ok).toBe(true);
  });
});
