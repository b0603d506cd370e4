/**
 * Commitment letters signed on the server: `targetKit:sign` signs a letter as the signed-in
 * user (the session's user id, never a name in the request) under the plugin's secret, and
 * `targetKit:verify` checks a signature against it, so a letter whose numbers were changed and
 * whose hashes were recomputed without the secret does not verify. The secret (256 random
 * bits) is made once and kept in the plugin's collection, row `signing-secret`, so every node
 * of a cluster and every restart signs with the same one; it is never sent to a client.
 */
import { randomBytes } from 'node:crypto';
import {
  canonicalJson, sha256Hex, signatureValid, signLetter, type composeLetter, type LetterFlow, type Signature,
} from '../../../../../plugin/index.js';
import { UNIT_FIELD } from '../../../contract.js';

type Letter = ReturnType<typeof composeLetter>;

/**
 * The fields of a stored letter record that are the letter: the bundle's letter flow says which
 * (letterFlowOf: the runtime letter's fields and the letter form's), and the record's unit, which
 * NocoBase keeps in a field of its own. NocoBase keeps a letter as one flat record (no
 * paragraphs), so the letter a record stands for is these fields as stored, not a rendered text.
 */
export const letterFieldsOf = (letters: LetterFlow): readonly string[] => [...letters.fields, UNIT_FIELD];

/** The letter a stored record stands for; `hash` is the record's own unless given. */
function letterOfRecord(record: Record<string, unknown>, fields: readonly string[], hash?: string): Letter {
  const content: Record<string, unknown> = {};
  for (const field of fields) if (record[field] !== undefined && record[field] !== null) content[field] = record[field];
  // signLetter and signatureValid read headId as a string: NocoBase may store the id as a number
  if (content.headId !== undefined) content.headId = String(content.headId);
  return { content, hash: hash ?? (typeof record.hash === 'string' ? record.hash : '') } as unknown as Letter;
}

/** The same letter with its hash made from its content, as signing stamps it. */
export function hashedLetterOfRecord(record: Record<string, unknown>, fields: readonly string[]): Letter {
  return letterOfRecord(record, fields, sha256Hex(canonicalJson(letterOfRecord(record, fields).content)));
}

/** The signature a signed letter record carries, or null before it is signed. */
function signatureOfRecord(record: Record<string, unknown>): Signature | null {
  return asSignature({ signerId: record.signerId, name: record.signedBy, at: record.signedAt, hash: record.signedHash, ...(record.signedMac ? { mac: record.signedMac } : {}) });
}

/** A stored letter record's signature and whether it still holds under `key` (null before it is signed). */
export function recordSignature(record: Record<string, unknown>, fields: readonly string[], key: string): { signature: Signature | null; valid: boolean } {
  const signature = signatureOfRecord(record);
  return { signature, valid: signature ? signatureValid(letterOfRecord(record, fields), signature, key) : false };
}

/** What signing needs of NocoBase's request context (declared here, so tests run it without NocoBase). */
interface SigningContext {
  action: { params: { values?: unknown } };
  state: { currentUser?: { id: number | string } };
  status: number;
  body: unknown;
  withoutDataWrapping?: boolean;
}

type SigningAction = (ctx: SigningContext, next: () => Promise<void>) => Promise<void>;

/** What the secret needs of the plugin's collection. */
interface SecretTable {
  findOne(options: { filter: Record<string, unknown> }): Promise<{ get(key: string): unknown } | null>;
  create(options: { values: Record<string, unknown> }): Promise<unknown>;
}

const SECRET_KEY = 'signing-secret';

/**
 * The plugin's signing secret, made on first use. Its row reuses the collection's `hash`
 * column: the table is the plugin's own and has no other place for a short string.
 */
export function signingSecret(repository: () => SecretTable): () => Promise<string> {
  let secret: Promise<string> | undefined;
  const read = async (): Promise<string | null> => {
    const row = await repository().findOne({ filter: { key: SECRET_KEY } });
    const value = row?.get('hash');
    return typeof value === 'string' && value.length >= 32 ? value : null;
  };
  const make = async (): Promise<string> => {
    const stored = await read();
    if (stored) return stored;
    try {
      await repository().create({ values: { key: SECRET_KEY, hash: randomBytes(32).toString('hex') } });
    } catch {
      // another node made it at the same moment (the key is unique): use that one
    }
    const made = await read();
    if (!made) throw new Error('target-kit: the signing secret could not be stored');
    return made;
  };
  return () => {
    secret ??= make().catch((e: unknown) => {
      secret = undefined;
      throw e;
    });
    return secret;
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function asLetter(v: unknown): Letter | null {
  return isRecord(v) && isRecord(v.content) && typeof v.hash === 'string' && typeof v.content.headId === 'string' ? v as unknown as Letter : null;
}

function asSignature(v: unknown): Signature | null {
  if (!isRecord(v) || !['signerId', 'name', 'at', 'hash'].every((k) => typeof v[k] === 'string')) return null;
  return v.mac === undefined || typeof v.mac === 'string' ? v as unknown as Signature : null;
}

function answer(ctx: SigningContext, status: number, body: unknown): void {
  ctx.withoutDataWrapping = true;
  ctx.status = status;
  ctx.body = body;
}

const valuesOf = (ctx: SigningContext): Record<string, unknown> => (isRecord(ctx.action.params.values) ? ctx.action.params.values : {});

/**
 * A stored letter record of a collection whose flow signs letters, with the fields that are the
 * letter, or undefined (no such collection, flow or record): what `targetKit:verify` with
 * `{ collection, id }` checks.
 */
type StoredLetter = (collection: string, id: unknown) => Promise<{ record: Record<string, unknown>; fields: readonly string[] } | undefined>;

export function createSigningActions(secret: () => Promise<string>, stored?: StoredLetter): Record<'sign' | 'verify', SigningAction> {
  return {
    async sign(ctx, next) {
      const letter = asLetter(valuesOf(ctx).letter);
      const user = ctx.state.currentUser;
      if (!letter) {
        answer(ctx, 400, { errors: [{ code: 'REQUEST_INVALID', message: 'the body must be { "letter": { "content", "hash" } }' }] });
      } else if (!user) {
        answer(ctx, 401, { errors: [{ code: 'LETTER_SIGNER', message: 'nobody is signed in' }] });
      } else {
        const signed = signLetter(letter, { id: String(user.id) }, new Date().toISOString(), await secret());
        if (signed.ok) answer(ctx, 200, { data: signed.signature });
        else answer(ctx, 403, { errors: [{ code: 'LETTER_SIGNER', message: signed.message.en, messages: signed.message }] });
      }
      return next();
    },

    async verify(ctx, next) {
      const values = valuesOf(ctx);
      if (typeof values.collection === 'string' && stored) {
        const letter = await stored(values.collection, values.id);
        const signature = letter ? signatureOfRecord(letter.record) : null;
        if (!letter) answer(ctx, 404, { errors: [{ code: 'LETTER_NOT_FOUND', message: `no letter ${String(values.id)} in ${values.collection}`, messages: { zh: `${values.collection} 中没有承诺书 ${String(values.id)}`, en: `no letter ${String(values.id)} in ${values.collection}` } }] });
        else if (!signature) answer(ctx, 200, { data: { valid: false, keyed: false, signed: false } });
        else answer(ctx, 200, { data: { valid: signatureValid(letterOfRecord(letter.record, letter.fields), signature, await secret()), keyed: signature.mac !== undefined, signed: true } });
        return next();
      }
      const letter = asLetter(values.letter);
      const signature = asSignature(values.signature);
      if (!letter || !signature) {
        answer(ctx, 400, { errors: [{ code: 'REQUEST_INVALID', message: 'the body must be { "letter", "signature" } or { "collection", "id" }' }] });
      } else {
        answer(ctx, 200, { data: { valid: signatureValid(letter, signature, await secret()), keyed: signature.mac !== undefined } });
      }
      return next();
    },
  };
}
