/** Signs and symptoms the provider attributes to a coded condition (I.B.5). */
import type { DocView } from '../doc-view.js';
import type { Draft } from '../draft.js';

/**
 * Symptom and abnormal-finding codes: Chapter 18 and an elevated white count, unspecified (D72.829). Not the Chapter 18
 * codes that are reported with their cause: coma scale (R40.2-), convulsions (R56), shock (R57), cachexia (R64), SIRS
 * and severe sepsis (R65), bacteremia and drug findings (R78), and the unknown causes of mortality (R99).
 */
const SYMPTOM = /^(?:R(?!40\.2|56|57|64|65|78|99)|D72\.829)/;
/** "… secondary to above", "… due to the above", "… related to his pneumonia": the cause is named right after. */
const ATTRIBUTED = /^\s*,?\s*(?:(?:is|are|was|were)\s+)?(?:likely\s+|probably\s+|most\s+likely\s+)?(?:secondary\s+to|due\s+to|related\s+to|caused\s+by|from)\s+(?:the\s+|her\s+|his\s+)?(above|[a-z])/i;

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
