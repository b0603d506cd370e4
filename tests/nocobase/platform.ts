/**
 * NocoBase as the place people live in (issue 15): the UI's languages (Chinese for a new user,
 * English for one who chose it, in our blocks too), each role's menu holding its pages since
 * the import, our blocks in NocoBase's "Add block" menu, the alerts' schedule written for the
 * host's zone, an alert's message opening the board at its unit, and the screenshot tour of
 * the imported pages as the people who use them see them (small PNGs; with
 * TK_NOCOBASE_TOUR=docs they replace the README's, in docs/nocobase/).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { signInTo } from './sign-in.js';
import type { NocoBaseClient } from '../../hosts/nocobase/importer/rest.js';
import { hostCron } from '../../hosts/nocobase/importer/schedule-cron.js';
import { BOARD_PAGE_UID } from '../../hosts/nocobase/contract.js';

type Assert = (condition: unknown, message: string) => asserts condition;
interface Person { id: number; token: string; role: string }
type Call = (person: Person, action: string, body?: unknown) => Promise<{ status: number; body: { data?: unknown; errors?: Array<{ code?: string; message?: string }> } }>;

interface PlatformDeps {
  url: string;
  root: string;
  client: NocoBaseClient;
  check: (name: string, body: () => Promise<string | void>) => Promise<void>;
  assert: Assert;
  makePerson: (username: string, roles: string[], unit: string) => Promise<Person>;
  personCall: Call;
  /** The schedule the bundle gives the alerts (Shanghai time). */
  schedule: { time: string; days: number[] } | undefined;
}

const CHROMIUM = '/usr/bin/chromium';
const PASSWORD = 'tk-test-123';
/** A tour picture stays small in the repository. */
const MAX_TOUR_BYTES = 200 * 1024;

async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error('Chromium is missing: apt-get install -y chromium fonts-wqy-microhei');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
}

/** A fresh browser context signed in as `account`: no language remembered from another user. */
async function signedInPage(browser: Browser, url: string, account: string, password = PASSWORD, errors?: string[], chosenLanguage?: string, path = '/admin'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  // NocoBase 2.2.15's language switcher writes the user's appLang and keeps the choice in the
  // browser's storage (NOCOBASE_LOCALE), which the client sends with every request: on this browser he chose it
  if (chosenLanguage) {
    await context.addInitScript((lang: string) => {
      (globalThis as unknown as { localStorage: { setItem(key: string, value: string): void } }).localStorage.setItem('NOCOBASE_LOCALE', lang);
    }, chosenLanguage);
  }
  const page = await context.newPage();
  if (errors) page.on('pageerror', (e) => errors.push(`${account}: ${e.message}`));
  await signInTo(page, url, { account, password }, path);
  return page;
}

/**
 * A PNG made smaller in the browser itself (no image tool on the machine): drawn on a canvas
 * at `width` pixels wide, written as PNG; narrower again while it is over the size limit.
 */
async function shrinkPng(browser: Browser, png: Buffer, width: number): Promise<Buffer> {
  const page = await browser.newPage();
  try {
    let w = width;
    for (;;) {
      const data = await page.evaluate(async ({ src, target }) => {
        // the browser's own Image and canvas, typed here by hand: this file compiles without the DOM's types
        interface Img { src: string; naturalWidth: number; naturalHeight: number; decode(): Promise<void> }
        interface Canvas { width: number; height: number; getContext(kind: '2d'): { imageSmoothingQuality: string; drawImage(img: Img, x: number, y: number, w: number, h: number): void } | null; toDataURL(type: string): string }
        const web = globalThis as unknown as { Image: new () => Img; document: { createElement(tag: 'canvas'): Canvas } };
        const img = new web.Image();
        img.src = src;
        await img.decode();
        const scale = Math.min(1, target / img.naturalWidth);
        const canvas = web.document.createElement('canvas');
        canvas.width = Math.round(img.naturalWidth * scale);
        canvas.height = Math.round(img.naturalHeight * scale);
        const g = canvas.getContext('2d');
        if (!g) throw new Error('no 2d canvas');
        g.imageSmoothingQuality = 'high';
        g.drawImage(img, 0, 0, canvas.width, canvas.height);
        return canvas.toDataURL('image/png').slice('data:image/png;base64,'.length);
      }, { src: `data:image/png;base64,${png.toString('base64')}`, target: w });
      const out = Buffer.from(data, 'base64');
      if (out.length <= MAX_TOUR_BYTES || w < 500) return out;
      w = Math.round(w * 0.85);
    }
  } finally {
    await page.close();
  }
}

/** A rep's menu, one entry per subject: the block pages, not the template pages folded into them. */
const REP_MENU = ['目标进度看板', '目标申报', '目标承诺书', '绩效评分', '积分兑换', '商机跟进看板', '过程指标与信号灯'];
const NOT_IN_REP_MENU = ['目标拆解模拟器', '目标拆解与发布', '目标看板', '商机看板', '过程指标看板'];

/** The visible text of the page's menus (NocoBase's header and side menus). */
async function menuText(page: Page): Promise<string> {
  return (await page.locator('.ant-menu').allInnerTexts()).join('\n');
}

export async function platformChecks(d: PlatformDeps): Promise<void> {
  const { url, client, check } = d;
  const assert: Assert = d.assert;
  const shots = join(d.root, 'test-artifacts/screenshots');
  mkdirSync(shots, { recursive: true });
  const rep = await d.makePerson('tk_menu_rep', ['tk_rep'], 'HD01-01');
  const director = await d.makePerson('tk_menu_director', ['tk_sales_director'], 'YQ');
  const english = await d.makePerson('tk_en_rep', ['tk_rep'], 'HD01-01');

  await check('platform: Chinese is the UI language of a new user (zh-CN first), English for a user who chose it', async () => {
    const settings = await client.data<{ appLang?: string; enabledLanguages?: string[] }>('systemSettings:get');
    assert(settings.enabledLanguages?.[0] === 'zh-CN' && settings.enabledLanguages.includes('en-US') && settings.appLang === 'zh-CN', `system settings: ${JSON.stringify(settings)}`);
    const chose = await d.personCall(english, 'users:updateLang', { appLang: 'en-US' });
    assert(chose.status === 200, `the English user's language: ${chose.status}`);
    // app:getLang does not read the session (a public action): it answers the default a user
    // without a language of his own gets; the user's own choice is his appLang (Chromium below shows both)
    const anonymous = ((await (await fetch(`${url}/api/app:getLang`)).json()) as { data?: { lang?: string } }).data?.lang;
    const appLangOf = async (p: Person): Promise<unknown> => ((await d.personCall(p, 'auth:check')).body.data as { appLang?: string | null } | undefined)?.appLang ?? null;
    const [zhOwn, en] = [await appLangOf(rep), await appLangOf(english)];
    const zh = anonymous;
    assert(anonymous === 'zh-CN' && zhOwn === null && en === 'en-US', `app:getLang ${String(anonymous)}; appLang: a new rep ${String(zhOwn)}, the English user ${String(en)}`);
    return `enabled ${(settings.enabledLanguages ?? []).join(', ')}; a new rep (no language of his own) gets ${String(zh)}, the English user ${String(en)}`;
  });

  await check('platform: each role\'s menu holds its pages since the import, one entry per subject — a rep his board, filing, letter, scores, points, pipeline and indicators, not the simulator nor the template pages folded into the blocks\' (目标看板, 商机看板, 过程指标看板); the director the simulator (目标拆解与发布)', async () => {
    const titles = async (p: Person): Promise<string[]> => {
      const answer = await d.personCall(p, 'desktopRoutes:listAccessible?tree=true');
      assert(answer.status === 200, `${p.role}: listAccessible ${answer.status}`);
      const out: string[] = [];
      const walk = (routes: Array<{ title?: string; type?: string; children?: unknown[] }>): void => {
        for (const r of routes) { if (r.type === 'page' && r.title) out.push(r.title); walk((r.children ?? []) as typeof routes); }
      };
      walk((answer.body.data ?? []) as Array<{ title?: string; children?: unknown[] }>);
      return out;
    };
    const repPages = await titles(rep);
    for (const want of REP_MENU) assert(repPages.filter((t) => t === want).length === 1, `the rep's menu lacks ${want} or has it twice: ${repPages.join(', ')}`);
    for (const not of NOT_IN_REP_MENU) assert(!repPages.includes(not), `the rep's menu has ${not}: ${repPages.join(', ')}`);
    const directorPages = await titles(director);
    assert(directorPages.includes('目标拆解与发布') && !directorPages.includes('目标拆解模拟器'), `the director's menu: ${directorPages.join(', ')}`);
    // and in Chromium: what each of them finds in the side menu of the board page
    const browser = await launch();
    const errors: string[] = [];
    try {
      const repPage = await signedInPage(browser, url, 'tk_menu_rep', PASSWORD, errors, undefined, `/admin/${BOARD_PAGE_UID}`);
      await repPage.locator('.ant-menu').getByText('目标申报').first().waitFor({ timeout: 90_000 });
      const repMenu = await menuText(repPage);
      // no title of the one list is a part of one in the other (目标看板 is not in 目标进度看板)
      assert(REP_MENU.every((t) => repMenu.includes(t)) && !NOT_IN_REP_MENU.some((t) => repMenu.includes(t)), `the rep's menu in Chromium: ${repMenu.replace(/\n/g, ' | ')}`);
      // the tour's menu picture: the board's page as the rep sees it, the board drawn above the entry form
      await repPage.locator('[data-testid="tk-board"] .ant-table-row').first().waitFor({ timeout: 90_000 });
      await repPage.screenshot({ path: join(shots, 'nocobase-menu-rep.png') });
      const dirPage = await signedInPage(browser, url, 'tk_menu_director', PASSWORD, errors, undefined, `/admin/${BOARD_PAGE_UID}`);
      await dirPage.locator('.ant-menu').getByText('目标拆解与发布').first().waitFor({ timeout: 90_000 });
      await dirPage.screenshot({ path: join(shots, 'nocobase-menu-director.png') });
      assert(!errors.length, errors.join('\n'));
    } finally {
      await browser.close();
    }
    return `REST and Chromium: the rep ${repPages.length} pages (${repPages.join(', ')}), the director ${directorPages.length} with the simulator; no grant by hand; screenshots nocobase-menu-*.png`;
  });

  await check('platform: in Chromium our blocks speak the user\'s language — a new rep reads the board in Chinese, the English user in English', async () => {
    const browser = await launch();
    const errors: string[] = [];
    try {
      const seen: string[] = [];
      for (const [account, words, other] of [['tk_menu_rep', '完成率', 'Completion'], ['tk_en_rep', 'Completion', '完成率']] as const) {
        const page = await signedInPage(browser, url, account, PASSWORD, errors, account === 'tk_en_rep' ? 'en-US' : undefined, `/admin/${BOARD_PAGE_UID}`);
        const board = page.locator('[data-testid="tk-board"]');
        await board.locator('.ant-table-row').first().waitFor({ timeout: 90_000 });
        const text = await board.innerText();
        assert(text.includes(words) && !text.includes(other), `${account}'s board: ${text.slice(0, 200)}`);
        await page.screenshot({ path: join(shots, `nocobase-lang-${account}.png`) });
        seen.push(`${account}: “${words}”`);
      }
      assert(!errors.length, errors.join('\n'));
      return `${seen.join('; ')}; screenshots nocobase-lang-*.png`;
    } finally {
      await browser.close();
    }
  });

  await check('platform: in Chromium the administrator adds our board to a new page from the Add block menu (group 目标管理) and it renders', async () => {
    // a new empty page, as NocoBase's "add page" makes one: a route and a Page with an empty grid
    const uid = `tk_newpage_${Date.now().toString(36)}`;
    const tabUid = `${uid}_tab`;
    await client.call('uiSchemas:insert', { body: { type: 'void', 'x-component': 'Page', 'x-uid': uid, properties: { [`${uid}_tabs`]: { type: 'void', 'x-component': 'Grid', 'x-initializer': 'page:addBlock', 'x-uid': tabUid, 'x-async': true, properties: {} } } } });
    await client.call('desktopRoutes:create', { body: { type: 'page', title: '新页面（添加区块）', schemaUid: uid, menuSchemaUid: `${uid}_menu`, enableTabs: false, children: [{ type: 'tabs', schemaUid: tabUid, tabSchemaName: `${uid}_tabs`, hidden: true }] } });
    const browser = await launch();
    const errors: string[] = [];
    try {
      const page = await signedInPage(browser, url, 'admin@nocobase.com', 'admin123', errors, undefined, `/admin/${uid}`);
      await page.locator('[data-testid="ui-editor-button"]').first().click({ timeout: 90_000 });
      const add = page.locator('[aria-label="schema-initializer-Grid-page:addBlock"]').first();
      await add.waitFor({ timeout: 60_000 });
      await add.hover();
      const group = page.getByText('目标管理', { exact: true }).first();
      await group.waitFor({ timeout: 30_000 }).catch(async () => { await add.click(); await group.waitFor({ timeout: 30_000 }); });
      const items = ['目标进度看板', '目标拆解模拟器', '目标承诺书', '绩效评分与排名', '积分余额与流水'];
      for (const item of items) await page.locator('.ant-dropdown, .ant-popover, [role="menu"]').getByText(item, { exact: true }).first().waitFor({ timeout: 30_000 });
      await page.screenshot({ path: join(shots, 'nocobase-add-block-menu.png') });
      await page.locator('.ant-dropdown, .ant-popover, [role="menu"]').getByText('目标进度看板', { exact: true }).first().click();
      await page.locator('[data-testid="tk-board"] .ant-table-row').first().waitFor({ timeout: 90_000 });
      await page.screenshot({ path: join(shots, 'nocobase-add-block-board.png') });
      const stored = JSON.stringify(await client.data<Record<string, unknown>>(`uiSchemas:getJsonSchema/${tabUid}`));
      assert(stored.includes('"TargetKitBoard"'), `the page's stored schema has no board: ${stored.slice(0, 300)}`);
      assert(!errors.length, errors.join('\n'));
      return `the menu lists ${items.join(', ')}; the board placed on /admin/${uid}, stored and rendered; screenshots nocobase-add-block-*.png`;
    } finally {
      await browser.close();
    }
  });

  await check('platform: the alerts\' schedule is written for the host\'s zone (08:30 Shanghai on working days)', async () => {
    assert(d.schedule, 'the bundle has no notifications schedule');
    const status = await client.data<{ timeZone?: string }>('targetKit:status');
    assert(status.timeZone, `targetKit:status gives no time zone: ${JSON.stringify(status).slice(0, 200)}`);
    const [workflow] = await client.data<Array<{ config?: { repeat?: unknown }; enabled?: boolean }>>('workflows:list', { query: { paginate: false, filter: JSON.stringify({ description: { $includes: 'tk_alerts/schedule' }, current: true }) } });
    const want = hostCron(d.schedule, status.timeZone, new Date().getUTCFullYear());
    assert(workflow?.config?.repeat === want.cron && workflow.enabled, `the schedule: ${JSON.stringify(workflow?.config?.repeat)}, want ${want.cron} for ${status.timeZone}`);
    return `host zone ${status.timeZone}: cron “${want.cron}”${want.exact ? ' (exact)' : ' (both offsets)'}`;
  });

  await check('platform: an alert\'s in-app message links to the board page at its unit, and “查看” opens it there', async () => {
    const [lead] = await client.data<Array<{ id: number }>>('users:list', { query: { filter: JSON.stringify({ username: 'tk_alert_lead_hn01' }) } });
    assert(lead, 'no alert lead (the alerts checks make him)');
    const messages = await client.data<Array<{ title: string; options?: { url?: string } }>>('notificationInAppMessages:list', { query: { paginate: false, filter: JSON.stringify({ userId: lead.id }) } });
    const linked = messages.filter((m) => m.options?.url?.startsWith(`/admin/${BOARD_PAGE_UID}?unit=`));
    assert(linked.length && linked.length === messages.length, `the lead's messages: ${messages.length}, linked to the board ${linked.length}: ${JSON.stringify(messages.map((m) => m.options)).slice(0, 300)}`);
    const browser = await launch();
    const errors: string[] = [];
    try {
      const page = await signedInPage(browser, url, 'tk_alert_lead_hn01', PASSWORD, errors);
      await page.locator('.anticon-bell').first().waitFor({ timeout: 60_000 });
      await page.locator('.anticon-bell').first().click();
      await page.getByText('目标预警').first().click({ timeout: 30_000 });
      const message = page.getByText(/韩琪华/).first();
      await message.waitFor({ timeout: 30_000 });
      await page.screenshot({ path: join(shots, 'nocobase-tour-messages.png') });
      await page.getByRole('button', { name: /查\s*看|View/ }).first().click();
      await page.waitForURL(new RegExp(`${BOARD_PAGE_UID}\\?unit=`), { timeout: 60_000 });
      await page.locator('[data-testid="tk-board-summary"]').waitFor({ timeout: 90_000 });
      const summary = await page.locator('[data-testid="tk-board"]').innerText();
      assert(/韩琪华|HN01/.test(summary), `the board opened at: ${summary.slice(0, 200)}`);
      assert(!errors.length, errors.join('\n'));
      return `${linked.length} messages link to the board; 查看 opened ${page.url().replace(url, '')}`;
    } finally {
      await browser.close();
    }
  });

  await check('platform: the screenshot tour — each imported page as the person who uses it (zh), small PNGs', async () => {
    const tour = join(d.root, 'test-artifacts/tour');
    mkdirSync(tour, { recursive: true });
    // the director types the company total and picks the aggressive plan, as he would
    const allocate = async (page: Page): Promise<void> => {
      const total = page.locator('[data-testid="tk-sim-total"] input, input[data-testid="tk-sim-total"]').first();
      await total.waitFor({ timeout: 90_000 });
      await total.fill('150000000');
      await total.press('Tab');
      await page.locator('[data-testid="tk-sim-choose-aggressive"]').click({ timeout: 60_000 });
    };
    const stops: Array<{ file: string; account: string; path: string; ready: string; act?: (page: Page) => Promise<void> }> = [
      { file: 'simulator-director.png', account: 'tk_menu_director', path: 'tk_simulator_page', ready: '[data-testid="tk-sim-units"] .ant-table-row', act: allocate },
      { file: 'board-south-head.png', account: 'tk_head_hn', path: BOARD_PAGE_UID, ready: '[data-testid="tk-board-heat"] svg' },
      { file: 'letter-rep.png', account: 'tk_rep_hd0101', path: 'tk_commitment_letter_page', ready: '[data-testid="tk-letter"] [data-testid="tk-letter-hash"]' },
      { file: 'scores-rep.png', account: 'tk_rep_hd0101', path: 'tk_scorecard_page', ready: '[data-testid="tk-scores"][data-tk-status="ok"]' },
      { file: 'points-rep.png', account: 'tk_rep_hd0101', path: 'tk_points_page', ready: '[data-testid="tk-points"][data-tk-status="ok"]' },
    ];
    const browser = await launch();
    const made: string[] = [];
    const missed: string[] = [];
    try {
      for (const stop of stops) {
        const page = await signedInPage(browser, url, stop.account, PASSWORD, undefined, undefined, `/admin/${stop.path}`);
        try {
          if (stop.act) await stop.act(page);
          await page.locator(stop.ready).first().waitFor({ timeout: 90_000 });
          const png = await page.screenshot({ fullPage: false });
          writeFileSync(join(tour, stop.file), await shrinkPng(browser, png, 1100));
          made.push(stop.file);
        } catch (error) {
          missed.push(`${stop.file}: ${(error as Error).message.split('\n')[0]}`);
        } finally {
          await page.context().close();
        }
      }
      // the to-do and the message centre as the appeal and alerts checks (and the link check above) saw them
      // and the rep's menu as the menu check above saw it (one entry per subject)
      for (const [from, to] of [['nocobase-appeal-todo.png', 'appeal-todo-hq.png'], ['nocobase-tour-messages.png', 'messages-team-lead.png'], ['nocobase-menu-rep.png', 'menu-rep.png']] as const) {
        const source = join(shots, from);
        if (!existsSync(source)) { missed.push(`${to}: no ${from}`); continue; }
        writeFileSync(join(tour, to), await shrinkPng(browser, readFileSync(source), 1100));
        made.push(to);
      }
    } finally {
      await browser.close();
    }
    const big = made.filter((f) => statSync(join(tour, f)).size > MAX_TOUR_BYTES);
    assert(!missed.length && !big.length, `missed: ${missed.join('; ')}; over 200 KB: ${big.join(', ')}`);
    if (process.env.TK_NOCOBASE_TOUR === 'docs') {
      const docs = join(d.root, 'docs/nocobase');
      mkdirSync(docs, { recursive: true });
      for (const f of made) copyFileSync(join(tour, f), join(docs, f));
    }
    return `${made.map((f) => `${f} ${Math.round(statSync(join(tour, f)).size / 1024)} KB`).join(', ')}${process.env.TK_NOCOBASE_TOUR === 'docs' ? '; copied to docs/nocobase' : ''}`;
  });
}
