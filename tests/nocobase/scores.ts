/**
 * Scores, rankings and points on the running NocoBase: `targetKit:scores` ranks as
 * `target-kit score --targets --actuals` does over the bundle's own files, each viewer gets his
 * scope (a rep his own card, 华南's head his region), a points entry written through REST moves
 * the balance and the month's top, and 华南's head opens the scorecard page in Chromium.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { signInTo } from './sign-in.js';
import type { CliResult } from '../support/run-cli.js';
import type { NocoBaseClient } from '../../hosts/nocobase/importer/rest.js';

interface Person { id: number; token: string; role: string }
type Call = (person: Person, action: string, body?: unknown) => Promise<{ status: number; body: { data?: unknown; errors?: Array<{ code?: string; message?: string }> } }>;

interface ScoreCheckHost {
  url: string;
  client: NocoBaseClient;
  people: { rep: Person; headHN: Person; member: Person };
  /** The users' sign-in names and password, for the browser. */
  headHNLogin: { account: string; password: string };
  call: Call;
  cli(args: string[]): Promise<CliResult>;
  check(name: string, body: () => Promise<string | void>): Promise<void>;
  assert(condition: unknown, message: string): asserts condition;
  root: string;
}

interface RankIn { unit: string; rank: number; of: number }
interface Scored { id: string; score: number; ranks: { company: RankIn; region: RankIn | null; team: RankIn | null }; dimensions: Array<{ dimension: string; weight: number; points: number }> }
interface ScoresAnswer { period: string; asOf: string; scope: { kind: string; unit?: string }; people: Scored[] }
interface PointsAnswer { month: string; top: Array<{ person: string; points: number; place: number }>; balances: Array<{ person: string; balance: number }>; entries: Array<{ person: string }>; scope: string }

const PERIOD = '2026-H1';
const CHROMIUM = '/usr/bin/chromium';

export async function scoreChecks(h: ScoreCheckHost): Promise<void> {
  const { check } = h;
  const assert: ScoreCheckHost['assert'] = h.assert;
  const data = join(h.root, 'templates/data/sample-actuals');
  const cliScores = async (within?: string): Promise<Array<{ id: string; rank: number; score: number }>> => {
    const r = await h.cli(['score', '--targets', join(data, 'targets.csv'), '--actuals', join(data, 'actuals.csv'), '--period', PERIOD, ...(within ? ['--within', within] : []), '--out', 'json']);
    if (r.code !== 0) throw new Error(`target-kit score exited ${r.code}: ${r.stderr}`);
    return JSON.parse(r.stdout) as Array<{ id: string; rank: number; score: number }>;
  };
  const scoresAs = async (person: Person, body: Record<string, unknown> = { period: PERIOD }): Promise<{ status: number; answer?: ScoresAnswer; error?: string }> => {
    // one more try when the connection was dropped (a kept-alive socket the busy host closed)
    const got = await h.call(person, 'targetKit:scores', body).catch(async (e: unknown) => {
      if ((e as Error).message !== 'fetch failed') throw e;
      return h.call(person, 'targetKit:scores', body);
    });
    return { status: got.status, ...(got.body.data ? { answer: got.body.data as ScoresAnswer } : {}), ...(got.body.errors ? { error: got.body.errors[0]?.message ?? '' } : {}) };
  };

  await check('scores: 华南\'s first 3 and a rep\'s own ranks are what `target-kit score --targets --actuals` gives over the bundle\'s files', async () => {
    const hn = await scoresAs(h.people.headHN);
    assert(hn.status === 200 && hn.answer, `华南's head: ${hn.status} ${hn.error ?? ''}`);
    const cliHN = await cliScores('HN');
    const top = (rows: Array<{ id: string; rank: number; score: number }>) => [...rows].sort((a, b) => a.rank - b.rank || a.id.localeCompare(b.id)).slice(0, 3).map((r) => `${r.id}#${r.rank}:${r.score}`);
    const server = top(hn.answer.people.map((p) => ({ id: p.id, rank: p.ranks.region?.rank ?? 0, score: p.score })));
    const expected = top(cliHN);
    assert(JSON.stringify(server) === JSON.stringify(expected), `华南's top 3: server ${server.join(' ')} vs CLI ${expected.join(' ')}`);
    assert(hn.answer.people.length === cliHN.length && hn.answer.scope.kind === 'subtree', `华南's head sees ${hn.answer.people.length} reps (${hn.answer.scope.kind}), the CLI ranks ${cliHN.length}`);
    const rep = await scoresAs(h.people.rep);
    assert(rep.status === 200 && rep.answer?.people.length === 1, `the rep: ${rep.status} ${rep.answer?.people.length ?? rep.error}`);
    const mine = rep.answer.people[0]!;
    const [cliHD, cliTeam, cliAll] = [await cliScores('HD'), await cliScores('HD01'), await cliScores()];
    const want = { region: cliHD.find((r) => r.id === mine.id)?.rank, team: cliTeam.find((r) => r.id === mine.id)?.rank, company: cliAll.find((r) => r.id === mine.id)?.rank };
    const got = { region: mine.ranks.region?.rank, team: mine.ranks.team?.rank, company: mine.ranks.company.rank };
    assert(mine.id === 'HD01-01' && JSON.stringify(got) === JSON.stringify(want), `the rep's ranks ${JSON.stringify(got)} vs CLI ${JSON.stringify(want)}`);
    return `华南 top 3 ${server.join(' ')} (${cliHN.length} reps); HD01-01 team ${got.team}/${mine.ranks.team?.of}, region ${got.region}/${mine.ranks.region?.of}, company ${got.company}/${mine.ranks.company.of}, as of ${rep.answer.asOf}`;
  });

  await check('scores: a rep reads only his own breakdown; asking for 华南 gives him nothing; a member of 华东 sees only 华东', async () => {
    const rep = await scoresAs(h.people.rep);
    assert(rep.answer?.scope.kind === 'own' && rep.answer.people.every((p) => p.id === 'HD01-01'), `the rep's scope ${rep.answer?.scope.kind} ${rep.answer?.people.map((p) => p.id).join(',')}`);
    const breakdown = rep.answer.people[0]!.dimensions;
    const weights = breakdown.reduce((s, d) => s + d.weight, 0);
    assert(breakdown.length === 5 && Math.abs(weights - 1) < 1e-9, `the breakdown: ${JSON.stringify(breakdown)}`);
    const other = await scoresAs(h.people.rep, { period: PERIOD, unit: 'HN' });
    assert(other.status === 200 && other.answer?.people.length === 0, `the rep asking for 华南: ${other.status} ${other.answer?.people.length}`);
    const member = await scoresAs(h.people.member);
    const ids = member.answer?.people.map((p) => p.id) ?? [];
    assert(member.status === 200 && ids.length > 0 && ids.every((id) => id.startsWith('HD')), `a member of 华东: ${member.status} ${ids.find((id) => !id.startsWith('HD')) ?? ids.length}`);
    return `the rep: ${breakdown.map((d) => `${d.dimension} ${d.points}`).join(', ')}; for 华南: none; a member of 华东: ${ids.length} 华东 reps`;
  });

  await check('points: an entry added through REST changes the balance and the month\'s top 3', async () => {
    const before = await h.client.data<PointsAnswer>('targetKit:points', { body: {} });
    const person = `积分测试-${Date.now()}`;
    const lead = before.top[0]?.points ?? 0;
    const deals = Math.floor(lead / 50) + 1;
    for (let i = 0; i < deals; i++) {
      await h.client.data('tk_points:create', { body: { person, type: 'deal-signed', date: `${before.month}-20`, key: `${person}-${i}` } });
    }
    const after = await h.client.data<PointsAnswer>('targetKit:points', { body: { month: before.month } });
    const balance = after.balances.find((b) => b.person === person)?.balance;
    assert(balance === deals * 50, `${person}'s balance ${String(balance)}, want ${deals * 50}`);
    assert(after.top[0]?.person === person && after.top[0].points === deals * 50, `the top: ${JSON.stringify(after.top)}`);
    // a rep sees the month's top but only his own balance and entries
    const rep = await h.call(h.people.rep, 'targetKit:points', { month: before.month });
    const mine = rep.body.data as PointsAnswer | undefined;
    assert(rep.status === 200 && mine?.scope === 'own' && mine.top[0]?.person === person && !mine.balances.some((b) => b.person === person), `the rep's points: ${rep.status} ${JSON.stringify(mine).slice(0, 200)}`);
    return `${before.month}: top ${before.top.map((t) => `${t.person} ${t.points}`).join(', ') || 'none'} → ${after.top.map((t) => `${t.person} ${t.points}`).join(', ')}; balance ${balance}; the rep sees the top, not the balance`;
  });

  await check('in Chromium 华南\'s head opens the scorecard page: his region\'s ranking, sortable', async () => {
    const screenshots = join(h.root, 'test-artifacts/screenshots');
    mkdirSync(screenshots, { recursive: true });
    const errors: string[] = [];
    // the scorecard page is in the region heads' menus since the import (its roles' menus): no grant here
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1100 }, locale: 'zh-CN' });
    try {
      page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
      await signInTo(page, h.url, { account: h.headHNLogin.account, password: h.headHNLogin.password }, '/admin/tk_scorecard_page');
      const block = page.locator('[data-testid="tk-scores"]');
      await block.waitFor({ timeout: 60_000 });
      await page.locator('[data-testid="tk-scores"]:not([data-tk-status="loading"])').waitFor({ timeout: 60_000 });
      const status = await block.getAttribute('data-tk-status');
      const count = Number(await block.getAttribute('data-tk-count'));
      const scope = await page.locator('[data-testid="tk-scores-scope"]').innerText().catch(() => '');
      const rows = page.locator('[data-testid="tk-ranking"] .ant-table-row');
      await rows.first().waitFor({ timeout: 30_000 });
      const first = await rows.first().innerText();
      await block.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(screenshots, 'nocobase-scorecard-region-head.png'), fullPage: true });
      // sorted by score, highest first: the first row is the region's best
      // the block speaks the user's NocoBase language (a new user may be on English)
      const scoreHeader = page.locator('[data-testid="tk-ranking"] th').filter({ hasText: /^(综合分|Score)$/ });
      await scoreHeader.click();
      await scoreHeader.click();
      const best = await rows.first().innerText();
      await page.screenshot({ path: join(screenshots, 'nocobase-scorecard-sorted.png'), fullPage: true });
      assert(status === 'ok' && count > 0 && /华南/.test(scope), `the block: ${status}, ${count} reps, scope “${scope}”`);
      assert(first.includes('HN') && best.includes('HN'), `rows outside 华南: “${first.slice(0, 80)}” / “${best.slice(0, 80)}”`);
      if (errors.length) throw new Error(errors.join('\n'));
      return `${count} reps, scope “${scope}”; first row “${first.replace(/\s+/g, ' ').slice(0, 60)}”; by score “${best.replace(/\s+/g, ' ').slice(0, 60)}”; screenshots nocobase-scorecard-*.png`;
    } catch (e) {
      await page.screenshot({ path: join(screenshots, 'nocobase-scorecard-failed.png'), fullPage: true }).catch(() => undefined);
      throw e;
    } finally {
      await browser.close();
    }
  });
}
