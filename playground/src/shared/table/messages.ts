/** The shared table's own strings, loaded with the screens that use it (as board/boardMessages.ts). */
import { useTextsT } from '../../i18n/useT.js';

const zh = {
  search: '搜索',
  total: '合计（{rows} 行）',
  print: '打印',
  printView: '打印预览',
  printNow: '打印',
  rows: '共 {rows} 行',
  printedAt: '{rows} 行 · 筛选：{filters}',
  none: '无',
} as const;

const en: Record<keyof typeof zh, string> = {
  search: 'Search',
  total: 'Total ({rows} rows)',
  print: 'Print',
  printView: 'Print preview',
  printNow: 'Print',
  rows: '{rows} rows',
  printedAt: '{rows} rows · filters: {filters}',
  none: 'none',
};

type Key = keyof typeof zh;
const texts = { zh: zh as Record<Key, string>, en };

export function useTableT() {
  return useTextsT<Key>(texts);
}
