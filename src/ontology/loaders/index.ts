import type { LoadReport, PackSink } from '../sink.js';
import { loadCtdMedic } from './ctd-medic.js';
import { loadCustomVocabulary } from './custom.js';
import { loadGems } from './gems.js';
import { loadIcd10cmDrugs } from './icd10cm-drugs.js';
import { loadIcd10cmIndex } from './icd10cm-index.js';
import { loadIcd10cmNeoplasms } from './icd10cm-neoplasm.js';
import { loadIcd10cmOrder } from './icd10cm-order.js';
import { loadIcd10cmTabular } from './icd10cm-tabular.js';
import { loadObo } from './obo.js';
import { loadSnomedRf2 } from './snomed-rf2.js';
import { loadUmlsRrf } from './umls-rrf.js';

/** The source kinds `clinlink build` accepts, one loader file each. */
export type SourceKind =
  | 'icd10cm-order'
  | 'icd10cm-tabular'
  | 'icd10cm-index'
  | 'icd10cm-drugs'
  | 'icd10cm-neoplasm'
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
  // Substances last: a drug name another source already names keeps that concept first.
  'icd10cm-drugs',
  'icd10cm-neoplasm',
]);

export type Loader = (path: string, sink: PackSink) => Promise<LoadReport[]>;

const one =
  <T>(fn: (path: string, sink: PackSink) => Promise<T>): Loader =>
  async (path, sink) => {
    const r = await fn(path, sink);
    return Array.isArray(r) ? (r as LoadReport[]) : [r as LoadReport];
  };

export const LOADERS: Readonly<Record<SourceKind, Loader>> = Object.freeze({
  'icd10cm-order': one(loadIcd10cmOrder),
  'icd10cm-tabular': one(loadIcd10cmTabular),
  'icd10cm-index': one(loadIcd10cmIndex),
  'icd10cm-drugs': one(loadIcd10cmDrugs),
  'icd10cm-neoplasm': one(loadIcd10cmNeoplasms),
  obo: one(loadObo),
  medic: one(loadCtdMedic),
  umls: one(loadUmlsRrf),
  snomed: one(loadSnomedRf2),
  gems: one(loadGems),
  vocab: one(loadCustomVocabulary),
});

