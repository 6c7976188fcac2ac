// Public surface of categorisation letters: template, data, DOCX and PDF rendering, bulk generation.
export { parseLetterTemplate, parseLetterTemplateOrThrow, LetterTemplateError, type LetterTemplate, type TemplateError, type TemplateParse } from './template.js';
export { PLACEHOLDERS, REQUIRED_PLACEHOLDERS, describePlaceholders } from './placeholders.js';
export { loadLetterTemplate, DEFAULT_TEMPLATE_PATH } from './load.js';
export { composeLetter, letterText } from './compose.js';
export { renderLetterDocx, buildLetterDocx } from './docx.js';
export { renderLetterPdf, renderLetterDocumentPdf, type PdfOptions } from './pdf.js';
export { letterDataFromResult, explanationBullets, missingEvidenceNotes, DEFAULT_CHALLENGE_HOW, type LetterInputs } from './from-result.js';
export { letterFileName } from './files.js';
export { longDate } from './dates.js';
export { generateLetters, renderLetterBatch, type LetterFormat, type LetterRecord, type BatchItemResult, type BatchProgress, type BatchOptions } from './batch.js';
export { letterDataSchema, checkLetterData, LetterDataError, type LetterData, type LetterDocument, type Block, type Run } from './types.js';
