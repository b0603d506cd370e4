/**
 * The letter page's server side: `targetKit:letterText` composes a stored letter's text with
 * the bundle's letter template (the runtime's letterOfStored, the text the playground shows),
 * and `targetKit:exportLetters` gives the letters' issuers (HRBP, HQ) the signed letters as an
 * XLSX for the HR system, each signature checked under the plugin's secret, amounts as numbers.
 *
 * letterText composes only what the caller sends: the record he read through NocoBase's own
 * list, within his data scope. It never reads a record itself, so it cannot show a letter the
 * caller's scope hides. exportLetters reads the collection itself, and is refused to anyone who
 * does not issue letters.
 */
import { formatYuan, letterOfStored, neutraliseCell, parseYuan, type Lang, type LetterFlow, type LettersParameters } from '../../../../../plugin/index.js';
import { UNIT_FIELD } from '../../../contract.js';
import { pickLang } from './locale.js';
import type { RuleStore } from './rule-store.js';
import { hashedLetterOfRecord, letterFieldsOf, recordSignature } from './signing.js';
import { xlsxOf } from './xlsx.js';

/** What the actions need of NocoBase's request context (declared here, so tests load this module without NocoBase). */
interface Context {
  action: { params: { values?: unknown } };
  request: { query: Record<string, string | string[] | undefined> };
  get(header: string): string;
  state: { currentUser?: { id: number | string } };
  status: number;
  body: unknown;
  withoutDataWrapping?: boolean;
}

type Handler = (ctx: Context, next: () => Promise<void>) => Promise<void>;

interface LetterDeps {
  store: RuleStore;
  ready(): Promise<void>;
  secret(): Promise<string>;
  /** The bundle roles of the signed-in user, and whether he is an administrator. */
  caller(ctx: Context): Promise<{ admin: boolean; roles: string[] }>;
  /** Every record of a collection. */
  records(collection: string): Promise<Array<Record<string, unknown>>>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function reply(ctx: Context, status: number, body: unknown): void {
  ctx.withoutDataWrapping = true;
  ctx.status = status;
  ctx.body = body;
}

function refuse(ctx: Context, status: number, code: string, zh: string, en: string, lang: Lang): void {
  reply(ctx, status, { errors: [{ code, message: lang === 'zh' ? zh : en, messages: { zh, en } }] });
}

/** The columns of the HR export: the CLI's and the playground's (hrExport), of stored letters. */
export const EXPORT_COLUMNS = ['unit_id', 'unit_name', 'head_name', 'period', 'base', 'stretch', 'hash', 'status', 'signed_by', 'signer_id', 'signed_at', 'keyed'] as const;

/** Yuan as stored (a number or its text) → the exact yuan as a number for a spreadsheet cell. */
function yuanNumber(value: unknown): number | string {
  const fen = parseYuan(value === null || value === undefined ? '' : String(value));
  return fen === null ? String(value ?? '') : Number(formatYuan(fen));
}

/** One export row of a stored letter: signed while its signature holds, void once the letter changed. */
export function exportRow(record: Record<string, unknown>, fields: readonly string[], key: string): Record<(typeof EXPORT_COLUMNS)[number], string | number | boolean> {
  const { signature, valid } = recordSignature(record, fields, key);
  const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
  return {
    unit_id: str(record[UNIT_FIELD]), unit_name: str(record.unit), head_name: str(record.headName), period: str(record.period),
    base: yuanNumber(record.base), stretch: yuanNumber(record.stretch), hash: str(record.signedHash ?? record.hash),
    status: !signature ? 'unsigned' : valid ? 'signed' : 'void',
    signed_by: signature?.name ?? '', signer_id: signature?.signerId ?? '', signed_at: signature?.at ?? '', keyed: signature?.mac !== undefined,
  };
}

/** The rows as an XLSX workbook: text cells neutralised against formulas, numbers as numbers. */
export function exportXlsx(rows: ReadonlyArray<Record<string, string | number | boolean>>, sheetName: string): Buffer {
  return xlsxOf(sheetName, [EXPORT_COLUMNS.map((c) => neutraliseCell(c)), ...rows.map((row) => EXPORT_COLUMNS.map((c) => neutraliseCell(row[c] ?? '')))]);
}

export function createLetterActions(deps: LetterDeps): Record<'letterText' | 'exportLetters', Handler> {
  const langOf = (ctx: Context): Lang => {
    const query = ctx.request.query.locale;
    return pickLang({ xLocale: ctx.get('X-Locale'), queryLocale: Array.isArray(query) ? query[0] : query, acceptLanguage: ctx.get('Accept-Language') }, 'zh');
  };
  const lettersOf = (collection: unknown): { letters: LetterFlow; params: LettersParameters } | undefined => {
    const active = deps.store.current;
    const letters = typeof collection === 'string' ? active?.guard.letterOf(collection) : undefined;
    const params = active?.loaded.parameters.letters as LettersParameters | undefined;
    return letters && params ? { letters, params } : undefined;
  };
  return {
    async letterText(ctx, next) {
      await deps.ready();
      const lang = langOf(ctx);
      const values = isRecord(ctx.action.params.values) ? ctx.action.params.values : {};
      const found = lettersOf(values.collection);
      const record = values.record;
      if (!found || !isRecord(record)) {
        refuse(ctx, 400, 'REQUEST_INVALID', '请求体应为 { collection: 承诺书集合, record: 承诺书记录 }', 'the body must be { collection: a letter collection, record: a letter record }', lang);
        return next();
      }
      const composed = letterOfStored(found.params, {
        unitId: record[UNIT_FIELD], unitName: record.unit, headName: record.headName, headId: record.headId, period: record.period, base: record.base, stretch: record.stretch,
        // a rep's unit is the person: his letter is in his own words, whatever his user id
        personal: deps.store.current?.guard.tree.get(String(record[UNIT_FIELD] ?? ''))?.level === 'rep',
      }, lang);
      if (!composed.ok) {
        refuse(ctx, 400, 'LETTER_AMOUNT', composed.message.zh, composed.message.en, lang);
        return next();
      }
      const { content } = composed.letter;
      // the hash a signature binds: the one stamped at signing, or the one signing would stamp now
      const signed = typeof record.signedHash === 'string' && record.signedHash ? record.signedHash : undefined;
      const hash = signed ?? hashedLetterOfRecord(record, letterFieldsOf(found.letters)).hash;
      reply(ctx, 200, { data: { title: content.title, paragraphs: content.paragraphs, labels: content.labels, hash, signed: signed !== undefined } });
      return next();
    },

    async exportLetters(ctx, next) {
      await deps.ready();
      const lang = langOf(ctx);
      const values = isRecord(ctx.action.params.values) ? ctx.action.params.values : {};
      const found = lettersOf(values.collection);
      if (!found || typeof values.collection !== 'string') {
        refuse(ctx, 400, 'REQUEST_INVALID', '请求体应为 { collection: 承诺书集合 }', 'the body must be { collection: a letter collection }', lang);
        return next();
      }
      const caller = await deps.caller(ctx);
      if (!caller.admin && !caller.roles.some((r) => found.letters.issuers.includes(r))) {
        refuse(ctx, 403, 'LETTER_EXPORT', `只有下发承诺书的角色（${found.letters.issuers.join('、')}）可以导出承诺书`, `only the roles that issue letters (${found.letters.issuers.join(', ')}) may export them`, lang);
        return next();
      }
      const key = await deps.secret();
      const fields = letterFieldsOf(found.letters);
      // the letters that carry a signature: signed, or void once changed after signing
      const rows = (await deps.records(values.collection)).map((r) => exportRow(r, fields, key)).filter((r) => r.status !== 'unsigned');
      const file = exportXlsx(rows, lang === 'zh' ? '承诺书' : 'letters');
      reply(ctx, 200, { data: { name: 'letters.xlsx', rows: rows.length, xlsx: file.toString('base64') } });
      return next();
    },
  };
}

