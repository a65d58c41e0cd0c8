import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import JSONSchemaValidator from '@asymmetrik/fhir-json-schema-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { Coder, type CodeAssignment } from '../../src/coding/coder.js';
import { toFhirBundle } from '../../src/coding/fhir.js';
import { COMBINATION_RULES } from '../../src/coding/rules/combination.data.js';
import { BPH_LUTS, ORGANISMS, PROCEDURE_STATUS } from '../../src/coding/rules/additional.data.js';
import { FAMILY_HISTORY, PERSONAL_HISTORY } from '../../src/coding/rules/history.data.js';
import { evaluateCoding } from '../../src/eval/coding.js';
import { load } from '../../src/load.js';
import { Pack } from '../../src/ontology/pack.js';
import { buildIcdStarterPack, icdStarterSources } from '../helpers/packs.js';
import { sharedDataPath } from '../helpers/shared-data.js';
import { tempDir } from '../helpers/tmp.js';

const sources = icdStarterSources();
const mtsamples = sharedDataPath('mtsamples/mtsamples.csv.gz');
const example = readFileSync(resolve(__dirname, '../../examples/discharge-summary.txt'), 'utf8');

describe.skipIf(!sources)('ICD-10-CM coding with a pack built from the CMS files + starter vocabulary', () => {
  const dir = tempDir();
  let coder: Coder;
  let codes: CodeAssignment[];
  beforeAll(async () => {
    coder = await Coder.open(await buildIcdStarterPack(join(dir, 'pack')));
    codes = await coder.code(example);
  }, 300_000);
  const coded = () => codes.map((c) => c.code);

  it('codes the example discharge summary to specific billable codes with combination rules', () => {
    // NSTEMI, acute on chronic systolic HF, CKD 3, T2DM with diabetic CKD, COPD; HTN + HF + CKD → I13.0.
    expect(coded()).toEqual(expect.arrayContaining(['I21.4', 'I50.23', 'N18.30', 'E11.22', 'J44.9', 'I13.0', 'I25.2']));
    // Hypertension alone is replaced by the combination code; unspecified siblings are merged away.
    expect(coded()).not.toContain('I10');
    expect(coded()).not.toContain('I50.9');
    expect(coded()).not.toContain('E11.9');
    for (const c of codes) expect(c.billable).toBe(true);
  });

  it('does not code negated, ruled-out or hypothetical mentions', () => {
    expect(coded()).not.toContain('J18.9'); // "Pneumonia was considered but ruled out."
    expect(coded()).not.toContain('J93.9'); // "without pneumothorax"
    expect(coded()).not.toContain('R50.9'); // "denies fever"
  });

  it('turns family mentions into Z80–Z84 and old conditions into personal history codes', () => {
    expect(coded()).toContain('Z80.3'); // mother had breast cancer
    expect(coded()).toContain('Z82.49'); // father with coronary artery disease
    const oldMi = codes.find((c) => c.code === 'I25.2')!;
    expect(oldMi.rationale).toMatch(/personal history/);
  });

  it('gives evidence spans that point at the note text, and a guideline rationale', () => {
    for (const c of codes) {
      expect(c.evidence.length).toBeGreaterThan(0);
      for (const e of c.evidence) expect(example.slice(e.start, e.end)).toBe(e.text);
      expect(c.rationale.length).toBeGreaterThan(5);
    }
    const nstemi = codes.find((c) => c.code === 'I21.4')!;
    expect(nstemi.evidence.some((e) => e.section === 'discharge_diagnoses')).toBe(true);
  });

  it('follows the setting for uncertain diagnoses (II.H inpatient vs IV.H outpatient)', async () => {
    const note = 'DISCHARGE DIAGNOSES:\n1. Probable community-acquired pneumonia.\n2. Hypertension.\n';
    const inpatient = (await coder.code(note, { setting: 'inpatient' })).map((c) => c.code);
    const outpatient = (await coder.code(note, { setting: 'outpatient' })).map((c) => c.code);
    expect(inpatient.some((c) => c.startsWith('J18'))).toBe(true);
    expect(outpatient.some((c) => c.startsWith('J18'))).toBe(false);
    expect(outpatient).toContain('I10');
  });

  it('writes a FHIR R4 Bundle of Conditions that validates against the R4 JSON schema', () => {
    const bundle = toFhirBundle(codes, { timestamp: new Date('2026-01-01T00:00:00Z') });
    const validator = new JSONSchemaValidator();
    expect(validator.validate(bundle, true)).toEqual([]);
    // Bundle entries are only loosely checked by the schema: validate every Condition on its own too.
    for (const e of bundle.entry) expect(validator.validate(e.resource, true)).toEqual([]);
    const broken = { ...bundle.entry[0]!.resource, code: { coding: 'I10' } };
    expect(validator.validate(broken, true).length).toBeGreaterThan(0);
    expect(bundle.entry).toHaveLength(codes.length);
    const cond = bundle.entry[0]!.resource;
    expect(cond.code.coding[0]!.system).toBe('http://hl7.org/fhir/sid/icd-10-cm');
    expect(validator.validate({ ...bundle, type: 'not-a-bundle-type' }).length).toBeGreaterThan(0);
  });

  const codesOf = async (note: string) => (await coder.code(note)).map((c) => c.code);

  it('takes specificity words from the clause of the mention, not from a neighbouring condition (I.B.2)', async () => {
    const note = 'DISCHARGE DIAGNOSES:\n1. Congestive heart failure and end-stage renal disease on hemodialysis.\n2. COPD with acute hypercapnic respiratory failure.\n3. Chronic kidney disease, stage 3 is not present; see above.\n';
    const codes = await codesOf(note);
    // "end stage" belongs to the kidneys: heart failure stays unspecified; "hypercapnic" meets "hypercapnia".
    expect(codes).toEqual(expect.arrayContaining(['I50.9', 'N18.6', 'Z99.2', 'J96.02']));
    expect(codes).not.toContain('I50.84');
    expect(codes).not.toContain('J96.12');
  });

  it('codes a bilateral condition without a bilateral code as right and left (I.B.13), within the linked subtree', async () => {
    const codes = await codesOf('DISCHARGE DIAGNOSES:\n1. Bilateral lower extremity cellulitis.\n2. Bilateral trochanteric bursitis.\n');
    expect(codes).toEqual(expect.arrayContaining(['L03.115', 'L03.116', 'M70.61', 'M70.62']));
    expect(codes).not.toContain('L03.119');
    // Trochanteric bursitis stays a hip code on both sides, never another bursa's.
    expect(codes.filter((c) => c.startsWith('M70')).sort()).toEqual(['M70.61', 'M70.62']);
  });

  it('keeps distinct symptoms of one category apart and pairs sides only where the note names the site', async () => {
    const codes = await codesOf('ASSESSMENT:\n1. Dyspnea with wheezing.\n2. Bilateral arthralgias.\n3. Bilateral knee pain.\n4. High fall risk.\n');
    // "wheezing" is another symptom, not a qualifier of dyspnea; both are coded.
    expect(codes).toEqual(expect.arrayContaining(['R06.00', 'R06.2', 'M25.561', 'M25.562']));
    // Arthralgias with no site are no wrist pain (the unspecified joint merges into the knee pain that is named).
    expect(codes.filter((c) => /^M25\.5/.test(c)).sort()).toEqual(['M25.561', 'M25.562']);
    expect(codes).not.toContain('R29.6');
  });

  it('keeps the "uncomplicated" default of substance dependence unless a complication is written', async () => {
    const codes = await codesOf('ASSESSMENT:\n1. Alcohol dependence.\n2. Opioid dependence.\n');
    expect(codes).toEqual(expect.arrayContaining(['F10.20', 'F11.20']));
    expect(codes).not.toContain('F10.229');
  });

  it('stays in the subtree the linked header names and re-matches "carcinoma of the cervix" for its site', async () => {
    const codes = await codesOf('DISCHARGE DIAGNOSES:\n1. Migraine with aura.\n2. Microinvasive carcinoma of the cervix.\n');
    expect(codes).toEqual(expect.arrayContaining(['G43.109', 'C53.9']));
    expect(codes).not.toContain('G43.009');
    expect(codes).not.toContain('C80.1');
  });

  it('drops symptoms integral to a coded disease (I.B.5) and codes both parts of acute on chronic kidney failure', async () => {
    const codes = await codesOf('IMPRESSION:\n1. Acute on chronic renal failure with azotemia.\n2. Type 2 diabetes mellitus with hyperglycemia.\n');
    expect(codes).toEqual(expect.arrayContaining(['N17.9', 'N18.9', 'E11.65']));
    expect(codes).not.toContain('R79.89');
    expect(codes).not.toContain('R73.9');
    expect(codes).not.toContain('N19');
  });

  it('codes only working diagnoses of an admission note, never its differential (II.H)', async () => {
    // An H&P: no discharge sections. "question … versus …" is a workup; "probable" in the assessment is a working diagnosis.
    const hp = 'HISTORY OF PRESENT ILLNESS: Shortness of breath for two days.\nASSESSMENT:\n1. Question of CHF versus COPD exacerbation.\n2. Probable community-acquired pneumonia.\n';
    const codes = await codesOf(hp);
    expect(codes.some((c) => c.startsWith('J18'))).toBe(true);
    expect(codes).not.toContain('J44.1');
    expect(codes.some((c) => c.startsWith('I50'))).toBe(false);
  });

  it('does not code discussed risks, side effects or exam findings as diagnoses (I.B.4, III.B)', async () => {
    const note =
      'PHYSICAL EXAMINATION:\nAbdomen: Obese, soft, nontender.\nIMPRESSION:\n1. Atrial fibrillation. Anticoagulation is indicated; however, her risk of falling is high.\n' +
      '2. Hypertension. Toxicities of chemotherapy were discussed with her including mucositis, diarrhea and alopecia.\n';
    const codes = await codesOf(note);
    expect(codes).toEqual(expect.arrayContaining(['I48.91', 'I10']));
    for (const c of ['E66.9', 'R29.6', 'K12.30', 'R19.7', 'L65.9']) expect(codes).not.toContain(c);
  });

  it('codes no drug as an adverse effect and no status from a review of systems', async () => {
    const note =
      'REVIEW OF SYSTEMS:\nCARDIAC: Negative for chest pain, orthopnea, or history of stress test, arteriogram, or pacemaker implantation.\n' +
      'ASSESSMENT:\n1. Generalized anxiety disorder. We will put him on benzodiazepines.\n2. Hyperthyroidism, discharged on an oral contraceptive daily; transient hypotension resolved.\n';
    const codes = await codesOf(note);
    expect(codes.some((c) => c.startsWith('T38'))).toBe(false);
    expect(codes.some((c) => c.startsWith('Z59'))).toBe(false);
    // A block heading ("M30-M36") is no starting point: no code is invented below it.
    expect(await codesOf('ASSESSMENT:\n1. Systemic connective tissue disorder.\n')).toEqual([]);
    expect(codes).toContain('F41.1');
    expect(codes.some((c) => c.startsWith('T42'))).toBe(false);
    expect(codes).not.toContain('Z95.0');
  });

  it('joins anxiety and depression written together into F41.8, keeps them apart otherwise', async () => {
    expect(await codesOf('DISCHARGE DIAGNOSES:\n1. Anxiety and depression.\n')).toEqual(['F41.8']);
    const apart = await codesOf('DISCHARGE DIAGNOSES:\n1. Generalized anxiety.\n2. Hypertension.\n3. Major depression.\n');
    expect(apart).not.toContain('F41.8');
  });

  it('applies K80 gallstone and N40.1 BPH combination rules', async () => {
    expect(await codesOf('DISCHARGE DIAGNOSES:\n1. Cholelithiasis with chronic cholecystitis.\n')).toEqual(['K80.10']);
    const bph = await codesOf('ASSESSMENT:\n1. Urinary retention.\n2. Benign prostatic hyperplasia.\n');
    expect(bph).toEqual(expect.arrayContaining(['N40.1', 'R33.8']));
    expect(bph).not.toContain('N40.0');
    expect(bph).not.toContain('R33.9');
  });

  it('codes a residual deficit of an old stroke as I69.35- instead of Z86.73 (I.C.9.d, I.C.6.a)', async () => {
    const codes = await codesOf('PAST MEDICAL HISTORY:\n1. History of stroke with residual left-sided hemiplegia.\nASSESSMENT:\n1. Hypertension.\n');
    expect(codes).toContain('I69.354');
    expect(codes).not.toContain('Z86.73');
  });

  it('adds the "use additional code" status codes the rest of the note supports', async () => {
    const note =
      'DISCHARGE DIAGNOSES:\n1. Type 2 diabetes mellitus.\n2. Morbid obesity. BMI is 41.\nHOSPITAL COURSE: The 45-year-old patient did well.\n' +
      'DISCHARGE MEDICATIONS:\nMetformin 500 mg b.i.d., Lantus 20 units at bedtime.\n';
    expect(await codesOf(note)).toEqual(expect.arrayContaining(['E11.9', 'Z79.4', 'Z79.84', 'E66.01', 'Z68.41']));
  });

  it('codes a status from an earlier procedure, not from the procedure of this stay (I.C.21.c.3), and chemotherapy admissions (I.C.2.e.2)', async () => {
    const past = await codesOf('PAST SURGICAL HISTORY:\nCoronary artery bypass graft in 1995.\nASSESSMENT:\n1. Coronary artery disease.\n');
    expect(past).toEqual(expect.arrayContaining(['Z95.1', 'I25.10']));
    const now = await codesOf('HOSPITAL COURSE:\nHe underwent coronary artery bypass graft on day 2.\nDISCHARGE DIAGNOSES:\n1. Coronary artery disease.\n');
    expect(now).not.toContain('Z95.1');
    const chemo = await codesOf('IMPRESSION:\nNewly diagnosed mantle cell lymphoma, admitted now to start chemotherapy.\n');
    expect(chemo).toContain('Z51.11');
    expect(chemo.some((c) => c.startsWith('C83.1'))).toBe(true);
  });

  it('reads the vessel of a stent from its list item, and a response to treatment is not a symptom', async () => {
    const codes = await codesOf(
      'PAST MEDICAL HISTORY:\n1. Coronary artery disease, status post stent placement two years ago.\n2. Carotid artery stenosis status post right carotid artery stenting.\n' +
        'DISCHARGE DIAGNOSES:\n1. Menorrhagia unresponsive to medical therapy.\n2. Coronary artery disease.\n',
    );
    expect(codes).toEqual(expect.arrayContaining(['Z95.5', 'N92.0']));
    expect(codes).not.toContain('R40.4');
  });

  it('adds the infectious agent an infection code does not name (use additional code B95-B97, I.C.1), from this stay only', async () => {
    const uti = await codesOf('DISCHARGE DIAGNOSES:\n1. Urinary tract infection.\nHOSPITAL COURSE: Urine culture grew Klebsiella pneumoniae and she was treated with ceftriaxone.\n');
    expect(uti).toEqual(expect.arrayContaining(['N39.0', 'B96.1']));
    // I.C.1.e.1.b: MRSA cellulitis is the cellulitis plus B95.62, not A49.02; "leg" is the titles' "lower limb".
    const mrsa = await codesOf('DISCHARGE DIAGNOSES:\n1. MRSA cellulitis of the right leg.\n');
    expect(mrsa).toEqual(expect.arrayContaining(['L03.115', 'B95.62']));
    expect(mrsa).not.toContain('A49.02');
    const old = await codesOf('DISCHARGE DIAGNOSES:\n1. Cellulitis of the left leg.\nHOSPITAL COURSE: Previous wound cultures grew Pseudomonas.\n');
    expect(old).toContain('L03.116');
    expect(old).not.toContain('B96.5');
  });

  it('treats a test impression inside a discharge summary and a problem-list course as findings and narrative (III.B)', async () => {
    const codes = await codesOf(
      'DISCHARGE DIAGNOSES:\n1. Pneumonia.\nPROCEDURES:\n1. Chest x-ray, single view. Impression: Cardiomegaly and atherosclerotic change in the aortic knob.\n' +
        'HOSPITAL COURSE PER PROBLEM LIST:\n1. Weakness, improved with physical therapy.\n',
    );
    expect(codes).toEqual(['J18.9']);
    // A whole-item "illness" only: "in the setting of an acute illness" is no R69.
    expect(await codesOf('IMPRESSION:\n1. Weakness in the setting of an acute illness.\n2. Hypertension.\n')).not.toContain('R69');
  });

  it('codes tobacco status from the patient\'s own sentences (Index "Smoker": F17.2-; Z87.891)', async () => {
    expect(await codesOf('SOCIAL HISTORY: He smokes a pack of cigarettes a day.\nASSESSMENT:\n1. Hypertension.\n')).toContain('F17.210');
    const former = await codesOf('SOCIAL HISTORY: She smoked cigarettes in college. She does not smoke now.\nASSESSMENT:\n1. Hypertension.\n');
    expect(former).toContain('Z87.891');
    expect(former.some((c) => c.startsWith('F17'))).toBe(false);
    const use = await codesOf('DISCHARGE DIAGNOSES:\n1. Tobacco use.\n2. Hypertension.\n');
    expect(use).toContain('F17.200');
    expect(use).not.toContain('Z72.0');
    const none = await codesOf('SOCIAL HISTORY: His father smokes. He does not smoke.\nASSESSMENT:\n1. Hypertension.\n');
    expect(none.some((c) => c.startsWith('F17') || c === 'Z87.891')).toBe(false);
  });

  it('links diabetes with a neuropathy and a bleed with diverticulosis documented in the body of the note (I.A.15)', async () => {
    const neuro = await codesOf('DISCHARGE DIAGNOSES:\n1. Diabetes mellitus.\nADMISSION DIAGNOSES:\n1. Neuropathy.\n2. Diabetes mellitus.\n');
    expect(neuro).toContain('E11.40');
    expect(neuro).not.toContain('E11.9');
    expect(neuro).not.toContain('G62.9');
    expect(await codesOf('DISCHARGE DIAGNOSES:\n1. Type 2 diabetes mellitus with peripheral neuropathy.\n')).toContain('E11.42');
    const bleed = await codesOf('DISCHARGE DIAGNOSES:\n1. Lower gastrointestinal bleed.\nHOSPITAL COURSE: Colonoscopy showed diverticulosis of the sigmoid colon, the suspected source of the bleeding.\n');
    expect(bleed).toContain('K57.31');
    expect(bleed).not.toContain('K92.2');
  });

  it('ignores de-identification placeholders and reads the admitting list as the statement when there is no other', async () => {
    const codes = await codesOf(
      'DATE OF SERVICE:,  MM/DD/YYYY.,CONSULTING PHYSICIAN: , EF CD, M.D.,' +
        'ADMITTING DIAGNOSES:,1.  Hypertension.,2.  Hyperkalemia.,HISTORY OF PRESENT ILLNESS: , Since MM/DD/YYYY he has had nausea and swelling of the face.',
    );
    expect(codes).toEqual(expect.arrayContaining(['I10', 'E87.5']));
    for (const c of ['C90.00', 'K50.90', 'R11.0', 'R22.9']) expect(codes).not.toContain(c);
  });

  it('codes no T14 injury when the site is written (I.C.19.b), chemotherapy cycles, uterine cancer history and hepatitis C', async () => {
    expect(await codesOf('DISCHARGE DIAGNOSES:\n1. Open wound, right thigh.\n2. Hypertension.\n')).not.toContain('T14.8XXA');
    expect(await codesOf('HISTORY OF PRESENT ILLNESS: A 37-year-old woman with Ewing sarcoma.\nHOSPITAL COURSE: She presented for cycle seven of ifosfamide and etoposide.\n')).toContain('Z51.11');
    const hx = await codesOf('PAST MEDICAL HISTORY: History of uterine cancer, treated with hysterectomy in 1990.\nASSESSMENT:\n1. Hypertension.\n');
    expect(hx).toContain('Z85.42');
    expect(hx).not.toContain('Z85.9');
    expect(await codesOf('PAST MEDICAL HISTORY: Hepatitis C.\nDISCHARGE DIAGNOSES:\n1. Cellulitis of the left leg.\n')).toEqual(expect.arrayContaining(['B19.20', 'L03.116']));
  });

  it('codes a chronic condition the review of systems states, not an imaging result told in the course (III.B), and leaves "unspecified quadrant" as a default', async () => {
    expect(await codesOf('REVIEW OF SYSTEMS: Positive for hypertension, controlled on lisinopril; negative for chest pain.\nIMPRESSION:\n1. Bladder tumor.\n')).toContain('I10');
    const imaging = await codesOf('DISCHARGE DIAGNOSES:\n1. Cellulitis of the left leg.\nHOSPITAL COURSE: Abdominal ultrasound revealed a nodular liver consistent with cirrhosis.\n');
    expect(imaging).toContain('L03.116');
    expect(imaging.some((c) => c.startsWith('K74'))).toBe(false);
    expect(await codesOf('ASSESSMENT:\n1. Enlarging right breast mass, mammogram ordered.\n')).toContain('N63.10');
  });

  it('keeps a listed acute respiratory distress beside pneumonia and takes the kind of a listed anemia from the body (I.B.5, I.B.2)', async () => {
    expect(await codesOf('DISCHARGE DIAGNOSES:\n1. Respiratory distress.\n2. Pneumonia.\n')).toEqual(expect.arrayContaining(['R06.03', 'J18.9']));
    const anemia = await codesOf('ADMITTING DIAGNOSES:\n1. Anemia.\n2. Hypertension.\nHOSPITAL COURSE: Her iron deficiency anemia was treated with ferrous sulfate.\n');
    expect(anemia).toContain('D50.9');
    expect(anemia).not.toContain('D64.9');
  });

  it('takes a side the list item leaves out from the note\'s other mentions of the condition, only when they agree (I.B.13)', async () => {
    const one = await codesOf('ASSESSMENT AND PLAN:\n1. Carotid artery stenosis, for endarterectomy.\n2. Hypertension.\nHISTORY OF PRESENT ILLNESS: Duplex ultrasound was reviewed; she has 80% carotid stenosis on the right side.\n');
    expect(one).toContain('I65.21');
    expect(one).not.toContain('I65.29');
    const both = await codesOf('ASSESSMENT:\n1. Carotid artery stenosis.\nHISTORY: Carotid stenosis on the right and on the left.\n');
    expect(both).toContain('I65.29');
  });

  it('reads the kind of a listed anemia from a past-history line, and drops T14 beside injuries coded by site (I.C.19.b)', async () => {
    const anemia = await codesOf('ADMITTING DIAGNOSES:\n1. Anemia.\n2. Hypertension.\nHISTORY OF PRESENT ILLNESS: Her past history includes hypertension and iron deficiency anemia.\n');
    expect(anemia).toContain('D50.9');
    expect(anemia).not.toContain('D64.9');
    const injuries = await codesOf('DISCHARGE DIAGNOSES:\n1. Closed head injury.\n2. Contusion.\n3. Fracture of the nasal bones.\n');
    expect(injuries).toContain('S02.2XXA');
    expect(injuries).not.toContain('T14.8XXA');
  });

  it('codes a resolved discharge diagnosis attributed to medications with the adverse-effect code (I.C.19.e.5.a, II.H)', async () => {
    const codes = await codesOf('DISCHARGE DIAGNOSES:\n1. Pneumonia.\n2. Encephalopathy, more alert now, probably due to medications, resolved.\nHOSPITAL COURSE: He was treated with antibiotics.\n');
    expect(codes).toEqual(expect.arrayContaining(['J18.9', 'G93.40', 'T50.905A']));
  });

  it('codes the side a list item documents over the unspecified side (I.B.13), even when the title axis word is not written', async () => {
    // "Otitis media …, unspecified ear" against "…, right ear": the note says right, not "ear".
    const ear = await codesOf('DISCHARGE DIAGNOSES:\n1. Right acute otitis media.\n2. Hypertension.\n');
    expect(ear).toContain('H66.001');
    expect(ear.some((c) => /^H66\.\d*9$|^H66\.007$/.test(c))).toBe(false);
  });

  it('links a bleed to diverticular disease only when it is a lower-GI bleed (I.A.15, K57 with bleeding)', async () => {
    const upper = await codesOf('DISCHARGE DIAGNOSES:\n1. Upper gastrointestinal bleed.\n2. Diverticulosis of the colon.\n');
    expect(upper.some((c) => /^K57\.\d[13]$/.test(c))).toBe(false);
    expect(upper).toContain('K92.2');
    expect(await codesOf('DISCHARGE DIAGNOSES:\n1. Lower gastrointestinal bleed.\n2. Diverticulosis of the colon.\n')).toContain('K57.31');
  });

  it('codes a metastasis the imaging showed when the note has no diagnosis list (I.C.2), not only the primary', async () => {
    const note = 'HISTORY OF PRESENT ILLNESS: He is admitted for pain control of his pancreatic cancer.\nHOSPITAL COURSE: A CT scan of the abdomen showed liver metastases. He was started on palliative chemotherapy.\n';
    expect(await codesOf(note)).toEqual(expect.arrayContaining(['C25.9', 'C78.7']));
  });

  it('codes "chronic depression" as depression, unspecified (Alphabetic Index: Depression has no "chronic" subterm), not dysthymia', async () => {
    const codes = await codesOf('ASSESSMENT:\n1. Chronic depression.\n2. Hypertension.\n');
    expect(codes).toContain('F32.A');
    expect(codes).not.toContain('F34.1');
  });

  it.skipIf(!mtsamples)('beats the title string-match baseline on the MTSamples dev set', async () => {
    const nlp = await load(join(dir, 'pack'));
    const r = await evaluateCoding(nlp, resolve(__dirname, '../fixtures/coding/mtsamples-dev.jsonl'), mtsamples!, { familyHistory: false });
    console.log('coding eval', JSON.stringify(r));
    expect(r.n_notes).toBeGreaterThanOrEqual(30);
    expect(r.micro.f1).toBeGreaterThan(r.baselines.string_match.micro.f1 + 0.3);
    expect(r.micro.f1).toBeGreaterThan(0.75);
  }, 300_000);

  // The validation set was read for the issue-7 error analysis, so this guards against regressions only; the honest
  // number for new notes is the fresh set's (test/fixtures/coding/TEST.md), which no test tunes against.
  it.skipIf(!mtsamples)('keeps micro-F1 above 0.70 on the MTSamples validation set', async () => {
    const nlp = await load(join(dir, 'pack'));
    const r = await evaluateCoding(nlp, resolve(__dirname, '../fixtures/coding/mtsamples-validation.jsonl'), mtsamples!, { familyHistory: false });
    console.log('coding eval (validation)', JSON.stringify(r));
    expect(r.n_notes).toBe(15);
    expect(r.micro.f1).toBeGreaterThan(0.7);
  }, 300_000);

  it('keeps the gold files well formed: billable FY2026 codes, no duplicate row or code, no held-back row', () => {
    const pack = Pack.open(join(dir, 'pack'));
    const held = new Set((mtsamples ? readFileSync(resolve(mtsamples, '..', 'HELD_BACK_ROWS.txt'), 'utf8') : '').split(/\s+/).filter(Boolean).map(Number));
    const seen = new Set<number>();
    // Every gold set, the blind ones included (a second annotator's files under agreement/ re-code rows on purpose).
    const files = readdirSync(resolve(__dirname, '../fixtures/coding')).filter((f) => /^mtsamples-.*\.jsonl$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const f of files) {
      for (const line of readFileSync(resolve(__dirname, '../fixtures/coding', f), 'utf8').split('\n').filter(Boolean)) {
        const g = JSON.parse(line) as { row: number; codes: string[] };
        expect(seen.has(g.row), `row ${g.row} in two sets`).toBe(false);
        seen.add(g.row);
        expect(held.has(g.row)).toBe(false);
        expect(new Set(g.codes).size).toBe(g.codes.length);
        for (const c of g.codes) expect(pack.concept(`ICD10CM:${c}`)?.billable, `${f} ${c}`).toBe(true);
      }
    }
    pack.close();
  });

  it('cites only billable FY2026 codes in its rule tables', () => {
    const pack = Pack.open(join(dir, 'pack'));
    const produced = [
      ...PERSONAL_HISTORY.map((e) => e.code),
      ...FAMILY_HISTORY.map((e) => e.code),
      ...COMBINATION_RULES.flatMap((r) => [r.produce(['N18.3']), r.produce(['N18.6'])]),
      // Every code a rule produces from each code its second group accepts ("K29.70" → "K29.71").
      ...COMBINATION_RULES.flatMap((r) => (r.requires[1] ?? []).filter((c) => /\.\w/.test(c)).map((c) => r.produce([r.requires[0]![0]!, c]))),
      // Encounter, anemia, tobacco-exposure and joint codes the round-5 rules write inline.
      ...['D63.0', 'Z23', 'Z00.129', 'Z00.121', 'Z00.00', 'Z00.01', 'Z77.22', 'Z71.83', 'Z12.11', 'Z12.31', 'Z12.4', 'Z12.5', 'Z12.2'],
      ...['M17.0', 'M17.10', 'M17.11', 'M17.12', 'M16.0', 'M16.10', 'M16.11', 'M16.12'],
      ...['M19.011', 'M19.012', 'M19.019', 'M19.021', 'M19.022', 'M19.029', 'M19.031', 'M19.032', 'M19.039', 'M19.071', 'M19.072', 'M19.079'],
      ...BPH_LUTS.flatMap((l) => (l.code ? [l.code] : [])),
      ...PROCEDURE_STATUS.map((r) => r.code),
      // Codes the coder's rules write inline: K80 combinations, stroke sequelae, use-additional and status codes.
      ...['K80.00', 'K80.01', 'K80.10', 'K80.11', 'K80.12', 'K80.13', 'K80.40', 'K80.41', 'K80.42', 'K80.43', 'K80.44', 'K80.45', 'K80.46', 'K80.47'],
      ...['K80.60', 'K80.61', 'K80.62', 'K80.63', 'K80.64', 'K80.65', 'K80.66', 'K80.67', 'K80.70', 'K80.71', 'K80.20', 'K80.21', 'K80.50'],
      ...['I69.351', 'I69.352', 'I69.353', 'I69.354', 'I69.359', 'F41.8', 'T86.11', 'K56.7', 'N17.9', 'Z99.2', 'Z79.4', 'Z79.84', 'Z51.11'],
      ...ORGANISMS.map((o) => o.code),
      ...['E11.42', 'F17.200', 'F17.210', 'Z87.891', 'T50.905A', 'K57.11', 'K57.13', 'K57.21', 'K57.31', 'K57.33', 'K57.91', 'K57.93'],
      ...['Z68.1', ...Array.from({ length: 20 }, (_, i) => `Z68.${20 + i}`), 'Z68.41', 'Z68.42', 'Z68.43', 'Z68.44', 'Z68.45'],
    ];
    const bad = [...new Set(produced)].filter((code) => pack.concept(`ICD10CM:${code}`)?.billable !== true);
    pack.close();
    expect(bad).toEqual([]);
  });
});
