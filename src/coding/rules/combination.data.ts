/**
 * Combination codes (ICD-10-CM Official Guidelines Section I.B.9 and the chapter rules cited per entry). When the
 * note supports every part, the parts are replaced by the combination code; `keep` parts stay coded beside it
 * (e.g. the CKD stage and the heart-failure type are still coded: "use additional code" notes).
 * Matching is by code prefix; `produce` may hold a `{N18}`-style placeholder filled from the matched code.
 */
export interface CombinationRule {
  id: string;
  /** Guideline that requires it. */
  cites: string;
  /** Every group must be matched by some coded code (prefix match). */
  requires: readonly (readonly string[])[];
  /** Code prefixes removed when the rule fires (the unlinked forms). */
  replace: readonly string[];
  /** Code added; a function of the matched codes. */
  produce: (matched: readonly string[]) => string;
  /**
   * The groups after the first may be matched by a condition documented anywhere in the note, even one not coded
   * on its own (ANNOTATION_RULES §2 / Section III: the body of the note gives linkage and specificity to a coded
   * condition; the combination code is the coded condition's code).
   */
  linkFromBody?: boolean;
  /**
   * The sentences of the condition matching group `part` must say where it is (`require`) and must not place it
   * elsewhere (`forbid`): a "with" link of the Index holds only for the site the combination code describes.
   */
  site?: { part: number; require: RegExp; forbid: RegExp };
}

const stage5or6 = (m: readonly string[]) => m.some((c) => c === 'N18.5' || c === 'N18.6');

export const COMBINATION_RULES: readonly CombinationRule[] = [
  {
    id: 'hypertension-heart-ckd',
    cites: 'I.C.9.a.3: hypertensive heart and chronic kidney disease (I13) when both are present',
    requires: [['I10', 'I11', 'I12'], ['I50'], ['N18']],
    replace: ['I10', 'I11', 'I12'],
    produce: (m) => (stage5or6(m) ? 'I13.2' : 'I13.0'),
  },
  {
    id: 'hypertension-heart-failure',
    cites: 'I.C.9.a.1: hypertension with heart failure is I11.0 (causal link presumed), plus the I50 code',
    requires: [['I10'], ['I50']],
    replace: ['I10'],
    produce: () => 'I11.0',
  },
  {
    id: 'hypertension-ckd',
    cites: 'I.C.9.a.2: hypertension with CKD is I12 (link presumed), plus the N18 stage',
    requires: [['I10'], ['N18']],
    replace: ['I10'],
    produce: (m) => (stage5or6(m) ? 'I12.0' : 'I12.9'),
  },
  // Tabular I08 "Multiple valve diseases" (includes: multiple valve diseases not specified as rheumatic) and the
  // Index "Insufficiency, mitral, with aortic valve disease I08.0 / with tricuspid I08.1": two or three valves' disease
  // together is one I08 code, whatever each valve's own code (stenosis or regurgitation).
  {
    id: 'valves-mitral-aortic-tricuspid',
    cites: 'tabular I08.3: combined disorders of mitral, aortic and tricuspid valves',
    requires: [['I34', 'I05'], ['I35', 'I06'], ['I36', 'I07']],
    replace: ['I34', 'I05', 'I35', 'I06', 'I36', 'I07'],
    produce: () => 'I08.3',
  },
  {
    id: 'valves-mitral-aortic',
    cites: 'tabular I08.0 / Index "Insufficiency, mitral, with aortic valve disease": disorders of both mitral and aortic valves',
    requires: [['I34', 'I05'], ['I35', 'I06']],
    replace: ['I34', 'I05', 'I35', 'I06'],
    produce: () => 'I08.0',
  },
  {
    id: 'valves-mitral-tricuspid',
    cites: 'tabular I08.1 / Index "Insufficiency, mitral, with tricuspid valve disease": disorders of both mitral and tricuspid valves',
    requires: [['I34', 'I05'], ['I36', 'I07']],
    replace: ['I34', 'I05', 'I36', 'I07'],
    produce: () => 'I08.1',
  },
  {
    id: 'valves-aortic-tricuspid',
    cites: 'tabular I08.2: disorders of both aortic and tricuspid valves',
    requires: [['I35', 'I06'], ['I36', 'I07']],
    replace: ['I35', 'I06', 'I36', 'I07'],
    produce: () => 'I08.2',
  },
  {
    id: 'alcoholic-liver-disease-cirrhosis',
    cites: 'Alphabetic Index "Cirrhosis, alcoholic K70.30": the cirrhosis of a patient with alcoholic liver disease',
    requires: [['K70.0', 'K70.1', 'K70.4', 'K70.9'], ['K74.60', 'K74.69']],
    replace: ['K70.0', 'K70.1', 'K70.4', 'K70.9', 'K74.60', 'K74.69'],
    produce: () => 'K70.30',
  },
  {
    id: 'alcoholic-cirrhosis-ascites',
    cites: 'Alphabetic Index "Cirrhosis, alcoholic, with ascites K70.31": the ascites is part of the combination code',
    requires: [['K70.30'], ['R18']],
    replace: ['K70.30', 'R18'],
    produce: () => 'K70.31',
  },
  {
    id: 'diabetes-ckd',
    cites: 'I.A.15 "with": diabetes with CKD is presumed linked: E11.22 plus the N18 stage (use additional code)',
    requires: [['E11.9', 'E11.8', 'E11.65', 'E11.2'], ['N18']],
    replace: ['E11.9', 'E11.8', 'E11.21', 'E11.29'],
    produce: () => 'E11.22',
  },
  {
    id: 'diabetes-peripheral-angiopathy',
    cites: 'I.A.15 "with": diabetes with peripheral vascular disease is presumed linked: E11.51',
    requires: [['E11'], ['I73.9']],
    replace: ['E11.9', 'I73.9'],
    produce: () => 'E11.51',
  },
  {
    id: 'diabetes-neuropathy',
    cites: 'I.A.15 "with" / Alphabetic Index "Diabetes, type 2, with, neuropathy E11.40 / polyneuropathy E11.42": diabetes documented with a (poly)neuropathy is presumed linked',
    requires: [['E11.9', 'E11.8', 'E11.65', 'E11.649', 'E11.2', 'E11.5'], ['G62.9', 'G60.9', 'G64']],
    replace: ['E11.9', 'E11.8', 'G62.9', 'G60.9', 'G64'],
    produce: () => 'E11.40',
    linkFromBody: true,
  },
  {
    id: 'diverticular-bleeding',
    cites: 'I.A.15 "with" / Alphabetic Index "Diverticulosis/Diverticulitis, with bleeding": a gastrointestinal bleed with diverticular disease of the intestine is the K57 code with bleeding',
    requires: [['K92.2', 'K92.1', 'K62.5'], ['K57.10', 'K57.12', 'K57.20', 'K57.30', 'K57.32', 'K57.40', 'K57.50', 'K57.52', 'K57.80', 'K57.90', 'K57.92']],
    replace: ['K92.2', 'K92.1', 'K62.5', 'K57'],
    // K57.x0 → K57.x1, K57.x2 → K57.x3: the "with bleeding" sibling.
    produce: (m) => {
      const d = m[1] && /^K57\.\d[02]$/.test(m[1]) ? m[1] : 'K57.90';
      return d.slice(0, -1) + String(Number(d.slice(-1)) + 1);
    },
    linkFromBody: true,
    // I.A.15 presumes the "with" link only between conditions of the same site: K57 is diverticular disease of the
    // intestine, so the bleed must be a lower-GI, rectal or hematochezia bleed, or one the note attributes to the
    // diverticula; an upper-GI bleed (hematemesis, coffee-ground emesis, a gastric or duodenal source) is not it.
    site: {
      part: 0,
      require: /\b(?:lower|hematochezia|haematochezia|rectal(?:ly)?|rectum|BRBPR|per\s+rectum|colonic|diverticul\w*|maroon)\b/i,
      forbid: /\b(?:upper|hematemesis|haematemesis|coffee[-\s]ground\w*|gastritis|gastric|duodenal|duodenitis|esophag\w*|oesophag\w*|peptic|varice\w*|Mallory)\b/i,
    },
  },
  {
    id: 'gastritis-ulcer-bleeding',
    cites: 'I.A.15 "with" / Alphabetic Index "Gastritis, with bleeding", "Ulcer, gastric/duodenal/peptic, with hemorrhage": an upper gastrointestinal bleed with gastritis, duodenitis or a peptic ulcer is the "with bleeding / with hemorrhage" code',
    requires: [['K92.2', 'K92.0', 'K92.1'], ['K29.00', 'K29.20', 'K29.30', 'K29.40', 'K29.50', 'K29.60', 'K29.70', 'K29.80', 'K29.90', 'K25.3', 'K25.9', 'K26.3', 'K26.9', 'K27.3', 'K27.9', 'K28.3', 'K28.9']],
    replace: ['K92.2', 'K92.0', 'K92.1', 'K29', 'K25', 'K26', 'K27', 'K28'],
    // K29.x0 → K29.x1 (with bleeding); K2x.3 acute without → K2x.0 acute with hemorrhage; K2x.9 → K2x.4.
    produce: (m) => {
      const d = m[1] ?? 'K29.70';
      if (d.startsWith('K29')) return d.slice(0, -1) + '1';
      return d.slice(0, 4) + (d.endsWith('.3') ? '0' : '4');
    },
    linkFromBody: true,
    // Only an upper bleed is the stomach's or duodenum's: a lower-GI or rectal bleed is not.
    site: {
      part: 0,
      require: /(?:)/,
      forbid: /\b(?:lower|hematochezia|haematochezia|rectal(?:ly)?|rectum|BRBPR|per\s+rectum|colonic|diverticul\w*|maroon)\b/i,
    },
  },
  {
    id: 'hemorrhoid-bleeding',
    cites: 'Alphabetic Index "Hemorrhoids (bleeding)": bleeding is a nonessential modifier, so a lower gastrointestinal or rectal bleed from hemorrhoids is the K64 code alone',
    requires: [['K92.2', 'K92.1', 'K62.5'], ['K64']],
    replace: ['K92.2', 'K92.1', 'K62.5', 'K64'],
    // The hemorrhoid code as coded; K64.9 (Index "Hemorrhoids (bleeding)") when only the category matched.
    produce: (m) => (m[1] && /^K64\.\d$/.test(m[1]) ? m[1] : 'K64.9'),
    linkFromBody: true,
    site: {
      part: 0,
      require: /(?:)/,
      forbid: /\b(?:upper|hematemesis|haematemesis|coffee[-\s]ground\w*|gastritis|gastric|duodenal|duodenitis|esophag\w*|oesophag\w*|peptic|varice\w*|Mallory|diverticul\w*|colitis|polyp\w*|cancer|carcinoma|mass|angiodysplasia|AVM)\b/i,
    },
  },
  {
    id: 'diabetes-hyperglycemia',
    cites: 'I.C.4.a / Alphabetic Index "Diabetes, with hyperglycemia": diabetes documented with hyperglycemia is E11.65',
    requires: [['E11'], ['R73.9', 'R73.0']],
    replace: ['E11.9', 'R73.9', 'R73.0'],
    produce: () => 'E11.65',
    // I.C.4.a: as many E11 codes as the complications need, so beside E11.4x as well; the body of the note may say it
    // (ANNOTATION_RULES §2), but as the provider's word "hyperglycemia", not a glucose value (III.B: abnormal findings).
    linkFromBody: true,
    site: { part: 1, require: /\bhyperglyc/i, forbid: /(?!)/ },
  },
  {
    id: 'diabetes-hypoglycemia',
    cites: 'I.A.15 "with" / Alphabetic Index "Diabetes, with hypoglycemia": diabetes documented with hypoglycemia is E11.649',
    requires: [['E11'], ['E16.1', 'E16.2']],
    replace: ['E11.9', 'E16.1', 'E16.2'],
    produce: () => 'E11.649',
    linkFromBody: true,
    site: { part: 1, require: /\bhypoglyc/i, forbid: /(?!)/ },
  },
  {
    id: 'diabetes-gastroparesis',
    cites: 'I.A.15 "with" / Alphabetic Index "Diabetes, with, gastroparesis" E11.43; tabular K31.84 "code first underlying disease" keeps K31.84 beside it',
    requires: [['E11'], ['K31.84']],
    replace: ['E11.9'],
    produce: () => 'E11.43',
  },
  {
    id: 'copd-lower-respiratory-infection',
    cites: 'I.C.10.a.1 / tabular J44.0: COPD with an acute lower respiratory infection is J44.0, plus the infection code (and J44.1 when an exacerbation is documented)',
    requires: [['J44'], ['J09', 'J10', 'J11', 'J12', 'J13', 'J14', 'J15', 'J16', 'J18', 'J20', 'J21', 'J22']],
    replace: ['J44.9'],
    produce: () => 'J44.0',
  },
  {
    // After the COPD-with-infection rule: the J44.0 it produces is COPD too.
    id: 'copd-with-emphysema',
    cites: 'Alphabetic Index "Emphysema (obstructive)" J43.9 and tabular J43 Excludes1 (only emphysema with chronic bronchitis is J44.-): COPD documented with emphysema is the emphysema code alone',
    requires: [['J43'], ['J44']],
    replace: ['J44'],
    produce: (m) => m.find((c) => c.startsWith('J43')) ?? 'J43.9',
    linkFromBody: true,
  },
  {
    // The back pain is part of the code: M51.36-/M51.37- (FY2025) say whether the degeneration comes with back pain.
    id: 'lumbar-disc-degeneration-back-pain',
    cites: 'tabular M51.36- / M51.37- (FY2025): intervertebral disc degeneration of the lumbar or lumbosacral region "with discogenic back pain only"; the low back pain is that code\'s, not a separate M54 code',
    requires: [['M51.36', 'M51.37'], ['M54.5', 'M54.9']],
    replace: ['M51.36', 'M51.37', 'M54.5', 'M54.9'],
    // …9 (no pain) / …0 (back pain) → …0; …1 (leg pain only) / …2 → …2 (back and leg pain).
    produce: (m) => `${/^M51\.3[67]/.test(m[0] ?? '') ? m[0]!.slice(0, 6) : 'M51.36'}${/^M51\.3[67][12]$/.test(m[0] ?? '') ? '2' : '0'}`,
    linkFromBody: true,
  },
  {
    id: 'type1-diabetes-ckd',
    cites: 'I.A.15 "with": type 1 diabetes with CKD: E10.22 plus the N18 stage',
    requires: [['E10.9', 'E10.8', 'E10.2'], ['N18']],
    replace: ['E10.9', 'E10.8', 'E10.21', 'E10.29'],
    produce: () => 'E10.22',
  },
  {
    id: 'excessive-irregular-menstruation',
    cites: 'tabular N92.1 "Excessive and frequent menstruation with irregular cycle" (N92.6 Excludes1: irregular menstruation with excessive bleeding N92.1): heavy periods with an irregular cycle are one code',
    requires: [['N92.0'], ['N92.6', 'N92.5']],
    replace: ['N92.0', 'N92.6', 'N92.5'],
    produce: () => 'N92.1',
  },
  {
    id: 'pulmonary-edema-heart-failure',
    cites: 'Alphabetic Index "Edema, lung, acute, with heart disease or failure — see Failure, ventricular, left" I50.1; J81 Excludes1 pulmonary edema with heart failure',
    requires: [['J81.0', 'J81.1'], ['I50.9', 'I50.1']],
    replace: ['J81.0', 'J81.1', 'I50.9'],
    produce: () => 'I50.1',
  },
  {
    id: 'osteoporosis-vertebral-collapse',
    cites: 'I.C.13.d.2 / Alphabetic Index "Osteoporosis, age-related, with current pathologic fracture" M80.0-, "Collapse, vertebra, in osteoporosis"; M48.5 Excludes1 collapsed vertebra in osteoporosis (M80.-)',
    requires: [['M81.0', 'M81.8'], ['M48.5']],
    replace: ['M81.0', 'M81.8', 'M48.5'],
    produce: (m) => `${m[0] === 'M81.8' ? 'M80.88X' : 'M80.08X'}${m[1]?.length === 8 ? m[1].slice(-1) : 'A'}`,
  },
  {
    id: 'alzheimer-dementia',
    cites: 'Alphabetic Index "Disease, Alzheimer\'s G30.9 [F02.80]" / tabular G30 "use additional code to identify dementia (F02.8-)": the dementia of Alzheimer disease is F02.-, not the unspecified dementia F03.-, at the same severity and disturbance',
    requires: [['G30'], ['F03']],
    replace: ['F03'],
    produce: (m) => {
      const f03 = m[1] ?? 'F03.90';
      return /^F03\.9/.test(f03) ? `F02.8${f03.slice(5)}` : `F02.${f03.slice(4)}`;
    },
  },
  {
    id: 'allergic-urticaria',
    cites: 'Alphabetic Index "Urticaria, allergic" L50.0; T78.4 Excludes1 specified types of allergic reaction (allergic urticaria L50.0)',
    requires: [['L50.9'], ['T78.40', 'T78.49']],
    replace: ['L50.9', 'T78.40', 'T78.49'],
    produce: () => 'L50.0',
  },
];
