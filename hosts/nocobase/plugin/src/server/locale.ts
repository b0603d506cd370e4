/**
 * Which of our two languages a request wants: NocoBase's client sends X-Locale (zh-CN,
 * en-US); other callers may send ?locale= or Accept-Language. Without any, the bundle's own
 * default locale decides.
 */
import type { Lang } from '../../../../../plugin/index.js';

interface LocaleSource {
  xLocale: string;
  queryLocale: string | undefined;
  acceptLanguage: string;
}

export function pickLang(source: LocaleSource, fallback: Lang): Lang {
  for (const tag of [source.xLocale, source.queryLocale, ...source.acceptLanguage.split(',')]) {
    const lang = langOf(tag);
    if (lang) return lang;
  }
  return fallback;
}

function langOf(tag: string | undefined): Lang | undefined {
  const t = (tag ?? '').trim().toLowerCase();
  if (t.startsWith('zh')) return 'zh';
  if (t.startsWith('en')) return 'en';
  return undefined;
}
