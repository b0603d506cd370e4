export { canonicalJson } from './canonical.js';
export { sha256Hex } from './sha256.js';
