import { drugAdverseEffect, drugPoisoning } from './adverse-effect.js';
import { invalidArgument } from '../errors.js';
import type { Concept } from '../ontology/concept.js';
import type { Pack } from '../ontology/pack.js';
import type { Pipeline, PipelineOptions } from '../pipeline.js';
import type { Doc, Entity, SectionName, Span } from '../types.js';
import { DocView } from './doc-view.js';
import { mergeDrafts, spanEvidence, type Draft, type Evidence } from './draft.js';
import { icdByWords, phraseKeys, type IndexHit } from './index-lookup.js';
import { neoplasmTableCode, type NeoplasmTableHit } from './neoplasm-table.js';
import { inadequateControl, postablativeHypothyroidism } from './passes/endocrine.js';
import { SYSTEMIC_INFECTION, dropUnnamedInfection, hivStatus, sepsisSource, severeSepsis } from './passes/infection.js';
import { depressionDueToCondition, polysubstance, schizoaffectiveBipolar } from './passes/mental.js';
import { dropAttributedSymptoms, dropSymptomsOfListedCondition } from './passes/symptoms.js';
import { ADVERSE_EFFECT, ALLERGY_SECTIONS, AMBIGUOUS_WORD, IMAGING_RESULT, BPH_LUTS, CHEMO_ADMISSION, CULTURE_RESULT, CURRENT_SMOKER, FORMER_SMOKER, NO_SMOKING, SMOKING_CHANGED_NOW, RELATIVE, SMOKE_EXPOSURE, SMOKING_ONGOING, INFECTION_WITHOUT_AGENT, ORGANISMS, FINDING_SECTIONS, FUTURE_CUE, INSULIN, INSULIN_STATED, NODE_SPREAD, NODE_SPREAD_DENIED, REGIONAL_NODES, INTENDED_WEIGHT_LOSS_AFTER, INTENDED_WEIGHT_LOSS_BEFORE, JOINT_REPLACED, JOINT_REPLACED_CODES, THERAPY_STAY, INTEGRAL_SYMPTOMS, LONG_TERM_DENIED, ORAL_AGENTS_STATED, MODIFIER_AFTER, ORAL_HYPOGLYCEMIC, PROCEDURE_STATUS, RESPONSE_AFTER, RISK_CUE, WORKUP_CUE } from './rules/additional.data.js';
import { CANCER_TREATMENT, CHRONIC_PREFIXES, FAMILY_HISTORY, PERSONAL_HISTORY, REPORTABLE_STATUS_PREFIXES, TREATED_WHEN_DOCUMENTED, longestPrefix } from './rules/history.data.js';
import { COMBINATION_RULES } from './rules/combination.data.js';
import { encounterCodes, statedAge } from './encounter.js';
import { osteoarthritisSiteCodes } from './joint-site.js';
import { breastQuadrantCode } from './breast-site.js';
import { normalizeTerm } from '../text/normalize.js';
import { bilateralChoices, conceptOf, mostSpecificBillable, neoplasmSiteFromNote, stem, withoutForeignSides } from './specificity.js';

export type CodingSetting = 'inpatient' | 'outpatient';

export interface CodeOptions {
  setting?: CodingSetting;
  /** Code family-history mentions as Z80–Z84 (default true); false outputs no Z80–Z84 code at all. */
  familyHistory?: boolean;
  /** Drop assignments below this confidence (default 0.3). */
  minConfidence?: number;
}

export type { Evidence } from './draft.js';

export interface CodeAssignment {
  code: string;
  title: string;
  billable: boolean;
  confidence: number;
  evidence: Evidence[];
  rationale: string;
  /** Concepts the code came from. */
  concepts: string[];
}

/** Words after / before a specialty's name: "Infectious Disease consult", "per Infectious Disease". */
const SERVICE_AFTER = /^\s*(?:consult\w*|service|team|clinic|department|specialists?|fellow|attending|(?:was|were|has\s+been|had\s+been)\s+(?:consulted|involved|following|called)|follow(?:ed|ing)?\b|recommend\w*|saw\b|signed\s+off)/i;
const SERVICE_BEFORE = /\b(?:seen\s+by|consulted|consult(?:ation)?\s+(?:with|from|by)|referr(?:ed|al)\s+to|per|by\s+the|from\s+the|to\s+the)\s+$/i;

/** A sentence that says a heart valve was replaced earlier. */
const VALVE_REPLACED = /\b(?:status\s+post|s\/p|after|history\s+of)\s+(?:an?\s+)?(?:(?:aortic|mitral|tricuspid|pulmonic|prosthetic|mechanical|bioprosthetic|porcine|tissue)\s+)*valve\s+replacement|\b(?:status\s+post|s\/p)\s+(?:avr|mvr|tavr|tavi)\b/i;

/** Symptom codes of stroke deficits and their I69.3- sequela codes (Index: Sequelae, infarction, cerebral). */
const STROKE_DEFICIT_SEQUELA: readonly (readonly [string, string])[] = [
  ['R47.01', 'I69.320'],
  ['R47.02', 'I69.321'],
  ['R47.1', 'I69.322'],
  ['R13.1', 'I69.391'],
  ['R29.810', 'I69.392'],
  ['R27.0', 'I69.393'],
  ['R41.84', 'I69.319'],
];

/** "is being treated for (some) X", "currently managed for X": treatment under way, said just before the mention. */
const TREATED_NOW_BEFORE = /\b(?:is|are|being|currently|now)\s+(?:being\s+|currently\s+)?(?:treated|managed)\s+for\s+(?:(?:some|the|his|her|a|an|mild|ongoing|chronic|recurrent|persistent)\s+){0,2}$/i;

/** "developed a (left-sided) pneumonia", "treat her aggressively medically for pneumonia": an event of the stay. */
const STAY_EVENT_BEFORE = /\b(?:(?:he|she|patient|they)\s+(?:then\s+|subsequently\s+|also\s+|later\s+)?developed|treat(?:ed|ing)?\s+(?:him|her|them|the\s+patient)\s+(?:\w+\s+){0,2}for)\s+(?:an?\s+|the\s+|some\s+)?(?:[\w-]+\s+){0,2}$/i;

/** "for treatment of her", "to manage the", "will treat": the plan takes up the condition named next. */
const PLAN_TREATS_BEFORE = /\b(?:(?:treatment|management|correction)\s+of|(?:to|will|we\s+will|plan\s+to)\s+(?:treat|manage|correct)|treating|managing)\s+(?:(?:his|her|their|the|this|a|an|severe|symptomatic|acute|chronic|ongoing)\s+){0,2}$/i;

/** Sections that list the medications the patient takes now. */
const MEDICATION_LIST_SECTIONS: ReadonlySet<SectionName> = new Set<SectionName>(['medications', 'discharge_medications']);
/** "<drug> (…) for (her) X": the indication of a listed medication, right before the condition. */
const MED_INDICATION_BEFORE = /\b[A-Za-z][\w-]+(?:\s+(?:PM|XR|ER|SR|XL|\d+\s*mg))?(?:\s+[\w\s.,/]{0,30})?\s+(?:for|p\.?r\.?n\.?\s+(?:for\s+)?)\s*(?:his|her|their|the|occasional|chronic)?\s*$/i;
/** A paresis of one limb: side (group 1) and limb (group 2). */
const LIMB_PARESIS = /\b(?:(right|left)(?:[-\s]sided)?\s+)?(upper\s+(?:extremity|extremities|limb)|arm|lower\s+(?:extremity|extremities|limb)|leg)\s+(?:paresis|paralysis|monoparesis|monoplegia|plegia)\b/gi;

/** Sections where the provider takes a condition up ("PLAN: … the pneumatosis"). */
const PLAN_SECTIONS: ReadonlySet<SectionName> = new Set<SectionName>(['plan', 'assessment_and_plan', 'hospital_course']);

/** A medication list written in a sentence: "current medications (which) include …", "home regimen of …". */
const NARRATIVE_MED_LIST = /\b(?:current|home|present|outpatient|usual)\s+(?:medications?|meds|regimen)\s*,?\s*(?:(?:which|that)\s+)?(?:include|includes|including|are|consist\s+of|of|:)\s[^.]{0,160}/gi;

/** Words of an Excludes1 note that name no part of the excluded condition. */
const EXCLUDES_FILLER: ReadonlySet<string> = new Set(['of', 'the', 'and', 'or', 'in', 'with', 'without', 'due', 'to', 'by', 'a', 'an', 'nos', 'nec', 'other', 'unspecified', 'specified', 'any', 'site', 'condition', 'conditions', 'disease', 'diseases', 'disorder', 'disorders', 'classified', 'elsewhere', 'see', 'code', 'codes', 'type']);
/** "presents with", "was admitted for": what the patient came for. */
const PRESENTING = /\b(?:presents?|presented|presenting|comes?\s+in|came\s+in|admitted|referred|seen)\s+(?:\w+\s+){0,6}?(?:with|for)\b/i;
/** Poisoning, adverse effect and underdosing of drugs, medicaments and biological substances. */
const DRUG_T_CODE = /^T(?:3[6-9]|4\d|50)/;

/** Pain codes of a site or kind (R52 is pain, unspecified). */
const SITE_PAIN = /^(?:R10|R07|M25\.5|M54|R51|G89|M79\.6|N64\.4|H57\.1|H92\.0|R30|K14\.6|N94\.[1-6]|M79\.1)/;
/** Z codes that name an encounter's reason: examinations, aftercare, counseling (I.C.21.c.7–c.13). */
const ENCOUNTER_REASON = /^Z(?:0\d|1[0-3]|4[0-9]|5[0-3]|7[01])/;
/** "of the prostate", "in his left nasal cavity": a preposition, a determiner, then up to four site words. */
const SITE_AFTER = /^\s+(of|in|involving)\s+(?:the|his|her|their|a|an)\s+([A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,3})/;
/** Neoplasm codes without a site: the Neoplasm Table gives the site's code when the phrase names one. */
const SITELESS_NEOPLASM = /^(?:C80\.[01]|C79\.9|D09\.9|D36\.9|D48\.9|D49\.9)$/;
/** Words that end a site phrase after "of the …". */
const SITE_PHRASE_END = /^(?:of|with|without|and|or|in|on|at|to|from|for|by|status|s\/p|secondary|due|which|that|who|was|were|is|are|has|had|post)$/i;
/** A list item with one of these words is not a plain condition name: the mention rules decide it. */
const ITEM_CUE = /\b(?:no|not|non|without|negative|denie[sd]|rule\s+out|r\/o|ruled|possible|possibly|probable|probably|likely|suspect\w*|questionable|question|versus|vs|history|hx|status|s\/p|post|prior|old|resolved|risk|evaluat\w*|consider\w*|family|mother|father|desires?|request\w*|need|needs|for)\b|\?/i;
/** Confidence of a final-statement item named by the words of a classification term (like an index-path term). */
const INDEX_ITEM_CONFIDENCE = 0.8;
/** Semantic groups that can carry a diagnosis or status code (devices: pacemaker → Z95.0). */
const CODED_TYPES: ReadonlySet<string> = new Set(['condition', 'finding', 'device', 'other']);
/** Mentions in the final diagnostic statement weigh more than narrative ones. */
const SECTION_WEIGHT: Partial<Record<SectionName, number>> = {
  discharge_diagnoses: 1,
  assessment: 1,
  assessment_and_plan: 1,
  impression: 1,
  admission_diagnoses: 0.8,
  hospital_course: 0.75,
  history_of_present_illness: 0.7,
  past_medical_history: 0.7,
  chief_complaint: 0.6,
};

/**
 * ICD-10-CM coding of a note: annotate, turn each linked, asserted mention into a billable code by the Official
 * Guidelines (each rule cites its section), merge, apply combination codes and Excludes1, rank by confidence.
 */
export class Coder {
  readonly pipeline: Pipeline;
  private readonly pack: Pack;
  /** Each entity's ICD-10-CM code, looked up once (the rules ask for neighbours' codes many times). */
  private readonly codeCache = new WeakMap<Entity, string | null>();

  constructor(pipeline: Pipeline) {
    this.pipeline = pipeline;
    this.pack = pipeline.pack;
  }

  /**
   * A coder over a pack (default: the embedded starter pack, whose concepts carry ICD-10-CM cross-references; a
   * pack built with the CMS ICD-10-CM files adds titles, the hierarchy for specificity and the tabular notes).
   */
  static async open(packDir?: string, options?: PipelineOptions): Promise<Coder> {
    const { load } = await import('../load.js');
    return new Coder(await load(packDir, options));
  }

  async code(note: string, options: CodeOptions = {}): Promise<CodeAssignment[]> {
    return this.codeDoc(await this.pipeline.annotate(note), options);
  }

  codeDoc(doc: Doc, options: CodeOptions = {}): CodeAssignment[] {
    const setting = options.setting ?? 'inpatient';
    if (setting !== 'inpatient' && setting !== 'outpatient') throw invalidArgument(`setting must be inpatient or outpatient, got ${String(setting)}`, 'setting');
    const minConfidence = options.minConfidence ?? 0.3;
    const view = new DocView(doc, (e) => this.icdCodeOf(e));
    const drafts = new Map<string, Draft>();
    const items = this.listItemMentions(view);
    for (const e of [...doc.entities.filter((x) => !items.replaced.has(x)), ...items.mentions]) {
      const decided = this.decide(view, e, setting, options.familyHistory ?? true);
      if (!decided) continue;
      const weight = SECTION_WEIGHT[e.section] ?? 0.5;
      const inFinal = view.isFinal(e.start);
      for (const code of decided.codes) {
        const d = drafts.get(code) ?? { code, confidence: 0, evidence: [], concepts: new Set(), reasons: new Set(), inFinal: false };
        // Each further mention adds evidence: 1 − Π(1 − p); a diagnosis list weighs like the final statement.
        d.confidence = 1 - (1 - d.confidence) * (1 - (e.concept?.confidence ?? 0.5) * (inFinal ? 1 : weight));
        d.evidence.push({ start: e.start, end: e.end, text: e.text, section: e.section, assertion: e.assertion });
        if (e.concept) d.concepts.add(e.concept.conceptId);
        d.reasons.add(decided.reason);
        d.inFinal ||= inFinal;
        drafts.set(code, d);
      }
    }
    const all = [...drafts.values()];
    let kept = all.filter((d) => {
      // With a final diagnostic statement, narrative-only conditions are coded when chronic (Section III) or
      // history/status codes; symptoms only when they are themselves a final diagnosis (I.B.4–5).
      // I.B.4–5: without a diagnostic statement, once the note establishes a definitive diagnosis the symptoms in its
      // narrative are that disease's signs or its workup (a neurology history of Huntington disease lists chorea,
      // slurred speech, memory loss); only the presenting complaint ("presents with gross hematuria") is still coded.
      if (!view.hasFinal && d.code.startsWith('R') && !isPresentingComplaint(view, d) && all.some((o) => /^[A-QS-Y]/.test(o.code) && !o.evidence.every((ev) => ev.assertion.historical))) return false;
      if (!view.hasFinal || d.inFinal) return true;
      // I.C.21.a: an encounter-reason Z code (counseling, aftercare, examination) the reason for the visit names.
      if (ENCOUNTER_REASON.test(d.code) && d.evidence.some((ev) => ev.section === 'chief_complaint')) return true;
      if (d.code.startsWith('R')) return false;
      // Section II / IV.A: the condition named as the reason for the visit or consultation, and taken up in the plan,
      // is what the encounter is for, even when the assessment list names other things.
      if (d.evidence.some((ev) => ev.section === 'chief_complaint' && !ev.assertion.uncertain && !ev.assertion.historical) && d.evidence.some((ev) => PLAN_SECTIONS.has(ev.section) && !ev.assertion.negated && !ev.assertion.hypothetical)) return true;
      // II.H codes uncertain diagnoses of the final statement; a narrative "probably" is not one.
      if (d.evidence.every((ev) => ev.assertion.uncertain)) return false;
      // Section III: a condition the narrative says is under treatment now ("She is being treated for some
      // hemorrhoids") is an other diagnosis of this encounter.
      // So is one the hospital course says developed during the stay, or was treated in it ("he developed a
      // left-sided pneumonia", "allowing us to treat her aggressively for pneumonia"): it affected this stay.
      const before = (ev: Evidence) => view.doc.text.slice(Math.max(view.sentenceStartAt(ev.start), ev.start - 60), ev.start);
      // So is the condition a listed medication is taken for ("Tylenol PM for insomnia").
      // Not a prophylaxis ("Macrodantin at bedtime for urinary tract infection suppression").
      const indication = (ev: Evidence) => MEDICATION_LIST_SECTIONS.has(ev.section) && MED_INDICATION_BEFORE.test(before(ev)) && !/^\s*(?:suppression|prophylaxis|prevention)\b/i.test(view.doc.text.slice(ev.end, ev.end + 16));
      // So is one the plan sets out to treat ("admitted to the medical service for treatment of her hyponatremia").
      const planTreats = (ev: Evidence) => PLAN_SECTIONS.has(ev.section) && PLAN_TREATS_BEFORE.test(before(ev));
      if (d.evidence.some((ev) => !ev.assertion.historical && !ev.assertion.negated && !ev.assertion.hypothetical && !ev.assertion.uncertain && (TREATED_NOW_BEFORE.test(before(ev)) || indication(ev) || planTreats(ev) || (view.isDischarge && STAY_EVENT_BEFORE.test(before(ev)))))) return true;
      // Section III: a condition that needs treatment to matter here is coded from the narrative only when the note
      // documents that treatment ("GERD on a PPI"; a hyperlipidemia with no lipid-lowering drug is not coded).
      const treatment = treatmentRuleOf(d.code);
      if (treatment) return treatment.test(view.treatmentText());
      if (isMalignant(d.code) && cancerTreated(d.code, view)) return true;
      return isChronic(d.code) || REPORTABLE_STATUS_PREFIXES.some((p) => d.code.startsWith(p)) || d.code === 'I25.2' || isFamilyHistory(d.code);
    });
    kept = kept.filter((d) => !this.isCurrentProcedureStatus(d));
    kept = this.anxietyWithDepression(view, kept);
    kept = this.gallstones(view, all, kept);
    kept = this.bphSymptoms(all, kept);
    kept = this.strokeSequela(view, all, kept);
    kept = this.procedureStatus(view, kept);
    // I.C.14.a.2: after a kidney transplant, CKD is coded at the stage documented now; an ESRD/CKD that appears only
    // as history is the condition the transplant treated.
    if (kept.some((d) => d.code === 'Z94.0' || d.code.startsWith('T86.1'))) kept = kept.filter((d) => !(d.code.startsWith('N18') && d.evidence.every((ev) => ev.assertion.historical)));
    kept = this.applyCombinations(view, kept, all);
    // Alphabetic Index "Diabetes, with, polyneuropathy E11.42" (a peripheral or polyneuropathy) against "neuropathy E11.40".
    // The qualifier may follow after a comma, as in a problem list ("Neuropathy, peripheral, query etiology").
    const polyNeuropathy = (ev: Evidence) => /\bpoly|\bperipheral\b/i.test(view.clauseAround(ev.start, ev.end)) || /^\s*,\s*(?:peripheral|poly)/i.test(view.doc.text.slice(ev.end, ev.end + 16));
    for (const d of kept) if (d.code === 'E11.40' && d.evidence.some(polyNeuropathy) && !kept.some((x) => x.code === 'E11.42')) d.code = 'E11.42';
    kept = this.useAdditional(view, kept);
    kept = this.encounters(view, kept);
    kept = this.infectiousAgents(view, kept);
    kept = this.tobacco(view, kept);
    kept = polysubstance(view, kept);
    kept = inadequateControl(view, kept);
    kept = postablativeHypothyroidism(view, kept);
    kept = sepsisSource(kept);
    kept = severeSepsis(view, kept);
    kept = dropUnnamedInfection(view, kept);
    kept = hivStatus(view, kept);
    kept = depressionDueToCondition(view, kept);
    kept = schizoaffectiveBipolar(kept);
    kept = this.dropIntegral(kept);
    kept = dropAttributedSymptoms(view, kept);
    kept = dropSymptomsOfListedCondition(view, kept);
    kept = this.dropHistoryOfActive(kept);
    // Z94 Excludes1: complications of a transplanted organ (T86.1-) already say the transplant.
    if (kept.some((d) => d.code.startsWith('T86.1'))) kept = kept.filter((d) => d.code !== 'Z94.0');
    // E66.3 "Overweight" is the milder state, no specific obesity: a note that also says obesity codes the obesity.
    kept = absorbInto(kept, (c) => c === 'E66.3', (c) => /^E66\.(?:0|1|2|8|9)/.test(c));
    // Alphabetic Index "Arthritis" M19.90 is the default for an untyped arthritis; beside an arthritis of a named kind
    // (rheumatoid, gout, psoriatic, a typed osteoarthritis) "a flare of arthritis" is that one (I.B.2).
    kept = absorbInto(kept, (c) => c === 'M19.90', (c) => c !== 'M19.90' && /^(?:M0[5-9]|M1[0-9]|L40\.5|M45)/.test(c));
    // I.C.5.b.1: one code per substance and level; dependence "with withdrawal" says dependence, so "Alcohol
    // dependence, uncomplicated" beside it goes (same for use and abuse).
    for (const plain of kept.filter((d) => /^F1[0-9]\.[129]0$/.test(d.code))) {
      kept = absorbInto(kept, (c) => c === plain.code, (c) => c !== plain.code && c.startsWith(plain.code.slice(0, 5)));
    }
    kept = this.dropUnspecifiedSiblings(view, kept, all);
    // I.C.19.e.5.b: "overdose" alone is poisoning by an unspecified drug (T50.90-); once the drug is coded, its own
    // poisoning code says it.
    if (kept.some((d) => DRUG_T_CODE.test(d.code) && /^.{3}\.[0-9A-Z]{2}[1-4]/.test(d.code) && !d.code.startsWith('T50.9'))) kept = kept.filter((d) => !/^T50\.90[1-4]/.test(d.code));
    // I.C.19.b: T14 (injury of unspecified body region) is not reported when the note codes its injuries by site (S00–S99).
    if (kept.some((d) => /^S\d/.test(d.code))) kept = kept.filter((d) => !d.code.startsWith('T14'));
    // I.C.2.t: C80.1 (malignant neoplasm, unspecified) is for a primary whose site is not stated; with a site coded
    // it adds nothing ("infiltrating ductal carcinoma" on the pathology line of a breast cancer).
    if (kept.some((d) => isSitedPrimary(d.code))) kept = kept.filter((d) => d.code !== 'C80.1');
    // I.C.2 / ANNOTATION_RULES §2: "the cancer" of the assessment is the one primary the body of the note names with
    // its site ("papillary thyroid carcinoma" on the biopsy): the site code replaces the unspecified one.
    const unsited = kept.find((d) => d.code === 'C80.1');
    if (unsited) {
      const sited = [...new Set(all.filter((d) => isSitedPrimary(d.code) && d.evidence.some((ev) => !ev.assertion.historical && !ev.assertion.uncertain && !ev.assertion.family && !ev.assertion.negated)).map((d) => d.code))];
      if (sited.length === 1) {
        const body = all.find((d) => d.code === sited[0])!;
        kept = [...kept.filter((d) => d !== unsited), mergeDrafts(sited[0]!, [unsited, body], 'the primary site the note documents for the cancer of the assessment (I.C.2)')];
      }
    }
    // I.C.16.a / I.C.21.c.12: Z38 (liveborn infant) is the newborn's own birth record ("works in a newborn nursery" is
    // not one); R69 "Illness, unspecified" read from "sick" says nothing a coder would report.
    if (!/\b\d{1,2}[-\s](?:day|hour)s?[-\s]old\b/i.test(view.doc.text)) kept = kept.filter((d) => !d.code.startsWith('Z38'));
    kept = kept.filter((d) => !(d.code === 'R69' && d.evidence.every((ev) => /^(?:sick|ill|illness)$/i.test(ev.text.trim()))));
    // Z97.3 is spectacles: "glass" (a piece of it in a wound, a glass of wine) is not "glasses", which the matcher's
    // singular form shares.
    kept = kept.filter((d) => !(d.code === 'Z97.3' && d.evidence.every((ev) => /^glass$/i.test(ev.text.trim()))));
    // I.C.21.c.6: observation codes (Z03–Z04) are for a suspected condition ruled out; not beside a coded condition.
    if (kept.some((d) => !d.code.startsWith('Z'))) kept = kept.filter((d) => !/^Z0[34]/.test(d.code));
    kept = this.resolveExcludes1(view, kept);
    // familyHistory: false means no Z80–Z84 at all, also when the note names one outright ("Family history of colon
    // cancer" in the impression).
    if (options.familyHistory === false) kept = kept.filter((d) => !isFamilyHistory(d.code));
    return kept
      .filter((d) => d.confidence >= minConfidence)
      .sort((a, b) => b.confidence - a.confidence || (a.code < b.code ? -1 : 1))
      .map((d) => this.assignment(d))
      .filter((a) => a.billable);
  }

  /**
   * The site words after a mention ("of the prostate", "in the left nasal cavity"), or ''. The phrase ends where a
   * preposition or a clause word begins ("orbital surface | of the frontal lobe", "prostate | status post …"): a
   * shorter cut would read an adjective as the site.
   */
  private sitePhrase(view: DocView, e: Entity): string {
    const m = SITE_AFTER.exec(view.doc.text.slice(e.end, e.end + 80));
    if (!m) return '';
    const site = m[2]!.split(/\s+/);
    const end = site.findIndex((w) => SITE_PHRASE_END.test(w));
    return site.slice(0, end < 0 ? site.length : end).join(' ');
  }

  /**
   * Items of the final diagnostic statement that name a condition no mention found ("Esophageal rupture.", "Right
   * ureteropelvic junction obstruction."): an item whose words are exactly those of a classification term becomes a
   * mention of that code (I.A.1: the Alphabetic Index leads to the code). Items with a coded mention, or with a cue of
   * negation, doubt, history or a procedure, are left to the mention rules.
   */
  private listItemMentions(view: DocView): { mentions: Entity[]; replaced: Set<Entity> } {
    const mentions: Entity[] = [];
    const replaced = new Set<Entity>();
    for (const item of view.finalItems()) {
      if (ITEM_CUE.test(item.text)) continue;
      const inside = view.doc.entities.filter((e) => e.start < item.end && item.start < e.end);
      if (inside.some((e) => e.assertion.negated || e.assertion.uncertain || e.assertion.hypothetical || e.assertion.family)) continue;
      const coded = inside.filter((e) => CODED_TYPES.has(e.type) && e.type !== 'other' && this.icdCodeOf(e) !== null);
      // A coded mention that covers the whole item decides it; one that names part of it ("edema" in "Laryngeal
      // edema") gives way to a term with all of the item's words.
      const words = phraseKeys(item.text)?.size ?? 0;
      if (coded.some((e) => (phraseKeys(e.text)?.size ?? 0) >= words)) continue;
      const hit = icdByWords(this.pack, item.text) ?? tableHit(neoplasmTableCode(this.pack, item.text));
      if (!hit) continue;
      for (const e of coded) replaced.add(e);
      const concept = { conceptId: `ICD10CM:${hit.code}`, system: 'ICD10CM', codes: [hit.code], term: hit.term, score: 1, confidence: INDEX_ITEM_CONFIDENCE };
      const historical = inside.some((e) => e.assertion.historical);
      mentions.push({ start: item.start, end: item.end, text: item.text, type: 'condition', section: item.section, assertion: { negated: false, uncertain: false, historical, hypothetical: false, family: false }, concept, candidates: [concept] });
    }
    return { mentions, replaced };
  }

  /** One mention → its billable code(s) and the rule that produced them, or null when it is not coded. */
  private decide(view: DocView, e: Entity, setting: CodingSetting, familyHistory: boolean): { codes: string[]; reason: string } | null {
    // A discharge diagnosis "…, resolved" is a condition of this stay that was treated, not a past one (Section III:
    // the discharge list names the conditions of the admission); "history of", "status post" stay past.
    const resolvedThisStay =
      e.assertion.historical && view.isDischarge && view.isFinal(e.start) && /\bresolv(?:ed|ing)\b/i.test(view.sentenceOf(e)) && !/\b(?:history|status\s+post|s\/p|previous|prior|old|remote|past)\b/i.test(view.sentenceOf(e));
    let a = resolvedThisStay ? { ...e.assertion, historical: false } : e.assertion;
    // Section III.C / IV.H: ruled-out and negated conditions are never coded.
    if (a.negated) return null;
    // A condition the patient might develop is not a diagnosis.
    if (a.hypothetical) return null;
    // I.C.19.e.5.b: a drug in a sentence about an overdose or poisoning is the poisoning code (not a past one).
    if (e.type === 'medication' && !a.historical) {
      const poisoned = drugPoisoning(this.pack, e.text, view.sentenceOf(e), view.doc.text, (c) => conceptOf(this.pack, `ICD10CM:${c}`)?.billable === true);
      if (poisoned) return { codes: [poisoned.code], reason: `poisoning by ${poisoned.drug}, ${poisoned.intent} (I.C.19.e.5.b)` };
    }
    // A drug, procedure, test or body part is not a diagnosis: "benzodiazepines" is no adverse effect (T42.4X5A)
    // and "trachea" no fracture until the note says so (I.C.19.e: adverse effects need the documented effect).
    if (!CODED_TYPES.has(e.type)) return null;
    const own = this.icdCodeOf(e);
    // "Adenocarcinoma of the prostate": the histology alone has no code, the phrase with its site has.
    let linked = (own || e.type === 'condition' ? this.siteRefined(view, e) : null) ?? own;
    // I.C.2: a histology without a site-specific code ("squamous cell carcinoma of the larynx") is coded from the
    // Neoplasm Table row of the site its phrase names.
    if (e.type === 'condition' && (!linked || SITELESS_NEOPLASM.test(linked))) linked = neoplasmTableCode(this.pack, `${e.text} ${this.sitePhrase(view, e)}`)?.code ?? linked;
    // "ductal carcinoma in situ": the qualifier after the mention makes it the table's carcinoma in situ (D00–D09).
    if (linked && isMalignant(linked) && /^\s*,?\s*in\s+situ\b/i.test(view.doc.text.slice(e.end, e.end + 12))) linked = neoplasmTableCode(this.pack, `${e.text} in situ ${this.sitePhrase(view, e)}`)?.code ?? linked;
    if (!linked) return null;
    // I.C.19.e: a T36–T50 code needs a documented poisoning, adverse effect or underdosing, not a drug name.
    if (/^T(?:3[6-9]|4\d|50)/.test(linked) && !ADVERSE_EFFECT.test(view.clauseAround(e.start, e.end))) return null;
    // A word with a common other sense ("transient hypotension", "bends his knee") is a diagnosis only as a list item.
    // A specialty or service named after a disease ("Infectious Disease was consulted", "seen by Pain Management")
    // is no diagnosis: a title-cased name with a consult/service word after it or a referral before it.
    if (/^(?:[A-Z][a-z]+\s+)*[A-Z][a-z]+$/.test(e.text) && e.text.includes(' ') && (SERVICE_AFTER.test(view.doc.text.slice(e.end, e.end + 30)) || SERVICE_BEFORE.test(view.doc.text.slice(Math.max(0, e.start - 25), e.start)))) return null;
    // So is the system heading of a systems-based plan: "6. Infectious Disease. Currently on broad-spectrum antibiotics."
    if (/^infectious\s+diseases?$/i.test(e.text) && /^\s*[.:]/.test(view.doc.text.slice(e.end, e.end + 3)) && /(?:^|[\n,.:]\s*)(?:\d+[.)]\s*)?$/.test(view.doc.text.slice(Math.max(0, e.start - 8), e.start))) return null;
    // A deformity of a named body part ("Nasal deformity", "saddle-nose deformity") is that part's: the site rule codes it.
    const ofSite = /^deformit/i.test(e.text) && view.doc.entities.some((x) => x.type === 'anatomy' && x.end <= e.start && /^[\s-]*$/.test(view.doc.text.slice(x.end, e.start)));
    if (AMBIGUOUS_WORD.test(e.text) && !ofSite && (!view.isFinal(e.start) || /^\s+[a-z]/i.test(view.doc.text.slice(e.end, e.end + 3)) || !/^\W*(?:\d{1,2}\s*[.)]\s*)?$/.test(view.clauseBefore(e)))) return null;
    // Index "Neuropathy G62.9" is the unqualified word: a named nerve's neuropathy ("optic", "ulnar", "suprascapular
    // neuropathy") is a mononeuropathy the dictionary did not name, not a polyneuropathy.
    if (linked === 'G62.9' && /^neuropath/i.test(e.text) && /\b(?:optic|ulnar|median|radial|peroneal|fibular|tibial|sciatic|femoral|suprascapular|axillary|facial|trigeminal|cranial|intercostal|pudendal|obturator|musculocutaneous|cutaneous|plantar|digital|[A-Z]\d|C\d|L\d|S\d)\s*$/i.test(view.doc.text.slice(Math.max(0, e.start - 20), e.start))) return null;
    // "ICD-9 code 998.59", "ICD code 682.5": the classification, not an implantable cardioverter-defibrillator.
    if (/^ICD$/.test(e.text) && /^\s*-?\s*(?:9|10|11|codes?|CM|PCS)\b/i.test(view.doc.text.slice(e.end, e.end + 10))) return null;
    // "Lotrimin AF", "Claritin D": a letter suffix of a brand name is no abbreviation of a condition.
    if (/^[A-Z]{1,3}$/.test(e.text) && view.doc.entities.some((x) => x.type === 'medication' && x.end <= e.start && /^\s?$/.test(view.doc.text.slice(x.end, e.start)))) return null;
    // "my anxiety is that this too is contributing": the clinician's worry, not the patient's condition.
    if (/\b(?:my|our)\s+$/i.test(view.doc.text.slice(Math.max(0, e.start - 6), e.start))) return null;
    // A bare "stress" is life stress (Index "Stress" NEC, Z73.3), not F43.9 "Reaction to severe stress".
    if (linked === 'F43.9' && /^stress$/i.test(e.text.trim())) return null;
    // "absorb the shock" (a wheelchair cushion) is no circulatory shock.
    if (/^shock$/i.test(e.text) && /\babsorb\w*\s+(?:the\s+)?$/i.test(view.doc.text.slice(Math.max(0, e.start - 16), e.start))) return null;
    // "on chronic immunosuppression", "off all immunosuppression": the therapy (a transplant's drugs), not a diagnosed
    // immunodeficiency.
    if (/^immunosuppress/i.test(e.text) && /\b(?:on|off|of|from|with|continue[sd]?|chronic|maintenance|withdrawn|tapered)\s+(?:(?:all|his|her|chronic|long-term|maintenance)\s+)*$/i.test(view.doc.text.slice(Math.max(0, e.start - 30), e.start))) return null;
    // R65.1 is SIRS "of non-infectious origin" (Excludes1 severe sepsis R65.2): a SIRS written with sepsis or septic
    // shock in its sentence is the infectious one, coded as sepsis (I.C.1.d).
    if (linked.startsWith('R65.1') && /\b(?:seps\w*|septic\w*)\b/i.test(view.sentenceOf(e))) return null;
    // "red color desaturation" on a visual-field exam is no oxygen desaturation.
    if (/^desaturation/i.test(e.text) && /\b(?:colou?r|red)\s*$/i.test(view.doc.text.slice(Math.max(0, e.start - 12), e.start))) return null;
    // I.C.5.b.3: a psychoactive substance "use" code is for use the provider links to a disorder or medical condition;
    // "rare alcohol use", "drinks socially" in a social history is no diagnosis (F1x.90 "use, uncomplicated").
    if (/^F1\d\.90$/.test(linked)) return null;
    // A disease naming a vaccine, a titer or a test is not the disease: "hepatitis A vaccine", "influenza shot",
    // "HIV test", "pertussis booster".
    if (/^[\s-]*(?:vaccines?|vaccinations?|immuni[sz]ations?|shots?|boosters?|series|titers?|antibod(?:y|ies)|antigen|serolog\w*|tests?|testing|screen(?:ing)?|cultures?|PCR|probes?)\b/i.test(view.doc.text.slice(e.end, e.end + 16))) return null;
    // "GC and chlamydia was sent": a specimen sent for testing, not a diagnosis.
    if (/^\s*(?:(?:and|&|\/)\s*[\w-]+\s+)?(?:was|were|is|are)\s+(?:sent|obtained|drawn|ordered|pending)\b/i.test(view.doc.text.slice(e.end, e.end + 40))) return null;
    // "This 40-minute appointment was devoted to counseling": a time statement for billing, not a counseling encounter.
    if (/^counsel/i.test(e.text) && /\b(?:devoted|spent|time)\b[^.]{0,40}$|\bminutes?\b[^.]{0,40}$/i.test(view.sentenceBefore(e))) return null;
    // De-identification placeholders are no mentions: "MM/DD/YYYY" is no myeloma, "AB CD, M.D." no Crohn disease.
    if (/^[A-Z]{2,3}$/.test(e.text) && (/^\s*\/|^\s*,?\s*M\.?D\.?(?![a-z])/.test(view.doc.text.slice(e.end, e.end + 8)) || /\/\s*$/.test(view.doc.text.slice(Math.max(0, e.start - 2), e.start)))) return null;
    // I.C.19.b: T14 (injury of unspecified body region) is for a record that documents no body region; with a site
    // in the mention's clause ("open wound, right thigh", "contusion of the frontal lobe") it is not the code.
    if (linked.startsWith('T14') && view.doc.entities.some((x) => x.type === 'anatomy' && x !== e && Math.abs(x.start - e.start) < 80 && view.clauseAround(e.start, e.end).includes(x.text))) return null;
    // "fall risk", "bleeding risk": a risk is not the condition.
    if (/\brisks?\b/i.test(e.text)) return null;
    const before = view.clauseBefore(e);
    // I.B.4: a discussed risk, possible side effect or future option ("risk of falling", "toxicities … including
    // mucositis", "candidate for transplant", "would benefit from an ICD") is not a condition the patient has.
    if (RISK_CUE.test(view.sentenceBefore(e)) || FUTURE_CUE.test(view.sentenceBefore(e))) return null;
    // I.B.4 / Section III: an examination, vital-sign, laboratory or imaging finding is not a provider's diagnosis.
    // A chronic condition the review of systems states ("positive for hypertension") is a diagnosis the
    // patient has (Section III), not a symptom finding.
    const chronicInRos = e.section === 'review_of_systems' && isChronic(linked) && !linked.startsWith('R');
    if ((FINDING_SECTIONS.has(e.section) && !chronicInRos) || ALLERGY_SECTIONS.has(e.section) || view.isStudyImpression(e.start)) return null;
    // Section III.B: what an imaging study showed, told in the narrative ("CT showed a nodular liver"), is an
    // abnormal finding until the provider lists it as a diagnosis (the final statement is not affected).
    // I.C.2 / Section II: without a diagnosis list the narrative is the provider's statement, and a malignant
    // neoplasm or metastasis the imaging showed is what the patient is being treated for, not an incidental finding.
    const neoplasmWithoutList = !view.hasFinal && isMalignant(linked);
    if (!view.isFinal(e.start) && !neoplasmWithoutList && IMAGING_RESULT.test(view.sentenceBefore(e))) return null;
    // "stress-induced", "stress test", "unresponsive to therapy": the word qualifies something else.
    const after = view.doc.text.slice(e.end, e.end + 24);
    // "AXIS I: …" is a DSM multiaxial heading in psychiatric notes, not the second cervical vertebra.
    if (/^axis$/i.test(e.text) && /^\s*(?:I{1,3}|IV|V)\b/.test(after)) return null;
    if ((e.type === 'finding' || /^(?:R|F4)/.test(linked)) && MODIFIER_AFTER.test(after)) return null;
    if (linked.startsWith('R') && RESPONSE_AFTER.test(after)) return null;
    // Index "Loss, weight (abnormal) (cause unknown) R63.4": a weight loss the patient is working toward ("weight loss
    // plan", "encouraged weight loss", "commended for these efforts") is a goal, not the abnormal symptom.
    if (linked === 'R63.4' && (INTENDED_WEIGHT_LOSS_AFTER.test(view.doc.text.slice(e.end, e.end + 120)) || INTENDED_WEIGHT_LOSS_BEFORE.test(view.clauseBefore(e)))) return null;
    if (a.family) {
      // Section I.C.21.c.4: family history codes Z80–Z84.
      const z = familyHistory ? longestPrefix(FAMILY_HISTORY, linked) : undefined;
      return z ? { codes: [z], reason: `family history of ${linked} (I.C.21.c.4)` } : null;
    }
    if (a.uncertain) {
      if (setting === 'outpatient') return null; // Section IV.H: uncertain diagnoses are not coded in outpatient care
      // II.H codes an uncertain diagnosis of this stay; a suspected past condition is no documented history.
      if (a.historical) return null;
      // II.H applies "at the time of discharge": in an admission note (H&P, consult) only a working diagnosis of
      // the assessment is coded, never a differential still being worked up ("rule out", "versus", "question of").
      // Without an assessment list the narrative's hedges ("possibility of pulmonary hypertension") stay hedges.
      // A differential's later items are hedged by the cue that opens the list ("Possibilities include A, B, C").
      if (!view.isDischarge && (!view.hasFinal || !view.isFinal(e.start) || WORKUP_CUE.test(view.sentenceBefore(e)))) return null;
    }
    if (!view.isDischarge && view.isFinal(e.start) && WORKUP_CUE.test(before)) return null;
    const context = view.clauseOf(e);
    // "septic-like picture", "seizure-like activity", "flu-like symptoms": something resembling the condition, not it.
    if (/^-\s*like\b/i.test(view.doc.text.slice(e.end, e.end + 8))) return null;
    // Section III: a chronic condition in the history is coded as current, unless the note says it is gone
    // ("morbid obesity, now resolved" after a gastric bypass).
    const resolved = /\b(?:now\s+resolved|resolved|in\s+remission|no\s+longer\s+(?:has|present|an\s+issue))\b/i.test(view.doc.text.slice(e.end, e.end + 24));
    if (a.historical && isChronic(linked) && resolved) return null;
    // I.C.2.d: a cancer still treated is current, not history. Section III: so is a past-history condition the note
    // documents as treated now ("GERD" in the history with Protonix among the medications).
    if (a.historical && !resolved && ((isMalignant(linked) && cancerTreated(linked, view)) || treatedNow(linked, view))) a = { ...a, historical: false };
    if (a.historical && !isChronic(linked)) {
      // Section I.C.21.c.3–4: a status or history Z code already says the condition is past or a status.
      if (linked.startsWith('Z')) return { codes: [linked], reason: 'status/history code (I.C.21.c.3–4)' };
      // Section I.C.21.c.4: a past condition no longer present becomes a personal history code where one exists.
      const z = longestPrefix(PERSONAL_HISTORY, linked);
      return z ? { codes: [z], reason: `personal history of ${linked} (I.C.21.c.4)` } : null;
    }
    const why = [a.uncertain ? 'uncertain diagnosis coded as established at inpatient discharge (II.H / III.C)' : 'documented condition'];
    if (a.historical) why.push('chronic condition coded although in history (Section III)');
    const inPack = conceptOf(this.pack, `ICD10CM:${linked}`) !== null;
    const sides = inPack ? bilateralChoices(this.pack, linked, context) : null;
    if (sides) return { codes: sides.map((c) => c.code), reason: [...why, 'bilateral condition without a bilateral code: right and left coded (I.B.13)'].join('; ') };
    // Alphabetic Index "Osteoarthritis, knee M17.-, hip M16.-, shoulder M19.01-": the joint named in the clause, its
    // side from the clause or, when the clause gives none, from the note's other mentions (I.B.13).
    const joints = /^M(?:19\.[09]|1[67](?:\.9)?$)/.test(linked) ? osteoarthritisSiteCodes(context) : null;
    if (joints) {
      const side = /\b(?:right|left|bilateral(?:ly)?|both)\b/i.test(context) ? null : this.sideFromBody(view, e);
      const codes = (side && osteoarthritisSiteCodes(`${context} ${side}`)) || joints;
      return { codes, reason: [...why, 'osteoarthritis of the joint the clause names (Alphabetic Index "Osteoarthritis", I.B.13)'].join('; ') };
    }
    let specific = inPack ? mostSpecificBillable(this.pack, linked, context, e.text) : null;
    // I.B.13 / ANNOTATION_RULES §2: a side the clause does not give may be written where the note describes the same
    // condition again (carotid stenosis listed without a side, the right carotid named in the course):
    // only when every such sentence names the same one side.
    if (specific && /\bunspecified\b/i.test(specific.title) && !/\b(?:right|left|bilateral)\b/i.test(context)) {
      const side = this.sideFromBody(view, e);
      const sided = side ? mostSpecificBillable(this.pack, linked, `${context} ${side}`, e.text) : null;
      if (sided && new RegExp(`\\b${side}\\b`, 'i').test(sided.title)) {
        specific = sided;
        why.push(`side documented elsewhere in the note (I.B.13): ${side}`);
      }
    }
    // I.B.2: a spinal condition listed without its region ("degenerative disc disease, spinal stenosis") is coded to
    // the one region the note names (the lumbar MRI, "L4-L5"); none or several: the clause's own code stands.
    if (specific && SPINE_BY_REGION.test(linked) && !SPINE_REGION.test(context)) {
      const region = view.spineRegion();
      // Its titles say "disc degeneration" where notes say "degenerative disc disease".
      const degeneration = /\bdegenerative\b/i.test(context) ? ' degeneration' : '';
      const regional = region ? mostSpecificBillable(this.pack, linked, `${context} ${region} region${degeneration}`, e.text) : null;
      if (region && regional && new RegExp(`\\b${region}\\b`, 'i').test(regional.title)) {
        specific = regional;
        why.push(`region documented elsewhere in the note (I.B.2): ${region}`);
      }
    }
    let code = specific?.code ?? (this.isBillable(linked, e) ? linked : null);
    if (!code) return null;
    // Alphabetic Index "Failure, to thrive, adult R62.7 / child R62.51": a child's failure to thrive is R62.51.
    if (code === 'R62.7' && isChild(view.doc.text)) code = 'R62.51';

    const site = inPack ? neoplasmSiteFromNote(this.pack, code, view.tumourSentences()) : null;
    if (site) {
      why.push(`site documented elsewhere in the note (I.C.2): ${site.matched.join(' ')}`);
      code = site.code;
    }
    // I.C.2: a breast cancer's quadrant may be written where the note describes the lesion (biopsy, examination).
    const quadrant = breastQuadrantCode(code, view.bodySentences());
    if (quadrant) {
      why.push('quadrant documented elsewhere in the note (I.C.2)');
      code = quadrant;
    }
    if (specific && specific.code !== linked) why.push(`most specific billable code under ${linked.slice(0, 3)} (I.B.2)${specific.matched.length ? `: ${specific.matched.join(', ')}` : ''}`);
    // Tabular K91.89 "use additional code to further specify disorder": postoperative ileus is K91.89 + K56.7.
    if (code === 'K91.89' && /\bileus\b/i.test(e.text)) return { codes: [code, 'K56.7'], reason: [...why, 'postoperative ileus: K91.89 with K56.7 (tabular K91.89)'].join('; ') };
    // I.B.8 / Alphabetic Index "Failure, renal, acute on chronic": code both the acute and the chronic condition.
    if (code.startsWith('N18') && /\bacute\s+on\s*$/i.test(before)) return { codes: [code, 'N17.9'], reason: [...why, 'acute on chronic kidney disease: N17.9 and N18 (I.B.8)'].join('; ') };
    // I.C.19.e.5.a with the drug named ("hypotension secondary to lisinopril", "heparin-induced thrombocytopenia"):
    // the condition, then the drug's adverse-effect code from the Table of Drugs and Chemicals (--icd10cm-drugs).
    const drug = /^T/.test(code) ? null : drugAdverseEffect(this.pack, view.doc.text, e.start, e.end, (c) => conceptOf(this.pack, `ICD10CM:${c}`)?.billable === true);
    const drugHedged = drug !== null && drug.start > e.end && /\b(?:likely|probabl\w*|possibl\w*|suspect\w*)\b/i.test(view.doc.text.slice(e.end, drug.start));
    if (drug && (view.isDischarge || !drugHedged)) return { codes: [code, drug.code], reason: [...why, `adverse effect of ${drug.drug} (I.C.19.e.5.a)`].join('; ') };
    // I.C.19.e.5.a: a condition the provider attributes to medication correctly taken ("encephalopathy, probably
    // due to medications") is the condition plus the adverse-effect code of the drug; no drug named →
    // T50.905A (adverse effect of unspecified drugs). II.H: "likely" at discharge counts, not in an admission workup.
    const cause = /^[^.;]{0,40}?\b(?:secondary\s+to|due\s+to|caused\s+by|induced\s+by|related\s+to)\s+(?:(?:his|her|their|the|multiple|home|new)\s+)?(?:medications?|drugs?|polypharmacy)\b/i.exec(view.doc.text.slice(e.end, e.end + 80));
    if (cause && (view.isDischarge || !/\b(?:likely|probabl\w*|possibl\w*|suspect\w*)\b/i.test(cause[0]))) return { codes: [code, 'T50.905A'], reason: [...why, 'adverse effect of unspecified medication (I.C.19.e.5.a)'].join('; ') };
    return { codes: [code], reason: why.join('; ') };
  }

  /**
   * The one side ("right" or "left") the note's other mentions of the same condition name in their sentences, or null
   * when none does, both do, or one says bilateral. A relative's sentences never count.
   */
  private sideFromBody(view: DocView, e: Entity): string | null {
    const own = this.icdCodeOf(e);
    if (!own) return null;
    const sides = new Set<string>();
    for (const x of view.doc.entities) {
      if (x === e || !CODED_TYPES.has(x.type) || x.assertion.negated || x.assertion.family || x.assertion.hypothetical || x.section === 'family_history') continue;
      // Cheap text test first: a code lookup reads the pack.
      const clause = view.clauseAround(x.start, x.end);
      if (!/\b(?:right|left|bilateral(?:ly)?)\b/i.test(clause)) continue;
      const code = this.icdCodeOf(x);
      if (!code || code.slice(0, 3) !== own.slice(0, 3)) continue;
      if (/\bbilateral(?:ly)?\b/i.test(clause)) return null;
      // "adenocarcinoma of the ovary who presented with left leg pain": a side that names another body part is not
      // this condition's side.
      for (const m of withoutForeignSides(this.pack, own, clause, x.text).matchAll(/\b(right|left)\b/gi)) sides.add(m[1]!.toLowerCase());
    }
    return sides.size === 1 ? [...sides][0]! : null;
  }

  /**
   * The ICD-10-CM code of the entity's best candidate that has one (its own code, or a cross-reference). An
   * all-capitals short form matched against a lower-case word ("aid" for AIDS) is no mention.
   */
  private icdCodeOf(e: Entity): string | null {
    const cached = this.codeCache.get(e);
    if (cached !== undefined) return cached;
    const code = this.lookupIcdCode(e);
    this.codeCache.set(e, code);
    return code;
  }

  private lookupIcdCode(e: Entity): string | null {
    // The plural of the short form keeps its capitals ("TIAs" for TIA).
    const cands = (e.candidates ?? (e.concept ? [e.concept] : [])).filter((c) => !(/^[A-Z0-9]{2,6}$/.test(c.term) && e.text !== e.text.toUpperCase() && e.text !== `${c.term}s`));
    for (const c of cands) {
      if (c.system === 'ICD10CM') {
        // A block or chapter ("M30-M36") is a heading of the classification, never a starting point for a code.
        const code = c.conceptId.slice('ICD10CM:'.length);
        if (code.includes('-')) continue;
        return code;
      }
      const concept = conceptOf(this.pack, c.conceptId);
      const xrefs = (concept?.xrefs ?? []).filter((x) => x.system === 'ICD10CM' && !x.code.includes('-'));
      // A billable cross-reference beats a header one.
      const best = xrefs.find((x) => x.relation === 'icd10cm-billable') ?? xrefs[0];
      if (best) return best.code;
    }
    // A condition the dictionary found under a concept without an ICD-10-CM mapping ("acoustic neuroma") is looked up
    // in the classification by its words ("Neuroma, acoustic").
    if (e.type === 'condition' || e.type === 'finding') return icdByWords(this.pack, e.text)?.code ?? null;
    return null;
  }

  /**
   * I.B.2 site specificity: "carcinoma of the cervix" names a site the dictionary term "carcinoma of cervix" has;
   * the mention plus its "of the …" phrase, determiner dropped, is matched again and a longer hit with an ICD-10-CM
   * code replaces the generic one.
   */
  private siteRefined(view: DocView, e: Entity): string | null {
    const m = SITE_AFTER.exec(view.doc.text.slice(e.end, e.end + 80));
    if (!m) return null;
    const phrase = `${e.text} ${m[1]} ${m[2]}`;
    const hit = this.pipeline.matcher.match(phrase).find((h) => h.start === 0 && h.end > e.text.length + m[1]!.length + 1);
    if (!hit) {
      // No term reads that way; the index may file the words in another order ("Adenocarcinoma of the prostate" →
      // "prostate adenocarcinoma"): the mention with its site phrase, looked up by its words.
      return icdByWords(this.pack, `${e.text} ${this.sitePhrase(view, e)}`)?.code ?? null;
    }
    for (const c of hit.concepts) {
      if (c.group !== 'condition') continue;
      if (c.system === 'ICD10CM') {
        if (c.conceptId.includes('-')) continue; // a block heading, not a code
        return c.conceptId.slice('ICD10CM:'.length);
      }
      const x = conceptOf(this.pack, c.conceptId)?.xrefs.find((r) => r.system === 'ICD10CM' && r.relation === 'icd10cm-billable');
      if (x) return x.code;
    }
    return null;
  }

  private isBillable(code: string, e: Entity): boolean {
    const c = conceptOf(this.pack, `ICD10CM:${code}`);
    if (c) return c.billable === true;
    // Without ICD-10-CM in the pack, the vocabulary's own billable flag is all there is.
    return (e.candidates ?? []).some((cand) => conceptOf(this.pack, cand.conceptId)?.xrefs.some((x) => x.system === 'ICD10CM' && x.code === code && x.relation === 'icd10cm-billable'));
  }

  /**
   * I.C.21.c.3: a status code says a device or graft from an earlier procedure is present; it is not assigned for
   * the procedure performed during this stay (evidence only in the procedure list or the course, not as history).
   */
  private isCurrentProcedureStatus(d: Draft): boolean {
    if (!/^(?:Z95|Z94|Z93|Z98\.8|Z89)/.test(d.code)) return false;
    return d.evidence.every((ev) => !ev.assertion.historical && (ev.section === 'procedures' || ev.section === 'hospital_course'));
  }

  /** Alphabetic Index "Anxiety, depression" / "Depression, anxiety" → F41.8: the two written together are one code. */
  private anxietyWithDepression(view: DocView, drafts: Draft[]): Draft[] {
    const anx = drafts.find((d) => d.code === 'F41.9');
    const dep = drafts.find((d) => /^F32\.(?:9|A)$/.test(d.code));
    if (!anx || !dep) return drafts;
    const joined = anx.evidence.some((x) => dep.evidence.some((y) => {
      const [a, b] = x.start < y.start ? [x, y] : [y, x];
      return b.start - a.end < 8 && /^\s*(?:and|with|\/|-|&)\s*$/i.test(view.doc.text.slice(a.end, b.start));
    }));
    if (!joined) return drafts;
    const merged = mergeDrafts('F41.8', [anx, dep], 'mixed anxiety and depressive disorder (Alphabetic Index: Anxiety, depression F41.8)');
    return [...drafts.filter((d) => d !== anx && d !== dep), merged];
  }

  /**
   * I.B.9 combination codes of K80 (Alphabetic Index "Calculus, gallbladder/bile duct, with cholecystitis"): a
   * gallbladder stone, a bile duct stone and cholecystitis documented together are one K80 code; obstruction only
   * when the note says the duct is obstructed or blocked. The stone may be named anywhere in the note.
   */
  private gallstones(view: DocView, all: readonly Draft[], drafts: Draft[]): Draft[] {
    const find = (pool: readonly Draft[], re: RegExp) => pool.filter((d) => re.test(d.code));
    const gb = find(all, /^K80\.2/);
    const duct = find(all, /^K80\.5/);
    const chole = find(drafts, /^K81/);
    const keptStone = find(drafts, /^K80\.[25]/);
    if (keptStone.length === 0 && chole.length === 0) return drafts;
    if (!((gb.length || duct.length) && (chole.length || (gb.length && duct.length)))) return drafts;
    const acuity = chole.map((d) => d.code).sort()[0] ?? '';
    const kind = acuity === 'K81.0' ? 'acute' : acuity === 'K81.2' ? 'acute-chronic' : acuity === 'K81.1' ? 'chronic' : acuity ? 'unspecified' : 'none';
    const obstructed = /\b(?:obstruct\w*|block(?:ed|age))\b/i.test(view.doc.text) && /\b(?:bile\s+duct|biliary|choledoch\w*|cystic\s+duct)\b[^.]{0,60}\b(?:obstruct\w*|block(?:ed|age))\b|\b(?:obstruct\w*|block(?:ed|age))\b[^.]{0,40}\b(?:bile\s+duct|biliary|choledoch\w*|cystic\s+duct)\b/i.test(view.doc.text);
    let code: string;
    if (gb.length && duct.length) {
      code = kind === 'none' ? (obstructed ? 'K80.71' : 'K80.70') : { acute: 'K80.62', 'acute-chronic': 'K80.66', chronic: 'K80.64', unspecified: 'K80.60' }[kind];
      if (kind !== 'none' && obstructed) code = code.slice(0, -1) + String(Number(code.slice(-1)) + 1);
    } else if (duct.length) {
      code = { acute: 'K80.42', 'acute-chronic': 'K80.46', chronic: 'K80.44', unspecified: 'K80.40', none: 'K80.50' }[kind];
      if (kind !== 'none' && obstructed) code = code.slice(0, -1) + String(Number(code.slice(-1)) + 1);
    } else {
      // Index: Cholelithiasis with cholecystitis (chronic) K80.10, acute K80.00, acute and chronic K80.12.
      code = { acute: 'K80.00', 'acute-chronic': 'K80.12', chronic: 'K80.10', unspecified: 'K80.10', none: 'K80.20' }[kind];
      if (obstructed) code = code.slice(0, -1) + String(Number(code.slice(-1)) + 1);
    }
    const parts = [...gb, ...duct, ...chole];
    const merged = mergeDrafts(code, parts, 'combination code: calculus with cholecystitis/obstruction (I.B.9, Alphabetic Index "Calculus")');
    return [...drafts.filter((d) => !parts.includes(d)), merged];
  }

  /** Tabular note at N40.1: BPH with lower urinary tract symptoms is N40.1, plus the symptoms the note names. */
  private bphSymptoms(all: readonly Draft[], drafts: Draft[]): Draft[] {
    const bph = drafts.find((d) => d.code.startsWith('N40.0') || d.code.startsWith('N40.1'));
    if (!bph) return drafts;
    const luts = all.flatMap((d) => {
      const hit = BPH_LUTS.find((l) => l.from.some((p) => d.code.startsWith(p)));
      return hit ? [{ d, code: hit.code ?? d.code }] : [];
    });
    if (luts.length === 0) return drafts;
    const out = drafts.filter((d) => d !== bph && !luts.some((l) => l.d === d));
    out.push(mergeDrafts('N40.1', [bph], 'BPH with lower urinary tract symptoms (tabular N40.1)'));
    for (const code of new Set(luts.map((l) => l.code))) out.push(mergeDrafts(code, luts.filter((l) => l.code === code).map((l) => l.d), 'symptom of BPH coded as the N40.1 "use additional code" note says'));
    return out;
  }

  /**
   * I.C.9.d.1/3: a deficit left by an earlier stroke (hemiplegia/hemiparesis) is I69.35-, not Z86.73 (which is
   * "without residual deficits"); it may stand beside a current I63. I.C.6.a: a left side is non-dominant and a
   * right side dominant unless the note says otherwise.
   */
  /**
   * I.C.9.d: a deficit the note ties to an earlier stroke ("from prior strokes has expressive aphasia") is a sequela,
   * I69.3- by deficit, instead of the history code; the tie is the stroke history and the deficit in one sentence.
   */
  private strokeDeficits(view: DocView, history: Draft, all: readonly Draft[], drafts: Draft[]): Draft[] {
    const sentences = new Set(history.evidence.map((ev) => view.sentenceStartAt(ev.start)).filter((s) => s >= 0));
    const found: { code: string; draft: Draft }[] = [];
    for (const d of all) {
      const sequela = STROKE_DEFICIT_SEQUELA.find(([prefix]) => d.code.startsWith(prefix))?.[1];
      if (sequela && d.evidence.some((ev) => sentences.has(view.sentenceStartAt(ev.start)))) found.push({ code: sequela, draft: d });
    }
    // A paresis of one limb written in the stroke's sentence ("multiple cerebrovascular accidents and significant
    // left-sided upper extremity paresis"): monoplegia of the upper (I69.33-) or lower (I69.34-) limb, side and
    // dominance by I.C.6.a (a left side is non-dominant, a right side dominant unless the note says otherwise).
    const limbs: string[] = [];
    for (const start of sentences) {
      const sentence = view.sentenceTextAt(start);
      for (const m of sentence.matchAll(LIMB_PARESIS)) {
        const side = (m[1] ?? '').toLowerCase();
        const upper = /^(?:upper|arm)/i.test(m[2]!);
        const dominance = /\bnon-?dominant\b/i.test(sentence) ? 'non' : /\bdominant\b/i.test(sentence) ? 'dom' : '';
        const last = side === 'right' ? (dominance === 'non' ? '3' : '1') : side === 'left' ? (dominance === 'dom' ? '2' : '4') : '9';
        limbs.push(`I69.3${upper ? '3' : '4'}${last}`);
      }
    }
    if (!found.length && !limbs.length) return drafts;
    const parts = new Set<Draft>([history, ...found.map((f) => f.draft)]);
    const out = drafts.filter((d) => !parts.has(d));
    for (const f of found) if (!out.some((d) => d.code === f.code)) out.push(mergeDrafts(f.code, [history, f.draft], 'deficit as a sequela of an earlier stroke (I.C.9.d)'));
    for (const code of limbs) if (!out.some((d) => d.code === code)) out.push(mergeDrafts(code, [history], 'monoplegia of a limb as a sequela of an earlier stroke (I.C.9.d, side by I.C.6.a)'));
    return out;
  }

  private strokeSequela(view: DocView, all: readonly Draft[], drafts: Draft[]): Draft[] {
    const history = all.find((d) => d.code === 'Z86.73');
    if (!history) return drafts;
    drafts = this.strokeDeficits(view, history, all, drafts);
    // The deficit may be written anywhere, examination included ("Left side hemiplegia").
    const deficits = view.doc.entities.filter((e) => !e.assertion.negated && !e.assertion.family && !e.assertion.hypothetical && /^G81/.test(this.icdCodeOf(e) ?? ''));
    if (deficits.length === 0 || !drafts.includes(history)) return drafts;
    const side = deficits.map((e) => view.clauseAround(e.start, e.end)).join(' ');
    const last = /\bleft\b/i.test(side) ? (/\bdominant\b/i.test(side) && !/\bnon-?dominant\b/i.test(side) ? '2' : '4') : /\bright\b/i.test(side) ? (/\bnon-?dominant\b/i.test(side) ? '3' : '1') : '9';
    const parts = [history, ...all.filter((d) => /^G81/.test(d.code))];
    const merged = mergeDrafts(`I69.35${last}`, parts, 'hemiplegia as a sequela of an earlier stroke (I.C.9.d, side by I.C.6.a)');
    merged.evidence.push(...deficits.map((e) => ({ start: e.start, end: e.end, text: e.text, section: e.section, assertion: e.assertion })));
    return [...drafts.filter((d) => !parts.includes(d)), merged];
  }

  /** Tabular "use additional code" notes that read the rest of the note: dialysis status, diabetes control, BMI. */
  private useAdditional(view: DocView, drafts: Draft[]): Draft[] {
    const out = [...drafts];
    const has = (p: string) => out.some((d) => d.code.startsWith(p));
    const add = (code: string, reason: string, from: readonly Draft[]) => {
      if (has(code)) return;
      const d = mergeDrafts(code, from, reason);
      out.push(d);
    };
    const esrd = out.filter((d) => d.code === 'N18.6');
    // N18.6 "use additional code to identify dialysis status (Z99.2)" (I.C.21.c.3).
    if (esrd.length && view.doc.entities.some((e) => /dialysis/i.test(e.text) && !e.assertion.negated && !e.assertion.hypothetical && !e.assertion.family)) add('Z99.2', 'dialysis status with ESRD (tabular N18.6, I.C.21.c.3)', esrd);
    const diabetes = out.filter((d) => /^E(?:08|09|10|11|13)/.test(d.code));
    if (diabetes.length) {
      // A medication list may be written in the narrative ("his current medications, which include the Lantus at 30
      // units along with Actos, glyburide, and metformin") instead of under a MEDICATIONS header.
      const meds = [view.medicationText(), ...[...view.doc.text.matchAll(NARRATIVE_MED_LIST)].map((m) => m[0])].join('\n');
      // I.C.4.a.3: long-term insulin and/or oral hypoglycemics (both when both); not for type 1, where insulin is implied.
      const type1 = diabetes.every((d) => d.code.startsWith('E10'));
      // The narrative counts too when it states the use ("requiring insulin", "oral hypoglycemics at home").
      const stated = (re: RegExp) => [...view.doc.text.matchAll(new RegExp(re.source, 'gi'))].some((m) => !LONG_TERM_DENIED.test(view.doc.text.slice(Math.max(0, m.index - 40), m.index)));
      if (!type1 && (INSULIN.test(meds) || stated(INSULIN_STATED))) add('Z79.4', 'long-term (current) insulin use (I.C.4.a.3)', diabetes);
      if (ORAL_HYPOGLYCEMIC.test(meds) || stated(ORAL_AGENTS_STATED)) add('Z79.84', 'long-term (current) oral hypoglycemic use (I.C.4.a.3)', diabetes);
    }
    // I.C.1.d.2 / tabular R65.2 "code first underlying infection": severe sepsis and septic shock follow the systemic
    // infection; with none coded ("septic shock", "severe sepsis due to pneumonia") it is unspecified sepsis, A41.9
    // (I.C.1.d.4: the localized infection is coded after it).
    const severe = out.filter((d) => d.code.startsWith('R65.2'));
    if (severe.length && !out.some((d) => SYSTEMIC_INFECTION.test(d.code))) add('A41.9', 'sepsis coded first for severe sepsis / septic shock (tabular R65.2, I.C.1.d.2)', severe);
    // Tabular K31.84 "code first underlying disease (E11.43)": "diabetic gastroparesis" is both codes (I.A.13 code also).
    const autonomic = out.filter((d) => /^E(?:08|09|10|11|13)\.43/.test(d.code) && d.evidence.some((ev) => /gastropar/i.test(ev.text)));
    if (autonomic.length) add('K31.84', 'gastroparesis coded beside the diabetic autonomic neuropathy (tabular K31.84, I.A.13)', autonomic);
    // I.C.2: lymph nodes the cancer spread to are a secondary neoplasm, coded by the region draining the primary
    // (Neoplasm Table, lymph gland, secondary); one primary only, else the region is not known.
    const primaries = out.filter((d) => /^C(?:[0-6]\d|7[0-5])/.test(d.code));
    const regions = new Set(primaries.map((d) => REGIONAL_NODES.find((r) => d.code.startsWith(r.prefix))?.code));
    if (primaries.length && regions.size === 1 && !regions.has(undefined)) {
      const text = view.doc.text;
      const spread = [...text.matchAll(new RegExp(NODE_SPREAD.source, 'gi'))].find((m) => !NODE_SPREAD_DENIED.test(text.slice(Math.max(0, m.index - 40), m.index)));
      if (spread) {
        const region = [...regions][0]!;
        for (let i = out.length - 1; i >= 0; i--) if (out[i]!.code === 'C77.9') out.splice(i, 1);
        add(region, 'secondary neoplasm of the lymph nodes draining the primary site (I.C.2, Neoplasm Table)', primaries);
      }
    }
    // I.C.2.e.2: an admission whose purpose is chemotherapy for a malignancy is Z51.11 beside the neoplasm code.
    const cancer = out.filter((d) => /^C/.test(d.code));
    if (cancer.length && CHEMO_ADMISSION.test(view.doc.text)) add('Z51.11', 'encounter for antineoplastic chemotherapy (I.C.2.e.2)', cancer);
    // I.C.21.c.7: a stay for therapy after a joint replacement is aftercare (Z47.1) with the joint (Z96.6-, tabular
    // Z47.1); the arthritis the replacement treated is gone, so an arthritis code read only from the "status post
    // replacement" sentences goes.
    const joint = jointAftercare(view);
    if (joint) {
      const ev = spanEvidence(view, joint);
      const base: Draft = { code: 'Z47.1', confidence: 0.9, evidence: [ev], concepts: new Set(), reasons: new Set(['aftercare following joint replacement surgery (I.C.21.c.7)']), inFinal: true };
      if (!has('Z47.1')) out.push(base);
      if (!has(joint.code)) out.push({ ...base, code: joint.code, evidence: [ev], reasons: new Set(['the replaced joint (tabular Z47.1 "use additional code", I.C.21.c.7)']) });
      const replaced = /\b(?:replacement|arthroplasty)\b/i;
      for (let i = out.length - 1; i >= 0; i--) {
        const d = out[i]!;
        if (/^M1[5-9]/.test(d.code) && d.evidence.every((e) => replaced.test(view.sentenceTextAt(e.start)))) out.splice(i, 1);
      }
    }
    // Tabular G30 "use additional code to identify dementia (F02.8-)": "Alzheimer's dementia", "dementia of the
    // Alzheimer type" name the dementia with the disease (Index "Disease, Alzheimer's G30.9 [F02.80]").
    const alzheimer = out.filter((d) => d.code.startsWith('G30'));
    if (alzheimer.length && !has('F02') && alzheimer.some((d) => d.evidence.some((ev) => /\bdementia\b/i.test(ev.text) || /\bdementia\b/i.test(view.clauseAround(ev.start, ev.end))))) {
      add('F02.80', 'the dementia of Alzheimer disease (tabular G30 "use additional code", Index "Disease, Alzheimer\'s G30.9 [F02.80]")', alzheimer);
    }
    // A surgeon who evaluates a patient for weight-loss surgery at a stated BMI of 35 or more documents the obesity that
    // surgery treats (Index "Obesity" E66.9, "Obesity, morbid" E66.01 when the note says morbid; ANNOTATION_RULES §2).
    if (!has('E66')) {
      const surgery = WEIGHT_LOSS_SURGERY.exec(view.doc.text);
      const value = adultBmiValue(view.doc.text);
      if (surgery && value !== null && value >= 35) {
        const morbid = /\bmorbid(?:ly)?\s+obes/i.test(view.doc.text);
        out.push({ code: morbid ? 'E66.01' : 'E66.9', confidence: 0.6, evidence: [spanEvidence(view, { start: surgery.index, end: surgery.index + surgery[0].length })], concepts: new Set(), reasons: new Set([`obesity evaluated for weight-loss surgery at a BMI of ${value}`]), inFinal: true });
      }
    }
    // I.B.14: a BMI is reported only beside a provider-documented weight diagnosis (obesity, overweight, underweight).
    const weight = out.filter((d) => /^(?:E66|R63\.6|E44|E43|R62\.7|E41)/.test(d.code));
    const bmi = weight.length ? adultBmiCode(view.doc.text) : null;
    if (bmi) add(bmi, 'BMI beside the documented weight diagnosis (I.B.14)', weight);
    return out;
  }

  /**
   * Encounter codes the note states (I.C.21.c.2 immunization, I.C.21.c.13 routine examinations). A screening code
   * read from the bare word "screening" ("will obtain a screening CBC") is no screening encounter (I.C.21.c.5: the
   * test, not the reason for the visit).
   */
  private encounters(view: DocView, drafts: Draft[]): Draft[] {
    const out = drafts.filter((d) => !(/^Z1[1-3]/.test(d.code) && d.evidence.every((ev) => /^screening$/i.test(ev.text.trim()))));
    const findings = out.some((d) => !d.code.startsWith('Z') && d.inFinal);
    for (const e of encounterCodes(view, findings)) {
      if (out.some((d) => d.code === e.code)) continue;
      const ev = spanEvidence(view, e);
      out.push({ code: e.code, confidence: 0.9, evidence: [ev], concepts: new Set(), reasons: new Set([e.reason]), inFinal: true });
    }
    return out;
  }

  /**
   * Tabular "use additional code (B95–B97) to identify infectious agent" (Guideline I.C.1): an infection whose code
   * does not name its agent gets the B95–B96 code of the organism the note names in the infection's own sentence or
   * in a culture result of this stay ("urine culture grew Pseudomonas"); an earlier culture ("previous wound
   * cultures grew …") is not this infection's agent. I.C.1.e.1.b: "MRSA infection" (A49.02) beside a coded site
   * infection is that infection plus B95.62, not A49.02.
   */
  private infectiousAgents(view: DocView, drafts: Draft[]): Draft[] {
    const infections = drafts.filter((d) => this.takesAgent(d.code));
    if (infections.length === 0) return drafts;
    const siteless: Record<string, string> = { 'A49.02': 'B95.62', 'A49.01': 'B95.61' };
    let out = drafts.filter((d) => !(d.code in siteless));
    const agents = new Map<string, string>();
    for (const d of drafts) if (d.code in siteless) agents.set(siteless[d.code]!, 'MRSA/MSSA infection beside a site infection');
    const organismIn = (text: string) => ORGANISMS.find((o) => o.re.test(text));
    for (const d of infections) {
      for (const ev of d.evidence) {
        const o = organismIn(view.sentenceTextAt(ev.start));
        if (o && !agents.has(o.code)) agents.set(o.code, o.name);
      }
    }
    for (const s of view.doc.sentences) {
      const text = view.doc.text.slice(s.start, s.end);
      if (!CULTURE_RESULT.test(text) || /\b(?:previous(?:ly)?|prior|past|history|repeatedly|old)\b/i.test(text)) continue;
      const o = organismIn(text);
      if (o && !agents.has(o.code)) agents.set(o.code, o.name);
    }
    for (const [code, name] of agents) {
      if (out.some((d) => d.code === code)) continue;
      out = [...out, mergeDrafts(code, infections, `infectious agent (${name}) of the coded infection: tabular "use additional code (B95-B97)" (I.C.1)`)];
    }
    return out;
  }

  /**
   * Tobacco status (ANNOTATION_RULES §5; Alphabetic Index "Smoker — see Dependence, drug, nicotine", "History,
   * personal, nicotine dependence" Z87.891): "tobacco use" (Z72.0) of a patient who smokes now is nicotine
   * dependence, F17.210 when cigarettes are named, else F17.200; a smoking history of a patient who does not smoke
   * now is Z87.891. Only the patient's own sentences count, never a negated or a relative's one.
   */
  private tobacco(view: DocView, drafts: Draft[]): Draft[] {
    // Z77.22: exposure to someone else's tobacco smoke is neither the patient's smoking nor its history.
    const exposure = (d: Draft) => d.evidence.every((ev) => SMOKE_EXPOSURE.test(view.sentenceTextAt(ev.start)));
    const exposed = drafts.filter((d) => /^(?:Z87\.891|Z72\.0|F17\.2)/.test(d.code) && exposure(d));
    if (exposed.length) drafts = [...drafts.filter((d) => !exposed.includes(d)), mergeDrafts('Z77.22', exposed, 'exposure to environmental tobacco smoke (Alphabetic Index "Exposure, smoke (tobacco) (second hand)")')];
    const own = view.doc.sentences
      .map((s) => ({ s, t: view.doc.text.slice(s.start, s.end) }))
      .filter(({ s, t }) => /\b(?:smok\w*|tobacco|cigarettes?|packs?)\b/i.test(t) && !RELATIVE.test(t) && !SMOKE_EXPOSURE.test(t) && !otherSmoke(t) && view.sectionAt(s.start) !== 'family_history');
    // Index "Dependence, drug, nicotine, cigarettes F17.21-": the patient's smoking sentences name what is smoked.
    const cigarettes = own.filter(({ t }) => !NO_SMOKING.test(t)).some(({ t }) => /\b(?:cigarettes?|packs?|ppd)\b/i.test(t));
    if (drafts.some((d) => d.code.startsWith('F17.2'))) {
      return drafts.filter((d) => d.code !== 'Z72.0').map((d) => (d.code === 'F17.200' && cigarettes && !drafts.some((x) => x.code === 'F17.210') ? { ...d, code: 'F17.210' } : d));
    }
    const stillNow = (t: string) => SMOKING_CHANGED_NOW.test(t) || (SMOKING_ONGOING.test(t) && !QUIT_WORDS.test(t));
    const current = own.filter(({ t }) => !NO_SMOKING.test(t) && (stillNow(t) || (CURRENT_SMOKER.test(t) && !FORMER_SMOKER.test(t))));
    const former = own.filter(({ t }) => FORMER_SMOKER.test(t) && !stillNow(t));
    const use = drafts.filter((d) => d.code === 'Z72.0');
    const rest = drafts.filter((d) => d.code !== 'Z72.0');
    // A rule that reads sentences, not one linked mention: the sentences are its evidence.
    const fromSentences = (code: string, spans: readonly Span[], reason: string): Draft => ({
      code,
      confidence: 0.5,
      evidence: spans.map((s) => spanEvidence(view, s, code === 'Z87.891')),
      concepts: new Set(),
      reasons: new Set([reason]),
      inFinal: false,
    });
    if (current.length || (use.length && former.length === 0)) {
      const code = cigarettes ? 'F17.210' : 'F17.200';
      const reason = 'current smoker: nicotine dependence (Alphabetic Index "Smoker — see Dependence, drug, nicotine"; ANNOTATION_RULES §5)';
      const d = use.length ? mergeDrafts(code, use, reason) : fromSentences(code, current.map((x) => x.s), reason);
      return rest.filter((x) => x.code !== 'Z87.891').concat(d);
    }
    if (use.length) return drafts;
    const quit = former.filter(({ t }) => QUIT_WORDS.test(t)).length > 0 || own.some(({ t }) => /\bsmok(?:e|es|ing)?\b[^.]{0,20}\bnow\b/i.test(t));
    if (former.length && quit && !rest.some((d) => d.code === 'Z87.891')) {
      return [...rest, fromSentences('Z87.891', former.map((x) => x.s), 'former smoker: personal history of nicotine dependence (I.C.21.c.4)')];
    }
    return drafts;
  }

  /** Whether a code's tabular notes (its own or a parent's) ask for the infectious agent, or it is an infection without one. */
  private takesAgent(code: string): boolean {
    if (INFECTION_WITHOUT_AGENT.test(code)) return true;
    let c = conceptOf(this.pack, `ICD10CM:${code}`);
    for (let depth = 0; c && depth < 6; depth++) {
      if ((c.attributes?.useAdditionalCodeCodes ?? []).some((x) => /^B9[5-7]/.test(x))) return true;
      c = c.parents[0] ? conceptOf(this.pack, c.parents[0]) : null;
    }
    return false;
  }

  /**
   * I.C.21.c.3 status codes from earlier procedures: a past-history or "status post" mention of a procedure whose
   * status code exists (CABG → Z95.1, coronary stent → Z95.5, kidney transplant → Z94.0, bariatric surgery → Z98.84,
   * pacemaker → Z95.0). Not for the procedure of this stay, nor for one the patient is a candidate for. I.C.19.g.3: a
   * rejection of the transplanted kidney is T86.11.
   */
  private procedureStatus(view: DocView, drafts: Draft[]): Draft[] {
    const out = [...drafts];
    for (const e of view.doc.entities) {
      const a = e.assertion;
      if (a.negated || a.hypothetical || a.family || a.uncertain || !e.concept || FINDING_SECTIONS.has(e.section)) continue;
      const rule = PROCEDURE_STATUS.find((r) => r.concept === e.concept!.conceptId);
      if (!rule) continue;
      const clause = view.clauseAround(e.start, e.end);
      const past = a.historical || e.section === 'past_surgical_history' || e.section === 'past_medical_history' || /\b(?:status\s+post|s\/p|history\s+of)\b/i.test(clause);
      if (!past || FUTURE_CUE.test(view.sentenceBefore(e))) continue;
      // The list item says where ("Coronary artery disease, status post stent placement").
      if (rule.context && !rule.context.test(view.sentenceOf(e))) continue;
      const evidence = { start: e.start, end: e.end, text: e.text, section: e.section, assertion: a };
      const add = (code: string, reason: string) => {
        const d = out.find((x) => x.code === code);
        if (d) return void d.evidence.push(evidence);
        out.push({ code, confidence: (e.concept?.confidence ?? 0.5) * 0.9, evidence: [evidence], concepts: new Set([e.concept!.conceptId]), reasons: new Set([reason]), inFinal: view.isFinal(e.start) });
      };
      // I.C.19.g.3: a rejected kidney transplant is T86.11, which already says transplant (Z94 Excludes1
      // complications of the transplanted organ).
      if (rule.code === 'Z94.0' && /\brejection\b/i.test(clause)) add('T86.11', 'kidney transplant rejection (I.C.19.g.3)');
      else if (rule.sided) {
        const sides = new Set([...clause.matchAll(/\b(right|left|bilateral(?:ly)?|both)\b/gi)].map((m) => m[1]!.toLowerCase()));
        const both = sides.has('both') || [...sides].some((x) => x.startsWith('bilateral')) || (sides.has('right') && sides.has('left'));
        const codes = both ? [rule.sided.right, rule.sided.left] : sides.has('right') ? [rule.sided.right] : sides.has('left') ? [rule.sided.left] : [rule.code];
        for (const code of codes) add(code, 'acquired absence of the limb after an earlier amputation (I.C.21.c.3)');
      } else add(rule.code, `status after an earlier procedure (I.C.21.c.3)`);
    }
    // I.C.21.c.3: "Valvular heart disease, status post aortic valve replacement": the diseased valve was replaced, so
    // the list item is the prosthetic valve status alone; a valve disease written only beside the replacement goes.
    if (out.some((d) => d.code === 'Z95.2')) {
      return out.filter((d) => !(/^I(?:0[5-8]|3[4-9])/.test(d.code) && d.evidence.every((ev) => VALVE_REPLACED.test(view.sentenceTextAt(ev.start)))));
    }
    return out;
  }

  /** I.B.5: a symptom routinely part of a coded disease is not coded beside it. */
  private dropIntegral(drafts: Draft[]): Draft[] {
    // "Abdominal pain and discomfort": the unspecified pain R52 says nothing a site's pain code does not.
    if (drafts.some((d) => SITE_PAIN.test(d.code))) drafts = drafts.filter((d) => d.code !== 'R52');
    // "Painful bunions": the adjective describes the condition it qualifies, it is no pain diagnosis of its own.
    drafts = drafts.filter((d) => !(d.code === 'R52' && d.evidence.every((ev) => /^painful$/i.test(ev.text.trim()))));
    return drafts.filter((d) => {
      const rule = INTEGRAL_SYMPTOMS.find((r) => r.symptom.some((p) => d.code.startsWith(p)));
      return !rule || !drafts.some((o) => o !== d && rule.integralTo.some((p) => o.code.startsWith(p)));
    });
  }

  /** I.C.2.d / I.C.21.c.4: a personal history code is not reported beside the active cancer of the same site. */
  private dropHistoryOfActive(drafts: Draft[]): Draft[] {
    const active = new Set(drafts.filter((d) => d.code.startsWith('C')).map((d) => longestPrefix(PERSONAL_HISTORY, d.code)));
    // Z85.9 (history of an unspecified malignancy) beside a current cancer is that cancer's "history of" wording.
    if (active.size) active.add('Z85.9');
    return drafts.filter((d) => !(d.code.startsWith('Z85') && active.has(d.code)));
  }

  private applyCombinations(view: DocView, drafts: Draft[], all: readonly Draft[]): Draft[] {
    const atDischarge = view.isDischarge;
    let out = drafts;
    for (const rule of COMBINATION_RULES) {
      const codes = out.map((d) => d.code);
      // The body of the note may give the linked condition (ANNOTATION_RULES §2); an uncertain one only at discharge
      // (II.H: a "probable source of the bleeding" at discharge is coded as established), never in an admission note's workup.
      const body = rule.linkFromBody ? all.filter((d) => atDischarge || !d.evidence.every((ev) => ev.assertion.uncertain)).map((d) => d.code) : [];
      // Of several codes of a group the specific one names the combination ("chronic renal failure" N18.9 beside
      // "end-stage renal disease" N18.6: I13.2, not I13.0).
      const pick = (list: readonly string[], group: readonly string[]) => {
        const found = list.filter((c) => group.some((p) => c.startsWith(p)));
        return found.find((c) => !/\.?9$/.test(c)) ?? found[0];
      };
      const matched = rule.requires.map((group, i) => pick(codes, group) ?? (i > 0 ? pick(body, group) : undefined));
      if (matched.some((m) => m === undefined)) continue;
      if (rule.site) {
        const { part, require, forbid } = rule.site;
        const sentences = [...out, ...all].filter((d) => d.code === matched[part]).flatMap((d) => d.evidence.map((ev) => view.sentenceTextAt(ev.start) || ev.text));
        if (!sentences.some((t) => require.test(t)) || sentences.some((t) => forbid.test(t))) continue;
      }
      const produced = rule.produce(matched as string[]);
      const fromBody = all.filter((d) => !out.includes(d) && matched.includes(d.code));
      const replaced = [...out.filter((d) => rule.replace.some((p) => d.code.startsWith(p))), ...fromBody];
      // Nothing to replace (e.g. J44.1 stays beside J44.0): the evidence is that of the parts that matched.
      // A produced code that is already coded (a stated heart-failure type absorbing its pulmonary edema) keeps its evidence.
      const sources = [...(replaced.length ? replaced : out.filter((d) => matched.includes(d.code))), ...out.filter((d) => d.code === produced && !replaced.includes(d))];
      const merged: Draft = {
        code: produced,
        confidence: Math.max(...sources.map((d) => d.confidence), 0),
        evidence: sources.flatMap((d) => d.evidence),
        concepts: new Set(sources.flatMap((d) => [...d.concepts])),
        reasons: new Set([`combination code (${rule.cites})`]),
        inFinal: sources.some((d) => d.inFinal),
      };
      out = [...out.filter((d) => !replaced.includes(d) && d.code !== produced), merged];
    }
    return out;
  }

  /**
   * I.B.2 / I.A.9: an unspecified code ("Heart failure, unspecified", "… without complications") is for when the
   * record says no more; when the same note also supports a specific code of the same category, the unspecified
   * one goes and its evidence joins the specific one.
   */
  private dropUnspecifiedSiblings(view: DocView, drafts: Draft[], all: readonly Draft[]): Draft[] {
    const title = (code: string) => conceptOf(this.pack, `ICD10CM:${code}`)?.preferred ?? '';
    const vague = (code: string) => /\bunspecified\b|\bwithout complications\b/i.test(title(code));
    const vagueness = (code: string) => title(code).match(/\bunspecified\b|\bwithout complications\b/gi)?.length ?? 0;
    // ANNOTATION_RULES §2 / I.B.2: the body of the note gives the type of a listed "anemia" (D64.9): an anemia of a
    // stated kind anywhere in the note (iron deficiency D50, chronic disease D63, blood loss D62) replaces it.
    const anemia = drafts.find((d) => d.code === 'D64.9');
    const kind = anemia ? [...drafts, ...all].find((o) => /^D(?:5\d|6[0-3])/.test(o.code) && !o.evidence.every((ev) => ev.assertion.uncertain)) : undefined;
    if (anemia && kind) {
      drafts = drafts.filter((d) => d !== anemia && d.code !== kind.code);
      drafts.push(mergeDrafts(kind.code, [kind, anemia], `anemia of the kind the note documents (I.B.2): ${kind.code}`));
    } else if (anemia) {
      // The kind may be written only in a past-history line ("past medical history of iron deficiency anemia"): the
      // listed current anemia is that kind.
      const e = this.anemiaKind(view);
      const cancer = drafts.find((d) => isMalignant(d.code));
      if (e) {
        drafts = drafts.filter((d) => d !== anemia);
        const d = mergeDrafts(e.code, [anemia], `anemia of the kind the note documents (I.B.2): ${e.code}`);
        d.evidence.push(e.evidence);
        drafts.push(d);
      } else if (cancer) {
        // Alphabetic Index "Anemia, in (due to) (with) neoplastic disease" D63.0 (I.A.15 "with"; I.C.2.c.1 sequences
        // the malignancy first): an untyped anemia beside a current malignancy is the anemia of that neoplasm.
        drafts = drafts.filter((d) => d !== anemia);
        drafts.push(mergeDrafts('D63.0', [anemia], 'anemia with a current malignancy (Index: Anemia, in neoplastic disease; I.C.2.c.1)'));
      }
    }
    const promoted: Draft[] = [];
    const kept = drafts.filter((d) => {
      if (!vague(d.code)) return true;
      const head = titleWords(title(d.code).replace(/\bunspecified\b|\bwithout complications\b/gi, ' '));
      const sibling = (o: Draft) => {
        if (o.code === d.code || o.code.slice(0, 3) !== d.code.slice(0, 3)) return false;
        // "Overweight" is a milder state beside obesity in E66, not a kind of obesity.
        if (o.code === 'E66.3') return false;
        const words = new Set(titleWords(title(o.code).replace(/\bunspecified\b|\bwithout complications\b/gi, ' ')));
        // "Chronic atrial fibrillation, unspecified" (I48.20) says more than "Unspecified atrial fibrillation" (I48.91):
        // as vague by count, but it states every word of the other and one more.
        const superset = head.every((w) => words.has(w)) && words.size > new Set(head).size;
        // "Unspecified kyphosis, thoracic region" says more than "Unspecified kyphosis, site unspecified".
        if (vagueness(o.code) >= vagueness(d.code) && o.code.length <= d.code.length && !superset) return false;
        // A complication's "unspecified" is about the complication: "Alcohol dependence with withdrawal, unspecified"
        // (F10.239) is no vaguer "Alcohol dependence, uncomplicated".
        if (/\bwith\b/i.test(title(d.code)) && /\buncomplicated\b|\bwithout\b/i.test(title(o.code))) return false;
        // A symptom category groups different signs ("Dyspnea, unspecified" and "Wheezing" are two findings).
        return !d.code.startsWith('R') || head.every((w) => words.has(w));
      };
      let specific = drafts.find(sibling) ?? promoted.find(sibling);
      // I.B.2: the record's body counts too: "Kyphosis" in the list, "thoracic kyphosis" in the exam. The narrative
      // mention must be asserted (not uncertain, past or a relative's) and not a symptom.
      if (!specific) {
        // A symptom's specificity must be in the mention's own words ("gross hematuria"), not read from its clause.
        const ownWords = (o: Draft) => !d.code.startsWith('R') || o.evidence.some((ev) => titleWords(title(o.code)).some((w) => !head.includes(w) && titleWords(ev.text).includes(w)));
        // Sides are left to sideFromBody, which needs the note's mentions to agree (I.B.13).
        const narrative = all.find((o) => !drafts.includes(o) && sibling(o) && ownWords(o) && !/\b(?:right|left|bilateral)\b/i.test(title(o.code)) && o.evidence.every((ev) => !ev.assertion.uncertain && !ev.assertion.historical && !ev.assertion.family && !ev.assertion.negated));
        if (narrative) {
          specific = { ...narrative, evidence: [...narrative.evidence], concepts: new Set(narrative.concepts), reasons: new Set([...narrative.reasons, `specificity documented elsewhere in the note (I.B.2)`]) };
          promoted.push(specific);
        }
      }
      if (!specific) return true;
      specific.evidence.push(...d.evidence);
      specific.inFinal ||= d.inFinal;
      specific.confidence = Math.max(specific.confidence, d.confidence);
      return false;
    });
    return [...kept, ...promoted];
  }

  /** A typed anemia (D50–D63) any asserted, non-family mention of the note names, at its most specific billable code. */
  private anemiaKind(view: DocView): { code: string; evidence: Evidence } | null {
    for (const x of view.doc.entities) {
      const a = x.assertion;
      if (a.negated || a.family || a.hypothetical || a.uncertain || !CODED_TYPES.has(x.type) || !/an(?:a)?emi/i.test(x.text)) continue;
      const code = this.icdCodeOf(x);
      if (!code || !/^D(?:5\d|6[0-3])/.test(code) || !conceptOf(this.pack, `ICD10CM:${code}`)) continue;
      const billable = mostSpecificBillable(this.pack, code, view.clauseOf(x))?.code;
      if (billable) return { code: billable, evidence: { start: x.start, end: x.end, text: x.text, section: x.section, assertion: a } };
    }
    return null;
  }

  /** Excludes1 (I.A.12.a): two codes that exclude each other are never reported together; keep the stronger. */
  /**
   * I.A.12.a Excludes1: two codes that cannot be reported together. A note names the condition it excludes
   * ("cryoglobulinemic purpura (D89.1)" under D69); it applies when the sentences of the two codes describe that
   * condition (every content word of the note) or when both codes come from one sentence; two unrelated conditions
   * are both reported (I.A.12.a exception: thrombocytopenia and a separately listed cryoglobulinemia).
   */
  private resolveExcludes1(view: DocView, drafts: Draft[]): Draft[] {
    const dropped = new Set<string>();
    const wordsOf = (d: Draft) => new Set(d.evidence.flatMap((ev) => normalizeTerm(view.sentenceTextAt(ev.start) || ev.text).split(' ').filter(Boolean).map(stem)));
    for (const a of drafts) {
      const notes = this.excludes1Of(conceptOf(this.pack, `ICD10CM:${a.code}`));
      if (!notes.length) continue;
      for (const b of drafts) {
        if (a === b || dropped.has(a.code) || dropped.has(b.code)) continue;
        // T36–T50 Excludes1 notes say where another drug is classified ("mineralocorticoids (T50.0-)" under T38);
        // two drugs' codes are both reported (I.C.19.e.5: each drug coded individually).
        if (DRUG_T_CODE.test(a.code) && DRUG_T_CODE.test(b.code)) continue;
        const matching = notes.filter((n) => n.codes.some((x) => b.code.startsWith(x)));
        if (!matching.length) continue;
        // Two codes read from one sentence ("Altered mental status, less somnolent") describe one condition: the
        // note applies as written.
        const together = a.evidence.some((x) => {
          const sentence = view.sentenceStartAt(x.start);
          return b.evidence.some((y) => x.start === y.start || (sentence >= 0 && sentence === view.sentenceStartAt(y.start)));
        });
        const text = together ? undefined : new Set([...wordsOf(a), ...wordsOf(b)]);
        if (!text || matching.some((n) => n.words.every((w) => text.has(w)))) dropped.add(excludedOf(a, b));
      }
    }
    return drafts.filter((d) => !dropped.has(d.code));
  }

  /** Excludes1 notes on the code and on its ancestors (they apply to it): each note's codes and content-word stems. */
  private excludes1Of(concept: Concept | null): { codes: string[]; words: string[] }[] {
    const out: { codes: string[]; words: string[] }[] = [];
    let c = concept;
    for (let depth = 0; c && depth < 6; depth++) {
      for (const note of c.attributes?.excludes1 ?? []) {
        const codes = [...note.matchAll(/\b([A-Z]\d[0-9A-Z](?:\.[0-9A-Z]{1,4})?)(?:\.?-)?/g)].map((m) => m[1]!);
        if (!codes.length) continue;
        // The condition named: the note without its code references and nonessential modifiers.
        const phrase = note.replace(/\([^)]*\)/g, ' ');
        const words = normalizeTerm(phrase).split(' ').filter((w) => w && !EXCLUDES_FILLER.has(w)).map(stem);
        out.push({ codes, words });
      }
      c = c.parents[0] ? conceptOf(this.pack, c.parents[0]) : null;
    }
    return out;
  }

  private assignment(d: Draft): CodeAssignment {
    const c = conceptOf(this.pack, `ICD10CM:${d.code}`);
    return {
      code: d.code,
      title: c?.preferred ?? d.code,
      // Never a header (I.B.2): combination and history codes are checked against the pack too.
      billable: c ? c.billable === true : true,
      confidence: Math.round(d.confidence * 1e4) / 1e4,
      evidence: d.evidence.sort((x, y) => x.start - y.start),
      rationale: [...d.reasons].join(' | '),
      concepts: [...d.concepts],
    };
  }
}

/** A Neoplasm Table answer in the shape of an index hit. */
function tableHit(t: NeoplasmTableHit | null): IndexHit | null {
  return t ? { code: t.code, term: `Neoplasm, ${t.site}, ${t.behavior.replace(/_/g, ' ')}`, conceptId: `ICD10CM:${t.code}` } : null;
}

/** Stemmed content words of an ICD-10-CM title. */
/** "smokes marijuana", "smoked crack": a drug smoked, not tobacco (F12/F14, not F17), unless tobacco is named too. */
function otherSmoke(sentence: string): boolean {
  return /\bsmok\w*\s+(?:\w+\s+){0,2}(?:marijuana|cannabis|pot|weed|crack|cocaine|meth\w*|heroin|opium)\b/i.test(sentence) && !/\b(?:tobacco|cigarettes?|cigars?|packs?|nicotine)\b/i.test(sentence);
}

/** Words that end a smoking history: it is a former smoker's. */
const QUIT_WORDS = /\b(?:quit|stopped|former|ex-?smoker|previously|used\s+to|was\s+(?:\w+\s+)?a|had\s+been|did\s+smoke)\b/i;

/** Spinal categories coded by region: spondylolisthesis and fusion, spondylosis, stenosis, disc disorders, radiculopathy. */
const SPINE_BY_REGION = /^M(?:43|47|48\.0|5[01]|54\.1)/;
const SPINE_REGION = /\b(?:cervical|cervicothoracic|thoracic|thoracolumbar|lumbar|lumbosacral|sacral|sacrococcygeal|[CTL]\d{1,2}\s*[-–/]\s*[CTLS]\d{1,2})\b/i;

function titleWords(title: string): string[] {
  return normalizeTerm(title)
    .split(' ')
    .filter((w) => w && !/^(?:of|and|or|the|in|to|with|without|due|by|for|on|as|a|an|not|nos|type)$/.test(w))
    .map(stem);
}

/** The symptom is the reason for the visit: in the chief complaint, or what the patient "presents with". */
function isPresentingComplaint(view: DocView, d: Draft): boolean {
  return d.evidence.some((ev) => ev.section === 'chief_complaint' || PRESENTING.test(view.doc.text.slice(Math.max(view.sentenceStartAt(ev.start), 0), ev.start)));
}

/** The first final-list item "status post (side) total knee/hip/shoulder replacement" of a therapy stay (I.C.21.c.7). */
function jointAftercare(view: DocView): { start: number; end: number; code: string } | null {
  if (!THERAPY_STAY.test(view.doc.text)) return null;
  const re = new RegExp(JOINT_REPLACED.source, 'gi');
  for (const m of view.doc.text.matchAll(re)) {
    if (!view.isFinal(m.index)) continue;
    // The first item of its list: "1." (or the section start) just before it.
    const before = view.doc.text.slice(Math.max(0, m.index - 12), m.index);
    if (!/(?:^|[\s,:])1\s*[.)]\s*$|:\s*,?\s*$/.test(before)) continue;
    const side = (m[1] ?? '').toLowerCase();
    const codes = JOINT_REPLACED_CODES[m[2]!.toLowerCase()]!;
    return { start: m.index, end: m.index + m[0].length, code: codes[side === 'right' ? 0 : side === 'left' ? 1 : side === 'bilateral' ? 2 : 3]! };
  }
  return null;
}

/** The note states an age under 18 (years, or an age in months, weeks or days). */
function isChild(text: string): boolean {
  const age = statedAge(text);
  return age === null ? /\b(?:infant|newborn|toddler)\b/i.test(text) : age < 18;
}

/** A weight-loss operation the note evaluates or plans ("interested in the Lap-Band", "gastric bypass"). */
const WEIGHT_LOSS_SURGERY = /\b(?:gastric\s+bypass|lap[-\s]?band|(?:gastric\s+)?sleeve\s+gastrectomy|bariatric\s+surgery|weight[-\s]loss\s+surgery|surgical\s+weight\s+loss|roux[-\s]en[-\s]y)\b/i;

/** The first stated adult BMI ("BMI is 51", "body mass index of 39.4"); null for patients under 20 or a bound. */
function adultBmiValue(text: string): number | null {
  const m = /\b(?:BMI|body\s+mass\s+index)\b([^0-9.;]{0,20})(\d{2}(?:\.\d+)?)/i.exec(text);
  if (!m) return null;
  // "BMI elevated above 33" bounds the value without stating it: no Z68 range follows.
  if (/\b(?:above|over|greater\s+than|more\s+than|exceeding|under|below|less\s+than)\s*$|[<>]\s*$/i.test(m[1]!)) return null;
  const age = /\b(\d{1,3})[-\s]year[-\s]old\b/i.exec(text);
  if (age && Number(age[1]) < 20) return null;
  const v = Number(m[2]);
  return v >= 10 && v < 120 ? v : null;
}

/** Z68 code of the first stated adult BMI; none for patients under 20. */
function adultBmiCode(text: string): string | null {
  const v = adultBmiValue(text);
  if (v === null) return null;
  if (v < 20) return 'Z68.1';
  if (v < 40) return `Z68.${Math.floor(v)}`;
  if (v < 45) return 'Z68.41';
  if (v < 50) return 'Z68.42';
  if (v < 60) return 'Z68.43';
  if (v < 70) return 'Z68.44';
  return 'Z68.45';
}

/**
 * Which of two Excludes1 conflicting codes goes. I.B.5: a symptom code (Chapter 18) gives way to the definitive
 * diagnosis its note excludes ("seizures" R56.9 beside a seizure disorder G40.909); otherwise the better supported.
 */
function excludedOf(a: Draft, b: Draft): string {
  const aSymptom = a.code.startsWith('R');
  if (aSymptom !== b.code.startsWith('R')) return aSymptom ? a.code : b.code;
  return a.confidence >= b.confidence ? b.code : a.code;
}

/** The first code `absorbed` matches joins the first code `keeper` matches: its evidence, no code of its own. */
function absorbInto(drafts: Draft[], absorbed: (code: string) => boolean, keeper: (code: string) => boolean): Draft[] {
  const gone = drafts.find((d) => absorbed(d.code));
  const kept = drafts.find((d) => d !== gone && keeper(d.code));
  if (!gone || !kept) return drafts;
  return [...drafts.filter((d) => d !== gone && d !== kept), mergeDrafts(kept.code, [kept, gone], [...kept.reasons][0] ?? 'documented condition')];
}

function isFamilyHistory(code: string): boolean {
  return /^Z8[0-4]/.test(code);
}

function isMalignant(code: string): boolean {
  return /^C(?:[0-8]\d|9[0-6])/.test(code);
}

/** A malignant primary of a stated site (C00–C76): not an unspecified site, a secondary or a lymphoid one. */
function isSitedPrimary(code: string): boolean {
  return /^C(?:[0-6]\d|7[0-6])/.test(code);
}

/** I.C.2.d: the note names current antineoplastic treatment for this cancer (see CANCER_TREATMENT). */
function cancerTreated(code: string, view: DocView): boolean {
  return CANCER_TREATMENT.some((t) => t.prefixes.some((p) => code.startsWith(p)) && t.treatment.test(view.treatmentText()));
}

/** The treatment words of a TREATED_WHEN_DOCUMENTED condition, or undefined for any other code. */
function treatmentRuleOf(code: string): RegExp | undefined {
  return TREATED_WHEN_DOCUMENTED.find((x) => x.prefixes.some((p) => code.startsWith(p)))?.treatment;
}

/** Section III: a condition of TREATED_WHEN_DOCUMENTED whose treatment the note names. */
function treatedNow(code: string, view: DocView): boolean {
  return treatmentRuleOf(code)?.test(view.treatmentText()) ?? false;
}

function isChronic(code: string): boolean {
  return CHRONIC_PREFIXES.some((p) => code.startsWith(p));
}
