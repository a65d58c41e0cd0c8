/**
 * History codes. ICD-10-CM Official Guidelines Section I.C.21.c.4: personal history codes (Z85–Z87, and I25.2 for
 * an old myocardial infarction, Section I.C.9.e.4) explain a patient's past condition that no longer exists and is
 * not receiving treatment; family history codes (Z80–Z84) say a family member had the condition.
 * Each table maps an ICD-10-CM code prefix of the active condition to the history code; the longest prefix wins.
 */
export interface PrefixMap {
  prefix: string;
  code: string;
}

export const PERSONAL_HISTORY: readonly PrefixMap[] = [
  { prefix: 'I21', code: 'I25.2' },
  { prefix: 'I22', code: 'I25.2' },
  { prefix: 'I63', code: 'Z86.73' },
  { prefix: 'G45', code: 'Z86.73' },
  { prefix: 'I26', code: 'Z86.711' },
  { prefix: 'I82', code: 'Z86.718' },
  { prefix: 'F17', code: 'Z87.891' },
  { prefix: 'C15', code: 'Z85.01' },
  { prefix: 'C16', code: 'Z85.028' },
  { prefix: 'C18', code: 'Z85.038' },
  { prefix: 'C19', code: 'Z85.048' },
  { prefix: 'C20', code: 'Z85.048' },
  { prefix: 'C22', code: 'Z85.05' },
  { prefix: 'C25', code: 'Z85.07' },
  { prefix: 'C32', code: 'Z85.21' },
  { prefix: 'C34', code: 'Z85.118' },
  { prefix: 'C43', code: 'Z85.820' },
  { prefix: 'C44', code: 'Z85.828' },
  { prefix: 'C50', code: 'Z85.3' },
  { prefix: 'C53', code: 'Z85.41' },
  { prefix: 'C54', code: 'Z85.42' },
  { prefix: 'C55', code: 'Z85.42' }, // uterus, part unspecified: Z85.42 "other parts of uterus" (Index: History, personal, malignant neoplasm, uterus)
  { prefix: 'C56', code: 'Z85.43' },
  { prefix: 'C61', code: 'Z85.46' },
  { prefix: 'C64', code: 'Z85.528' },
  { prefix: 'C67', code: 'Z85.51' },
  { prefix: 'C71', code: 'Z85.841' },
  { prefix: 'C73', code: 'Z85.850' },
  { prefix: 'C81', code: 'Z85.71' },
  { prefix: 'C82', code: 'Z85.72' },
  { prefix: 'C83', code: 'Z85.72' },
  { prefix: 'C85', code: 'Z85.72' },
  { prefix: 'C90', code: 'Z85.79' },
  { prefix: 'C91', code: 'Z85.6' },
  { prefix: 'C92', code: 'Z85.6' },
  { prefix: 'C95', code: 'Z85.6' },
  // Sites added from the Z85 subcategory titles (Index: History, personal, malignant neoplasm, by site).
  // A named site of the lip, mouth or pharynx (nasopharynx, tonsil, gum…) is a "specified site NEC", Z85.818; only the
  // unspecified mouth (C06.9) and pharynx (C14.0) are Z85.819.
  { prefix: 'C0', code: 'Z85.818' },
  { prefix: 'C01', code: 'Z85.810' },
  { prefix: 'C02', code: 'Z85.810' },
  { prefix: 'C06.9', code: 'Z85.819' },
  { prefix: 'C1', code: 'Z85.818' },
  { prefix: 'C14.0', code: 'Z85.819' },
  { prefix: 'C17', code: 'Z85.068' },
  { prefix: 'C21', code: 'Z85.048' },
  { prefix: 'C23', code: 'Z85.09' },
  { prefix: 'C24', code: 'Z85.09' },
  { prefix: 'C30', code: 'Z85.22' },
  { prefix: 'C31', code: 'Z85.22' },
  { prefix: 'C33', code: 'Z85.12' },
  { prefix: 'C37', code: 'Z85.238' },
  { prefix: 'C40', code: 'Z85.830' },
  { prefix: 'C41', code: 'Z85.830' },
  { prefix: 'C45', code: 'Z85.89' },
  { prefix: 'C46', code: 'Z85.89' },
  { prefix: 'C47', code: 'Z85.848' },
  { prefix: 'C48', code: 'Z85.89' },
  { prefix: 'C49', code: 'Z85.831' },
  { prefix: 'C51', code: 'Z85.44' },
  { prefix: 'C52', code: 'Z85.44' },
  { prefix: 'C57', code: 'Z85.44' },
  { prefix: 'C60', code: 'Z85.49' },
  { prefix: 'C62', code: 'Z85.47' },
  { prefix: 'C63', code: 'Z85.49' },
  { prefix: 'C65', code: 'Z85.53' },
  { prefix: 'C66', code: 'Z85.54' },
  { prefix: 'C68', code: 'Z85.59' },
  { prefix: 'C69', code: 'Z85.840' },
  { prefix: 'C70', code: 'Z85.848' },
  { prefix: 'C72', code: 'Z85.848' },
  { prefix: 'C74', code: 'Z85.858' },
  { prefix: 'C75', code: 'Z85.858' },
  { prefix: 'C84', code: 'Z85.72' },
  { prefix: 'C86', code: 'Z85.72' },
  { prefix: 'C88', code: 'Z85.79' },
  { prefix: 'C93', code: 'Z85.6' },
  { prefix: 'C94', code: 'Z85.6' },
  { prefix: 'C96', code: 'Z85.79' },
  { prefix: 'C', code: 'Z85.9' },
];

export const FAMILY_HISTORY: readonly PrefixMap[] = [
  { prefix: 'C15', code: 'Z80.0' },
  { prefix: 'C16', code: 'Z80.0' },
  { prefix: 'C18', code: 'Z80.0' },
  { prefix: 'C19', code: 'Z80.0' },
  { prefix: 'C20', code: 'Z80.0' },
  { prefix: 'C25', code: 'Z80.0' },
  { prefix: 'C34', code: 'Z80.1' },
  { prefix: 'C50', code: 'Z80.3' },
  { prefix: 'C56', code: 'Z80.41' },
  { prefix: 'C61', code: 'Z80.42' },
  { prefix: 'C64', code: 'Z80.51' },
  { prefix: 'C67', code: 'Z80.52' },
  { prefix: 'C91', code: 'Z80.6' },
  { prefix: 'C92', code: 'Z80.6' },
  { prefix: 'C', code: 'Z80.9' },
  { prefix: 'I2', code: 'Z82.49' },
  { prefix: 'I1', code: 'Z82.49' },
  { prefix: 'I5', code: 'Z82.49' },
  { prefix: 'I63', code: 'Z82.3' },
  { prefix: 'E10', code: 'Z83.3' },
  { prefix: 'E11', code: 'Z83.3' },
  { prefix: 'E78', code: 'Z83.42' },
  { prefix: 'G40', code: 'Z82.0' },
  { prefix: 'G30', code: 'Z82.0' },
  { prefix: 'J45', code: 'Z82.5' },
  { prefix: 'J44', code: 'Z82.5' },
  { prefix: 'N18', code: 'Z84.19' },
  { prefix: 'F32', code: 'Z81.8' },
  { prefix: 'F33', code: 'Z81.8' },
  { prefix: 'F10', code: 'Z81.1' },
];

/**
 * Chronic systemic conditions are coded whenever documented, even in a past-history list (Section III, "other
 * diagnoses": conditions that affect care, treatment or monitoring), instead of becoming a history code. Local
 * conditions such as GERD are not on the list: a past-history line alone does not show they affect this stay.
 */
export const CHRONIC_PREFIXES: readonly string[] = [
  'I10', 'I11', 'I12', 'I13', 'I15', 'E08', 'E09', 'E10', 'E11', 'E13', 'N18', 'I50', 'I42', 'I25.1', 'I48', 'J43', 'J44', 'J45', 'E03',
  'B18', 'B19.2', 'B20', 'G40', 'F01', 'F02', 'F03', 'G30', 'G80', 'E78', 'E66', 'G20', 'M10', 'F32', 'F33', 'F41',
  'D63', 'N40', 'G47.33', 'M81', 'E05', 'K70', 'K74', 'Z99.2', 'Z95', 'I73.9',
];

export function longestPrefix(table: readonly PrefixMap[], code: string): string | undefined {
  let best: PrefixMap | undefined;
  for (const e of table) if (code.startsWith(e.prefix) && (!best || e.prefix.length > best.prefix.length)) best = e;
  return best?.code;
}

/**
 * Status and history Z codes worth reporting from anywhere in the note (Section III: they affect care and
 * monitoring): transplant, dialysis, device and bypass status, long-term insulin or oral hypoglycaemics, nicotine
 * dependence history, cancer/VTE/stroke history, DNR, bariatric surgery. Other Z codes count only when they are in
 * the final diagnostic statement.
 */
export const REPORTABLE_STATUS_PREFIXES: readonly string[] = [
  'Z94', 'Z99.2', 'Z99.81', 'Z95.1', 'Z95.5', 'Z95.0', 'Z95.2', 'Z95.81', 'Z79.4', 'Z79.84', 'Z87.891', 'Z85', 'Z86.73',
  'Z86.71', 'Z66', 'Z98.84', 'Z93', 'Z21', 'Z89',
  // Current tobacco dependence affects care wherever it is documented (social history included; I.C.5.b / Section III).
  'F17.2',
];

/**
 * Conditions that are coded from the narrative (a past-history list, the history of present illness) only when the
 * note documents their treatment (Section III "other diagnoses": a condition that requires therapeutic treatment or
 * affects care; ANNOTATION_RULES §3.4, e.g. "hyperlipidemia on a statin", "GERD on a PPI"). In the final diagnostic
 * statement they are coded whatever the treatment. Each entry: ICD-10-CM prefixes and the drug names (generic and
 * common US brands) or therapies that treat them.
 */
export interface TreatmentEvidence {
  prefixes: readonly string[];
  treatment: RegExp;
}

export const TREATED_WHEN_DOCUMENTED: readonly TreatmentEvidence[] = [
  // Lipid disorders: statins and other lipid-lowering drugs, or diet therapy ("dietary consultation for … hyperlipidemia").
  { prefixes: ['E78'], treatment: /\b(?:statins?|(?:low[-\s](?:fat|cholesterol))\s+diet|(?:diet\w*|nutrition\w*)\s+(?:counseling|consultation|education|therapy)|\w+vastatin|lipitor|zocor|crestor|pravachol|mevacor|livalo|lescol|vytorin|zetia|ezetimibe|fenofibrate|tricor|trilipix|lopid|gemfibrozil|niacin|niaspan|welchol|colesevelam|cholestyramine|repatha|praluent|lovaza)\b/i },
  // Gastro-esophageal reflux: proton-pump inhibitors and H2 blockers.
  { prefixes: ['K21'], treatment: /\b(?:ppis?|proton[-\s]pump\s+inhibitors?|\w+prazole|prilosec|protonix|nexium|prevacid|aciphex|dexilant|zegerid|h2\s+blockers?|ranitidine|zantac|famotidine|pepcid|cimetidine|tagamet|nizatidine|axid|carafate|sucralfate)\b/i },
  // Obesity: weight-loss surgery, drugs or a supervised weight-loss programme.
  { prefixes: ['E66'], treatment: /\b(?:bariatric|gastric\s+(?:bypass|band\w*|sleeve|stapl\w*)|lap(?:aroscopic)?[-\s]band|roux[-\s]en[-\s]y|sleeve\s+gastrectomy|weight[-\s](?:loss|reduction|lowering)\s+(?:surgery|program\w*|medication|clinic|counseling|regimen?|regime|plan|diet)|phentermine|orlistat|xenical|qsymia|contrave|semaglutide|wegovy|liraglutide|saxenda|tirzepatide|zepbound|medifast|optifast)\b/i },
  // Gout: urate-lowering drugs and colchicine.
  { prefixes: ['M10', 'M1A'], treatment: /\b(?:allopurinol|zyloprim|febuxostat|uloric|colchicine|colcrys|probenecid|krystexxa)\b/i },
  // Depression and anxiety: antidepressants, anxiolytics, psychotherapy.
  { prefixes: ['F32', 'F33', 'F41'], treatment: /\b(?:antidepressants?|ssris?|snris?|sertraline|zoloft|fluoxetine|prozac|paroxetine|paxil|citalopram|celexa|escitalopram|lexapro|fluvoxamine|luvox|bupropion|wellbutrin|venlafaxine|effexor|desvenlafaxine|pristiq|duloxetine|cymbalta|mirtazapine|remeron|trazodone|desyrel|amitriptyline|elavil|nortriptyline|pamelor|imipramine|doxepin|buspirone|buspar|alprazolam|xanax|lorazepam|ativan|clonazepam|klonopin|diazepam|valium|psychotherap\w*)\b/i },
  // Benign prostatic hyperplasia: alpha blockers, 5-alpha-reductase inhibitors, prostate procedures.
  { prefixes: ['N40'], treatment: /\b(?:tamsulosin|flomax|alfuzosin|uroxatral|silodosin|rapaflo|terazosin|hytrin|doxazosin|cardura|finasteride|proscar|dutasteride|avodart|jalyn|turp|transurethral\s+resection)\b/i },
  // Obstructive sleep apnea: positive airway pressure.
  { prefixes: ['G47.33'], treatment: /\b(?:c-?pap|bi-?pap|positive\s+airway\s+pressure)\b/i },
  // Osteoporosis: bisphosphonates and other bone agents.
  { prefixes: ['M81', 'M80'], treatment: /\b(?:\w+dronate|fosamax|actonel|boniva|reclast|raloxifene|evista|denosumab|prolia|forteo|teriparatide|calcitonin|miacalcin)\b/i },
  // Hyperthyroidism: antithyroid drugs and beta blockade. Radioiodine is left out: an ablation ends the
  // hyperthyroidism ("hypothyroidism secondary to radioactive iodine for Graves disease"), it does not treat a current one.
  { prefixes: ['E05'], treatment: /\b(?:methimazole|tapazole|propylthiouracil|ptu)\b/i },
  // Rheumatoid arthritis: disease-modifying drugs, biologics and the long-term steroid that holds it.
  { prefixes: ['M05', 'M06'], treatment: /\b(?:dmards?|methotrexate|trexall|rheumatrex|hydroxychloroquine|plaquenil|sulfasalazine|azulfidine|leflunomide|arava|etanercept|enbrel|adalimumab|humira|infliximab|remicade|abatacept|orencia|tocilizumab|actemra|tofacitinib|xeljanz|baricitinib|olumiant|upadacitinib|rinvoq|certolizumab|cimzia|golimumab|simponi|rituximab|rituxan|anakinra|kineret|prednisone|prednisolone|methylprednisolone|medrol)\b/i },
  // Inflammatory bowel disease: aminosalicylates, steroids, immunomodulators and biologics.
  { prefixes: ['K50', 'K51'], treatment: /\b(?:mesalamine|asacol|lialda|pentasa|apriso|delzicol|sulfasalazine|azulfidine|balsalazide|colazal|olsalazine|budesonide|entocort|uceris|azathioprine|imuran|mercaptopurine|6-?mp|infliximab|remicade|adalimumab|humira|vedolizumab|entyvio|ustekinumab|stelara|certolizumab|cimzia)\b/i },
  // Schizophrenia, schizoaffective and bipolar disorders: antipsychotics and mood stabilisers.
  { prefixes: ['F20', 'F25', 'F31'], treatment: /\b(?:antipsychotics?|neuroleptics?|mood\s+stabili[sz]ers?|risperidone|risperdal|paliperidone|invega|quetiapine|seroquel|olanzapine|zyprexa|aripiprazole|abilify|haloperidol|haldol|clozapine|clozaril|ziprasidone|geodon|lurasidone|latuda|fluphenazine|prolixin|perphenazine|chlorpromazine|thorazine|asenapine|saphris|iloperidone|fanapt|cariprazine|vraylar|brexpiprazole|rexulti|lithium|lithobid|eskalith|divalproex|depakote|valproate|valproic)\b/i },
  // Heart block and sick sinus syndrome: a pacemaker is their treatment.
  { prefixes: ['I44', 'I49.5'], treatment: /\b(?:pacemakers?|pacer|pacing\s+device)\b/i },
  // Attention-deficit hyperactivity disorder: stimulants and non-stimulants.
  { prefixes: ['F90'], treatment: /\b(?:stimulants?|methylphenidate|ritalin|concerta|metadate|daytrana|focalin|dexmethylphenidate|amphetamines?|dextroamphetamine|adderall|vyvanse|lisdexamfetamine|dexedrine|atomoxetine|strattera|guanfacine|intuniv|clonidine\s+er|kapvay)\b/i },
  // Parkinson's disease: dopaminergic drugs.
  { prefixes: ['G20'], treatment: /\b(?:carbidopa|levodopa|sinemet|rytary|stalevo|ropinirole|requip|pramipexole|mirapex|rasagiline|azilect|selegiline|eldepryl|amantadine|entacapone|comtan|benztropine|cogentin)\b/i },
];

/**
 * I.C.2.d / I.C.21.c.4: a malignancy is "history" only when it was excised or eradicated and no treatment is directed
 * to it any more. Current antineoplastic treatment named in the note keeps it a current cancer however the history
 * words it ("PAST MEDICAL HISTORY: Has prostate cancer." with Lupron injections). Hormone therapies name their site;
 * chemotherapy or radiation under way counts for any site.
 */
export const CANCER_TREATMENT: readonly TreatmentEvidence[] = [
  { prefixes: ['C61'], treatment: /\b(?:lupron|leuprolide|eligard|zoladex|goserelin|trelstar|triptorelin|firmagon|degarelix|casodex|bicalutamide|flutamide|nilutamide|zytiga|abiraterone|xtandi|enzalutamide|erleada|apalutamide|androgen\s+(?:deprivation|ablation))\b/i },
  { prefixes: ['C50'], treatment: /\b(?:tamoxifen|nolvadex|arimidex|anastrozole|femara|letrozole|aromasin|exemestane|faslodex|fulvestrant|herceptin|trastuzumab|perjeta|pertuzumab|ibrance|palbociclib)\b/i },
  {
    prefixes: ['C'],
    treatment: /\b(?:(?:is|was|being|currently|now|presently)\s+(?:being\s+)?(?:receiving|undergoing|treated\s+with|on)\s+(?:\w+\s+){0,2}(?:chemo(?:therapy)?|radiation(?:\s+therapy)?|radiotherapy|immunotherapy)|(?:receiving|undergoing)\s+(?:\w+\s+){0,2}(?:chemo(?:therapy)?|radiation(?:\s+therapy)?|radiotherapy)|(?:cycle|course)\s+(?:#\s*)?\d+\s+of\s+(?:\w+\s+){0,2}chemo\w*|(?:last|next|current)\s+(?:cycle|dose)\s+of\s+chemo\w*)\b/i,
  },
];
