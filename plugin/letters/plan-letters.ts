/**
 * Letters for a whole plan: one per unit, from the plan's rows (the allocation's output), and
 * the export the HR system files. A signature export from a host (who signed which hash) is
 * checked against the letters as they are now: a letter whose numbers changed since it was
 * signed shows as void, not as signed.
 */
import { formatYuan, parseYuan } from '../money/money.js';
import { problem, type Lang, type Problem } from '../problems.js';
import { composeLetter, signatureValid, type Letter, type LetterTemplate, type Signature } from './letter.js';

interface PlanRow {
  line: number;
  record: Record<string, unknown>;
}

export interface LettersParameters {
  commitment: LetterTemplate;
  company: Record<Lang, string>;
  bonusTerms: Record<Lang, string>;
}

export interface UnitLetter {
  unitId: string;
  letter: Letter;
}

type PlanLettersResult = { ok: true; letters: UnitLetter[] } | { ok: false; problems: Problem[] };

/**
 * Rows need `id`, `name`, `base` and `stretch` (yuan, ≤ 2 decimals); `head_name` names the
 * signer and `head_id` is his user id as the hosts authenticate users. By default a rep (level
 * `rep`: the unit is the person, his unit id his user id) signs his own letter, and another
 * unit's head signs for it ("<unit name>负责人" / "Head of <unit name>", `head:<unit id>`);
 * `level` also filters with `levels`.
 */
export function planLetters(
  rows: readonly PlanRow[],
  params: LettersParameters,
  options: { period: string; lang: Lang; file: string; levels?: readonly string[] },
): PlanLettersResult {
  const problems: Problem[] = [];
  const letters: UnitLetter[] = [];
  const cell = (row: PlanRow, column: string, zh: string, en: string): Problem =>
    ({ ...problem('PLAN_CELL', options.file, '', { zh, en }), row: row.line, column });
  for (const row of rows) {
    const r = row.record;
    const id = String(r.id ?? '').trim();
    if (!id) {
      problems.push(cell(row, 'id', '缺少单位 id', 'the unit id is missing'));
      continue;
    }
    if (options.levels && r.level !== undefined && !options.levels.includes(String(r.level))) continue;
    const base = parseYuan(r.base);
    const stretch = parseYuan(r.stretch);
    if (base === null) problems.push(cell(row, 'base', `base 不是金额（元，最多两位小数）：${String(r.base)}`, `base is not an amount (yuan, at most 2 decimals): ${String(r.base)}`));
    if (stretch === null) problems.push(cell(row, 'stretch', `stretch 不是金额（元，最多两位小数）：${String(r.stretch)}`, `stretch is not an amount (yuan, at most 2 decimals): ${String(r.stretch)}`));
    if (base === null || stretch === null) continue;
    if (stretch < base) problems.push(cell(row, 'stretch', '挑战目标低于基础目标', 'Stretch is below Base'));
    const name = String(r.name ?? id);
    const self = String(r.level ?? '') === 'rep';
    const head = String(r.head_name ?? '').trim() || (self ? name : options.lang === 'zh' ? `${name}负责人` : `Head of ${name}`);
    const headId = String(r.head_id ?? '').trim() || (self ? id : `head:${id}`);
    letters.push({
      unitId: id,
      letter: composeLetter(params.commitment, {
        unitId: id, unitName: name, headName: head, headId, period: options.period, base, stretch,
        bonusTerms: params.bonusTerms[options.lang], company: params.company[options.lang],
      }, options.lang),
    });
  }
  return problems.length ? { ok: false, problems } : { ok: true, letters };
}

interface HrExportRow {
  unit_id: string;
  unit_name: string;
  head_name: string;
  period: string;
  base: string;
  stretch: string;
  hash: string;
  status: 'unsigned' | 'signed' | 'void';
  signed_by: string;
  signer_id: string;
  signed_at: string;
  /** Whether the signature was checked against the host's secret (false: unkeyed). */
  keyed: boolean;
}

/**
 * The HR system's view: every letter with its hash, and whether its signature still holds
 * (`signatureValid` under the host's `key`, where it has one).
 */
export function hrExport(letters: readonly UnitLetter[], signatures: ReadonlyMap<string, Signature> = new Map(), key?: string): HrExportRow[] {
  return letters.map(({ unitId, letter }) => {
    const c = letter.content;
    const sig = signatures.get(unitId);
    const status = !sig ? 'unsigned' : signatureValid(letter, sig, key) ? 'signed' : 'void';
    return {
      unit_id: unitId, unit_name: c.unitName, head_name: c.headName, period: c.period,
      base: formatYuan(c.base), stretch: formatYuan(c.stretch), hash: letter.hash, status,
      signed_by: sig?.name ?? '', signer_id: sig?.signerId ?? '', signed_at: sig?.at ?? '', keyed: Boolean(key),
    };
  });
}
