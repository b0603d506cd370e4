/**
 * A rep's letter in the browser: once the plan is frozen he signs it himself, it reads as his
 * own (not as the head of himself), the amounts of its text and summary agree to the fen, and
 * its print view shows the letter alone, with its whole hash and the signature line.
 */
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../plugin/index.js';
import { loadDefaultBundle } from './bundleOnDisk.js';
import { partScreenshot, screenshot, useBrowserSession } from './harness.js';
import { switchRole } from './personaHelpers.js';
import { confirmLoss } from './buildHelpers.js';

const units = parseCsv(loadDefaultBundle().datasets.get('sample-company-units')!.content as string);
const repName = units.ok ? units.records.find((r) => r.record.id === 'HD01-01')!.record.name! : '';

const session = useBrowserSession();

/** The yuan amounts a text writes, grouped with two decimals. */
const amounts = (text: string) => text.match(/\d{1,3}(?:,\d{3})*\.\d{2}/g) ?? [];

describe('a rep\'s own letter', () => {
  it('is signed by the rep, agrees to the fen and prints alone', async () => {
    const page = await session().open('/#/workspace', { persona: 'hq-admin', width: 1280 });
    await page.getByTestId('publish-review').click({ timeout: 15_000 });
    await confirmLoss(page);
    await page.getByTestId('others-accept').click();
    await switchRole(page, 'region-head');
    await page.getByTestId('review-accept-HD').click();

    await switchRole(page, 'rep');
    const letter = page.getByTestId('letter');
    await letter.waitFor({ timeout: 15_000 });
    const text = await letter.locator('.ant-typography').allInnerTexts();
    const body = text.join('\n');
    expect(body).toContain(`本人${repName}（HD01-01）`);
    expect(body).not.toContain('负责人');
    // the summary shows to the fen the amounts the text commits to
    const base = await page.getByTestId('letter-base').innerText();
    const stretch = await page.getByTestId('letter-stretch').innerText();
    expect(amounts(body)).toEqual([base, stretch]);

    await page.getByTestId('sign-letter').click();
    await page.getByTestId('letter-signed').waitFor();
    expect(await page.getByTestId('letter-signed').innerText()).toContain('签名与当前内容一致，有效');
    expect(await page.getByTestId('letter-signed').innerText()).toContain(repName);
    await letter.scrollIntoViewIfNeeded();
    await partScreenshot(letter, 'rep-letter-zh');

    // the print button hands the page to the browser's print dialog
    await page.evaluate(() => { (window as unknown as { printed: number }).printed = 0; window.print = () => { (window as unknown as { printed: number }).printed += 1; }; });
    await page.getByTestId('print-letter').click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

    await page.emulateMedia({ media: 'print' });
    await expect.poll(() => page.locator('.app-header').isVisible()).toBe(false);
    expect(await page.locator('.app-sider').isVisible()).toBe(false);
    expect(await page.getByTestId('print-letter').isVisible()).toBe(false);
    expect(await page.getByTestId('role-switch').isVisible()).toBe(false);
    expect(await letter.isVisible()).toBe(true);
    const hash = page.getByTestId('letter-print-hash');
    expect(await hash.isVisible()).toBe(true);
    expect(await hash.innerText()).toMatch(/SHA-256 [0-9a-f]{64} · HD01-01/);
    expect(await page.getByTestId('letter-print-sheet').innerText()).toMatch(new RegExp(`承诺人：\\s*${repName}`));
    // the letter starts at the sheet's corner: nothing of the app is laid out before it
    const box = await letter.boundingBox();
    expect(box?.y ?? 99).toBeLessThan(40);
    await screenshot(page, 'rep-letter-print');
    await page.emulateMedia({ media: 'screen' });

    // in English the letter is his own too, and its amounts still agree
    await page.evaluate(() => localStorage.setItem('target-kit.playground.lang', JSON.stringify({ state: { lang: 'en' }, version: 1 })));
    await page.reload();
    // the session's start script stores its persona again on every load
    await switchRole(page, 'rep');
    await letter.waitFor({ timeout: 15_000 });
    const en = (await letter.locator('.ant-typography').allInnerTexts()).join('\n');
    expect(en).toContain(`I, ${repName} (HD01-01)`);
    expect(en).not.toMatch(/head of/i);
    expect(amounts(en)).toEqual([await page.getByTestId('letter-base').innerText(), await page.getByTestId('letter-stretch').innerText()]);
    await letter.scrollIntoViewIfNeeded();
    await partScreenshot(letter, 'rep-letter-en');
  });
});
