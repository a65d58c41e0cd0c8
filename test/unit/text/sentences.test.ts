import { describe, expect, it } from 'vitest';
import { detectSections } from '../../../src/text/sections.js';
import { splitSentences } from '../../../src/text/sentences.js';

const split = (text: string) => splitSentences(text).map((s) => text.slice(s.start, s.end));

describe('splitSentences', () => {
  it('keeps abbreviation periods inside a sentence', () => {
    expect(split('Seen by Dr. Smith and Mr. Jones today. He is stable.')).toEqual([
      'Seen by Dr. Smith and Mr. Jones today.',
      'He is stable.',
    ]);
    expect(split('Metoprolol 25 mg p.o. b.i.d. and lisinopril 10 mg q.d. were continued. Follow up in clinic.')).toEqual([
      'Metoprolol 25 mg p.o. b.i.d. and lisinopril 10 mg q.d. were continued.',
      'Follow up in clinic.',
    ]);
    expect(split('Trazodone 50 mg q.h.s. as needed and Tylenol t.i.d. for pain.')).toEqual([
      'Trazodone 50 mg q.h.s. as needed and Tylenol t.i.d. for pain.',
    ]);
    expect(split('Avoid NSAIDs, e.g. Ibuprofen, and anticoagulants, i.e. Warfarin. Resume diet.')).toEqual([
      'Avoid NSAIDs, e.g. Ibuprofen, and anticoagulants, i.e. Warfarin.',
      'Resume diet.',
    ]);
    expect(split('Pneumonia vs. CHF exacerbation. Mass measures approx. 3 cm. Aspirin 81 mg. daily.')).toEqual([
      'Pneumonia vs. CHF exacerbation.',
      'Mass measures approx. 3 cm.',
      'Aspirin 81 mg. daily.',
    ]);
    expect(split('Give 2.5 mg IV now. Potassium 3.5. Recheck in 6 hours.')).toEqual([
      'Give 2.5 mg IV now.',
      'Potassium 3.5.',
      'Recheck in 6 hours.',
    ]);
    expect(split('Discussed with Dr. J. Smith. Agrees.')).toEqual(['Discussed with Dr. J. Smith.', 'Agrees.']);
    expect(split('Placed a No. 2 Foley. Any pain? No. Discharged.')).toEqual(['Placed a No. 2 Foley.', 'Any pain?', 'No.', 'Discharged.']);
  });

  it('ends a sentence at a full word before a lower-case start, but not at abbreviations', () => {
    expect(split('No pneumothorax or pleural effusion. heart size is normal. Lungs are clear.')).toEqual([
      'No pneumothorax or pleural effusion.',
      'heart size is normal.',
      'Lungs are clear.',
    ]);
    expect(split('Continue lisinopril 10 mg tabs. daily and meds. reviewed with him, etc. and follow up.')).toEqual([
      'Continue lisinopril 10 mg tabs. daily and meds. reviewed with him, etc. and follow up.',
    ]);
    // Short words, two-word fragments and dotted abbreviations keep the sentence whole.
    expect(split('Hx. of asthma. Seen by pt. today. Given p.o. meds at bedtime.')).toEqual(['Hx. of asthma.', 'Seen by pt. today.', 'Given p.o. meds at bedtime.']);
  });

  it('ends a dosing abbreviation sentence when a capitalised sentence follows', () => {
    expect(split('Lasix 40 mg p.o. b.i.d. Metoprolol 25 mg daily.')).toEqual(['Lasix 40 mg p.o. b.i.d.', 'Metoprolol 25 mg daily.']);
  });

  it('splits numbered lists, "1." and "1)" styles, inline or on lines', () => {
    expect(split('1. Pneumonia 2. CHF 3. Diabetes mellitus')).toEqual(['1. Pneumonia', '2. CHF', '3. Diabetes mellitus']);
    expect(split('Found: 1) Pneumonia 2) CHF')).toEqual(['Found:', '1) Pneumonia', '2) CHF']);
    expect(split('1. Aspirin 81 mg daily.\n2. Metoprolol 25 mg b.i.d.\n10. Statin.')).toEqual([
      '1. Aspirin 81 mg daily.',
      '2. Metoprolol 25 mg b.i.d.',
      '10. Statin.',
    ]);
    expect(split('Medications:\n7. Aspirin\n9. Statin')).toEqual(['Medications:', '7. Aspirin', '9. Statin']);
    // Not a list: no item 1 before, so "grade 2." is the end of a sentence.
    expect(split('Tumor is grade 2. No nodal disease.')).toEqual(['Tumor is grade 2.', 'No nodal disease.']);
    // Nor is a number inside a sentence.
    expect(split('Type 1. diabetes was noted')).toEqual(['Type 1. diabetes was noted']);
  });

  it('treats headers, line breaks and blank lines as boundaries', () => {
    const note = 'HISTORY OF PRESENT ILLNESS: The patient is a 60-year-old man\nwith chest pain\n\nAllergies\nPenicillin\nMEDICATIONS:\nAspirin 81 mg daily\nMetoprolol 25 mg';
    expect(split(note)).toEqual([
      'HISTORY OF PRESENT ILLNESS:',
      'The patient is a 60-year-old man\nwith chest pain',
      'Allergies',
      'Penicillin',
      'MEDICATIONS:',
      'Aspirin 81 mg daily',
      'Metoprolol 25 mg',
    ]);
  });

  it('splits before a subheading and keeps it with its content', () => {
    expect(split('PHYSICAL EXAMINATION: HEENT: Normocephalic, atraumatic,NECK: Supple\nLUNGS: Clear.')).toEqual([
      'PHYSICAL EXAMINATION:',
      'HEENT: Normocephalic, atraumatic',
      'NECK: Supple',
      'LUNGS: Clear.',
    ]);
  });

  it('handles MTSamples-style flattened text', () => {
    const note =
      'FINDINGS: , There is a trace hydrocele.,The right testicle is normal.  No masses are seen.,IMPRESSION:  ,1.  Trace hydrocele.,2.  No torsion.';
    expect(split(note)).toEqual([
      'FINDINGS:',
      'There is a trace hydrocele.',
      'The right testicle is normal.',
      'No masses are seen.',
      'IMPRESSION:',
      '1.  Trace hydrocele.',
      '2.  No torsion.',
    ]);
    // A comma and a space after a period is ordinary punctuation.
    expect(split('Lasix 40 mg p.o. b.i.d., Lisinopril 10 mg q.d.')).toEqual(['Lasix 40 mg p.o. b.i.d., Lisinopril 10 mg q.d.']);
  });

  it('reads "?" after a word as an end and "? word" as an uncertainty mark', () => {
    expect(split('Opacity at the right base, ? pneumonia. Repeat film?  Yes.')).toEqual([
      'Opacity at the right base, ? pneumonia.',
      'Repeat film?',
      'Yes.',
    ]);
  });

  it('trims whitespace, keeps exact offsets with CRLF, tabs, emoji and non-Latin text', () => {
    const note = '\tFever 38.5 \u{1F912}.\r\n\r\n Πυρετός και βήχας. 患者发热。咳嗽。\r\nDone';
    const spans = splitSentences(note);
    expect(spans.map((s) => note.slice(s.start, s.end))).toEqual(['Fever 38.5 \u{1F912}.', 'Πυρετός και βήχας.', '患者发热。', '咳嗽。', 'Done']);
    for (const s of spans) expect(note.slice(s.start, s.end)).toBe(note.slice(s.start, s.end).trim());
  });

  it('returns no sentences for empty and blank notes', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' \n\t\r\n \u0000 ')).toEqual([]);
    expect(splitSentences(', ,')).toEqual([]);
  });

  it('uses sections passed in, and never crosses them', () => {
    const note = 'HPI: Cough since Monday PLAN: Rest';
    const sections = detectSections(note);
    expect(splitSentences(note, sections)).toEqual(splitSentences(note));
    // A caller's own sections are honoured: a boundary at 10 splits "Cough sin|ce".
    const custom = [
      { start: 0, end: 10, name: 'none' as const, bodyStart: 0 },
      { start: 10, end: note.length, name: 'other' as const, bodyStart: 10 },
    ];
    expect(splitSentences(note, custom).map((s) => note.slice(s.start, s.end))).toEqual(['HPI: Cough', 'since Monday PLAN: Rest']);
    expect(() => splitSentences(note, [{ start: 0, end: 999, name: 'none', bodyStart: 0 }])).toThrow(/not inside/);
  });
});
