/**
 * The electronic commitment letter (电子承诺书): generated per unit of a frozen plan from a
 * template in the bundle's parameters, signed with a typed name, a time and the SHA-256 of
 * the letter's content, so any later change of its numbers voids the signature.
 */
import { formatYuan, type Fen } from '../money/money.js';
import { problem, type Lang, type Localized, type Problem } from '../problems.js';
import { canonicalJson } from '../digest/canonical.js';
import { sha256Hex } from '../digest/sha256.js';

/** One language of a letter template; `{field}` placeholders are filled from the letter. */
interface LetterTemplateText {
  title: string;
  paragraphs: string[];
  signatureLabel: string;
  dateLabel: string;
}

export type LetterTemplate = Record<Lang, LetterTemplateText>;

export interface LetterFields {
  unitId: string;
  unitName: string;
  /** The unit head who signs. */
  headName: string;
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
  name: string;
  /** ISO time with offset. */
  at: string;
  hash: string;
}

const FIELD = /\{(\w+)\}/g;

export function checkLetterTemplate(value: unknown, file: string, pointer: string): Problem[] {
  const out: Problem[] = [];
  const known = new Set(['unitId', 'unitName', 'headName', 'period', 'base', 'stretch', 'bonusTerms', 'company']);
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
    [t.title, ...t.paragraphs].forEach((text, i) => {
      for (const m of String(text).matchAll(FIELD)) {
        if (!known.has(m[1] as string)) {
          out.push(problem('LETTER_UNKNOWN_FIELD', file, i === 0 ? `${at}/title` : `${at}/paragraphs/${i - 1}`, {
            zh: `承诺书模板使用了未知字段 {${m[1]}}（可用：${[...known].join('、')}）`,
            en: `the letter template uses an unknown field {${m[1]}} (known: ${[...known].join(', ')})`,
          }));
        }
      }
    });
  }
  return out;
}

/** 8000000 yuan in fen → "8,000,000.00". */
function groupedYuan(fen: Fen): string {
  const [int, dec] = formatYuan(fen).split('.') as [string, string];
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${dec}`;
}

export function composeLetter(template: LetterTemplate, fields: LetterFields, lang: Lang): Letter {
  const t = template[lang];
  const values: Record<string, string> = {
    ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v)])),
    base: groupedYuan(fields.base),
    stretch: groupedYuan(fields.stretch),
  };
  const fill = (text: string) => text.replace(FIELD, (_, name: string) => values[name] ?? `{${name}}`);
  const content: LetterContent = {
    ...fields,
    lang,
    title: fill(t.title),
    paragraphs: t.paragraphs.map(fill),
    labels: { signature: t.signatureLabel, date: t.dateLabel },
  };
  return { content, hash: sha256Hex(canonicalJson(content)) };
}

type SignResult = { ok: true; signature: Signature } | { ok: false; message: Localized };

export function signLetter(letter: Letter, name: string, at: string): SignResult {
  if (!name.trim()) return { ok: false, message: { zh: '请输入签名人姓名', en: 'type the signer\'s name' } };
  if (name.trim() !== letter.content.headName.trim()) {
    return { ok: false, message: { zh: `签名应为负责人本人姓名（${letter.content.headName}）`, en: `the signature must be the unit head's own name (${letter.content.headName})` } };
  }
  if (Number.isNaN(Date.parse(at))) return { ok: false, message: { zh: '签名时间无效', en: 'invalid signing time' } };
  return { ok: true, signature: { name: name.trim(), at, hash: letter.hash } };
}

/** A signature holds only while the letter's content is the one that was signed. */
export function signatureValid(letter: Letter, signature: Signature): boolean {
  return signature.hash === sha256Hex(canonicalJson(letter.content)) && signature.hash === letter.hash;
}
