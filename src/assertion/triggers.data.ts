import type { Assertion } from '../types.js';

/**
 * ConText lexicon (after Chapman, Chu & Dowling 2007; Harkema et al. 2009, J Biomed Inform 42:839), extended with
 * the cue phrases of discharge summaries, consult notes and radiology reports.
 *
 * Phrases are matched on tokens (see src/text/tokens.ts), case-insensitively and longest first, so "no change"
 * (pseudo) beats "no" (negation) and "no evidence of" is one trigger. `*` in a phrase stands for 1–3 words
 * ("should * develop" matches "should you develop", "should the patient develop").
 *
 * Conventions the evaluation set follows (and the lexicon implements):
 * - "no history of X" / "denies history of X" is a negation, not a historical mention.
 * - "X has resolved" / "resolved X" is historical: the condition existed and is no longer current.
 * - "unlikely" negates (NegEx convention); "cannot be excluded", "not ruled out" are uncertain.
 * - "rule out X" / "r/o X" is uncertain; "X was ruled out" / "ruled out for X" is negated.
 * - "X versus Y": both uncertain.
 * - "prophylaxis", "at risk for", "to prevent": hypothetical (the condition is not present).
 * - Family triggers mark the experiencer as someone else; temporality is then not tracked (family wins over
 *   historical).
 */
export type AssertionCategory = keyof Assertion;

export type TriggerDirection = 'forward' | 'backward' | 'bidirectional';

export interface TriggerDef {
  phrase: string;
  category: AssertionCategory;
  direction: TriggerDirection;
  /** Words the scope may reach from the trigger; overrides the category default (CATEGORY_MAX_SCOPE). */
  maxScope?: number;
  /** The trigger fires only in a sentence that also contains one of these words (lower case, single tokens). */
  sentenceHas?: readonly string[];
}

export interface TerminatorDef {
  phrase: string;
  /** Categories whose scope it ends; all when absent. */
  categories?: readonly AssertionCategory[];
}

const NEG: AssertionCategory = 'negated';
const UNC: AssertionCategory = 'uncertain';
const HIS: AssertionCategory = 'historical';
const HYP: AssertionCategory = 'hypothetical';
const FAM: AssertionCategory = 'family';

/** Words of an informed-consent discussion (see the consent triggers below). */
const CONSENT_WORDS = ['discussed', 'discuss', 'explained', 'explain', 'reviewed', 'counseled', 'counselled', 'informed', 'consent', 'understands', 'stressed', 'emphasized'];

const fwd = (category: AssertionCategory, ...phrases: string[]): TriggerDef[] =>
  phrases.map((phrase) => ({ phrase, category, direction: 'forward' }));
const withScope = (maxScope: number | undefined) => (maxScope !== undefined ? { maxScope } : {});
const bwd = (category: AssertionCategory, maxScope: number | undefined, ...phrases: string[]): TriggerDef[] =>
  phrases.map((phrase) => ({ phrase, category, direction: 'backward', ...withScope(maxScope) }));
const bi = (category: AssertionCategory, maxScope: number | undefined, ...phrases: string[]): TriggerDef[] =>
  phrases.map((phrase) => ({ phrase, category, direction: 'bidirectional', ...withScope(maxScope) }));

export const TRIGGERS: readonly TriggerDef[] = [
  // ---- negation, forward ("no pneumothorax", "denies chest pain")
  ...fwd(
    NEG,
    'no', 'not', 'without', 'w/o', 'negative for', 'neg for', 'no evidence of',
    'no evidence for', 'no evidence to suggest', 'no signs of', 'no sign of', 'no symptoms of', 'no findings of',
    'no findings to suggest', 'no suggestion of', 'no convincing evidence of', 'no definite',
    'no definite evidence of', 'without evidence of', 'without any evidence of', 'without signs of', 'absence of',
    'absent', 'free of', 'ruled out for', 'rules out', 'never', 'never had', 'never developed', 'no history of',
    'no prior history of', 'no known history of', 'no past history of', 'no previous history of', 'no h/o',
    'no hx of', 'no hx', 'no known', 'no confirmed', 'no documented', 'no reported', 'denies history of', 'denies any history of', 'denies any', 'no new',
    'no further evidence of', 'fails to reveal', 'failed to reveal', 'not demonstrate', 'does not demonstrate',
    'did not demonstrate', 'negative', 'no longer', 'nor', 'neither', 'no obvious', 'no apparent', 'no acute',
    'no significant', 'not have', 'does not have', 'did not have', "doesn't have", "didn't have", 'no complaints of',
    'not consistent with', 'no abnormal', 'nothing to suggest', 'not appreciate', 'unremarkable for',
    'without any signs of', 'without any',
    // Radiology: "lungs are clear of focal airspace disease".
    'clear of', 'are clear of', 'is clear of',
    // Hedged denials follow the "unlikely" convention: negated.
    'probably not', 'likely not', 'most likely not',
    // Longer than the backward "was negative", so "was negative for X" negates X, not what precedes.
    'was negative for', 'were negative for', 'is negative for', 'are negative for',
  ),
  // ---- negation, backward ("pneumothorax is not seen", "MI was ruled out")
  ...bwd(
    NEG,
    undefined,
    'ruled out', 'was ruled out', 'is ruled out', 'are ruled out', 'were ruled out', 'has been ruled out',
    // "X was considered but ruled out": the trigger swallows "but", which would otherwise end the scope.
    'but ruled out', 'but was ruled out', 'but subsequently ruled out', 'and ruled out', 'but was excluded',
    'have been ruled out', 'was negative', 'were negative', 'is negative', 'are negative', 'not seen',
    'not identified', 'not visualized', 'not present', 'not appreciated', 'not noted', 'not detected',
    'not demonstrated', 'not evident', 'not found', 'not observed', 'not elicited', 'is absent', 'are absent',
    'was absent', 'is unlikely', 'are unlikely', 'not likely', 'has been excluded', 'was excluded', 'is excluded',
    'not been seen', 'none seen', 'none identified', 'none noted', 'not suspected',
  ),
  // Bare post-position cues reach only the words just before them ("troponin negative", "pain free").
  ...bwd(NEG, 4, 'negative', 'absent', 'free', 'unlikely', 'excluded', 'less likely'),
  // "unlikely to be pneumonia"
  ...fwd(NEG, 'unlikely', 'is unlikely to be', 'not likely to be'),
  // Also family triggers (below): "family history negative for X" is negated and about relatives.
  ...fwd(NEG, 'family history negative for', 'family history is negative for'),

  // ---- uncertainty
  ...fwd(
    UNC,
    'possible', 'possibly', 'probable', 'probably', 'likely', 'most likely', 'most likely due to',
    'most likely secondary to', 'most likely representing', 'most likely consistent with', 'suspicious for',
    'suspicious of', 'suspect', 'suspected', 'suspect for', 'concern for', 'concerning for', 'worrisome for',
    'worrisome of', 'suggestive of', 'suggesting', 'suggests', 'question', 'may represent', 'may be', 'might be',
    'could be', 'could represent', 'may reflect', 'may have', 'might have', 'may indicate', 'question of',
    'questionable', 'query', '?', 'rule out', 'rule-out', 'r/o', 'to rule out', 'evaluate for', 'evaluation for',
    'eval for', 'evaluated for', 'assess for', 'workup for', 'work-up for', 'w/u for', 'to exclude', 'exclude',
    'cannot exclude', 'can not exclude', 'cannot rule out', 'can not rule out', "can't rule out",
    'cannot be ruled out for', 'not excluded', 'differential includes', 'differential diagnosis includes',
    'differential diagnosis', 'differential', 'ddx', 'd/dx', 'presumed', 'presumably', 'presumptive', 'equivocal',
    'indeterminate', 'uncertain', 'unclear if', 'unclear whether',
    // These also keep their "not" from negating (NegEx lists them as pseudo-negations).
    'not certain if', 'not certain whether', 'not sure if', 'not clear', 'not clear if', 'not clear whether',
    'uncertain if', 'uncertain whether', 'questionably', 'favor', 'favored to represent', 'felt to be',
    'thought to be', 'thought to represent', 'believed to be', 'apparent', 'apparently', 'consider', 'considered',
    'consideration of', 'or possibly', 'whether', 'to determine whether', 'to determine if', 'unclear',
    'possibly consistent with', 'probably consistent with', 'likely consistent with', 'may be consistent with',
    'could be consistent with', 'possibly representing', 'likely representing', 'probably representing',
    'likely reflecting', 'possibly reflecting', 'likely secondary to', 'possibly secondary to', 'likely due to',
    'possibly due to', 'possibility of', 'the possibility of', 'a possibility of', 'possibility that',
    'possibilities include', 'possibilities including', 'possibilities are', 'possibilities would include',
    // "I am concerned about C. difficile infection", "there is concern that she has a progression of pneumonia"
    'concerned about', 'concerned for', 'concerned that', 'concern that', 'concern about', 'concerns for', 'worried about',
  ),
  ...bwd(
    UNC,
    undefined,
    'cannot be excluded', 'can not be excluded', 'cannot be ruled out', 'can not be ruled out', 'not been ruled out',
    'not ruled out', 'not excluded', 'not been excluded', 'is possible', 'is likely', 'is suspected', 'was suspected',
    'are suspected', 'is questionable', 'is probable', 'is considered', 'was considered', 'is not excluded',
    'remains a possibility', 'is a possibility', 'are possible', 'suspected', 'is favored', 'is uncertain',
    'is unclear', 'of uncertain significance', 'of unclear significance',
    // Radiology disclaimers: "fractures may not be demonstrated on radiographs" says nothing was seen.
    'may not be demonstrated', 'may not be visible', 'may not be seen', 'may not be detected', 'may not be apparent',
    'may be occult', 'may be radiographically occult',
  ),
  // "pneumonia versus atelectasis": both alternatives, and only them.
  ...bi(UNC, 4, 'versus', 'vs', 'vs.'),
  // "? pneumonia" / "pneumonia?" — only the nearest words.
  ...bi(UNC, 3, '?'),

  // ---- historical
  ...fwd(
    HIS,
    'history of', 'h/o', 'hx of', 'hx', 's/p', 'status post', 'status-post', 'prior', 'previous', 'previously',
    'remote', 'remote history of', 'past history of', 'past medical history of',
    'past medical history significant for', 'known history of', 'significant history of', 'personal history of',
    'longstanding history of', 'long history of', 'resolved', 'old', 'former', 'formerly', 'in the past', 'childhood',
    'recovered from', 'previously treated for', 'previously diagnosed with', 'remote history', 'distant history of',
  ),
  ...bwd(
    HIS,
    undefined,
    'in the past', 'years ago', 'year ago', 'months ago', 'month ago', 'has resolved', 'had resolved', 'resolved',
    'as a child', 'in childhood', 'previously', 'in the remote past',
  ),

  // A denial heads a review-of-systems list ("She denied any associated dysarthria, facial weakness, chest pain, SOB,
  // visual change, HA, nausea or vomiting"): its scope runs to the terminator or the sentence end, within 24 words.
  ...fwd(NEG, 'denies', 'denied', 'deny', 'denying').map((t): TriggerDef => ({ ...t, maxScope: 24 })),

  // "His past medical history includes TIA, ..., right forearm fracture, bilateral hip fracture": the whole list is
  // the patient's past (chronic conditions are still coded as current by the coder, Section III).
  ...fwd(
    HIS,
    'past medical history includes', 'past medical history including', 'past medical history is significant for',
    'past medical history significant for', 'past medical history is remarkable for', 'past medical history of',
    'past history of', 'medical history includes', 'medical history significant for', 'medical history of',
    'pmh includes', 'pmh significant for', 'pmh of',
  ).map((t): TriggerDef => ({ ...t, maxScope: 30 })),

  // ---- hypothetical
  ...fwd(
    HYP,
    'if', 'return if', 'call if', 'should * develop', 'should * experience', 'should * have', 'should * notice',
    'should * get', 'in case of', 'in the event of', 'in the event that', 'watch for', 'monitor for', 'look out for',
    'call for', 'call with', 'call your doctor for', 'return for', 'return to the ed for', 'return to the er for',
    'return to the emergency department for', 'seek medical attention for', 'report any', 'notify', 'as needed for',
    'prn for', 'at risk for', 'at risk of', 'risk of', 'risk for', 'to prevent', 'prevention of', 'prophylaxis for',
    'prophylaxis against', 'to avoid', 'in order to prevent', 'precautions', 'warning signs of',
    'signs and symptoms of', 'any signs of', 'any symptoms of', 'if you develop', 'if you have', 'if you experience',
    'if there is',
  ),
  ...bwd(HYP, 4, 'prophylaxis', 'precautions', 'prevention'),
  // Tests ordered: "Check HIV and RPR", "will check a TSH": the condition named is what the test looks for.
  ...fwd(HYP, 'check', 'will check', 'recheck', 'test for', 'testing for', 'screen for').map((t): TriggerDef => ({ ...t, maxScope: 4 })),
  // Plans: a procedure or device the patient is advised to have is not yet a status.
  ...fwd(HYP, 'advised to have', 'advised to undergo', 'will undergo', 'to undergo', 'scheduled for', 'candidate for'),
  // Statistics: "to lower the DVT rates", "PE risk".
  ...bwd(HYP, 3, 'rates', 'risk'),
  // Informed-consent discussions list what could happen ("I explained the complications including DVT, PE, leak,
  // peritonitis … were all discussed"): the whole list is hypothetical. Fires only in a sentence that also says the
  // list was discussed, so "diabetes with complications including neuropathy" in a history stays asserted.
  ...[
    ...fwd(
      HYP,
      'complications including', 'complications such as', 'complications include', 'complications like',
      'complication including', 'risks including', 'risks include', 'risks such as', 'risks and complications',
      'risks and benefits', 'risks, benefits', 'potential complications', 'possible complications',
    ),
    ...bwd(
      HYP,
      undefined,
      'were discussed', 'were all discussed', 'were also discussed', 'was also discussed', 'were explained', 'were all explained',
      'were also explained', 'was discussed', 'was explained', 'were stressed', 'were all stressed', 'were emphasized',
    ),
  ].map((t): TriggerDef => ({ ...t, maxScope: 60, sentenceHas: CONSENT_WORDS })),

  // ---- family (experiencer other than the patient). A relative governs the clause on either side ("mother had
  // breast cancer", "breast cancer in her mother"); "family history of" only what follows it.
  ...bi(
    FAM,
    8,
    'mother', 'father', 'mom', 'dad', 'sister', 'sisters', 'brother', 'brothers', 'sibling', 'siblings', 'parent',
    'parents', 'son', 'sons', 'daughter', 'daughters', 'child', 'children', 'grandmother', 'grandfather',
    'grandparent', 'grandparents', 'grandson', 'granddaughter', 'aunt', 'aunts', 'uncle', 'uncles', 'cousin',
    'cousins', 'niece', 'nephew', 'maternal', 'paternal', 'twin', 'half-sister', 'half-brother', 'relative',
    'relatives', 'family member', 'family members', "mother's", "father's", "sister's", "brother's",
    'first-degree relative', 'first degree relative', 'wife', 'husband', 'spouse',
  ),
  ...fwd(
    FAM,
    'fh of', 'fhx of', 'fh significant for', 'family hx of', 'family history of', 'family history significant for',
    'family history positive for', 'family history is significant for', 'family history is positive for',
    'family history negative for', 'family history is negative for', 'family history includes',
    'family history notable for',
  ),
  ...bwd(
    FAM,
    8,
    'in the family', 'runs in the family', 'runs in her family', 'runs in his family', 'in family members',
  ),
];

/**
 * Phrases that contain a trigger word but are not triggers. Matched like triggers (longest first), they consume
 * their words, so the trigger inside them never fires.
 */
export const PSEUDO_TRIGGERS: readonly string[] = [
  // negation: change/comparison wording and fixed expressions
  'no increase', 'no improvement', 'no relief', 'no worsening', 'no change', 'no changes', 'no significant change',
  'no significant changes', 'no interval change', 'no definite change', 'no suspicious change',
  'no significant interval change', 'no further', 'not only', 'not necessarily', 'not extend', 'not cause',
  'not drain', 'gram negative', 'gram-negative', 'without difficulty', 'without any difficulty', 'without further',
  'without any further', 'not been able', 'not able to', 'no longer than', 'negative pressure', 'no one',
  'not to be confused', 'whether or not', 'not rule out', 'not otherwise specified', 'nothing by mouth', 'no code',
  'full code', 'rh negative', 'negative pressure wound therapy',
  // uncertainty
  'likely to follow', 'likely to return', 'as likely', 'possible to', 'if possible', 'as soon as possible',
  'when possible', 'where possible', 'rule out criteria', 'may be discharged', 'may be given', 'may be used',
  'may be taken', 'may be resumed', 'may shower', 'may return', 'may continue', 'may be continued', 'apparent reason',
  'questionable reliability', 'consider discharge', 'unclear etiology', 'of unclear etiology',
  // historical: the word "history" or "prior" naming something other than the patient's past condition
  'previously well', 'previously healthy', 'previously in good health', 'previously in her usual state',
  'previously in his usual state', 'history and physical', 'history and examination', 'history taking', 'history was obtained', 'history obtained',
  'poor historian', 'history of present illness', 'social history', 'family history', 'medical history',
  'surgical history', 'prior to', 'previous to', 'prior to admission', 'previously scheduled', 'old records',
  'compared to prior', 'compared with prior', 'compared to the prior', 'compared with the prior', 'prior study',
  'prior studies', 'prior exam', 'prior examination', 'prior film', 'prior films', 'previous study', 'previous exam',
  'previous examination', 'years old', 'year old', 'month old', 'day old', 'week old', 'year-old', 'years-old',
  'month-old', 'day-old', 'week-old',
  // hypothetical
  'risk factor', 'risk factors', 'secondary prevention', 'primary prevention', 'if needed', 'if necessary', 'if tolerated', 'if any', 'even if',
  'as if', 'only if', 'notify you', 'will be notified',
  // family: a relative as the reporter, companion or subject of care logistics
  'mother brought', 'father brought', 'parents brought', 'per mother', 'per father', 'per her mother',
  'per his mother', 'per her father', 'per his father', 'per the mother', 'per family', 'per the family',
  'mother states', 'father states', 'mother reports', 'father reports', 'mother is present', 'family is present',
  'family at bedside', 'lives with', 'accompanied by', 'family meeting', 'discussed with family',
  'discussed with the family', 'discussed with her family', 'discussed with his family', 'family was updated',
  'family updated', 'daughter at bedside', 'son at bedside', 'wife at bedside', 'husband at bedside',
  'family practice', 'family physician', 'family doctor', 'family medicine', 'according to his mother',
  'according to her mother', 'family planning', 'family support', 'family history noncontributory',
  'family history is noncontributory', 'family history unremarkable',
];

/**
 * Words that end a trigger's scope (Chapman's "termination terms"), per category. Every terminator phrase that
 * matches at a position counts, even when a longer phrase starting there wins the match.
 */
export const TERMINATORS: readonly TerminatorDef[] = [
  // Contrast and clause connectives: end every kind of scope.
  ...[
    'but', 'however', 'although', 'though', 'yet', 'nevertheless', 'aside from', 'apart from', 'except', 'except for',
    'other than', 'besides', 'with the exception of', ';', 'while', 'whereas',
  ].map((phrase): TerminatorDef => ({ phrase })),
  // Relative pronouns and verbs that assert a finding or return to the current presentation. They end negation,
  // uncertainty and history, not a hypothetical ("if the CT shows an abscess" is still conditional) and not an
  // experiencer ("mother who had breast cancer").
  ...[
    'which', 'who', 'whose', 'presents with', 'presented with', 'presenting with', 'presents', 'presented',
    'complains of', 'c/o', 'reports', 'reported', 'endorses', 'endorsed', 'admits', 'admits to', 'notes',
    'positive for', 'significant for', 'notable for', 'remarkable for', 'found to have', 'now with', 'now has',
    'still', 'continues to have', 'now', 'currently', 'today', 'on admission', 'was admitted', 'admitted', 'cause of',
    'causes of', 'source of', 'sources of', 'etiology of', 'etiologies of', 'reason for', 'origin of', 'secondary to',
    'due to', 'consistent with', 'compatible with', 'diagnosed with', 'developed', 'is seen', 'are seen', 'was seen',
    'is noted', 'are noted', 'is present', 'are present', 'there is', 'there are', 'and has', 'and had', 'and is',
    'shows', 'showed', 'demonstrates', 'demonstrated', 'reveals', 'revealed', 'confirmed', 'confirms', 'is stable',
    'is improving', 'improved', 'started on', 'treated with',
    // "No documented arrhythmia with the symptoms of palpitation": the symptom is the patient's.
    'with symptoms of', 'with the symptoms of', 'with complaints of', 'with a complaint of', 'with the complaint of',
  ].map((phrase): TerminatorDef => ({ phrase, categories: ['negated', 'uncertain', 'historical'] })),
  // The experiencer returns to the patient, or a relative becomes the reporter rather than the subject.
  ...[
    'the patient', 'patient', 'pt', 'he', 'she', 'himself', 'herself', 'the patient has', 'patient has', 'he has',
    'she has', 'he had', 'she had', 'brought', 'states', 'stated', 'reports', 'reported', 'noticed', 'noted', 'says',
    'said', 'called', 'found', 'witnessed', 'observed',
  ].map((phrase): TerminatorDef => ({ phrase, categories: ['family'] })),
  // A hypothetical scope ends where the instruction turns back to what happened.
  ...['you were', 'you had', 'was treated', 'were treated', 'you have been'].map(
    (phrase): TerminatorDef => ({ phrase, categories: ['hypothetical'] }),
  ),
];

/**
 * Triggers that also end the scope of other categories: "possible effusion, no pneumothorax" — the negation
 * starts a new clause, so the uncertainty (or history) before it does not reach past it. Not hypothetical:
 * "if no bowel movement in 3 days" stays conditional.
 */
export const TRIGGER_ENDS_SCOPE: Readonly<Partial<Record<AssertionCategory, readonly AssertionCategory[]>>> = {
  negated: ['uncertain', 'historical'],
};

/**
 * Default scope, in words (tokens that are not punctuation), per category; `null` means to the end of the sentence
 * or the next terminator, as in the original ConText. Negation and uncertainty use a generous window: clinical
 * sentences list findings ("no pneumothorax, effusion, or focal consolidation"), and a window only cuts run-on
 * comma splices the sentence splitter could not separate. The experiencer window is short because a relative's
 * name rarely governs more than its own clause.
 */
export const CATEGORY_MAX_SCOPE: Readonly<Record<AssertionCategory, number | null>> = {
  negated: 12,
  uncertain: 10,
  historical: 10,
  hypothetical: 14,
  family: 8,
};
