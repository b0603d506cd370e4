import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { composeLetter, letterHtml, signLetter, type LetterTemplate } from '../../plugin/index.js';
import { loadDefaultBundle } from './bundleOnDisk.js';
import { REPO_ROOT, screenshot, sharedChromium } from './harness.js';

// the run's Chromium (harness.ts), not one started for this file: its page is closed after the test
let page: Page | undefined;
afterAll(async () => { await page?.close(); });

describe('commitment letter in Chromium', () => {
  it('prints to a one-page A4 PDF with the Chinese text laid out', async () => {
    const bundle = loadDefaultBundle();
    const letters = bundle.parameters.letters as { commitment: LetterTemplate; company: { zh: string }; bonusTerms: { zh: string } };
    const letter = composeLetter(letters.commitment, {
      unitId: 'east', unitName: '华东大区', headName: '孙伟', headId: 'u-sun', period: '2026-Q2', base: 800_000_000, stretch: 1_200_000_000,
      bonusTerms: letters.bonusTerms.zh, company: letters.company.zh,
    }, 'zh');
    const signed = signLetter(letter, { id: 'u-sun' }, '2026-04-03T10:00:00+08:00');
    if (!signed.ok) throw new Error('sign');
    page = await (await sharedChromium()).newPage();
    await page.setContent(letterHtml(letter, signed.signature));
    const title = await page.locator('h1').innerText();
    expect(title).toBe('2026-Q2 销售目标承诺书');
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length).toBe(1);
    mkdirSync(join(REPO_ROOT, 'test-artifacts'), { recursive: true });
    writeFileSync(join(REPO_ROOT, 'test-artifacts', 'commitment-letter.pdf'), pdf);
    await page.setViewportSize({ width: 794, height: 1123 });
    await screenshot(page, 'commitment-letter');
  });
});
