export { readAmount, isAmountFen, MAX_FEN, isSplitWeight, MAX_WEIGHT, parseYuan, formatYuan, fenToYuan, splitByLargestRemainder, type Fen } from './money.js';
export { nonNegativeAmount } from './cells.js';
