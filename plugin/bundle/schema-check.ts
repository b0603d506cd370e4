/**
 * Validates a bundle file against its JSON Schema with the validators compiled ahead of time
 * (no code generation at run time) and turns ajv's errors into Problems in zh and en.
 */
import localizeEn from 'ajv-i18n/localize/en/index.js';
import localizeZh from 'ajv-i18n/localize/zh/index.js';
import * as validators from './schema-validators.generated.js';
import { notFraction } from '../fractions.js';
import { joinPointer, problem, type Problem } from '../problems.js';

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
  const errors = dropNoise(validate.errors ?? []);
  const en = errors.map((e) => ({ ...e }));
  const zh = errors.map((e) => ({ ...e }));
  (localizeEn as unknown as (errs: AjvError[]) => void)(en);
  (localizeZh as unknown as (errs: AjvError[]) => void)(zh);
  return errors.map((e, i) => {
    if (FRACTION_BOUND.test(e.schemaPath)) return fractionProblem(e, value, file);
    const { pointer, detail } = locate(e);
    return problem('SCHEMA', file, pointer, {
      zh: `${zh[i]?.message ?? e.keyword}${detail}`,
      en: `${en[i]?.message ?? e.keyword}${detail}`,
    });
  });
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
