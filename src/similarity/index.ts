/**
 * Report similarity search (concept distillation + weighted Tversky index). The lead re-exports this module from
 * src/index.ts.
 */
export {
  conceptSet,
  conceptSetFromDoc,
  emptyConceptSet,
  validateConceptSet,
  DEFAULT_GROUP_WEIGHTS,
  type ConceptSet,
  type ConceptSetOptions,
} from './concept-set.js';
export {
  CanonicalHierarchy,
  IDENTITY_EQUIVALENCE,
  MapHierarchy,
  PackEquivalence,
  PackHierarchy,
  UnionFindEquivalence,
  type Equivalence,
  type Hierarchy,
  type PackEquivalenceOptions,
  type PackHierarchyOptions,
} from './hierarchy.js';
export {
  combine,
  compareConceptSets,
  createScorer,
  differencePenalty,
  informationContent,
  linSimilarity,
  pathSimilarity,
  rankReports,
  resolveParams,
  symmetricTversky,
  weightedTversky,
  type Contradiction,
  type PartialMatch,
  type RankedReport,
  type ScoreTerms,
  type Scorer,
  type ScoringParams,
  type SharedConcept,
  type SimilarityExplanation,
  type SimilarityOptions,
  type SimilarityResult,
  type UnmatchedConcept,
} from './tversky.js';
export {
  ReportIndex,
  REPORT_INDEX_FORMAT,
  REPORT_INDEX_VERSION,
  type OpenOptions,
  type ReportIndexOptions,
  type SearchHit,
  type SearchOptions,
  type SearchStats,
} from './report-index.js';
export {
  applyPolarityIdf,
  DEFAULT_SIMILARITY_PROFILE,
  parseProfile,
  polarityDf,
  profileParts,
  withProfile,
  type PolarityDf,
  type ProfileParts,
  type SimilarityProfile,
} from './profile.js';
