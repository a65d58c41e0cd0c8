import { describe, expect, it } from 'vitest';
import { useIcdCoder } from '../helpers/coder.js';
import { icdStarterSources } from '../helpers/packs.js';

/** I.C.19.e.5.a: a condition the note attributes to a named drug is coded with the drug's adverse-effect T code. */
describe.skipIf(!icdStarterSources())('coding rules: adverse effects and poisoning of named drugs (Table of Drugs and Chemicals), final lists', () => {
  const { coder, codesOf } = useIcdCoder();

  it('adds the T code after the condition for "due to / secondary to DRUG" and "DRUG-induced", with the initial encounter', async () => {
    const note = [
      'DISCHARGE DIAGNOSES:',
      '1. Hypotension secondary to lisinopril.',
      '2. Heparin-induced thrombocytopenia.',
      '3. Hyperkalemia due to spironolactone.',
      '4. Hypoglycemia due to insulin.',
    ].join('\n');
    const codes = await codesOf(note);
    expect(codes).toEqual(expect.arrayContaining(['I95.9', 'T46.4X5A', 'T45.515A', 'E87.5', 'T50.0X5A', 'T38.3X5A']));
    const all = await coder().code(note);
    const hit = all.find((c) => c.code === 'T46.4X5A')!;
    expect(hit.rationale).toMatch(/adverse effect of Lisinopril \(I\.C\.19\.e\.5\.a\)/);
    expect(note.slice(hit.evidence[0]!.start, hit.evidence[0]!.end)).toBe('Hypotension');
  });

  it('does not read other causes as drugs: deficiency, blood loss, withdrawal, a fall', async () => {
    const codes = await codesOf(['DISCHARGE DIAGNOSES:', '1. Anemia secondary to iron deficiency.', '2. Delirium due to alcohol withdrawal.', '3. Pain from the fall.'].join('\n'));
    expect(codes.filter((c) => /^T(?:3[6-9]|4\d|50)/.test(c))).toEqual([]);
  });

  it('a drug named but hedged is not coded in an admission note, and a negated condition never', async () => {
    const hp = ['HISTORY OF PRESENT ILLNESS: Dizzy for two days.', 'ASSESSMENT:', '1. Bradycardia, possibly due to metoprolol.'].join('\n');
    expect(await codesOf(hp)).not.toContain('T44.7X5A');
    const negated = ['DISCHARGE DIAGNOSES:', '1. No rash due to penicillin.'].join('\n');
    expect(await codesOf(negated)).not.toContain('T36.0X5A');
  });

  it('codes an overdose as poisoning by the named drug with its intent, and drops the unspecified-drug code (I.C.19.e.5.b)', async () => {
    const note = [
      'HISTORY OF PRESENT ILLNESS: Brought in after a suicide attempt.',
      'DISCHARGE DIAGNOSES:',
      '1. Intentional overdose of acetaminophen.',
      '2. Bipolar disorder.',
      '3. History of heroin overdose.',
    ].join('\n');
    const codes = await codesOf(note);
    expect(codes).toContain('T39.1X2A');
    expect(codes.filter((c) => c.startsWith('T50.9'))).toEqual([]);
    // Intent not stated: accidental; the brand name is found through the table's "see" row (Aleve, see Naproxen).
    expect(await codesOf(['DISCHARGE DIAGNOSES:', '1. Overdose of Aleve.'].join('\n'))).toContain('T39.311A');
    // A drug taken as prescribed in a sentence without an overdose is not a poisoning.
    expect((await codesOf(['DISCHARGE DIAGNOSES:', '1. Bipolar disorder, stable on lithium.'].join('\n'))).filter((c) => c.startsWith('T'))).toEqual([]);
  });

  it('reads the admission diagnoses as the final list when the discharge list names only what was done (Section II)', async () => {
    const note = [
      'ADMISSION DIAGNOSES:',
      '1. Menorrhagia.',
      '2. Pelvic pain.',
      'DISCHARGE DIAGNOSIS:',
      'Status post vaginal hysterectomy.',
      'HOSPITAL COURSE: The patient underwent an uncomplicated vaginal hysterectomy and did well. She had a mild headache on day one.',
    ].join('\n');
    const codes = await codesOf(note);
    expect(codes).toEqual(expect.arrayContaining(['N92.0', 'R10.20']));
    // The narrative's passing symptom is still not a final diagnosis.
    expect(codes).not.toContain('R51.9');
    // With a condition in the discharge list, the admission list stays a working list.
    const withCondition = note.replace('Status post vaginal hysterectomy.', 'Uterine fibroids, status post vaginal hysterectomy.');
    expect(await codesOf(withCondition)).not.toContain('R10.20');
  });

  it('takes the specificity a listed "unspecified" condition lacks from an asserted mention in the body (I.B.2)', async () => {
    const note = [
      'HISTORY OF PRESENT ILLNESS: He has a thoracic kyphosis and back pain for years.',
      'ASSESSMENT:',
      '1. Kyphosis.',
    ].join('\n');
    const codes = await codesOf(note);
    expect(codes).toContain('M40.204');
    expect(codes).not.toContain('M40.209');
    // A body mention that is only a possibility does not count.
    expect(await codesOf(note.replace('He has a thoracic kyphosis', 'He may have a thoracic kyphosis'))).not.toContain('M40.204');
  });

  it('does not code a specialty named after a disease ("Infectious Disease was consulted")', async () => {
    const note = ['ASSESSMENT AND PLAN:', '1. Cellulitis of the left leg, on vancomycin; Infectious Disease consult appreciated.', '2. Hypertension, per Infectious Disease no change.'].join('\n');
    const codes = await codesOf(note);
    expect(codes).not.toContain('B99.9');
    expect(codes.some((c) => c.startsWith('L03.11'))).toBe(true);
  });
});
