export {
  composeLetter, signLetter, signatureValid, canonicalJson, type LetterFields, type LetterTemplate, type Signature
} from './letter.js';
export { letterHtml } from './html.js';
export { sha256Hex } from './sha256.js';
export { planLetters, hrExport, type LettersParameters, type UnitLetter } from './plan-letters.js';
