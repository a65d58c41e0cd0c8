import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ClinlinkError, invalidArgument } from '../../errors.js';
import { readLines } from '../../io/lines.js';
import { conceptId, dotIcd10cm, type SemanticGroup, type System, type Term } from '../concept.js';
import { groupForTui, pickGroup } from '../semantic-groups.js';
import { LoadReport, type PackSink } from '../sink.js';

/**
 * UMLS Metathesaurus loader: a META directory of Rich Release Format files (MRCONSO, MRSTY, MRREL and, opt-in,
 * MRHIER; plain or .gz, also split parts such as MRCONSO.RRF.aa.gz). Every table is streamed line by line; what is
 * kept in memory is independent of the number of strings: a bitset of loaded CUIs, one CUI's atoms at a time, and
 * is-a edges packed into a Float64Array (two CUI numbers per edge) so they can be de-duplicated by sorting.
 *
 * Concepts: id `UMLS:Cxxxxxxx`, one per CUI with at least one kept atom (requested SAB and language, not suppressed).
 * Terms: the preferred atom's string (kind 'preferred'), TTY AB/ACR atoms as 'abbreviation', every other atom as
 * 'synonym'; non-English atoms carry `lang`. Cross-references: each kept atom's SAB + CODE (relation 'umls-source';
 * CODE 'NOCODE' is not a code). Semantic types and the group come from MRSTY, read after MRCONSO, so the concept
 * record is emitted a second time with its group (the sink merges records by id).
 *
 * Parents (child → parent, CUI level, de-duplicated across rows and sources), read from MRREL where REL is "the
 * relationship of CUI2 to CUI1":
 * - REL=PAR: CUI2 is a parent of CUI1 → CUI1 → CUI2; REL=CHD is the inverse → CUI2 → CUI1. Taken when RELA is empty
 *   or an is-a label (`isaRelas`); PAR/CHD labelled otherwise (e.g. part_of contexts) are not is-a and are skipped.
 * - REL=RB (CUI2 broader): CUI1 → CUI2; REL=RN (CUI2 narrower): CUI2 → CUI1. Taken only when RELA is an is-a label.
 * - MRHIER (only with `mrhier: true`): each row's CUI → the CUI of its PAUI (parent atom), for RELA empty or is-a.
 * Rows whose SAB is not requested, suppressed rows, self-relations and relations to CUIs not loaded are skipped
 * and counted. Each file read gets its own LoadReport: read = kept + skipped.
 */
export interface UmlsRrfOptions {
  /** Source abbreviations (SAB) to load; default all. Checked against MRSAB.RRF when present (unknown → error). */
  sabs?: readonly string[];
  /** MRCONSO LAT values to load; default ['ENG']. The first listed language names the preferred term. */
  languages?: readonly string[];
  /** SUPPRESS flags whose atoms and relations are dropped (counted); default ['O', 'E', 'Y']. [] keeps all. */
  suppress?: readonly string[];
  /** SAB order for choosing the preferred name; default: the UMLS choice (TS=P, STT=PF, ISPREF=Y). */
  preferredSabs?: readonly string[];
  /** MRREL REL values that give parents; default ['PAR', 'CHD', 'RB', 'RN']. */
  parentRels?: readonly UmlsParentRel[];
  /** RELA values that mean is-a; default ['isa', 'inverse_isa']. */
  isaRelas?: readonly string[];
  /**
   * Also read MRHIER.RRF parents. Default false: UMLS derives MRREL PAR/CHD from the same source contexts, and
   * MRHIER needs an AUI → CUI table (4 bytes per AUI number) to resolve PAUI.
   */
  mrhier?: boolean;
}

export type UmlsParentRel = 'PAR' | 'CHD' | 'RB' | 'RN';

const PARENT_RELS: readonly UmlsParentRel[] = ['PAR', 'CHD', 'RB', 'RN'];

const MRCONSO_COLUMNS = ['CUI', 'LAT', 'TS', 'LUI', 'STT', 'SUI', 'ISPREF', 'AUI', 'SAUI', 'SCUI', 'SDUI', 'SAB', 'TTY', 'CODE', 'STR', 'SRL', 'SUPPRESS', 'CVF'] as const;
const MRSTY_COLUMNS = ['CUI', 'TUI', 'STN', 'STY', 'ATUI', 'CVF'] as const;
const MRREL_COLUMNS = ['CUI1', 'AUI1', 'STYPE1', 'REL', 'CUI2', 'AUI2', 'STYPE2', 'RELA', 'RUI', 'SRUI', 'SAB', 'SL', 'RG', 'DIR', 'SUPPRESS', 'CVF'] as const;
const MRHIER_COLUMNS = ['CUI', 'AUI', 'CXN', 'PAUI', 'SAB', 'RELA', 'PTR', 'HCD', 'CVF'] as const;
const MRSAB_COLUMNS = ['VCUI', 'RCUI', 'VSAB', 'RSAB', 'SON', 'SF', 'SVER', 'VSTART', 'VEND', 'IMETA', 'RMETA', 'SLC', 'SCC', 'SRL', 'TFR', 'CFR', 'CXTY', 'TTYL', 'ATNL', 'LAT', 'CENC', 'CURVER', 'SABIN', 'SSN', 'SCIT'] as const;

/** Column index by name, so row access reads as the RRF documentation does. */
function columnIndex<T extends string>(columns: readonly T[]): Readonly<Record<T, number>> {
  return Object.fromEntries(columns.map((c, i) => [c, i])) as Record<T, number>;
}
const C = columnIndex(MRCONSO_COLUMNS);
const S = columnIndex(MRSTY_COLUMNS);
const R = columnIndex(MRREL_COLUMNS);
const H = columnIndex(MRHIER_COLUMNS);

/** UMLS source abbreviations whose clinlink system name differs. */
const SAB_SYSTEMS: Readonly<Record<string, System>> = {
  SNOMEDCT_US: 'SNOMEDCT',
  ICD10CM: 'ICD10CM',
  ICD9CM: 'ICD9CM',
  MSH: 'MESH',
  OMIM: 'OMIM',
  HPO: 'HP',
};

/** UMLS LAT (ISO 639-2/B-like) → ISO 639-1 for Term.lang; unlisted codes are kept lower-cased. */
const LAT_ISO: Readonly<Record<string, string>> = {
  ENG: 'en', SPA: 'es', FRE: 'fr', GER: 'de', ITA: 'it', POR: 'pt', DUT: 'nl', SWE: 'sv', NOR: 'no', DAN: 'da',
  FIN: 'fi', CZE: 'cs', POL: 'pl', HUN: 'hu', RUS: 'ru', JPN: 'ja', CHI: 'zh', KOR: 'ko', TUR: 'tr', GRE: 'el',
  HEB: 'he', ARA: 'ar', LAV: 'lv', EST: 'et', SCR: 'hr', BAQ: 'eu', UKR: 'uk', LIT: 'lt', PER: 'fa',
};

/** Term types that name a source's preferred form; used only when the UMLS-preferred atom is not loaded. */
const PREFERRED_TTYS = new Set(['PT', 'PN', 'MH', 'PTN', 'PEP', 'PTGB']);
const ABBREVIATION_TTYS = new Set(['AB', 'ACR']);

/** The system name of a UMLS SAB in clinlink (SNOMEDCT_US → SNOMEDCT, MSH → MESH, …; others unchanged). */
export function umlsSabSystem(sab: string): System {
  return Object.hasOwn(SAB_SYSTEMS, sab) ? (SAB_SYSTEMS[sab] ?? sab) : sab;
}

export async function loadUmlsRrf(path: string, sink: PackSink, options: UmlsRrfOptions = {}): Promise<LoadReport[]> {
  const opts = resolveOptions(options);
  const dir = await metaDirectory(path);
  const files = await listRrf(dir);
  const need = (table: string): string[] => {
    const parts = files.get(table);
    if (!parts) throw new ClinlinkError('E_IO', `no ${table}.RRF (or .gz) in UMLS directory`, { file: dir });
    return parts;
  };
  const mrconso = need('MRCONSO');
  const mrsty = need('MRSTY');
  const mrrel = need('MRREL');
  const mrhier = opts.mrhier ? need('MRHIER') : undefined;
  const mrsab = files.get('MRSAB');
  if (opts.sabs && mrsab) await checkSabs(mrsab, opts.sabs);

  const loaded = new BitSet();
  const auiToCui = opts.mrhier ? new GrowableInt32() : undefined;
  const reports = [await readMrconso(mrconso, sink, opts, loaded, auiToCui)];
  reports.push(await readMrsty(mrsty, sink, loaded));
  // Edges are collected per file and de-duplicated by sorting: a PAR row and its mirrored CHD row (and the same
  // edge asserted by several sources) count once as kept, the repeats as 'duplicate is-a edge (merged)'.
  const edgeSets: Float64Array[] = [];
  const collect = async (read: (edges: EdgeBuffer) => Promise<LoadReport>) => {
    const edges = new EdgeBuffer();
    const report = await read(edges);
    const unique = edges.sortedUnique();
    report.kept -= edges.length - unique.length;
    report.skip('duplicate is-a edge (merged)', edges.length - unique.length);
    edgeSets.push(unique);
    reports.push(report);
  };
  await collect((edges) => readMrrel(mrrel, opts, loaded, edges));
  if (mrhier && auiToCui) await collect((edges) => readMrhier(mrhier, opts, loaded, auiToCui, edges));
  emitEdges(edgeSets, sink);
  return reports;
}

interface ResolvedOptions {
  sabs: ReadonlySet<string> | undefined;
  languages: readonly string[];
  suppress: ReadonlySet<string>;
  preferredSabs: readonly string[];
  parentRels: ReadonlySet<string>;
  isaRelas: ReadonlySet<string>;
  mrhier: boolean;
}

function resolveOptions(o: UmlsRrfOptions): ResolvedOptions {
  const list = (v: readonly string[] | undefined, name: string): readonly string[] | undefined => {
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string' || s.trim() === '')) throw invalidArgument(`${name} must be a list of non-empty strings`, name);
    return v;
  };
  const sabs = list(o.sabs, 'sabs');
  if (sabs && sabs.length === 0) throw invalidArgument('sabs must name at least one source (omit it to load all)', 'sabs');
  const languages = list(o.languages, 'languages') ?? ['ENG'];
  if (languages.length === 0) throw invalidArgument('languages must name at least one LAT value', 'languages');
  const parentRels = list(o.parentRels, 'parentRels') ?? PARENT_RELS;
  for (const r of parentRels) {
    if (!(PARENT_RELS as readonly string[]).includes(r)) throw invalidArgument(`parentRels: unknown REL "${r}" (use ${PARENT_RELS.join(', ')})`, 'parentRels');
  }
  return {
    sabs: sabs ? new Set(sabs) : undefined,
    languages,
    suppress: new Set(list(o.suppress, 'suppress') ?? ['O', 'E', 'Y']),
    preferredSabs: list(o.preferredSabs, 'preferredSabs') ?? [],
    parentRels: new Set(parentRels),
    isaRelas: new Set(list(o.isaRelas, 'isaRelas') ?? ['isa', 'inverse_isa']),
    mrhier: o.mrhier ?? false,
  };
}

/** Accepts the META folder itself or a release folder that contains META/. */
async function metaDirectory(path: string): Promise<string> {
  const isDir = async (p: string) => {
    try {
      return (await stat(p)).isDirectory();
    } catch {
      return false;
    }
  };
  if (!(await isDir(path))) throw new ClinlinkError('E_IO', 'UMLS source must be a directory of RRF files', { file: path });
  const entries = await readdir(path);
  if (!entries.some((e) => /^MRCONSO\.RRF/i.test(e)) && entries.includes('META') && (await isDir(join(path, 'META')))) return join(path, 'META');
  return path;
}

/** Table name → file parts in read order (MRCONSO.RRF, MRCONSO.RRF.gz, or MRCONSO.RRF.aa.gz, .ab.gz, …). */
async function listRrf(dir: string): Promise<Map<string, string[]>> {
  const tables = new Map<string, string[]>();
  for (const name of (await readdir(dir)).sort()) {
    const m = /^(MR[A-Z]+)\.RRF(\.[a-z]{2})?(\.gz)?$/i.exec(name);
    if (!m?.[1]) continue;
    const table = m[1].toUpperCase();
    const parts = tables.get(table) ?? [];
    parts.push(join(dir, name));
    tables.set(table, parts);
  }
  for (const [table, parts] of tables) {
    // A table present both plain and gzipped would be read twice: refuse rather than double every row.
    const whole = parts.filter((p) => !/\.RRF\.[a-z]{2}(\.gz)?$/i.test(p));
    if (whole.length > 1 || (whole.length === 1 && parts.length > 1)) {
      throw new ClinlinkError('E_IO', `${table} is present more than once (${parts.length} files); keep one copy`, { file: dir });
    }
  }
  return tables;
}

/** Lines of a table across its parts. */
async function* tableLines(parts: readonly string[]): AsyncGenerator<{ file: string; number: number; text: string }> {
  for (const file of parts) {
    for await (const line of readLines(file)) yield { file, number: line.number, text: line.text };
  }
}

/**
 * Splits an RRF row. Rows end with '|', so n fields give n + 1 parts with an empty last one; any other shape is an
 * E_PARSE naming the first missing column (short row) or the column the extra field follows (long row).
 */
function splitRrf(text: string, file: string, line: number, columns: readonly string[]): string[] {
  const parts = text.split('|');
  const n = columns.length;
  if (parts.length === n + 1 && parts[n] === '') return parts;
  if (parts.length === n && parts[n - 1] !== '') {
    throw new ClinlinkError('E_PARSE', `row does not end with "|" (expected ${n} pipe-terminated fields)`, { file, line, field: columns[n - 1] ?? '' });
  }
  const found = parts.at(-1) === '' ? parts.length - 1 : parts.length;
  const field = found < n ? (columns[found] ?? '') : `after ${columns[n - 1] ?? ''}`;
  throw new ClinlinkError('E_PARSE', `expected ${n} fields, found ${found}`, { file, line, field });
}

/** CUI 'C' + 7 digits → its number, the key of the bitset and of packed edges. */
function cuiNumber(cui: string, file: string, line: number, field: string): number {
  if (cui.length !== 8 || cui.charCodeAt(0) !== 67 /* C */ || !/^C\d{7}$/.test(cui)) {
    throw new ClinlinkError('E_PARSE', 'malformed CUI (expected C + 7 digits)', { file, line, field });
  }
  return Number(cui.slice(1));
}

function cuiString(n: number): string {
  return `C${String(n).padStart(7, '0')}`;
}

async function checkSabs(mrsab: readonly string[], wanted: ReadonlySet<string>): Promise<void> {
  const known = new Set<string>();
  for await (const { file, number, text } of tableLines(mrsab)) {
    if (text === '') continue;
    const f = splitRrf(text, file, number, MRSAB_COLUMNS);
    known.add(f[3] ?? ''); // RSAB
    known.add(f[2] ?? ''); // VSAB
  }
  const unknown = [...wanted].filter((s) => !known.has(s));
  if (unknown.length > 0) throw invalidArgument(`sabs: not in this release's MRSAB.RRF: ${unknown.join(', ')}`, 'sabs');
}

interface Atom {
  lat: string;
  ts: string;
  stt: string;
  ispref: string;
  sab: string;
  tty: string;
  code: string;
  str: string;
}

async function readMrconso(
  parts: readonly string[],
  sink: PackSink,
  opts: ResolvedOptions,
  loaded: BitSet,
  auiToCui: GrowableInt32 | undefined,
): Promise<LoadReport> {
  const report = new LoadReport('umls', parts.join(','));
  const langRank = new Map(opts.languages.map((l, i) => [l, i]));
  const sabRank = new Map(opts.preferredSabs.map((s, i) => [s, i]));
  let groupCui = -1;
  let atoms: Atom[] = [];

  // MRCONSO is sorted by CUI, so a CUI's atoms arrive together: choose the preferred name once per run of rows.
  const flush = () => {
    if (groupCui < 0 || atoms.length === 0) return;
    const cui = cuiString(groupCui);
    const id = conceptId('UMLS', cui);
    const pref = choosePreferred(atoms, langRank, sabRank);
    const first = !loaded.has(groupCui);
    loaded.add(groupCui);
    // An unsorted file can bring a CUI back: the first run's preferred name stands (the sink keeps the first one).
    sink.concept(first ? { id, system: 'UMLS', code: cui, preferred: pref.str, active: true } : { id, system: 'UMLS', code: cui });
    const seenTerms = new Set<string>();
    const seenXrefs = new Set<string>();
    const emitTerm = (a: Atom, kind: Term['kind']) => {
      const lang = a.lat === 'ENG' ? undefined : (LAT_ISO[a.lat] ?? a.lat.toLowerCase());
      const key = `${kind}\u0000${lang ?? ''}\u0000${a.str}`;
      if (seenTerms.has(key)) return;
      seenTerms.add(key);
      sink.term(id, lang ? { text: a.str, kind, lang } : { text: a.str, kind });
    };
    emitTerm(pref, first ? 'preferred' : 'synonym');
    for (const a of atoms) {
      if (a !== pref && !(a.str === pref.str && a.lat === pref.lat)) emitTerm(a, ABBREVIATION_TTYS.has(a.tty) ? 'abbreviation' : 'synonym');
      if (a.code === '' || a.code === 'NOCODE') continue;
      const system = umlsSabSystem(a.sab);
      const code = system === 'ICD10CM' ? dotIcd10cm(a.code) : a.code;
      const key = `${system}\u0000${code}`;
      if (seenXrefs.has(key)) continue;
      seenXrefs.add(key);
      sink.xref(id, { system, code, relation: 'umls-source' });
    }
  };

  for await (const { file, number, text } of tableLines(parts)) {
    report.read++;
    if (text === '') {
      report.skip('blank line');
      continue;
    }
    const f = splitRrf(text, file, number, MRCONSO_COLUMNS);
    const cui = cuiNumber(f[C.CUI] ?? '', file, number, 'CUI');
    if (cui !== groupCui) {
      flush();
      groupCui = cui;
      atoms = [];
    }
    const lat = f[C.LAT] ?? '';
    const sab = f[C.SAB] ?? '';
    const suppress = f[C.SUPPRESS] ?? '';
    if (!langRank.has(lat)) report.skip('language not requested');
    else if (opts.sabs && !opts.sabs.has(sab)) report.skip('SAB not requested');
    else if (opts.suppress.has(suppress)) report.skip(`suppressed (SUPPRESS=${suppress})`);
    else if ((f[C.STR] ?? '').trim() === '') report.skip('empty string');
    else {
      report.kept++;
      atoms.push({
        lat,
        ts: f[C.TS] ?? '',
        stt: f[C.STT] ?? '',
        ispref: f[C.ISPREF] ?? '',
        sab,
        tty: f[C.TTY] ?? '',
        code: f[C.CODE] ?? '',
        str: f[C.STR] ?? '',
      });
      if (auiToCui) {
        const aui = /^A(\d+)$/.exec(f[C.AUI] ?? '');
        if (aui?.[1]) auiToCui.set(Number(aui[1]), cui + 1);
      }
    }
  }
  flush();
  return report;
}

/**
 * The preferred atom, by (language rank, preferredSabs rank, tier, file order). Tier 0 is the UMLS preferred atom
 * (TS=P, STT=PF, ISPREF=Y); then a source's preferred term type (PT, PN, MH…); then ISPREF=Y; then any other
 * non-abbreviation; abbreviations last, so "DM" never names a concept that has a full name.
 */
function choosePreferred(atoms: readonly Atom[], langRank: ReadonlyMap<string, number>, sabRank: ReadonlyMap<string, number>): Atom {
  const unlisted = sabRank.size;
  const tier = (a: Atom): number => {
    if (ABBREVIATION_TTYS.has(a.tty)) return 4;
    if (a.ts === 'P' && a.stt === 'PF' && a.ispref === 'Y') return 0;
    if (PREFERRED_TTYS.has(a.tty)) return 1;
    return a.ispref === 'Y' ? 2 : 3;
  };
  let best = atoms[0] as Atom;
  let bestKey = [langRank.get(best.lat) ?? 0, sabRank.get(best.sab) ?? unlisted, tier(best)];
  for (let i = 1; i < atoms.length; i++) {
    const a = atoms[i] as Atom;
    const key = [langRank.get(a.lat) ?? 0, sabRank.get(a.sab) ?? unlisted, tier(a)];
    for (let k = 0; k < key.length; k++) {
      const d = (key[k] ?? 0) - (bestKey[k] ?? 0);
      if (d < 0) {
        best = a;
        bestKey = key;
      }
      if (d !== 0) break;
    }
  }
  return best;
}

async function readMrsty(parts: readonly string[], sink: PackSink, loaded: BitSet): Promise<LoadReport> {
  const report = new LoadReport('umls', parts.join(','));
  let groupCui = -1;
  let groups: SemanticGroup[] = [];
  const flush = () => {
    if (groupCui < 0 || groups.length === 0) return;
    const cui = cuiString(groupCui);
    sink.concept({ id: conceptId('UMLS', cui), system: 'UMLS', code: cui, group: pickGroup(groups) });
  };
  for await (const { file, number, text } of tableLines(parts)) {
    report.read++;
    if (text === '') {
      report.skip('blank line');
      continue;
    }
    const f = splitRrf(text, file, number, MRSTY_COLUMNS);
    const cui = cuiNumber(f[S.CUI] ?? '', file, number, 'CUI');
    if (cui !== groupCui) {
      flush();
      groupCui = cui;
      groups = [];
    }
    const sty = (f[S.STY] ?? '').trim();
    if (!loaded.has(cui)) report.skip('concept not loaded');
    else if (sty === '') report.skip('empty STY');
    else {
      report.kept++;
      groups.push(groupForTui(f[S.TUI] ?? ''));
      sink.semanticType(conceptId('UMLS', cuiString(cui)), sty);
    }
  }
  flush();
  return report;
}

/** MRREL → is-a edges (see the module comment for the direction rules); the caller de-duplicates them. */
async function readMrrel(parts: readonly string[], opts: ResolvedOptions, loaded: BitSet, edges: EdgeBuffer): Promise<LoadReport> {
  const report = new LoadReport('umls', parts.join(','));
  for await (const { file, number, text } of tableLines(parts)) {
    report.read++;
    if (text === '') {
      report.skip('blank line');
      continue;
    }
    const f = splitRrf(text, file, number, MRREL_COLUMNS);
    const rel = f[R.REL] ?? '';
    const rela = f[R.RELA] ?? '';
    const suppress = f[R.SUPPRESS] ?? '';
    if (!opts.parentRels.has(rel)) {
      report.skip(`REL=${rel || '(empty)'} not a parent relation`);
      continue;
    }
    if (rel === 'PAR' || rel === 'CHD' ? rela !== '' && !opts.isaRelas.has(rela) : !opts.isaRelas.has(rela)) {
      report.skip(rel === 'PAR' || rel === 'CHD' ? 'PAR/CHD with a non-is-a RELA' : 'RB/RN without an is-a RELA');
      continue;
    }
    if (opts.sabs && !opts.sabs.has(f[R.SAB] ?? '')) {
      report.skip('SAB not requested');
      continue;
    }
    if (opts.suppress.has(suppress)) {
      report.skip(`suppressed (SUPPRESS=${suppress})`);
      continue;
    }
    const cui1 = cuiNumber(f[R.CUI1] ?? '', file, number, 'CUI1');
    const cui2 = cuiNumber(f[R.CUI2] ?? '', file, number, 'CUI2');
    if (cui1 === cui2) report.skip('self relation');
    else if (!loaded.has(cui1) || !loaded.has(cui2)) report.skip('concept not loaded');
    else {
      report.kept++;
      if (rel === 'PAR' || rel === 'RB') edges.push(cui1, cui2);
      else edges.push(cui2, cui1);
    }
  }
  return report;
}

async function readMrhier(
  parts: readonly string[],
  opts: ResolvedOptions,
  loaded: BitSet,
  auiToCui: GrowableInt32,
  edges: EdgeBuffer,
): Promise<LoadReport> {
  const report = new LoadReport('umls', parts.join(','));
  for await (const { file, number, text } of tableLines(parts)) {
    report.read++;
    if (text === '') {
      report.skip('blank line');
      continue;
    }
    const f = splitRrf(text, file, number, MRHIER_COLUMNS);
    const rela = f[H.RELA] ?? '';
    const paui = f[H.PAUI] ?? '';
    if (opts.sabs && !opts.sabs.has(f[H.SAB] ?? '')) {
      report.skip('SAB not requested');
      continue;
    }
    if (rela !== '' && !opts.isaRelas.has(rela)) {
      report.skip('context with a non-is-a RELA');
      continue;
    }
    if (paui === '') {
      report.skip('root context (no parent atom)');
      continue;
    }
    const child = cuiNumber(f[H.CUI] ?? '', file, number, 'CUI');
    const m = /^A(\d+)$/.exec(paui);
    if (!m?.[1]) throw new ClinlinkError('E_PARSE', 'malformed PAUI (expected A + digits)', { file, line: number, field: 'PAUI' });
    const parent = auiToCui.get(Number(m[1])) - 1;
    if (!loaded.has(child)) report.skip('concept not loaded');
    else if (parent < 0) report.skip('parent atom not loaded');
    else if (parent === child) report.skip('self relation');
    else {
      report.kept++;
      edges.push(child, parent);
    }
  }
  return report;
}

/** Emits the union of sorted, de-duplicated edge sets. */
function emitEdges(sets: readonly Float64Array[], sink: PackSink): void {
  let all = sets[0] ?? new Float64Array(0);
  if (sets.length > 1) {
    all = new Float64Array(sets.reduce((n, s) => n + s.length, 0));
    let at = 0;
    for (const s of sets) {
      all.set(s, at);
      at += s.length;
    }
    all.sort();
  }
  let prev = -1;
  for (const key of all) {
    if (key === prev) continue;
    prev = key;
    const child = Math.floor(key / EDGE_SHIFT);
    const parent = key - child * EDGE_SHIFT;
    sink.parent(conceptId('UMLS', cuiString(child)), conceptId('UMLS', cuiString(parent)));
  }
}

/** CUI numbers are below 10^7 < 2^24, so child·2^24 + parent is an exact integer in a double (< 2^48). */
const EDGE_SHIFT = 2 ** 24;

class EdgeBuffer {
  private keys = new Float64Array(1 << 16);
  length = 0;

  push(child: number, parent: number): void {
    if (this.length === this.keys.length) {
      const next = new Float64Array(this.keys.length * 2);
      next.set(this.keys);
      this.keys = next;
    }
    this.keys[this.length++] = child * EDGE_SHIFT + parent;
  }

  /** Sorted distinct keys. Sorting a typed array is numeric and in place: no per-edge objects. */
  sortedUnique(): Float64Array {
    const sorted = this.keys.subarray(0, this.length).sort();
    let n = 0;
    for (let i = 0; i < sorted.length; i++) {
      if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[n++] = sorted[i] ?? 0;
    }
    return sorted.subarray(0, n);
  }
}

/** Set of CUI numbers: a bit per possible CUI (about 1.3 MB for the whole CUI space), grown on demand. */
class BitSet {
  private bits = new Uint8Array(1 << 16);

  has(n: number): boolean {
    const byte = n >>> 3;
    return byte < this.bits.length && ((this.bits[byte] ?? 0) & (1 << (n & 7))) !== 0;
  }

  add(n: number): void {
    const byte = n >>> 3;
    if (byte >= this.bits.length) {
      const next = new Uint8Array(Math.max(byte + 1, this.bits.length * 2));
      next.set(this.bits);
      this.bits = next;
    }
    this.bits[byte] = (this.bits[byte] ?? 0) | (1 << (n & 7));
  }
}

/** Int32 values by non-negative integer key, 0 when unset; grows by doubling. */
class GrowableInt32 {
  private values = new Int32Array(1 << 16);

  get(n: number): number {
    return n < this.values.length ? (this.values[n] ?? 0) : 0;
  }

  set(n: number, v: number): void {
    if (n >= this.values.length) {
      // ×1.5, not ×2: at UMLS scale (AUI numbers near 4·10^7) doubling would overshoot by up to 128 MB.
      const next = new Int32Array(Math.max(n + 1, Math.ceil(this.values.length * 1.5)));
      next.set(this.values);
      this.values = next;
    }
    this.values[n] = v;
  }
}
