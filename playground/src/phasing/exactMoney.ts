/** Amounts to the 分 as the phasing and credit tables print them: 1,234,567.89 (the plugin's exact text, grouped). */
import { formatYuan, type Fen } from '../../../plugin/index.js';

export function exactMoney(fen: Fen | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  const [whole, cents] = formatYuan(fen).split('.');
  return `${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents!}`;
}
