/**
 * clinlink public API. Only what is exported here is public; everything else may change between versions.
 */
export { ClinlinkError, type ClinlinkErrorCode } from './errors.js';
export type { Concept, CrossReference, SemanticGroup, System, Term, TermKind } from './ontology/concept.js';
export { SEMANTIC_GROUPS, TERM_KINDS } from './ontology/concept.js';
export { Pack, type PackManifest, type TermHit, type TermSearchOptions, type RelatedConcept } from './ontology/pack.js';
export { buildPack, type BuildOptions, type BuildResult, type SourceSpec, type BuildProgress } from './ontology/build.js';
export type { SourceKind } from './ontology/loaders/index.js';
export type { PackSink, ConceptRecord } from './ontology/sink.js';
export { LoadReport } from './ontology/sink.js';
export { starterPackDir } from './ontology/starter.js';
export { normalizeTerm } from './text/normalize.js';
export type { Doc, Entity, Section, SectionName, Span, Assertion, Candidate } from './types.js';
export { load, type LoadOptions } from './load.js';
export { Pipeline, type PipelineOptions } from './pipeline.js';
export { Coder, type CodeAssignment, type CodeOptions, type CodingSetting, type Evidence } from './coding/coder.js';
export { Linker, type LinkOptions, type LinkResult, type DecisionParams, type PairScorer } from './link/linker.js';
export { openLinker, type LinkerOpenOptions } from './link/open.js';
export { BiEncoder, CrossEncoder, TokenClassifier, LearnedTagger, type EmbedOptions, type EncoderOpenOptions, type TaggedSpan, type TagOptions } from './runtime/index.js';
export { annotateMany, type AnnotateManyOptions } from './parallel.js';
export { toFhirBundle, type FhirBundle, type FhirCondition, type FhirOptions, ICD10CM_SYSTEM } from './coding/fhir.js';
export { ExactIndex } from './vectors/exact.js';
export { HnswIndex, DEFAULT_HNSW_PARAMS, type HnswParams } from './vectors/hnsw.js';
export type { VectorIndex, VectorHit } from './vectors/vector-index.js';
export { buildVectorIndex, type IndexEmbedder, type VectorBuildOptions } from './vectors/build.js';
export * from './similarity/index.js';
