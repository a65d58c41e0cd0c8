import type { SectionName } from '../types.js';
import type { AssertionCategory } from './triggers.data.js';

/**
 * What a section says about every mention in it before any trigger is read. Triggers add to a default, they never
 * remove it ("PMH: no history of diabetes" is historical and negated).
 *
 * Decisions:
 * - family_history → family: everything in it is about relatives, including conditions named without a relative.
 * - past_medical_history, past_surgical_history → historical (ConText's "historical" = before this encounter).
 * - discharge_instructions → hypothetical: instructions name conditions to watch for ("fever, chest pain, wound
 *   redness"); sentences that recount the stay ("you were admitted for pneumonia") keep the mention current, via
 *   `unlessSentenceHas`.
 * - indication → no default. A radiology indication mixes symptoms that are present ("cough and fever") with
 *   suspicions; the suspicions carry their own cues ("r/o", "?", "eval for", "concern for"), so defaulting to
 *   uncertain would turn every presenting symptom uncertain.
 * - social_history → no default: "smokes one pack per day" is current; "former smoker" carries its own cue.
 * - follow_up, plan → no default: "follow up with cardiology for CHF" is about a present condition; plans that
 *   name possible conditions use triggers ("rule out MI", "monitor for bleeding").
 */
export interface SectionDefault {
  section: SectionName;
  set: readonly AssertionCategory[];
  /** Phrases (matched on tokens, like triggers) that, anywhere in the sentence, cancel this default. */
  unlessSentenceHas?: readonly string[];
}

export const SECTION_DEFAULTS: readonly SectionDefault[] = [
  { section: 'family_history', set: ['family'] },
  { section: 'past_medical_history', set: ['historical'] },
  { section: 'past_surgical_history', set: ['historical'] },
  {
    section: 'discharge_instructions',
    set: ['hypothetical'],
    unlessSentenceHas: [
      'you were', 'you had', 'you have been', 'were admitted', 'was admitted', 'were treated', 'was treated',
      'were diagnosed', 'was diagnosed', 'were found', 'was found', 'you came', 'were hospitalized',
      'your hospital stay', 'during your stay', 'while you were', 'you underwent', 'we treated', 'we found',
      'we diagnosed',
    ],
  },
];
