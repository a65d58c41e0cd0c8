import type { SemanticGroup, System } from './ontology/concept.js';

/** A half-open character range [start, end) into the original note string (UTF-16 code units, as JS strings). */
export interface Span {
  start: number;
  end: number;
}

/** Normalised section names; a header the detector does not know maps to 'other'. */
export type SectionName =
  | 'chief_complaint'
  | 'history_of_present_illness'
  | 'past_medical_history'
  | 'past_surgical_history'
  | 'family_history'
  | 'social_history'
  | 'medications'
  | 'allergies'
  | 'review_of_systems'
  | 'physical_exam'
  | 'vital_signs'
  | 'labs'
  | 'imaging'
  | 'procedures'
  | 'hospital_course'
  | 'assessment'
  | 'plan'
  | 'assessment_and_plan'
  | 'admission_diagnoses'
  | 'discharge_diagnoses'
  | 'discharge_medications'
  | 'discharge_instructions'
  | 'follow_up'
  | 'indication'
  | 'comparison'
  | 'technique'
  | 'findings'
  | 'impression'
  | 'other'
  | 'none';

export interface Section extends Span {
  name: SectionName;
  /** The header as written (offsets of the header itself), absent for the untitled opening section. */
  header?: Span & { text: string };
  /** Where the section's body starts (after the header). */
  bodyStart: number;
}

export interface Assertion {
  negated: boolean;
  uncertain: boolean;
  historical: boolean;
  hypothetical: boolean;
  family: boolean;
}

export interface Candidate {
  conceptId: string;
  system: System;
  codes: string[];
  term: string;
  score: number;
  confidence: number;
}

export interface Entity extends Span {
  text: string;
  type: SemanticGroup;
  section: SectionName;
  assertion: Assertion;
  concept: Candidate | null;
  candidates?: Candidate[];
  /** How the mention was found: the dictionary, an abbreviation expansion, or a learned/NP candidate. */
  source?: 'dictionary' | 'abbreviation' | 'learned' | 'noun-phrase';
}

export interface Doc {
  text: string;
  sections: Section[];
  sentences: Span[];
  entities: Entity[];
}
