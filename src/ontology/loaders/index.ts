import type { LoadReport, PackSink } from '../sink.js';
import { loadCustomVocabulary } from './custom.js';

/** The source kinds `clinlink build` accepts, one loader file each. */
export type SourceKind =
  | 'icd10cm-order'
  | 'icd10cm-tabular'
  | 'icd10cm-index'
  | 'obo'
  | 'medic'
  | 'umls'
  | 'snomed'
  | 'gems'
  | 'vocab';

/**
 * Load order when several sources are combined: the authoritative titles first (their preferred terms win), then
 * sources that enrich existing concepts (tabular notes, index terms, cross-references).
 */
export const SOURCE_ORDER: readonly SourceKind[] = Object.freeze([
  'icd10cm-order',
  'icd10cm-tabular',
  'icd10cm-index',
  'vocab',
  'obo',
  'medic',
  'umls',
  'snomed',
  'gems',
]);

export type Loader = (path: string, sink: PackSink) => Promise<LoadReport[]>;

const one =
  <T>(fn: (path: string, sink: PackSink) => Promise<T>): Loader =>
  async (path, sink) => {
    const r = await fn(path, sink);
    return Array.isArray(r) ? (r as LoadReport[]) : [r as LoadReport];
  };

export const LOADERS: Readonly<Record<SourceKind, Loader>> = Object.freeze({
  'icd10cm-order': notYet('icd10cm-order'),
  'icd10cm-tabular': notYet('icd10cm-tabular'),
  'icd10cm-index': notYet('icd10cm-index'),
  obo: notYet('obo'),
  medic: notYet('medic'),
  umls: notYet('umls'),
  snomed: notYet('snomed'),
  gems: notYet('gems'),
  vocab: one(loadCustomVocabulary),
});

function notYet(kind: string): Loader {
  return async () => {
    throw new Error(`loader ${kind} is not wired yet`);
  };
}
