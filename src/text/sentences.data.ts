/**
 * Abbreviations whose period never ends a sentence, even before a capital: titles before names ("Dr. Smith"),
 * and Latin/English connectives that always continue ("e.g. Tylenol", "vs. CHF", "approx. 5 cm").
 *
 * Dosing abbreviations ("b.i.d.", "p.o.", "q.h.s.", "mg.") are deliberately not here: the splitter only ends a
 * sentence at a period followed by space and a non-lower-case character, so "25 mg p.o. b.i.d. with meals" stays
 * whole, while "... 25 mg p.o. b.i.d. Lasix 40 mg ..." is split between the two drugs, which is what a reader does.
 * Keys are lower-case, without the final period, as the tokenizer writes them ("e.g", "i.e").
 */
export const NEVER_FINAL_ABBREVIATIONS: ReadonlySet<string> = new Set([
  'dr', 'drs', 'mr', 'mrs', 'ms', 'messrs', 'prof', 'st', 'mt', 'ft', 'sr', 'rev', 'hon', 'capt', 'sgt', 'lt', 'col',
  'e.g', 'i.e', 'eg', 'ie', 'viz', 'cf', 'vs', 'approx', 'apprx', 'appx', 'dept', 'univ', 'inc', 'corp', 'assn',
  'incl', 'wt', 'ht',
]);

/**
 * "No." ends a sentence ("Any chest pain? No.") unless a number follows ("No. 2 Foley"); these abbreviations only
 * continue before a digit.
 */
export const NUMBER_PREFIX_ABBREVIATIONS: ReadonlySet<string> = new Set([
  'no', 'nos', 'vol', 'fig', 'figs', 'pp', 'ref',
]);

/** Characters that close a sentence after its final punctuation: quotes and brackets. */
export const CLOSING_CHARS = '"\')]}”’»';

/**
 * Clinical abbreviations of four or more letters written with a period mid-sentence, before a lower-case word
 * ("Lisinopril tabs. daily", "meds. reviewed"): their period never ends a sentence that way.
 */
export const LOWER_CONTINUING_ABBREVIATIONS: ReadonlySet<string> = new Set([
  'tabs', 'caps', 'meds', 'hosp', 'cont', 'temp', 'resp', 'susp', 'supp', 'oint', 'soln', 'sols', 'inhal', 'amps',
  'mins', 'secs', 'hrs', 'yrs', 'wks', 'mos', 'days', 'approx', 'appt', 'appts', 'diag', 'exam', 'exams', 'prev',
  'prob', 'procs', 'hist', 'sympt', 'sympts', 'abdo', 'extr', 'extrem', 'bilat', 'neuro', 'psych', 'ortho', 'cardio',
  'pulm', 'post', 'ante', 'ther', 'therap', 'pred', 'etc',
]);
