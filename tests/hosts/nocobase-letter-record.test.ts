/**
 * A commitment letter kept as a NocoBase record, without NocoBase: the step node that takes
 * the sign transition stores the MAC made with the plugin's secret, `targetKit:verify` on the
 * stored record answers valid and keyed, and a record whose numbers were changed and whose
 * hashes were recomputed does not verify. A user's save cannot rewrite what binds a record
 * (a letter's head, hash and numbers, any flow's assigned fields) once it exists; what a
 * person's transition asks for stays writable, and an administrator may still correct.
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex, toSingleFile } from '../../plugin/index.js';
import { RuleStore, compileBundle } from '../../hosts/nocobase/plugin/src/server/rule-store.js';
import { createRuleInstruction, type StepHost } from '../../hosts/nocobase/plugin/src/server/rule-instruction.js';
import { checkSave, type HostUser } from '../../hosts/nocobase/plugin/src/server/flow-guard.js';
import { createSigningActions, letterFieldsOf, signingSecret } from '../../hosts/nocobase/plugin/src/server/signing.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

function store(files = defaultBundleFiles()): RuleStore {
  const compiled = compileBundle(toSingleFile(files));
  if (!compiled.ok) throw new Error(compiled.errors.map((e) => e.code).join(', '));
  const s = new RuleStore();
  s.activate(compiled.bundle);
  return s;
}

const HEAD: HostUser = { id: 12, roleNames: ['member', 'tk_region_head'], unitId: 'HD' };
const ROOT: HostUser = { id: 1, roleNames: ['root'], unitId: null };
const LETTERS = 'tk_commitment_letter';
const LETTER_COLUMNS = ['unit', 'period', 'base', 'stretch', 'headName', 'headId', 'hash', 'typedName', 'agree', 'signedBy', 'signerId', 'signedMac', 'signedAt', 'signedHash', 'voidReason'];

/** The plugin's secret over an in-memory table, and one letter collection. */
function nocobase(rules = store(), columns = LETTER_COLUMNS) {
  const secrets = new Map<string, Record<string, unknown>>();
  const secret = signingSecret(() => ({
    findOne: async ({ filter }: { filter: Record<string, unknown> }) => {
      const row = secrets.get(String(filter.key));
      return row ? { get: (k: string) => row[k] } : null;
    },
    create: async ({ values }: { values: Record<string, unknown> }) => { secrets.set(String(values.key), values); },
  }));
  const rows = new Map<unknown, Record<string, unknown>>();
  const host: StepHost = {
    user: async (id) => [HEAD, ROOT].find((u) => String(u.id) === String(id)),
    usersWithRoles: async () => [],
    fields: () => new Set(columns),
    read: async (_c, id) => rows.get(id),
    write: async (_c, id, values) => { rows.set(id, { ...rows.get(id), ...values }); },
    now: () => '2026-05-15T09:00:00+08:00',
    secret,
  };
  const node = createRuleInstruction(rules, async () => undefined, host);
  const letters = rules.current?.guard.letterOf(LETTERS);
  if (!letters) throw new Error(`${LETTERS} is not a letter collection`);
  const step = { id: 1, key: 'tkstep', upstreamId: null, branchIndex: null, config: { step: { collection: LETTERS } } };
  const sign = async (id: number, actor: HostUser) => {
    rows.set(id, { ...rows.get(id), typedName: '华东负责人', agree: true, tk_action: 'sign', tk_actor: String(actor.id) });
    const processor = {
      execution: { context: { data: rows.get(id) } }, nodes: [step], saveJob: (job: Record<string, unknown>) => ({ ...job, status: Number(job.status) }),
      run: async () => undefined, exit: async () => undefined, findBranchParentJob: () => null, getParsedValue: (v: unknown) => v,
    };
    return ((await node.run(step, null, processor)) as { result: Record<string, unknown> }).result;
  };
  const actions = createSigningActions(secret, async (collection, id) => {
    const record = collection === LETTERS ? rows.get(id) : undefined;
    return record ? { record, fields: letterFieldsOf(letters) } : undefined;
  });
  const verify = async (id: number) => {
    const ctx = { action: { params: { values: { collection: LETTERS, id } } }, state: { currentUser: { id: 14 } }, status: 0, body: undefined as unknown };
    await actions.verify(ctx, async () => undefined);
    return { status: ctx.status, ...(ctx.body as { data?: { valid?: boolean; keyed?: boolean; signed?: boolean } }).data };
  };
  return { rows, sign, verify };
}

const letter = (id: number) => ({
  id, unit: '华东大区', period: '2026-Q2', base: 8000000, stretch: 12000000, headName: '华东负责人', headId: '12',
  hash: 'h-2026-q2-hd', tk_unit: 'HD', tk_owner: '1', tk_status: 'issued', tk_audit: [],
});

describe('a letter signed inside NocoBase', () => {
  it('carries the MAC made with the plugin\'s secret, and verifies keyed as stored', async () => {
    const nb = nocobase();
    nb.rows.set(5, letter(5));
    expect(await nb.verify(5)).toMatchObject({ status: 200, valid: false, signed: false });
    expect(await nb.sign(5, HEAD)).toMatchObject({ ok: true, to: 'signed' });
    const signed = nb.rows.get(5) as Record<string, unknown>;
    expect(signed).toMatchObject({ tk_status: 'signed', signerId: '12', signedBy: '华东负责人', signedAt: '2026-05-15T09:00:00+08:00' });
    expect(signed.signedMac).toMatch(/^[0-9a-f]{64}$/);
    // the stored hash is now the content's, and the signature binds it
    expect(signed.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(signed.signedHash).toBe(signed.hash);
    expect(await nb.verify(5)).toEqual({ status: 200, valid: true, keyed: true, signed: true });
    expect(await nb.verify(6)).toMatchObject({ status: 404 });
  });

  it('a MAC offered in the request is not what is stored', async () => {
    const nb = nocobase();
    nb.rows.set(5, { ...letter(5), mac: 'f'.repeat(64) });
    await nb.sign(5, HEAD);
    expect(nb.rows.get(5)?.signedMac).not.toBe('f'.repeat(64));
    expect((await nb.verify(5)).valid).toBe(true);
  });

  it('does not verify once its numbers changed, even with its hashes recomputed', async () => {
    const nb = nocobase();
    nb.rows.set(5, letter(5));
    await nb.sign(5, HEAD);
    const signed = nb.rows.get(5) as Record<string, unknown>;
    nb.rows.set(5, { ...signed, base: 1 });
    expect((await nb.verify(5)).valid).toBe(false);
    // recomputed as anyone without the secret can: the content's hash, in both places
    const content = Object.fromEntries(['unit', 'headName', 'headId', 'period', 'base', 'stretch', 'tk_unit'].map((k) => [k, k === 'base' ? 1 : signed[k]]));
    const rehashed = sha256Hex(canonicalJson(content));
    nb.rows.set(5, { ...signed, base: 1, hash: rehashed, signedHash: rehashed });
    expect(await nb.verify(5)).toMatchObject({ valid: false, keyed: true });
    // the same recomputation on the untouched letter gives its stored hash: the tamper is only the MAC's to catch
    expect(sha256Hex(canonicalJson({ ...content, base: signed.base }))).toBe(signed.hash);
  });
});

describe('a customised letter form', () => {
  it('signs over its extra field, so changing that field no longer verifies', async () => {
    const files = defaultBundleFiles() as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a bundle edited as plain JSON
    files['commitment-letter/template.json'].forms.acknowledge.properties.bonusClause = { type: 'string', title: '奖金条款', 'x-component': 'Input', 'x-pattern': 'readPretty' };
    const nb = nocobase(store(files), [...LETTER_COLUMNS, 'bonusClause']);
    nb.rows.set(5, { ...letter(5), bonusClause: '超额部分按 3% 计提' });
    expect(await nb.sign(5, HEAD)).toMatchObject({ ok: true, to: 'signed' });
    expect(await nb.verify(5)).toMatchObject({ valid: true, keyed: true });
    nb.rows.set(5, { ...nb.rows.get(5), bonusClause: '超额部分按 30% 计提' });
    expect(await nb.verify(5)).toMatchObject({ valid: false, keyed: true });
  });
});

/** The default bundle whose org names the heads of 华东 and 华南 (user ids 12 and 13) in a `head` column. */
function withHeads(): ReturnType<typeof defaultBundleFiles> {
  const files = defaultBundleFiles();
  const heads: Record<string, string> = { HD: '12', HN: '13' };
  const path = 'data/sample-company/units.csv';
  files[path] = String(files[path]).trimEnd().split('\n').map((line, i) => `${line},${i === 0 ? 'head' : heads[line.split(',')[0] ?? ''] ?? ''}`).join('\n') + '\n';
  return files;
}

describe('a new letter record', () => {
  const guard = store(withHeads()).current?.guard;
  const letters = guard?.flowOf(LETTERS);
  if (!guard || !letters) throw new Error('no letter flow');
  const create = (values: Record<string, unknown>, user: HostUser) =>
    checkSave(letters, { isNew: true, get: (f) => values[f], changes: (f) => f in values }, user, guard.boundOf(LETTERS), guard.issuingOf(LETTERS));
  const headHN: HostUser = { id: 13, roleNames: ['tk_region_head'], unitId: 'HN' };
  const hrbp: HostUser = { id: 20, roleNames: ['tk_hrbp'], unitId: 'YQ' };

  it("is refused to a region head naming himself, and to an issuer naming anyone but the org's head", () => {
    expect(create({ tk_unit: 'HN', headId: '13', headName: '我自己' }, headHN)).toMatchObject({ ok: false, message: { en: expect.stringContaining('only hrbp, hq-admin') } });
    expect(create({ tk_unit: 'HD', headId: '13' }, hrbp)).toMatchObject({ ok: false, message: { zh: expect.stringContaining('headId'), en: expect.stringContaining('headId') } });
  });

  it("is issued by HRBP for the unit it names, naming that unit's head; an administrator is not asked", () => {
    expect(create({ tk_unit: 'HD', headId: '12' }, hrbp)).toMatchObject({ ok: true, set: { tk_owner: '20', tk_status: 'issued' } });
    // the letter stays at the unit it names, not at its issuer's
    const made = create({ tk_unit: 'HD', headId: '12' }, hrbp);
    expect(made.ok && Object.hasOwn(made.set, 'tk_unit')).toBe(false);
    expect(create({ tk_unit: 'HN', headId: 'whoever' }, ROOT)).toMatchObject({ ok: true });
  });
});

describe("a user's save of an existing flow record", () => {
  const runtime = (collection: string) => {
    const flow = store().current?.guard.flowOf(collection);
    if (!flow) throw new Error(`no flow for ${collection}`);
    return flow;
  };
  const change = (values: Record<string, unknown>) => ({ isNew: false, get: (f: string) => values[f], changes: (f: string) => f in values });

  it("cannot rewrite a letter's head, hash, numbers or signature, unless an administrator", () => {
    const letters = runtime(LETTERS);
    const bound = store().current?.guard.boundOf(LETTERS) ?? [];
    for (const field of ['headId', 'headName', 'hash', 'base', 'stretch', 'period', 'signedBy', 'signerId', 'signedMac', 'signedAt', 'signedHash', 'voidReason']) {
      expect(checkSave(letters, change({ [field]: '12' }), HEAD, bound), field).toMatchObject({ ok: false, message: { zh: expect.stringContaining(field), en: expect.stringContaining(field) } });
      expect(checkSave(letters, change({ [field]: '12' }), ROOT, bound), field).toEqual({ ok: true, set: {} });
    }
    // what signing asks of the head stays his to write
    expect(checkSave(letters, change({ typedName: '华东负责人', agree: true, tk_action: 'sign' }), HEAD, bound)).toEqual({ ok: true, set: { tk_actor: '12' } });
  });

  it("cannot rewrite any flow's assigned fields, except those a person's transition asks for", () => {
    const rep: HostUser = { id: 11, roleNames: ['member', 'tk_rep'], unitId: 'HD01-01' };
    const filing = runtime('tk_target_filing');
    for (const field of ['base', 'stretch']) expect(checkSave(filing, change({ [field]: 1 }), rep), field).toMatchObject({ ok: false });
    for (const field of ['declaredBase', 'confirmedBase', 'comment', 'note']) expect(checkSave(filing, change({ [field]: 1 }), HEAD), field).toMatchObject({ ok: true });
    const review = runtime('tk_target_review');
    for (const field of ['finalBase', 'finalStretch', 'base']) expect(checkSave(review, change({ [field]: 1 }), HEAD), field).toMatchObject({ ok: false });
    expect(checkSave(review, change({ requestedBase: 1, reason: 'r', evidence: ['e'] }), HEAD)).toMatchObject({ ok: true });
  });

  it("leaves a decider's form fields writable: his manual task writes them into the record", () => {
    const guard = store().current?.guard;
    const review = runtime('tk_target_review');
    const director: HostUser = { id: 16, roleNames: ['member', 'tk_sales_director'], unitId: 'YQ' };
    const bound = guard?.boundOf('tk_target_review') ?? [];
    expect(checkSave(review, change({ decision: 'approved', approvedBase: 1, comment: 'ok' }), director, bound)).toMatchObject({ ok: true });
    for (const field of ['finalBase', 'finalStretch', 'base']) expect(checkSave(review, change({ [field]: 1 }), director, bound), field).toMatchObject({ ok: false });
    // a letter's numbers show read-only in the head's form: they stay bound
    expect(checkSave(runtime(LETTERS), change({ base: 1 }), HEAD, guard?.boundOf(LETTERS))).toMatchObject({ ok: false });
  });
});
