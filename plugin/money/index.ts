export { readAmount, plainAmountFen, isAmountFen, MAX_FEN, parseYuan, formatYuan, formatYuanGrouped, fenToYuan, splitByLargestRemainder, type Fen } from './money.js';
export { nonNegativeAmount } from './cells.js';
