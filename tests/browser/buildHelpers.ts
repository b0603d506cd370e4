/** Ways to drive the build composer and the rule editor from a browser test. */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** dnd-kit listens to pointer events: press, move in steps past its activation distance, release. */
export async function dragTo(page: Page, source: Locator, target: Locator): Promise<void> {
  await source.scrollIntoViewIfNeeded();
  const from = (await source.boundingBox())!;
  await page.mouse.move(from.x + from.width / 3, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 3 + 12, from.y + from.height / 2, { steps: 4 });
  const to = (await target.boundingBox())!;
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2 + 2, { steps: 2 });
  await page.mouse.up();
}

export const buildIds = (page: Page) =>
  page.getByTestId('build-item').evaluateAll((items) => items.map((el) => el.getAttribute('data-template-id')));

export const paletteTile = (page: Page, id: string) => page.locator(`[data-testid="palette-tile"][data-template-id="${id}"]`);

/** Confirms the open Popconfirm (antd spaces out two-character Chinese labels, so by class). */
export async function confirmPopup(page: Page): Promise<void> {
  const ok = page.locator('.ant-popconfirm:not(.ant-popover-hidden) .ant-btn-primary');
  await ok.click();
  await expect.poll(() => ok.count()).toBe(0);
}

/** The one confirmation of a destructive action (what it removes is listed in it): accepted. */
export async function confirmLoss(page: Page): Promise<void> {
  const ok = page.locator('.confirm-loss-ok');
  // a click while the dialog still animates in can be lost on a busy machine: click again until it closes
  for (let attempt = 1; ; attempt++) {
    await ok.click();
    try {
      await expect.poll(() => ok.count(), { timeout: 5_000 }).toBe(0);
      return;
    } catch (error) {
      if ((await ok.count()) === 0) return;
      if (attempt >= 3) throw error;
    }
  }
}

export async function clearBuild(page: Page): Promise<void> {
  await page.getByTestId('build-clear').click();
  await confirmPopup(page);
  await expect.poll(() => page.getByTestId('build-item').count()).toBe(0);
}

export async function resetToSample(page: Page): Promise<void> {
  await page.getByTestId('reset-to-sample').first().click();
  await confirmLoss(page);
}

export const paramInput = (page: Page, path: string) => page.locator(`input[data-path="${path}"], [data-path="${path}"] input`).first();

/** Types a new value into an antd InputNumber the way a person does. */
export async function setNumber(page: Page, path: string, value: number): Promise<void> {
  const input = paramInput(page, path);
  await input.click();
  await input.press('Control+A');
  await input.pressSequentially(String(value));
  await input.press('Tab');
}

/**
 * Replaces the whole CodeMirror document, as a paste does: all selected, then a paste event
 * carrying the text, which CodeMirror inserts in one change. (Typed in with keyboard.insertText,
 * Chromium's editing inserted a 30 KB rules file one line at a time: 7-12 s a document at load
 * 12, a third of the rule editor's tests.)
 */
export async function replaceEditorText(page: Page, text: string): Promise<void> {
  const content = page.locator('.cm-content');
  await content.click();
  await page.keyboard.press('Control+A');
  await content.evaluate((editor, pasted) => {
    const clipboardData = new DataTransfer();
    clipboardData.setData('text/plain', pasted);
    editor.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
  }, text);
}

export const editorStatus = (page: Page) => page.getByTestId('editor-status').getAttribute('data-state');
