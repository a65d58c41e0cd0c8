import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ClinlinkError, invalidArgument } from '../../errors.js';
import { readLines } from '../../io/lines.js';
import { conceptId } from '../concept.js';
import { groupForSnomedTag } from '../semantic-groups.js';
import { LoadReport, type PackSink } from '../sink.js';

/**
 * SNOMED CT RF2 Snapshot loader. Reads, from a release directory (searched recursively, so the release root, its
 * Snapshot/ folder or a flat folder all work; .txt or .txt.gz):
 * - sct2_Concept_Snapshot_*: every concept becomes `SNOMEDCT:<sctid>`; inactive ones are kept with active:false
 *   (old records still resolve) and tallied in the concept file's report.
 * - der2_cRefset_LanguageSnapshot-*: members of the requested language refsets with acceptability "preferred"
 *   name each concept's preferred synonym; the first refset in `languageRefsets` wins.
 * - sct2_Description_Snapshot-*: active descriptions in the requested languages. Synonyms become terms; the FSN gives
 *   the semantic tag ("(disorder)" → semanticType 'disorder', group from SNOMED_TAG_GROUPS) and, without its tag,
 *   a synonym and the fallback preferred term when no preferred synonym is known.
 * - sct2_Relationship_Snapshot_* (inferred): active "116680003 |Is a|" rows give parents.
 * Inactive descriptions, relationships and refset members, other relationship types and rows for unknown concepts
 * are skipped and counted. A snapshot should hold one row per component id; when one holds several (e.g. editions
 * concatenated) the row with the latest effectiveTime wins and the others are counted as superseded. Duplicates are
 * found with a first pass that sorts 52-bit hashes of the ids (8 bytes a row), so no file is held in memory; only
 * the per-concept state (status, FSN, preferred term) is.
 */
export interface SnomedRf2Options {
  /** Language refsets, in priority order; default ['900000000000509007'] (US English). GB English is 900000000000508004. */
  languageRefsets?: readonly string[];
  /** Description languageCode values to load; default ['en']. */
  languages?: readonly string[];
}

export const SNOMED_FSN = '900000000000003001';
export const SNOMED_SYNONYM = '900000000000013009';
export const SNOMED_DEFINITION = '900000000000550004';
export const SNOMED_IS_A = '116680003';
export const SNOMED_PREFERRED = '900000000000548007';
export const SNOMED_ACCEPTABLE = '900000000000549004';
export const SNOMED_US_ENGLISH = '900000000000509007';

const CONCEPT_COLUMNS = ['id', 'effectiveTime', 'active', 'moduleId', 'definitionStatusId'] as const;
const DESCRIPTION_COLUMNS = ['id', 'effectiveTime', 'active', 'moduleId', 'conceptId', 'languageCode', 'typeId', 'term', 'caseSignificanceId'] as const;
const RELATIONSHIP_COLUMNS = ['id', 'effectiveTime', 'active', 'moduleId', 'sourceId', 'destinationId', 'relationshipGroup', 'typeId', 'characteristicTypeId', 'modifierId'] as const;
const LANGUAGE_COLUMNS = ['id', 'effectiveTime', 'active', 'moduleId', 'refsetId', 'referencedComponentId', 'acceptabilityId'] as const;

const FILE_PATTERNS = {
  concept: /^sct2_Concept_Snapshot[_-].*\.txt(\.gz)?$/i,
  description: /^sct2_Description_Snapshot[_-].*\.txt(\.gz)?$/i,
  // Not StatedRelationship, not RelationshipConcreteValues: the inferred is-a graph is the classified one.
  relationship: /^sct2_Relationship_Snapshot[_-].*\.txt(\.gz)?$/i,
  language: /^der2_cRefset_LanguageSnapshot[_-].*\.txt(\.gz)?$/i,
} as const;

type FileKind = keyof typeof FILE_PATTERNS;

interface ConceptState {
  active: boolean;
  fsn?: string;
  fsnRank: number;
  preferred?: string;
  preferredRank: number;
}

const NO_RANK = Number.MAX_SAFE_INTEGER;

export async function loadSnomedRf2(path: string, sink: PackSink, options: SnomedRf2Options = {}): Promise<LoadReport[]> {
  const refsets = list(options.languageRefsets, 'languageRefsets') ?? [SNOMED_US_ENGLISH];
  const languages = new Set(list(options.languages, 'languages') ?? ['en']);
  for (const r of refsets) if (!/^\d{6,18}$/.test(r)) throw invalidArgument(`languageRefsets: "${r}" is not an SCTID`, 'languageRefsets');
  const files = await findFiles(path);
  for (const kind of ['concept', 'description', 'relationship'] as const) {
    if (files[kind].length === 0) throw new ClinlinkError('E_IO', `no ${FILE_PATTERNS[kind].source} file found in SNOMED CT RF2 directory`, { file: path });
  }

  const reports: LoadReport[] = [];
  const concepts = new Map<string, ConceptState>();
  for (const file of files.concept) reports.push(await readConcepts(file, concepts));

  // Description id → rank of the first requested refset that marks it preferred.
  const preferredDescriptions = new Map<string, number>();
  const refsetRank = new Map(refsets.map((r, i) => [r, i]));
  for (const file of files.language) reports.push(await readLanguageRefset(file, refsetRank, preferredDescriptions));

  for (const file of files.description) reports.push(await readDescriptions(file, sink, concepts, languages, preferredDescriptions));
  preferredDescriptions.clear();
  for (const file of files.relationship) reports.push(await readRelationships(file, sink, concepts));

  for (const [code, c] of concepts) {
    const id = conceptId('SNOMEDCT', code);
    const tag = c.fsn === undefined ? undefined : semanticTag(c.fsn);
    const preferred = c.preferred ?? (c.fsn === undefined ? undefined : stripTag(c.fsn));
    sink.concept({
      id,
      system: 'SNOMEDCT',
      code,
      active: c.active,
      ...(preferred ? { preferred } : {}),
      ...(tag ? { group: groupForSnomedTag(tag) } : {}),
    });
    if (preferred) sink.term(id, { text: preferred, kind: 'preferred' });
    // The FSN without its tag is often the preferred term again; otherwise it is one more synonym.
    const bare = c.fsn === undefined ? '' : stripTag(c.fsn);
    if (bare !== '' && bare.toLowerCase() !== preferred?.toLowerCase()) sink.term(id, { text: bare, kind: 'synonym' });
    if (tag) sink.semanticType(id, tag);
  }
  return reports;
}

function list(v: readonly string[] | undefined, name: string): readonly string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length === 0 || v.some((s) => typeof s !== 'string' || s.trim() === '')) {
    throw invalidArgument(`${name} must be a non-empty list of non-empty strings`, name);
  }
  return v;
}

/** The semantic tag of an FSN: "Type 2 diabetes mellitus (disorder)" → "disorder". */
export function semanticTag(fsn: string): string | undefined {
  return /\(([^()]+)\)\s*$/.exec(fsn)?.[1]?.trim();
}

function stripTag(fsn: string): string {
  return fsn.replace(/\s*\([^()]+\)\s*$/, '');
}

async function findFiles(root: string): Promise<Record<FileKind, string[]>> {
  const found: Record<FileKind, string[]> = { concept: [], description: [], relationship: [], language: [] };
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      throw new ClinlinkError('E_IO', 'cannot read SNOMED CT RF2 directory', { file: dir }, { cause: err });
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory()) {
        // Full/ and Delta/ hold the same components with history; only Snapshot is loaded.
        if (depth < 6 && !/^(full|delta)$/i.test(e.name)) await walk(join(dir, e.name), depth + 1);
        continue;
      }
      for (const kind of Object.keys(FILE_PATTERNS) as FileKind[]) {
        if (FILE_PATTERNS[kind].test(e.name)) found[kind].push(join(dir, e.name));
      }
    }
  };
  await walk(root, 0);
  return found;
}

interface Row {
  file: string;
  line: number;
  f: string[];
}

/**
 * Validated data rows of an RF2 file, each id once: the header must name the expected columns; rows whose id also
 * occurs elsewhere are held back and only the one with the latest effectiveTime is yielded (at the end).
 */
async function* latestRows(file: string, columns: readonly string[], report: LoadReport): AsyncGenerator<Row> {
  const duplicates = await duplicateIdHashes(file);
  const held = new Map<string, Row>();
  for await (const { number, text } of readLines(file)) {
    if (number === 1) {
      checkHeader(text, file, columns);
      continue;
    }
    report.read++;
    if (text === '') {
      report.skip('blank line');
      continue;
    }
    const f = text.split('\t');
    if (f.length !== columns.length) {
      const field = f.length < columns.length ? (columns[f.length] ?? '') : `after ${columns.at(-1) ?? ''}`;
      throw new ClinlinkError('E_PARSE', `expected ${columns.length} tab-separated fields, found ${f.length}`, { file, line: number, field });
    }
    const id = f[0] ?? '';
    if (id === '') throw new ClinlinkError('E_PARSE', 'empty id', { file, line: number, field: 'id' });
    if (!/^\d{8}$/.test(f[1] ?? '')) throw new ClinlinkError('E_PARSE', 'effectiveTime must be YYYYMMDD', { file, line: number, field: 'effectiveTime' });
    if (f[2] !== '0' && f[2] !== '1') throw new ClinlinkError('E_PARSE', 'active must be 0 or 1', { file, line: number, field: 'active' });
    const row = { file, line: number, f };
    if (!duplicates.has(hash52(id))) {
      yield row;
      continue;
    }
    const prev = held.get(id);
    // effectiveTime is fixed-width YYYYMMDD: string order is date order. On a tie the first row stays.
    if (prev && (prev.f[1] ?? '') >= (f[1] ?? '')) report.skip('superseded duplicate id');
    else {
      if (prev) report.skip('superseded duplicate id');
      held.set(id, row);
    }
  }
  yield* held.values();
}

function checkHeader(text: string, file: string, columns: readonly string[]): void {
  const names = text.split('\t');
  columns.forEach((c, i) => {
    if (names[i] !== c) throw new ClinlinkError('E_PARSE', `header: expected column "${c}"`, { file, line: 1, field: c });
  });
  if (names.length !== columns.length) {
    throw new ClinlinkError('E_PARSE', `header: expected ${columns.length} columns, found ${names.length}`, { file, line: 1, field: names[columns.length] ?? '' });
  }
}

/** First pass: 52-bit hashes of every id, sorted; those occurring twice are the (candidate) duplicate ids. */
async function duplicateIdHashes(file: string): Promise<Set<number>> {
  let hashes = new Float64Array(1 << 16);
  let n = 0;
  for await (const { number, text } of readLines(file)) {
    if (number === 1 || text === '') continue;
    const tab = text.indexOf('\t');
    if (n === hashes.length) {
      const next = new Float64Array(n * 2);
      next.set(hashes);
      hashes = next;
    }
    hashes[n++] = hash52(tab < 0 ? text : text.slice(0, tab));
  }
  const sorted = hashes.subarray(0, n).sort();
  const dup = new Set<number>();
  for (let i = 1; i < n; i++) if (sorted[i] === sorted[i - 1]) dup.add(sorted[i] ?? 0);
  return dup;
}

/** Two 32-bit FNV-style hashes combined into an exact 52-bit integer. A collision only sends a row down the slower exact path. */
function hash52(s: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return (h1 >>> 12) * 2 ** 32 + (h2 >>> 0);
}

/**
 * A copy of `s` that does not pin the file chunk it was cut from: V8 substrings of 13+ characters share their
 * parent, so one kept id or term per 64 KB read chunk would otherwise keep the whole file in memory.
 */
function detach(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf16le').toString('utf16le');
}

function sctid(value: string | undefined, row: Row, field: string): string {
  const v = value ?? '';
  if (!/^\d{6,18}$/.test(v)) throw new ClinlinkError('E_PARSE', 'not an SCTID', { file: row.file, line: row.line, field });
  return v;
}

async function readConcepts(file: string, concepts: Map<string, ConceptState>): Promise<LoadReport> {
  const report = new LoadReport('snomed', file);
  for await (const row of latestRows(file, CONCEPT_COLUMNS, report)) {
    const id = sctid(row.f[0], row, 'id');
    const active = row.f[2] === '1';
    const prev = concepts.get(id);
    if (prev) {
      // The same concept in two concept files (e.g. an edition and an extension): the first file's status stands.
      report.skip('concept already loaded from another file');
      continue;
    }
    concepts.set(detach(id), { active, fsnRank: NO_RANK, preferredRank: NO_RANK });
    report.kept++;
    if (!active) report.tally('inactive concept (kept, active:false)');
  }
  return report;
}

async function readLanguageRefset(file: string, refsetRank: ReadonlyMap<string, number>, preferred: Map<string, number>): Promise<LoadReport> {
  const report = new LoadReport('snomed', file);
  for await (const row of latestRows(file, LANGUAGE_COLUMNS, report)) {
    const rank = refsetRank.get(row.f[4] ?? '');
    const acceptability = row.f[6] ?? '';
    if (rank === undefined) report.skip('language refset not requested');
    else if (row.f[2] !== '1') report.skip('inactive refset member');
    else if (acceptability !== SNOMED_PREFERRED && acceptability !== SNOMED_ACCEPTABLE) report.skip('unknown acceptabilityId');
    else {
      report.kept++;
      if (acceptability === SNOMED_PREFERRED) {
        const description = sctid(row.f[5], row, 'referencedComponentId');
        if (rank < (preferred.get(description) ?? NO_RANK)) preferred.set(detach(description), rank);
      }
    }
  }
  return report;
}

async function readDescriptions(
  file: string,
  sink: PackSink,
  concepts: ReadonlyMap<string, ConceptState>,
  languages: ReadonlySet<string>,
  preferred: ReadonlyMap<string, number>,
): Promise<LoadReport> {
  const report = new LoadReport('snomed', file);
  for await (const row of latestRows(file, DESCRIPTION_COLUMNS, report)) {
    const f = row.f;
    const code = sctid(f[4], row, 'conceptId');
    const concept = concepts.get(code);
    const type = f[6] ?? '';
    const term = (f[7] ?? '').trim();
    if (f[2] !== '1') report.skip('inactive description');
    else if (!languages.has(f[5] ?? '')) report.skip('language not requested');
    else if (!concept) report.skip('description of unknown concept');
    else if (type === SNOMED_DEFINITION) report.skip('definition (not a term)');
    else if (type !== SNOMED_FSN && type !== SNOMED_SYNONYM) report.skip('unknown description typeId');
    else if (term === '') report.skip('empty term');
    else {
      report.kept++;
      const rank = preferred.get(f[0] ?? '') ?? NO_RANK;
      if (type === SNOMED_FSN) {
        // One FSN per concept is expected; with several (extensions), the one preferred in the best refset wins.
        if (concept.fsn === undefined || rank < concept.fsnRank) {
          concept.fsn = detach(term);
          concept.fsnRank = rank;
        }
      } else {
        sink.term(conceptId('SNOMEDCT', code), { text: term, kind: 'synonym' });
        if (rank < concept.preferredRank) {
          concept.preferred = detach(term);
          concept.preferredRank = rank;
        }
      }
    }
  }
  return report;
}

async function readRelationships(file: string, sink: PackSink, concepts: ReadonlyMap<string, ConceptState>): Promise<LoadReport> {
  const report = new LoadReport('snomed', file);
  for await (const row of latestRows(file, RELATIONSHIP_COLUMNS, report)) {
    const f = row.f;
    if (f[2] !== '1') {
      report.skip('inactive relationship');
      continue;
    }
    if (f[7] !== SNOMED_IS_A) {
      report.skip('not an is-a relationship');
      continue;
    }
    const source = sctid(f[4], row, 'sourceId');
    const destination = sctid(f[5], row, 'destinationId');
    if (!concepts.has(source) || !concepts.has(destination)) report.skip('relationship to unknown concept');
    else if (source === destination) report.skip('self is-a');
    else {
      report.kept++;
      sink.parent(conceptId('SNOMEDCT', source), conceptId('SNOMEDCT', destination));
    }
  }
  return report;
}
