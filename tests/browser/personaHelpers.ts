/** Switching the playground's persona from a browser test, shared by the flow tests. */
import type { Page } from 'playwright-core';
import { expect, vi } from 'vitest';

/**
 * Picks `persona` in the role switch until it is stored. A page still settling after goto may
 * close the menu before the click lands (seen on a busy machine): open and pick again, never
 * waiting a fixed time; then wait until the menu has closed (screenshots and clicks below it).
 */
export async function switchRole(page: Page, persona: string): Promise<void> {
  const option = page.locator(`.ant-dropdown:not(.ant-dropdown-hidden) [data-testid="role-option-${persona}"]`);
  await vi.waitFor(async () => {
    if (!(await option.isVisible())) await page.getByTestId('role-switch').click({ timeout: 5_000 });
    await option.click({ timeout: 5_000 });
    expect(await page.evaluate(() => localStorage.getItem('target-kit.playground.persona'))).toContain(persona);
  }, { timeout: 30_000, interval: 250 });
  await expect.poll(() => page.locator('.ant-dropdown:not(.ant-dropdown-hidden)').count()).toBe(0);
}
