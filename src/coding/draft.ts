/**
 * A code being decided: the mentions behind it and why. The coder builds drafts from mentions; the passes under
 * `passes/` rewrite the list (combination codes, index entries, guideline exclusions) before it becomes output.
 */
import type { Assertion, SectionName, Span } from '../types.js';
import type { DocView } from './doc-view.js';

/** A span of the note that supports a code. */
export interface Evidence {
  start: number;
  end: number;
  text: string;
  section: SectionName;
  assertion: Assertion;
}

/** A code being decided, before it becomes a CodeAssignment. */
export interface Draft {
  code: string;
  confidence: number;
  evidence: Evidence[];
  concepts: Set<string>;
  reasons: Set<string>;
  inFinal: boolean;
}

/** One draft for a code that several drafts support (a combination code, an index entry): evidence and concepts of all. */
export function mergeDrafts(code: string, parts: readonly Draft[], reason: string): Draft {
  return {
    code,
    confidence: Math.max(...parts.map((d) => d.confidence), 0),
    evidence: parts.flatMap((d) => d.evidence),
    concepts: new Set(parts.flatMap((d) => [...d.concepts])),
    reasons: new Set([reason]),
    inFinal: parts.some((d) => d.inFinal),
  };
}

/** Evidence for a code a rule reads from a span of the note rather than from one mention: asserted, or past. */
export function spanEvidence(view: DocView, span: Span, historical = false): Evidence {
  return {
    start: span.start,
    end: span.end,
    text: view.doc.text.slice(span.start, span.end),
    section: view.sectionAt(span.start),
    assertion: { negated: false, uncertain: false, historical, hypothetical: false, family: false },
  };
}

