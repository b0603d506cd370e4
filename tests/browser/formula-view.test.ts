/**
 * The rule editor's formula view in a real browser (issue 16 item 8): the rules read as
 * formulas with their parameters' values, and a number changed on that view changes the rule's
 * or the parameter's JSON — checked first, so a value the bundle refuses is shown and not
 * applied. Expectations are computed with the plugin in Node from the same files; the test
 * waits for conditions, never for a fixed time.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loadBundle, printFormula, type RulesFile } from '../../plugin/index.js';
import { messages } from '../../playground/src/i18n/messages.js';
import { editorStatus } from './buildHelpers.js';
import { loadDefaultBundle } from './bundleOnDisk.js';
import { screenshot, useBrowserSession } from './harness.js';

const bundle = loadDefaultBundle();
const light = bundle.rules.get('traffic-light')!;
const rulesPath = light.file;
const paramsPath = bundle.manifest.parameters!.find((p) => 'lights' in (bundle.files[p] as { parameters: object }).parameters)!;
const board = bundle.templates.find((t) => t.def.id === 'progress-board')!.def;
const binding = board.bindings!.find((b) => b.rule === 'traffic-light' && b.target === 'light')!;
const sample = board.sampleData!['main']! as Record<string, number>;
const record = { actual: sample[binding.inputs['actual']!], target: sample[binding.inputs['target']!] };
function formulaOf(lang: 'zh' | 'en') { return printFormula(light.def.logic, { lang, params: bundle.parameters, inputs: light.def.inputs }); }

type Lights = { green: { from: number; inclusive: boolean }; yellow: { from: number; inclusive: boolean } };
const lights = (bundle.parameters as { lights: Lights }).lights;

/** The bundle with other light boundaries: whether it loads, and the sample's light then. */
function withLights(next: Lights) {
  const files = structuredClone(bundle.files) as Record<string, { parameters: Record<string, unknown> }>;
  files[paramsPath]!.parameters['lights'] = next;
  const loaded = loadBundle(files);
  return loaded.ok ? { ok: true as const, light: loaded.bundle.rules.get('traffic-light')!.evaluate(record) } : { ok: false as const, problems: loaded.problems };
}
// green below yellow is refused by the bundle's parameter checks
const belowYellow = Math.floor(lights.yellow.from * 100) - 10;
const greenBelowYellow = { ...lights, green: { ...lights.green, from: belowYellow / 100 } };
const greenText = formulaOf('zh').lines.flat().find((p) => p.number?.source.kind === 'param' && p.number.source.path === 'lights.green.from')!.text;
const refusedGreen = withLights(greenBelowYellow);
// then yellow at 1% and green at 2%: applied, and the sample's light changes
const lowered = { green: { ...lights.green, from: 0.02 }, yellow: { ...lights.yellow, from: 0.01 } };
const after = withLights(lowered);
const before = light.evaluate(record);

// A literal: the `× 100` of completion-percent; and round's decimals of completion-rate, where 99 does not compile.
const rulesFile = bundle.files[rulesPath] as RulesFile;
const percentRule = rulesFile.rules.find((r) => r.id === 'completion-percent')!;
const rateRule = rulesFile.rules.find((r) => r.id === 'completion-rate')!;
const percentLogic = JSON.stringify(percentRule.logic);
const tooManyDecimals = structuredClone(rulesFile);
tooManyDecimals.rules.find((r) => r.id === 'completion-rate')!.logic = JSON.parse(JSON.stringify(rateRule.logic).replace(/(\{"round":\[.*\]\}),4\]/, '$1,99]'));
const refusedDecimals = loadBundle({ ...bundle.files, [rulesPath]: tooManyDecimals });

// Score weights must sum to 100%: one changed alone is refused, two changed together apply.
const scoringPath = bundle.manifest.parameters!.find((p) => 'score' in (bundle.files[p] as { parameters: object }).parameters)!;
type Weights = Record<string, number>;
const weights = (bundle.parameters as { score: { weights: Weights } }).score.weights;
function withWeights(next: Weights) {
  const files = structuredClone(bundle.files) as Record<string, { parameters: { score: { weights: Weights } } }>;
  files[scoringPath]!.parameters.score.weights = next;
  return loadBundle(files);
}
const oneWeight = withWeights({ ...weights, revenue: weights['revenue']! + 0.05 });
const twoWeights = withWeights({ ...weights, revenue: weights['revenue']! + 0.05, margin: weights['margin']! - 0.05 });

const session = useBrowserSession();
// The first page of a run loads the lazy editor chunk on a machine other tests keep busy.
const FIRST_LOAD = { timeout: 30_000 };

const ruleView = (page: Page, id: string) => page.locator(`[data-testid="formula-rule"][data-rule="${id}"]`);
const numberAt = (page: Page, rule: string, at: string) => ruleView(page, rule).locator(`[data-testid="formula-number"][data-at="${at}"]`);

async function typeNumber(page: Page, button: Locator, text: string): Promise<void> {
  await button.click();
  const input = page.getByTestId('formula-input');
  await input.waitFor();
  await input.fill(text);
  await input.press('Enter');
}

async function openEditor(page: Page, path: string) {
  await page.evaluate((hash) => { window.location.hash = hash; }, `#/editor/${encodeURIComponent(path)}`);
  await page.getByTestId('formula-panel').waitFor(FIRST_LOAD);
  await expect.poll(() => page.getByTestId('editor-file').innerText()).toContain(path);
}

async function runnerLight(page: Page) {
  await page.evaluate((hash) => { window.location.hash = hash; }, `#/templates/${board.id}`);
  await page.getByTestId('results-panel').waitFor();
  return expect.poll(() => page.locator('[data-testid="binding-result"][data-target="light"] [data-testid="binding-value"]').innerText());
}

describe('rule editor: the formula view', () => {
  it('shows the rules as formulas and changes a parameter from a number on them, refusing what the bundle refuses', async () => {
    expect(before.ok && refusedGreen.ok === false && after.ok && after.light.ok).toBe(true);
    expect(after.ok && after.light.ok && before.ok && after.light.value !== before.value).toBe(true);

    const page = await session().open(`/#/editor/${encodeURIComponent(rulesPath)}`);
    await page.getByTestId('formula-panel').waitFor(FIRST_LOAD);
    await expect.poll(() => editorStatus(page)).toBe('applied');
    const text = ruleView(page, 'traffic-light').getByTestId('formula-text');
    await expect.poll(() => text.innerText()).toBe(formulaOf('zh').text);
    expect(formulaOf('zh').text.split('\n')[0]).toBe('完成率 = 实际完成金额 ÷ 目标金额');
    await ruleView(page, 'traffic-light').scrollIntoViewIfNeeded();
    await page.setViewportSize({ width: 1440, height: 1000 });
    await screenshot(page, 'editor-formula');

    // green below yellow: refused with the bundle's message, nothing changes
    const green = numberAt(page, 'traffic-light', 'lights.green.from');
    await typeNumber(page, green, String(belowYellow));
    const error = ruleView(page, 'traffic-light').getByTestId('formula-error');
    await expect.poll(() => error.innerText()).toContain(refusedGreen.ok ? '' : refusedGreen.problems[0]!.code);
    expect(await green.innerText()).toBe(greenText);
    // the parameter is in another file: offered to be changed there
    expect(await error.getByTestId('formula-open-file').getAttribute('href')).toContain(encodeURIComponent(paramsPath));
    expect(await page.getByTestId('bundle-edited').count()).toBe(0);
    await screenshot(page, 'editor-formula-refused');

    // yellow to 1%, then green to 2%: both applied; the formula and the runner follow
    await typeNumber(page, numberAt(page, 'traffic-light', 'lights.yellow.from'), '1');
    await expect.poll(() => numberAt(page, 'traffic-light', 'lights.yellow.from').innerText()).toBe('1%');
    await typeNumber(page, green, '2%');
    await expect.poll(() => green.innerText()).toBe('2%');
    expect(await error.count()).toBe(0);
    await (await runnerLight(page)).toBe(String(after.ok && after.light.ok && after.light.value));
  });

  it('changes a literal of the rule in its JSON, and refuses one that does not compile', async () => {
    expect(refusedDecimals.ok).toBe(false);
    const page = await session().open(`/#/editor/${encodeURIComponent(rulesPath)}`);
    await page.getByTestId('formula-panel').waitFor(FIRST_LOAD);
    await expect.poll(() => editorStatus(page)).toBe('applied');

    // not a number: said so, and the box stays open for another try
    const decimals = numberAt(page, 'completion-rate', '/if/1/round/1');
    await typeNumber(page, decimals, 'abc');
    await expect.poll(() => ruleView(page, 'completion-rate').getByTestId('formula-error').innerText())
      .toContain(messages.zh['editor.formulaNotNumber'].split('{text}')[0]!);
    await page.getByTestId('formula-input').press('Escape');

    await typeNumber(page, decimals, '99');
    await expect.poll(() => ruleView(page, 'completion-rate').getByTestId('formula-error').innerText())
      .toContain(refusedDecimals.ok ? '' : refusedDecimals.problems[0]!.code);
    expect(await decimals.innerText()).toBe('4');

    // × 100 becomes × 1000 in the editor's JSON (the formula is printed from it), it applies, and the examples that pin 100 now fail
    const hundred = numberAt(page, 'completion-percent', '/if/1/round/0/*/1');
    expect(percentLogic).toContain('100]');
    await typeNumber(page, hundred, '1000');
    await expect.poll(() => hundred.innerText()).toBe('1000');
    await expect.poll(() => editorStatus(page)).toBe('applied');
    const failing = page.locator('[data-testid="examples-rule"][data-rule="completion-percent"] [data-testid="example"][data-pass="false"]');
    await expect.poll(() => failing.count()).toBeGreaterThan(0);
    expect(await page.getByTestId('bundle-edited').count()).toBe(1);
  });

  it('in a parameters file, keeps a change that does not load yet as a draft, so weights can be changed one after the other', async () => {
    expect(oneWeight.ok).toBe(false);
    expect(twoWeights.ok).toBe(true);
    const page = await session().open(`/#/editor/${encodeURIComponent(scoringPath)}`);
    await page.getByTestId('formula-panel').waitFor(FIRST_LOAD);
    await expect.poll(() => editorStatus(page)).toBe('applied');
    const revenue = numberAt(page, 'score-composite', 'score.weights.revenue');
    const margin = numberAt(page, 'score-composite', 'score.weights.margin');
    await typeNumber(page, revenue, String(Math.round((weights['revenue']! + 0.05) * 100) / 100));
    await expect.poll(() => editorStatus(page)).toBe('broken');
    await expect.poll(() => ruleView(page, 'score-composite').getByTestId('formula-error').innerText())
      .toContain(oneWeight.ok ? '' : oneWeight.problems[0]!.code);
    // the view shows the draft's value, the build keeps the last good one
    await expect.poll(() => revenue.innerText()).toBe(String(Math.round((weights['revenue']! + 0.05) * 100) / 100));
    expect(await page.getByTestId('editor-keeps').count()).toBe(1);
    await screenshot(page, 'editor-formula-draft');

    await typeNumber(page, margin, String(Math.round((weights['margin']! - 0.05) * 100) / 100));
    await expect.poll(() => editorStatus(page)).toBe('applied');
    expect(await ruleView(page, 'score-composite').getByTestId('formula-error').count()).toBe(0);
    expect(await page.getByTestId('bundle-edited').count()).toBe(1);
  });

  it('reads in English after the switch, and fits a phone screen', async () => {
    const page = await session().open(`/#/editor/${encodeURIComponent(paramsPath)}`, { lang: 'en' });
    await openEditor(page, paramsPath);
    // a parameters file shows the formulas of the rules that read it
    const text = ruleView(page, 'traffic-light').getByTestId('formula-text');
    await expect.poll(() => text.innerText()).toBe(formulaOf('en').text);
    await ruleView(page, 'traffic-light').scrollIntoViewIfNeeded();
    await screenshot(page, 'editor-formula-en');
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});
