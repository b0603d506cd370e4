/**
 * The electronic commitment letter (电子承诺书): generated per unit of a frozen plan from a
 * template in the bundle's parameters. A signature binds the signer's user id as the host
 * authenticated him (never a typed name: anyone can type his lead's name), the time and the
 * SHA-256 of the letter's content; where the host has a secret it also carries an HMAC of
 * those under that secret, so a letter whose numbers were changed and whose hashes were
 * recomputed no longer verifies. Without a secret a signature is unkeyed: it shows a change
 * made without recomputing the hash, and nothing more, which hosts say.
 */
import { formatYuanGrouped, type Fen } from '../money/money.js';
import { problem, type Lang, type Localized, type Problem } from '../problems.js';
import { canonicalJson } from '../digest/canonical.js';
import { hmacSha256Hex, sha256Hex } from '../digest/sha256.js';

/** One language of a letter template; `{field}` placeholders are filled from the letter. */
interface LetterTemplateText {
  title: string;
  paragraphs: string[];
  /**
   * The paragraphs of a personal letter, whose unit is the signer himself (a rep): he commits
   * for himself, not as the head of a unit. Absent: `paragraphs` serve every letter.
   */
  selfParagraphs?: string[];
  signatureLabel: string;
  dateLabel: string;
}

export type LetterTemplate = Record<Lang, LetterTemplateText>;

export interface LetterFields {
  unitId: string;
  unitName: string;
  /** The unit head who signs, as the letter names him. */
  headName: string;
  /** The unit head's user id, as the hosts authenticate users: only he may sign. */
  headId: string;
  period: string;
  base: Fen;
  stretch: Fen;
  /** How the bonus is earned, in the letter's language. */
  bonusTerms: string;
  /** Who receives the letter (company name), in the letter's language. */
  company: string;
}

interface LetterContent extends LetterFields {
  lang: Lang;
  title: string;
  paragraphs: string[];
  labels: { signature: string; date: string };
}

export interface Letter {
  content: LetterContent;
  /** SHA-256 (hex) of the canonical JSON of `content`. */
  hash: string;
}

export interface Signature {
  /** The signer's user id, as the host authenticated him. */
  signerId: string;
  /** The signer's name as the letter gives it (shown, not checked). */
  name: string;
  /** ISO time with offset. */
  at: string;
  /** The letter's hash when it was signed. */
  hash: string;
  /** HMAC-SHA-256 of the signed statement under the host's secret; absent when unkeyed. */
  mac?: string;
}

const FIELD = /\{(\w+)\}/g;

/** The fields of every letter, whatever its template: what a host's letter record holds at least. */
export const LETTER_FIELD_NAMES: readonly (keyof LetterFields)[] = ['unitId', 'unitName', 'headName', 'headId', 'period', 'base', 'stretch', 'bonusTerms', 'company'];

export function checkLetterTemplate(value: unknown, file: string, pointer: string): Problem[] {
  const out: Problem[] = [];
  const known = new Set<string>(LETTER_FIELD_NAMES);
  for (const lang of ['zh', 'en'] as const) {
    const t = (value as Partial<LetterTemplate> | undefined)?.[lang];
    const at = `${pointer}/${lang}`;
    if (!t || typeof t.title !== 'string' || !Array.isArray(t.paragraphs) || typeof t.signatureLabel !== 'string' || typeof t.dateLabel !== 'string') {
      out.push(problem('LETTER_TEMPLATE', file, at, {
        zh: `承诺书模板缺少 ${lang} 文本（需要 title、paragraphs、signatureLabel、dateLabel）`,
        en: `the letter template lacks its ${lang} text (title, paragraphs, signatureLabel, dateLabel)`,
      }));
      continue;
    }
    if (t.selfParagraphs !== undefined && (!Array.isArray(t.selfParagraphs) || t.selfParagraphs.some((p) => typeof p !== 'string'))) {
      out.push(problem('LETTER_TEMPLATE', file, `${at}/selfParagraphs`, {
        zh: '承诺书模板的 selfParagraphs（本人承诺书的段落）须为文字列表',
        en: 'the letter template\'s selfParagraphs (the paragraphs of a personal letter) must be a list of texts',
      }));
      continue;
    }
    const texts: Array<[string, string]> = [
      [t.title, `${at}/title`],
      ...t.paragraphs.map((p, i): [string, string] => [p, `${at}/paragraphs/${i}`]),
      ...(t.selfParagraphs ?? []).map((p, i): [string, string] => [p, `${at}/selfParagraphs/${i}`]),
    ];
    texts.forEach(([text, place]) => {
      for (const m of String(text).matchAll(FIELD)) {
        if (!known.has(m[1] as string)) {
          out.push(problem('LETTER_UNKNOWN_FIELD', file, place, {
            zh: `承诺书模板使用了未知字段 {${m[1]}}（可用：${[...known].join('、')}）`,
            en: `the letter template uses an unknown field {${m[1]}} (known: ${[...known].join(', ')})`,
          }));
        }
      }
    });
  }
  return out;
}

/**
 * The letter of `fields` in `lang`. A letter whose signer is its own unit (headId = unitId: a
 * rep, whose unit id is his own id) is personal and takes the template's selfParagraphs; a host
 * whose users have ids of their own says so with `personal` (the unit is a rep's).
 */
export function composeLetter(template: LetterTemplate, fields: LetterFields, lang: Lang, personal = fields.headId === fields.unitId): Letter {
  const t = template[lang];
  const paragraphs = personal && t.selfParagraphs ? t.selfParagraphs : t.paragraphs;
  const values: Record<string, string> = {
    ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)])),
    base: formatYuanGrouped(fields.base),
    stretch: formatYuanGrouped(fields.stretch),
  };
  const fill = (text: string) => text.replace(FIELD, (_, name: string) => values[name] ?? `{${name}}`);
  const content: LetterContent = {
    ...fields,
    lang,
    title: fill(t.title),
    paragraphs: paragraphs.map(fill),
    labels: { signature: t.signatureLabel, date: t.dateLabel },
  };
  return { content, hash: sha256Hex(canonicalJson(content)) };
}

type SignResult = { ok: true; signature: Signature } | { ok: false; message: Localized };

/** What a signature's MAC covers: who, when, which content. */
const statement = (s: Pick<Signature, 'signerId' | 'at' | 'hash'>) => canonicalJson({ v: 1, signerId: s.signerId, at: s.at, hash: s.hash });

/**
 * `signer` is the user the host authenticated (its session's user id), not what was typed;
 * `key` is the host's secret, where it has one.
 */
export function signLetter(letter: Letter, signer: { id: string }, at: string, key?: string): SignResult {
  if (!signer.id.trim()) return { ok: false, message: { zh: '没有登录用户，不能签署', en: 'nobody is signed in: the letter cannot be signed' } };
  if (signer.id !== letter.content.headId) {
    return { ok: false, message: { zh: `只有负责人本人（${letter.content.headName}）可以签署这份承诺书，当前登录用户是 ${signer.id}`, en: `only the unit head (${letter.content.headName}) may sign this letter; you are signed in as ${signer.id}` } };
  }
  if (Number.isNaN(Date.parse(at))) return { ok: false, message: { zh: '签名时间无效', en: 'invalid signing time' } };
  // a host may be handed the letter by a client: its hash must be its content's
  if (letter.hash !== sha256Hex(canonicalJson(letter.content))) {
    return { ok: false, message: { zh: '承诺书的哈希与内容不符', en: 'the letter\'s hash does not match its content' } };
  }
  const signature: Signature = { signerId: signer.id, name: letter.content.headName, at, hash: letter.hash };
  return { ok: true, signature: key ? { ...signature, mac: hmacSha256Hex(key, statement(signature)) } : signature };
}

/**
 * A signature holds while the letter's content is the one signed, by its head. With the host's
 * `key` it must carry the MAC made with that key (an unkeyed or re-made one fails); without a
 * key only an unkeyed signature can be checked, and a keyed one does not hold.
 */
export function signatureValid(letter: Letter, signature: Signature, key?: string): boolean {
  const hash = sha256Hex(canonicalJson(letter.content));
  if (signature.hash !== hash || letter.hash !== hash || signature.signerId !== letter.content.headId) return false;
  if (!key) return signature.mac === undefined;
  return typeof signature.mac === 'string' && sameText(signature.mac, hmacSha256Hex(key, statement(signature)));
}

/** Compares in time that does not depend on where two MACs first differ. */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
