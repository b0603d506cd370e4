/**
 * Problems are data: every refusal the runtime reports (a bad bundle, a rule that does not
 * compile, a CSV row with text in a number column) is a Problem with a stable code, the place
 * it was found and a message in both languages our users work in. Hosts choose the language.
 */

/** A message in Simplified Chinese and English. */
export interface Localized {
  zh: string;
  en: string;
}

export type Lang = 'zh' | 'en';

/**
 * Free text a bundle author writes (a rule example's note): {zh, en}, or one plain string that a
 * customised bundle may keep, shown as it is in both languages.
 */
export type AuthorText = string | Localized;

/** Author text in one language. */
export function authorText(text: AuthorText, lang: Lang): string {
  return typeof text === 'string' ? text : text[lang];
}

export interface Problem {
  /** Stable machine code, e.g. `SCHEMA`, `REF_UNKNOWN_RULE`, `RULE_UNKNOWN_OPERATOR`. */
  code: string;
  /** Path of the file inside the bundle (or the file given on the command line). */
  file: string;
  /** RFC 6901 JSON pointer inside that file; '' means the whole file. */
  pointer: string;
  message: Localized;
  severity: 'error' | 'warning';
  /** 1-based row and column, for tabular input (CSV, XLSX). */
  row?: number;
  column?: number | string;
}

export function problem(
  code: string,
  file: string,
  pointer: string,
  message: Localized,
  severity: Problem['severity'] = 'error',
): Problem {
  return { code, file, pointer, message, severity };
}

/** One line a person can read: `file#/pointer: message [CODE]`. */
export function formatProblem(p: Problem, lang: Lang): string {
  const where = p.row !== undefined
    ? `${p.file}:${p.row}${p.column !== undefined ? `:${p.column}` : ''}`
    : `${p.file}#${p.pointer}`;
  return `${where}: ${p.message[lang]} [${p.code}]`;
}

/**
 * A runtime failure raised while compiling or evaluating a rule. Compiled rules are closures,
 * so failure inside them has to unwind the stack; it still carries a code and both messages.
 */
export class RuleError extends Error {
  readonly code: string;
  readonly pointer: string;
  readonly messages: Localized;

  constructor(code: string, messages: Localized, pointer = '') {
    super(messages.en);
    this.name = 'RuleError';
    this.code = code;
    this.pointer = pointer;
    this.messages = messages;
  }
}

export function isRuleError(e: unknown): e is RuleError {
  return e instanceof RuleError;
}

/** Escape one reference token for a JSON pointer (RFC 6901). */
export function escapePointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function joinPointer(base: string, ...tokens: Array<string | number>): string {
  return base + tokens.map((t) => '/' + escapePointerToken(t)).join('');
}
