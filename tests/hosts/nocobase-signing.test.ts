/**
 * The NocoBase plugin's letter signing, without NocoBase: the secret is made once into the
 * plugin's collection and reused; `sign` signs as the session's user only when he heads the
 * letter; `verify` refuses a letter re-hashed after its numbers changed.
 */
import { describe, expect, it } from 'vitest';
import { composeLetter, loadBundle, type LetterTemplate } from '../../plugin/index.js';
import { createSigningActions, signingSecret } from '../../hosts/nocobase/plugin/src/server/signing.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

const loaded = loadBundle(defaultBundleFiles());
if (!loaded.ok) throw new Error('bundle');
const params = loaded.bundle.parameters.letters as { commitment: LetterTemplate; company: { zh: string }; bonusTerms: { zh: string } };
const fields = {
  unitId: 'east-1', unitName: '华东一组', headName: '陈明', headId: '7', period: '2026-Q2',
  base: 300_000_000, stretch: 400_000_000, bonusTerms: params.bonusTerms.zh, company: params.company.zh,
};

/** A repository over one in-memory table, keyed by `key`. */
function memoryRepository() {
  const rows = new Map<string, Record<string, unknown>>();
  const repository = {
    findOne: async ({ filter }: { filter: Record<string, unknown> }) => {
      const row = rows.get(String(filter.key));
      return row ? { get: (k: string) => row[k] } : null;
    },
    create: async ({ values }: { values: Record<string, unknown> }) => {
      if (rows.has(String(values.key))) throw new Error('unique');
      rows.set(String(values.key), values);
    },
  };
  return { repository, rows };
}

function call(values: unknown, userId?: number) {
  return { action: { params: { values } }, state: userId === undefined ? {} : { currentUser: { id: userId } }, status: 0, body: undefined as unknown };
}

describe('NocoBase letter signing', () => {
  it('makes the secret once and keeps it in the collection', async () => {
    const { repository, rows } = memoryRepository();
    const secret = signingSecret(() => repository);
    const first = await secret();
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(await signingSecret(() => repository)()).toBe(first);
    expect(rows.get('signing-secret')?.hash).toBe(first);
  });

  it('signs as the session\'s user, only the letter\'s head, and verification needs the secret', async () => {
    const { repository } = memoryRepository();
    const actions = createSigningActions(signingSecret(() => repository));
    const letter = composeLetter(params.commitment, fields, 'zh');
    const next = async () => undefined;

    const byHead = call({ letter }, 7);
    await actions.sign(byHead, next);
    expect(byHead.status).toBe(200);
    const signature = (byHead.body as { data: { signerId: string; mac?: string } }).data;
    expect(signature).toMatchObject({ signerId: '7', name: '陈明' });
    expect(signature.mac).toMatch(/^[0-9a-f]{64}$/);

    // his region head, whatever the request says about names
    const byOther = call({ letter, name: '陈明' }, 3);
    await actions.sign(byOther, next);
    expect(byOther.status).toBe(403);
    const nobody = call({ letter });
    await actions.sign(nobody, next);
    expect(nobody.status).toBe(401);

    const verify = async (l: unknown, s: unknown) => {
      const ctx = call({ letter: l, signature: s }, 1);
      await actions.verify(ctx, next);
      return (ctx.body as { data: { valid: boolean } }).data.valid;
    };
    expect(await verify(letter, signature)).toBe(true);
    const edited = composeLetter(params.commitment, { ...fields, base: 100 }, 'zh');
    expect(await verify(edited, { ...signature, hash: edited.hash })).toBe(false);
    const { mac: _none, ...unkeyed } = signature;
    expect(await verify(letter, unkeyed)).toBe(false);
  });
});
