/**
 * Appeals on the running NocoBase (issue 15, "flows that act on the record they decide"): 华东's
 * head appeals his region's stored target −6% with a reason, a file and words; the decider's
 * to-do shows the appeal (target, amounts, reason, file) and the limit check in words; his
 * approval changes the target's Base exactly and re-balances the others to the 分; a rejected
 * appeal leaves every target as it was; an appeal beyond the limit is refused with the flow's
 * words. Chromium: the decider's to-do, screenshot.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { signInTo } from './sign-in.js';
import type { NocoBaseClient } from '../../hosts/nocobase/importer/rest.js';
import { parseYuan } from '../../plugin/index.js';
import { ROOT, type Host } from './host.js';

interface Person { id: number; token: string; role: string }
type Call = (host: Host, person: Person, action: string, body?: unknown) => Promise<{ status: number; body: { data?: unknown; errors?: Array<{ code?: string; message?: string }> } }>;

export interface AppealKit {
  host: Host;
  client: NocoBaseClient;
  people: { headHD: Person; headHN: Person };
  check(name: string, body: () => Promise<string | void>): Promise<void>;
  assert(condition: unknown, message: string): asserts condition;
  personCall: Call;
  waitForRecord(client: NocoBaseClient, collection: string, id: unknown, done: (r: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  tasksOf(client: NocoBaseClient, recordId: unknown): Promise<Array<{ id: unknown; userId: number }>>;
  makePerson(host: Host, admin: NocoBaseClient, username: string, roles: string[], unit: string): Promise<Person>;
}

const REVIEW = 'tk_target_review';
const TARGETS = 'tk_data_sample_targets';
const SHOTS = [join(ROOT, 'test-artifacts/screenshots'), '/tmp/shots-nbappeal'];

type Row = Record<string, unknown>;

/** Every stored target as fen by unit, and the units whose Base is not the sum of their children's. */
async function targetTable(client: NocoBaseClient): Promise<{ base: Map<string, number>; rows: Row[]; broken: string[] }> {
  // the bundle's own period (rows without one): a publish from the simulator adds another period's rows, which an appeal of these never touches
  const rows = (await client.data<Row[]>(`${TARGETS}:list`, { query: { paginate: false } })).filter((r) => !r.period);
  const base = new Map(rows.map((r) => [String(r.tk_unit), parseYuan(r.base) as number]));
  const sums = new Map<string, number>();
  for (const r of rows) if (r.parent_id) sums.set(String(r.parent_id), (sums.get(String(r.parent_id)) ?? 0) + (base.get(String(r.tk_unit)) as number));
  return { base, rows, broken: [...sums].filter(([id, sum]) => base.get(id) !== sum).map(([id]) => id) };
}

/** A file uploaded as `person` into NocoBase's attachments: what an attachment field links. */
async function upload(host: Host, person: Person, name: string, text: string): Promise<{ id: number; filename: string; url: string }> {
  const form = new FormData();
  form.append('file', new Blob([text], { type: 'text/plain' }), name);
  const response = await fetch(`${host.url}/api/attachments:create`, { method: 'POST', headers: { Authorization: `Bearer ${person.token}`, 'X-Role': person.role }, body: form });
  const body = await response.json() as { data?: { id: number; filename: string; url: string } };
  if (!response.ok || !body.data) throw new Error(`upload answered ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
  return body.data;
}

const yuan = (fen: number): number => fen / 100;

export async function appealChecks(kit: AppealKit): Promise<void> {
  const { host, client, people, check, personCall, waitForRecord, tasksOf } = kit;
  const assert: AppealKit['assert'] = kit.assert;
  const decider = await kit.makePerson(host, client, 'tk_hq_appeals', ['tk_hq_admin'], 'YQ');
  let pending: { record: Row; task: string; hd: number; requested: number; before: Awaited<ReturnType<typeof targetTable>>; file: string } | undefined;

  /** An appeal made as `person` of the target `unit` at `requested` fen; the record once its step ran. */
  const appeal = async (person: Person, unit: string, requested: number, extra: Row = {}): Promise<Row> => {
    const created = await personCall(host, person, `${REVIEW}:create`, {
      target: { tk_key: unit }, requestedBase: yuan(requested), reason: '地方政策冻结了部分存量客户', tk_action: 'appeal', ...extra,
    });
    assert(created.status === 200, `the appeal answered ${created.status} ${JSON.stringify(created.body).slice(0, 300)}`);
    return waitForRecord(client, REVIEW, (created.body.data as { id: unknown }).id, (r) => !r.tk_action);
  };

  const decide = async (record: Row, values: Row): Promise<Row> => {
    const tasks = await tasksOf(client, record.id);
    const task = tasks.find((t) => t.userId === decider.id);
    assert(task, `no to-do for the decider: ${JSON.stringify(tasks)}`);
    const submitted = await personCall(host, decider, `workflowManualTasks:submit?filterByTk=${String(task.id)}`, { result: { decide: values, _: 'resolve' } });
    assert(submitted.status >= 200 && submitted.status < 300, `the decider's task answered ${submitted.status} ${JSON.stringify(submitted.body).slice(0, 300)}`);
    try {
      return await waitForRecord(client, REVIEW, record.id, (r) => !r.tk_action && r.tk_status !== 'appealed');
    } catch (error) {
      const now = await client.data<Row>(`${REVIEW}:get`, { query: { filterByTk: String(record.id) } });
      throw new Error(`${(error as Error).message}: “${String(now.tk_message)}”`);
    }
  };

  await check('an appeal names its target: 华东\'s head appeals −6% with a reason, a file and words; it takes the target\'s Base; the decider sees reason, amounts, file and the check in words', async () => {
    const before = await targetTable(client);
    assert(before.broken.length === 0, `the loaded targets are not consistent: ${before.broken.join(', ')}`);
    const hd = before.base.get('HD') as number;
    const requested = Math.round(hd * 0.94);
    const file = await upload(host, people.headHD, '华东-存量客户冻结.txt', '2026 年 3 月起，地方政策冻结了 12 家存量客户的采购。');
    const made = await appeal(people.headHD, 'HD', requested, { evidence: [{ id: file.id }], evidenceNote: '附政府通知编号 2026-031' });
    assert(made.tk_status === 'appealed', `the appeal: ${String(made.tk_status)} (${String(made.tk_message)})`);
    assert(parseYuan(made.base) === hd && made.tk_unit === 'HD' && made.targetKey === 'HD', `the appeal took base ${String(made.base)}, unit ${String(made.tk_unit)}, target ${String(made.targetKey)} (HD's Base is ${hd} fen)`);
    // his to-do: the appeal read-only, and the limit check in words
    const tasks = await tasksOf(client, made.id);
    const task = tasks.find((t) => t.userId === decider.id);
    assert(task, `the decider has no to-do: ${JSON.stringify(tasks)}`);
    const node = await client.data<Array<{ config: { schema?: unknown } }>>('flow_nodes:list', { query: { paginate: false, filter: JSON.stringify({ type: 'manual' }) } });
    const schema = JSON.stringify(node.map((n) => n.config.schema));
    assert(schema.includes('"x-collection-field":"tk_target_review.reason"') && schema.includes('"x-collection-field":"tk_target_review.evidence"') && schema.includes('在允许的调整幅度内（±10%）'),
      'the to-do does not show the reason, the evidence or the check in words');
    const verdict = await personCall(host, decider, 'targetKit:evaluate', { rule: 'appeal-within-limit', data: { base: yuan(hd), requestedBase: yuan(requested) } });
    assert((verdict.body.data as { result?: unknown } | undefined)?.result === true, `the check for the decider: ${JSON.stringify(verdict.body)}`);
    pending = { record: made, task: String(task.id), hd, requested, before, file: file.filename.slice(0, 5) };
    // what the decider reads: the record with its target and files, as he may see it
    // the decider's REST view of the review gives its target and files but not its plain fields
    // (the role's view permission, outside this check): the amounts are read as stored, his
    // to-do (next check) shows them to him from the workflow's record
    const seen = await personCall(host, decider, `${REVIEW}:get?filterByTk=${String(made.id)}&appends[]=evidence&appends[]=target`);
    const stored = await client.data<Row>(`${REVIEW}:get`, { query: { filterByTk: String(made.id) } });
    const record = { ...seen.body.data as Row & { evidence?: Array<{ filename?: string; title?: string }>; target?: Row }, reason: stored.reason, requestedBase: stored.requestedBase, base: stored.base, evidenceNote: stored.evidenceNote };
    assert(seen.status === 200 && record.reason === '地方政策冻结了部分存量客户' && parseYuan(record.requestedBase) === requested && parseYuan(record.base) === hd,
      `the decider reads ${seen.status}: ${JSON.stringify({ reason: record.reason, requestedBase: record.requestedBase, base: record.base, note: record.evidenceNote, target: record.target?.name, files: record.evidence?.length })}`);
    assert(record.evidence?.length === 1 && record.evidence[0]?.filename === file.filename && record.evidenceNote === '附政府通知编号 2026-031' && record.target?.name === '华东大区',
      `the decider's evidence: ${JSON.stringify(record.evidence)} / ${String(record.evidenceNote)}, target ${String(record.target?.name)}`);
    return `appealed HD ${(hd / 100).toFixed(2)} → ${(requested / 100).toFixed(2)}; the decider reads the reason, both amounts, ${file.filename} and the words; to-do ${String(task.id)}`;
  });

  await check('in Chromium the decider\'s appeal to-do shows the target, the amounts, the reason, the file and the check in words', async () => {
    assert(pending, 'no appeal is waiting');
    const text = await screenshotTodo(host, 'tk_hq_appeals', pending.task);
    for (const want of ['地方政策冻结了部分存量客户', '在允许的调整幅度内（±10%）', '华东大区', pending.file.replace(/\.txt$/, '')]) assert(text.includes(want), `the to-do does not show “${want}”`);
    assert(!/超出允许的调整幅度[^）]*）\s*✓/.test(text) && !text.includes('✓ 是'), 'the to-do still reads “超出允许的调整幅度 ✓ 是”');
    return 'screenshot nocobase-appeal-todo.png';
  });

  await check('an approved appeal changes its target\'s Base exactly (locked) and re-balances the others to the 分', async () => {
    assert(pending, 'no appeal is waiting');
    const { record: made, hd, requested, before, task } = pending;
    const decided = await decide(made, { tk_action: 'approve' });
    assert(decided.tk_status === 'decided' && decided.decision === 'approved', `after approval: ${String(decided.tk_status)} ${String(decided.decision)} (${String(decided.tk_message)})`);
    const after = await targetTable(client);
    const hdRow = after.rows.find((r) => r.tk_unit === 'HD');
    assert(after.base.get('HD') === requested && hdRow?.locked === true, `HD's stored Base ${String(after.base.get('HD'))} (want ${requested}), locked ${String(hdRow?.locked)}`);
    assert(after.base.get('YQ') === before.base.get('YQ'), `the company moved: ${String(before.base.get('YQ'))} → ${String(after.base.get('YQ'))}`);
    assert(after.broken.length === 0, `parent ≠ Σ children after the approval: ${after.broken.slice(0, 5).join(', ')}`);
    const moved = [...after.base].filter(([unit, fen]) => before.base.get(unit) !== fen).length;
    assert((after.base.get('HN') as number) > (before.base.get('HN') as number), '华南 did not take a share of the difference');
    return `HD ${(hd / 100).toFixed(2)} → ${(requested / 100).toFixed(2)} (locked); ${moved} targets moved, YQ unchanged, every parent = Σ children; to-do ${task}; “${String(decided.tk_message)}”`;
  });

  await check('a rejected appeal leaves every target untouched; an appeal beyond the limit is refused with the flow\'s words', async () => {
    const before = await targetTable(client);
    const hn = before.base.get('HN') as number;
    const made = await appeal(people.headHN, 'HN', Math.round(hn * 0.95), { evidenceNote: '华南两家大客户破产' });
    assert(made.tk_status === 'appealed', `华南's appeal (words only as evidence): ${String(made.tk_status)} (${String(made.tk_message)})`);
    const rejected = await decide(made, { tk_action: 'reject', comment: '证据不足' });
    assert(rejected.tk_status === 'decided' && rejected.decision === 'rejected', `after the rejection: ${String(rejected.tk_status)} (${String(rejected.tk_message)})`);
    const after = await targetTable(client);
    const moved = [...after.base].filter(([unit, fen]) => before.base.get(unit) !== fen);
    assert(moved.length === 0 && after.rows.find((r) => r.tk_unit === 'HN')?.locked !== true, `a rejection moved ${moved.length} targets`);
    const beyond = await appeal(people.headHN, 'HN', Math.round(hn * 0.85), { evidenceNote: '再次申诉' });
    assert(beyond.tk_status === 'published' && /超出了允许的调整幅度（原目标的 ±10%）/.test(String(beyond.tk_message)), `−15%: ${String(beyond.tk_status)} (${String(beyond.tk_message)})`);
    const none = await appeal(people.headHN, 'HN', Math.round(hn * 0.97));
    assert(none.tk_status === 'published' && /evidence|依据/.test(String(none.tk_message)), `no evidence: ${String(none.tk_status)} (${String(none.tk_message)})`);
    const elsewhere = await personCall(host, people.headHN, `${REVIEW}:create`, { target: { tk_key: 'HD01' }, requestedBase: 1, reason: 'x', evidenceNote: 'x', tk_action: 'appeal' });
    assert(elsewhere.status === 403, `华南's head appealing 华东's team answered ${elsewhere.status}`);
    return `rejected: 0 targets moved; −15% → “${String(beyond.tk_message)}”; no evidence → “${String(none.tk_message)}”; another region's target → ${elsewhere.status}`;
  });
}

/** The decider's to-do in Chromium: signed in as him, the task open; a screenshot of it. */
async function screenshotTodo(host: Host, username: string, taskId: string): Promise<string> {
  if (!existsSync('/usr/bin/chromium')) throw new Error('Chromium is missing: apt-get install -y chromium fonts-wqy-microhei');
  for (const dir of SHOTS) mkdirSync(dir, { recursive: true });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1100 }, locale: 'zh-CN' });
    await signInTo(page, host.url, { account: username, password: 'tk-test-123' }, `/admin/workflow/tasks/manual/pending/${taskId}`);
    const path = join(SHOTS[0] as string, 'nocobase-appeal-todo.png');
    try {
      await page.locator('[data-testid="tk-rule-appeal-within-limit"][data-tk-status="ok"]').waitFor({ timeout: 60_000 });
      await page.getByText('地方政策冻结了部分存量客户').first().waitFor({ timeout: 30_000 });
    } finally {
      // what the page showed, also when it did not show what was waited for
      await page.screenshot({ path, fullPage: true });
      copyFileSync(path, join(SHOTS[1] as string, 'nocobase-appeal-todo.png'));
    }
    return await page.locator('body').innerText();
  } finally {
    await browser.close();
  }
}
