/**
 * Alerts on a schedule inside NocoBase: the imported schedule workflow, executed once through
 * NocoBase's API (not waited for by cron), raises 华南 rep 韩琪华's (HN01-01) escalation in
 * tk_alerts and puts it in his team lead's in-app messages; a second run adds nothing; higher
 * actuals clear it and the next run resolves it. The same run sends the lead his weekly digest
 * (once per ISO week) and the rep his overdue follow-ups from the stored opportunities. In
 * Chromium the lead sees the message in his message centre.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { signInTo } from './sign-in.js';
import type { NocoBaseClient } from '../../hosts/nocobase/importer/rest.js';

type Check = (name: string, body: () => Promise<string | void>) => Promise<void>;
type Assert = (condition: unknown, message: string) => asserts condition;
interface Person { id: number; token: string; role: string }

interface AlertsCheckInput {
  url: string;
  client: NocoBaseClient;
  check: Check;
  assert: Assert;
  makePerson(username: string, roles: string[], unit: string): Promise<Person>;
  screenshots: string[];
}

const REP = 'HN01-01';
const ACTUALS = 'tk_data_sample_actuals';
const PASSWORD = 'tk-test-123';
/** Today at 10:00 Shanghai time (quiet hours are 21:00-08:00 there). */
const RUN_AT = (): string => `${new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)}T10:00:00+08:00`;

export async function alertsChecks(input: AlertsCheckInput): Promise<void> {
  const { url, client, check, makePerson, screenshots } = input;
  const assert: Assert = input.assert;
  const [workflow] = await client.data<Array<{ id: number; title: string }>>('workflows:list', {
    query: { paginate: false, filter: JSON.stringify({ description: { $includes: 'target-kit:tk_alerts/schedule' } }) },
  });
  // the rep and his team lead (the manager of 广州一组) exist before the run that notifies them
  const rep = await makePerson('tk_alert_rep_hn0101', ['tk_rep'], REP);
  const lead = await makePerson('tk_alert_lead_hn01', ['tk_team_lead'], 'HN01');

  const runOnce = async (): Promise<Record<string, unknown>> => {
    assert(workflow, 'no scheduled alerts workflow was imported');
    const before = await client.data<Array<{ id: number }>>('executions:list', { query: { paginate: false, filter: JSON.stringify({ workflowId: workflow.id }) } });
    // the run is judged at the trigger's time: 10:00 Shanghai today, outside the quiet hours whenever the suite runs
    const started = await client.call('workflows:execute', { query: { filterByTk: workflow.id }, body: { date: RUN_AT() } });
    assert(started.status === 200, `workflows:execute answered ${started.status} ${JSON.stringify(started.body).slice(0, 300)}`);
    const until = Date.now() + 300_000;
    while (Date.now() < until) {
      const executions = await client.data<Array<{ id: number; status: number }>>('executions:list', { query: { paginate: false, sort: '-id', filter: JSON.stringify({ workflowId: workflow.id }) } });
      const mine = executions.filter((e) => !before.some((b) => b.id === e.id));
      const done = mine.find((e) => e.status !== 0);
      if (done) {
        const jobs = await client.data<Array<{ status: number; result: Record<string, unknown> }>>('jobs:list', { query: { paginate: false, filter: JSON.stringify({ executionId: done.id }) } });
        const job = jobs[0];
        assert(done.status === 1 && job?.status === 1, `the run ended ${done.status}: ${JSON.stringify(job?.result).slice(0, 400)}`);
        return job.result;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    throw new Error('the alerts run did not finish in 300 s');
  };
  const alertsOf = (unit: string) => client.data<Array<Record<string, unknown>>>('tk_alerts:list', { query: { paginate: false, filter: JSON.stringify({ tk_unit: unit }) } });
  const messagesOf = (userId: number) => client.data<Array<{ title: string; content: string }>>('notificationInAppMessages:list', { query: { paginate: false, filter: JSON.stringify({ userId }) } });
  const counts = async () => ({
    alerts: Number(((await client.call<unknown[]>('tk_alerts:list', { query: { pageSize: 1 } })).body.meta as { count?: number } | undefined)?.count ?? -1),
    messages: Number(((await client.call<unknown[]>('notificationInAppMessages:list', { query: { pageSize: 1 } })).body.meta as { count?: number } | undefined)?.count ?? -1),
  });

  let first: Record<string, unknown> = {};
  await check('a scheduled alerts run raises 华南 rep 韩琪华\'s escalation in tk_alerts and puts it in his team lead\'s in-app messages, with the lead\'s weekly digest and the rep\'s overdue follow-ups', async () => {
    first = await runOnce();
    const mine = await alertsOf(REP);
    const notice = mine.find((a) => a.kind === 'manager-notice');
    assert(notice && notice.notifiedAt && !notice.resolvedAt && notice.tk_path === '/YQ/HN/HN01/HN01-01/', `HN01-01's alerts: ${JSON.stringify(mine.map((a) => [a.kind, a.notifiedAt, a.tk_path]))}`);
    const leadMessages = await messagesOf(lead.id);
    const seen = leadMessages.find((m) => m.content.includes('韩琪华') && m.content.includes('二级通知'));
    assert(seen, `the lead's messages: ${JSON.stringify(leadMessages.slice(0, 3))}`);
    const repMessages = await messagesOf(rep.id);
    assert(repMessages.some((m) => m.content.includes('三级辅导')), `the rep's messages: ${repMessages.length}`);
    // the same run: the lead's weekly digest of 广州一组, the rep's overdue follow-ups from the stored opportunities
    const digest = leadMessages.find((m) => m.title.startsWith('广州一组 周报') && m.content.includes('韩琪华'));
    assert(digest && Number(first.digests) > 0, `the lead's digest: ${JSON.stringify(leadMessages.map((m) => m.title).slice(0, 8))}, run ${JSON.stringify(first)}`);
    const followUp = repMessages.find((m) => m.content.startsWith('【跟进超时】韩琪华 的商机 OP') && !m.content.includes('（）'));
    assert(followUp, `the rep's follow-ups: ${JSON.stringify(repMessages.map((m) => m.content.slice(0, 30)).slice(0, 8))}`);
    return `run ${JSON.stringify(first)}; HN01-01: ${mine.map((a) => a.kind).join(', ')}; the lead has “${seen.title}: ${seen.content.slice(0, 40)}…” and “${digest.title}”, ${leadMessages.length} messages; the rep “${followUp.content.slice(0, 50)}…”`;
  });

  await check('a second scheduled run the same day writes no alert and sends no message (no digest, no follow-up again)', async () => {
    const before = await counts();
    const again = await runOnce();
    const after = await counts();
    assert(JSON.stringify(before) === JSON.stringify(after) && again.raised === 0 && again.messages === 0, `before ${JSON.stringify(before)}, after ${JSON.stringify(after)}, run ${JSON.stringify(again)}`);
    return `${JSON.stringify(after)}; run ${JSON.stringify(again)}`;
  });

  await check('higher actuals for 韩琪华 clear his alert: the next run resolves it and tells his lead', async () => {
    // his days from week 18 on (the weekly rows, 2026-W…, sort after December and stay)
    const filter = JSON.stringify({ tk_unit: REP, date: { $gte: '2026-04-27', $lte: '2026-12-31' } });
    const rows = await client.data<Array<{ id: number; amount: string }>>(`${ACTUALS}:list`, { query: { paginate: false, filter } });
    assert(rows.length > 0, 'no daily actuals of HN01-01 from 2026-04-27');
    try {
      for (const row of rows) await client.call(`${ACTUALS}:update`, { query: { filterByTk: row.id }, body: { amount: '50000.00' } });
      const before = (await messagesOf(lead.id)).length;
      const run = await runOnce();
      const notice = (await alertsOf(REP)).find((a) => a.kind === 'manager-notice');
      assert(notice?.resolvedAt, `HN01-01's manager-notice after the actuals rose: ${JSON.stringify(notice)}`);
      const leadMessages = await messagesOf(lead.id);
      assert(leadMessages.length > before && leadMessages.some((m) => m.content.includes('已解除') && m.content.includes('韩琪华')), `the lead's messages: ${leadMessages.length} (before ${before})`);
      return `${rows.length} actual rows raised; run ${JSON.stringify(run)}; resolved at ${String(notice.resolvedAt)}`;
    } finally {
      // the other checks see the shipped actuals again
      for (const row of rows) await client.call(`${ACTUALS}:update`, { query: { filterByTk: row.id }, body: { amount: row.amount } });
    }
  });

  await check('in Chromium 韩琪华\'s team lead signs in and sees the alert in his message centre', async () => {
    const chromiumPath = '/usr/bin/chromium';
    assert(existsSync(chromiumPath), 'Chromium is missing');
    const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, locale: 'zh-CN' });
      await signInTo(page, url, { account: 'tk_alert_lead_hn01', password: PASSWORD });
      await page.locator('.anticon-bell').first().waitFor({ timeout: 60_000 });
      await page.locator('.anticon-bell').first().click();
      await page.getByText('目标预警').first().waitFor({ timeout: 30_000 });
      await page.getByText('目标预警').first().click();
      const message = page.getByText(/韩琪华/).first();
      await message.waitFor({ timeout: 30_000 });
      for (const dir of screenshots) {
        mkdirSync(dir, { recursive: true });
        await page.screenshot({ path: join(dir, 'nocobase-alerts-message-centre.png') });
      }
      return `the lead's message centre shows “${(await message.innerText()).slice(0, 60)}”; screenshot nocobase-alerts-message-centre.png`;
    } finally {
      await browser.close();
    }
  });
}
