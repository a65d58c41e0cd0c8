import { ClinlinkError } from '../errors.js';
import { detectSections } from '../text/sections.js';
import type { Assertion, Section, SectionName, Span } from '../types.js';
import { explainInDocument, type ContextOptions } from './context.js';
import type { AssertionCategory } from './triggers.data.js';

/** One labelled example: a sentence (or short passage), the target as written in it, and the gold attributes. */
export interface LabelledAssertion extends Assertion {
  text: string;
  /** The target phrase exactly as it appears in `text`. */
  target: string;
  /** Which occurrence of `target` is meant (1-based); the first by default. */
  occurrence?: number;
  /** The section the passage is in; when absent, sections are detected in `text` itself. */
  section?: SectionName;
}

export interface AttributeScore {
  attribute: AssertionCategory;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  /** Gold positives (tp + fn). */
  support: number;
  /** tp / (tp + fp); 1 when nothing was predicted and nothing was expected, 0 when only positives were missed. */
  precision: number;
  /** tp / (tp + fn); 1 when there is nothing to find and nothing was predicted. */
  recall: number;
  f1: number;
}

export interface AssertionMismatch {
  /** 0-based index of the example. */
  index: number;
  attribute: AssertionCategory;
  expected: boolean;
  predicted: boolean;
}

export interface AssertionEvaluation {
  examples: number;
  attributes: AttributeScore[];
  /** Every wrong attribute, by example index (no text, so safe to log). */
  mismatches: AssertionMismatch[];
}

export const ASSERTION_ATTRIBUTES: readonly AssertionCategory[] = ['negated', 'uncertain', 'historical', 'hypothetical', 'family'];

// A Record makes the compiler check this list against SectionName.
const SECTION_NAME_SET: Record<SectionName, true> = {
  chief_complaint: true, history_of_present_illness: true, past_medical_history: true, past_surgical_history: true,
  family_history: true, social_history: true, medications: true, allergies: true, review_of_systems: true,
  physical_exam: true, vital_signs: true, labs: true, imaging: true, procedures: true, hospital_course: true,
  assessment: true, plan: true, assessment_and_plan: true, admission_diagnoses: true, discharge_diagnoses: true,
  discharge_medications: true, discharge_instructions: true, follow_up: true, indication: true, comparison: true,
  technique: true, findings: true, impression: true, other: true, none: true,
};

export function isSectionName(s: string): s is SectionName {
  return Object.prototype.hasOwnProperty.call(SECTION_NAME_SET, s);
}

/** The span of the example's target in its text, or undefined when the phrase does not occur. */
export function locateTarget(example: Pick<LabelledAssertion, 'text' | 'target' | 'occurrence'>): Span | undefined {
  let from = 0;
  let at = -1;
  for (let k = 0; k < (example.occurrence ?? 1); k++) {
    at = example.text.indexOf(example.target, from);
    if (at === -1) return undefined;
    from = at + 1;
  }
  return { start: at, end: at + example.target.length };
}

/** The assertion the library gives the example's target (the built-in pipeline: sections, sentences, ConText). */
export function predictAssertion(example: LabelledAssertion, options?: ContextOptions): Assertion {
  const span = locateTarget(example);
  if (!span) throw new ClinlinkError('E_INVALID_ARGUMENT', 'target does not occur in its text', { field: 'target' });
  const sections: Section[] = example.section
    ? [{ start: 0, end: example.text.length, name: example.section, bodyStart: 0 }]
    : detectSections(example.text);
  return explainInDocument(example.text, [span], { ...options, sections })[0]!.assertion;
}

function score(attribute: AssertionCategory, tp: number, fp: number, fn: number, tn: number): AttributeScore {
  const support = tp + fn;
  const precision = tp + fp > 0 ? tp / (tp + fp) : support === 0 ? 1 : 0;
  const recall = support > 0 ? tp / support : fp === 0 ? 1 : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { attribute, tp, fp, fn, tn, support, precision, recall, f1 };
}

/**
 * Per-attribute precision, recall and F1 of assertion predictions against labelled examples. Each attribute is a
 * binary decision per example; `predict` defaults to the library's own pipeline (`predictAssertion`).
 */
export function evaluateAssertions(
  examples: readonly LabelledAssertion[],
  predict: (example: LabelledAssertion, index: number) => Assertion = (ex) => predictAssertion(ex),
): AssertionEvaluation {
  const counts = new Map(ASSERTION_ATTRIBUTES.map((a) => [a, { tp: 0, fp: 0, fn: 0, tn: 0 }]));
  const mismatches: AssertionMismatch[] = [];
  examples.forEach((ex, index) => {
    const got = predict(ex, index);
    for (const a of ASSERTION_ATTRIBUTES) {
      const c = counts.get(a)!;
      const expected = ex[a];
      const predicted = got[a];
      if (expected && predicted) c.tp++;
      else if (!expected && predicted) c.fp++;
      else if (expected && !predicted) c.fn++;
      else c.tn++;
      if (expected !== predicted) mismatches.push({ index, attribute: a, expected, predicted });
    }
  });
  return {
    examples: examples.length,
    attributes: ASSERTION_ATTRIBUTES.map((a) => {
      const c = counts.get(a)!;
      return score(a, c.tp, c.fp, c.fn, c.tn);
    }),
    mismatches,
  };
}

/** A fixed-width table of the evaluation (attribute, support, P, R, F1, tp/fp/fn). */
export function formatAssertionTable(evaluation: AssertionEvaluation): string {
  const head = ['attribute', 'support', 'P', 'R', 'F1', 'tp', 'fp', 'fn'];
  const rows = evaluation.attributes.map((s) => [
    s.attribute,
    String(s.support),
    s.precision.toFixed(3),
    s.recall.toFixed(3),
    s.f1.toFixed(3),
    String(s.tp),
    String(s.fp),
    String(s.fn),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [`${evaluation.examples} examples`, line(head), ...rows.map(line)].join('\n');
}

/**
 * Parses labelled examples, one JSON object a line (blank lines and lines starting with // skipped). Errors name
 * the file, line and field, never the text.
 */
export function parseAssertionJsonl(content: string, file?: string): LabelledAssertion[] {
  const out: LabelledAssertion[] = [];
  const lines = content.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('//')) return;
    const where = (field?: string) => ({ ...(file !== undefined ? { file } : {}), line: i + 1, ...(field ? { field } : {}) });
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (cause) {
      throw new ClinlinkError('E_PARSE', 'not a JSON object', where(), { cause });
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new ClinlinkError('E_PARSE', 'not a JSON object', where());
    const o = obj as Record<string, unknown>;
    for (const f of ['text', 'target'] as const) {
      if (typeof o[f] !== 'string' || o[f] === '') throw new ClinlinkError('E_PARSE', 'expected a non-empty string', where(f));
    }
    const flags = {} as Assertion;
    for (const a of ASSERTION_ATTRIBUTES) {
      if (typeof o[a] !== 'boolean') throw new ClinlinkError('E_PARSE', 'expected a boolean', where(a));
      flags[a] = o[a];
    }
    const ex: LabelledAssertion = { text: o.text as string, target: o.target as string, ...flags };
    if (o.section !== undefined) {
      if (typeof o.section !== 'string' || !isSectionName(o.section)) throw new ClinlinkError('E_PARSE', 'unknown section name', where('section'));
      ex.section = o.section;
    }
    if (o.occurrence !== undefined) {
      if (typeof o.occurrence !== 'number' || !Number.isInteger(o.occurrence) || o.occurrence < 1) {
        throw new ClinlinkError('E_PARSE', 'expected a positive integer', where('occurrence'));
      }
      ex.occurrence = o.occurrence;
    }
    if (!locateTarget(ex)) throw new ClinlinkError('E_PARSE', 'target does not occur in text', where('target'));
    out.push(ex);
  });
  return out;
}
