/**
 * The letter flow of a bundle (承诺书流程), read from the bundle itself so that every host gives
 * the same answer: which template issues letters, which of its roles issue them and which sign
 * them, which fields of a host's flat letter record are the letter (what its hash and signature
 * cover), and whether a given person may issue a given letter. A host that keeps letters as
 * records (NocoBase) calls this instead of listing fields or roles of its own, so a customised
 * letter form, or a bundle whose roles are named otherwise, is signed and guarded as written.
 */
import type { FlowDef, FlowTransition, FormNode, TemplateDef } from '../bundle/types.js';
import type { Actor } from '../flow/types.js';
import type { OrgTree } from '../org/org-tree.js';
import type { Localized } from '../problems.js';
import { LETTER_FIELD_NAMES, type LetterFields } from './letter.js';

export interface LetterFlow {
  templateId: string;
  flow: FlowDef;
  /** Bundle roles that issue (create) letters: the template's roles that do not sign them. */
  issuers: readonly string[];
  /** Actions by which the letter's head signs it. */
  signing: readonly string[];
  /** Fields of a flat letter record that are the letter, sorted: its hash covers them. */
  fields: readonly string[];
}

/** The `letters` parameter group holds the letter's text: a template using it speaks of letters. */
const LETTERS_GROUP = 'letters';
/** Whom a letter names as its signer, in the runtime's letter model (signLetter compares it with the signer). */
const HEAD_FIELD = 'headId' satisfies keyof LetterFields;

function reads(logic: unknown, path: string): boolean {
  if (Array.isArray(logic)) return logic.some((l) => reads(l, path));
  if (typeof logic !== 'object' || logic === null) return false;
  return Object.entries(logic).some(([op, args]) => (op === 'var' && [args].flat()[0] === path) || reads(args, path));
}

/**
 * The head signs where only he may act: a person's transition whose guard compares the acting
 * user with the letter's head. Other templates that quote the letters' texts (a review, a
 * recalculation) have no such step and are not letter flows.
 */
const signsAsHead = (t: FlowTransition): boolean =>
  !t.roles.includes('system') && t.guard !== undefined && 'logic' in t.guard
  && reads(t.guard.logic, `instance.${HEAD_FIELD}`) && reads(t.guard.logic, 'actor.id');

/** The data fields of a form, read-only ones included; void containers are looked into. */
function formFields(form: FormNode | undefined, editableOnly: boolean, into: Set<string>): void {
  for (const [name, child] of Object.entries(form?.properties ?? {})) {
    if (child.type === 'void') formFields(child, editableOnly, into);
    else if (!editableOnly || (child['x-pattern'] !== 'readPretty' && child['x-pattern'] !== 'readOnly' && child['x-read-only'] !== true)) into.add(name);
  }
}

/**
 * The letter flow of `template` (with its flow `flow`), or null when it is not one. The letter's
 * fields are the runtime letter's (LetterFields) and every field of the template's forms, except
 * what the signer enters when he signs (his form's editable fields, what his step requires),
 * what any step assigns (the signature itself) and what a binding computes from the rest.
 */
export function letterFlowOf(template: TemplateDef, flow: FlowDef | undefined): LetterFlow | null {
  if (!flow || !template.parameters?.includes(LETTERS_GROUP)) return null;
  const signing = flow.transitions.filter(signsAsHead);
  if (!signing.length) return null;
  const signers = new Set(signing.flatMap((t) => t.roles));
  const fields = new Set<string>(LETTER_FIELD_NAMES);
  for (const form of Object.values(template.forms)) formFields(form, false, fields);
  const notLetter = new Set<string>();
  for (const t of signing) formFields(t.form ? template.forms[t.form] : undefined, true, notLetter);
  for (const t of flow.transitions) {
    for (const field of t.requires ?? []) notLetter.add(field);
    for (const path of Object.keys(t.assign ?? {})) notLetter.add(path.split('.')[0] ?? '');
  }
  for (const binding of template.bindings ?? []) notLetter.add(binding.target);
  return {
    templateId: template.id,
    flow,
    issuers: template.roles.filter((r) => r !== 'system' && !signers.has(r)),
    signing: signing.map((t) => t.action),
    fields: [...fields].filter((f) => !notLetter.has(f)).sort(),
  };
}

/**
 * Who signs the letter of `unit`: a rep signs his own (a rep unit is the person: its id is his
 * user id unless the org's head column names another), any other unit's head signs for it
 * (the org's `head` column); undefined when the org names none.
 */
export function letterSignerOf(unit: { id: string; level: string; input: { head?: string } }): string | undefined {
  const head = unit.input.head?.trim();
  return head || (unit.level === 'rep' ? unit.id : undefined);
}

type LetterIssueVerdict =
  | { ok: true }
  | { ok: false; code: 'LETTER_ISSUER' | 'LETTER_UNIT' | 'LETTER_HEAD'; field?: string; message: Localized };

/**
 * Whether `actor` may issue `letter`: he holds an issuing role, the letter's unit lies in his own
 * subtree of the org, and the head it names is its signer (letterSignerOf: the org's `head` column, a rep himself)
 * (never himself). `at` names the record's fields that hold the unit and the head, for messages.
 */
export function checkLetterIssue(
  letters: LetterFlow, tree: OrgTree, actor: Actor, letter: Readonly<Record<string, unknown>>,
  at: { unit: string; head: string } = { unit: 'unitId', head: HEAD_FIELD },
): LetterIssueVerdict {
  if (!actor.roles.some((r) => letters.issuers.includes(r))) {
    return { ok: false, code: 'LETTER_ISSUER', message: { zh: `只有 ${letters.issuers.join('、')} 可以下发承诺书`, en: `only ${letters.issuers.join(', ')} may issue a letter` } };
  }
  const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '');
  const unitId = text(letter[at.unit]);
  const unit = tree.get(unitId);
  if (!unit) {
    return { ok: false, code: 'LETTER_UNIT', field: at.unit, message: { zh: `字段 ${at.unit}：组织中没有单位“${unitId}”`, en: `field ${at.unit}: the organisation has no unit "${unitId}"` } };
  }
  if (!tree.get(actor.unitId) || !tree.isWithin(unit.id, actor.unitId)) {
    return { ok: false, code: 'LETTER_UNIT', field: at.unit, message: { zh: `字段 ${at.unit}：${unit.name}（${unit.id}）不在你负责的范围（${actor.unitId || '无单位'}）内`, en: `field ${at.unit}: ${unit.name} (${unit.id}) is outside your unit (${actor.unitId || 'none'})` } };
  }
  const head = letterSignerOf(unit);
  const named = text(letter[at.head]);
  if (!head) {
    return { ok: false, code: 'LETTER_HEAD', field: at.head, message: { zh: `字段 ${at.head}：组织数据没有登记 ${unit.name}（${unit.id}）的负责人（head 列），不能为它下发承诺书`, en: `field ${at.head}: the organisation names no head of ${unit.name} (${unit.id}) in its head column; no letter can be issued for it` } };
  }
  if (named !== head) {
    return { ok: false, code: 'LETTER_HEAD', field: at.head, message: { zh: `字段 ${at.head}：${unit.name}（${unit.id}）的负责人是 ${head}，不是“${named}”`, en: `field ${at.head}: the head of ${unit.name} (${unit.id}) is ${head}, not "${named}"` } };
  }
  if (head === actor.id) {
    return { ok: false, code: 'LETTER_HEAD', field: at.head, message: { zh: `字段 ${at.head}：不能为自己下发承诺书`, en: `field ${at.head}: you cannot issue a letter to yourself` } };
  }
  return { ok: true };
}
