/**
 * Letters in NocoBase, as each of their users: HRBP issues them to reps of an org whose head
 * column names the users (the import links each unit to its head), a rep reads and signs only his
 * own (REST as him, then in Chromium on the letter page), his region's head reads his subtree's
 * letters and not another region's, and HRBP exports the signed letters as an XLSX whose amounts
 * are numbers. Called from run.ts with what it needs.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { chromium } from 'playwright-core';
import { signInTo } from './sign-in.js';
import { screenshotInto } from './shots.js';
import type { NocoBaseClient } from '../../hosts/nocobase/importer/rest.js';
import type { Host } from './host.js';

interface Person { id: number; token: string; role: string }
type Answer = { status: number; body: { data?: unknown; errors?: Array<{ code?: string; message?: string }> } };

export interface LetterCheckDeps {
  host: Host;
  client: NocoBaseClient;
  people: { rep: Person; headHD: Person; headHN: Person };
  templates: string;
  screenshots: string[];
  check(name: string, body: () => Promise<string | void>): Promise<void>;
  makePerson(host: Host, admin: NocoBaseClient, username: string, roles: string[], unit: string): Promise<Person>;
  personCall(host: Host, person: Person, action: string, body?: unknown): Promise<Answer>;
  waitForRecord(client: NocoBaseClient, collection: string, id: unknown, done: (r: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  importInto(host: Host, dir: string): Promise<unknown>;
}

const LETTERS = 'tk_commitment_letter';
const CHROMIUM = '/usr/bin/chromium';

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

const idOf = (answer: Answer): string => String((answer.body.data as { id?: unknown } | undefined)?.id);
const rowsOf = (answer: Answer): Array<Record<string, unknown>> => (Array.isArray(answer.body.data) ? answer.body.data as Array<Record<string, unknown>> : []);

export async function letterChecks(deps: LetterCheckDeps): Promise<void> {
  const { host, client, people, check, personCall, waitForRecord } = deps;
  const rep2 = await deps.makePerson(host, client, 'tk_rep_hd0102', ['tk_rep'], 'HD01-02');
  const hrbp = await deps.makePerson(host, client, 'tk_hrbp_letters', ['tk_hrbp'], 'YQ');
  // an org whose head column names the users: HD's head, and each rep himself (his letter's signer)
  const dir = mkdtempSync(join(tmpdir(), 'tk-letters-'));
  cpSync(deps.templates, dir, { recursive: true });
  const units = join(dir, 'data/sample-company/units.csv');
  const heads: Record<string, number> = { HD: people.headHD.id, HN: people.headHN.id, 'HD01-01': people.rep.id, 'HD01-02': rep2.id };
  writeFileSync(units, readFileSync(units, 'utf8').trimEnd().split('\n').map((line, i) => `${line},${i === 0 ? 'head' : heads[line.split(',')[0] ?? ''] ?? ''}`).join('\n') + '\n');
  const ids: { repQ2?: string; repQ3?: string; rep2?: string } = {};
  try {
    await check('letters: the import links each unit to the user its head column names; HRBP issues the reps\' letters, placed on their units\' paths', async () => {
      await deps.importInto(host, dir);
      const org = await client.data<Array<{ tk_key: string; head?: { id?: number } | null }>>('tk_org:list', { query: { paginate: false, 'appends[]': 'head', filter: JSON.stringify({ tk_key: { $in: ['HD', 'HD01-01', 'HD01-02', 'HD01'] } }) } });
      const headOf = (key: string): unknown => org.find((u) => u.tk_key === key)?.head?.id ?? null;
      assert(headOf('HD') === people.headHD.id && headOf('HD01-01') === people.rep.id && headOf('HD01-02') === rep2.id && headOf('HD01') === null,
        `tk_org heads: ${JSON.stringify(org.map((u) => [u.tk_key, u.head?.id ?? null]))}`);
      const issue = (period: string, unit: string, name: string, person: Person, base: number): Promise<Answer> =>
        personCall(host, hrbp, `${LETTERS}:create`, { unit: name, period, base, stretch: 120000, headName: name, headId: String(person.id), hash: `h-${period}-${unit}`, tk_unit: unit });
      for (const [key, answer] of [
        ['repQ2', await issue('2026-Q2', 'HD01-01', '毛睿', people.rep, 104156.75)],
        ['repQ3', await issue('2026-Q3', 'HD01-01', '毛睿', people.rep, 98000.5)],
        ['rep2', await issue('2026-Q2', 'HD01-02', '徐晗俊', rep2, 88000)],
      ] as const) {
        assert(answer.status === 200, `HRBP issuing ${key}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
        ids[key] = idOf(answer);
      }
      const stored = await client.data<Record<string, unknown>>(`${LETTERS}:get`, { query: { filterByTk: String(ids.repQ2) } });
      assert(stored.tk_path === '/YQ/HD/HD01/HD01-01/', `the rep's letter has the path ${String(stored.tk_path)}`);
      return `heads HD → ${people.headHD.id}, HD01-01 → ${people.rep.id}, HD01-02 → ${rep2.id}; letters ${Object.values(ids).join(', ')} at ${String(stored.tk_path)}`;
    });

    await check('letters: a rep lists and reads only his own letters and signs one; another rep\'s letter he can neither list, read nor sign (REST as him)', async () => {
      assert(ids.repQ2 && ids.rep2, 'no letters issued');
      const list = await personCall(host, people.rep, `${LETTERS}:list?pageSize=200`);
      const listed = rowsOf(list).map((r) => String(r.id));
      assert(list.status === 200 && listed.includes(String(ids.repQ2)) && listed.includes(String(ids.repQ3)) && !listed.includes(String(ids.rep2))
        && rowsOf(list).every((r) => r.tk_unit === 'HD01-01'), `the rep lists ${list.status} ${listed.join(',')}`);
      const other = await personCall(host, people.rep, `${LETTERS}:get?filterByTk=${ids.rep2}`);
      assert(other.status >= 400 || !other.body.data, `the rep read the other rep's letter: ${other.status} ${JSON.stringify(other.body).slice(0, 200)}`);
      const steal = await personCall(host, people.rep, `${LETTERS}:update?filterByTk=${ids.rep2}`, { agree: true, typedName: '毛睿', tk_action: 'sign' });
      const untouched = await client.data<Record<string, unknown>>(`${LETTERS}:get`, { query: { filterByTk: String(ids.rep2) } });
      assert(untouched.tk_status === 'issued' && !untouched.tk_actor, `after the rep's sign of the other's letter (${steal.status}): ${String(untouched.tk_status)}, asked by ${String(untouched.tk_actor)}`);
      const own = await personCall(host, people.rep, `${LETTERS}:get?filterByTk=${ids.repQ2}`);
      assert(own.status === 200 && own.body.data, `the rep cannot read his own letter: ${own.status}`);
      const text = await personCall(host, people.rep, 'targetKit:letterText', { collection: LETTERS, record: own.body.data });
      const paragraphs = ((text.body.data as { paragraphs?: string[] } | undefined)?.paragraphs ?? []).join('\n');
      assert(text.status === 200 && paragraphs.includes('本人毛睿（HD01-01）') && !paragraphs.includes('负责人') && paragraphs.includes('104,156.75'), `the letter's text: ${text.status} ${paragraphs.slice(0, 200)}`);
      await personCall(host, people.rep, `${LETTERS}:update?filterByTk=${ids.repQ2}`, { agree: true, typedName: '毛睿', tk_action: 'sign' });
      const signed = await waitForRecord(client, LETTERS, ids.repQ2, (r) => !r.tk_action);
      assert(signed.tk_status === 'signed' && signed.signerId === String(people.rep.id), `the rep's own letter: ${String(signed.tk_status)} (${String(signed.tk_message)})`);
      // the other rep signs his
      await personCall(host, rep2, `${LETTERS}:update?filterByTk=${ids.rep2}`, { agree: true, typedName: '徐晗俊', tk_action: 'sign' });
      const second = await waitForRecord(client, LETTERS, ids.rep2, (r) => !r.tk_action);
      assert(second.tk_status === 'signed', `the other rep's own letter: ${String(second.tk_status)} (${String(second.tk_message)})`);
      return `lists ${listed.length} (his own), the other's by id ${other.status}${other.body.data ? '' : ' no data'}, signing it ${steal.status} → still issued; his own → signed by ${String(signed.signerId)}`;
    });

    await check('letters: 华东\'s head lists his subtree\'s letters, 华南\'s head none of them', async () => {
      const hd = rowsOf(await personCall(host, people.headHD, `${LETTERS}:list?pageSize=200`)).map((r) => String(r.id));
      const hn = rowsOf(await personCall(host, people.headHN, `${LETTERS}:list?pageSize=200`));
      assert([ids.repQ2, ids.repQ3, ids.rep2].every((id) => hd.includes(String(id))), `华东's head lists ${hd.join(',')}`);
      assert(hn.every((r) => String(r.tk_path ?? '').startsWith('/YQ/HN/')) && !hn.some((r) => [String(ids.repQ2), String(ids.rep2)].includes(String(r.id))), `华南's head lists ${hn.map((r) => `${String(r.id)}@${String(r.tk_path)}`).join(',')}`);
      return `华东's head ${hd.length} letters incl. both reps'; 华南's head ${hn.length}`;
    });

    await check('letters in Chromium: the rep opens the letter page, reads his letter (the runtime\'s text) and signs it; the print view shows the full hash', async () => {
      assert(ids.repQ3, 'no letter to sign');
      // the letter page is in the rep's menu since the import (its roles' menus): no grant here
      const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
      const errors: string[] = [];
      try {
        const tab = await browser.newPage({ viewport: { width: 1300, height: 1000 }, locale: 'zh-CN' });
        tab.on('pageerror', (error) => errors.push(error.message));
        await signInTo(tab, host.url, { account: 'tk_rep_hd0101', password: 'tk-test-123' }, '/admin/tk_commitment_letter_page');
        const letter = tab.locator(`[data-testid="tk-letter-${ids.repQ3}"]`);
        await letter.waitFor({ timeout: 60_000 });
        // in the new user's UI language (NocoBase gives him its default, English here): the rep's own words either way
        await letter.getByText(/本人毛睿（HD01-01）|I, 毛睿 \(HD01-01\)/).first().waitFor({ timeout: 30_000 }).catch(async (e: unknown) => {
          await screenshotInto(tab, deps.screenshots, 'nocobase-letter-failed.png', { fullPage: true });
          throw new Error(`${(e as Error).message.split('\n')[0]}: the letter reads ${(await letter.innerText()).slice(0, 300)}; ${errors.join('; ')}`);
        });
        const body = await letter.innerText();
        assert(body.includes('98,000.50') && !body.includes('徐晗俊'), `the letter reads: ${body.slice(0, 300)}`);
        const others = await tab.locator(`[data-testid="tk-letter-${ids.rep2}"]`).count();
        assert(others === 0, 'the other rep\'s letter is on the rep\'s page');
        await screenshotInto(tab, deps.screenshots, 'nocobase-letter-rep.png', { fullPage: true });
        // antd hands the Checkbox's data-testid to its input
        await letter.getByText(/我已阅读并同意本承诺书|I have read and agree to this letter/).click();
        await letter.locator('[data-testid="tk-letter-sign"]').click();
        await tab.locator(`[data-testid="tk-letter-${ids.repQ3}"][data-tk-status="signed"]`).waitFor({ timeout: 60_000 });
        const signed = tab.locator(`[data-testid="tk-letter-${ids.repQ3}"]`);
        const hash = (await signed.locator('[data-testid="tk-letter-hash"]').innerText()).trim();
        await screenshotInto(tab, deps.screenshots, 'nocobase-letter-rep-signed.png', { fullPage: true });
        await signed.locator('[data-testid="tk-letter-print"]').click();
        const print = tab.locator('[data-testid="tk-letter-print-view"]');
        await print.waitFor({ timeout: 20_000 });
        const printed = await print.innerText();
        await screenshotInto(tab, deps.screenshots, 'nocobase-letter-print.png');
        const record = await client.data<Record<string, unknown>>(`${LETTERS}:get`, { query: { filterByTk: String(ids.repQ3) } });
        assert(record.tk_status === 'signed' && record.signerId === String(people.rep.id) && /^[0-9a-f]{64}$/.test(hash) && hash === record.signedHash && printed.includes(hash),
          `after the click: ${String(record.tk_status)} by ${String(record.signerId)}, hash on screen ${hash}, stored ${String(record.signedHash)}`);
        if (errors.length) throw new Error(errors.join('\n'));
        return `signed in Chromium by ${String(record.signerId)}; hash ${hash.slice(0, 12)}… on the page and the print view; screenshots nocobase-letter-*.png`;
      } finally {
        await browser.close();
      }
    });

    await check('letters: HRBP exports the signed letters as XLSX (the rep\'s with its amount as a number); a rep may not export', async () => {
      const refused = await personCall(host, people.rep, 'targetKit:exportLetters', { collection: LETTERS });
      assert(refused.status === 403, `the rep's export answered ${refused.status}`);
      const answer = await personCall(host, hrbp, 'targetKit:exportLetters', { collection: LETTERS });
      const data = answer.body.data as { xlsx?: string; rows?: number } | undefined;
      assert(answer.status === 200 && data?.xlsx, `HRBP's export answered ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(data.xlsx, 'base64') as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0];
      assert(sheet, 'the export has no sheet');
      const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
      const rows = [];
      for (let i = 2; i <= sheet.rowCount; i++) {
        const values = (sheet.getRow(i).values as unknown[]).slice(1);
        rows.push(Object.fromEntries(header.map((h, j) => [h, values[j]])));
      }
      const mine = rows.find((r) => r.unit_id === 'HD01-01' && r.period === '2026-Q2');
      assert(mine && mine.base === 104156.75 && typeof mine.base === 'number' && mine.status === 'signed' && mine.signer_id === String(people.rep.id),
        `the rep's row: ${JSON.stringify(mine)} of ${rows.length}`);
      assert(rows.every((r) => r.status === 'signed' || r.status === 'void'), `an unsigned letter exported: ${JSON.stringify(rows.find((r) => r.status !== 'signed' && r.status !== 'void'))}`);
      return `the rep's export ${refused.status}; HRBP's ${rows.length} rows, the rep's: base ${String(mine.base)} (${typeof mine.base}), ${String(mine.status)}`;
    });
  } finally {
    await deps.importInto(host, deps.templates);
  }
}
