export {
  composeLetter, signLetter, signatureValid, type LetterFields, type LetterTemplate, type Signature
} from './letter.js';
export { letterHtml } from './html.js';
export { planLetters, hrExport, type LettersParameters, type UnitLetter } from './plan-letters.js';
export { checkLetterIssue, letterFlowOf, letterSignerOf, type LetterFlow } from './letter-flow.js';
export { letterOfStored } from './stored-letter.js';
