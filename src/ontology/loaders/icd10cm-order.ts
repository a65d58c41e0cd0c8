import { ClinlinkError } from '../../errors.js';
import { readLines } from '../../io/lines.js';
import { conceptId, dotIcd10cm, type SemanticGroup } from '../concept.js';
import { LoadReport, type PackSink } from '../sink.js';

/**
 * Coarse semantic group of an ICD-10-CM code by its chapter letter. Only the letters whose chapter is not a
 * disease chapter are listed; everything else (A-Q, S, T, U) is a 'condition'. D is split in ICD-10-CM
 * (neoplasms / blood) but both halves are conditions, so one letter is enough.
 */
const GROUP_BY_LETTER: Readonly<Record<string, SemanticGroup>> = Object.freeze({
  R: 'finding', // symptoms, signs and abnormal clinical and laboratory findings
  V: 'other', // external causes of morbidity (V00-Y99): events, not conditions
  W: 'other',
  X: 'other',
  Y: 'other',
  Z: 'other', // factors influencing health status and contact with health services
});

export function icd10cmGroup(code: string): SemanticGroup {
  return GROUP_BY_LETTER[code.charAt(0).toUpperCase()] ?? 'condition';
}

/**
 * An ICD-10-CM code without the dot: a letter, then 2-6 alphanumerics (3-7 characters in all). The second
 * character is a digit except in FY2026's QA0 category (neurodevelopmental disorders), so it is not pinned.
 */
export const ICD10CM_UNDOTTED = /^[A-Z][0-9A-Z]{2,6}$/;
/** The same code with the dot after the 3-character category, as the XML files and people write it. */
export const ICD10CM_DOTTED = /^[A-Z][0-9A-Z]{2}(?:\.[0-9A-Z]{1,4})?$/;

/**
 * A LoadReport with extra informational tallies (things handled, not skipped) that don't fit the
 * read = kept + skipped invariant, e.g. "category code written with -" or "exact / approximate mappings".
 */
export interface Icd10cmOrderOptions {
  /** Emit the 60-character short title as a 'synonym' term when it differs from the long title. Default true. */
  shortTitles?: boolean;
}

/**
 * Loads the CMS/NCHS ICD-10-CM order file (`icd10cm-order-YYYY.txt[.gz]`), the authoritative list of every code,
 * billable and header, for one fiscal year. Fixed width: cols 1-5 order number, 7-13 code without dot, 15 billable
 * flag (1 billable, 0 header), 17-76 short title, 78- long title.
 *
 * Each row becomes a concept (`ICD10CM:E11.9`, preferred = long title, billable, active) with its long title as
 * preferred term and short title as synonym. The parent is the nearest shorter code on the row's ancestor stack
 * (the file is in code order, so E11 precedes E11.9); 3-character categories get no parent here, the tabular
 * loader links them to their block and chapter.
 *
 * Errors: a row that breaks the fixed-width layout (too short, non-digit order number, non-blank separator column,
 * malformed code, flag other than 0/1, empty long title) means the file is not an order file or is corrupt, so it
 * throws `ClinlinkError('E_PARSE')` naming file, line and field rather than loading a partial code set silently.
 * Blank lines and an exact repeat of the previous code are skipped and counted. Tallies: 'billable', 'header', and
 * 'no ancestor in file' (a code longer than 3 characters whose prefixes are all missing: out-of-order input). Invalid UTF-8 and truncated gzip
 * throw E_ENCODING / E_GZIP from readLines.
 */
export async function loadIcd10cmOrder(file: string, sink: PackSink, options: Icd10cmOrderOptions = {}): Promise<LoadReport> {
  const shortTitles = options.shortTitles ?? true;
  const report = new LoadReport('icd10cm-order', file);
  // Undotted codes of the current row's ancestors, shortest first.
  const stack: string[] = [];
  for await (const { number, text } of readLines(file)) {
    if (text.trim() === '') {
      report.skip('blank line');
      continue;
    }
    report.read++;
    const row = parseOrderLine(text, file, number);
    if (stack[stack.length - 1] === row.code) {
      report.skip('duplicate code');
      continue;
    }
    while (stack.length > 0 && !isProperPrefix(stack[stack.length - 1] ?? '', row.code)) stack.pop();
    const code = dotIcd10cm(row.code);
    const id = conceptId('ICD10CM', code);
    sink.concept({ id, system: 'ICD10CM', code, preferred: row.longTitle, group: icd10cmGroup(code), billable: row.billable, active: true });
    sink.term(id, { text: row.longTitle, kind: 'preferred' });
    if (shortTitles && row.shortTitle !== '' && row.shortTitle.toLowerCase() !== row.longTitle.toLowerCase()) {
      sink.term(id, { text: row.shortTitle, kind: 'synonym' });
    }
    const parent = stack[stack.length - 1];
    if (parent !== undefined) sink.parent(id, conceptId('ICD10CM', dotIcd10cm(parent)));
    else if (row.code.length > 3) report.tally('no ancestor in file');
    report.tally(row.billable ? 'billable' : 'header');
    stack.push(row.code);
    report.kept++;
  }
  return report;
}

interface OrderRow {
  code: string;
  billable: boolean;
  shortTitle: string;
  longTitle: string;
}

function parseOrderLine(text: string, file: string, line: number): OrderRow {
  const fail = (field: string, what: string): ClinlinkError =>
    new ClinlinkError('E_PARSE', `malformed ICD-10-CM order file row: ${what}`, { file, line, field });
  if (text.length < 78) throw fail('length', `row is ${text.length} characters, expected at least 78`);
  if (!/^\d{5}$/.test(text.slice(0, 5))) throw fail('order', 'order number (cols 1-5) is not 5 digits');
  if (text[5] !== ' ' || text[13] !== ' ' || text[15] !== ' ' || text[76] !== ' ') throw fail('layout', 'separator columns 6, 14, 16, 77 must be blank');
  const code = text.slice(6, 13).trim();
  if (!ICD10CM_UNDOTTED.test(code)) throw fail('code', 'code (cols 7-13) is not an undotted ICD-10-CM code');
  const flag = text[14];
  if (flag !== '0' && flag !== '1') throw fail('billable', 'billable flag (col 15) is not 0 or 1');
  const longTitle = text.slice(77).trim();
  if (longTitle === '') throw fail('longTitle', 'long title (cols 78-) is empty');
  return { code, billable: flag === '1', shortTitle: text.slice(16, 76).trim(), longTitle };
}

function isProperPrefix(prefix: string, code: string): boolean {
  return prefix.length < code.length && code.startsWith(prefix);
}
