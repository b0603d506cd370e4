export {
  composeLetter, signLetter, signatureValid, canonicalJson, groupedYuan, checkLetterTemplate,
  type Letter, type LetterContent, type LetterFields, type LetterTemplate, type LetterTemplateText, type Signature, type SignResult,
} from './letter.js';
export { letterHtml } from './html.js';
export { sha256Hex } from './sha256.js';
