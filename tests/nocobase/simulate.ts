/**
 * The allocation simulator on the running NocoBase: the director simulates 150,000,000 with the
 * aggressive plan over the org tree stored in NocoBase and publishes it; the targets collection
 * then holds that plan for the period, to the fen as `target-kit allocate` gives it, every parent
 * the sum of its children; a lock that cannot hold is reported by its unit while the rest
 * publishes; a rep and a region head are refused (403) and write nothing; in Chromium the
 * director types the total on the simulator page and chooses 激进型.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { signInTo } from './sign-in.js';
import type { NocoBaseClient } from '../../hosts/nocobase/importer/rest.js';

interface Person { id: number; token: string; role: string }
type Answer = { status: number; body: { data?: unknown; errors?: Array<{ code?: string; message?: string }> } };

export interface SimulateCheckDeps {
  url: string;
  client: NocoBaseClient;
  check(name: string, body: () => Promise<string | void>): Promise<void>;
  assert(condition: unknown, message: string): asserts condition;
  cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  makePerson(username: string, roles: string[], unit: string): Promise<Person>;
  personCall(person: Person, action: string, body?: unknown): Promise<Answer>;
  people: { rep: Person; headHD: Person };
  screenshots: string;
}

const TARGETS = 'tk_data_sample_targets';
const PERIOD = '2026-H2';
const PASSWORD = 'tk-test-123';
const fen = (yuan: unknown): number => Math.round(Number(yuan) * 100);

export async function simulateChecks(deps: SimulateCheckDeps): Promise<void> {
  const { client, check } = deps;
  const assert: SimulateCheckDeps['assert'] = deps.assert;
  const director = await deps.makePerson('tk_director_yq', ['tk_sales_director'], 'YQ');
  const ofPeriod = async (period: string): Promise<Array<Record<string, unknown>>> =>
    client.data<Array<Record<string, unknown>>>(`${TARGETS}:list`, { query: { paginate: false, filter: JSON.stringify({ period }) } });

  await check('the director simulates 150,000,000 over the stored org tree and publishes the aggressive plan: the targets hold it for the period to the fen, as target-kit allocate gives it; a bad lock is set aside by its unit', async () => {
    const simulated = await deps.personCall(director, 'targetKit:simulate', { total: '150,000,000', plan: 'aggressive', period: PERIOD });
    assert(simulated.status === 200, `simulate answered ${simulated.status} ${JSON.stringify(simulated.body).slice(0, 300)}`);
    const plans = (simulated.body.data as { plans: Array<{ id: string; risks: number }> }).plans;
    assert(plans.map((p) => p.id).join() === 'aggressive,balanced,conservative', `plans ${plans.map((p) => p.id).join()}`);
    const started = Date.now();
    const published = await deps.personCall(director, 'targetKit:publish', { total: '150000000', plan: 'aggressive', period: PERIOD, locks: { HD: '999,999,999' } });
    const ms = Date.now() - started;
    assert(published.status === 200, `publish answered ${published.status} ${JSON.stringify(published.body).slice(0, 300)}`);
    const answer = published.body.data as { refused: Record<string, string>; published: { updated: number; created: number; removed: number } };
    assert(Object.keys(answer.refused).join() === 'HD' && answer.refused.HD, `refused locks: ${JSON.stringify(answer.refused)}`);
    const rows = await ofPeriod(PERIOD);
    const local = await deps.cli(['allocate', '--total', '150000000', '--plan', 'aggressive', '--out', 'json']);
    assert(local.code === 0, `allocate exited ${local.code}: ${local.stderr}`);
    const expected = JSON.parse(local.stdout) as Array<{ id: string; parent_id: string; base: number; stretch: number }>;
    assert(rows.length === expected.length, `${rows.length} rows of ${PERIOD}, allocate gives ${expected.length}`);
    const byUnit = new Map(rows.map((r) => [String(r.unit), r]));
    for (const e of expected) {
      const row = byUnit.get(e.id);
      assert(row, `no row for ${e.id}`);
      assert(fen(row.base) === fen(e.base) && fen(row.stretch) === fen(e.stretch), `${e.id}: stored ${String(row.base)}/${String(row.stretch)}, allocate ${e.base}/${e.stretch}`);
      assert(row.plan === 'aggressive' && row.status === 'published' && row.locked === false, `${e.id}: plan ${String(row.plan)}, status ${String(row.status)}, locked ${String(row.locked)}`);
    }
    const company = rows.find((r) => r.parent_id === null || r.parent_id === '');
    assert(company && String(company.base) === '150000000.00', `company Base ${String(company?.base)}`);
    const sums = new Map<string, { base: number; stretch: number }>();
    for (const r of rows) {
      if (!r.parent_id) continue;
      const s = sums.get(String(r.parent_id)) ?? { base: 0, stretch: 0 };
      s.base += fen(r.base);
      s.stretch += fen(r.stretch);
      sums.set(String(r.parent_id), s);
    }
    for (const r of rows) {
      const s = sums.get(String(r.unit));
      assert(!s || (s.base === fen(r.base) && s.stretch === fen(r.stretch)), `${String(r.unit)}: ${String(r.base)} but its children sum to ${s?.base}`);
    }
    // published again, the same rows are updated by unit and period: nothing doubles
    const again = await deps.personCall(director, 'targetKit:publish', { total: '150000000', plan: 'aggressive', period: PERIOD });
    const second = (again.body.data as { published?: { updated: number; created: number } } | undefined)?.published;
    assert(again.status === 200 && second?.created === 0 && second.updated === rows.length && (await ofPeriod(PERIOD)).length === rows.length, `second publish: ${again.status} ${JSON.stringify(second)}`);
    return `${rows.length} rows of ${PERIOD} (published in ${(ms / 1000).toFixed(1)} s), company ${String(company.base)}, ${sums.size} parents = Σ children, equal to allocate; lock HD set aside: ${answer.refused.HD}; again: ${second.updated} updated, 0 created`;
  });

  await check('a rep and a region head may not simulate or publish (403, our words) and write nothing; a bad total is refused whole', async () => {
    const said: string[] = [];
    for (const [who, person] of [['the rep', deps.people.rep], ['华东\'s head', deps.people.headHD]] as const) {
      for (const action of ['targetKit:publish', 'targetKit:simulate']) {
        const answer = await deps.personCall(person, action, { total: '150000000', plan: 'aggressive', period: '2026-Q4' });
        assert(answer.status === 403 && answer.body.errors?.[0]?.code === 'SIM_FORBIDDEN', `${who} ${action}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
      }
      said.push(`${who} 403`);
    }
    const bad = await deps.personCall(director, 'targetKit:publish', { total: '150000000.001', plan: 'aggressive', period: '2026-Q4' });
    assert(bad.status === 400 && bad.body.errors?.[0]?.code === 'SIM_BAD_AMOUNT', `bad total: ${bad.status} ${JSON.stringify(bad.body).slice(0, 200)}`);
    const written = await ofPeriod('2026-Q4');
    assert(written.length === 0, `${written.length} rows of 2026-Q4 were written`);
    return `${said.join(', ')} (${'只有总部目标管理员或销售总监可以模拟和发布目标拆解'}); bad total → 400 SIM_BAD_AMOUNT; 0 rows written`;
  });

  await check('in Chromium the director opens 目标拆解模拟器, types 150,000,000, chooses 激进型 and sees the three plans', async () => {
    const chromiumPath = '/usr/bin/chromium';
    assert(existsSync(chromiumPath), 'Chromium is missing');
    mkdirSync(deps.screenshots, { recursive: true });
    const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    const errors: string[] = [];
    const page = await browser.newPage({ viewport: { width: 1440, height: 1100 }, locale: 'zh-CN' });
    try {
      page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
      // the director's NocoBase language is Chinese (NocoBase keeps the choice in localStorage; a new user has none)
      await page.addInitScript("localStorage.setItem('NOCOBASE_LOCALE', 'zh-CN')");
      await signInTo(page, deps.url, { account: 'tk_director_yq', password: PASSWORD }, '/admin/tk_simulator_page');
      const total = page.locator('[data-testid="tk-sim-total"] input, input[data-testid="tk-sim-total"]').first();
      await total.waitFor({ timeout: 60_000 });
      await total.fill('150000000');
      // the separators show once the field is left, as a user sees them
      await total.press('Tab');
      await page.locator('[data-testid="tk-sim-plan"]').nth(2).waitFor({ timeout: 60_000 });
      await page.locator('[data-testid="tk-sim-choose-aggressive"]').click();
      const aggressive = page.locator('[data-testid="tk-sim-plan"][data-plan="aggressive"][data-selected="true"]');
      await aggressive.waitFor({ timeout: 30_000 });
      await page.locator('[data-testid="tk-sim-units"] .ant-table-row').first().waitFor({ timeout: 30_000 });
      const shown = await total.inputValue();
      assert(shown === '150,000,000', `the total reads ${shown}`);
      const cards: string[] = [];
      for (const card of await page.locator('[data-testid="tk-sim-plan"]').all()) cards.push(`${await card.getAttribute('data-plan') ?? ''}:${await card.getAttribute('data-risks') ?? ''} risks`);
      const card = await aggressive.innerText();
      // the plan's name in the user's NocoBase language (a new user's may be English)
      assert(/激进型|Aggressive/.test(card) && card.includes('150,000,000'), `the aggressive card reads ${card.replace(/\s+/g, ' ')}`);
      const file = join(deps.screenshots, 'nocobase-simulator.png');
      await page.screenshot({ path: file, fullPage: true });
      // the confirmation says what a publication replaces before anything is written
      await page.locator('[data-testid="tk-sim-period"]').fill(PERIOD);
      await page.locator('[data-testid="tk-sim-publish"]').click();
      const confirm = page.locator('[data-testid="tk-sim-confirm-text"]');
      await confirm.waitFor({ timeout: 30_000 });
      const text = await confirm.innerText();
      assert(text.includes(PERIOD) && /现有的 \d+ 行|replaces the \d+ row/.test(text), `the confirmation reads ${text}`);
      await page.screenshot({ path: join(deps.screenshots, 'nocobase-simulator-confirm.png') });
      if (process.env.TK_SHOTS) for (const name of ['nocobase-simulator.png', 'nocobase-simulator-confirm.png']) copyFileSync(join(deps.screenshots, name), join(process.env.TK_SHOTS, name));
      if (errors.length) throw new Error(errors.join('\n'));
      return `plans ${cards.join(', ')}; confirmation: ${text}; screenshots nocobase-simulator*.png`;
    } catch (error) {
      // what the page showed when it failed, to look at
      await page.screenshot({ path: join(deps.screenshots, 'nocobase-simulator-failed.png'), fullPage: true }).catch(() => undefined);
      throw error;
    } finally {
      await browser.close();
    }
  });
}
