import { ClinlinkError, invalidArgument } from '../../errors.js';
import { readLines } from '../../io/lines.js';
import { SEMANTIC_GROUPS, conceptId, type SemanticGroup, type System } from '../concept.js';
import { LoadReport, type PackSink } from '../sink.js';

/**
 * CTD MEDIC disease vocabulary (CTD_diseases.tsv[.gz]): '#' comment header, then one tab-separated row per disease
 * with the columns below. Streamed row by row.
 *
 * - DiseaseID → concept id: MESH:D003924 → system MESH, code D003924 (id `MESH:D003924`); OMIM:125853 → OMIM.
 * - DiseaseName → preferred term; Synonyms ('|') → synonym terms.
 * - AltDiseaseIDs ('|': MESH:…, OMIM:…, DO:DOID:…) → cross-references with relation 'alt_id' (DO:DOID:0060395 →
 *   system DOID, code DOID:0060395), so a lookup by any of them finds the MEDIC concept.
 * - ParentIDs ('|') → is-a parents. Definition, TreeNumbers, ParentTreeNumbers and SlimMappings are not loaded.
 * Every concept gets the group `group` (default 'condition': MEDIC is a disease vocabulary).
 * A row with the wrong number of fields is an E_PARSE naming file, line and field; rows without a usable DiseaseID
 * and repeated DiseaseIDs are skipped and counted. Synonyms, alt ids and parents are tallied.
 */
export interface CtdMedicOptions {
  /** Group of every concept; default 'condition'. */
  group?: SemanticGroup;
}

export const MEDIC_COLUMNS = [
  'DiseaseName',
  'DiseaseID',
  'AltDiseaseIDs',
  'Definition',
  'ParentIDs',
  'TreeNumbers',
  'ParentTreeNumbers',
  'Synonyms',
  'SlimMappings',
] as const;

export async function loadCtdMedic(path: string, sink: PackSink, options: CtdMedicOptions = {}): Promise<LoadReport> {
  const group = options.group ?? 'condition';
  if (!SEMANTIC_GROUPS.includes(group)) throw invalidArgument(`group must be one of ${SEMANTIC_GROUPS.join(', ')}`, 'group');
  const report = new LoadReport('medic', path);
  const seen = new Set<string>();
  let first = true;
  for await (const { number, text } of readLines(path)) {
    if (text.startsWith('#')) {
      // The header names the columns in a comment ("# DiseaseName\tDiseaseID…"): check them when present.
      const names = text.replace(/^#\s*/, '').split('\t');
      if (names[0] === MEDIC_COLUMNS[0] && names.length > 1) checkColumns(names, path, number);
      continue;
    }
    if (first) {
      first = false;
      // Some copies carry the column names as a plain first row instead.
      if (text.startsWith(`${MEDIC_COLUMNS[0]}\t`)) {
        checkColumns(text.split('\t'), path, number);
        continue;
      }
    }
    report.read++;
    if (text.trim() === '') {
      report.skip('blank line');
      continue;
    }
    const f = text.split('\t');
    if (f.length !== MEDIC_COLUMNS.length) {
      const field = f.length < MEDIC_COLUMNS.length ? (MEDIC_COLUMNS[f.length] ?? '') : `after ${MEDIC_COLUMNS.at(-1) ?? ''}`;
      throw new ClinlinkError('E_PARSE', `expected ${MEDIC_COLUMNS.length} tab-separated fields, found ${f.length}`, { file: path, line: number, field });
    }
    const [name = '', diseaseId = '', alt = '', , parentIds = '', , , synonyms = ''] = f;
    const key = parseMedicId(diseaseId.trim());
    if (!key) {
      report.skip('DiseaseID without a PREFIX:code form');
      continue;
    }
    const id = conceptId(key.system, key.code);
    if (seen.has(id)) {
      report.skip('duplicate DiseaseID');
      continue;
    }
    seen.add(id);
    report.kept++;
    const preferred = name.trim();
    sink.concept({ id, system: key.system, code: key.code, ...(preferred ? { preferred } : {}), group, active: true });
    if (preferred) sink.term(id, { text: preferred, kind: 'preferred' });
    const terms = new Set<string>([preferred]);
    for (const s of split(synonyms)) {
      if (terms.has(s)) continue;
      terms.add(s);
      sink.term(id, { text: s, kind: 'synonym' });
      report.tally('synonym');
    }
    for (const a of split(alt)) {
      const x = parseMedicId(a);
      if (!x) report.tally('alt id skipped: no PREFIX:code form');
      else {
        sink.xref(id, { system: x.system, code: x.code, relation: 'alt_id' });
        report.tally('alt_id');
      }
    }
    for (const p of split(parentIds)) {
      const x = parseMedicId(p);
      if (!x) report.tally('parent skipped: no PREFIX:code form');
      else {
        sink.parent(id, conceptId(x.system, x.code));
        report.tally('parent');
      }
    }
  }
  return report;
}

function checkColumns(names: readonly string[], file: string, line: number): void {
  MEDIC_COLUMNS.forEach((c, i) => {
    if (names[i]?.trim() !== c) throw new ClinlinkError('E_PARSE', `header: expected column "${c}"`, { file, line, field: c });
  });
}

function split(v: string): string[] {
  return v === '' ? [] : v.split('|').map((s) => s.trim()).filter(Boolean);
}

/** MESH:D003924 → {MESH, D003924}; OMIM:125853 / MIM:125853 → {OMIM, 125853}; DO:DOID:9352 → {DOID, DOID:9352}. */
export function parseMedicId(raw: string): { system: System; code: string } | undefined {
  if (raw.startsWith('DO:DOID:')) return raw.length > 8 ? { system: 'DOID', code: raw.slice(3) } : undefined;
  const colon = raw.indexOf(':');
  if (colon <= 0 || colon === raw.length - 1) return undefined;
  const prefix = raw.slice(0, colon).toUpperCase();
  const code = raw.slice(colon + 1);
  if (prefix === 'MESH') return { system: 'MESH', code };
  if (prefix === 'OMIM' || prefix === 'MIM') return { system: 'OMIM', code };
  return { system: raw.slice(0, colon), code };
}
