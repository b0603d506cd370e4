/** Money and rates as the work screens print them. */
import { fenToYuan, type Fen } from '../../../plugin/index.js';

const yuan = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });
/** Whole yuan with grouping: 1,234,567. */
export const money = (fen: Fen | null | undefined) => (fen === null || fen === undefined ? '—' : yuan.format(fenToYuan(fen)));
/** 10,000 yuan (万元) with one decimal, for big totals. */
export const wan = (fen: Fen) => (fenToYuan(fen) / 10_000).toFixed(1);
export const percent = (x: number | null | undefined, digits = 1) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(digits)}%`);
