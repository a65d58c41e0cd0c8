import type { Pack, TermHit } from '../ontology/pack.js';
import { normalizeTerm } from '../text/normalize.js';
import { packMemo } from './pack-memo.js';
import { conceptOf, stem } from './specificity.js';

/**
 * ICD-10-CM by the words of a phrase, in any order. Notes write a diagnosis as "esophageal rupture" or "acoustic
 * neuroma"; the Alphabetic Index files it as a comma path ("Rupture, esophagus", "Neuroma, acoustic") that no exact
 * term match finds, and an ontology concept the dictionary did find may carry no ICD-10-CM cross-reference. A pack term
 * whose words are exactly the phrase's words (organ adjectives read as their nouns, plural and suffix variants
 * folded, side and filler words ignored on both sides) names the code.
 */

/** Organ adjectives and plurals, and the noun the index paths use ("Rupture, esophagus"). */
const ORGAN_NOUN: Readonly<Record<string, string>> = {
  esophageal: 'esophagus',
  prostatic: 'prostate',
  gastric: 'stomach',
  renal: 'kidney',
  hepatic: 'liver',
  pulmonary: 'lung',
  cardiac: 'heart',
  colonic: 'colon',
  rectal: 'rectum',
  testicular: 'testis',
  teste: 'testis',
  testicle: 'testis',
  ovarian: 'ovary',
  uterine: 'uterus',
  pancreatic: 'pancreas',
  splenic: 'spleen',
  laryngeal: 'larynx',
  tracheal: 'trachea',
  bronchial: 'bronchus',
  pleural: 'pleura',
  pericardial: 'pericardium',
  duodenal: 'duodenum',
  urethral: 'urethra',
  ureteral: 'ureter',
  vaginal: 'vagina',
  nasal: 'nose',
  aortic: 'aorta',
  cutaneous: 'skin',
  vesical: 'bladder',
  cerebellar: 'cerebellum',
  mandibular: 'mandible',
  maxillary: 'maxilla',
  orbital: 'orbit',
  retinal: 'retina',
  corneal: 'cornea',
  conjunctival: 'conjunctiva',
  tonsillar: 'tonsil',
  penile: 'penis',
  scrotal: 'scrotum',
  anal: 'anus',
  umbilical: 'umbilicus',
  gingival: 'gingiva',
  lingual: 'tongue',
  palatal: 'palate',
  thyroidal: 'thyroid',
  adrenocortical: 'adrenal',
};

/** Every written form of an organ noun: the noun and its adjectives or variants ("testis", "testicle", "testicular"). */
const FORMS: ReadonlyMap<string, readonly string[]> = (() => {
  const m = new Map<string, string[]>();
  for (const [form, noun] of Object.entries(ORGAN_NOUN)) m.set(noun, [...(m.get(noun) ?? [noun]), form]);
  return m;
})();

/** Words that place or frame a phrase without naming the condition: sides, articles, "NOS". */
const FILLER: ReadonlySet<string> = new Set(['of', 'the', 'a', 'an', 'his', 'her', 'their', 'in', 'right', 'left', 'bilateral', 'both', 'unilateral', 'nos', 'unspecified', 'site']);

const SIDE_WORDS: ReadonlySet<string> = new Set(['right', 'left', 'bilateral', 'both', 'unilateral']);

/** A phrase longer than this is a sentence, not a diagnosis name. */
const MAX_WORDS = 6;

function keyOf(word: string): string {
  // "ruptured" / "rupture", "stenoses" / "stenosis", "prostatic" / "prostate" meet.
  return stem((ORGAN_NOUN[word] ?? word).replace(/ses$/, 'sis').replace(/(?<=[a-z]{4}e)d$/, ''));
}

/** The normalised words of a phrase without side and filler words. */
export function contentWords(text: string): string[] {
  return normalizeTerm(text).split(' ').filter((w) => w && !FILLER.has(w));
}

/** The content-word keys of a phrase, or null when it has none or too many. */
export function phraseKeys(text: string): Set<string> | null {
  const words = contentWords(text);
  if (words.length === 0 || words.length > MAX_WORDS) return null;
  return new Set(words.map(keyOf));
}

export interface IndexHit {
  code: string;
  term: string;
  conceptId: string;
}

/**
 * The ICD-10-CM code of the pack term with exactly the phrase's content words, or null. Terms of ICD-10-CM concepts
 * give their code; others their billable cross-reference. Two different codes for the same words: no answer.
 */
export function icdByWords(pack: Pack, phrase: string): IndexHit | null {
  return memo(pack, phrase, () => lookupByWords(pack, phrase));
}

const memo = packMemo<IndexHit | null>();

function lookupByWords(pack: Pack, phrase: string): IndexHit | null {
  const want = phraseKeys(phrase);
  if (!want || want.size < 2) return null;
  const words = contentWords(phrase);
  // The pack's full-text search needs every word as written in the term: each organ word is tried in all its forms.
  let queries: string[][] = [[]];
  for (const w of words) {
    const forms = FORMS.get(ORGAN_NOUN[w] ?? w) ?? [w];
    queries = queries.flatMap((q) => forms.map((f) => [...q, f])).slice(0, 8);
  }
  const found = new Map<string, IndexHit>();
  for (const q of queries) {
    for (const h of pack.searchTerms(q.join(' '), { limit: 40, groups: ['condition', 'finding'] })) {
      const have = phraseKeys(h.term);
      if (!have || ![...want].every((k) => have.has(k)) || ![...have].every((k) => want.has(k) || [...want].some((w) => sameWord(k, w)))) continue;
      const code = codeOf(pack, h);
      if (code && !found.has(code)) found.set(code, { code, term: h.term, conceptId: h.conceptId });
    }
  }
  let hits = [...found.values()];
  if (hits.length > 1) {
    // Side variants ("Undescended testicle, unilateral / bilateral"): the one whose side words are the phrase's.
    const sides = (t: string) => normalizeTerm(t).split(' ').filter((w) => SIDE_WORDS.has(w)).sort().join(' ');
    const same = hits.filter((h) => sides(h.term) === sides(phrase));
    if (same.length) hits = same;
  }
  if (hits.length === 1) return hits[0]!;
  // Side variants of one condition ("Undescended testicle, unilateral / bilateral / unspecified") share a category:
  // their common parent is the answer and the specificity step picks the child from the note's words.
  let common = hits[0]?.code ?? '';
  for (const h of hits) while (!h.code.startsWith(common)) common = common.slice(0, -1);
  common = common.replace(/\.$/, '');
  if (common.length < 3 || !conceptOf(pack, `ICD10CM:${common}`)) return null;
  return { code: common, term: hits[0]!.term, conceptId: `ICD10CM:${common}` };
}

/**
 * Two forms of one word that the stemmer leaves apart: an index main term lists them as alternatives ("Enlargement,
 * enlarged, uterus", "Stenosis, stenotic"), so a term may hold both. A long shared beginning, most of the shorter
 * word, counts ("hypertension" / "hypertrophy" share too little).
 */
function sameWord(a: string, b: string): boolean {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n >= 5 && n >= 0.7 * Math.min(a.length, b.length);
}

function codeOf(pack: Pack, h: TermHit): string | null {
  if (h.system === 'ICD10CM') return h.conceptId.includes('-') ? null : h.conceptId.slice('ICD10CM:'.length);
  const x = conceptOf(pack, h.conceptId)?.xrefs.find((r) => r.system === 'ICD10CM' && r.relation === 'icd10cm-billable');
  return x ? x.code : null;
}
