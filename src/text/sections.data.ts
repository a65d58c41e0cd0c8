import type { SectionName } from '../types.js';

/**
 * Section header vocabulary for discharge summaries, H&Ps, consult notes, operative and radiology reports.
 *
 * Variants are written naturally; the detector compares them through `headerKey` (upper-case, "&" → AND, "-"/"_"
 * → space, "(S)"/"(ES)" dropped, spaces collapsed and removed around "/"), so "Follow-up", "FOLLOW UP" and
 * "follow up" are one entry. A variant may appear in only one entry of SECTION_HEADERS.
 */
export interface SectionHeaderDef {
  name: SectionName;
  variants: readonly string[];
  /**
   * Name used instead when this is the note's first header. Radiology reports open with "EXAM: CT abdomen" (the
   * study), while in H&Ps "EXAM:" later in the note is the physical examination.
   */
  asFirstHeader?: SectionName;
}

export const SECTION_HEADERS: readonly SectionHeaderDef[] = [
  {
    name: 'chief_complaint',
    variants: [
      'chief complaint', 'cc', 'presenting complaint', 'reason for visit', 'reason for consultation',
      'reason for consult', 'reason for admission', 'reason for referral', 'reason for hospitalization',
      'chief complaints',
      // A consult that opens with "PROBLEM:" names the problem it was asked about, not its assessment.
      'problem',
    ],
  },
  {
    name: 'history_of_present_illness',
    variants: [
      'history of present illness', 'history of the present illness', 'history of presenting illness',
      'present illness', 'hpi', 'hx', 'history', 'brief history', 'history of presenting problem', 'interval history',
      'history of present complaint', 'brief history and physical',
      'subjective', 'history and physical', 'h&p', 'brief history of present illness', 'clinical summary',
    ],
  },
  {
    name: 'past_medical_history',
    variants: [
      'past medical history', 'pmh', 'pmhx', 'past history', 'medical history', 'past medical/surgical history',
      'past medical and surgical history', 'past psychiatric history', 'psychiatric history', 'past medical hx',
      'significant past medical history', 'problem history', 'past cardiac history', 'other medical history',
      'birth history', 'illnesses', 'birth/past medical history',
      'past medical history and surgical history', 'ob history', 'obstetrical history', 'obstetric history', 'gyn history',
      'gynecological history', 'ob/gyn history',
    ],
  },
  {
    name: 'past_surgical_history',
    variants: [
      'past surgical history', 'psh', 'pshx', 'surgical history', 'past surgical hx', 'previous surgeries',
      'past operations', 'surgeries', 'previous operations',
    ],
  },
  {
    name: 'family_history',
    variants: ['family history', 'fh', 'fhx', 'family hx', 'family medical history', 'family psychiatric history'],
  },
  {
    // Mixed social/family headers go here, not to family_history: a false "family" flag on the patient's own
    // smoking is worse than leaving a relative's disease to the ConText family triggers ("mother had ...").
    name: 'social_history',
    variants: [
      'social history', 'sh', 'shx', 'social hx', 'personal history', 'habits', 'social and family history',
      'family and social history', 'family social history', 'social/family history', 'shx/fhx', 'fhx/shx', 'sh/fh',
      'fh/sh', 'substance use history', 'legal history', 'social and developmental history',
      'substance and alcohol history', 'personal and social history', 'family/social history',
    ],
  },
  {
    name: 'medications',
    variants: [
      'medications', 'medication', 'meds', 'current medications', 'home medications', 'medications on admission',
      'admission medications', 'medications at home', 'outpatient medications', 'medications prior to admission',
      'current meds', 'home meds', 'medication history', 'previous medications', 'preadmission medications',
      'current medicines', 'medicines', 'current medications at home', 'medication list', 'current medication list',
      'other medications', 'diabetes medications',
    ],
  },
  {
    name: 'discharge_medications',
    variants: [
      'discharge medications', 'medications on discharge', 'discharge meds', 'discharge medication',
      'medications at discharge',
    ],
  },
  { name: 'allergies', variants: [
    'allergies', 'allergy', 'drug allergies', 'medication allergies', 'allergies/adverse reactions',
    'allergies to medicines', 'allergies to medications', 'drug intolerance',
  ] },
  { name: 'review_of_systems', variants: ['review of systems', 'ros', 'systems review', 'review of system'] },
  {
    name: 'physical_exam',
    variants: [
      'physical examination', 'physical exam', 'pe', 'general exam', 'objective', 'physical examination on admission',
      'admission physical examination', 'admission physical exam', 'discharge physical examination',
      'discharge physical exam', 'physical findings', 'mental status examination', 'mental status exam',
      'neurological examination', 'neurologic examination', 'neurologic exam', 'gen exam', 'general evaluation',
    ],
  },
  // A bare "EXAM:" opening a report names the study ("EXAM: CT abdomen"); later in an H&P it is the examination.
  { name: 'physical_exam', variants: ['exam', 'examination'], asFirstHeader: 'imaging' },
  { name: 'vital_signs', variants: ['vital signs', 'vitals', 'vs'] },
  {
    name: 'labs',
    variants: [
      'laboratory data', 'laboratory', 'labs', 'lab', 'laboratory studies', 'laboratory results', 'lab results',
      'laboratory values', 'pertinent laboratory data', 'diagnostic data', 'diagnostic studies', 'studies', 'data',
      'labs and studies', 'pertinent results', 'test results', 'laboratories', 'laboratory tests',
      'laboratory findings', 'laboratory work', 'lab studies', 'emergency department testing', 'diagnostics',
    ],
  },
  { name: 'imaging', variants: [
    'imaging', 'radiology', 'imaging studies', 'radiologic studies', 'radiologic data', 'x-rays', 'radiographs', 'radiological data',
    'review of x rays',
  ] },
  {
    name: 'procedures',
    variants: [
      'procedure', 'procedures', 'procedure performed', 'procedures performed', 'operation', 'operations',
      'operation performed', 'operations performed', 'operative procedure', 'operative procedures',
      'name of operation', 'title of operation', 'title of procedure', 'description of procedure',
      'description of the procedure', 'description of operation', 'description of the operation',
      'procedure in detail', 'procedure detail', 'procedure details', 'details of procedure',
      'details of the procedure', 'operative procedure in detail', 'operation in detail', 'procedure note',
      'operative note', 'operative technique', 'anesthesia', 'estimated blood loss', 'ebl', 'blood loss',
      'complications', 'specimen', 'specimens', 'drains', 'fluids', 'tourniquet time', 'total tourniquet time',
      'procedure done', 'hospital procedures', 'procedures this admission', 'urine output', 'fluids received',
      'iv fluids', 'hemostasis', 'tubes and drains', 'drain', 'counts', 'implants', 'instrument', 'instruments',
      'premedication', 'injectables', 'name of procedure', 'title of procedures', 'details of the operation',
      'summary of procedure', 'description of technique', 'materials used', 'consent', 'informed consent',
    ],
  },
  {
    name: 'hospital_course',
    variants: [
      'hospital course', 'brief hospital course', 'course', 'clinical course', 'summary of hospital course',
      'course in hospital', 'ed course', 'emergency department course', 'er course', 'history and hospital course',
      'hospital course by problem', 'emergency room course',
    ],
  },
  {
    // Diagnosis lists without a time qualifier are the clinician's current assessment.
    name: 'assessment',
    variants: [
      'assessment', 'diagnosis', 'diagnoses', 'problem list', 'problems', 'problems/diagnoses', 'clinical impression',
      'medical decision making', 'discussion', 'formulation',
      'medical problem list', 'active problem list', 'active problems', 'current problems', 'problems list',
      'problems diagnoses', 'assessments', 'assessment and evaluation',
      'dsm iv diagnoses', 'dsm-iv diagnoses',
    ],
  },
  { name: 'plan', variants: [
    'plan', 'plans', 'recommendations', 'recommendation', 'treatment plan', 'treatment', 'disposition',
    'discharge disposition', 'management', 'postoperative plan',
  ] },
  {
    name: 'assessment_and_plan',
    variants: [
      'assessment and plan', 'a/p', 'a&p', 'assessment/plan', 'impression and plan', 'impression/plan',
      'assessment & recommendations', 'assessment and recommendations', 'impression and recommendations',
    ],
  },
  {
    // A preoperative diagnosis is the diagnosis the encounter started from, as an admission diagnosis is.
    name: 'admission_diagnoses',
    variants: [
      'admission diagnosis', 'admission diagnoses', 'admitting diagnosis', 'admitting diagnoses',
      'preoperative diagnosis', 'preoperative diagnoses', 'preop diagnosis', 'pre operative diagnosis',
      'preprocedure diagnosis', 'pre procedure diagnosis', 'initial diagnosis', 'initial diagnoses', 'diagnosis at admission',
    ],
  },
  {
    // Final and postoperative diagnoses are the encounter's coded result, as discharge diagnoses are.
    name: 'discharge_diagnoses',
    variants: [
      'discharge diagnosis', 'discharge diagnoses', 'final diagnosis', 'final diagnoses', 'principal diagnosis',
      'secondary diagnoses', 'secondary diagnosis', 'postoperative diagnosis', 'postoperative diagnoses',
      'postop diagnosis', 'post operative diagnosis', 'postprocedure diagnosis', 'discharge diagnosis/diagnoses',
      'final diagnosis/diagnoses', 'post procedure diagnosis', 'diagnoses at discharge',
    ],
  },
  {
    name: 'discharge_instructions',
    variants: [
      'discharge instructions', 'patient instructions', 'instructions', 'diet', 'activity', 'discharge diet',
      'discharge activity', 'discharge condition instructions', 'home instructions', 'wound care',
    ],
  },
  { name: 'follow_up', variants: [
    'follow-up', 'followup', 'follow up', 'discharge followup', 'discharge follow-up', 'follow-up appointments',
    'follow up instructions', 'appointments',
  ] },
  {
    name: 'indication',
    variants: [
      'indication', 'indications', 'reason for exam', 'reason for examination', 'reason for study',
      'clinical history', 'clinical indication', 'clinical information', 'indication for procedure',
      'indications for procedure', 'indication for the procedure', 'indications for the procedure',
      'indication for surgery', 'indications for surgery', 'indication for operation', 'indications for operation',
      'indications for the operation', 'symptom', 'history/indication',
    ],
  },
  { name: 'comparison', variants: [
    'comparison', 'comparisons', 'prior studies', 'comparison studies', 'comparison study',
  ] },
  { name: 'technique', variants: ['technique', 'protocol', 'contrast', 'procedure technique', 'fluoroscopy time'] },
  { name: 'findings', variants: [
      'findings', 'operative findings', 'gross findings', 'intraoperative findings', 'major findings', 'report',
      'angiographic findings', 'abnormal findings', 'findings and procedure', 'gross description',
      'gross operative findings', 'description of findings', 'history and gross findings',
    ],
  },
  { name: 'impression', variants: [
    'impression', 'impressions', 'conclusion', 'conclusions', 'final impression', 'diagnostic impression',
    'interpretation', 'opinion', 'summary', 'endoscopic impression',
    // Office templates pair the two words: "IMPRESSION / DIAGNOSIS".
    'impression/diagnosis', 'impression/diagnoses', 'diagnosis/impression', 'diagnoses/impression',
  ] },
];

/**
 * Labels that head a part of a section rather than a section: organ systems inside an examination or review of
 * systems, organs inside radiology findings, axes inside a psychiatric diagnosis list. Inside one of `parents` they
 * do not open a section (they still start a sentence); elsewhere they open a section named `orphan`, because an
 * exam whose header was left out is still an exam. Checked before SECTION_HEADERS, so "VITAL SIGNS" inside an
 * examination is a part of it, and a section of its own elsewhere.
 */
export interface SubheadingDef {
  variants: readonly string[];
  parents: readonly SectionName[];
  orphan: SectionName;
}

// Radiology findings use the same organ labels ("LUNGS:", "ABDOMEN:") as an examination.
const EXAM_PARENTS: readonly SectionName[] = [
  'physical_exam', 'review_of_systems', 'vital_signs', 'findings', 'imaging',
];

export const SUBHEADINGS: readonly SubheadingDef[] = [
  {
    variants: [
      'general', 'general appearance', 'appearance', 'constitutional', 'heent', 'head', 'eyes', 'ears', 'nose',
      'throat', 'mouth', 'ent', 'head and neck', 'neck', 'chest', 'lungs', 'lung', 'respiratory', 'pulmonary',
      'heart', 'cardiac', 'cardiovascular', 'cv', 'cvs', 'abdomen', 'abdominal', 'gi', 'gastrointestinal', 'gu',
      'genitourinary', 'genitalia', 'pelvic', 'rectal', 'breasts', 'breast', 'back', 'spine', 'extremities',
      'musculoskeletal', 'msk', 'skin', 'integumentary', 'dermatologic', 'neuro', 'neurologic', 'neurological', 'cns',
      'psychiatric', 'psych', 'lymph', 'lymphatic', 'lymphatics', 'lymph nodes', 'hematologic',
      'hematologic/lymphatic', 'heme/lymph', 'endocrine', 'allergic/immunologic', 'immunologic', 'vascular', 'pulses',
      'mental status', 'motor', 'sensory', 'sensation', 'reflexes', 'gait', 'gait and station', 'coordination',
      'coord', 'cranial nerves', 'cn', 'ms', 'vital signs', 'vitals', 'urological', 'genital', 'gyn', 'hem/onc',
      'eyes/ears/nose/throat', 'gen', 'ext', 'cor', 'vit', 'oral cavity', 'hematological', 'psychological',
      'respirations',
    ],
    parents: EXAM_PARENTS,
    orphan: 'physical_exam',
  },
  {
    variants: [
      'liver', 'spleen', 'pancreas', 'kidneys', 'kidney', 'adrenals', 'adrenal glands', 'gallbladder', 'bladder',
      'bowel', 'bones', 'osseous structures', 'soft tissues', 'lung bases', 'mediastinum', 'pleura', 'brain',
      'ventricles', 'uterus', 'ovaries', 'prostate', 'aorta', 'thyroid', 'left ventricle', 'right ventricle',
      'left atrium', 'right atrium', 'mitral valve', 'aortic valve', 'tricuspid valve', 'pulmonic valve',
      'pericardium', 'left main coronary artery', 'left anterior descending artery', 'circumflex artery',
      'right coronary artery', 'left ventriculogram',
    ],
    parents: ['findings', 'imaging', 'impression', 'procedures'],
    orphan: 'findings',
  },
  {
    variants: ['axis i', 'axis ii', 'axis iii', 'axis iv', 'axis v'],
    parents: ['discharge_diagnoses', 'admission_diagnoses', 'assessment', 'assessment_and_plan', 'impression'],
    orphan: 'assessment',
  },
];

/**
 * ALL-CAPS labels that introduce a value, never a section ("BP: 120/80", "WBC: 12.1", "EKG: sinus rhythm"): vital
 * signs, common labs, tests and document metadata that sit inside a section. Compared by `headerKey`.
 */
export const NON_HEADER_LABELS: ReadonlySet<string> = new Set([
  // vitals
  'bp', 'hr', 'rr', 'pr', 'p', 't', 'temp', 'tmax', 'tc', 'pulse', 'resp', 'spo2', 'sao2', 'o2 sat', 'o2 sats', 'sat',
  'sats', 'pox', 'pulse ox', 'wt', 'weight', 'ht', 'height', 'bmi', 'map', 'cvp', 'gcs', 'fio2', 'peep', 'i/o',
  'ins/outs',
  // labs
  'wbc', 'hgb', 'hb', 'hct', 'plt', 'plts', 'na', 'k', 'cl', 'co2', 'hco3', 'bun', 'cr', 'creat', 'glu', 'gluc',
  'glucose', 'ca', 'mg', 'phos', 'alt', 'ast', 'alk phos', 'tbili', 't bili', 'dbili', 'alb', 'inr', 'pt', 'ptt',
  'tsh', 'ldl', 'hdl', 'tg', 'a1c', 'hba1c', 'bnp', 'trop', 'troponin', 'ck', 'ckmb', 'ck mb', 'lactate', 'esr', 'crp',
  'ua', 'abg', 'vbg', 'ph', 'pco2', 'po2', 'cbc', 'bmp', 'cmp', 'lfts', 'coags', 'ucx', 'bcx',
  // tests whose result follows the colon inside a labs or imaging section
  'ekg', 'ecg', 'cxr', 'ct', 'mri', 'mra', 'cta', 'us', 'kub', 'echo', 'tte', 'tee', 'eeg', 'emg', 'pft', 'pfts',
  // document metadata and signatures
  'cc to', 'dd', 'dt', 'd', 'mrn', 'dob', 'fin', 'job', 'tr', 'cc list', 'ref', 're', 'attn',
]);

/** Words that, right before an ALL-CAPS run, show it is a person's name ("Dr. SMITH:"), not a header. */
export const NAME_TITLES: ReadonlySet<string> = new Set([
  'dr', 'mr', 'mrs', 'ms', 'miss', 'prof', 'sr', 'jr', 'rev', 'dear',
]);

/** Longest header, in characters, the detector considers; also bounds its backward scan (linear time). */
export const MAX_HEADER_CHARS = 64;

/** An unknown ALL-CAPS label with more words than this is a shouted sentence, not a header. */
export const MAX_UNKNOWN_HEADER_WORDS = 6;
