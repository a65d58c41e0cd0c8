import { invalidArgument } from '../errors.js';
import type { Concept } from '../ontology/concept.js';
import type { Pack } from '../ontology/pack.js';
import type { Pipeline, PipelineOptions } from '../pipeline.js';
import type { Assertion, Doc, Entity, SectionName } from '../types.js';
import { CHRONIC_PREFIXES, FAMILY_HISTORY, PERSONAL_HISTORY, REPORTABLE_STATUS_PREFIXES, longestPrefix } from './rules/history.data.js';
import { COMBINATION_RULES } from './rules/combination.data.js';
import { mostSpecificBillable } from './specificity.js';

export type CodingSetting = 'inpatient' | 'outpatient';

export interface CodeOptions {
  setting?: CodingSetting;
  /** Code family-history mentions as Z80–Z84 (default true). */
  familyHistory?: boolean;
  /** Drop assignments below this confidence (default 0.3). */
  minConfidence?: number;
}

export interface Evidence {
  start: number;
  end: number;
  text: string;
  section: SectionName;
  assertion: Assertion;
}

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

/** Sections that hold the final diagnostic statement (Section II/III: the diagnoses the stay established). */
const FINAL_SECTIONS: ReadonlySet<SectionName> = new Set(['discharge_diagnoses', 'assessment', 'assessment_and_plan', 'impression']);
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

interface Draft {
  code: string;
  confidence: number;
  evidence: Evidence[];
  concepts: Set<string>;
  reasons: Set<string>;
  inFinal: boolean;
}

/**
 * ICD-10-CM coding of a note: annotate, turn each linked, asserted mention into a billable code by the Official
 * Guidelines (each rule cites its section), merge, apply combination codes and Excludes1, rank by confidence.
 */
export class Coder {
  readonly pipeline: Pipeline;
  private readonly pack: Pack;

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
    const hasFinal = doc.sections.some((s) => FINAL_SECTIONS.has(s.name));
    const drafts = new Map<string, Draft>();
    for (const e of doc.entities) {
      const decided = this.decide(doc, e, setting, options.familyHistory ?? true);
      if (!decided) continue;
      const weight = SECTION_WEIGHT[e.section] ?? 0.5;
      const d = drafts.get(decided.code) ?? { code: decided.code, confidence: 0, evidence: [], concepts: new Set(), reasons: new Set(), inFinal: false };
      // Each further mention adds evidence: 1 − Π(1 − p).
      d.confidence = 1 - (1 - d.confidence) * (1 - (e.concept?.confidence ?? 0.5) * weight);
      d.evidence.push({ start: e.start, end: e.end, text: e.text, section: e.section, assertion: e.assertion });
      if (e.concept) d.concepts.add(e.concept.conceptId);
      d.reasons.add(decided.reason);
      d.inFinal ||= FINAL_SECTIONS.has(e.section);
      drafts.set(decided.code, d);
    }
    let kept = [...drafts.values()].filter((d) => {
      // With a final diagnostic statement, narrative-only conditions are coded when chronic (Section III) or
      // history/status codes; symptoms only when they are themselves a final diagnosis (I.B.4–5).
      if (!hasFinal || d.inFinal) return true;
      if (d.code.startsWith('R')) return false;
      return isChronic(d.code) || REPORTABLE_STATUS_PREFIXES.some((p) => d.code.startsWith(p)) || d.code === 'I25.2' || isFamilyHistory(d.code);
    });
    kept = this.applyCombinations(kept);
    kept = this.dropUnspecifiedSiblings(kept);
    kept = this.resolveExcludes1(kept);
    return kept
      .filter((d) => d.confidence >= minConfidence)
      .sort((a, b) => b.confidence - a.confidence || (a.code < b.code ? -1 : 1))
      .map((d) => this.assignment(d))
      .filter((a) => a.billable);
  }

  /** One mention → one billable code and the rule that produced it, or null when it is not coded. */
  private decide(doc: Doc, e: Entity, setting: CodingSetting, familyHistory: boolean): { code: string; reason: string } | null {
    const a = e.assertion;
    // Section III.C / IV.H: ruled-out and negated conditions are never coded.
    if (a.negated) return null;
    // A condition the patient might develop is not a diagnosis.
    if (a.hypothetical) return null;
    const linked = this.icdCodeOf(e);
    if (!linked) return null;
    if (a.family) {
      // Section I.C.21.c.4: family history codes Z80–Z84.
      const z = familyHistory ? longestPrefix(FAMILY_HISTORY, linked) : undefined;
      return z ? { code: z, reason: `family history of ${linked} (I.C.21.c.4)` } : null;
    }
    if (a.uncertain && setting === 'outpatient') return null; // Section IV.H: uncertain diagnoses are not coded in outpatient care
    const context = this.sentenceOf(doc, e);
    if (a.historical && !isChronic(linked)) {
      // Section I.C.21.c.4: a past condition no longer present becomes a personal history code where one exists.
      const z = longestPrefix(PERSONAL_HISTORY, linked);
      return z ? { code: z, reason: `personal history of ${linked} (I.C.21.c.4)` } : null;
    }
    const specific = this.pack.concept(`ICD10CM:${linked}`) ? mostSpecificBillable(this.pack, linked, `${e.text} ${context}`) : null;
    const code = specific?.code ?? (this.isBillable(linked, e) ? linked : null);
    if (!code) return null;
    const why = [a.uncertain ? 'uncertain diagnosis coded as established at inpatient discharge (II.H / III.C)' : 'documented condition'];
    if (a.historical) why.push('chronic condition coded although in history (Section III)');
    if (specific && specific.code !== linked) why.push(`most specific billable code under ${linked.slice(0, 3)} (I.B.2)${specific.matched.length ? `: ${specific.matched.join(', ')}` : ''}`);
    return { code, reason: why.join('; ') };
  }

  /** The ICD-10-CM code of the entity's best candidate that has one (its own code, or a cross-reference). */
  private icdCodeOf(e: Entity): string | null {
    for (const c of e.candidates ?? (e.concept ? [e.concept] : [])) {
      if (c.system === 'ICD10CM') return c.conceptId.slice('ICD10CM:'.length);
      const concept = this.pack.concept(c.conceptId);
      const xrefs = (concept?.xrefs ?? []).filter((x) => x.system === 'ICD10CM' && !x.code.includes('-'));
      // A billable cross-reference beats a header one.
      const best = xrefs.find((x) => x.relation === 'icd10cm-billable') ?? xrefs[0];
      if (best) return best.code;
    }
    return null;
  }

  private isBillable(code: string, e: Entity): boolean {
    const c = this.pack.concept(`ICD10CM:${code}`);
    if (c) return c.billable === true;
    // Without ICD-10-CM in the pack, the vocabulary's own billable flag is all there is.
    return (e.candidates ?? []).some((cand) => this.pack.concept(cand.conceptId)?.xrefs.some((x) => x.system === 'ICD10CM' && x.code === code && x.relation === 'icd10cm-billable'));
  }

  private sentenceOf(doc: Doc, e: Entity): string {
    const s = doc.sentences.find((x) => x.start <= e.start && e.end <= x.end);
    // A list number ("5. Chronic kidney disease stage 3") is not a stage, type or digit of the diagnosis.
    return s ? doc.text.slice(s.start, s.end).replace(/^\s*\d{1,3}\s*[.)]\s+/, '') : e.text;
  }

  private applyCombinations(drafts: Draft[]): Draft[] {
    let out = drafts;
    for (const rule of COMBINATION_RULES) {
      const codes = out.map((d) => d.code);
      const matched = rule.requires.map((group) => codes.find((c) => group.some((p) => c.startsWith(p))));
      if (matched.some((m) => m === undefined)) continue;
      const produced = rule.produce(matched as string[]);
      const replaced = out.filter((d) => rule.replace.some((p) => d.code.startsWith(p)));
      const merged: Draft = {
        code: produced,
        confidence: Math.max(...replaced.map((d) => d.confidence), 0),
        evidence: replaced.flatMap((d) => d.evidence),
        concepts: new Set(replaced.flatMap((d) => [...d.concepts])),
        reasons: new Set([`combination code (${rule.cites})`]),
        inFinal: replaced.some((d) => d.inFinal),
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
  private dropUnspecifiedSiblings(drafts: Draft[]): Draft[] {
    const title = (code: string) => this.pack.concept(`ICD10CM:${code}`)?.preferred ?? '';
    const vague = (code: string) => /\bunspecified\b|\bwithout complications\b/i.test(title(code));
    return drafts.filter((d) => {
      if (!vague(d.code)) return true;
      const specific = drafts.find((o) => o !== d && o.code.slice(0, 3) === d.code.slice(0, 3) && (!vague(o.code) || o.code.length > d.code.length));
      if (!specific) return true;
      specific.evidence.push(...d.evidence);
      specific.inFinal ||= d.inFinal;
      return false;
    });
  }

  /** Excludes1 (I.A.12.a): two codes that exclude each other are never reported together; keep the stronger. */
  private resolveExcludes1(drafts: Draft[]): Draft[] {
    const dropped = new Set<string>();
    for (const a of drafts) {
      const concept = this.pack.concept(`ICD10CM:${a.code}`);
      const excluded = this.excludes1Of(concept);
      for (const b of drafts) {
        if (a === b || dropped.has(a.code) || dropped.has(b.code)) continue;
        if (excluded.some((x) => b.code.startsWith(x))) dropped.add(a.confidence >= b.confidence ? b.code : a.code);
      }
    }
    return drafts.filter((d) => !dropped.has(d.code));
  }

  private excludes1Of(concept: Concept | null): string[] {
    const out: string[] = [];
    // Excludes1 notes on the code and on its ancestors apply to it.
    let c = concept;
    for (let depth = 0; c && depth < 6; depth++) {
      out.push(...(c.attributes?.excludes1Codes ?? []));
      c = c.parents[0] ? this.pack.concept(c.parents[0]) : null;
    }
    return out;
  }

  private assignment(d: Draft): CodeAssignment {
    const c = this.pack.concept(`ICD10CM:${d.code}`);
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

function isFamilyHistory(code: string): boolean {
  return /^Z8[0-4]/.test(code);
}

function isChronic(code: string): boolean {
  return CHRONIC_PREFIXES.some((p) => code.startsWith(p));
}
