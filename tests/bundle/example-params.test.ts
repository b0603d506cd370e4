/** An example's own `params`: checked at load, used only for that example. */
import { describe, expect, it } from 'vitest';
import { loadBundle, runExamples, type BundleFiles, type Problem } from '../../plugin/index.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- fixtures are mutated freely

const TRACKING = 'rules/tracking.rules.json';

function withLightExample(params: Record<string, unknown>, expect: string): BundleFiles {
  const files = defaultBundleFiles();
  const light = (files[TRACKING] as Json).rules.find((r: Json) => r.id === 'traffic-light') as Json;
  light.examples = [{ note: 'pinned', data: { actual: 85, target: 100 }, expect, params }];
  return files;
}

function problemsOf(files: BundleFiles): Problem[] {
  const result = loadBundle(files);
  return result.ok ? result.warnings : result.problems;
}

describe('example params', () => {
  it('runs a pinned example with its own values and the others with the bundle\'s', () => {
    // 85% is green under the default lights (green > 80%) but yellow when green starts at 90%
    const result = loadBundle(withLightExample({ 'lights.green.from': 0.9 }, 'yellow'));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const light = result.bundle.rules.get('traffic-light')!;
    expect(light.evaluate({ actual: 85, target: 100 })).toEqual({ ok: true, value: 'green' });
    const [run] = runExamples([light]);
    expect(run).toMatchObject({ pass: true, pins: ['lights.green.from'], readsParameters: true, got: { value: 'yellow' } });
  });

  it('an example without params follows the bundle and is reported so', () => {
    const result = loadBundle(defaultBundleFiles());
    if (!result.ok) throw new Error('bundle did not load');
    const runs = runExamples([result.bundle.rules.get('traffic-light')!]);
    expect(runs.filter((r) => !r.pins).length).toBeGreaterThan(0);
    expect(runs.every((r) => r.readsParameters)).toBe(true);
  });

  it('refuses a pin the parameters lack, naming the place', () => {
    const problems = problemsOf(withLightExample({ 'lights.green.form': 0.9 }, 'yellow'));
    const p = problems.find((x) => x.code === 'EXAMPLE_PARAM_UNKNOWN');
    expect(p).toMatchObject({ severity: 'error', file: TRACKING });
    expect(p?.pointer).toMatch(/^\/rules\/2\/examples\/0\/params\/lights\.green\.form$/);
    expect(p?.message.zh).toContain('lights.green.form');
  });

  it('refuses a pin of another kind than the parameter', () => {
    const problems = problemsOf(withLightExample({ 'lights.green': 0.9 }, 'yellow'));
    expect(problems.find((x) => x.code === 'EXAMPLE_PARAM_TYPE')).toMatchObject({ severity: 'error' });
  });

  it('warns about a pin the rule never reads', () => {
    const files = withLightExample({ 'lights.green.from': 0.9, 'score.cap': 1.5 }, 'yellow');
    const result = loadBundle(files);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.warnings.map((w) => w.code)).toEqual(['EXAMPLE_PARAM_UNUSED']);
  });

  it('refuses a pin that is not a dotted parameter path (schema)', () => {
    const problems = problemsOf(withLightExample({ lights: {} }, 'yellow'));
    expect(problems.some((x) => x.file === TRACKING && x.pointer.includes('/examples/0/params'))).toBe(true);
  });
});
