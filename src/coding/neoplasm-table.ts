import type { Pack } from '../ontology/pack.js';
import { NEOPLASM_TABLE_SYSTEM, type NeoplasmBehavior } from '../ontology/loaders/icd10cm-neoplasm.js';
import { contentWords, phraseKeys } from './index-lookup.js';
import { packMemo } from './pack-memo.js';
import { conceptOf } from './specificity.js';

/**
 * I.C.2 and the Alphabetic Index ("Carcinoma — see Neoplasm, by site, malignant"; "Adenoma — see Neoplasm, benign, by
 * site"): a histology with a body site ("Squamous cell carcinoma, left nasal cavity", "adenocarcinoma of the
 * cervix") is coded from the Neoplasm Table row of that site, in the column its behaviour names. Needs a pack built
 * with `--icd10cm-neoplasm`; without the table nothing is found.
 */

/** Histologies whose index entries lead to their own codes, not the table (lymphoma C81–C88, melanoma C43, …). */
const OWN_CODES = /\b(?:lymphoma|leuka?emia|myeloma|melanoma|carcinoid|kaposi|mesothelioma|neuroendocrine|germ\s+cell|seminoma|teratoma|hodgkin|plasmacytoma|glioma|glioblastoma|astrocytoma|lipoma|hemangioma|fibroid|leiomyoma|nevus|polyp|cyst)\w*/i;

/** Behaviour words of the phrase, first match wins (in situ before malignant: "carcinoma in situ"). */
const BEHAVIOR: readonly (readonly [RegExp, NeoplasmBehavior])[] = [
  [/\bin\s+situ\b|\b(?:DCIS|LCIS|CIS)\b/i, 'in_situ'],
  [/\bmetasta\w*/i, 'malignant_secondary'],
  [/\b(?:adeno)?carcinomas?\b|\bcancers?\b|\bmalignan(?:cy|cies|t)\b|\bsarcomas?\b/i, 'malignant_primary'],
  [/\badenomas?\b/i, 'benign'],
];

/** Histologies that arise in the skin: their site is the skin of the named region ("basal cell carcinoma of the nose"). */
const SKIN_HISTOLOGY = /\bbasal\s+cell\b/i;

/** Words of the histology, never part of the site. */
const HISTOLOGY_WORD = /^(?:\w*carcinoma|cancer|malignan\w*|\w*sarcoma|\w*adenoma|neoplasm|tumou?r|metasta\w*|situ|cell|basal|squamous|ductal|lobular|papillary|follicular|invasive|infiltrating|primary|recurrent|stage|grade|differentiated|transitional|urothelial|mucinous|serous|verrucous|ca)$/;

/**
 * Staging, grading and position words around a histology and its site ("stage III", "T3 N1b M0", "poorly
 * differentiated", "superior" parathyroid): they may stand outside the site row.
 */
const GRADING_WORD = /^(?:superior|inferior|upper|lower|anterior|posterior|medial|lateral|proximal|distal|mid|\w*\d\w*|gland|region|area|urinary|ta|tis|i{1,3}|iv|iv[abc]|i{1,3}[abc]|stage|grade|clinical|high|low|poorly|well|moderately|verrucous|nodular|superficial|keratinizing|non|adeno|type|histology|t[x0-4]\w*|n[x0-3]\w*|m[x01]\w*)$/;

/** The histology word itself, before or after which the site is written. */
const PRIMARY_HISTOLOGY = /^(?:\w*carcinoma|cancer|malignan\w*|\w*sarcoma|\w*adenoma|neoplasm|tumou?r)$/;

/** More words than this cannot be a site plus its histology. */
const MAX_WORDS = 12;

export interface NeoplasmTableHit {
  code: string;
  behavior: NeoplasmBehavior;
  /** The table row ("nasal, cavity"). */
  site: string;
}

/** The Neoplasm Table code of a histology-and-site phrase, or null. */
export function neoplasmTableCode(pack: Pack, phrase: string): NeoplasmTableHit | null {
  // Most phrases name no behaviour: answered without a query.
  if (OWN_CODES.test(phrase) || !BEHAVIOR.some(([re]) => re.test(phrase))) return null;
  return memo(pack, phrase, () => lookup(pack, phrase));
}

const memo = packMemo<NeoplasmTableHit | null>();

function lookup(pack: Pack, phrase: string): NeoplasmTableHit | null {
  const behavior = BEHAVIOR.find(([re]) => re.test(phrase))?.[1];
  if (!behavior) return null;
  const words = contentWords(phrase);
  if (words.length > MAX_WORDS) return null;
  const skin = SKIN_HISTOLOGY.test(phrase);
  // The longest run of the phrase's words that is exactly a table row's words is the site ("left nasal cavity" →
  // "nasal, cavity"); the histology words match no row.
  for (let len = Math.min(words.length, 5); len > 0; len--) {
    for (let at = words.length - len; at >= 0; at--) {
      const runWords = words.slice(at, at + len);
      if (runWords.some((w) => HISTOLOGY_WORD.test(w))) continue;
      const run = runWords.join(' ');
      // Every other word must belong to the histology or its grading: "Bladder cancer and left hydrocele" names a
      // second condition, "Malignant pleural effusion" is not a pleural neoplasm.
      if (words.some((w, i) => (i < at || i >= at + len) && !HISTOLOGY_WORD.test(w) && !GRADING_WORD.test(w))) continue;
      const row = siteRow(pack, skin && !/\bskin\b/.test(run) ? `skin ${run}` : run);
      // "Metastatic renal cell carcinoma": a site written before the histology is where it arose (Index: Metastatic
      // … from specified site, see Neoplasm, malignant); "metastatic carcinoma of the liver", "liver metastases"
      // name the secondary site.
      const histologyAt = words.findIndex((w) => PRIMARY_HISTOLOGY.test(w));
      const column = behavior === 'malignant_secondary' && histologyAt > at && !/\bmetastas[ie]s\b/i.test(phrase) ? 'malignant_primary' : behavior;
      const code = row ? conceptOf(pack, row)?.attributes?.[column]?.[0] : undefined;
      if (row && code) return { code, behavior: column, site: conceptOf(pack, row)!.preferred };
    }
  }
  return null;
}

/** The table row whose words are exactly these (order, organ adjective/noun and side words aside). */
function siteRow(pack: Pack, words: string): string | null {
  const want = phraseKeys(words);
  if (!want) return null;
  // All words first; then each word alone, for rows that write another form of a word ("buccal mucosal" / "mucosa").
  for (const query of [words, ...(want.size > 1 ? words.split(' ') : [])]) {
    for (const h of pack.searchTerms(query, { systems: [NEOPLASM_TABLE_SYSTEM], limit: 50 })) {
      const have = phraseKeys(h.term);
      if (have && have.size === want.size && [...want].every((k) => have.has(k))) return h.conceptId;
    }
  }
  return null;
}
