/**
 * I.C.19.e.5.a (adverse effect of a drug correctly prescribed and properly administered): the nature of the effect is
 * coded first, followed by the T36–T50 code whose 5th/6th character is 5, found in the Table of Drugs and Chemicals
 * (column "Adverse effect"). The table comes into a pack with `clinlink build --icd10cm-drugs`.
 */
import { DRUG_TABLE_SYSTEM, type DrugTableColumn } from '../ontology/loaders/icd10cm-drugs.js';
import type { Pack } from '../ontology/pack.js';

export interface DrugAdverseEffect {
  /** Billable T code with the 7th character for the initial encounter, e.g. T45.515A. */
  code: string;
  /** The drug as the table names it ("Heparin", "Lasix"). */
  drug: string;
  /** Offsets of the drug's words in the text. */
  start: number;
  end: number;
}

/** "<condition> due to / secondary to / caused by / induced by / related to / from [his|her|the] DRUG …" */
const CAUSE_AFTER = /^[^.;]{0,40}?\b(?:secondary\s+to|due\s+to|caused\s+by|induced\s+by|related\s+to|attributed\s+to|from)\s+(?:(?:his|her|their|the|home|high[-\s]dose|iv|oral)\s+)*/i;
const CAUSE_CONNECTIVE = /\b(?:secondary\s+to|due\s+to|caused\s+by|induced\s+by|related\s+to|attributed\s+to)\s+(?:(?:his|her|their|the|home|high[-\s]dose|iv|oral)\s+)*/i;
/** "DRUG-induced <condition>", "DRUG induced <condition>", "DRUG-associated <condition>" right before the mention. */
const CAUSE_BEFORE = /([\p{L}\p{N}][\p{L}\p{N}-]*(?:\s+[\p{L}\p{N}][\p{L}\p{N}-]*)?)[-\s](?:induced|associated|related)\s*$/iu;
/** The same inside the mention's own words ("heparin-induced thrombocytopenia" is one term). */
const CAUSE_INSIDE = /^([\p{L}\p{N}][\p{L}\p{N}]*(?:\s+[\p{L}\p{N}]+)?)[-\s](?:induced|associated|related)\b/iu;

/**
 * The adverse-effect code of the drug the text names as the cause of the mention at [start, end), or null when it
 * names none the pack's drug table knows, the table gives no adverse-effect code, or the code (the 2017 table's code
 * plus the initial-encounter "A") is not billable in the pack's code set.
 */
export function drugAdverseEffect(pack: Pack, text: string, start: number, end: number, isBillable: (code: string) => boolean): DrugAdverseEffect | null {
  const mention = text.slice(start, end);
  const inside = CAUSE_INSIDE.exec(mention);
  if (inside) {
    const found = longestDrugAt(pack, inside[1]!, start + inside.index, 'end', isBillable);
    if (found) return found;
  }
  const before = CAUSE_BEFORE.exec(text.slice(Math.max(0, start - 60), start));
  if (before) {
    const offset = Math.max(0, start - 60) + before.index;
    const found = longestDrugAt(pack, before[1]!, offset, 'end', isBillable);
    if (found) return found;
  }
  // "Hypoglycemia due to insulin" can be one index term: the connective may sit inside the mention.
  const connective = CAUSE_CONNECTIVE.exec(mention);
  const after = connective ? { index: connective.index - (end - start), 0: connective[0] } : CAUSE_AFTER.exec(text.slice(end, end + 120));
  if (after) {
    const from = end + after.index + after[0].length;
    const window = text.slice(from, from + 80);
    const words = /^[\p{L}\p{N}][\p{L}\p{N}-]*(?:\s+[\p{L}\p{N}][\p{L}\p{N}-]*){0,2}/u.exec(window);
    if (words) return longestDrugAt(pack, words[0], from, 'start', isBillable, window.slice(words[0].length));
  }
  return null;
}

/** A substance named with these words after it is a cause of another kind: "anemia due to iron deficiency", "blood
 * loss", "alcohol withdrawal", "heroin overdose" (poisoning, I.C.19.e.5.b), "blood transfusion" (T80). */
const NOT_ADVERSE_EFFECT_AFTER = /^[-\s]*(?:deficien\w*|loss|overload|levels?|intake|withdrawal|abuse|use|dependence|exposure|ingestion|overdose|poisoning|toxicity|allerg\w*|transfusions?|products?)\b/i;

/** The longest run of 1–3 words anchored at the phrase's start (or end) that names a drug with an adverse-effect code. */
function longestDrugAt(pack: Pack, phrase: string, offset: number, anchor: 'start' | 'end', isBillable: (code: string) => boolean, rest = ''): DrugAdverseEffect | null {
  const words = [...phrase.matchAll(/[\p{L}\p{N}][\p{L}\p{N}-]*/gu)];
  for (let n = Math.min(3, words.length); n >= 1; n--) {
    const slice = anchor === 'start' ? words.slice(0, n) : words.slice(words.length - n);
    const first = slice[0]!;
    const last = slice[slice.length - 1]!;
    const s = first.index!;
    const e = last.index! + last[0].length;
    const name = phrase.slice(s, e);
    if (anchor === 'start' && NOT_ADVERSE_EFFECT_AFTER.test(phrase.slice(e) + rest)) continue;
    const found = tableCode(pack, name, 'adverse_effect', isBillable);
    if (found) return { ...found, start: offset + s, end: offset + e };
  }
  return null;
}

export interface DrugPoisoning {
  /** Billable T code with the initial-encounter 7th character, e.g. T39.1X2A. */
  code: string;
  drug: string;
  intent: 'accidental' | 'intentional' | 'assault' | 'undetermined';
}

/** "overdose", "overdosed on", "poisoning", "toxic ingestion": a drug taken in error or in excess (I.C.19.e.5.b). */
const POISONING_CUE = /\b(?:overdos\w*|poison\w*|ingest\w*)\b/i;
const INTENTIONAL_CUE = /\b(?:suicid\w*|intentional(?:ly)?|self[-\s]harm|deliberate(?:ly)?)\b/i;
const ASSAULT_CUE = /\b(?:assault\w*|homicid\w*|poisoned\s+by\s+(?:his|her|their|a|an)\b)/i;
const UNDETERMINED_CUE = /\b(?:intent\s+(?:undetermined|unknown|unclear|could\s+not\s+be\s+determined))\b/i;

/**
 * I.C.19.e.5.b: a drug mention in a sentence that speaks of an overdose, a poisoning or an ingestion is coded with
 * the drug's poisoning code. Intent (I.C.19.e.5.b): self-harm when the sentence or the note says suicide attempt /
 * intentional, assault when it says so, undetermined only when the record says the intent cannot be determined,
 * otherwise accidental ("if the intent of the poisoning is unknown or unspecified, code the intent as accidental").
 * The drug is the mention's own words looked up in the pack's Table of Drugs and Chemicals.
 */
export function drugPoisoning(pack: Pack, drugText: string, sentence: string, note: string, isBillable: (code: string) => boolean): DrugPoisoning | null {
  if (!POISONING_CUE.test(sentence)) return null;
  const intent = UNDETERMINED_CUE.test(sentence)
    ? 'undetermined'
    : INTENTIONAL_CUE.test(sentence) || /\bsuicid\w*\s+attempt|\bintentional\s+(?:overdose|ingestion)/i.test(note)
      ? 'intentional'
      : ASSAULT_CUE.test(sentence)
        ? 'assault'
        : 'accidental';
  const found = tableCode(pack, drugText, `poisoning_${intent}`, isBillable);
  return found ? { ...found, intent } : null;
}

/**
 * The code in one column of the Table of Drugs for a drug named exactly so (any of its names), with the
 * initial-encounter 7th character, when billable in the pack's code set.
 */
function tableCode(pack: Pack, name: string, column: DrugTableColumn, isBillable: (code: string) => boolean): { code: string; drug: string } | null {
  for (const hit of pack.searchTerms(name, { systems: [DRUG_TABLE_SYSTEM], exactOnly: true, limit: 3 })) {
    const base = pack.concept(hit.conceptId)?.attributes?.[column]?.[0];
    if (base && isBillable(`${base}A`)) return { code: `${base}A`, drug: hit.preferred };
  }
  return null;
}
