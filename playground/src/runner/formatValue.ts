/** How rule inputs and results read in the panel. */
import type { Lang } from '../../../plugin/index.js';

const numberFormats: Record<Lang, Intl.NumberFormat> = {
  zh: new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 4 }),
  en: new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 }),
};

/**
 * The key Formily's ArrayTable writes into every row object it renders (its row key); it is
 * bookkeeping of the table, not data, and must not reach a panel or a flow's payload.
 */
const ARRAY_TABLE_ROW_KEY = '__DO_NOT_USE_THIS_PROPERTY_index__';

/** JSON of form values without the table's bookkeeping. */
export function valuesJson(value: unknown): string | undefined {
  return JSON.stringify(value, (key, v: unknown) => (key === ARRAY_TABLE_ROW_KEY ? undefined : v));
}

export function formatValue(value: unknown, lang: Lang): string {
  if (typeof value === 'number') return numberFormats[lang].format(value);
  if (typeof value === 'string') return value;
  return valuesJson(value) ?? String(value);
}

/** A string result that names a colour (the traffic lights: green, yellow, red, grey) is shown
 * as a dot of that colour; the check is the browser's own, so no list of names lives here. */
export function colourOf(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^[a-z]+$/.test(value)) return undefined;
  return typeof CSS !== 'undefined' && CSS.supports('color', value) ? value : undefined;
}
