import type { Doc, Entity, Section, SectionName, Span } from '../types.js';

/** Sections that hold the final diagnostic statement (Section II/III: the diagnoses the stay established). */
export const FINAL_SECTIONS: ReadonlySet<SectionName> = new Set(['discharge_diagnoses', 'assessment', 'assessment_and_plan', 'impression']);
/** Sections that only a discharge (or death) summary has: Section II.H applies "at the time of discharge". */
const DISCHARGE_SECTIONS: ReadonlySet<SectionName> = new Set(['discharge_diagnoses', 'hospital_course', 'discharge_medications', 'discharge_instructions']);
const MEDICATION_SECTIONS: ReadonlySet<SectionName> = new Set(['medications', 'discharge_medications']);
/** An untyped section whose header names a diagnosis list ("SECONDARY DIAGNOSES", "COMORBIDITIES", "PROBLEM LIST"). */
const DIAGNOSIS_HEADER = /diagnos[ie]s|comorbidit|problem\s+list/i;
/** After a comma these words still qualify the diagnosis before it ("Chronic kidney disease, stage 3"). */
const QUALIFIER_AFTER_COMMA = /^\s*(?:stage|type|grade|class|nyha|acute|chronic|subacute|left|right|bilateral|unilateral|with|without|unspecified|severe|mild|moderate|uncontrolled|controlled|intractable|not|systolic|diastolic|primary|secondary|recurrent|initial|subsequent)\b/i;
/** Words of a sentence about a tumour: its name, a lesion, its spread, its removal. */
const TUMOUR_WORDS = /\b(?:cancer|carcinoma|tumou?rs?|mass(?:es)?|neoplasm\w*|malignan\w*|lesions?|nodules?|\w+omas?|metasta\w*|\w*ectomy|resect\w*|biops\w*|primary)\b/i;
/** Words that place a spinal condition in a region (levels "C5-C6", "L4-L5", "L5-S1"). */
const SPINE_REGIONS: readonly (readonly [RegExp, string])[] = [
  [/\b(?:cervical\s+(?:spine|disc|region|spondylosis|stenosis|radiculopathy|myelopathy)|C[1-7]\s*[-–/]\s*(?:C[2-7]|T1)\b)/i, 'cervical'],
  [/\b(?:thoracic\s+(?:spine|disc|region|spondylosis|stenosis|radiculopathy)|T\d{1,2}\s*[-–/]\s*(?:T\d{1,2}|L1)\b)/i, 'thoracic'],
  [/\b(?:lumbar|lumbosacral|low(?:er)?\s+back|L[1-5]\s*[-–/]\s*(?:L[2-5]|S1)\b)/i, 'lumbar'],
];

/** A sentence that only suspects where a tumour reaches. */
const HEDGED_SITE = /\b(?:possible|possibly|probable|questionable|suspicious|suspected|concern\s+for|rule\s+out|cannot\s+be\s+excluded)\b/i;

/** Read-only helpers over an annotated note for the coding rules: sections, clauses, medication lists. */
export class DocView {
  readonly doc: Doc;
  readonly hasFinal: boolean;
  /** True for discharge/death summaries; false for admission notes (H&Ps, consults). */
  readonly isDischarge: boolean;
  private readonly icdOf: (e: Entity) => string | null;
  private finalSections: Section[];
  private readonly studyImpressions: Section[];
  private treatment: string | undefined;
  private body: string[] | undefined;
  private tumour: readonly string[] | undefined;
  private region: string | null | undefined;
  /** Entities by start offset, for the clause lookups (a long note must not cost entities × entities). */
  private readonly byStart: Entity[];

  constructor(doc: Doc, icdOf: (e: Entity) => string | null) {
    this.doc = doc;
    this.icdOf = icdOf;
    // Section III.B: in a discharge summary the final diagnostic statement is the discharge diagnosis list; an
    // "Impression:" there is a test's (chest X-ray, echo, CT), an abnormal finding until the provider lists it.
    const hasDischargeList = doc.sections.some((s) => s.name === 'discharge_diagnoses');
    this.studyImpressions = hasDischargeList ? doc.sections.filter((s) => s.name === 'impression') : [];
    // "HOSPITAL COURSE PER PROBLEM LIST" is the narrative of the stay, not a diagnosis list.
    this.finalSections = doc.sections.filter((s) => (FINAL_SECTIONS.has(s.name) && !this.studyImpressions.includes(s)) || (s.name === 'other' && DIAGNOSIS_HEADER.test(s.header?.text ?? '') && !/admi|prior|past|previous|history|course/i.test(s.header?.text ?? '')));
    // Without a discharge or assessment list, the admitting diagnosis list is the provider's only diagnostic
    // statement (Section II: the conditions the stay was for); the narrative adds chronic conditions and specificity.
    if (this.finalSections.length === 0) this.finalSections = doc.sections.filter((s) => s.name === 'admission_diagnoses');
    // A discharge list that names only what was done ("Status post vaginal hysterectomy") leaves the admitting
    // diagnoses as the conditions the stay was for (Section II: the condition that occasioned the admission).
    const listsCondition = (s: Section) => doc.entities.some((e) => s.start <= e.start && e.start < s.end && (e.type === 'condition' || e.type === 'finding') && !e.assertion.historical && !e.assertion.negated);
    if (this.finalSections.length && !this.finalSections.some(listsCondition)) this.finalSections.push(...doc.sections.filter((s) => s.name === 'admission_diagnoses'));
    this.hasFinal = this.finalSections.length > 0;
    // "DIET:" or "ACTIVITY:" in an H&P is the patient's history, not discharge instructions: that section makes a
    // discharge note only when its header says so.
    this.isDischarge = doc.sections.some((s) => DISCHARGE_SECTIONS.has(s.name) && (s.name !== 'discharge_instructions' || /discharge/i.test(doc.text.slice(s.start, s.start + 40))));
    this.byStart = [...doc.entities].sort((a, b) => a.start - b.start);
  }

  /** The sentence holding [start, end) (binary search: sentences are in order and do not overlap). */
  private sentenceAt(start: number, end: number): Span | undefined {
    const list = this.doc.sentences;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const x = list[mid]!;
      if (x.end <= start) lo = mid + 1;
      else if (x.start > start) hi = mid - 1;
      else return x.start <= start && end <= x.end ? x : undefined;
    }
    return undefined;
  }

  /** Entities that start in [from, to). */
  private entitiesFrom(from: number, to: number): Entity[] {
    let lo = 0;
    let hi = this.byStart.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.byStart[mid]!.start < from) lo = mid + 1;
      else hi = mid;
    }
    const out: Entity[] = [];
    for (let i = lo; i < this.byStart.length && this.byStart[i]!.start < to; i++) out.push(this.byStart[i]!);
    return out;
  }

  /**
   * The numbered entry of the final diagnostic statement that holds `pos` ("2.  Lumbar stenosis.  His symptoms are …"
   * up to "3."), with the end of its first sentence (the entry's heading), or null outside a numbered entry.
   */
  finalEntryAt(pos: number): (Span & { headEnd: number }) | null {
    const section = this.finalSections.find((s) => s.start <= pos && pos < s.end);
    if (!section) return null;
    const body = this.doc.text.slice(section.bodyStart, section.end);
    let start = -1;
    let end = section.end;
    for (const m of body.matchAll(/(?:^|[\n.,:]\s*)(\d{1,2})\s*[.)]\s/g)) {
      const number = section.bodyStart + m.index + m[0].indexOf(m[1]!);
      if (number > pos) {
        end = number;
        break;
      }
      start = section.bodyStart + m.index + m[0].length;
    }
    if (start < 0) return null;
    const head = this.sentenceAt(start, start);
    return { start, end, headEnd: head ? Math.min(head.end, end) : end };
  }

  /** Whether an offset lies in the final diagnostic statement (or another diagnosis list of the note). */
  isFinal(pos: number): boolean {
    return this.finalSections.some((s) => s.start <= pos && pos < s.end);
  }

  /**
   * The items of the final diagnostic statement: numbered entries, lines, or sentences of its sections, without
   * their numbers and closing punctuation (offsets into the note).
   */
  finalItems(): (Span & { text: string; section: SectionName })[] {
    const out: (Span & { text: string; section: SectionName })[] = [];
    for (const s of this.finalSections) {
      const body = this.doc.text.slice(s.bodyStart, s.end);
      // Items end at a line break, a semicolon, a sentence period, or a comma before the next number (",2. …").
      for (const m of body.matchAll(/[^\n;]+?(?=\s*(?:[\n;]|\.(?:\s|,|$)|,\s*\d{1,2}\s*[.)]\s|$))/g)) {
        const lead = /^[\s,:.]*(?:\d{1,2}\s*[.)]\s*)?[\s,]*/.exec(m[0])![0].length;
        const text = m[0].slice(lead).replace(/[\s,.:]+$/, '');
        if (!/[a-z]/i.test(text)) continue;
        const start = s.bodyStart + m.index + lead;
        out.push({ start, end: start + text.length, text, section: s.name });
      }
    }
    return out;
  }

  /** The text of the medication lists (home, current, discharge). */
  medicationText(): string {
    // Untyped headers count too ("CURRENT HOME MEDICATIONS"), but not allergy lists ("MEDICATION ALLERGIES").
    const isList = (s: Section) => MEDICATION_SECTIONS.has(s.name) || (s.name === 'other' && /medications?\b/i.test(s.header?.text ?? '') && !/allerg/i.test(s.header?.text ?? ''));
    return this.doc.sections.filter(isList).map((s) => this.doc.text.slice(s.start, s.end)).join('\n');
  }

  /**
   * The note without its allergy and family-history sections: where a treatment the patient receives can be named
   * ("on omeprazole", a medication list), and not a drug the patient reacts to or a relative's therapy. Cached.
   */
  treatmentText(): string {
    if (this.treatment === undefined) {
      const skip = this.doc.sections.filter((s) => s.name === 'allergies' || s.name === 'family_history' || (s.name === 'other' && /allerg/i.test(s.header?.text ?? '')));
      let text = this.doc.text;
      for (const s of skip) text = text.slice(0, s.start) + ' '.repeat(s.end - s.start) + text.slice(s.end);
      this.treatment = text;
    }
    return this.treatment;
  }

  /**
   * The body sentences that speak of a tumour ("a mass at the splenic flexure", "status post left upper
   * lobectomy"): where a neoplasm's site may be read. A pneumonia's "left upper lobe" is not one.
   */
  tumourSentences(): readonly string[] {
    // A site the sentence only suspects ("possible involvement of the bladder neck") is not documented (I.C.2).
    this.tumour ??= this.bodySentences().filter((x) => TUMOUR_WORDS.test(x) && !HEDGED_SITE.test(x));
    return this.tumour;
  }

  /**
   * The one spinal region the note's body names ("lumbar spine MRI", "L4-L5", "low back"), or null when it names none
   * or more than one. Computed once per note.
   */
  spineRegion(): string | null {
    if (this.region === undefined) {
      const found = new Set<string>();
      for (const x of this.bodySentences()) for (const [re, name] of SPINE_REGIONS) if (re.test(x)) found.add(name);
      this.region = found.size === 1 ? [...found][0]! : null;
    }
    return this.region;
  }

  /** The texts of the note's sentences outside family history, computed once per note. */
  bodySentences(): readonly string[] {
    this.body ??= this.doc.sentences
      .filter((x) => this.doc.sections.find((s) => s.start <= x.start && x.start < s.end)?.name !== 'family_history')
      .map((x) => this.doc.text.slice(x.start, x.end));
    return this.body;
  }

  /** The sentence (list item) of the mention. */
  sentenceOf(e: Entity): string {
    const s = this.sentenceAt(e.start, e.end);
    return s ? this.doc.text.slice(s.start, s.end) : e.text;
  }

  /** The name of the section holding an offset ('other' outside any section). */
  sectionAt(pos: number): SectionName {
    return this.doc.sections.find((s) => s.start <= pos && pos < s.end)?.name ?? 'other';
  }

  /** Whether an offset lies in the impression of a test reported inside a discharge summary (Section III.B). */
  isStudyImpression(pos: number): boolean {
    return this.studyImpressions.some((s) => s.start <= pos && pos < s.end);
  }

  /** The text of the sentence holding an offset ('' when none does). */
  sentenceTextAt(pos: number): string {
    const s = this.sentenceAt(pos, pos);
    return s ? this.doc.text.slice(s.start, s.end) : '';
  }

  /** The start offset of the sentence holding an offset (-1 when none does): two offsets share a sentence when equal. */
  sentenceStartAt(pos: number): number {
    return this.sentenceAt(pos, pos)?.start ?? -1;
  }

  /** Sentence text before the mention. */
  sentenceBefore(e: Entity): string {
    const s = this.sentenceAt(e.start, e.end);
    return this.doc.text.slice(s ? s.start : e.start, e.start);
  }

  /** Clause text before the mention (from the last ; : ( ) or comma of its sentence). */
  clauseBefore(e: Entity): string {
    const [from] = this.bounds(e.start, e.end);
    return this.doc.text.slice(from, e.start);
  }

  /** The clause around a span, list number dropped. */
  clauseAround(start: number, end: number): string {
    const [from, to] = this.bounds(start, end);
    return this.doc.text.slice(from, to).replace(/^\s*\d{1,3}\s*[.)]\s+/, '');
  }

  /**
   * The words that may qualify a mention for specificity: its clause, with the other conditions and symptoms of the
   * clause blanked out ("congestive heart failure and end-stage renal disease": "end stage" belongs to the kidneys) and
   * the list number dropped ("5. Chronic kidney disease stage 3" is not stage 5).
   */
  clauseOf(e: Entity): string {
    const [from, to] = this.bounds(e.start, e.end);
    const own = this.icdOf(e) ?? undefined;
    let text = this.doc.text.slice(from, to);
    // An entity lies within one sentence, so the ones overlapping the clause start in its sentence.
    const sentence = this.sentenceAt(e.start, e.end);
    for (const o of this.entitiesFrom(sentence ? sentence.start : from, to)) {
      if (o === e || o.end <= from || o.start >= to || (o.type !== 'condition' && o.type !== 'finding')) continue;
      // A mention inside this one is part of its name ("Osteoarthritis" in the list item "Osteoarthritis, right knee").
      if (o.start >= e.start && o.end <= e.end) continue;
      // Another condition or symptom, even of the same category ("dyspnea and wheezing": R06.00 is not R06.2);
      // a mention of the same code or of one of its ancestors/descendants adds to this one and stays.
      const code = this.icdOf(o);
      if (!code || (own !== undefined && (code.startsWith(own) || own.startsWith(code)))) continue;
      const a = Math.max(o.start, from) - from;
      const b = Math.min(o.end, to) - from;
      text = text.slice(0, a) + ' '.repeat(b - a) + text.slice(b);
    }
    return text.replace(/^\s*\d{1,3}\s*[.)]\s+/, '');
  }

  private bounds(start: number, end: number): [number, number] {
    const s = this.sentenceAt(start, end) ?? { start, end };
    const text = this.doc.text;
    let from = s.start;
    for (let i = start - 1; i >= s.start; i--) {
      if (/[;:()\n,]/.test(text[i]!)) {
        from = i + 1;
        break;
      }
    }
    let to = s.end;
    for (let i = end; i < s.end; i++) {
      const ch = text[i]!;
      if (/[;:()\n]/.test(ch) || (ch === ',' && !QUALIFIER_AFTER_COMMA.test(text.slice(i + 1, i + 30)))) {
        to = i;
        break;
      }
    }
    return [from, to];
  }
}
