export { readAmount, plainAmountFen, isAmountFen, MAX_FEN, parseYuan, formatYuan, formatYuanGrouped, fenToYuan, splitByLargestRemainder, splitByLargestRemainderInto, type Fen } from './money.js';
export { nonNegativeAmount } from './cells.js';
