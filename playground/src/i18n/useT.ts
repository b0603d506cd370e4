/**
 * `t` for UI strings and `pick` for the bundle's {zh, en} texts, both bound to the current
 * language.
 */
import { useCallback } from 'react';
import type { Localized } from '../../../plugin/index.js';
import { useLangStore } from '../stores/lang.js';
import type { MessageKey } from './messages.js';
import { fillVars, translate, type Vars } from './translate.js';

export function useT() {
  const lang = useLangStore((s) => s.lang);
  const t = useCallback((key: MessageKey, vars?: Vars) => translate(lang, key, vars), [lang]);
  const pick = useCallback((text: Localized | undefined) => (text ? text[lang] : ''), [lang]);
  return { lang, t, pick };
}

/** `t` over a screen's own {zh, en} string tables, bound to the current language. */
export function useTextsT<K extends string>(texts: { zh: Record<K, string>; en: Record<K, string> }) {
  const lang = useLangStore((s) => s.lang);
  return useCallback((key: K, vars?: Vars) => fillVars(texts[lang][key], vars), [lang, texts]);
}
