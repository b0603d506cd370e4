export {
  composeLetter, signLetter, signatureValid, canonicalJson, groupedYuan, checkLetterTemplate,
  type Letter, type LetterContent, type LetterFields, type LetterTemplate, type LetterTemplateText, type Signature, type SignResult,
} from './letter.js';
export { letterHtml } from './html.js';
export { sha256Hex } from './sha256.js';
export { planLetters, hrExport, type PlanRow, type LettersParameters, type UnitLetter, type PlanLettersResult, type HrExportRow } from './plan-letters.js';
