/** Ways to find the playground's parts in a page, shared by the browser tests. */
import type { Locator, Page } from 'playwright-core';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The Formily form item whose label is exactly `title` (labels can contain one another:
 * 基础目标 and 信号灯（基础目标）). */
export function formItem(page: Page, title: string): Locator {
  const label = page.locator('.ant-formily-item-label label', { hasText: new RegExp(`^${escapeRegExp(title)}$`) });
  return page.locator('.ant-formily-item').filter({ has: label });
}

export const cardTitles = (page: Page) => page.getByTestId('template-card').locator('.ant-card-head-title').allInnerTexts();

/** Chooses an option in the ant select inside `item` by typing `typed` and clicking the option
 * matched by `option`, until the item shows `shows`. The dropdown filters and animates while it
 * opens, so a click can land on an option that is being replaced; on a busy machine that lost
 * click left the select empty. Waiting for the chosen text, and choosing again if it never comes,
 * makes the step wait for a condition rather than for luck. */
export async function chooseOption(page: Page, item: Locator, typed: string, option: string, shows: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await item.locator('.ant-select').click();
    await page.keyboard.type(typed);
    await page.locator(`.ant-select-dropdown:visible ${option}`).first().click();
    try {
      await item.filter({ hasText: shows }).waitFor({ timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
      await page.keyboard.press('Escape');
    }
  }
}
