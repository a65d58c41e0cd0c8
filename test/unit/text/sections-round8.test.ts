import { describe, expect, it } from 'vitest';
import { detectSections } from '../../../src/text/sections.js';

/** Section names in order, for a flattened (CSV-style) note. */
const names = (text: string) => detectSections(text).map((s) => s.name);

describe('section headers met in MTSamples consults (round 8)', () => {
  it('reads a medical problem list as the assessment and "current medicines" as the medication list', () => {
    expect(names('MEDICAL PROBLEM LIST:,1.  Hypertension.,CURRENT MEDICINES: , Aspirin 81 mg daily.,INTERVAL HISTORY: , Doing well.')).toEqual([
      'assessment',
      'medications',
      'history_of_present_illness',
    ]);
  });

  it('reads an opening "PROBLEM:" as the problem the consult was asked about, and combined history headers', () => {
    expect(names('PROBLEM:  ,Chronic abdominal pain.,HISTORY: , A 23-year-old woman.')).toEqual(['chief_complaint', 'history_of_present_illness']);
    expect(names('ALLERGIES TO MEDICATIONS: , Naprosyn.,PAST MEDICAL HISTORY AND SURGICAL HISTORY: , Hypertension.,OB HISTORY: , G2 P2.')).toEqual([
      'allergies',
      'past_medical_history',
      'past_medical_history',
    ]);
  });
});
