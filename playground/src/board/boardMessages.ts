/**
 * UI strings added to the board after the first page's budget was spent: they load with the
 * lazy board, not with the first page (as workorders/messages.ts does).
 */
import { useCallback } from 'react';
import type { Vars } from '../i18n/translate.js';
import { useLangStore } from '../stores/lang.js';

const boardZh = {
  'board.weekToDate': '* 截至 {asOf} 的本周：与截至当日应完成的目标相比。看板上修改的实际数是期间合计，与原合计的差额计入 {asOf}，之前各周保持原记录。',
} as const;

const boardEn: Record<keyof typeof boardZh, string> = {
  'board.weekToDate': '* The week to {asOf}, against the part of its target due by then. An actual edited on the board is a period total: its difference from the recorded total is booked on {asOf}, and earlier weeks keep what was recorded.',
};

type BoardKey = keyof typeof boardZh;
const texts = { zh: boardZh as Record<BoardKey, string>, en: boardEn };

/** `t` for these strings, bound to the current language. */
export function useBoardT() {
  const lang = useLangStore((s) => s.lang);
  return useCallback((key: BoardKey, vars?: Vars) => {
    const text = texts[lang][key];
    return vars ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole)) : text;
  }, [lang]);
}
