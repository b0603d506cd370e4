/**
 * Editing a number on the formula view: where it lives in the build's JSON (a literal of a
 * rule's logic, or a parameter in whichever parameters file holds its group), the file with the
 * new value, and the text the user typed read as an exact decimal (a percent moved two places
 * by its digits, so 85% is 0.85 and never 0.8500000000000001). Pure, no React.
 */
import type { BundleFiles, DefinedRule, FormulaPiece } from '../../../plugin/index.js';

type FormulaNumber = NonNullable<FormulaPiece['number']>;

/** The file and JSON pointer a number of `rule`'s formula is written at, if the build has it. */
export function numberPlace(
  rule: DefinedRule, number: FormulaNumber, files: BundleFiles, parameterFiles: readonly string[],
): { file: string; pointer: string } | undefined {
  if (number.source.kind === 'literal') return { file: rule.file, pointer: `${rule.pointer}/logic${number.source.pointer}` };
  const steps = number.source.path.split('.');
  const file = parameterFiles.find((f) => {
    const params = (files[f] as { parameters?: object } | undefined)?.parameters;
    return params !== undefined && Object.hasOwn(params, steps[0]!);
  });
  return file === undefined ? undefined : { file, pointer: `/parameters/${steps.map(escapeStep).join('/')}` };
}

function escapeStep(step: string): string {
  return step.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A copy of `root` with `value` at `pointer`; undefined when the pointer does not reach an existing place. */
export function withValueAt(root: unknown, pointer: string, value: unknown): unknown {
  const copy = structuredClone(root);
  const steps = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let parent: unknown = copy;
  for (const step of steps.slice(0, -1)) {
    if (typeof parent !== 'object' || parent === null || !Object.hasOwn(parent, step)) return undefined;
    parent = (parent as Record<string, unknown>)[step];
  }
  const last = steps[steps.length - 1];
  if (last === undefined || typeof parent !== 'object' || parent === null || !Object.hasOwn(parent, last)) return undefined;
  (parent as Record<string, unknown>)[last] = value;
  return copy;
}

/** What the user typed, as the number to store: "85" or "85%" on a percent is 0.85; undefined when it is not a plain decimal. */
export function typedNumber(text: string, percent: boolean): number | undefined {
  const t = text.trim().replace(/[%％]$/, '').trim().replace(/^＋|^\+/, '').replace(/^－|^−/, '-').replace(/。/g, '.');
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(t);
  if (!m) return undefined;
  if (!percent) return Number(t);
  const [, sign, int, frac = ''] = m;
  // at least three digits before the point, so moving it two places left leaves one
  const digits = int!.padStart(3, '0') + frac;
  const point = digits.length - frac.length - 2;
  return Number(`${sign}${digits.slice(0, point)}.${digits.slice(point)}`);
}

/** The text a number starts from in its input box: the formula's text without the percent sign. */
export function editableText(piece: FormulaPiece): string {
  return piece.text.replace(/%$/, '');
}
