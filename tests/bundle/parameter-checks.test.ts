/**
 * The loader gets the domains' parameter checks from above: the registry in plugin/domains.ts
 * names every group a domain knows, the wired `loadBundle` runs them, and a loader built without
 * them checks only the schemas.
 */
import { describe, expect, it } from 'vitest';
import { createBundleLoader, loadBundle, parameterCheckRegistry } from '../../plugin/index.js';
import { clone, defaultBundleFiles } from '../support/default-bundle.js';

describe('parameter checks from above', () => {
  it('the registry names the parameter groups the domains check (names are part of the bundle format)', () => {
    expect(Object.keys(parameterCheckRegistry.groups).sort()).toEqual([
      'allocationFactors', 'allocationModel', 'allocationPlans', 'allocationTiers', 'awards', 'bonus', 'booking', 'escalation',
      'filing', 'forecast', 'health', 'indicators', 'letters', 'lightPresets', 'lights', 'notifications', 'pace', 'phasing',
      'pipeline', 'playbook', 'points', 'productLines', 'review', 'score',
    ]);
    expect(parameterCheckRegistry.crossGroup).toHaveLength(1);
  });

  it('the wired loader refuses a factor weight that a loader without the checks lets through', () => {
    const files = defaultBundleFiles();
    const allocation = clone(files['parameters/allocation.json']) as { parameters: { allocationFactors: { history: { weight: number } } } };
    allocation.parameters.allocationFactors.history.weight = 0.9;
    files['parameters/allocation.json'] = allocation;

    const wired = loadBundle(files);
    expect(wired.ok).toBe(false);
    if (!wired.ok) {
      expect(wired.problems.filter((p) => p.code === 'ALLOC_FACTOR_WEIGHTS').map((p) => [p.file, p.pointer]))
        .toEqual([['parameters/allocation.json', '/parameters/allocationFactors']]);
    }
    expect(createBundleLoader({ groups: {}, crossGroup: [] }).loadBundle(files).ok).toBe(true);
  });
});
