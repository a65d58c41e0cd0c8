import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { ClinlinkError } from '../../errors.js';
import { SEMANTIC_GROUPS, conceptId, dotIcd10cm, type SemanticGroup, type System } from '../concept.js';
import { LoadReport, type PackSink } from '../sink.js';

/**
 * The clinlink custom vocabulary format (see ontology/README.md): a JSON document or a CSV file. It is also the
 * format of the embedded starter vocabulary. Custom vocabularies are small by nature (thousands of concepts), so the
 * file is read whole; every concept is validated and a bad one is an error naming file, concept index and field.
 */
export interface VocabConcept {
  code: string;
  preferred: string;
  group: SemanticGroup;
  synonyms?: string[];
  abbreviations?: string[];
  parents?: string[];
  semanticTypes?: string[];
  /** ICD-10-CM code → billable flag. */
  icd10cm?: Record<string, boolean>;
  xrefs?: { system: System; code: string }[];
}

export interface VocabFile {
  format: 'clinlink-vocab';
  version: 1;
  system: System;
  concepts: VocabConcept[];
}

export interface CustomLoadOptions {
  /** System for CSV files (JSON files name their own); default 'CUSTOM'. */
  system?: System;
}

export async function loadCustomVocabulary(file: string, sink: PackSink, options: CustomLoadOptions = {}): Promise<LoadReport> {
  const vocab = await readVocabulary(file, options);
  const report = new LoadReport('custom', file);
  const seen = new Set<string>();
  for (const c of vocab.concepts) {
    report.read++;
    if (seen.has(c.code)) {
      throw new ClinlinkError('E_PARSE', `duplicate concept code "${c.code}"`, { file, field: 'code' });
    }
    seen.add(c.code);
    emitConcept(vocab.system, c, sink);
    report.kept++;
  }
  return report;
}

function emitConcept(system: System, c: VocabConcept, sink: PackSink): void {
  const id = conceptId(system, c.code);
  sink.concept({ id, system, code: c.code, preferred: c.preferred, group: c.group, active: true });
  sink.term(id, { text: c.preferred, kind: 'preferred' });
  for (const s of c.synonyms ?? []) sink.term(id, { text: s, kind: 'synonym' });
  for (const a of c.abbreviations ?? []) sink.term(id, { text: a, kind: 'abbreviation' });
  for (const p of c.parents ?? []) sink.parent(id, conceptId(system, p));
  for (const t of c.semanticTypes ?? []) sink.semanticType(id, t);
  for (const [code, billable] of Object.entries(c.icd10cm ?? {})) {
    const dotted = dotIcd10cm(code);
    sink.xref(id, { system: 'ICD10CM', code: dotted, relation: billable ? 'icd10cm-billable' : 'icd10cm-header' });
  }
  for (const x of c.xrefs ?? []) sink.xref(id, { system: x.system, code: x.code, relation: 'xref' });
}

/** Reads and validates a vocabulary file (JSON or CSV, by content). */
export async function readVocabulary(file: string, options: CustomLoadOptions = {}): Promise<VocabFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ClinlinkError('E_IO', 'cannot read vocabulary file', { file }, { cause: err });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const trimmed = text.trimStart();
  const vocab = trimmed.startsWith('{') ? parseJsonVocab(trimmed, file) : parseCsvVocab(text, file, options.system ?? 'CUSTOM');
  vocab.concepts.forEach((c, i) => validateConcept(c, file, i));
  return vocab;
}

function parseJsonVocab(text: string, file: string): VocabFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ClinlinkError('E_PARSE', `invalid JSON: ${(err as Error).message}`, { file });
  }
  if (!isRecord(doc) || doc.format !== 'clinlink-vocab') {
    throw new ClinlinkError('E_PARSE', 'not a clinlink-vocab document', { file, field: 'format' });
  }
  if (doc.version !== 1) throw new ClinlinkError('E_PARSE', `unsupported version ${String(doc.version)}`, { file, field: 'version' });
  if (typeof doc.system !== 'string' || !/^[A-Za-z][A-Za-z0-9_]*$/.test(doc.system)) {
    throw new ClinlinkError('E_PARSE', 'system must be an identifier', { file, field: 'system' });
  }
  if (!Array.isArray(doc.concepts)) throw new ClinlinkError('E_PARSE', 'concepts must be an array', { file, field: 'concepts' });
  return { format: 'clinlink-vocab', version: 1, system: doc.system, concepts: doc.concepts as VocabConcept[] };
}

const CSV_COLUMNS = ['code', 'preferred', 'group', 'synonyms', 'abbreviations', 'parents', 'icd10cm'] as const;

function parseCsvVocab(text: string, file: string, system: System): VocabFile {
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, relax_column_count: false });
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw new ClinlinkError('E_PARSE', `invalid CSV: ${(err as Error).message.split('\n')[0]}`, line ? { file, line } : { file });
  }
  const first = rows[0];
  for (const col of ['code', 'preferred', 'group'] as const) {
    if (first && !(col in first)) throw new ClinlinkError('E_PARSE', `missing column "${col}"`, { file, line: 1, field: col });
  }
  const split = (v: string | undefined): string[] => (v ? v.split('|').map((s) => s.trim()).filter(Boolean) : []);
  const concepts = rows.map((r, i) => {
    for (const key of Object.keys(r)) {
      if (!(CSV_COLUMNS as readonly string[]).includes(key)) {
        throw new ClinlinkError('E_PARSE', `unknown column "${key}"`, { file, line: i + 2, field: key });
      }
    }
    const icd = split(r.icd10cm);
    return {
      code: r.code ?? '',
      preferred: r.preferred ?? '',
      group: (r.group ?? '') as SemanticGroup,
      synonyms: split(r.synonyms),
      abbreviations: split(r.abbreviations),
      parents: split(r.parents),
      // CSV carries no billable flag: record the code as a plain cross-reference.
      xrefs: icd.map((code) => ({ system: 'ICD10CM', code: dotIcd10cm(code) })),
    } satisfies VocabConcept;
  });
  return { format: 'clinlink-vocab', version: 1, system, concepts };
}

function validateConcept(c: unknown, file: string, index: number): asserts c is VocabConcept {
  const where = (field: string) => ({ file, field: `concepts[${index}].${field}` });
  if (!isRecord(c)) throw new ClinlinkError('E_PARSE', 'concept must be an object', where(''));
  if (typeof c.code !== 'string' || c.code.trim() === '') throw new ClinlinkError('E_PARSE', 'code must be a non-empty string', where('code'));
  if (typeof c.preferred !== 'string' || c.preferred.trim() === '') {
    throw new ClinlinkError('E_PARSE', 'preferred must be a non-empty string', where('preferred'));
  }
  if (typeof c.group !== 'string' || !(SEMANTIC_GROUPS as readonly string[]).includes(c.group)) {
    throw new ClinlinkError('E_PARSE', `group must be one of ${SEMANTIC_GROUPS.join(', ')}`, where('group'));
  }
  for (const key of ['synonyms', 'abbreviations', 'parents', 'semanticTypes'] as const) {
    const v = c[key];
    if (v !== undefined && (!Array.isArray(v) || v.some((s) => typeof s !== 'string' || s.trim() === ''))) {
      throw new ClinlinkError('E_PARSE', `${key} must be an array of non-empty strings`, where(key));
    }
  }
  if (c.icd10cm !== undefined) {
    if (!isRecord(c.icd10cm)) throw new ClinlinkError('E_PARSE', 'icd10cm must map codes to billable flags', where('icd10cm'));
    for (const [code, flag] of Object.entries(c.icd10cm)) {
      if (!/^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/.test(code) || typeof flag !== 'boolean') {
        throw new ClinlinkError('E_PARSE', `bad ICD-10-CM entry "${code}"`, where('icd10cm'));
      }
    }
  }
  if (c.xrefs !== undefined) {
    if (!Array.isArray(c.xrefs) || c.xrefs.some((x) => !isRecord(x) || typeof x.system !== 'string' || typeof x.code !== 'string')) {
      throw new ClinlinkError('E_PARSE', 'xrefs must be {system, code} objects', where('xrefs'));
    }
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
