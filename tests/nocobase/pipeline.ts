/**
 * The pipeline, process-indicator and phasing blocks on the running NocoBase: each server action
 * answers as the CLI does over the bundle's own files (`target-kit pipeline`, `indicators`,
 * `phase` and `track --phase`), each viewer gets his scope (a rep his own, 华南's head 华南), a
 * move the stage rules refuse is refused with the rule's words and stores nothing, an allowed one
 * is stored and shows; and 华南's head opens the three pages in Chromium (zh), screenshots taken.
 */
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { signInTo } from './sign-in.js';
import { screenshotInto } from './shots.js';
import type { CliResult } from '../support/run-cli.js';
import type { NocoBaseClient } from '../../hosts/nocobase/importer/rest.js';

interface Person { id: number; token: string; role: string }
type Call = (person: Person, action: string, body?: unknown) => Promise<{ status: number; body: { data?: unknown; errors?: Array<{ code?: string; message?: string }> } }>;

interface PipelineCheckHost {
  url: string;
  client: NocoBaseClient;
  people: { rep: Person; headHN: Person; member: Person };
  headHNLogin: { account: string; password: string };
  call: Call;
  cli(args: string[]): Promise<CliResult>;
  check(name: string, body: () => Promise<string | void>): Promise<void>;
  assert(condition: unknown, message: string): asserts condition;
  root: string;
  screenshots: string[];
}

interface Opp { id: string; owner: string; stage: string; amount: number; overdue: Array<{ rule: string }> }
interface PipelineAnswer { now: string; scope: { kind: string }; opportunities: Opp[]; funnel: Array<{ stage: string; reached: number; converted: number | null }> }
interface IndicatorsAnswer { week: string; people: Array<{ personId: string; indicators: Array<{ id: string; value: number | null; light: string | null }> }> }
interface Slot { key: string; base: number; stretch: number; actual: number | null; light: string | null }
interface PhasingAnswer { period: string; asOf: string; units: Array<{ id: string }>; unit: { id: string; slots: Slot[]; toDate: { actual: number } } | null }

const NOW = '2026-05-15T18:00:00+08:00';
const CHROMIUM = '/usr/bin/chromium';

export async function pipelineChecks(h: PipelineCheckHost): Promise<void> {
  const { check } = h;
  const assert: PipelineCheckHost['assert'] = h.assert;
  const data = join(h.root, 'templates/data');
  const cliJson = async <T>(args: string[]): Promise<T> => {
    const r = await h.cli(args);
    if (r.code !== 0) throw new Error(`target-kit ${args[0]} exited ${r.code}: ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  };
  const ask = async <T>(person: Person | 'root', action: string, body: Record<string, unknown>): Promise<{ status: number; data?: T; error: string }> => {
    if (person === 'root') {
      const got = await h.client.data<T>(action, { body });
      return { status: 200, data: got, error: '' };
    }
    const got = await h.call(person, action, body);
    return { status: got.status, ...(got.body.data ? { data: got.body.data as T } : {}), error: got.body.errors?.map((e) => e.message).join('；') ?? '' };
  };
  const opportunitiesCsv = join(data, 'sample-pipeline/opportunities.csv');
  const activitiesCsv = join(data, 'sample-pipeline/activities.csv');

  await check('pipeline: targetKit:pipeline over the stored opportunities gives the funnel and overdue follow-ups of `target-kit pipeline`; a rep sees his own, 华南\'s head 华南\'s', async () => {
    const cli = await cliJson<{ funnel: Array<{ stage: string; reached: number; converted: number | null }>; overdue: Array<{ opportunity_id: string; rule: string }> }>(['pipeline', '--opportunities', opportunitiesCsv, '--activities', activitiesCsv, '--now', NOW]);
    const all = await ask<PipelineAnswer>('root', 'targetKit:pipeline', { now: NOW });
    assert(all.data, 'no answer for root');
    const funnel = (rows: Array<{ stage: string; reached: number; converted: number | null }>) => rows.map((f) => `${f.stage}:${f.reached}/${f.converted ?? '-'}`).join(' ');
    assert(funnel(all.data.funnel) === funnel(cli.funnel), `funnel: server ${funnel(all.data.funnel)} vs CLI ${funnel(cli.funnel)}`);
    const overdue = (pairs: string[]) => [...pairs].sort().join(' ');
    const server = overdue(all.data.opportunities.flatMap((o) => o.overdue.map((x) => `${o.id}/${x.rule}`)));
    const expected = overdue(cli.overdue.map((o) => `${o.opportunity_id}/${o.rule}`));
    assert(server === expected, `overdue: server ${server.slice(0, 200)} vs CLI ${expected.slice(0, 200)}`);
    const rep = await ask<PipelineAnswer>(h.people.rep, 'targetKit:pipeline', { now: NOW });
    const mine = rep.data?.opportunities ?? [];
    assert(rep.status === 200 && mine.length > 0 && mine.every((o) => o.owner === 'HD01-01'), `the rep: ${rep.status} ${rep.error} ${mine.map((o) => o.owner).join(',')}`);
    const hn = await ask<PipelineAnswer>(h.people.headHN, 'targetKit:pipeline', { now: NOW });
    const hnOwners = hn.data?.opportunities.map((o) => o.owner) ?? [];
    assert(hn.status === 200 && hnOwners.length > 0 && hnOwners.every((o) => o.startsWith('HN')), `华南's head: ${hn.status} ${hn.error} ${hnOwners.find((o) => !o.startsWith('HN')) ?? hnOwners.length}`);
    return `funnel ${funnel(cli.funnel)}; ${cli.overdue.length} overdue as the CLI; the rep ${mine.length} of his own, 华南's head ${hnOwners.length} (all HN)`;
  });

  await check('indicators: targetKit:indicators gives the last week of `target-kit indicators --units`; a rep sees only himself, 华南\'s head only 华南', async () => {
    const cli = await cliJson<{ weekly: Array<{ person_id: string; indicator: string; week: string; value: number | null }> }>(['indicators', '--activities', activitiesCsv, '--units', join(data, 'sample-company/units.csv')]);
    const rep = await ask<IndicatorsAnswer>(h.people.rep, 'targetKit:indicators', {});
    assert(rep.status === 200 && rep.data && rep.data.people.length === 1 && rep.data.people[0]!.personId === 'HD01-01', `the rep: ${rep.status} ${rep.error} ${rep.data?.people.map((p) => p.personId).join(',')}`);
    const week = rep.data.week;
    const mine = rep.data.people[0]!.indicators.map((i) => `${i.id}=${i.value}`).sort().join(' ');
    const want = cli.weekly.filter((w) => w.person_id === 'HD01-01' && w.week === week).map((w) => `${w.indicator}=${w.value}`).sort().join(' ');
    assert(mine === want, `HD01-01 in ${week}: server ${mine} vs CLI ${want}`);
    const hn = await ask<IndicatorsAnswer>(h.people.headHN, 'targetKit:indicators', {});
    const ids = hn.data?.people.map((p) => p.personId) ?? [];
    assert(hn.status === 200 && ids.length > 0 && ids.every((id) => id.startsWith('HN')), `华南's head: ${hn.status} ${ids.find((id) => !id.startsWith('HN')) ?? ids.length}`);
    const lights = rep.data.people[0]!.indicators.map((i) => `${i.id}:${i.light ?? '—'}`).join(' ');
    return `${week}: HD01-01 ${mine} (${lights}); 华南's head ${ids.length} people, all HN`;
  });

  await check('phasing: targetKit:phasing splits 华东上海一组\'s 2026-H1 as `target-kit phase` does, April\'s actual and light as `track --phase`; a rep cannot ask for 华南', async () => {
    const got = await ask<PhasingAnswer>('root', 'targetKit:phasing', { unit: 'HD01', by: 'month' });
    const unit = got.data?.unit;
    assert(unit && unit.slots.length === 6, `HD01: ${JSON.stringify(got.data).slice(0, 200)}`);
    const phase = await cliJson<Array<{ id: string; period: string; base: number; stretch: number }>>(['phase', '--targets', join(data, 'sample-actuals/targets.csv'), '--history', join(data, 'sample-company/history.csv'), '--period', '2026-H1', '--by', 'month', '--out', 'json']);
    const server = unit.slots.map((s) => `${s.key}:${s.base}/${s.stretch}`).join(' ');
    const expected = phase.filter((r) => r.id === 'HD01').map((r) => `${r.period}:${Math.round(r.base * 100)}/${Math.round(r.stretch * 100)}`).join(' ');
    assert(server === expected, `HD01 months: server ${server} vs CLI ${expected}`);
    const track = await cliJson<Array<{ id: string; actual: number; light: string }>>(['track', '--targets', join(data, 'sample-actuals/targets.csv'), '--actuals', join(data, 'sample-actuals/actuals.csv'), '--phase', '--history', join(data, 'sample-company/history.csv'), '--period', '2026-04', '--targets-period', '2026-H1', '--as-of', got.data!.asOf, '--out', 'json']);
    const april = unit.slots.find((s) => s.key === '2026-04');
    const cliApril = track.find((r) => r.id === 'HD01');
    assert(april && cliApril && april.actual === Math.round(cliApril.actual * 100) && april.light === cliApril.light, `April: server ${april?.actual} ${april?.light} vs CLI ${cliApril?.actual} ${cliApril?.light}`);
    const rep = await h.call(h.people.rep, 'targetKit:phasing', { unit: 'HN' });
    const own = await ask<PhasingAnswer>(h.people.rep, 'targetKit:phasing', {});
    assert(rep.status === 403 && own.data?.units.length === 1 && own.data.unit?.id === 'HD01-01', `the rep: HN ${rep.status}, own ${own.data?.units.map((u) => u.id).join(',')}`);
    return `HD01 ${server}; April actual ${april.actual / 100} ${april.light} as of ${got.data!.asOf}; the rep: 华南 403, his own unit only`;
  });

  await check('in Chromium 华南\'s head opens the pipeline, indicator and phasing pages (zh): each block shows 华南 only; a move refused on the board shows the rule\'s words', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    const page = await browser.newPage({ viewport: { width: 1500, height: 1100 }, locale: 'zh-CN' });
    const errors: string[] = [];
    const shoot = (name: string) => screenshotInto(page, h.screenshots, name, { fullPage: true });
    try {
      page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
      // the region head reads NocoBase in Chinese: his own language setting (a new user's is NocoBase's default,
      // English), which NocoBase honours once Chinese is among the enabled languages (added last: the default stays)
      const settings = await h.client.data<{ id: number; enabledLanguages?: string[] }>('systemSettings:get', {});
      if (!settings.enabledLanguages?.includes('zh-CN')) {
        await h.client.call('systemSettings:update', { query: { filterByTk: settings.id }, body: { enabledLanguages: [...(settings.enabledLanguages ?? ['en-US']), 'zh-CN'] } });
      }
      const lang = await h.call(h.people.headHN, 'users:updateLang', { appLang: 'zh-CN' });
      assert(lang.status === 200, `users:updateLang: ${lang.status}`);
      await page.addInitScript("localStorage.setItem('NOCOBASE_LOCALE', 'zh-CN')");
      await signInTo(page, h.url, { account: h.headHNLogin.account, password: h.headHNLogin.password }, '/admin/tk_pipeline_view_page');
      const seen: string[] = [];
      for (const [uid, testid, name] of [['tk_pipeline_view_page', 'tk-pipeline', 'pipeline'], ['tk_indicators_view_page', 'tk-indicators', 'indicators'], ['tk_phasing_view_page', 'tk-phasing', 'phasing']] as const) {
        // the sign-in landed on the first page already
        if (new URL(page.url()).pathname !== `/admin/${uid}`) await page.goto(`${h.url}/admin/${uid}`, { waitUntil: 'domcontentloaded' });
        const block = page.locator(`[data-testid="${testid}"]:not([data-tk-status="loading"])`);
        await block.waitFor({ timeout: 90_000 });
        const status = await block.getAttribute('data-tk-status');
        const text = await block.innerText();
        await shoot(`nocobase-${name}-region-head.png`);
        assert(status === 'ok', `${name}: ${status} ${text.slice(0, 200)}`);
        assert(!/HD0\d-\d\d/.test(text), `${name} shows a 华东 rep: ${text.match(/HD0\d-\d\d/)?.[0]}`);
        seen.push(`${name} ${(await block.getAttribute('data-tk-count')) ?? (await block.getAttribute('data-tk-unit')) ?? ''}`);
        if (name !== 'pipeline') continue;
        // a move the rules refuse, asked for on the board: the rule's words, and the card stays
        const card = page.locator('[data-testid="tk-pipeline-stage"][data-tk-stage="lead"] [data-testid="tk-pipeline-card"]').first();
        const id = await card.getAttribute('data-tk-opportunity');
        await card.locator('[data-testid="tk-pipeline-to"]').click();
        await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: /^(成交|Won)$/ }).click();
        await card.locator('[data-testid="tk-pipeline-move"]').click();
        const notice = page.locator('[data-testid="tk-pipeline-notice"]');
        await notice.waitFor({ timeout: 60_000 });
        const words = await notice.innerText();
        await shoot('nocobase-pipeline-move-refused.png');
        assert(/条件未满足|criterion of/.test(words) && (await page.locator(`[data-tk-stage="lead"] [data-tk-opportunity="${String(id)}"]`).count()) === 1, `the refused move: “${words}”`);
        seen.push(`${String(id)} → 成交 refused: “${words.slice(0, 60)}”`);
      }
      if (errors.length) throw new Error(errors.join('\n'));
      return `${seen.join('; ')}; screenshots nocobase-{pipeline,indicators,phasing}-region-head.png, nocobase-pipeline-move-refused.png`;
    } catch (e) {
      await shoot('nocobase-work-blocks-failed.png').catch(() => undefined);
      throw e;
    } finally {
      await browser.close();
    }
  });
  // last: a stored move is an activity of today, so the indicators' last week and the pipeline's as-of move on to it
  await check('pipeline: a move the stage rules refuse is refused with the rule\'s words and stores nothing; another\'s opportunity is 403; an allowed move is stored and shows', async () => {
    const before = await ask<PipelineAnswer>(h.people.rep, 'targetKit:pipeline', {});
    const lead = before.data?.opportunities.find((o) => o.stage === 'lead');
    assert(lead, `the rep has no opportunity in lead: ${before.error}`);
    const countActivities = async (): Promise<number> => Number(((await h.client.call('tk_data_sample_pipeline_activities:list', { query: { pageSize: 1 } })).body.meta as { count?: number } | undefined)?.count);
    const stored = await countActivities();
    const refused = await h.call(h.people.rep, 'targetKit:movePipeline', { opportunity: lead.id, to: 'won' });
    const message = refused.body.errors?.map((e) => e.message).join('；') ?? '';
    assert(refused.status === 400 && refused.body.errors?.[0]?.code === 'PIPELINE_MOVE_REFUSED' && /条件未满足/.test(message), `lead → won: ${refused.status} ${JSON.stringify(refused.body).slice(0, 300)}`);
    const noReason = await h.call(h.people.rep, 'targetKit:movePipeline', { opportunity: lead.id, to: 'lost' });
    assert(noReason.status === 400, `lead → lost without a reason: ${noReason.status}`);
    assert((await countActivities()) === stored, 'a refused move stored an activity');
    const hn = await ask<PipelineAnswer>(h.people.headHN, 'targetKit:pipeline', {});
    const other = hn.data?.opportunities[0];
    assert(other, '华南 has no opportunity');
    const foreign = await h.call(h.people.rep, 'targetKit:movePipeline', { opportunity: other.id, to: 'lost', reason: 'price' });
    assert(foreign.status === 403, `the rep moving 华南's ${other.id}: ${foreign.status}`);
    const reasons = (before.data as unknown as { lost: { reasons: string[] } }).lost.reasons;
    const moved = await h.call(h.people.rep, 'targetKit:movePipeline', { opportunity: lead.id, to: 'lost', reason: reasons[0] });
    assert(moved.status === 200, `lead → lost with reason ${reasons[0]}: ${moved.status} ${JSON.stringify(moved.body).slice(0, 300)}`);
    const after = await ask<PipelineAnswer>(h.people.rep, 'targetKit:pipeline', {});
    const now = after.data?.opportunities.find((o) => o.id === lead.id);
    assert(now?.stage === 'lost' && (await countActivities()) === stored + 1, `after the move: ${now?.stage}`);
    return `${lead.id} lead → won refused: “${message.slice(0, 120)}”; → lost without reason refused; 华南's ${other.id}: 403; → lost (${reasons[0]}) stored, now ${now.stage}`;
  });
}
