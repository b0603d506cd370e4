/** How rule inputs and results read in the panel. */
import type { Lang } from '../../../plugin/index.js';

const numberFormats: Record<Lang, Intl.NumberFormat> = {
  zh: new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 4 }),
  en: new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 }),
};

export function formatValue(value: unknown, lang: Lang): string {
  if (typeof value === 'number') return numberFormats[lang].format(value);
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

/** A string result that names a colour (the traffic lights: green, yellow, red, grey) is shown
 * as a dot of that colour; the check is the browser's own, so no list of names lives here. */
export function colourOf(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^[a-z]+$/.test(value)) return undefined;
  return typeof CSS !== 'undefined' && CSS.supports('color', value) ? value : undefined;
}
