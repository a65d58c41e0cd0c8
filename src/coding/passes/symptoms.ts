/** Signs and symptoms the provider attributes to a coded condition (I.B.5). */
import type { DocView } from '../doc-view.js';
import type { Draft } from '../draft.js';

/**
 * Symptom and abnormal-finding codes: Chapter 18 and an elevated white count, unspecified (D72.829). Not the Chapter 18
 * codes that are reported with their cause: coma scale (R40.2-), convulsions (R56), shock (R57), cachexia (R64), SIRS
 * and severe sepsis (R65), bacteremia and drug findings (R78), and the unknown causes of mortality (R99).
 */
const SYMPTOM = /^(?:R(?!40\.2|56|57|64|65|78|99)|D72\.829)/;
/**
 * "… secondary to above", "… due to the above", "… related to his pneumonia", "…, consistent with a diagnosis of
 * vestibular migraine": the cause is named right after.
 */
const ATTRIBUTED = /^\s*,?\s*(?:(?:is|are|was|were)\s+)?(?:likely\s+|probably\s+|most\s+likely\s+)?(?:secondary\s+to|due\s+to|related\s+to|caused\s+by|from|consistent\s+with)\s+(?:the\s+|her\s+|his\s+)?(?:(?:a\s+)?diagnosis\s+of\s+)?(above|[a-z])/i;

/**
 * I.B.5: a sign or symptom routinely associated with a disease is not coded when the provider ties it to that disease
 * ("Diarrhea secondary to above" under "Clostridium difficile colitis", "Leukocytosis secondary to above"). The cause
 * must be "the above" or a mention of another code of the note that starts right there.
 */
export function dropAttributedSymptoms(view: DocView, drafts: Draft[]): Draft[] {
  const starts = new Set(drafts.filter((d) => !SYMPTOM.test(d.code)).flatMap((d) => d.evidence.map((ev) => ev.start)));
  const attributed = (d: Draft) =>
    d.evidence.every((ev) => {
      const m = ATTRIBUTED.exec(view.doc.text.slice(ev.end, ev.end + 60));
      if (!m) return false;
      return /^above$/i.test(m[1]!) || starts.has(ev.end + m.index + m[0].length - 1);
    });
  if (!drafts.some((d) => !SYMPTOM.test(d.code))) return drafts;
  return drafts.filter((d) => !(SYMPTOM.test(d.code) && attributed(d)));
}

/** A sentence that describes a condition's symptoms or an episode of it ("His symptoms … consist mainly of …"). */
const SYMPTOM_TALK = /\b(?:symptoms?|symptomatology|episodes?|manifest\w*|presentation|consist\w*|characteri[sz]\w*)\b/i;
/** Symptom-like codes outside Chapter 18 that a condition's description names: visual loss. */
const SYMPTOM_LIKE = /^H54\.7/;

/**
 * I.B.5: a numbered entry of the final statement that opens with a diagnosis and then describes its symptoms
 * ("2. Lumbar stenosis. His symptoms … consist mainly of some mild … weakness and very mild gait instability") lists
 * them as that diagnosis's, not as further diagnoses. Only sentences that say they describe symptoms or an episode
 * count, and only after a heading that a definitive code of the note comes from.
 */
export function dropSymptomsOfListedCondition(view: DocView, drafts: Draft[]): Draft[] {
  const definitive = drafts.filter((d) => !SYMPTOM.test(d.code) && !SYMPTOM_LIKE.test(d.code));
  const described = (d: Draft) =>
    d.evidence.every((ev) => {
      const entry = view.finalEntryAt(ev.start);
      if (!entry || ev.start < entry.headEnd || !SYMPTOM_TALK.test(view.sentenceTextAt(ev.start))) return false;
      return definitive.some((x) => x.evidence.some((y) => entry.start <= y.start && y.start < entry.headEnd));
    });
  return drafts.filter((d) => !((SYMPTOM.test(d.code) || SYMPTOM_LIKE.test(d.code)) && described(d)));
}
