/**
 * The filing card's suggested range and its warning (issue 19: "the filing shows one suggested
 * number, not the range ... and accepts 27x it without a warning"), checked against the runtime's
 * figure in node: the walks that file a target call these where the rep files.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { checkDeclaration, formatYuanGrouped, parseYuan, type Lang, type LoadedBundle } from '../../plugin/index.js';
import type { CompanyModel } from '../../playground/src/company/companyModel.js';
import { repFilingRange } from '../../playground/src/workspace/filingRange.js';

/** The rep's range as the runtime computes it in node; the card must show exactly this. */
export function expectedFilingRange(bundle: LoadedBundle, model: CompanyModel, unitId: string) {
  const r = repFilingRange(bundle, model, unitId);
  if (!r.ok) throw new Error(r.problem.message.en);
  return r.range;
}

/** The card shows the runtime's range, grouped to the fen. */
export async function expectFilingRange(page: Page, range: { low: number; high: number }): Promise<void> {
  const shown = page.getByTestId('filing-range');
  await shown.waitFor();
  expect(await shown.getAttribute('data-low')).toBe(String(range.low));
  expect(await shown.getAttribute('data-high')).toBe(String(range.high));
  const text = await shown.innerText();
  expect(text).toContain(formatYuanGrouped(range.low));
  expect(text).toContain(formatYuanGrouped(range.high));
}

/**
 * Submits the rep's filing of `base`/`stretch` yuan: outside the range the card asks once, with
 * the runtime's reasons in the UI language, and the filing goes only after "submit anyway";
 * inside it goes without a question. Returns whether it was asked.
 */
export async function submitFiling(page: Page, filed: { base: number; stretch: number }, range: { projection: number; low: number; high: number }, lang: Lang): Promise<boolean> {
  // outside the range is asked; a Stretch below the Base is left to the flow's guard
  const flags = checkDeclaration({ base: parseYuan(filed.base)!, stretch: parseYuan(filed.stretch)! }, range).filter((f) => f.code !== 'STRETCH_BELOW_BASE');
  await page.getByTestId('filing-submit').click();
  if (!flags.length) {
    expect(await page.getByTestId('filing-outside').count()).toBe(0);
    return false;
  }
  const question = page.getByTestId('filing-outside');
  await question.waitFor();
  expect(await question.locator('li').evaluateAll((items) => items.map((i) => i.getAttribute('data-code')))).toEqual(flags.map((f) => f.code));
  expect(await question.innerText()).toContain(flags[0]!.message[lang]);
  const ok = page.locator('.filing-outside-ok');
  // a click while the dialog still animates in can be lost on a busy machine: click until it closes
  for (let attempt = 1; (await ok.count()) > 0; attempt++) {
    await ok.click();
    try { await expect.poll(() => ok.count(), { timeout: 5_000 }).toBe(0); } catch (error) { if (attempt >= 3) throw error; }
  }
  return true;
}
