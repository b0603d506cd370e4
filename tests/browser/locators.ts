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
