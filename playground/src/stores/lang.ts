/**
 * The interface language. Persisted in localStorage so a reload keeps the user's choice; the
 * stored shape is versioned so a later change of shape can migrate instead of crashing.
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { Lang } from '../../../plugin/index.js';

interface LangState {
  lang: Lang;
  setLang: (lang: Lang) => void;
}

const isLang = (value: unknown): value is Lang => value === 'zh' || value === 'en';

/** Whatever is stored, only a known language is taken; anything else means Chinese. */
const storedLang = (persisted: unknown): Lang | undefined => {
  const lang = (persisted as { lang?: unknown } | null)?.lang;
  return isLang(lang) ? lang : undefined;
};

export const useLangStore = create<LangState>()(
  persist(
    (set) => ({
      lang: 'zh',
      setLang: (lang) => set({ lang }),
    }),
    {
      name: 'target-kit.playground.lang',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (state) => ({ lang: state.lang }),
      migrate: (persisted) => ({ lang: storedLang(persisted) ?? 'zh' }),
      merge: (persisted, current) => ({ ...current, lang: storedLang(persisted) ?? current.lang }),
    },
  ),
);
