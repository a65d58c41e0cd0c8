import { describe, expect, it } from 'vitest';
import { useIcdCoder } from '../helpers/coder.js';
import { icdStarterSources } from '../helpers/packs.js';

describe.skipIf(!icdStarterSources())('coding rules: consent discussions, neurology shorthand, anemia and bleeding combinations', () => {
  const { codesOf } = useIcdCoder();

  it('does not code the risks listed in an informed-consent discussion, only the patient\'s own conditions', async () => {
    const note = [
      'HISTORY OF PRESENT ILLNESS: A 50-year-old man with morbid obesity and hypertension is seen for a bariatric surgery consultation.',
      'DISCUSSION: I explained to him the complications including rare cases of death secondary to DVT, PE, leak, peritonitis, sepsis, ' +
        'shock, multisystem organ failure, myocardial infarction, pneumonia, atelectasis and respiratory failure requiring ventilation, etc. were all discussed.',
      'Long-term complications including hair loss, protein-calorie malnutrition and addiction transfer were all discussed with the patient.',
      'He has been advised to have a retrievable IVC filter.',
    ].join('\n');
    const codes = await codesOf(note);
    expect(codes).toEqual(expect.arrayContaining(['E66.01', 'I10']));
    for (const risk of ['I82.409', 'I26.99', 'K65.9', 'A41.9', 'R57.9', 'I21.9', 'J18.9', 'J98.11', 'J96.90', 'E46', 'L65.9', 'Z95.828']) {
      expect(codes).not.toContain(risk);
    }
  });

  it('reads "59 y/o RHF" as a right-handed woman and LUE/LLE as limbs, and negates a long denial list', async () => {
    const note = [
      'HX: This 59 y/o RHF was admitted with sudden onset of LUE and LLE weakness.',
      'She denied any associated dysarthria, facial weakness, chest pain, SOB, visual change, HA, nausea or vomiting.',
      'PMH: HTN.',
      'COURSE: The patient was diagnosed with a lacunar stroke.',
    ].join('\n');
    const codes = await codesOf(note);
    expect(codes).toContain('I10');
    expect(codes).not.toContain('A53.9'); // "lues"
    expect(codes.filter((c) => c.startsWith('I50') || c === 'I11.0')).toEqual([]);
    expect(codes).not.toContain('R11.10');
  });

  it('codes an untyped anemia beside a current cancer as anemia in neoplastic disease, a microcytic one as iron deficiency', async () => {
    const cancer = await codesOf(['DISCHARGE DIAGNOSES:', '1. Mesothelioma of the pleura.', '2. Anemia.'].join('\n'));
    expect(cancer).toContain('D63.0');
    expect(cancer).not.toContain('D64.9');
    const plain = await codesOf(['DISCHARGE DIAGNOSES:', '1. Pneumonia.', '2. Anemia.'].join('\n'));
    expect(plain).toContain('D64.9');
    const micro = await codesOf(['HISTORY: CBC revealed microcytic anemia with hemoglobin of 8.9.', 'DISCHARGE DIAGNOSES:', '1. Anemia.', '2. Atrial fibrillation.'].join('\n'));
    expect(micro).toContain('D50.9');
  });

  it('combines an upper GI bleed with its gastritis (Index: Gastritis, with bleeding), not a lower one', async () => {
    const upper = await codesOf(['DISCHARGE DIAGNOSES:', '1. Upper gastrointestinal bleed likely secondary to gastritis.', '2. Urinary tract infection.'].join('\n'));
    expect(upper).toContain('K29.71');
    expect(upper).not.toContain('K92.2');
    const lower = await codesOf(['DISCHARGE DIAGNOSES:', '1. Lower gastrointestinal bleed with bright red blood per rectum.', '2. Gastritis.'].join('\n'));
    expect(lower).not.toContain('K29.71');
  });

  it('codes a well-child visit with the vaccines given today (Z00.129 + Z23), not the screening labs or vaccines only talked about', async () => {
    const visit = [
      'SUBJECTIVE: The patient comes in with her parents for her 2-year well child check. No concerns.',
      'ASSESSMENT AND PLAN:',
      '1. Healthy 2-year-old girl.',
      '2. Anticipatory guidance given. Will receive DTaP and hepatitis A vaccine today. Will obtain a screening hemoglobin and lead level today.',
    ].join('\n');
    expect(await codesOf(visit)).toEqual(['Z00.129', 'Z23']);
    const owed = [
      'CHIEF COMPLAINT: Cough for three days.',
      'ASSESSMENT: Acute bronchitis.',
      'PLAN: She is due for her flu shot and declined it today. Pneumovax has been given in the last five years.',
    ].join('\n');
    const codes = await codesOf(owed);
    expect(codes).toContain('J20.9');
    expect(codes).not.toContain('Z23');
    expect(codes.filter((c) => c.startsWith('Z00'))).toEqual([]);
  });

  it('codes an adult annual physical with a condition found as Z00.01, and never a past physical as this visit', async () => {
    const annual = await codesOf(['HISTORY: A 52-year-old man comes in today for his annual physical examination.', 'ASSESSMENT:', '1. Hypertension, newly diagnosed.'].join('\n'));
    expect(annual).toEqual(expect.arrayContaining(['Z00.01', 'I10']));
    const past = await codesOf(['HISTORY: A 52-year-old man was in for a complete physical last spring and now has a sore throat.', 'ASSESSMENT: Acute pharyngitis.'].join('\n'));
    expect(past.filter((c) => c.startsWith('Z00'))).toEqual([]);
  });

  it('keeps a consult\'s "possibility of" a hedge, while a discharge list\'s "possible" diagnosis is coded (II.H)', async () => {
    const consult = await codesOf([
      'HISTORY OF PRESENT ILLNESS: A 60-year-old woman with obesity is seen before knee surgery.',
      'ASSESSMENT: In view of her obesity and the possibility of pulmonary hypertension, an echocardiogram is ordered.',
    ].join('\n'));
    expect(consult.filter((c) => c.startsWith('I27'))).toEqual([]);
    const discharge = await codesOf(['HOSPITAL COURSE: Treated with antibiotics.', 'DISCHARGE DIAGNOSES:', '1. Possible pneumonia.'].join('\n'));
    expect(discharge).toContain('J18.9');
  });

  it('takes a listed symptom\'s specificity from the mention\'s own words in the course, not from its clause', async () => {
    const gross = await codesOf([
      'HISTORY OF PRESENT ILLNESS: A 77-year-old man, previously well until he began having gross hematuria and clots.',
      'DISCHARGE DIAGNOSES:', '1. Hematuria, resolved.', '2. Benign prostatic hyperplasia.',
    ].join('\n'));
    expect(gross).toContain('R31.0');
    expect(gross).not.toContain('R31.9');
    const clause = await codesOf([
      'HISTORY OF PRESENT ILLNESS: She came for worsening abdominal pain as well as swelling of the right lower leg.',
      'DISCHARGE DIAGNOSIS: Abdominal pain of uncertain etiology.',
    ].join('\n'));
    expect(clause).toContain('R10.9');
  });

  it('codes a bleed from hemorrhoids as the hemorrhoids (Index: Hemorrhoids (bleeding)), internal ones K64.8, and aortic valve stenosis I35.0', async () => {
    const note = [
      'HOSPITAL COURSE: Colonoscopy showed internal hemorrhoids and no other source.',
      'DISCHARGE DIAGNOSES:', '1. Gastrointestinal bleed, possibly internal hemorrhoids.', '2. Aortic valve stenosis.',
    ].join('\n');
    const codes = await codesOf(note);
    expect(codes).toEqual(expect.arrayContaining(['K64.8', 'I35.0']));
    expect(codes).not.toContain('K92.2');
    expect(codes).not.toContain('I06.0');
    const upper = await codesOf(['DISCHARGE DIAGNOSES:', '1. Upper GI bleed from a duodenal ulcer.', '2. External hemorrhoids.'].join('\n'));
    expect(upper).toContain('K64.4');
    expect(upper.some((c) => /^K2[6]\.[04]/.test(c) || c === 'K92.2')).toBe(true);
  });

  it('does not code social-history substance use as a diagnosis (I.C.5.b.3), but does code abuse', async () => {
    // No assessment list: every narrative mention is a candidate, so only the rule keeps "alcohol use" out.
    const social = await codesOf(['HISTORY OF PRESENT ILLNESS: Seen for iron deficiency anemia.', 'SOCIAL HISTORY: She has rare alcohol use. No tobacco.'].join('\n'));
    expect(social).toContain('D50.9');
    expect(social.filter((c) => c.startsWith('F10'))).toEqual([]);
    const abuse = await codesOf(['ASSESSMENT:', '1. Alcohol abuse.', '2. Iron deficiency anemia.'].join('\n'));
    expect(abuse).toContain('F10.10');
  });

  it('does not read a named nerve\'s neuropathy as polyneuropathy, a visual-field color desaturation as hypoxemia, or a "consider" as a diagnosis', async () => {
    const codes = await codesOf([
      'HISTORY OF PRESENT ILLNESS: EMG showed a right suprascapular neuropathy. There was red color desaturation in the temporal field.',
      'ASSESSMENT:', '1. Right shoulder impingement syndrome.', '2. Jaw numbness, consider possible neoplasm within the mandible.',
    ].join('\n'));
    expect(codes).toContain('M75.41');
    expect(codes).not.toContain('G62.9');
    expect(codes).not.toContain('R09.02');
    expect(codes.filter((c) => c.startsWith('D49'))).toEqual([]);
    expect(await codesOf(['ASSESSMENT:', '1. Peripheral neuropathy.'].join('\n'))).toContain('G62.9');
  });

  it('keeps a billable code its own term linked to: "elevated cholesterol" is E78.00, not "Elevated Lipoprotein(a)"', async () => {
    const codes = await codesOf(['ASSESSMENT:', '1. Elevated cholesterol, on a statin.', '2. Cellulitis of the left lower leg.'].join('\n'));
    expect(codes).toContain('E78.00');
    expect(codes).not.toContain('E78.41');
    // A header still takes its child from the clause's words.
    expect(codes).toContain('L03.116');
  });

  it('codes osteoarthritis by the joint and side its clause names (Index: Osteoarthritis, knee M17.-, hip M16.-)', async () => {
    const codes = await codesOf([
      'ASSESSMENT:', '1. Osteoarthritis of the right knee.', '2. Bilateral hip osteoarthritis.', '3. Degenerative joint disease of both shoulders.', '4. Left hip osteoarthritic pain.',
    ].join('\n'));
    expect(codes).toEqual(expect.arrayContaining(['M17.11', 'M16.0', 'M19.011', 'M19.012']));
    expect(codes).not.toContain('M19.90');
    const noSite = await codesOf(['DISCHARGE DIAGNOSES:', '1. Urinary tract infection.', '2. Osteoarthritis.'].join('\n'));
    expect(noSite).toContain('M19.90');
  });

  it('never codes an allergy list, codes genetic counseling as Z71.83, and reads weight loss at an acceptable rate as intended', async () => {
    const codes = await codesOf([
      'REASON FOR CONSULT: Genetic counseling.',
      'HISTORY OF PRESENT ILLNESS: A 45-year-old woman with asthma and a family history of colon polyps.',
      'ALLERGIES: Penicillin. She is also allergic to seafood; crab and lobster.',
      'ASSESSMENT: Asthma, stable. The patient is losing weight at an acceptable rate.',
    ].join('\n'));
    expect(codes).toContain('Z71.83');
    expect(codes).not.toContain('Z71.9');
    expect(codes).not.toContain('B85.3');
    expect(codes).not.toContain('R63.4');
  });

  it('codes a former smoker as Z87.891, household smokers as exposure Z77.22, and drops R52 beside a site\'s pain', async () => {
    const former = await codesOf(['PAST MEDICAL HISTORY: COPD.', 'SOCIAL HISTORY: The patient had been previously a smoker.', 'IMPRESSION:', '1. COPD.', '2. Abdominal pain and discomfort.'].join('\n'));
    expect(former).toEqual(expect.arrayContaining(['J44.9', 'Z87.891', 'R10.9']));
    expect(former.filter((c) => c.startsWith('F17') || c === 'R52')).toEqual([]);
    const infant = await codesOf(['HISTORY OF PRESENT ILLNESS: A 9-month-old boy with fever. He lives in a home where there are smokers.', 'ASSESSMENT: Viral syndrome.'].join('\n'));
    expect(infant).toContain('Z77.22');
    expect(infant.filter((c) => c === 'Z87.891' || c.startsWith('F17'))).toEqual([]);
  });

  it('reads PCP, "bend", "absorb the shock" as words, a past-history list as past, an infant\'s failure to thrive as R62.51', async () => {
    const chair = await codesOf([
      'HISTORY OF PRESENT ILLNESS: His past medical history includes TIA, diabetes mellitus, right forearm fracture and bilateral hip fracture.',
      'He will follow up with his PCP. The cushion is required to absorb the shock when the caregivers bend up and down the stairs.',
    ].join('\n'));
    // No assessment list: every narrative mention is a candidate.
    expect(chair).toEqual(expect.arrayContaining(['E11.9', 'Z86.73']));
    expect(chair.filter((c) => /^(?:B59|T70\.3|R57|S52|S72)/.test(c))).toEqual([]);
    const infant = await codesOf(['HISTORY OF PRESENT ILLNESS: A 7-week-old girl not gaining weight.', 'ASSESSMENT:', '1. Failure to thrive.', '2. Patent ductus arteriosus.'].join('\n'));
    expect(infant).toEqual(expect.arrayContaining(['R62.51', 'Q25.0']));
    expect(infant).not.toContain('R62.7');
  });

  it('treats "were also discussed" / "were all stressed" risk lists and a consult\'s "whether he has" as not diagnosed', async () => {
    const codes = await codesOf([
      'HISTORY OF PRESENT ILLNESS: A woman with morbid obesity seen for gastric bypass.',
      'ASSESSMENT: Morbid obesity. Symptomatic gallstone formation secondary to rapid weight loss were also discussed.',
      'Long-term complications of gastric bypass including hair loss, protein-calorie malnutrition and avoiding pregnancy in the first two years were all stressed.',
      'Whether she has an underlying myopathy remains to be seen.',
    ].join('\n'));
    expect(codes).toContain('E66.01');
    expect(codes.filter((c) => /^(?:K80|R63\.4|L65|E46|Z33|G72)/.test(c))).toEqual([]);
  });

  it('drops a queried "? cholecystitis", a resolved chronic condition, C80.1 beside a sited cancer and observation beside a diagnosis', async () => {
    const hp = await codesOf([
      'HISTORY OF PRESENT ILLNESS: A 28-year-old woman, status post gastric bypass, with nausea.',
      'PAST MEDICAL HISTORY: Significant for morbid obesity, now resolved.',
      'ASSESSMENT: Choledocholithiasis, ? cholecystitis. Admit for observation.',
    ].join('\n'));
    expect(hp).toContain('K80.50');
    expect(hp.filter((c) => /^(?:K80\.4|K81|E66|Z04)/.test(c))).toEqual([]);
    const breast = await codesOf(['CHIEF COMPLAINT: Breast cancer of the left breast.', 'PATHOLOGY: Infiltrating ductal carcinoma.'].join('\n'));
    expect(breast.some((c) => c.startsWith('C50'))).toBe(true);
    expect(breast).not.toContain('C80.1');
  });

  it('hedges a whole differential list in an H&P whose DIET section is no discharge, keeps drug-induced diabetes in a history list', async () => {
    const hp = await codesOf([
      'HISTORY OF PRESENT ILLNESS: A 1-year-old boy with rectal bleeding. His mother works as a nurse in a newborn nursery and the family has been sick.',
      'DIET: Regular table food.',
      'IMPRESSION: Rectal bleeding. Possibilities include Meckel diverticulum, polyp, infection and vascular malformation.',
    ].join('\n'));
    expect(hp.filter((c) => /^(?:Q43|B99|K63\.5|Z38|R69)/.test(c))).toEqual([]);
    const pmh = await codesOf(['PAST MEDICAL HISTORY: 1. Steroid-induced diabetes mellitus. 2. Hypertension.', 'ASSESSMENT: Abdominal pain.'].join('\n'));
    expect(pmh.some((c) => c.startsWith('E09'))).toBe(true);
  });

  it('reads a brand-name suffix, the clinician\'s "my anxiety" and a "history of" an active cancer correctly', async () => {
    const codes = await codesOf([
      'CHIEF COMPLAINT: Follow-up, history of small cell lung cancer with metastases.',
      'HISTORY OF PRESENT ILLNESS: Itchy feet. She was exposed to IV dye and my anxiety is that this is contributing.',
      'PRESCRIPTIONS: Lotrimin AF 1% cream twice daily.',
      'IMPRESSION: 1. Small cell lung cancer with metastasis. 2. Tinea pedis.',
    ].join('\n'));
    expect(codes).toContain('B35.3');
    expect(codes.filter((c) => /^(?:I48|F41|Z85)/.test(c))).toEqual([]);
    expect(codes.some((c) => c.startsWith('C34'))).toBe(true);
  });

  it('does not code specimens sent, billing time statements or a consult\'s "may be A or B"', async () => {
    const codes = await codesOf([
      'HISTORY OF PRESENT ILLNESS: Pelvic pain for a week. GC and chlamydia was sent.',
      'IMPRESSION: 1. Pelvic pain. 2. Renal insufficiency, may be dehydration or diabetic nephropathy.',
      'This 40-minute appointment was devoted to counseling.',
    ].join('\n'));
    expect(codes).toContain('N28.9');
    expect(codes.filter((c) => /^(?:A54|A56|Z71|E86|E11)/.test(c))).toEqual([]);
  });
});

