/**
 * Signing in to NocoBase in Chromium as a user does, landing on the page to check. NocoBase's
 * sign-in page takes the page to go to (`/signin?redirect=/admin/<uid>`, what NocoBase itself
 * sends a signed-out visitor of a page to) and moves there inside the app after the sign-in: one
 * load of NocoBase's client (a few hundred scripts) per check instead of two, which is most of a
 * browser check's time on a busy machine.
 */
import type { Page } from 'playwright-core';

export async function signInTo(page: Page, url: string, login: { account: string; password: string }, path = '/admin'): Promise<void> {
  await page.goto(`${url}/signin?redirect=${encodeURIComponent(path)}`, { waitUntil: 'domcontentloaded' });
  await page.locator('input').first().waitFor({ timeout: 90_000 });
  await page.locator('input[type="text"], input:not([type])').first().fill(login.account);
  await page.locator('input[type="password"]').fill(login.password);
  await page.locator('button[type="submit"], button:has-text("登录"), button:has-text("Sign in")').first().click();
  const target = path.split('?')[0] as string;
  await page.waitForURL((u) => u.pathname.startsWith(target), { timeout: 90_000 });
}
