/**
 * The bonus block on the running NocoBase (`targetKit:bonus` and the bonus page): a rep gets his
 * own bonus, his region's head the region's reps, HQ every rep; the figures are the runtime's
 * over the same data (his Base, Stretch and actual as `target-kit track` gives them over the
 * bundle's files, the bonus as `target-kit eval` of the bundle's bonus-total rule); a rep cannot
 * read another's; in Chromium the rep types an expected result and sees its bonus and curve.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { signInTo } from './sign-in.js';
import { screenshotInto } from './shots.js';

interface Person { id: number; token: string; role: string }
type Answer = { status: number; body: { data?: unknown; errors?: Array<{ code?: string; message?: string }> } };
interface Rep { id: string; base: string; stretch: string; actual: string; atActual: string; atBase: string; atStretch: string; expected?: { result: string; bonus: string } }
interface Bonus { period: string; asOf: string; reach: string; reps: Rep[] }

export interface BonusCheckDeps {
  url: string;
  templates: string;
  client: { data<T>(action: string, options?: { query?: Record<string, unknown>; body?: unknown }): Promise<T>; call(action: string, options?: { query?: Record<string, unknown>; body?: unknown }): Promise<{ status: number }> };
  check(name: string, body: () => Promise<string | void>): Promise<void>;
  assert(condition: unknown, message: string): asserts condition;
  call(person: Person, action: string, body?: unknown): Promise<Answer>;
  cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  people: { rep: Person; headHN: Person; hq: Person };
  repLogin: { account: string; password: string };
  screenshots: string[];
}

/** A result between the rep's Base (111,851.84) and his Stretch: the accelerator shows in the curve. */
const EXPECTED = 120000;
const fen = (yuan: unknown): number => Math.round(Number(yuan) * 100);

export async function bonusChecks(deps: BonusCheckDeps): Promise<void> {
  const assert: BonusCheckDeps['assert'] = deps.assert;
  const bonusOf = async (person: Person, body: Record<string, string> = {}): Promise<Bonus> => {
    const got = await deps.call(person, 'targetKit:bonus', body).catch(() => deps.call(person, 'targetKit:bonus', body));
    assert(got.status === 200, `${person.role} bonus answered ${got.status} ${JSON.stringify(got.body).slice(0, 300)}`);
    return got.body.data as Bonus;
  };
  const evalBonus = async (result: number, base: number, stretch: number): Promise<number> => {
    const out = await deps.cli(['eval', '--bundle', deps.templates, '--rule', 'bonus-total', '--data', JSON.stringify({ result, base, stretch })]);
    assert(out.code === 0, `eval exited ${out.code}: ${out.stderr}`);
    return fen(JSON.parse(out.stdout));
  };

  await deps.check('bonus: a rep gets his own bonus, 华南\'s head his region\'s reps, HQ all; the figures are target-kit track\'s and eval\'s; another\'s is refused (403)', async () => {
    const mine = await bonusOf(deps.people.rep);
    assert(mine.reach === 'own' && mine.reps.length === 1 && mine.reps[0]?.id === 'HD01-01', `the rep: ${mine.reach} ${mine.reps.map((r) => r.id).join(',')}`);
    const hn = await bonusOf(deps.people.headHN);
    assert(hn.reps.length > 50 && hn.reps.every((r) => r.id.startsWith('HN')), `华南's head: ${hn.reps.length} reps, e.g. ${hn.reps.find((r) => !r.id.startsWith('HN'))?.id}`);
    const all = await bonusOf(deps.people.hq);
    assert(all.reps.length === 480, `HQ: ${all.reps.length} reps`);
    const rep = mine.reps[0]!;
    const dir = join(deps.templates, 'data/sample-actuals');
    const out = await deps.cli(['track', '--bundle', deps.templates, '--targets', join(dir, 'targets.csv'), '--actuals', join(dir, 'actuals.csv'), '--period', mine.period, '--as-of', mine.asOf, '--out', 'json']);
    assert(out.code === 0, `track exited ${out.code}: ${out.stderr}`);
    const tracked = (JSON.parse(out.stdout) as Array<Record<string, unknown>>).find((r) => r.id === rep.id);
    assert(tracked && fen(tracked.base) === fen(rep.base) && fen(tracked.stretch) === fen(rep.stretch) && fen(tracked.actual) === fen(rep.actual), `${rep.id}: NocoBase ${rep.base}/${rep.stretch}/${rep.actual}, track ${String(tracked?.base)}/${String(tracked?.stretch)}/${String(tracked?.actual)}`);
    const [b, s] = [Number(rep.base), Number(rep.stretch)];
    for (const [what, result, shown] of [['actual', Number(rep.actual), rep.atActual], ['Base', b, rep.atBase], ['Stretch', s, rep.atStretch]] as const) {
      const want = await evalBonus(result, b, s);
      assert(fen(shown) === want, `${rep.id} at ${what}: NocoBase ${shown}, eval ${want / 100}`);
    }
    const expectedResult = Math.round(s * 1.2);
    const asked = await bonusOf(deps.people.rep, { unit: rep.id, result: String(expectedResult) });
    const expected = asked.reps[0]?.expected;
    const want = await evalBonus(expectedResult, b, s);
    assert(expected && fen(expected.bonus) === want, `expected ${expectedResult}: NocoBase ${String(expected?.bonus)}, eval ${want / 100}`);
    const other = await deps.call(deps.people.rep, 'targetKit:bonus', { unit: 'HN01-01', result: '1000' });
    assert(other.status === 403 && other.body.errors?.[0]?.code === 'BOARD_OUT_OF_SCOPE', `the rep asking for HN01-01: ${other.status} ${JSON.stringify(other.body).slice(0, 200)}`);
    return `${rep.id} ${mine.period} as of ${mine.asOf}: Base ${rep.base}, Stretch ${rep.stretch}, actual ${rep.actual} → ${rep.atActual} (Base ${rep.atBase}, Stretch ${rep.atStretch}); at ${expectedResult}: ${String(expected.bonus)}; 华南 ${hn.reps.length} reps, HQ ${all.reps.length}; HN01-01 for the rep: 403`;
  });

  await deps.check('in Chromium the rep opens 奖金模拟测算, types an expected result and sees its bonus and curve', async () => {
    const routes = await deps.client.data<Array<{ id: number; schemaUid?: string; parentId?: number | null }>>('desktopRoutes:list', { query: { paginate: false } });
    const pageRoute = routes.find((r) => r.schemaUid === 'tk_bonus_simulator_page');
    assert(pageRoute, 'no route for the bonus page');
    // the menu is NocoBase's UI, not a scope: the rep's role is given the page as role settings would
    const granted = routes.filter((r) => r.id === pageRoute.id || r.id === pageRoute.parentId || r.parentId === pageRoute.id).map((r) => r.id);
    await deps.client.call(`roles/${deps.people.rep.role}/desktopRoutes:add`, { body: granted });
    for (const dir of deps.screenshots) mkdirSync(dir, { recursive: true });
    // the block itself: NocoBase scrolls its page inside a container, which a full-page shot cuts
    const shoot = async (page: import('playwright-core').Page, name: string) => screenshotInto(page.locator('[data-testid="tk-bonus"]'), deps.screenshots, name);;
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    const errors: string[] = [];
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1100 }, locale: 'zh-CN' });
      page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
      await signInTo(page, deps.url, { account: deps.repLogin.account, password: deps.repLogin.password }, '/admin/tk_bonus_simulator_page');
      await page.locator('[data-testid="tk-bonus"]:not([data-tk-status="loading"])').waitFor({ timeout: 90_000 });
      const status = await page.locator('[data-testid="tk-bonus"]').getAttribute('data-tk-status');
      assert(status === 'ok', `the block says ${status}: ${await page.locator('[data-testid="tk-bonus"]').innerText().catch(() => '')}`);
      const atActual = await page.locator('[data-testid="tk-bonus-at-actual"]').innerText();
      await page.locator('[data-testid="tk-bonus-result"] input, input[data-testid="tk-bonus-result"]').first().fill(String(EXPECTED));
      await page.locator('[data-testid="tk-bonus-simulate"]').click();
      const expected = page.locator('[data-testid="tk-bonus-expected"]');
      await expected.waitFor({ timeout: 60_000 });
      await page.locator('[data-testid="tk-bonus-curve"] svg').first().waitFor({ timeout: 30_000 });
      const bonus = await expected.getAttribute('data-bonus');
      const mine = (await bonusOf(deps.people.rep, { unit: 'HD01-01', result: String(EXPECTED) })).reps[0]?.expected?.bonus;
      assert(bonus === mine, `the page shows ${String(bonus)} for ${EXPECTED}, the server ${String(mine)}`);
      await shoot(page, 'nocobase-bonus-rep.png');
      if (errors.length) throw new Error(errors.join('\n'));
      return `the rep's bonus at his actual ${atActual}; at ${EXPECTED}: ${String(bonus)}; screenshot nocobase-bonus-rep.png`;
    } finally {
      await browser.close();
    }
  });
}
