import { describe, expect, it } from 'vitest';
import { detectSections, findHeaders, headerKey, sectionAt } from '../../../src/text/sections.js';
import type { Section } from '../../../src/types.js';

/** [name, header as written] for each section, for compact expectations. */
const outline = (text: string) => detectSections(text).map((s) => [s.name, s.header?.text ?? null]);
const bodyOf = (text: string, s: Section) => text.slice(s.bodyStart, s.end).trim();

function expectCovers(text: string, sections: Section[]): void {
  if (text.length === 0) {
    expect(sections).toEqual([]);
    return;
  }
  expect(sections[0]!.start).toBe(0);
  expect(sections[sections.length - 1]!.end).toBe(text.length);
  sections.forEach((s, i) => {
    expect(s.start).toBeLessThan(s.end);
    if (i > 0) expect(s.start).toBe(sections[i - 1]!.end);
    expect(s.bodyStart).toBeGreaterThanOrEqual(s.start);
    expect(s.bodyStart).toBeLessThanOrEqual(s.end);
    if (s.header) {
      expect(text.slice(s.header.start, s.header.end)).toBe(s.header.text);
      expect(s.header.start).toBeGreaterThanOrEqual(s.start);
      expect(s.header.end).toBeLessThanOrEqual(s.bodyStart);
    }
  });
}

const DISCHARGE = [
  'DISCHARGE SUMMARY',
  '',
  'ADMISSION DIAGNOSIS: Community-acquired pneumonia.',
  '',
  'HISTORY OF PRESENT ILLNESS: 71-year-old woman with three days of cough and fever.',
  '',
  'PAST MEDICAL HISTORY:',
  '1. Hypertension.',
  '2. Type 2 diabetes mellitus.',
  '',
  'PAST SURGICAL HISTORY: Cholecystectomy.',
  'ALLERGIES: Penicillin (rash).',
  'MEDICATIONS ON ADMISSION: Lisinopril, metformin.',
  '',
  'BRIEF HOSPITAL COURSE',
  'She was treated with ceftriaxone and azithromycin and improved.',
  '',
  'DISCHARGE DIAGNOSES:',
  '1. Community-acquired pneumonia, resolved.',
  'DISCHARGE MEDICATIONS:',
  'Cefpodoxime 200 mg p.o. b.i.d. for 5 days.',
  'DISCHARGE INSTRUCTIONS: Return if fever recurs.',
  'FOLLOW-UP: Primary care in one week.',
  '',
].join('\n');

describe('detectSections', () => {
  it('splits a discharge summary with inline, own-line and colon-less headers', () => {
    expect(outline(DISCHARGE)).toEqual([
      ['none', null],
      ['admission_diagnoses', 'ADMISSION DIAGNOSIS:'],
      ['history_of_present_illness', 'HISTORY OF PRESENT ILLNESS:'],
      ['past_medical_history', 'PAST MEDICAL HISTORY:'],
      ['past_surgical_history', 'PAST SURGICAL HISTORY:'],
      ['allergies', 'ALLERGIES:'],
      ['medications', 'MEDICATIONS ON ADMISSION:'],
      ['hospital_course', 'BRIEF HOSPITAL COURSE'],
      ['discharge_diagnoses', 'DISCHARGE DIAGNOSES:'],
      ['discharge_medications', 'DISCHARGE MEDICATIONS:'],
      ['discharge_instructions', 'DISCHARGE INSTRUCTIONS:'],
      ['follow_up', 'FOLLOW-UP:'],
    ]);
    const sections = detectSections(DISCHARGE);
    expectCovers(DISCHARGE, sections);
    const hpi = sections.find((s) => s.name === 'history_of_present_illness')!;
    expect(bodyOf(DISCHARGE, hpi)).toBe('71-year-old woman with three days of cough and fever.');
    expect(DISCHARGE.slice(hpi.bodyStart, hpi.bodyStart + 2)).toBe('71');
  });

  it('reads Title Case and abbreviated headers of a consult note', () => {
    const note = [
      'Chief Complaint: Shortness of breath.',
      'History of Present Illness: He reports two weeks of orthopnea.',
      'PMHx: CHF, atrial fibrillation.',
      'PSH: CABG 2010.',
      'FH: Father with MI at 55.',
      'SH: Former smoker.',
      'ROS: Negative except as above.',
      'Physical Exam:',
      'Vitals: BP 150/90, HR 88.',
      'Lungs: Bibasilar crackles.',
      'Labs: BNP 1200.',
      'A/P: Acute on chronic heart failure. Diurese.',
      'Assessment and Plan:',
      'Plan as above.',
    ].join('\n');
    expect(outline(note).map(([n]) => n)).toEqual([
      'chief_complaint',
      'history_of_present_illness',
      'past_medical_history',
      'past_surgical_history',
      'family_history',
      'social_history',
      'review_of_systems',
      'physical_exam',
      'labs',
      'assessment_and_plan',
      'assessment_and_plan',
    ]);
    // A header that is also an exam part stays inside the examination even on a line of its own.
    expect(outline('PHYSICAL EXAM:\nVITAL SIGNS\nBP 120/80.\nPLAN: Home.').map(([n]) => n)).toEqual(['physical_exam', 'plan']);
    expect(outline('VITAL SIGNS\nBP 120/80.').map(([n]) => n)).toEqual(['vital_signs']);
    // "Vitals:" and "Lungs:" are parts of the examination, not sections of their own.
    const headers = findHeaders(note);
    expect(headers.filter((h) => h.kind === 'subheading').map((h) => [h.text, h.name])).toEqual([
      ['Vitals:', 'physical_exam'],
      ['Lungs:', 'physical_exam'],
    ]);
  });

  it('reads Title Case headers that the flattening joined to the previous line with a comma', () => {
    const text = 'Chief Complaint:, Abdominal pain.,History of Present Illness:, A 50-year-old woman.,Past Medical History:,1. Asthma,2. Hypertension,Past Surgical History:,1. None.';
    expect(outline(text)).toEqual([
      ['chief_complaint', 'Chief Complaint:'],
      ['history_of_present_illness', 'History of Present Illness:'],
      ['past_medical_history', 'Past Medical History:'],
      ['past_surgical_history', 'Past Surgical History:'],
    ]);
    // A lower-case label inside a sentence is no header.
    expect(outline('She has seasonal allergies, medications: none.').map(([n]) => n)).not.toContain('medications');
  });

  it('handles an MTSamples-style flattened note (headers mid-line, line breaks turned into commas)', () => {
    const note =
      'CHIEF COMPLAINT: , Cough and fever.,HISTORY OF PRESENT ILLNESS: , The patient is a 60-year-old man with ' +
      'three days of productive cough.  He denies chest pain.,PAST MEDICAL HISTORY:,1.  Hypertension.,2.  Gout.,' +
      'MEDICATIONS,1.  Lisinopril.,2.  Allopurinol.,ALLERGIES: , NKDA.,PHYSICAL EXAMINATION,VITAL SIGNS:  ' +
      'Temperature 101.2, BP 130/80.,HEENT:  Normocephalic.,LUNGS:  Crackles at the right base.,IMPRESSION:  ,' +
      '1.  Right lower lobe pneumonia.,PLAN: , Levofloxacin.';
    const sections = detectSections(note);
    expectCovers(note, sections);
    expect(sections.map((s) => [s.name, s.header?.text])).toEqual([
      ['chief_complaint', 'CHIEF COMPLAINT:'],
      ['history_of_present_illness', 'HISTORY OF PRESENT ILLNESS:'],
      ['past_medical_history', 'PAST MEDICAL HISTORY:'],
      ['medications', 'MEDICATIONS'],
      ['allergies', 'ALLERGIES:'],
      ['physical_exam', 'PHYSICAL EXAMINATION'],
      ['impression', 'IMPRESSION:'],
      ['plan', 'PLAN:'],
    ]);
    // Bodies start after the flattened ", " junk.
    expect(note.slice(sections[0]!.bodyStart).startsWith('Cough and fever.')).toBe(true);
    expect(note.slice(sections[1]!.bodyStart).startsWith('The patient')).toBe(true);
    expect(note.slice(sections[6]!.bodyStart).startsWith('1.  Right')).toBe(true);
  });

  it('splits a radiology report; its opening EXAM: names the study', () => {
    const note = [
      'EXAM: CT chest with contrast.',
      'INDICATION: Chronic cough, r/o mass.',
      'COMPARISON: Chest radiograph 03/02/2021.',
      'TECHNIQUE: Axial images were obtained after IV contrast.',
      'FINDINGS:',
      'LUNGS: 6 mm nodule in the right upper lobe. No consolidation.',
      'MEDIASTINUM: No lymphadenopathy.',
      'IMPRESSION:',
      '1. 6 mm right upper lobe nodule.',
      '2. No mass.',
    ].join('\n');
    expect(outline(note).map(([n]) => n)).toEqual(['imaging', 'indication', 'comparison', 'technique', 'findings', 'impression']);
    expect(findHeaders(note).filter((h) => h.kind === 'subheading').map((h) => h.name)).toEqual(['findings', 'findings']);
    // Later in an H&P the same header is the physical examination.
    expect(outline('HPI: Fall.\nEXAM: Alert, oriented.').map(([n]) => n)).toEqual(['history_of_present_illness', 'physical_exam']);
  });

  it('maps header variants to one name', () => {
    const cases: Array<[string, string]> = [
      ['DISCHARGE DIAGNOSIS:', 'discharge_diagnoses'],
      ['DISCHARGE DIAGNOSIS/DIAGNOSES:', 'discharge_diagnoses'],
      ['FINAL DIAGNOSES:', 'discharge_diagnoses'],
      ['POSTOPERATIVE DIAGNOSIS (ES):', 'discharge_diagnoses'],
      ['Assessment & Plan:', 'assessment_and_plan'],
      ['Impression/Plan:', 'assessment_and_plan'],
      ['Follow up:', 'follow_up'],
      ['FOLLOWUP:', 'follow_up'],
      ['REASON FOR EXAM:', 'indication'],
      ['LABORATORY DATA:', 'labs'],
      ['SOCIAL HISTORY:', 'social_history'],
      ['FAMILY HISTORY:', 'family_history'],
      ['Family History:', 'family_history'],
      ['HPI:', 'history_of_present_illness'],
      ['PMH:', 'past_medical_history'],
      ['PMHx:', 'past_medical_history'],
      ['Plan:', 'plan'],
    ];
    for (const [header, name] of cases) {
      const s = detectSections(`${header} text here.`);
      expect([header, s[0]?.name]).toEqual([header, name]);
    }
    expect(headerKey(' Follow-up ')).toBe('FOLLOW UP');
    expect(headerKey('A / P')).toBe('A/P');
  });

  it("names unknown ALL-CAPS headers 'other'", () => {
    expect(outline('HPI: Cough.\nCODE STATUS: Full code.\nCONDITION ON DISCHARGE: Stable.')).toEqual([
      ['history_of_present_illness', 'HPI:'],
      ['other', 'CODE STATUS:'],
      ['other', 'CONDITION ON DISCHARGE:'],
    ]);
  });

  it('does not take names, vitals, labs or values for headers', () => {
    const note = [
      'HPI: Seen with Dr. Smith: she agrees with the plan.',
      'Discussed with Dr. JONES: will follow.',
      'BP: 120/80 HR: 72 RR: 16 SpO2: 98%',
      'Na: 138, K: 4.1, WBC: 11.2, EKG: sinus rhythm.',
      'He has HTN, COPD: both controlled.',
      'Time 10:30, ratio 1:2.',
      'ADMISSION DATE: 01/02/2021',
      'Patient Name: withheld.',
    ].join('\n');
    expect(outline(note)).toEqual([['history_of_present_illness', 'HPI:']]);
  });

  it('covers empty, blank and header-less notes', () => {
    expect(detectSections('')).toEqual([]);
    expect(detectSections('  \n\t ')).toEqual([{ start: 0, end: 5, name: 'none', bodyStart: 0 }]);
    expect(detectSections('Patient doing well.')).toEqual([{ start: 0, end: 19, name: 'none', bodyStart: 0 }]);
    // A blank preamble joins the first section instead of becoming an empty 'none' section.
    const s = detectSections('\n\nHPI: x');
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ start: 0, end: 8, name: 'history_of_present_illness', header: { start: 2, end: 6, text: 'HPI:' } });
  });

  it('keeps offsets with CRLF, tabs and non-Latin text', () => {
    const note = '\u{1F600} Σημείωση\r\nHPI:\tΠυρετός 患者发热\r\nPLAN:\r\n  Observe.\r\n';
    const sections = detectSections(note);
    expectCovers(note, sections);
    expect(sections.map((s) => s.name)).toEqual(['none', 'history_of_present_illness', 'plan']);
    expect(note.slice(sections[1]!.bodyStart, sections[1]!.bodyStart + 7)).toBe('Πυρετός');
  });

  it('finds the section of an offset', () => {
    const sections = detectSections(DISCHARGE);
    const at = DISCHARGE.indexOf('Cholecystectomy');
    expect(sectionAt(sections, at)?.name).toBe('past_surgical_history');
    expect(sectionAt(sections, -1)).toBeUndefined();
    expect(sectionAt(sections, DISCHARGE.length)).toBeUndefined();
  });
});
