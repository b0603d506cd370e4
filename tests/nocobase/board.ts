/**
 * The progress board on the running NocoBase (`targetKit:board` and its page): each role sees
 * its scope, cut by the server; the figures are `target-kit track`'s over the bundle's files;
 * an actual changed through REST changes the next answer's light; a unit outside one's scope
 * is refused by id; and 华南's head opens the page in Chromium.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { signInTo } from './sign-in.js';
import { screenshotInto } from './shots.js';

interface Person { id: number; token: string; role: string }
type Call = (action: string, body?: unknown) => Promise<{ status: number; body: { data?: unknown; errors?: Array<{ code?: string; message?: string }> } }>;

interface BoardWeek { week: string; through: string; partial: boolean; actual: string; expected: string; completion: string; light: string }
interface BoardUnit { id: string; parentId: string | null; name: string; base: string | null; actual: string; gapBase: string | null; light: string; lightStretch: string; pace: string | null; children: string[]; completionBase: string; weeks: BoardWeek[] }
interface Board { period: string; asOf: string; root: string; reach: string; bookedIn: string; weeks: string[]; units: BoardUnit[] }

interface BoardCheckHost {
  url: string;
  root: string;
  templates: string;
  client: { data<T>(action: string, options?: { query?: Record<string, unknown>; body?: unknown }): Promise<T>; call(action: string, options?: { query?: Record<string, unknown>; body?: unknown; accept?: number[] }): Promise<{ status: number }> };
  check(name: string, body: () => Promise<string | void>): Promise<void>;
  assert(condition: unknown, message: string): asserts condition;
  as(person: Person): Call;
  cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  people: { headHN: Person; headHD: Person; rep: Person; member: Person; hq: Person };
}

const PAGE = 'tk_progress_board_view_page';

export async function boardChecks(h: BoardCheckHost): Promise<void> {
  const { check } = h;
  const assert: (condition: unknown, message: string) => asserts condition = h.assert;
  const boardOf = async (person: Person, query = ''): Promise<Board> => {
    // a kept-alive socket the server closed while the CLI ran fails once ("fetch failed"): ask again
    const got = await h.as(person)(`targetKit:board${query}`).catch(() => h.as(person)(`targetKit:board${query}`));
    assert(got.status === 200, `${person.role} board answered ${got.status} ${JSON.stringify(got.body).slice(0, 300)}`);
    return got.body.data as Board;
  };

  await check('board: 华南\'s head gets only 华南\'s units, a rep only his own, HQ all (cut by the server)', async () => {
    const hn = await boardOf(h.people.headHN);
    const all = await boardOf(h.people.hq);
    const rep = await boardOf(h.people.rep);
    const inHN = all.units.filter((u) => u.id === 'HN' || u.id.startsWith('HN')).length;
    assert(hn.root === 'HN' && hn.units.length === inHN && hn.units.every((u) => u.id.startsWith('HN')), `华南's head: root ${hn.root}, ${hn.units.length} units (want ${inHN}), e.g. ${hn.units.find((u) => !u.id.startsWith('HN'))?.id}`);
    assert(all.reach === 'all' && all.units.length === 547 && all.units[0]?.id === 'YQ', `HQ: ${all.reach}, ${all.units.length} units`);
    // NocoBase on PostgreSQL: the actuals were booked in the database (board-sql.ts), not read back
    assert(all.bookedIn === 'database' && hn.bookedIn === 'database', `booked in: HQ ${all.bookedIn}, 华南 ${hn.bookedIn}`);
    assert(rep.units.length === 1 && rep.units[0]?.id === 'HD01-01' && rep.units[0].children.length === 0, `the rep: ${rep.units.map((u) => u.id).join(',')}`);
    assert(hn.weeks.length > 0 && hn.units[0]?.children.length, `华南: ${hn.weeks.length} weeks, ${hn.units[0]?.children.length} children`);
    return `华南's head ${hn.units.length} units under HN (${hn.period}, as of ${hn.asOf}); the rep 1; HQ ${all.units.length}; actuals booked in the ${all.bookedIn}`;
  });

  await check('board: the figures of three units equal `target-kit track` over the bundle\'s files (same period and as-of day)', async () => {
    const board = await boardOf(h.people.hq);
    const dir = join(h.templates, 'data/sample-actuals');
    const out = await h.cli(['track', '--bundle', h.templates, '--targets', join(dir, 'targets.csv'), '--actuals', join(dir, 'actuals.csv'), '--period', board.period, '--as-of', board.asOf, '--basis', 'to-date', '--out', 'json']);
    assert(out.code === 0, `track exited ${out.code}: ${out.stderr}`);
    const cli = new Map((JSON.parse(out.stdout) as Array<Record<string, unknown>>).map((r) => [String(r.id), r]));
    const money = (v: unknown): string => (typeof v === 'number' ? v.toFixed(2) : String(v));
    const shown: string[] = [];
    for (const id of ['HN', 'HN01', 'HN01-01']) {
      const u = board.units.find((x) => x.id === id);
      const c = cli.get(id);
      assert(u && c, `${id} missing (board ${Boolean(u)}, track ${Boolean(c)})`);
      const mine = [u.base, u.actual, u.gapBase, u.light, u.lightStretch, u.pace ?? ''];
      const theirs = [money(c.base), money(c.actual), money(c.gap_base), c.light, c.light_stretch, c.pace];
      assert(JSON.stringify(mine) === JSON.stringify(theirs), `${id}: board ${JSON.stringify(mine)}, track ${JSON.stringify(theirs)}`);
      shown.push(`${id} ${u.actual}/${u.base} ${u.completionBase} ${u.light}`);
    }
    return `${board.period} as of ${board.asOf}: ${shown.join('; ')}`;
  });

  await check('board: a heat-map cell is the period to date through its week — equal to `target-kit track --basis to-date --as-of <the week\'s end>`; the last column is the table\'s light', async () => {
    const board = await boardOf(h.people.headHN);
    const team = board.units.find((u) => u.id === 'HN01');
    assert(team && team.weeks.length > 4, `HN01's weeks: ${team?.weeks.length}`);
    const last = team.weeks.at(-1)!;
    assert(last.through === board.asOf && last.light === team.light && last.completion === team.completionBase && last.actual === team.actual, `HN01's last column ${JSON.stringify(last)} vs the table ${team.light} ${team.completionBase} ${team.actual}`);
    const cell = team.weeks[Math.floor(team.weeks.length / 2)]!;
    const dir = join(h.templates, 'data/sample-actuals');
    const out = await h.cli(['track', '--bundle', h.templates, '--targets', join(dir, 'targets.csv'), '--actuals', join(dir, 'actuals.csv'), '--period', board.period, '--as-of', cell.through, '--basis', 'to-date', '--out', 'json']);
    assert(out.code === 0, `track exited ${out.code}: ${out.stderr}`);
    const cli = (JSON.parse(out.stdout) as Array<Record<string, unknown>>).find((r) => r.id === 'HN01');
    const money = (v: unknown): string => (typeof v === 'number' ? v.toFixed(2) : String(v));
    assert(cli && money(cli.actual) === cell.actual && cli.light === cell.light, `HN01 ${cell.week} through ${cell.through}: board ${cell.actual} ${cell.light}, track ${money(cli?.actual)} ${String(cli?.light)}`);
    return `HN01 ${cell.week} (through ${cell.through}): ${cell.actual} of ${cell.expected} due, ${cell.completion} ${cell.light} = track; last column ${last.week} ${last.completion} ${last.light} = the table`;
  });

  await check('board: one 华南 actual changed through REST (as root) changes that unit\'s light in the next answer', async () => {
    const before = await boardOf(h.people.headHN);
    const rep = before.units.find((u) => u.children.length === 0 && u.light === 'red' && u.base !== null);
    assert(rep, 'no red 华南 rep to lift');
    const rows = await h.client.data<Array<{ id: number; amount: string; date: string }>>('tk_data_sample_actuals:list', { query: { filter: JSON.stringify({ tk_unit: rep.id }), sort: '-date', pageSize: 1 } });
    const row = rows[0];
    assert(row, `no actual row of ${rep.id}`);
    // the Base again on one row: the period's actual passes any green boundary
    const fen = (text: string): bigint => { const [whole = '0', part = ''] = text.split('.'); return BigInt(whole) * 100n + BigInt(`${part}00`.slice(0, 2)); };
    const original = String(row.amount);
    const lifted = fen(rep.base as string) + fen(original);
    const amount = `${lifted / 100n}.${String(lifted % 100n).padStart(2, '0')}`;
    try {
      const updated = await h.client.call('tk_data_sample_actuals:update', { query: { filterByTk: row.id }, body: { amount } });
      assert(updated.status === 200, `update answered ${updated.status}`);
      const after = await boardOf(h.people.headHN, `?unit=${encodeURIComponent(rep.id)}`);
      const now = after.units.find((u) => u.id === rep.id);
      assert(now && now.light === 'green' && now.actual !== rep.actual, `${rep.id}: ${rep.light} ${rep.actual} → ${now?.light} ${now?.actual}`);
      return `${rep.id} (${rep.name}) row ${row.date} ${original} → ${amount}: ${rep.light} ${rep.completionBase} → ${now.light} ${now.completionBase}`;
    } finally {
      await h.client.call('tk_data_sample_actuals:update', { query: { filterByTk: row.id }, body: { amount: original } });
    }
  });

  await check('board: a member of 华东 and 华东\'s head cannot read 华南 by passing its unit id (403)', async () => {
    const out: string[] = [];
    for (const [who, person] of [['a member of 华东', h.people.member], ['华东\'s head', h.people.headHD], ['a rep of 华东', h.people.rep]] as const) {
      for (const unit of ['HN', 'HN01-01']) {
        const got = await h.as(person)(`targetKit:board?unit=${unit}`);
        assert(got.status === 403 && got.body.errors?.[0]?.code === 'BOARD_OUT_OF_SCOPE', `${who} asking for ${unit}: ${got.status} ${JSON.stringify(got.body).slice(0, 200)}`);
      }
      out.push(`${who} 403`);
    }
    const own = await h.as(h.people.headHN)('targetKit:board?unit=HN01');
    assert(own.status === 200, `华南's head drilling into HN01: ${own.status}`);
    return `${out.join(', ')}; 华南's head drills into HN01`;
  });

  await check('in Chromium 华南\'s head opens the board page: its table lists 华南\'s teams only', async () => {
    const shots = [join(h.root, 'test-artifacts/screenshots'), '/tmp/shots-nbboard'];
    for (const d of shots) mkdirSync(d, { recursive: true });
    assert(existsSync('/usr/bin/chromium'), 'Chromium is missing');
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    const errors: string[] = [];
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1300 }, locale: 'zh-CN' });
      page.on('pageerror', (e) => errors.push(e.message));
      await signInTo(page, h.url, { account: 'tk_head_hn', password: 'tk-test-123' }, `/admin/${PAGE}`);
      const rows = page.locator('[data-testid="tk-board-table"] .ant-table-row');
      await rows.first().waitFor({ timeout: 90_000 });
      await page.locator('[data-testid="tk-board-heat"] svg').first().waitFor({ timeout: 30_000 });
      const text = await page.locator('[data-testid="tk-board-table"]').innerText();
      assert(text.includes('广州一组') && !text.includes('上海一组'), `the table: ${text.slice(0, 200)}`);
      const count = await rows.count();
      await screenshotInto(page, shots, 'nocobase-board-hn.png', { fullPage: true });
      // drill into the first team: its reps
      await page.locator('[data-testid="tk-board-open-HN01"]').click();
      await page.locator('[data-testid="tk-board-light-HN01-01"]').waitFor({ timeout: 60_000 });
      await screenshotInto(page, shots, 'nocobase-board-hn01.png', { fullPage: true });
      assert(!errors.length, errors.join('\n'));
      return `${count} rows under 华南; drilled into HN01; screenshots nocobase-board-hn*.png`;
    } finally {
      await browser.close();
    }
  });
}
