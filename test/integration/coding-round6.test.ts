import { describe, expect, it } from 'vitest';
import { useIcdCoder } from '../helpers/coder.js';
import { icdStarterSources } from '../helpers/packs.js';

describe.skipIf(!icdStarterSources())('coding rules: treated history conditions, current cancers, sepsis sequencing', () => {
  const { codesOf } = useIcdCoder();

  const consult = (history: string, medications: string): string =>
    [
      'HISTORY OF PRESENT ILLNESS: A 62-year-old man is seen in consultation for chest pain.',
      `PAST MEDICAL HISTORY: ${history}`,
      `MEDICATIONS: ${medications}`,
      'IMPRESSION:',
      '1. Atypical chest pain.',
    ].join('\n');

  it('codes a past-history hyperlipidemia or reflux only when the note names its treatment (Section III)', async () => {
    const untreated = await codesOf(consult('Hypertension, hyperlipidemia, gastroesophageal reflux disease.', 'Lisinopril 10 mg daily.'));
    expect(untreated).toContain('I10'); // always coded: chronic systemic condition
    expect(untreated).not.toContain('E78.5');
    expect(untreated.filter((c) => c.startsWith('K21'))).toEqual([]);
    const treated = await codesOf(consult('Hypertension, hyperlipidemia, gastroesophageal reflux disease.', 'Lisinopril 10 mg daily, atorvastatin 20 mg nightly, Protonix 40 mg daily.'));
    expect(treated).toEqual(expect.arrayContaining(['I10', 'E78.5', 'K21.9']));
    // Obesity: coded from the history when the note plans its treatment ("a weight-lowering regime").
    expect(await codesOf(consult('Hypertension, obesity.', 'Lisinopril.'))).not.toContain('E66.9');
    expect(await codesOf(`${consult('Hypertension, obesity.', 'Lisinopril.')}\nPLAN: He will embark on a substantial weight-lowering regime.`)).toContain('E66.9');
  });

  it('does not take a drug in the allergy list or a relative\'s treatment as the patient\'s', async () => {
    const note = [
      'PAST MEDICAL HISTORY: Hyperlipidemia, reflux.',
      'FAMILY HISTORY: His father had high cholesterol on simvastatin.',
      'ALLERGIES: Omeprazole causes a rash.',
      'ASSESSMENT:',
      '1. Community-acquired pneumonia.',
    ].join('\n');
    const codes = await codesOf(note);
    expect(codes).toContain('J18.9');
    expect(codes).not.toContain('E78.5');
    expect(codes.filter((c) => c.startsWith('K21'))).toEqual([]);
  });

  it('keeps a cancer under hormone therapy current however the history words it (I.C.2.d)', async () => {
    const note = (meds: string) =>
      ['HISTORY OF PRESENT ILLNESS: A 77-year-old man presents with gross hematuria.', 'PAST MEDICAL HISTORY: Has prostate cancer.', `MEDICATIONS: ${meds}`].join('\n');
    const treated = await codesOf(note('He is receiving Lupron injections. Tramadol as needed.'));
    expect(treated).toContain('C61');
    expect(treated).not.toContain('Z85.46');
    const done = await codesOf(note('Tramadol as needed.'));
    expect(done).toContain('Z85.46');
    expect(done).not.toContain('C61');
  });

  it('codes the systemic infection first for septic shock or severe sepsis without one (tabular R65.2, I.C.1.d)', async () => {
    expect(await codesOf(['ASSESSMENT:', '1. Septic shock.', '2. Thrombocytopenia.'].join('\n'))).toEqual(expect.arrayContaining(['A41.9', 'R65.21', 'D69.6']));
    const pneumonia = await codesOf(['ASSESSMENT:', '1. Severe sepsis secondary to pneumonia.'].join('\n'));
    expect(pneumonia).toEqual(expect.arrayContaining(['A41.9', 'R65.20', 'J18.9']));
    // SIRS written with septic shock is the infectious one: no R65.1 (SIRS of non-infectious origin).
    const sirs = await codesOf(['IMPRESSION:', '1. Multi-organ system failure/systemic inflammatory response syndrome, with septic shock.'].join('\n'));
    expect(sirs).toEqual(expect.arrayContaining(['A41.9', 'R65.21']));
    expect(sirs.filter((c) => c.startsWith('R65.1'))).toEqual([]);
    // An organism's sepsis code is the systemic infection: no unspecified sepsis beside it.
    const coli = await codesOf(['ASSESSMENT:', '1. Septic shock due to E. coli sepsis.'].join('\n'));
    expect(coli).toEqual(expect.arrayContaining(['A41.51', 'R65.21']));
    expect(coli).not.toContain('A41.9');
  });

  it('reads accelerated hypertension as essential hypertension (Index: Hypertension (accelerated) I10)', async () => {
    const codes = await codesOf(['IMPRESSION AND PLAN:', 'Accelerated hypertension. Continue hydrochlorothiazide.'].join('\n'));
    expect(codes).toContain('I10');
    expect(codes.filter((c) => c.startsWith('I16'))).toEqual([]);
  });

  it('codes thrush as oral candidiasis and a listed immunosuppression, not the therapy "on immunosuppression"', async () => {
    const onc = await codesOf(['HISTORY: Restarted on fluconazole for thrush.', 'PROBLEMS DIAGNOSES:', '1. Immunosuppression.', '2. Thrush.'].join('\n'));
    expect(onc).toEqual(expect.arrayContaining(['B37.0', 'D84.9']));
    expect(onc).not.toContain('B37.9');
    // No assessment list: the narrative is the provider's statement, so only the guard keeps the therapy uncoded.
    const transplant = await codesOf('HISTORY OF PRESENT ILLNESS: Cadaveric renal transplant in 2001, now on chronic immunosuppression. Hypertension.');
    expect(transplant).toContain('I10');
    expect(transplant.filter((c) => c.startsWith('D84'))).toEqual([]);
  });

  it('codes an earlier amputation as the acquired absence of that leg, and a penile discharge, not a "pale-appearing" glans', async () => {
    const note = [
      'CHIEF COMPLAINT: Penile discharge.',
      'PAST MEDICAL HISTORY: Diabetes, hypertension.',
      'PAST SURGICAL HISTORY: Right AKA, left BKA.',
      'IMPRESSION: A 67-year-old male with penile discharge and pale-appearing glans.',
    ].join('\n');
    const codes = await codesOf(note);
    expect(codes).toEqual(expect.arrayContaining(['R36.9', 'Z89.611', 'Z89.512']));
    expect(codes).not.toContain('R23.1');
    expect(codes.filter((c) => /^Z89\.[56]19$/.test(c))).toEqual([]);
  });

  it('links a past-history peripheral vascular disease to the diabetes (E11.51) and alcoholic liver disease to its cirrhosis', async () => {
    const pvd = await codesOf(['PAST MEDICAL HISTORY: Significant for hypertension, peripheral vascular disease and diabetes.', 'IMPRESSION:', '1. Cellulitis of the right foot.'].join('\n'));
    expect(pvd).toContain('E11.51');
    expect(pvd).not.toContain('E11.9');
    const liver = await codesOf(['PAST MEDICAL HISTORY: Hepatitis C, cirrhosis.', 'IMPRESSION:', '1. Ascites.', '2. Alcoholic liver disease.', '3. Thrombocytopenia.'].join('\n'));
    expect(liver).toContain('K70.31');
    expect(liver.filter((c) => /^(?:K70\.9|K74\.6|R18)/.test(c))).toEqual([]);
  });

  it('reports two separately listed conditions that an Excludes1 note pairs only in a combined form (I.A.12.a)', async () => {
    // D69 Excludes1 "cryoglobulinemic purpura (D89.1)": a thrombocytopenia and a cryoglobulinemia are two conditions.
    const separate = await codesOf(['IMPRESSION:', '1. Thrombocytopenia.', '2. Hepatitis C.', '3. Cryoglobulinemia.'].join('\n'));
    expect(separate).toEqual(expect.arrayContaining(['D69.6', 'D89.1']));
    // In one list item the two words describe one condition: R41.82 Excludes1 "altered level of consciousness (R40.-)".
    const one = await codesOf(['DISCHARGE DIAGNOSES:', '1. Altered mental status, less somnolent, resolved.', '2. Pneumonia.'].join('\n'));
    expect(one).toContain('R41.82');
    expect(one).not.toContain('R40.0');
  });

  it('composes a body site and the finding word next to it into one coded mention, in either word order', async () => {
    const codes = await codesOf(
      ['IMPRESSION:', '1. Right ankle pain.', '2. Cellulitis of the right foot.', '3. Pain in the left testicle.', '4. Left shoulder sprain.', '5. Abscess of the left foot.'].join('\n'),
    );
    expect(codes).toEqual(expect.arrayContaining(['M25.571', 'L03.115', 'N50.812', 'S43.402A', 'L02.612']));
    // Only a term with no other condition words composes: "calf pain on walking" (claudication) is not "right calf pain".
    expect(await codesOf(['IMPRESSION:', '1. Right calf pain.'].join('\n'))).not.toContain('I73.9');
  });

  it("codes a newborn's well-baby visit by age in days, not by the parents' ages (Z00.11-)", async () => {
    const visit = (age: string) =>
      [
        'SUBJECTIVE: The patient presents with Mom for a first visit to our office for a well-child check.',
        'SOCIAL HISTORY: The patient lives at home with 23-year-old mother and 24-year-old father.',
        `PHYSICAL EXAMINATION: General: Well-developed, alert ${age} female in no acute distress.`,
        'ASSESSMENT/PLAN:',
        `1. Well ${age} female.`,
      ].join('\n');
    expect(await codesOf(visit('2-week-old'))).toContain('Z00.111');
    expect(await codesOf(visit('5-day-old'))).toContain('Z00.110');
    const older = await codesOf(visit('4-month-old'));
    expect(older).toContain('Z00.129');
    expect(older.filter((c) => c.startsWith('Z00.11') || c.startsWith('Z00.0'))).toEqual([]);
  });

  it('reads a medication list written in a sentence for the long-term drug codes of diabetes (I.C.4.a.3)', async () => {
    const codes = await codesOf(
      [
        'SUBJECTIVE: With his current medications which include the Lantus at 30 units along with Actos, glyburide, and metformin, he achieved good control.',
        'ASSESSMENT/PLAN:',
        '1. Diabetes and hypertension.',
      ].join('\n'),
    );
    expect(codes).toEqual(expect.arrayContaining(['E11.9', 'Z79.4', 'Z79.84']));
  });

  it("gives the assessment's unsited cancer the one primary site the body of the note documents (I.C.2)", async () => {
    const note = [
      'HISTORY OF PRESENT ILLNESS: Fine needle aspiration returned a diagnosis of papillary thyroid carcinoma.',
      'IMPRESSION/PLAN: We talked about a total thyroidectomy to remove the primary source of the cancer.',
    ].join('\n');
    const codes = await codesOf(note);
    expect(codes).toContain('C73');
    expect(codes).not.toContain('C80.1');
  });

  it('codes a polysubstance abuse per substance its list item names (I.C.5.b)', async () => {
    const codes = await codesOf(['DIAGNOSES:', '1. Polysubstance abuse, benzodiazepines, cocaine and marijuana.', '2. Bipolar disorder.'].join('\n'));
    expect(codes).toEqual(expect.arrayContaining(['F13.10', 'F14.10', 'F12.10', 'F31.9']));
    expect(codes).not.toContain('F19.10');
    expect(await codesOf(['DIAGNOSES:', '1. Polysubstance abuse.'].join('\n'))).toContain('F19.10');
  });

  it('codes no narrative symptoms beside an established diagnosis in a note without an assessment, except the presenting complaint', async () => {
    const note = [
      'HISTORY OF PRESENT ILLNESS: A 45-year-old man presents with headache. He has Huntington disease with slurred speech, memory loss and restlessness.',
      'PHYSICAL EXAMINATION: Alert.',
    ].join('\n');
    const codes = await codesOf(note);
    expect(codes).toEqual(expect.arrayContaining(['G10', 'R51.9']));
    expect(codes.filter((c) => /^R(?:47|41|45)/.test(c))).toEqual([]);
    // With no definitive diagnosis the symptoms are all the note has: they are coded.
    const symptoms = await codesOf('HISTORY OF PRESENT ILLNESS: A 45-year-old man with slurred speech and restlessness for a week.');
    expect(symptoms).toEqual(expect.arrayContaining(['R47.81', 'R45.1']));
  });

  it('codes disease of two or three heart valves as one multiple-valve code (tabular I08)', async () => {
    const two = await codesOf(['IMPRESSION:', '1. Severe mitral regurgitation and tricuspid regurgitation.', '2. Colitis.'].join('\n'));
    expect(two).toContain('I08.1');
    expect(two.filter((c) => /^I3[46]/.test(c))).toEqual([]);
    expect(await codesOf(['IMPRESSION:', '1. Mitral regurgitation.', '2. Aortic stenosis.'].join('\n'))).toContain('I08.0');
    expect(await codesOf(['IMPRESSION:', '1. Mitral regurgitation.'].join('\n'))).toContain('I34.0');
  });

  it('codes a deficit the note ties to an earlier stroke as its sequela (I.C.9.d), not the history code', async () => {
    const codes = await codesOf(['HISTORY OF PRESENT ILLNESS: The patient from prior strokes has expressive aphasia.', 'IMPRESSION:', '1. Acute CVA.', '2. Hypertension.'].join('\n'));
    expect(codes).toEqual(expect.arrayContaining(['I63.9', 'I69.320', 'I10']));
    expect(codes).not.toContain('Z86.73');
    // A deficit in another sentence is not tied to the old stroke.
    const apart = await codesOf(['PAST MEDICAL HISTORY: Prior stroke.', 'IMPRESSION:', '1. Aphasia.', '2. Hypertension.'].join('\n'));
    expect(apart).not.toContain('I69.320');
  });

  it('codes otitis media with effusion as nonsuppurative (Index: Otitis, media, with effusion → nonsuppurative) and wax accumulation as cerumen', async () => {
    const codes = await codesOf(['ASSESSMENT:', '1. Chronic otitis media with effusion, right ear.', '2. Wax accumulation.'].join('\n'));
    expect(codes).toEqual(expect.arrayContaining(['H65.491', 'H61.20']));
    expect(codes.filter((c) => c.startsWith('H66'))).toEqual([]);
    expect(await codesOf(['ASSESSMENT:', '1. Otitis media with effusion.'].join('\n'))).toContain('H65.90');
  });

  it('codes the condition a consultation was asked for and its plan takes up, beside the assessment list (Section II)', async () => {
    const note = (plan: string) =>
      ['REASON FOR CONSULTATION: Pneumatosis coli in the cecum.', 'ASSESSMENT: Bilateral hydronephrosis, atrial fibrillation.', `PLAN: ${plan}`].join('\n');
    expect(await codesOf(note('The patient appears to have pneumatosis on the CT scan. No surgery now.'))).toContain('K63.89');
    expect(await codesOf(note('Repeat CT scan in two days.'))).not.toContain('K63.89');
  });

  it('codes a diabetes documented as inadequately controlled with hyperglycemia (Index), not one in good control', async () => {
    expect(await codesOf(['ASSESSMENT/PLAN:', '1. Diabetes and hypertension, both under less than appropriate control.'].join('\n'))).toEqual(expect.arrayContaining(['E11.65', 'I10']));
    const plain = await codesOf(['ASSESSMENT/PLAN:', '1. Diabetes, in good control on metformin.', '2. Hypertension.'].join('\n'));
    expect(plain).toContain('E11.9');
    expect(plain).not.toContain('E11.65');
  });

  it('codes a neuroblastoma by its site (Index: Neuroblastoma, unspecified site C74.90, adrenal by side)', async () => {
    const codes = await codesOf(['ASSESSMENT:', '1. Neuroblastoma of the right adrenal gland, on chemotherapy.'].join('\n'));
    expect(codes).toContain('C74.91');
  });
});
