/**
 * The 通知 screen under the strict CSP, walked as the HRBP: the day's planned notices are the
 * ones the runtime's `dayNotices` gives in Node for the sample company at 9:00 on its as-of day
 * (count, people, the first notice's text); a test message without a relay shows the robot's
 * body (no key, no signature) and is logged as not sent; with a same-origin relay it is posted
 * there (the relay played by Playwright) and logged as delivered, or as failed with the relay's
 * status; the log survives a reload; the screen reads the same in English.
 */
import { describe, expect, it } from 'vitest';
import { dayNotices, parseCsv, type NoticeTable } from '../../plugin/index.js';
import { loadDefaultBundle } from './bundleOnDisk.js';
import { screenshot, SCREEN_LOAD, useBrowserSession } from './harness.js';

const bundle = loadDefaultBundle();
const session = useBrowserSession();

function table(id: string): NoticeTable {
  const ds = bundle.datasets.get(id)!;
  const parsed = parseCsv(ds.content as string, ds.def.file);
  if (!parsed.ok) throw new Error(id);
  return { file: ds.def.file, columns: parsed.columns, records: parsed.records };
}

describe('通知 screen', () => {
  const day = dayNotices(bundle, {
    targets: table('sample-targets'), actuals: table('sample-actuals'), activity: table('sample-activity'),
    asOf: '2026-05-15', now: '2026-05-15T09:00:00+08:00', delivered: new Set(), digests: true,
  });
  if (!day.ok) throw new Error(JSON.stringify(day.problems));
  const { send, held } = day.day.plan;
  const notices = [...send, ...held];
  const people = new Set(notices.flatMap((n) => n.recipients.map((r) => `${r.name} (${r.id})`))).size;

  it('shows the runtime\'s planned notices, a test payload without a relay, a relayed test, and the log', async () => {
    expect(notices.length, 'the sample day has notices').toBeGreaterThan(0);
    const page = await session().open('/#/notify', { persona: 'hrbp' });
    const planned = page.getByTestId('planned-notices');
    await planned.locator('tbody tr.ant-table-row').first().waitFor({ timeout: SCREEN_LOAD });
    await expect.poll(() => page.getByTestId('notify').locator('.page-heading').innerText()).toContain(`${notices.length} 条，${people} 人`);
    const first = notices[0]!;
    expect(await planned.locator('tbody tr.ant-table-row').first().innerText()).toContain(first.text.zh.split(first.link).join('').trim());
    expect(await planned.locator('tbody tr.ant-table-row').first().locator('[data-link]').getAttribute('data-link')).toBe(first.link);

    // no relay: the body shown, nothing sent
    await page.getByTestId('send-test-wecom').click();
    const payload = JSON.parse(await page.getByTestId('test-payload').locator('pre').innerText()) as { msgtype: string; markdown: { content: string } };
    expect(payload.msgtype).toBe('markdown');
    expect(payload.markdown.content).toContain(first.text.zh);
    const log = page.getByTestId('delivery-log');
    await expect.poll(() => log.getByTestId('log-status').allInnerTexts()).toEqual(['未发送（仅显示负载）']);
    await screenshot(page, 'notify-messages', { fullPage: false });

    // a relay on the page's own origin (the host's, played here): posted there, then failed on a 502
    const posted: unknown[] = [];
    await page.route('**/api/notify-test', async (route) => {
      posted.push(route.request().postDataJSON());
      await route.fulfill({ status: 200, contentType: 'application/json', body: '{}' });
    });
    const relay = page.getByTestId('channel-dingtalk').locator('input');
    await relay.fill('/api/notify-test');
    // fetch answers on the relay's headers, the body may still be on its way: the reload below must
    // not cut it off (an aborted request is a page problem)
    const relayed = page.waitForEvent('requestfinished', (r) => r.url().endsWith('/api/notify-test'));
    await page.getByTestId('send-test-dingtalk').click();
    await expect.poll(() => log.getByTestId('log-status').first().innerText()).toBe('已送达');
    await relayed;
    expect(posted[0]).toMatchObject({ channel: 'dingtalk', payload: { msgtype: 'markdown', markdown: { title: expect.stringContaining('测试消息') } } });
    expect(JSON.stringify(posted[0])).not.toMatch(/sign|access_token/);
    await screenshot(page, 'notify-zh');

    // the log is the playground's own and outlives a reload
    await page.reload();
    await expect.poll(() => page.getByTestId('delivery-log').getByTestId('log-status').allInnerTexts(), { timeout: SCREEN_LOAD }).toEqual(['已送达', '未发送（仅显示负载）']);
    await page.route('**/api/notify-test', (route) => route.fulfill({ status: 502, body: 'bad gateway' }));
    await page.getByTestId('channel-feishu').locator('input').fill('/api/notify-test');
    await page.getByTestId('send-test-feishu').click();
    await expect.poll(() => page.getByTestId('delivery-log').getByTestId('log-status').first().innerText()).toBe('失败 · HTTP 502');
    // the relay's 502 is this test's outcome, not a fault of the page: taken off the session's problems
    const problems = session().problems;
    await expect.poll(() => problems.some((p) => p.includes('HTTP 502'))).toBe(true);
    for (let i = problems.length - 1; i >= 0; i--) if (/\b502\b/.test(problems[i]!)) problems.splice(i, 1);
  }, 120_000);

  it('reads in English', async () => {
    const page = await session().open('/#/notify', { persona: 'hq-admin', lang: 'en' });
    await page.getByTestId('planned-notices').locator('tbody tr.ant-table-row').first().waitFor({ timeout: SCREEN_LOAD });
    expect(await page.getByTestId('notify').locator('.page-heading').innerText()).toContain(`${notices.length} notices for ${people} people`);
    expect(await page.getByTestId('planned-notices').locator('tbody tr.ant-table-row').first().innerText()).toContain(notices[0]!.text.en.split(notices[0]!.link).join('').trim());
    await page.getByTestId('send-test-email').click();
    expect(JSON.parse(await page.getByTestId('test-payload').locator('pre').innerText())).toMatchObject({ subject: expect.stringContaining('Test message') });
    // the week's digests, in the bundle's words, as the CLI and NocoBase send them
    const digest = page.getByTestId('weekly-digest');
    const { digests } = day.day;
    expect(await digest.getByTestId('digest-title').innerText()).toBe(digests[0]!.title.en);
    expect(await digest.getByTestId('digest-text').innerText()).toBe(digests[0]!.text.en);
    expect(await digest.locator('.ant-card-head-title').innerText()).toContain(`${digests.length})`);
    await screenshot(page, 'notify-en');
  }, 120_000);
});
