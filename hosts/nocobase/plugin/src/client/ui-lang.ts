/**
 * The language our texts follow inside NocoBase: the app's i18n language, which is the current
 * user's choice (NocoBase sends the same one to the server as X-Locale), not the app default
 * nor the browser's. Components re-render when the user switches it.
 */
import { useApp, type I18n } from '@nocobase/client';
import { useEffect, useState } from 'react';
import { langOf, type Lang } from './format.js';

export function langOfI18n(i18n: I18n | undefined): Lang {
  return langOf(i18n?.language);
}

export function useUiLang(): Lang {
  const { i18n } = useApp();
  const [lang, setLang] = useState<Lang>(() => langOfI18n(i18n));
  useEffect(() => {
    const follow = (language: string): void => setLang(langOf(language));
    follow(i18n.language);
    i18n.on('languageChanged', follow);
    return () => i18n.off('languageChanged', follow);
  }, [i18n]);
  return lang;
}
