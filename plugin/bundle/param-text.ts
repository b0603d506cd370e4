/**
 * Texts that quote a parameter. A template saying "回款额 40%" above an input whose weight is
 * now 35 lies; so a text names the parameter instead, `{param:score.weights.revenue|percent}`,
 * and every host shows it through `resolveParamTexts`, the one function that turns the
 * references into values (the playground's workspace and the NocoBase mapping both call it; the
 * flow runtime resolves a flow's texts when it is created, so a refusal or a notification
 * quotes the bundle's value). Templates, flows and parameter files' `docs` may quote.
 * The bundle keeps the references (an export or a copy still follows its parameters); the
 * loader refuses a reference to a parameter the bundle lacks.
 *
 * Form: `{param:<group.key>}` or `{param:<group.key>|<format>}`, the path dotted as in a rule's
 * `{"param": ...}` (array items by index). Formats:
 * - none: the value as written (`{param:points.events.dealSigned}` → `50`);
 * - `percent`: a fraction as a percentage (`0.15` → `15%`), exact on the decimal as written;
 * - `days`: a number of hours in days (`168` → `7`).
 * Single braces, so Formily's `{{ }}` expressions (refused in forms) are never involved.
 */
import { isObject, valueAtPath } from '../json.js';
import { joinPointer, problem, type Problem } from '../problems.js';

const REFERENCE = /\{param:([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)+)(?:\|([a-z]+))?\}/g;
const FORMATS = ['percent', 'days'] as const;
type Format = (typeof FORMATS)[number];

/** A finite number's decimal digits moved `places` to the right, exactly as written (0.07 → "7"). */
function shiftDecimal(value: number, places: number): string {
  const [mantissa = '0', exponent = '0'] = value.toExponential().split('e');
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const point = 1 + Number(exponent) + places; // where the decimal point falls in `digits`
  const padded = point <= 0 ? '0'.repeat(1 - point) + digits : digits.padEnd(point, '0');
  const at = Math.max(point, 1);
  const whole = padded.slice(0, at).replace(/^0+(?=\d)/, '');
  const fraction = padded.slice(at).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

function formatted(value: unknown, format: Format | undefined): string | undefined {
  if (format === undefined) {
    return typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' ? String(value) : undefined;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  if (format === 'percent') return `${shiftDecimal(value, 2)}%`;
  const days = value / 24;
  return Number.isInteger(days) ? String(days) : String(Math.round(days * 100) / 100);
}

/** `text` with every parameter reference replaced by its value; a reference that cannot be resolved stays as written. */
function resolveParamText(text: string, params: Readonly<Record<string, unknown>>): string {
  if (!text.includes('{param:')) return text;
  return text.replace(REFERENCE, (whole, path: string, format: string | undefined) =>
    formatted(valueAtPath(params, path), format as Format | undefined) ?? whole);
}

function resolveDeep(value: unknown, params: Readonly<Record<string, unknown>>): unknown {
  if (typeof value === 'string') return resolveParamText(value, params);
  if (Array.isArray(value)) {
    const items = value.map((item) => resolveDeep(item, params));
    return items.some((item, i) => item !== value[i]) ? items : value;
  }
  if (isObject(value)) {
    let changed = false;
    const entries = Object.entries(value).map(([key, child]) => {
      const resolved = resolveDeep(child, params);
      if (resolved !== child) changed = true;
      return [key, resolved] as const;
    });
    return changed ? Object.fromEntries(entries) : value;
  }
  return value;
}

/**
 * A template, a flow or a parameters file's docs as users see them: every text that quotes a
 * parameter (title, description, form labels, binding and guard messages) shows the bundle's
 * current value. Unchanged parts keep their identity, and a value without references comes
 * back as it is.
 */
export function resolveParamTexts<T>(value: T, params: Readonly<Record<string, unknown>>): T {
  return resolveDeep(value, params) as T;
}

/** A template as users see it (see resolveParamTexts). */
export function resolveTemplateTexts<T>(template: T, params: Record<string, unknown>): T {
  return resolveParamTexts(template, params);
}

/** Every parameter group a value's texts refer to, for what an export of a template must carry. */
export function paramTextGroups(value: unknown, out: Set<string>): Set<string> {
  if (typeof value === 'string') {
    for (const match of value.matchAll(REFERENCE)) out.add((match[1] ?? '').split('.')[0] ?? '');
  } else if (Array.isArray(value)) value.forEach((item) => paramTextGroups(item, out));
  else if (isObject(value)) Object.values(value).forEach((child) => paramTextGroups(child, out));
  return out;
}

/**
 * The references in a file's texts that cannot be shown: an unknown parameter, an unknown
 * format, or a value the format cannot show (a group where a number belongs).
 */
export function paramTextProblems(value: unknown, params: Record<string, unknown>, file: string, pointer = ''): Problem[] {
  const problems: Problem[] = [];
  if (typeof value === 'string') {
    const references = [...value.matchAll(REFERENCE)];
    if (value.split('{param:').length - 1 !== references.length) {
      problems.push(problem('TEXT_PARAM_FORM', file, pointer, {
        zh: `文本中的参数引用写法不对："${value}"（写成 {param:组.键} 或 {param:组.键|percent}）`,
        en: `a parameter reference in this text is malformed: "${value}" (write {param:group.key} or {param:group.key|percent})`,
      }));
    }
    for (const [whole, path = '', format] of references) {
      const current = valueAtPath(params, path);
      if (current === undefined) {
        problems.push(problem('TEXT_PARAM_UNKNOWN', file, pointer, {
          zh: `文本引用了参数 ${path}，但参数中没有它：${whole}`,
          en: `the text refers to parameter ${path}, which the parameters lack: ${whole}`,
        }));
      } else if (format !== undefined && !(FORMATS as readonly string[]).includes(format)) {
        problems.push(problem('TEXT_PARAM_FORMAT', file, pointer, {
          zh: `未知的显示格式 "${format}"：${whole}（可用：${FORMATS.join('、')}，或不写格式）`,
          en: `unknown format "${format}" in ${whole} (use ${FORMATS.join(', ')}, or none)`,
        }));
      } else if (formatted(current, format as Format | undefined) === undefined) {
        problems.push(problem('TEXT_PARAM_FORMAT', file, pointer, {
          zh: `参数 ${path} 不是能直接显示的数值或文字：${whole}（引用到具体的键）`,
          en: `parameter ${path} is not a number or text that can be shown: ${whole} (refer to a single key)`,
        }));
      }
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => problems.push(...paramTextProblems(item, params, file, joinPointer(pointer, i))));
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) problems.push(...paramTextProblems(child, params, file, joinPointer(pointer, key)));
  }
  return problems;
}
