/**
 * A report-similarity profile: everything that turns annotated reports into comparable concept sets and scores them,
 * as one JSON-safe object. `clinlink similar index` stores it next to the index and `search` re-reads it, so a query
 * is distilled and scored exactly like the indexed reports; `clinlink eval similarity` measures the same default.
 */
import { invalidArgument } from '../errors.js';
import type { Pack } from '../ontology/pack.js';
import type { SemanticGroup } from '../ontology/concept.js';
import type { ConceptSet, ConceptSetOptions } from './concept-set.js';
import { PackEquivalence, PackHierarchy, type Equivalence, type Hierarchy } from './hierarchy.js';
import type { ScoringParams } from './tversky.js';

export interface SimilarityProfile {
  /** How mentions become concept sets (`conceptSetFromDoc`); weights come from the pack's semantic group of each concept. */
  conceptSet: {
    uncertain: 'present' | 'separate';
    historical: 'include' | 'exclude';
    uncertainFactor: number;
    negatedFactor: number;
    groupWeights: Partial<Record<SemanticGroup, number>>;
  };
  /** Use the pack's is-a closure for partial credit. */
  hierarchy: boolean;
  /** Merge concepts that share an exact cross-reference (synonymy across systems). */
  equivalence: boolean;
  /**
   * Weigh each concept by its IDF per polarity over the indexed reports (`polarityIdf`), before indexing. The
   * index's own `search.idf` counts a concept in either polarity, so "no pleural effusion" in most normal studies
   * would make an affirmed effusion weigh almost nothing; counted apart, the rare affirmed finding weighs most.
   */
  polarityIdf: boolean;
  /** Scoring parameters and IDF weighting, passed to `ReportIndex.search`. */
  search: ScoringParams & { idf: boolean };
}

/**
 * The default, chosen on the IU X-ray dev half (`clinlink eval similarity`; see the README): the paper's symmetric
 * formula weighing the larger difference most (α 0.2), IDF per polarity over the indexed reports, negations × 0.1 and
 * hedged findings × 0.5 (routine "no pneumothorax" and "could be atelectasis" say less than an affirmed finding),
 * anatomy and procedures lighter than the general table (in reports they are mostly locations and recommendations),
 * hierarchy with exp(−d) decay.
 */
export const DEFAULT_SIMILARITY_PROFILE: Readonly<SimilarityProfile> = Object.freeze<SimilarityProfile>({
  conceptSet: { uncertain: 'present', historical: 'include', uncertainFactor: 0.5, negatedFactor: 0.1, groupWeights: { anatomy: 0.15, procedure: 0.2 } },
  hierarchy: true,
  equivalence: false,
  polarityIdf: true,
  search: { formula: 'symmetric', alpha: 0.2, beta: 1, gamma: 1, contradictionWeight: 1, conceptSimilarity: 'path', idf: false },
});

/** The profile with some fields replaced (a shallow merge per part). */
export function withProfile(
  base: SimilarityProfile,
  over: { conceptSet?: Partial<SimilarityProfile['conceptSet']>; hierarchy?: boolean; equivalence?: boolean; polarityIdf?: boolean; search?: Partial<SimilarityProfile['search']> } = {},
): SimilarityProfile {
  return {
    conceptSet: { ...base.conceptSet, ...over.conceptSet },
    hierarchy: over.hierarchy ?? base.hierarchy,
    equivalence: over.equivalence ?? base.equivalence,
    polarityIdf: over.polarityIdf ?? base.polarityIdf,
    search: { ...base.search, ...over.search },
  };
}

/** Checks a profile read from disk (shape only; value ranges are checked where they are used). */
export function parseProfile(value: unknown, field = 'profile'): SimilarityProfile {
  const v = value as Partial<SimilarityProfile> | null;
  if (!v || typeof v !== 'object' || !v.conceptSet || typeof v.conceptSet !== 'object' || !v.search || typeof v.search !== 'object' || typeof v.hierarchy !== 'boolean' || typeof v.equivalence !== 'boolean' || typeof v.polarityIdf !== 'boolean') {
    throw invalidArgument('not a similarity profile (conceptSet, hierarchy, equivalence, polarityIdf, search)', field);
  }
  return withProfile(DEFAULT_SIMILARITY_PROFILE, v);
}

/** What a profile needs from a pack: the hierarchy and equivalence for the index, and concept-set options. */
export interface ProfileParts {
  hierarchy: Hierarchy | null;
  equivalence: Equivalence | undefined;
  conceptSetOptions: ConceptSetOptions;
}

export function profileParts(pack: Pack, profile: SimilarityProfile): ProfileParts {
  return {
    hierarchy: profile.hierarchy ? new PackHierarchy(pack) : null,
    equivalence: profile.equivalence ? new PackEquivalence(pack) : undefined,
    conceptSetOptions: {
      ...profile.conceptSet,
      // The concept's own group in the pack, not the mention's type: the same concept always weighs the same.
      groupOf: (id) => pack.concept(id)?.group,
    },
  };
}

/** Document frequencies per polarity over a corpus of concept sets (what `polarityIdf` weighs by). */
export interface PolarityDf {
  reports: number;
  present: Record<string, number>;
  negated: Record<string, number>;
}

export function polarityDf(sets: Iterable<ConceptSet>): PolarityDf {
  const df: PolarityDf = { reports: 0, present: {}, negated: {} };
  for (const s of sets) {
    df.reports++;
    for (const id of s.present.keys()) df.present[id] = (df.present[id] ?? 0) + 1;
    for (const id of s.negated.keys()) df.negated[id] = (df.negated[id] ?? 0) + 1;
  }
  return df;
}

/**
 * A copy of `set` with every weight × idf = ln((N + 1)/(df + 1)) + 1, df counted in the same polarity (a concept the
 * corpus never had gets the largest idf). Always ≥ 1, so weights stay > 0.
 */
export function applyPolarityIdf(set: ConceptSet, df: PolarityDf): ConceptSet {
  const idf = (n: number | undefined) => Math.log((df.reports + 1) / ((n ?? 0) + 1)) + 1;
  return {
    present: new Map([...set.present].map(([id, w]) => [id, w * idf(df.present[id])])),
    negated: new Map([...set.negated].map(([id, w]) => [id, w * idf(df.negated[id])])),
    uncertain: new Set(set.uncertain),
  };
}
