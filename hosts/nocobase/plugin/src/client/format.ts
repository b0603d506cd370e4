/**
 * How a rule's result reads on a form: a traffic light (绿/黄/红) as a coloured light, numbers
 * with thousands separators, booleans as ✓/✗ with a word, anything else as compact JSON.
 * Pure, so it can be tested without a browser.
 */
export type Lang = 'zh' | 'en';

export type Shown =
  | { kind: 'light'; color: 'green' | 'yellow' | 'red'; text: string }
  | { kind: 'number'; text: string }
  | { kind: 'boolean'; value: boolean; text: string }
  | { kind: 'text'; text: string };

const LIGHTS: Record<string, 'green' | 'yellow' | 'red'> = {
  green: 'green', yellow: 'yellow', red: 'red', 绿: 'green', 黄: 'yellow', 红: 'red',
};

const LIGHT_TEXT: Record<'green' | 'yellow' | 'red', Record<Lang, string>> = {
  green: { zh: '绿', en: 'green' },
  yellow: { zh: '黄', en: 'yellow' },
  red: { zh: '红', en: 'red' },
};

function formatNumber(n: number, lang: Lang): string {
  return n.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: 4 });
}

/** `labels`: the words of a verdict the target field offers as options (`behind` → 落后), or of a check's true and false. */
export function showResult(result: unknown, lang: Lang, labels?: Record<string, string>): Shown {
  if (typeof result === 'string' && labels && Object.hasOwn(labels, result)) return { kind: 'text', text: labels[result] as string };
  if (typeof result === 'string') {
    const color = Object.hasOwn(LIGHTS, result.trim().toLowerCase()) ? LIGHTS[result.trim().toLowerCase()] : undefined;
    if (color) return { kind: 'light', color, text: LIGHT_TEXT[color][lang] };
    return { kind: 'text', text: result };
  }
  if (typeof result === 'number') return { kind: 'number', text: formatNumber(result, lang) };
  if (typeof result === 'boolean') {
    // a check's verdict in its own words (在允许的调整幅度内), where the form gives them
    const own = labels && Object.hasOwn(labels, String(result)) ? labels[String(result)] : undefined;
    const word = own ?? (result ? (lang === 'zh' ? '是' : 'yes') : (lang === 'zh' ? '否' : 'no'));
    return { kind: 'boolean', value: result, text: `${result ? '✓' : '✗'} ${word}` };
  }
  return { kind: 'text', text: JSON.stringify(result) ?? '' };
}

/** Our language for a BCP 47 tag as NocoBase's i18n holds it (`zh-CN`, `en-US`, ...). */
export function langOf(tag: string | undefined): Lang {
  return typeof tag === 'string' && tag.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}
