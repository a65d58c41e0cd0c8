/**
 * The one concept model shared by every terminology system. Loaders produce it, packs store it, the linker,
 * coder and similarity index read it.
 */

/** Terminology systems. Known ones are listed; any other string names a custom system. */
export type System = 'UMLS' | 'SNOMEDCT' | 'ICD10CM' | 'ICD9CM' | 'DOID' | 'MESH' | 'OMIM' | 'HP' | 'MONDO' | 'CLINLINK' | (string & {});

export type TermKind = 'preferred' | 'synonym' | 'abbreviation' | 'index' | 'inclusion';

export const TERM_KINDS: readonly TermKind[] = Object.freeze(['preferred', 'synonym', 'abbreviation', 'index', 'inclusion']);

export interface Term {
  text: string;
  kind: TermKind;
  /** ISO 639 language code; English when absent. */
  lang?: string;
}

/** Coarse semantic groups, the level the NER type, the coder and the similarity weights work at. */
export type SemanticGroup =
  | 'condition'
  | 'finding'
  | 'procedure'
  | 'medication'
  | 'anatomy'
  | 'test'
  | 'device'
  | 'organism'
  | 'substance'
  | 'other';

export const SEMANTIC_GROUPS: readonly SemanticGroup[] = Object.freeze([
  'condition',
  'finding',
  'procedure',
  'medication',
  'anatomy',
  'test',
  'device',
  'organism',
  'substance',
  'other',
]);

export interface CrossReference {
  system: System;
  code: string;
  /** How the mapping was asserted, e.g. 'xref', 'gem-approximate', 'umls-source'. */
  relation?: string;
}

export interface Concept {
  /** Unique within a pack: `SYSTEM:code` (e.g. `ICD10CM:E11.9`, `DOID:9352`, `UMLS:C0011860`). */
  id: string;
  system: System;
  /** The system's own code (`E11.9`, `DOID:9352`, `C0011860`). */
  code: string;
  preferred: string;
  terms: Term[];
  semanticTypes: string[];
  group: SemanticGroup;
  /** Ids of direct is-a parents. */
  parents: string[];
  xrefs: CrossReference[];
  /** ICD-10-CM only: true for a billable (valid for submission) code, false for a header. */
  billable?: boolean;
  active: boolean;
  /** Format-specific notes kept for later stages, e.g. ICD-10-CM `excludes1`, `codeFirst`, `useAdditionalCode`. */
  attributes?: Record<string, string[]>;
}

/** `SYSTEM:code`, except for systems whose codes already carry their prefix (DOID:…, HP:…, MONDO:…). */
export function conceptId(system: System, code: string): string {
  return code.startsWith(`${system}:`) ? code : `${system}:${code}`;
}

/** ICD-10-CM files write codes without the dot (E119); people and the coder use the dotted form (E11.9). */
export function dotIcd10cm(code: string): string {
  const c = code.trim().toUpperCase();
  return c.length > 3 && !c.includes('.') && !c.includes('-') ? `${c.slice(0, 3)}.${c.slice(3)}` : c;
}
