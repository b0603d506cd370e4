/**
 * Validates a bundle file against its JSON Schema with the validators compiled ahead of time
 * (no code generation at run time) and turns ajv's errors into Problems in zh and en.
 */
import localizeEn from 'ajv-i18n/localize/en/index.js';
import localizeZh from 'ajv-i18n/localize/zh/index.js';
import * as validators from './schema-validators.generated.js';
import { notFraction } from '../fractions.js';
import { joinPointer, problem, type Localized, type Problem } from '../problems.js';

export type SchemaKind = 'bundle' | 'rules' | 'parameters' | 'template' | 'flow';

interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

type Validator = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

const byKind: Record<SchemaKind, Validator> = validators as unknown as Record<SchemaKind, Validator>;

export function checkSchema(kind: SchemaKind, value: unknown, file: string): Problem[] {
  const validate = byKind[kind];
  if (validate(value)) return [];
  const errors = dropNoise(foldBranches(validate.errors ?? []));
  const en = errors.map((e) => ({ ...e }));
  const zh = errors.map((e) => ({ ...e }));
  (localizeEn as unknown as (errs: AjvError[]) => void)(en);
  (localizeZh as unknown as (errs: AjvError[]) => void)(zh);
  return errors.map((e, i) => {
    if (FRACTION_BOUND.test(e.schemaPath)) return fractionProblem(e, value, file);
    const { pointer, detail } = locate(e);
    const words = e.keyword === 'pattern' ? patternWords(e, value) : undefined;
    if (words) return problem('SCHEMA', file, pointer, words);
    return problem('SCHEMA', file, pointer, {
      zh: `${zh[i]?.message ?? e.keyword}${detail}`,
      en: `${en[i]?.message ?? e.keyword}${detail}`,
    });
  });
}

/**
 * What each pattern of our schemas asks for, in words: a raw regular expression tells an
 * implementer nothing. Keyed by the pattern's source as the schemas write it.
 */
const PATTERN_WORDS: Readonly<Record<string, Localized>> = {
  '^[a-z][a-z0-9]*(?:[-.][a-z0-9]+)*$': {
    zh: 'id 只能用小写字母和数字，以小写字母开头，单词之间用 - 或 . 连接，不含空格（如 factor-history）',
    en: 'an id is lowercase letters and digits, starting with a letter, words joined by - or ., no spaces (e.g. factor-history)',
  },
  '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?$': {
    zh: '版本号应写成 主.次.修订（如 1.2.0）', en: 'a version is major.minor.patch (e.g. 1.2.0)',
  },
  '^(?!/)(?!.*(?:^|/)\\.\\.(?:/|$))(?!.*\\\\)[^:]+$': {
    zh: '应为包内的相对路径：不以 / 开头，不含 ..、反斜杠或冒号（如 rules/allocation.rules.json）',
    en: 'a path inside the bundle: not starting with /, without .., backslashes or colons (e.g. rules/allocation.rules.json)',
  },
  '^(instance|payload|actor)(?:\\.[A-Za-z_][A-Za-z0-9_]*)+$': {
    zh: '应为以 instance.、payload. 或 actor. 开头、用点分隔的字段路径，不含空格（如 payload.requestedBase）',
    en: 'a dotted field path starting with instance., payload. or actor., without spaces (e.g. payload.requestedBase)',
  },
  '^[A-Za-z_][A-Za-z0-9_]*$': {
    zh: '名称只能用字母、数字和下划线，不以数字开头（如 requestedBase）',
    en: 'a name is letters, digits and underscores, not starting with a digit (e.g. requestedBase)',
  },
  '^[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*$': {
    zh: '应为用点分隔的字段路径，每段由字母、数字和下划线组成（如 declared.base）',
    en: 'a dotted field path, each part letters, digits and underscores (e.g. declared.base)',
  },
  '^[a-z][A-Za-z0-9]*$': {
    zh: '名称以小写字母开头，只含字母和数字（如 allocationFactors）',
    en: 'a name starts with a lowercase letter and has only letters and digits (e.g. allocationFactors)',
  },
  '^[A-Za-z][A-Za-z0-9_]*$': {
    zh: '名称以字母开头，只含字母、数字和下划线（如 allocationFactors）',
    en: 'a name starts with a letter and has only letters, digits and underscores (e.g. allocationFactors)',
  },
};

/** A pattern error as words, quoting the value that failed; undefined for a pattern we do not know. */
function patternWords(e: AjvError, root: unknown): Localized | undefined {
  const words = typeof e.params.pattern === 'string' ? PATTERN_WORDS[e.params.pattern] : undefined;
  if (!words) return undefined;
  const value = valueAtPointer(root, e.instancePath);
  const shown = typeof value === 'string' ? JSON.stringify(value) : undefined;
  return shown === undefined ? words : { zh: `${shown} 不符合要求：${words.zh}`, en: `${shown} is not accepted: ${words.en}` };
}

function valueAtPointer(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/**
 * A value that fits no branch of a `oneOf`/`anyOf` gets every branch's complaints, most of them
 * about the branches the author never meant (a guard with a typo in `inputs` is also told it
 * lacks `logic`). Keep the branch that got furthest into the value — its errors sit deepest —
 * and drop the others; ties keep the branch with fewer errors. Errors outside any branch stay.
 */
function foldBranches(errors: AjvError[]): AjvError[] {
  const drop = new Set<AjvError>();
  for (const summary of errors) {
    if (summary.keyword !== 'oneOf' && summary.keyword !== 'anyOf') continue;
    const prefix = `${summary.schemaPath}/`;
    const branches = new Map<string, AjvError[]>();
    for (const e of errors) {
      if (!e.schemaPath.startsWith(prefix)) continue;
      const branch = e.schemaPath.slice(prefix.length).split('/')[0] as string;
      branches.set(branch, [...(branches.get(branch) ?? []), e]);
    }
    if (branches.size < 2) continue;
    const depth = (list: AjvError[]) => Math.max(...list.map((e) => e.instancePath.split('/').length));
    const ranked = [...branches.values()].sort((a, b) => depth(b) - depth(a) || a.length - b.length);
    const best = ranked[0] as AjvError[];
    // only a branch that went deeper than the others explains the value; otherwise keep them all
    if (ranked.length > 1 && depth(best) === depth(ranked[1] as AjvError[])) continue;
    for (const list of ranked.slice(1)) for (const e of list) drop.add(e);
    drop.add(summary);
  }
  return errors.filter((e) => !drop.has(e));
}

/** A bound of parameter-groups.schema.json's `fraction`: the value was most likely a percent. */
const FRACTION_BOUND = /\/\$defs\/fraction\/(?:maximum|minimum)$/;

function fractionProblem(e: AjvError, data: unknown, file: string): Problem {
  const tokens = e.instancePath.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  const actual = tokens.reduce<unknown>((node, t) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[t] : undefined), data);
  const name = tokens.slice(-2).join('.');
  return notFraction(file, e.instancePath, { zh: name, en: name }, actual);
}

/** Point at the offending property itself where ajv reports its parent. */
function locate(e: AjvError): { pointer: string; detail: string } {
  const p = e.params;
  if (e.keyword === 'required' && typeof p.missingProperty === 'string') {
    return { pointer: joinPointer(e.instancePath, p.missingProperty), detail: '' };
  }
  if (e.keyword === 'additionalProperties' && typeof p.additionalProperty === 'string') {
    return { pointer: joinPointer(e.instancePath, p.additionalProperty), detail: `: ${p.additionalProperty}` };
  }
  if (e.keyword === 'enum' && Array.isArray(p.allowedValues)) {
    return { pointer: e.instancePath, detail: `: ${p.allowedValues.map((v) => JSON.stringify(v)).join(', ')}` };
  }
  if (e.keyword === 'const') {
    return { pointer: e.instancePath, detail: `: ${JSON.stringify(p.allowedValue)}` };
  }
  if (e.keyword === 'not' && e.schemaPath.endsWith('x-reactions/not')) {
    return { pointer: e.instancePath, detail: ' (x-reactions)' };
  }
  return { pointer: e.instancePath, detail: '' };
}

/**
 * `oneOf`/`anyOf`/`if` add a summary error on top of the branch errors that explain it;
 * keep the summary only when it is the sole error at that place.
 */
function dropNoise(errors: AjvError[]): AjvError[] {
  const summaries = new Set(['oneOf', 'anyOf', 'if']);
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    if (!summaries.has(e.keyword)) return true;
    return !errors.some((o) => o !== e && !summaries.has(o.keyword) && o.instancePath.startsWith(e.instancePath));
  });
}
