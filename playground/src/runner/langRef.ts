/**
 * The interface language as a Formily observable, so form reactions that pick a message in
 * the current language run again when the user switches language, without recreating forms
 * (which would lose what the user typed).
 */
import { observable } from '@formily/reactive';
import { useLangStore } from '../stores/lang.js';
import type { LangRef } from './bindingEffects.js';

export const runnerLang: LangRef = observable.ref(useLangStore.getState().lang);

useLangStore.subscribe((state) => {
  runnerLang.value = state.lang;
});
