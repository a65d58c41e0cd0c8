import { ClinlinkError, invalidArgument } from '../../errors.js';
import { readLines } from '../../io/lines.js';
import { SEMANTIC_GROUPS, conceptId, dotIcd10cm, type SemanticGroup, type System, type TermKind } from '../concept.js';
import { LoadReport, type PackSink } from '../sink.js';

/**
 * OBO 1.2 / 1.4 flat-file loader (Disease Ontology, HPO, MONDO; plain or .gz), one [Term] stanza at a time.
 *
 * - Concept id from the term id; the system is the id prefix (DOID:9352 → system DOID, code 'DOID:9352', because
 *   OBO codes carry their prefix). Group by prefix: DOID/MONDO 'condition', HP 'finding', others 'other'; or `group`.
 * - name → preferred term. synonym "…" SCOPE [TYPE] [xrefs] → terms, scopes filtered by `synonymScopes`
 *   (default EXACT + RELATED); the synonym type ABBREVIATION / abbreviation (HPO, MONDO) gives kind 'abbreviation'.
 *   OBO 1.0 exact_synonym/related_synonym/narrow_synonym/broad_synonym tags are read as synonyms of that scope.
 * - is_a → parents (the "! label" comment and {modifiers} are dropped).
 * - alt_id → a cross-reference {system: the alt id's prefix, code: the alt id, relation: 'alt_id'}, so a lookup by a
 *   retired/merged id finds the live term the same way any other code does.
 * - xref → cross-references (relation 'xref'), prefixes normalised: MESH/MSH/MeSH → MESH; SNOMEDCT, SNOMEDCT_US,
 *   SNOMEDCT_US_2016_03_01… → SNOMEDCT; UMLS_CUI/UMLS → UMLS; ICD10CM (dotted); ICD9CM; OMIM/MIM → OMIM; DOID, HP,
 *   MONDO keep the prefix in the code; any other prefix is kept as the system. Xrefs without a prefix and URLs are
 *   skipped (tallied).
 * - is_obsolete: true → active:false (kept, tallied); replaced_by / consider → attributes.
 * [Typedef] and [Instance] stanzas are skipped and counted. Quoted strings are unescaped (\" \\ \n \t, \x → x).
 *
 * The report counts stanzas (read = kept + skipped); per-line outcomes are tallies: 'obsolete term (kept,
 * inactive)', 'synonym', 'synonym skipped: NARROW not requested', 'xref', 'xref skipped: URL', 'is_a', 'alt_id'…
 */
export interface OboOptions {
  /** Synonym scopes to keep; default ['EXACT', 'RELATED']. Others are skipped and counted. */
  synonymScopes?: readonly SynonymScope[];
  /** The group of every term; default by id prefix (DOID/MONDO 'condition', HP 'finding', others 'other'). */
  group?: SemanticGroup;
}

export type SynonymScope = 'EXACT' | 'RELATED' | 'BROAD' | 'NARROW';

const SCOPES: readonly SynonymScope[] = ['EXACT', 'RELATED', 'BROAD', 'NARROW'];

const PREFIX_GROUPS: Readonly<Record<string, SemanticGroup>> = { DOID: 'condition', MONDO: 'condition', HP: 'finding' };

/** Systems whose codes keep their prefix (`DOID:9352`), as conceptId() expects. */
const PREFIXED_SYSTEMS = new Set(['DOID', 'HP', 'MONDO']);

const OBSOLETE_SYNONYM_TAGS: Readonly<Record<string, SynonymScope>> = {
  exact_synonym: 'EXACT',
  related_synonym: 'RELATED',
  narrow_synonym: 'NARROW',
  broad_synonym: 'BROAD',
};

interface Stanza {
  type: string;
  line: number;
  tags: { tag: string; value: string; line: number }[];
}

export async function loadObo(path: string, sink: PackSink, options: OboOptions = {}): Promise<LoadReport> {
  const scopes = options.synonymScopes ?? ['EXACT', 'RELATED'];
  if (!Array.isArray(scopes) || scopes.some((s) => !SCOPES.includes(s))) throw invalidArgument(`synonymScopes must be a list of ${SCOPES.join(', ')}`, 'synonymScopes');
  if (options.group !== undefined && !SEMANTIC_GROUPS.includes(options.group)) throw invalidArgument(`group must be one of ${SEMANTIC_GROUPS.join(', ')}`, 'group');
  const keep = new Set<string>(scopes);
  const report = new LoadReport('obo', path);

  let current: Stanza | undefined;
  const finish = () => {
    if (current) emitStanza(current, path, sink, keep, options.group, report);
    current = undefined;
  };
  for await (const { number, text } of readLines(path)) {
    const line = text.trim();
    if (line === '' || line.startsWith('!')) continue;
    const header = /^\[([^\]]*)\]$/.exec(line);
    if (header) {
      finish();
      report.read++;
      current = { type: header[1] ?? '', line: number, tags: [] };
      continue;
    }
    if (!current) continue; // header frame (format-version, subsetdef, …): ontology metadata, not records
    const colon = line.indexOf(':');
    if (colon <= 0) throw new ClinlinkError('E_PARSE', 'expected "tag: value"', { file: path, line: number });
    current.tags.push({ tag: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim(), line: number });
  }
  finish();
  return report;
}

function emitStanza(
  s: Stanza,
  file: string,
  sink: PackSink,
  keepScopes: ReadonlySet<string>,
  group: SemanticGroup | undefined,
  report: LoadReport,
): void {
  if (s.type !== 'Term') {
    report.skip(`[${s.type}] stanza`);
    return;
  }
  const idTag = s.tags.find((t) => t.tag === 'id');
  const rawId = idTag ? plainValue(idTag.value) : '';
  if (!idTag || rawId === '') {
    report.skip('[Term] without id');
    return;
  }
  const system = prefixOf(rawId) ?? 'OBO';
  const id = conceptId(system, rawId);
  const nameTag = s.tags.find((t) => t.tag === 'name');
  const name = nameTag ? plainValue(nameTag.value) : '';
  const obsolete = s.tags.some((t) => t.tag === 'is_obsolete' && plainValue(t.value) === 'true');
  sink.concept({
    id,
    system,
    code: rawId,
    ...(name ? { preferred: name } : {}),
    group: group ?? (Object.hasOwn(PREFIX_GROUPS, system) ? PREFIX_GROUPS[system] : undefined) ?? 'other',
    active: !obsolete,
  });
  report.kept++;
  if (obsolete) report.tally('obsolete term (kept, inactive)');
  if (name) sink.term(id, { text: name, kind: 'preferred' });

  for (const { tag, value, line } of s.tags) {
    const where = { file, line, field: tag };
    if (tag === 'synonym' || Object.hasOwn(OBSOLETE_SYNONYM_TAGS, tag)) {
      const syn = parseSynonym(value, where, OBSOLETE_SYNONYM_TAGS[tag]);
      if (!keepScopes.has(syn.scope)) report.tally(`synonym skipped: ${syn.scope} not requested`);
      else if (syn.text === '') report.tally('synonym skipped: empty');
      else {
        report.tally('synonym');
        const kind: TermKind = syn.type !== undefined && /^abbreviation$/i.test(syn.type) ? 'abbreviation' : 'synonym';
        sink.term(id, { text: syn.text, kind });
      }
    } else if (tag === 'is_a') {
      const parent = firstToken(plainValue(value));
      if (parent === '') throw new ClinlinkError('E_PARSE', 'empty is_a', where);
      sink.parent(id, conceptId(prefixOf(parent) ?? system, parent));
      report.tally('is_a');
    } else if (tag === 'alt_id') {
      const alt = firstToken(plainValue(value));
      if (alt !== '') {
        sink.xref(id, { system: prefixOf(alt) ?? system, code: alt, relation: 'alt_id' });
        report.tally('alt_id');
      }
    } else if (tag === 'xref' || tag === 'xref_analog') {
      const x = normalizeXref(firstToken(plainValue(value)));
      if (typeof x === 'string') report.tally(`xref skipped: ${x}`);
      else {
        report.tally('xref');
        sink.xref(id, { ...x, relation: 'xref' });
      }
    } else if (tag === 'replaced_by' || tag === 'consider') {
      const target = firstToken(plainValue(value));
      if (target !== '') sink.attribute(id, tag, target);
    }
  }
}

/** "DOID:9352" → "DOID"; undefined without a prefix. */
function prefixOf(id: string): string | undefined {
  const colon = id.indexOf(':');
  return colon > 0 ? id.slice(0, colon) : undefined;
}

function firstToken(v: string): string {
  return v.split(/\s+/, 1)[0] ?? '';
}

/**
 * An xref as {system, code}, or why it is not one. Examples: MESH:D006394 → MESH/D006394;
 * SNOMEDCT_US_2016_03_01:33176006 → SNOMEDCT/33176006; UMLS_CUI:C0018923 → UMLS/C0018923; ICD10CM:E11 → ICD10CM/E11;
 * MIM:125853 → OMIM/125853; HP:0005110 → HP/HP:0005110; NCI:C3088 → NCI/C3088.
 */
export function normalizeXref(xref: string): { system: System; code: string } | string {
  const colon = xref.indexOf(':');
  if (colon <= 0 || colon === xref.length - 1) return 'no PREFIX:code form';
  const prefix = xref.slice(0, colon);
  const code = xref.slice(colon + 1);
  const p = prefix.toUpperCase();
  if (p === 'URL' || p === 'HTTP' || p === 'HTTPS') return 'URL';
  if (p === 'MESH' || p === 'MSH') return { system: 'MESH', code };
  if (/^SNOMEDCT(_US)?(_\d{4}_\d{2}_\d{2})?$/.test(p) || p === 'SCTID' || p === 'SNOMED') return { system: 'SNOMEDCT', code };
  if (p === 'UMLS_CUI' || p === 'UMLS') return { system: 'UMLS', code };
  if (p === 'ICD10CM' || p === 'ICD-10-CM') return { system: 'ICD10CM', code: dotIcd10cm(code) };
  if (p === 'ICD9CM' || p === 'ICD-9-CM') return { system: 'ICD9CM', code };
  if (p === 'OMIM' || p === 'MIM') return { system: 'OMIM', code };
  if (PREFIXED_SYSTEMS.has(p)) return { system: p, code: `${p}:${code}` };
  return { system: prefix, code };
}

/**
 * An unquoted tag value: drops a trailing "! comment" and "{modifiers}" (outside quotes and escapes), then unescapes.
 */
function plainValue(raw: string): string {
  return unescape(stripTrailing(raw).trim());
}

/** Cuts at the first unescaped, unquoted '!' and removes a final unquoted {…} block. */
function stripTrailing(raw: string): string {
  let inQuote = false;
  let braceAt = -1;
  let end = raw.length;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '"') inQuote = !inQuote;
    else if (!inQuote && c === '!') {
      end = i;
      break;
    } else if (!inQuote && c === '{' && (i === 0 || /\s/.test(raw[i - 1] ?? ''))) braceAt = i;
  }
  let v = raw.slice(0, end).trimEnd();
  if (braceAt >= 0 && braceAt < v.length && v.endsWith('}')) v = v.slice(0, braceAt).trimEnd();
  return v;
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', W: ' ' };

function unescape(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\(.)/g, (_, c: string) => ESCAPES[c] ?? c);
}

/** synonym: "text" SCOPE [TYPE] [xrefs] {modifiers} ! comment. OBO 1.0 tags carry the scope in the tag name. */
function parseSynonym(raw: string, where: { file: string; line: number; field: string }, tagScope: SynonymScope | undefined): { text: string; scope: string; type?: string } {
  const v = stripTrailing(raw);
  if (!v.startsWith('"')) throw new ClinlinkError('E_PARSE', 'synonym must start with a quoted string', where);
  let i = 1;
  let text = '';
  for (; i < v.length; i++) {
    const c = v[i] ?? '';
    if (c === '\\' && i + 1 < v.length) {
      const next = v[++i] ?? '';
      text += ESCAPES[next] ?? next;
    } else if (c === '"') break;
    else text += c;
  }
  if (i >= v.length) throw new ClinlinkError('E_PARSE', 'unterminated quoted string', where);
  // After the quote: optional scope, optional synonym type name, then the [xref list].
  const rest = v.slice(i + 1).replace(/\[.*\]\s*$/, '').trim();
  const words = rest === '' ? [] : rest.split(/\s+/);
  let scope: string = tagScope ?? 'RELATED'; // OBO 1.2: the scope defaults to RELATED
  let type: string | undefined;
  if (!tagScope && words[0] !== undefined && (SCOPES as readonly string[]).includes(words[0])) {
    scope = words[0];
    type = words[1];
  } else if (words[0] !== undefined) {
    if (tagScope) type = words[0];
    else throw new ClinlinkError('E_PARSE', `unknown synonym scope "${words[0]}"`, where);
  }
  return { text: text.trim(), scope, ...(type ? { type } : {}) };
}
