/**
 * Flow texts and parameter docs quote parameters by reference too (issue 16, item 4): a flow's
 * description, a guard's refusal and a parameter group's docs follow review.appealLimit when it
 * changes, in the runtime, the playground and the NocoBase mapping; and no text of the sample
 * bundle writes a parameter's current value next to its name instead of referring to it.
 */
import { describe, expect, it } from 'vitest';
import {
  buildOrgTree, bundleSubset, createFlowRuntime, loadBundle, resolveParamTexts, type BundleFiles, type LoadedBundle,
} from '../../plugin/index.js';
import { nocobaseTarget } from '../../hosts/nocobase/importer/mapping.js';
import { shownTexts } from '../../playground/src/build/shownTexts.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- fixtures are mutated freely

function load(files: BundleFiles): LoadedBundle {
  const result = loadBundle(files);
  if (!result.ok) throw new Error(JSON.stringify(result.problems.slice(0, 3)));
  return result.bundle;
}

function withAppealLimit(limit: number): BundleFiles {
  const files = defaultBundleFiles();
  (files['parameters/review.json'] as Json).parameters.review.appealLimit = limit;
  return files;
}

/** Every text of the files users read (templates, flows, parameter docs), with its place. */
function texts(bundle: LoadedBundle): { place: string; text: string }[] {
  const out: { place: string; text: string }[] = [];
  const walk = (value: unknown, place: string) => {
    if (typeof value === 'string') out.push({ place, text: value });
    else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${place}/${i}`));
    else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) walk(v, `${place}/${k}`);
  };
  const { manifest, files } = bundle;
  for (const file of [...manifest.templates, ...(manifest.flows ?? [])]) walk(files[file], file);
  for (const file of manifest.parameters ?? []) walk((files[file] as Json).docs, `${file}#/docs`);
  return out;
}

const tree = (() => {
  const r = buildOrgTree([{ id: 'co', parentId: null, name: '公司' }, { id: 'east', parentId: 'co', name: '华东' }]);
  if (!r.ok) throw new Error('tree');
  return r.tree;
})();
const T = '2026-04-01T09:00:00+08:00';

/** What an appeal for 1,000,000 → 860,000 (−14%) is told: refused under ±10%, accepted under ±15%. */
function appealOutcome(bundle: LoadedBundle) {
  const flow = createFlowRuntime(bundle.flows.find((f) => f.def.id === 'allocation-review')!.def, tree, bundle);
  const start = flow.start({ id: 'r', ownerId: 'sun', unitId: 'east', data: { base: 1_000_000, stretch: 1_500_000 }, now: T });
  const payload = { requestedBase: 860_000, reason: '政策', evidence: [{ kind: 'attachment', name: 'a.png' }] };
  return { flow, result: flow.step(start, 'appeal', { id: 'sun', roles: ['region-head'], unitId: 'east' }, payload, T, 0) };
}

describe('texts quoting review.appealLimit', () => {
  it('the flow, its guard message and the parameter docs refer to it instead of copying it', () => {
    const quoting = texts(load(defaultBundleFiles())).filter((t) => t.text.includes('{param:review.appealLimit'));
    const places = quoting.map((t) => t.place);
    expect(places).toEqual(expect.arrayContaining([
      'allocation-review.flow.json/description/zh', 'allocation-review.flow.json/description/en',
      'allocation-review.flow.json/transitions/1/guardMessage/zh', 'allocation-review.flow.json/transitions/1/guardMessage/en',
      'parameters/review.json#/docs/review/zh', 'parameters/review.json#/docs/review/en',
    ].map((p) => expect.stringContaining(p.split('/').slice(-3).join('/')))));
    expect(quoting.length).toBeGreaterThanOrEqual(6);
  });

  it('changing it changes every text that mentions it, wherever the text is shown', () => {
    const before = load(defaultBundleFiles());
    const after = load(withAppealLimit(0.15));
    const mentions = texts(before).filter((t) => /appealLimit|调整幅度|adjustment range/.test(t.text));
    expect(mentions.length).toBeGreaterThanOrEqual(4);
    for (const { place, text } of mentions) {
      const was = resolveParamTexts(text, before.parameters);
      const now = resolveParamTexts(text, after.parameters);
      expect(was, place).toContain('10%');
      expect(now, place).toContain('15%');
      expect(now, place).not.toContain('10%');
    }

    // the runtime's refusal quotes the limit in use, and a −14% appeal passes under ±15%
    const refused = appealOutcome(before).result;
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.refusal.code).toBe('FLOW_GUARD');
      expect(refused.refusal.message.zh).toContain('±10%');
      expect(refused.refusal.message.en).toContain('±10%');
    }
    const appeal = appealOutcome(after);
    expect(appeal.result.ok).toBe(true);
    expect(appeal.flow.def.description?.zh).toContain('±15%');

    // the playground's flows and the NocoBase workflows show the same value
    const shown = shownTexts(loadBundle(withAppealLimit(0.15)));
    if (!shown.ok) throw new Error('bundle did not load');
    const review = shown.bundle.flows.find((f) => f.def.id === 'allocation-review')!.def;
    expect(review.description?.en).toContain('within ±15% of the target');
    expect(JSON.stringify(review)).not.toContain('{param:');
    const { pages, workflows, collections } = nocobaseTarget(after);
    expect(JSON.stringify({ pages, workflows, collections })).not.toContain('{param:');
  });

  it('an export carries the groups its flows\' texts and its parameter docs quote', () => {
    const files = defaultBundleFiles();
    // a doc quoting a group of another file pulls that file in
    (files['parameters/review.json'] as Json).docs.review.zh += '（健康度偏离 {param:health.deviation|percent}）';
    const subset = bundleSubset(load(files), ['target-review']);
    expect(subset['bundle.json']).toMatchObject({ parameters: expect.arrayContaining(['parameters/review.json', 'parameters/tracking.json']) });
    expect(loadBundle(subset).ok).toBe(true);
  });

  it('a flow text or a doc naming a parameter the bundle lacks is refused at its place', () => {
    const files = defaultBundleFiles();
    (files['flows/allocation-review.flow.json'] as Json).transitions[1].guardMessage.zh = '超出 {param:review.apealLimit|percent}';
    (files['parameters/review.json'] as Json).docs.review.en = 'now {param:review.appealLimit|permille}';
    const result = loadBundle(files);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.map((p) => [p.code, p.file, p.pointer])).toEqual(expect.arrayContaining([
        ['TEXT_PARAM_UNKNOWN', 'flows/allocation-review.flow.json', '/transitions/1/guardMessage/zh'],
        ['TEXT_PARAM_FORMAT', 'parameters/review.json', '/docs/review/en'],
      ]));
    }
  });
});

/**
 * The numeric parameters that have a name of their own, each with its path, that name and how a
 * text would print it. Items of a list are left out: "weights must sum to 100%" is about the
 * list, not a copy of its first item's 1.
 */
function numericParameters(params: Record<string, unknown>): { path: string; name: string; shows: string[] }[] {
  const out: { path: string; name: string; shows: string[] }[] = [];
  const walk = (value: unknown, steps: string[]) => {
    if (typeof value === 'number') {
      const name = steps[steps.length - 1]!;
      if (/^\d+$/.test(name)) return;
      const percent = resolveParamTexts('{param:n.x|percent}', { n: { x: value } });
      out.push({ path: steps.join('.'), name, shows: [String(value), percent] });
    } else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) walk(v, [...steps, k]);
    }
  };
  walk(params, []);
  return out;
}

// The parameters' names and shown values, worked out once per parameters object: the sample
// bundle has some thousands of texts, and doing it again for each one was most of this file's time.
const numericOf = new WeakMap<object, Array<{ path: string; name: string; shows: string[]; named: RegExp }>>();
function numericWithNames(params: Record<string, unknown>) {
  let list = numericOf.get(params);
  if (!list) {
    list = numericParameters(params).map((p) => ({ ...p, named: new RegExp(`(?<![A-Za-z])${p.name}(?![A-Za-z])`, 'g') }));
    numericOf.set(params, list);
  }
  return list;
}

/** Numbers in `text` equal to a parameter's value within a few characters after the parameter's name. */
function literalQuotes(text: string, params: Record<string, unknown>): string[] {
  const found: string[] = [];
  // a reference names its parameter and is no copy
  text = text.replace(/\{param:[^}]*\}/g, '{…}');
  for (const { path, name, shows, named } of numericWithNames(params)) {
    // (matchAll works on a copy of the regex: the shared one keeps no lastIndex)
    for (const at of text.matchAll(named)) {
      const after = text.slice(at.index + name.length, at.index + name.length + 24);
      for (const shown of shows) {
        const number = new RegExp(`(?<![\\d.])${shown.replace(/[.%]/g, (c) => `\\${c}`)}(?![\\d.])`);
        if (number.test(after)) found.push(`${path} = ${shown}: "…${name}${after}…"`);
      }
    }
  }
  return found;
}

describe('no text copies a parameter value next to its name', () => {
  it('finds the copies it is meant to find', () => {
    const params = { health: { deviation: 0.15, weeks: 2 }, review: { appealLimit: 0.1 } };
    expect(literalQuotes('偏离期望超过 deviation（15%）连续 weeks（2）周', params)).toHaveLength(2);
    expect(literalQuotes('appealLimit 为调整幅度（0.1 = ±10%）', params)).toHaveLength(2);
    expect(literalQuotes('deviation（当前 {param:health.deviation|percent}）；0.12 表示 12%', params)).toEqual([]);
  });

  it('the sample bundle\'s templates, flows and parameter docs refer to their parameters', () => {
    const bundle = load(defaultBundleFiles());
    const copies = texts(bundle).flatMap(({ place, text }) => literalQuotes(text, bundle.parameters).map((q) => `${place}: ${q}`));
    expect(copies).toEqual([]);
  });
});
