/**
 * The saved build in IndexedDB: a record that is damaged, or written by an older or newer
 * version, gives a clear message and a way out (reset to the sample), never a blank page.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DB_NAME, OBJECT_STORE } from '../../playground/src/build/idbStorage.js';
import { STORE_KEY } from '../../playground/src/build/buildStore.js';
import { messages } from '../../playground/src/i18n/messages.js';
import { loadDefaultBundle } from './bundleOnDisk.js';
import { confirmLoss } from './buildHelpers.js';
import { SCREEN_LOAD, screenshot, useBrowserSession } from './harness.js';

const templates = loadDefaultBundle().templates;
const session = useBrowserSession();

/** Writes a record where the playground keeps its build (the app has created the store). */
async function storeRecord(page: Page, value: unknown) {
  await page.evaluate(
    ({ db, store, key, value }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(db, 1);
        open.onsuccess = () => {
          const tx = open.result.transaction(store, 'readwrite');
          tx.objectStore(store).put(value, key);
          tx.oncomplete = () => { open.result.close(); resolve(); };
          tx.onerror = () => reject(tx.error);
        };
        open.onerror = () => reject(open.error);
      }),
    { db: DB_NAME, store: OBJECT_STORE, key: STORE_KEY, value },
  );
}

const cards = (page: Page) => page.getByTestId('template-card');

describe('saved build', () => {
  const cases: Array<[string, unknown, 'corrupt' | 'older' | 'newer']> = [
    ['a damaged record', 'not a saved build', 'corrupt'],
    ['a record of the wrong shape', { state: { base: 'sample' }, version: 1 }, 'corrupt'],
    ['a record from an older version', { state: { templates: ['a'] }, version: 0 }, 'older'],
    ['a record from a newer version', { state: {}, version: 99 }, 'newer'],
  ];

  // One page for the four records: each case ends on the sample build, reloaded, as a fresh page
  // starts, and overwrites the stored record before its own reload (a load each was half the file).
  it.each(cases)('%s: says why and resets to the sample', async (_name, record, reason) => {
    const page = await session().shared('/');
    // the bundle itself, not only the first cards (they come before it): a reload must not cut its download
    await page.getByTestId('bundle-info').waitFor({ timeout: SCREEN_LOAD });
    await storeRecord(page, record);
    await page.reload();
    const problem = page.getByTestId('store-problem');
    await problem.waitFor({ timeout: SCREEN_LOAD });
    expect(await problem.getAttribute('data-reason')).toBe(reason);
    expect(await problem.innerText()).toContain(messages.zh[`store.unreadable.${reason}`]);
    if (record === cases[0]![1]) await screenshot(page, 'store-corrupt');

    await problem.getByTestId('reset-to-sample').click();
    await confirmLoss(page);
    await page.getByTestId('bundle-info').waitFor({ timeout: SCREEN_LOAD });
    expect(await cards(page).count()).toBe(templates.length);
    await page.reload();
    await cards(page).first().waitFor({ timeout: SCREEN_LOAD });
    expect(await page.getByTestId('store-problem').count()).toBe(0);
  });
});
