/**
 * Strings that are clinical abbreviations or terms in some vocabulary but ordinary words (or hopelessly ambiguous)
 * in running text. The dictionary matcher reports them only as guarded matches: the annotator keeps one when the note
 * defines it ("multiple sclerosis (MS)") or its context picks one sense (see abbrev/lexicon.ts).
 * Lower-case keys; compared against the normalised form.
 */
export const AMBIGUOUS_SHORT_FORMS: ReadonlySet<string> = new Set([
  'all', 'it', 'ms', 'pt', 'pm', 'am', 'as', 'at', 'be', 'by', 'do', 'go', 'he', 'if', 'in', 'is', 'me', 'my', 'no',
  'of', 'on', 'or', 'so', 'to', 'up', 'us', 'we', 'an', 'and', 'are', 'can', 'has', 'had', 'may', 'man', 'men', 'not',
  'was', 'who', 'per', 'out', 'day', 'min', 'max', 'med', 'pic', 'ed', 'er', 'ot', 'op',
  // "59 y/o RHF": neurology notes write a right-handed female this way; "PCP" is the primary care physician far
  // more often than Pneumocystis pneumonia.
  'rhf', 'pcp',
  'hr', 'bs', 'la', 'ra', 'lv', 'rv', 'od', 'os', 'ou', 'sc', 'im', 'iv', 'po', 'pr', 'pv', 'tab', 'cap', 'pad',
  // Units in notes typed in capitals ("A 4-MM LACERATION"), not multiple myeloma or cardiomyopathy.
  'mm', 'cm',
  // "the CD ROM of his images", "CD4 count": Crohn disease only where the note or its context says so.
  'cd',
]);

/** Single common English words that name concepts in some vocabularies but mislead as standalone matches. */
export const COMMON_WORD_TERMS: ReadonlySet<string> = new Set([
  'fall', 'cold', 'well', 'stable', 'normal', 'left', 'right', 'today', 'patient', 'history', 'change', 'present',
  'negative', 'positive', 'unit', 'level', 'test', 'result', 'sign', 'other', 'unknown', 'use', 'care', 'plan',
  'drug', 'disease', 'disorder', 'finding', 'procedure', 'condition', 'symptom', 'syndrome', 'lesion', 'problem',
  'complication', 'injury', 'pain', 'mass', 'growth', 'discharge', 'exam', 'examination', 'order', 'status',
  // Rows of the ICD-10-CM Table of Drugs and Chemicals that are ordinary words in a note.
  'letter', 'dial', 'speed', 'spray', 'tablet', 'tablets', 'blood', 'plasma', 'hemostatic', 'hormone', 'silver',
  // "the bends" (decompression sickness) is the verb in a note: "bends up and down the stairs".
  'bend', 'bends',
  // "he has met with his physician" is no metastasis ("mets") nor metabolic syndrome ("MetS"); "left ventricular
  // cavity", "peritoneal cavity" are no dental caries ("cavities").
  'met', 'cavity',
]);

/** Shortest term (in characters) matched case-insensitively; anything shorter must match its written case. */
export const MIN_CASE_INSENSITIVE_LENGTH = 4;
