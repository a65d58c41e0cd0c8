import type { SectionName } from '../../types.js';

/**
 * Rule tables the coder applies after each mention has its code. Every entry cites the ICD-10-CM Official Guidelines
 * section or the tabular instruction it follows. Matching is by code prefix.
 */

/**
 * Guideline I.B.5: signs and symptoms routinely associated with a disease process are not coded beside it.
 * `symptom` prefixes are dropped when a code with one of the `integralTo` prefixes is coded. The same table carries
 * "unspecified" codes of another category that a documented type makes redundant (I.B.2 / I.A.9: N19 "kidney
 * failure, unspecified" beside acute N17 or chronic N18).
 */
export const INTEGRAL_SYMPTOMS: readonly { symptom: readonly string[]; integralTo: readonly string[]; why: string }[] = [
  { symptom: ['R73.0', 'R73.9'], integralTo: ['E08', 'E09', 'E10', 'E11', 'E13'], why: 'hyperglycemia is part of diabetes (coded E11.65 when documented)' },
  { symptom: ['R80'], integralTo: ['N00', 'N01', 'N02', 'N03', 'N04', 'N05', 'N06', 'N07', 'N08', 'E10.2', 'E11.2'], why: 'proteinuria is part of glomerular disease' },
  { symptom: ['R31'], integralTo: ['N00', 'N01', 'N02', 'N03', 'N05', 'N20', 'N21', 'N30'], why: 'hematuria is part of glomerulonephritis, urinary calculus and cystitis' },
  { symptom: ['R79.89', 'R39.2'], integralTo: ['N17', 'N18', 'N19'], why: 'azotemia/uremia is part of kidney failure' },
  { symptom: ['N19'], integralTo: ['N17', 'N18'], why: 'kidney failure, unspecified, beside its documented acute or chronic type' },
  // Not R06.03: acute respiratory distress is a separate, reportable state (FY2022 code), not the usual dyspnea.
  { symptom: ['R06.00', 'R06.01', 'R06.02', 'R06.09'], integralTo: ['I50', 'J44.1', 'J96', 'J12', 'J13', 'J14', 'J15', 'J18', 'J81', 'I26'], why: 'dyspnea is part of heart failure, respiratory failure, pneumonia and PE' },
  { symptom: ['R60'], integralTo: ['I50'], why: 'edema is part of heart failure' },
  // J81 Excludes1 pulmonary edema with heart failure (with an untyped heart failure the pair is I50.1, a combination rule).
  { symptom: ['J81.0', 'J81.1'], integralTo: ['I50.2', 'I50.3', 'I50.4', 'I50.8'], why: 'pulmonary edema is part of a heart failure of a stated type' },
  { symptom: ['E87.70', 'E87.79'], integralTo: ['I50'], why: 'fluid (volume) overload is part of heart failure' },
  { symptom: ['R50.9'], integralTo: ['A40', 'A41', 'J12', 'J13', 'J14', 'J15', 'J18', 'J20', 'J21', 'N10', 'N39.0'], why: 'fever is part of sepsis, pneumonia, bronchitis, bronchiolitis and urinary infection' },
  { symptom: ['R05'], integralTo: ['J12', 'J13', 'J14', 'J15', 'J18', 'J20', 'J21'], why: 'cough is part of pneumonia, bronchitis and bronchiolitis' },
  { symptom: ['R19.7', 'R11'], integralTo: ['A08', 'A09', 'K52'], why: 'diarrhea and vomiting are part of gastroenteritis' },
  {
    symptom: ['R10'],
    // Diverticulitis only (K57.x2/x3 and the perforation/abscess codes): diverticulosis is no cause of pain by itself.
    integralTo: ['K35', 'K80', 'K81', 'K85', 'N20', 'K57.0', 'K57.12', 'K57.13', 'K57.2', 'K57.32', 'K57.33', 'K57.4', 'K57.52', 'K57.53', 'K57.8', 'K57.92', 'K57.93'],
    why: 'abdominal pain is part of appendicitis, diverticulitis, gallbladder disease, pancreatitis and renal colic',
  },
  { symptom: ['R41.0'], integralTo: ['F01', 'F02', 'F03', 'G30', 'F05'], why: 'confusion is part of dementia and delirium' },
  { symptom: ['R11', 'R51', 'H53.14'], integralTo: ['G43'], why: 'headache, nausea, vomiting and photophobia are part of migraine' },
  { symptom: ['L29'], integralTo: ['L50'], why: 'itching is part of urticaria' },
  { symptom: ['D49'], integralTo: ['C'], why: 'a "tumor" is the documented malignancy, not a neoplasm of unspecified behavior (I.C.2)' },
];

/**
 * Tabular note at N40.1 ("use additional code for associated symptoms, when specified"): with benign prostatic
 * hyperplasia, a lower urinary tract symptom makes the code N40.1 and is itself coded, as the note names it.
 * `from` prefixes are the codes the symptom links to on its own; `code` is the one the N40.1 note lists (null: the
 * symptom's own code).
 */
export const BPH_LUTS: readonly { from: readonly string[]; code: string | null }[] = [
  { from: ['R33'], code: 'R33.8' }, // urinary retention
  { from: ['N13.8', 'N13.9', 'N32.0'], code: 'N13.8' }, // urinary (bladder outlet) obstruction
  { from: ['R35.0'], code: 'R35.0' }, // frequency
  { from: ['R35.1'], code: 'R35.1' }, // nocturia
  { from: ['R39.11'], code: 'R39.11' }, // hesitancy
  { from: ['R39.12'], code: 'R39.12' }, // weak stream
  { from: ['R39.14'], code: 'R39.14' }, // incomplete emptying
  { from: ['R39.15'], code: 'R39.15' }, // urgency
  { from: ['R39.16'], code: 'R39.16' }, // straining
  { from: ['N39.4'], code: null }, // incontinence: N39.4- keeps its own specific code
];

/**
 * Guideline I.C.4.a.3 and the tabular note at E08–E13 ("use additional code to identify control using insulin
 * (Z79.4), oral antidiabetic drugs (Z79.84)"): long-term use is read from the patient's medication lists, not from a
 * dose given during the stay.
 */
export const INSULIN = /\b(?:insulin|lantus|levemir|humalog|novolog|humulin|novolin|tresiba|toujeo|basaglar|glargine|detemir|degludec|lispro|aspart|glulisine|apidra|nph)\b/i;
export const ORAL_HYPOGLYCEMIC = /\b(?:metformin|glucophage|glipizide|glucotrol|glyburide|micronase|diabeta|glynase|glimepiride|amaryl|pioglitazone|actos|rosiglitazone|avandia|sitagliptin|januvia|janumet|saxagliptin|onglyza|linagliptin|tradjenta|alogliptin|repaglinide|prandin|nateglinide|starlix|acarbose|precose|canagliflozin|invokana|dapagliflozin|farxiga|empagliflozin|jardiance|glucovance|metaglip)\b/i;
/**
 * I.C.4.a.3 in the narrative: long-term use the provider states outside a medication list ("diabetes requiring
 * insulin", "her insulin pump", "discharged on Lantus", "oral hypoglycemics at home"), and the generic names of a
 * drug class in a list ("oral agents"). Not a sliding scale alone: insulin given temporarily in hospital is no
 * long-term use (I.C.4.a.3, "temporary use of insulin").
 */
export const INSULIN_STATED = /\b(?:insulin[-\s](?:requiring|dependent|treated|pump)|requir(?:es|ed|ing)\s+insulin|(?:is|was|been|remains|remained|stays|continues|continued|maintained)\s+on\s+(?!sliding)(?:(?:long-acting|basal|home|her|his|daily|nightly)\s+){0,2}(?:insulin|lantus|levemir|humalog|novolog|humulin|novolin|glargine|nph)|discharged\s+(?:home\s+)?(?:with|on)\b[^.]{0,40}\b(?:insulin|lantus|levemir|humalog|novolog|humulin|novolin|glargine|nph))\b/i;
export const ORAL_AGENTS_STATED = /\boral\s+(?:(?:anti-?)?(?:hypoglycemics?|diabetics?|hyperglycemics?)|agents?)\b(?!\s+(?:was|were)\s+(?:stopped|discontinued|held))/i;
/** Words just before a long-term-use phrase that deny it ("not on insulin", "no oral agents", "non-insulin-dependent"). */
export const LONG_TERM_DENIED = /\b(?:no|not|never|without|nor|off|stopped|discontinued|denies)\b[^.,;]{0,25}$|\bnon[-\s]?$/i;

/**
 * Words in front of a mention, in its clause, that make it something other than a current diagnosis of this patient:
 * a risk, a discussed possible side effect or complication (not a condition the patient has, I.B.4 / Section III),
 * or a differential still being worked up in an admission note (Section II.H applies "at the time of discharge";
 * ANNOTATION_RULES §3.2 for H&Ps and consults).
 */
export const RISK_CUE = /\b(?:risk(?:s)?\s+(?:of|for)|safety\s+of|toxicities|side\s+effects?|(?:potential|possible)\s+complications?|risks?\s*,?\s*(?:and\s+)?(?:benefits|complications|including))\b[^.;]*$/i;
export const WORKUP_CUE = /(?:\?\s*$|\b(?:rule\s+out|r\/o|versus|vs\.?|possibility\s+(?:of|that)|possibilities|may\s+be|might\s+be|could\s+be|consider(?:ation\s+of)?|whether|such\s+as|question(?:able)?(?:\s+of)?|doubt(?:\s+presence\s+of)?|evaluate\s+for|evaluation\s+for|concern(?:ed)?\s+(?:for|about|that)|worried\s+about|differential)\b[^.;]*$)/i;

/** A mention that modifies another word ("stress-induced", "stress test") names no condition by itself. */
export const MODIFIER_AFTER = /^(?:-|\s)?(?:induced|related|associated|dependent|test(?:ing)?|echo(?:cardiogram)?|imaging|thallium|perfusion|appearing|looking)\b/i;
/** "unresponsive to medical therapy" describes a response to treatment, not the symptom (R40.4). */
export const RESPONSE_AFTER = /^\s+to\s+(?:\w+\s+){0,2}(?:therapy|treatment|management|medications?|measures|stimuli|commands|voice|antibiotics|steroids|diuretics|fluids|hydration)\b/i;

/** A treatment option or future plan ("candidate for transplant", "would benefit from an ICD") is not a status or condition. */
export const FUTURE_CUE = /\b(?:candidate\s+for|(?:would|could|may|might)\s+(?:also\s+)?benefit\s+from|pretransplant)\b[^.;]*$/i;

/**
 * Sections whose mentions are examination, vital-sign, laboratory or imaging findings: abnormal findings are not
 * coded unless the provider documents their significance as a diagnosis (Section III.B, I.B.4), which then appears
 * in the assessment or diagnosis list.
 */
export const FINDING_SECTIONS: ReadonlySet<SectionName> = new Set(['physical_exam', 'vital_signs', 'labs', 'imaging', 'findings', 'review_of_systems']);
/** An allergy list names allergens and reactions ("seafood; crab"), never the patient's diagnoses. */
export const ALLERGY_SECTIONS: ReadonlySet<SectionName> = new Set(['allergies']);

/**
 * Status codes of earlier procedures (I.C.21.c.3), by the starter vocabulary's procedure concept; `context` must
 * also be in the clause when the procedure alone does not say where (a stent is Z95.5 only in a coronary artery).
 */
export const PROCEDURE_STATUS: readonly { concept: string; code: string; context?: RegExp; sided?: { right: string; left: string } }[] = [
  { concept: 'CLINLINK:cabg', code: 'Z95.1' },
  // I.C.21.c.3 status: an earlier amputation is the acquired absence of the limb, by side (Z89.5- below, Z89.6- above
  // the knee; the unspecified-side code when the clause names none).
  { concept: 'CLINLINK:below-knee-amputation', code: 'Z89.519', sided: { right: 'Z89.511', left: 'Z89.512' } },
  { concept: 'CLINLINK:above-knee-amputation', code: 'Z89.619', sided: { right: 'Z89.611', left: 'Z89.612' } },
  { concept: 'CLINLINK:stent-device', code: 'Z95.5', context: /\b(?:coronary|CAD|LAD|RCA|circumflex|cardiac|heart)\b/i },
  { concept: 'CLINLINK:kidney-transplantation', code: 'Z94.0' },
  // A replaced valve is a prosthetic heart valve (Index: Status, heart valve prosthesis Z95.2).
  { concept: 'CLINLINK:aortic-valve-replacement', code: 'Z95.2' },
  { concept: 'CLINLINK:mitral-valve-replacement', code: 'Z95.2' },
  { concept: 'CLINLINK:gastric-bypass', code: 'Z98.84' },
  { concept: 'CLINLINK:pacemaker-implantation', code: 'Z95.0' },
];

/** I.C.2.e.2: the note says the patient is admitted for (or to start) chemotherapy. */
export const CHEMO_ADMISSION = /\badmi(?:tted|ssion)\b[^.]{0,60}\b(?:for|to\s+(?:start|begin|receive|continue|undergo))\b[^.]{0,40}\bchemotherapy\b|\b(?:presented|admitted|came\s+in|here)\s+for\s+(?:(?:her|his|the|a)\s+)?(?:next\s+)?(?:cycle|course)\s+(?:#\s*)?(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|\w+th)\b/i;

/**
 * I.C.21.c.7 (aftercare) and the tabular note at Z47.1 ("use additional code to identify the joint (Z96.6-)"): a stay
 * for therapy after a joint replacement has "status post (side) total knee / hip / shoulder replacement" as its first
 * final-list item and a therapy or rehabilitation setting. Codes per joint: [right, left, bilateral, unspecified].
 */
export const JOINT_REPLACED = /\b(?:status\s+post|s\/p)\s+(?:a\s+|an\s+|her\s+|his\s+|recent\s+|elective\s+)*(right|left|bilateral)?\s*(?:total|partial)?\s*(knee|hip|shoulder)\s+(?:replacement|arthroplasty)\b/i;
export const JOINT_REPLACED_CODES: Readonly<Record<string, readonly string[]>> = {
  knee: ['Z96.651', 'Z96.652', 'Z96.653', 'Z96.659'],
  hip: ['Z96.641', 'Z96.642', 'Z96.643', 'Z96.649'],
  shoulder: ['Z96.611', 'Z96.612', 'Z96.619', 'Z96.619'],
};
export const THERAPY_STAY = /\b(?:TCU|transitional\s+care|rehabilitation|rehab|skilled\s+nursing|physical\s+therapy|occupational\s+therapy|therapies)\b/i;

/** Words around "weight loss" that make it a goal or an intervention rather than a symptom (R63.4 is abnormal loss). */
export const INTENDED_WEIGHT_LOSS_AFTER = /^\s*(?:plans?|programs?|goals?|diet|efforts?|surgery|counsel\w*|medications?|management|regimen)\b|^\s*(?:at|with)\s+an?\s+(?:acceptable|appropriate|expected|good|healthy|steady|safe|desired)\s+(?:rate|pace)\b|^\s*as\s+(?:planned|expected|intended)\b|^[^.]{0,60}\.\s+[^.]{0,40}\b(?:commended|congratulated|praised|encouraged)\b/i;
export const INTENDED_WEIGHT_LOSS_BEFORE = /\b(?:discuss\w*|encourag\w*|recommend\w*|advis\w*|counsel\w*|intentional|intended|planned|desired|deliberate|purposeful|pursue|pursuing|achieve|goal\s+of|for)\s+(?:(?:a|the|some|further|possible|gradual|modest|more)\s+)*$/i;

/**
 * I.C.2 (secondary malignant neoplasm coded beside the primary) and the Neoplasm Table row "lymph, gland, secondary":
 * lymph nodes the cancer reached ("1 of 20 nodes positive", "involved lymph nodes", "nodal metastases") are coded
 * by the region that drains the primary's site. Zero positive nodes, or a denial before it, is no spread.
 */
export const NODE_SPREAD = /\b(?:(?:[1-9]\d*|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:out\s+)?of\s+(?:the\s+)?\d+\s+(?:lymph\s+)?nodes?\s+(?:(?:were|was|are|is)\s+)?(?:positive|involved)|positive\s+(?:lymph\s+)?nodes?|(?:lymph\s+)?nodes?\s+(?:were|was|are)\s+(?:positive|involved)|involved\s+lymph\s+nodes?|(?:lymph\s+)?node(?:s|al)?\s+metastas[ie]s|metasta\w+\s+to\s+(?:the\s+)?(?:\w+\s+)?lymph\s+nodes?|lymph\s+node\s+involvement|node[-\s]positive)\b/i;
export const NODE_SPREAD_DENIED = /\b(?:no|not|without|negative|none|zero|free\s+of|rule\s+out)\b[^.,;]{0,30}$/i;
/** Primary-site code prefix → the secondary code of its regional lymph nodes (C77.-). */
export const REGIONAL_NODES: readonly { prefix: string; code: string }[] = [
  ...['C0', 'C10', 'C11', 'C12', 'C13', 'C14', 'C30', 'C31', 'C32', 'C73'].map((prefix) => ({ prefix, code: 'C77.0' })), // head, face, neck
  ...['C15', 'C33', 'C34', 'C37', 'C38'].map((prefix) => ({ prefix, code: 'C77.1' })), // intrathoracic
  ...['C16', 'C17', 'C18', 'C22', 'C23', 'C24', 'C25', 'C62', 'C64', 'C65'].map((prefix) => ({ prefix, code: 'C77.2' })), // intra-abdominal
  { prefix: 'C50', code: 'C77.3' }, // axilla and upper limb
  ...['C19', 'C20', 'C51', 'C52', 'C53', 'C54', 'C55', 'C56', 'C57', 'C61', 'C66', 'C67'].map((prefix) => ({ prefix, code: 'C77.5' })), // intrapelvic
];

/** I.C.19.e: words that document a drug's poisoning, adverse effect or underdosing. */
export const ADVERSE_EFFECT = /\b(?:adverse|reaction|toxicity|toxic|overdose|poisoning|side\s+effects?|induced|intoxication|underdos\w*|allerg\w*|secondary\s+to|due\s+to|caused\s+by)\b/i;

/**
 * Single words a vocabulary may give a diagnosis sense ("transient" = homeless, "bends" = decompression sickness,
 * "encounter") that notes mostly use otherwise, and "deformity", which the words before it name ("hallux
 * abductovalgus deformity"): coded only as an item of a diagnosis list, standing alone.
 */
export const AMBIGUOUS_WORD = /^(?:transient|bends|encounter|illness|deformity|deformities)$/i;

/**
 * Infectious agents named in a note, for the tabular "use additional code (B95–B97) to identify infectious agent"
 * notes (Guideline I.C.1 and the notes at L00–L08, N39.0, N10, N13.6 and elsewhere). The first matching entry wins,
 * so the specific forms come before the general ones. Organisms whose infection codes already name them (C.
 * difficile A04.7-, streptococcal pneumonia J13 …) are not here: a combination code says the agent (I.C.1.e.1).
 */
export const ORGANISMS: readonly { re: RegExp; code: string; name: string }[] = [
  { re: /\bMRSA\b|\bmethicillin[-\s]+resistant\s+staph\w*(?:\s+aureus)?/i, code: 'B95.62', name: 'MRSA' },
  { re: /\bMSSA\b|\bmethicillin[-\s]+(?:sensitive|susceptible)\s+staph\w*|\bstaph\w*\s+aureus\b|\bS\.\s?aureus\b/i, code: 'B95.61', name: 'Staphylococcus aureus' },
  { re: /\benterococc\w*/i, code: 'B95.2', name: 'Enterococcus' },
  { re: /\bgroup\s+A\s+strep\w*|\bstrep\w*\s+pyogenes\b/i, code: 'B95.0', name: 'group A streptococcus' },
  { re: /\bgroup\s+B\s+strep\w*|\bstrep\w*\s+agalactiae\b/i, code: 'B95.1', name: 'group B streptococcus' },
  { re: /\bklebsiella\b/i, code: 'B96.1', name: 'Klebsiella' },
  { re: /\bE\.?\s?coli\b|\bescherichia\b/i, code: 'B96.20', name: 'E. coli' },
  { re: /\bh(?:a?emophilus|\.)\s*influenzae\b/i, code: 'B96.3', name: 'H. influenzae' },
  { re: /\bproteus\b/i, code: 'B96.4', name: 'Proteus' },
  { re: /\bpseudomonas\b/i, code: 'B96.5', name: 'Pseudomonas' },
  { re: /\bclostridium\s+perfringens\b|\bC\.\s?perfringens\b/i, code: 'B96.7', name: 'Clostridium perfringens' },
  { re: /\bclostridi(?:um|a)\b(?!\s+diff)|\b(?:enterobacter|serratia|citrobacter|morganella|stenotrophomonas)\b/i, code: 'B96.89', name: 'other specified bacterium' },
];

/**
 * Infection categories with no "use additional code (B95–B97)" note of their own or of a parent in the 2017 tabular
 * XML whose title still does not name the agent, so the agent is reported beside them (Guideline I.C.1; the FY2026
 * tabular gives the note at N11/N12 through N10–N16's "use additional code"; T83.5-/T81.4- "use additional code to
 * identify infection").
 */
export const INFECTION_WITHOUT_AGENT = /^(?:N1[012]|N30\.[0-9]|N34|N41|N70|N71|N73|N76|L0[0-8]|T8[1-5]\.[4-7]|T83\.5|K65|K61|M00|M86|H66|H60|J0[1-6]|J20\.9|J32|J85|J86)/;

/** A sentence that reports an isolated organism: a culture result, not a risk or a test ordered. */
export const CULTURE_RESULT = /\b(?:grew|grow(?:s|ing)?\s+(?:out\s+)?|isolated|culture[sd]?\b[^.]{0,40}\b(?:positive|grew|showed|revealed)|positive\s+for)\b/i;

/**
 * Tobacco (ANNOTATION_RULES §5; Alphabetic Index "Smoker — see Dependence, drug, nicotine" → F17.2-, "History,
 * personal, nicotine dependence" → Z87.891): a current smoker is F17.210 when cigarettes are named, F17.200
 * otherwise; a former smoker is Z87.891. Read from the patient's own sentences (a relative's smoking is not his).
 */
export const CURRENT_SMOKER = /\b(?:(?:is|a|current(?:ly)?|active|daily|heavy|still|chronic)\s+(?:cigarette\s+)?smoker|smoke[’']?s\b|smokes?\s+(?:about\s+|approximately\s+|up\s+to\s+)?(?:\d|one|two|three|a|half)\b[^.;]{0,20}\b(?:packs?|cigarettes?|cigars?)\b|does\s+smoke|(?:currently|still|continues\s+to)\s+smok(?:e|es|ing)\b|smoking\s+(?:\d|one|two|a\s+pack|half)|cigarette\s+smoking\b(?![^.]{0,30}\b(?:history|quit|stopped|ago)))/i;
export const FORMER_SMOKER = /\b(?:former|ex-?|past|previous|previously|prior|reformed)\s+(?:a\s+)?(?:cigarette\s+)?smoker|\b(?:was|had\s+been)\s+(?:\w+\s+)?a\s+(?:heavy\s+)?smoker|\bused\s+to\s+smoke|\b(?:quit|stopped)\s+(?:smoking|cigarettes|tobacco)|\bsmoked\b|\b(?:history\s+of|past)\s+(?:heavy\s+)?(?:tobacco|smoking|cigarette)|\bdid\s+smoke\b|\bsmoke\s+in\s+the\s+past\b|(?<!\bto\s)\bquit\b(?!\s+(?:drinking|alcohol|drugs))/i;
/** A smoking history that runs up to now ("a history of smoking 1 pack per day for the past 15 years"): still smoking. */
export const SMOKING_ONGOING = /\bfor\s+the\s+(?:past|last)\s+(?:\d+|one|two|three|four|five|ten|twenty|thirty|forty|fifty|several|many)\s+years?\b/i;
/** A past rate changed to a present one ("smoked one pack a day, but has increased this to two packs"): still smoking. */
export const SMOKING_CHANGED_NOW = /\b(?:has|have)\s+(?:now\s+|since\s+)?(?:increased|decreased|cut\s+(?:back|down)|reduced)\b[^.;]{0,40}\b(?:packs?|cigarettes?|smoking)\b/i;
export const NO_SMOKING = /\b(?:no|not|never|denies|denied|non-?smoker|negative\s+for|without)\b[^.;]{0,25}\b(?:smok\w*|tobacco|cigarettes?)\b|\bnon-?smoker\b|\b(?:does\s+not|doesn't|did\s+not)\s+smoke\b/i;
/** Someone else's smoke: "lives in a home where there are smokers", "secondhand smoke exposure" (Z77.22). */
export const SMOKE_EXPOSURE = /\bsmokers\b|\bsecond[-\s]?hand\s+smoke|\bpassive\s+smok\w*|\bexposed\s+to\s+(?:cigarette\s+|tobacco\s+)?smoke\b|\b(?:tobacco\s+)?smoke\s+exposure|\bsmoking\s+in\s+the\s+(?:home|house|car)\b|\bsmoke\s+in\s+the\s+(?:home|house|car)\b/i;
export const RELATIVE = /\b(?:mothers?|fathers?|brothers?|sisters?|wife|husband|sons?|daughters?|family|parents?|grand\w+|aunts?|uncles?|spouse|partner|siblings?|children)\b/i;

/**
 * A narrative sentence reporting what an imaging study showed (Section III.B: abnormal findings are not coded unless
 * the provider documents their significance). Endoscopy and pathology are not here: they establish diagnoses.
 */
export const IMAGING_RESULT = /\b(?:ultrasound|sonogram|ultrasonography|CT|CAT\s+scan|MRI|MRA|x-?rays?|radiographs?|films?|echocardiogram|echo|angiogram|doppler|scan)\b[^.;]{0,80}\b(?:show(?:ed|s|ing)?|reveal(?:ed|s|ing)?|demonstrat(?:ed|es|ing)|consistent\s+with|suggest(?:ed|s|ive\s+of)|was\s+positive\s+for|noted)\b[^.;]*$/i;
