import type { Section, SectionName, Span } from '../types.js';
import {
  MAX_HEADER_CHARS,
  MAX_UNKNOWN_HEADER_WORDS,
  NAME_TITLES,
  NON_HEADER_LABELS,
  SECTION_HEADERS,
  SUBHEADINGS,
  type SectionHeaderDef,
  type SubheadingDef,
} from './sections.data.js';

/** A header found in the note: one that opens a section, or a subheading that stays inside its section. */
export interface HeaderMatch extends Span {
  /** The header as written, with its colon when it has one. */
  text: string;
  kind: 'section' | 'subheading';
  /** The section this header opens (kind 'section') or sits in (kind 'subheading'). */
  name: SectionName;
  /** First character of the body: after the colon, whitespace and the commas of flattened (CSV) notes. */
  bodyStart: number;
}

/**
 * The comparison key for header strings: upper-case, "&" → AND, "-" and "_" → space, a "(S)"/"(ES)" plural marker
 * dropped, spaces collapsed and removed around "/". Data and note text both go through it.
 */
export function headerKey(s: string): string {
  return s
    .toUpperCase()
    .replace(/\(E?S\)/g, ' ')
    .replace(/&/g, ' AND ')
    .replace(/[-_\t]/g, ' ')
    .replace(/ *\/ */g, '/')
    .replace(/ {2,}/g, ' ')
    .trim();
}

interface Lexicon {
  sections: Map<string, SectionHeaderDef>;
  subheadings: Map<string, SubheadingDef>;
  nonHeaders: Set<string>;
}

let lexicon: Lexicon | undefined;

function getLexicon(): Lexicon {
  if (lexicon) return lexicon;
  const sections = new Map<string, SectionHeaderDef>();
  for (const def of SECTION_HEADERS) for (const v of def.variants) sections.set(headerKey(v), def);
  const subheadings = new Map<string, SubheadingDef>();
  for (const def of SUBHEADINGS) for (const v of def.variants) subheadings.set(headerKey(v), def);
  const nonHeaders = new Set([...NON_HEADER_LABELS].map(headerKey));
  lexicon = { sections, subheadings, nonHeaders };
  return lexicon;
}

/** Where a candidate header starts relative to the text before it. */
type Boundary = 'line' | 'sentence' | 'comma-tight' | 'comma' | 'colon' | 'none';

const isHSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0xa0;
const isLineBreak = (c: number): boolean => c === 0x0a || c === 0x0d;

/** Characters a header may contain: letters, digits, spaces and / & - ( ) ' (no newline, no punctuation that ends text). */
function isHeaderChar(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80) {
    return (
      (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) ||
      c === 0x20 || c === 0x09 || c === 0x2f || c === 0x26 || c === 0x2d || c === 0x28 || c === 0x29 || c === 0x27
    );
  }
  return /[\p{L}\p{M}]/u.test(ch);
}

function boundaryBefore(text: string, pos: number): Boundary {
  let i = pos - 1;
  while (i >= 0 && isHSpace(text.charCodeAt(i))) i--;
  if (i < 0) return 'line';
  const c = text.charCodeAt(i);
  if (isLineBreak(c)) return 'line';
  if (c === 0x2e || c === 0x21 || c === 0x3f || c === 0x3b) return 'sentence'; // . ! ? ;
  if (c === 0x2c) return i === pos - 1 ? 'comma-tight' : 'comma';
  if (c === 0x3a) return 'colon';
  return 'none';
}

const LOWER = /\p{Ll}/u;
const LETTER = /\p{L}/gu;

function isAllCaps(phrase: string): boolean {
  if (LOWER.test(phrase)) return false;
  return (phrase.match(LETTER)?.length ?? 0) >= 2;
}

/** "Dr. SMITH:" — the word before the candidate is a title. */
function followsNameTitle(text: string, pos: number): boolean {
  let i = pos - 1;
  while (i >= 0 && isHSpace(text.charCodeAt(i))) i--;
  if (i < 0 || text[i] !== '.') return false;
  const end = i;
  while (i > 0 && /[A-Za-z]/.test(text[i - 1] ?? '') && end - i < 6) i--;
  return NAME_TITLES.has(text.slice(i, end).toLowerCase());
}

/** A value that starts with a bare number ("ADMISSION DATE: 01/02/2020", "SAT: 98%"), not a "1." list. */
function valueStartsWithNumber(text: string, afterColon: number): boolean {
  let i = afterColon;
  while (i < text.length && isHSpace(text.charCodeAt(i))) i++;
  let j = i;
  while (j < text.length && text.charCodeAt(j) >= 0x30 && text.charCodeAt(j) <= 0x39) j++;
  if (j === i) return false;
  const next = text[j];
  const after = text.charCodeAt(j + 1);
  return !((next === '.' || next === ')') && (j + 1 >= text.length || isHSpace(after) || isLineBreak(after)));
}

interface Candidate {
  start: number;
  /** End of the header including its colon. */
  end: number;
  key: string;
  allCaps: boolean;
  boundary: Boundary;
}

/** Skips whitespace and flattened-CSV commas after a header. */
function skipBodyJunk(text: string, pos: number, limit: number): number {
  let i = pos;
  while (i < limit) {
    const c = text.charCodeAt(i);
    if (isHSpace(c) || isLineBreak(c) || c === 0x2c || c < 0x20) i++;
    else break;
  }
  return i;
}

/** Candidate "HEADER:" ending at the colon at `colon`: the run of header characters before it, back to a boundary. */
function candidateAtColon(text: string, colon: number): Candidate | undefined {
  let s = colon;
  while (s > 0 && colon - s < MAX_HEADER_CHARS + 2 && isHeaderChar(text[s - 1] ?? '')) s--;
  if (s > 0 && colon - s >= MAX_HEADER_CHARS + 2 && isHeaderChar(text[s - 1] ?? '')) return undefined;
  while (s < colon && isHSpace(text.charCodeAt(s))) s++;
  if (s >= colon) return undefined;
  const raw = text.slice(s, colon);
  if (!/[\p{L}]/u.test(raw)) return undefined;
  return { start: s, end: colon + 1, key: headerKey(raw), allCaps: isAllCaps(raw), boundary: boundaryBefore(text, s) };
}

interface Resolved {
  start: number;
  end: number;
  bodyFrom: number;
  def: SectionHeaderDef | SubheadingDef | undefined;
}

/**
 * A Title Case header the CSV flattening joined to the previous line with a comma: the comma follows a sentence end
 * ("vomiting.,History of Present Illness:") or the header is Title Case ("Hypertension,Past Surgical History:").
 */
function flattenedLineStart(text: string, start: number): boolean {
  const before = text.charCodeAt(start - 2);
  if (before === 0x2e || before === 0x21 || before === 0x3f || before === 0x3a) return true;
  const words = text.slice(start, text.indexOf(':', start)).trim().split(/\s+/);
  return words.length >= 2 && words.every((w) => /^(?:of|and|the|for|to|in|on|with)$/.test(w) || /^[A-Z]/.test(w));
}

/**
 * Decides whether a candidate is a header. Known headers (any case) count at a line start or after a sentence end
 * or colon; mid-line after a comma (the CSV flattening) only in ALL-CAPS. Unknown ALL-CAPS labels count at a line
 * start, after a sentence end, a colon or a comma with no space after it, unless they are a vital/lab label, a
 * name after "Dr.", too long, or followed by a bare number.
 */
function acceptCandidate(text: string, c: Candidate, lex: Lexicon): Resolved | undefined {
  if (c.boundary === 'none' || c.key === '' || lex.nonHeaders.has(c.key)) return undefined;
  const sub = lex.subheadings.get(c.key);
  const sec = lex.sections.get(c.key) ?? compoundSection(lex, c.key);
  const known = sub ?? sec;
  if (known) {
    if ((c.boundary === 'comma' || c.boundary === 'comma-tight') && !c.allCaps && !(c.boundary === 'comma-tight' && flattenedLineStart(text, c.start))) return undefined;
    if (followsNameTitle(text, c.start)) return undefined;
    return { start: c.start, end: c.end, bodyFrom: c.end, def: known };
  }
  if (!c.allCaps || c.boundary === 'comma') return undefined;
  if (c.key.split(' ').length > MAX_UNKNOWN_HEADER_WORDS) return undefined;
  if (!/^\p{L}/u.test(c.key)) return undefined;
  if (followsNameTitle(text, c.start)) return undefined;
  if (valueStartsWithNumber(text, c.end)) return undefined;
  return { start: c.start, end: c.end, bodyFrom: c.end, def: undefined };
}

/**
 * Every header of the note in order, resolved against the section it falls in. Linear in the note length: each
 * colon is examined with a backward scan bounded by MAX_HEADER_CHARS, each line once.
 */
export function findHeaders(text: string): HeaderMatch[] {
  const lex = getLexicon();
  const found: Resolved[] = [];

  // 1. "HEADER:" anywhere a boundary allows.
  for (let colon = text.indexOf(':'); colon !== -1; colon = text.indexOf(':', colon + 1)) {
    const cand = candidateAtColon(text, colon);
    if (!cand) continue;
    const r = acceptCandidate(text, cand, lex);
    if (r) found.push(r);
  }

  // 1b. Flattened (CSV) notes turn the line break after a colon-less header into a comma:
  // "...home.,CURRENT MEDICATIONS,1.  Heparin." and "PHYSICAL EXAMINATION,VITAL SIGNS:".
  for (let comma = text.indexOf(','); comma !== -1; comma = text.indexOf(',', comma + 1)) {
    const after = text.charCodeAt(comma + 1);
    if (Number.isNaN(after) || isHSpace(after) || isLineBreak(after)) continue;
    const r = colonlessBeforeComma(text, comma, lex);
    if (r) found.push(r);
  }

  // 2. A known header alone on its line, without a colon ("HOSPITAL COURSE", "Assessment").
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    let s = lineStart;
    let e = lineEnd;
    while (s < e && (isHSpace(text.charCodeAt(s)) || text.charCodeAt(s) === 0x0d)) s++;
    while (e > s && (isHSpace(text.charCodeAt(e - 1)) || text.charCodeAt(e - 1) === 0x0d)) e--;
    if (e > s && e - s <= MAX_HEADER_CHARS && text.charCodeAt(e - 1) !== 0x3a) {
      const raw = text.slice(s, e);
      const def = /^[\p{L}][\p{L} /&()'-]*$/u.test(raw) ? knownSection(lex, headerKey(raw)) : undefined;
      if (def) found.push({ start: s, end: e, bodyFrom: e, def });
    }
    lineStart = lineEnd + 1;
  }

  found.sort((a, b) => a.start - b.start);
  return resolve(text, found, lex);
}

/** The ALL-CAPS known header that ends at the comma at `comma` and starts at a boundary, if any. */
function colonlessBeforeComma(text: string, comma: number, lex: Lexicon): Resolved | undefined {
  let s = comma;
  while (s > 0 && comma - s < MAX_HEADER_CHARS && isHeaderChar(text[s - 1] ?? '')) s--;
  while (s < comma && isHSpace(text.charCodeAt(s))) s++;
  if (s >= comma) return undefined;
  let e = comma;
  while (e > s && isHSpace(text.charCodeAt(e - 1))) e--;
  const raw = text.slice(s, e);
  const boundary = boundaryBefore(text, s);
  if (!isAllCaps(raw) || boundary === 'none' || boundary === 'comma') return undefined;
  const def = knownSection(lex, headerKey(raw));
  return def ? { start: s, end: e, bodyFrom: comma + 1, def } : undefined;
}

/**
 * A compound header names its sections with a slash ("FINAL DIAGNOSIS/REASON FOR ADMISSION"): it is the section its
 * first part names, when that part is a known header of two words or more (one word, "HISTORY/…", is too loose).
 */
function compoundSection(lex: Lexicon, key: string): SectionHeaderDef | undefined {
  const slash = key.indexOf('/');
  if (slash < 0) return undefined;
  const first = key.slice(0, slash).trim();
  return first.includes(' ') && !lex.nonHeaders.has(first) ? lex.sections.get(first) : undefined;
}

/**
 * A header written without a colon must be a known section header; when it is also a subheading ("VITAL SIGNS"),
 * the subheading definition is used so it stays inside an enclosing examination.
 */
function knownSection(lex: Lexicon, key: string): SectionHeaderDef | SubheadingDef | undefined {
  if (lex.nonHeaders.has(key)) return undefined;
  const def = lex.sections.get(key);
  return def ? (lex.subheadings.get(key) ?? def) : undefined;
}

function isSubheadingDef(def: SectionHeaderDef | SubheadingDef): def is SubheadingDef {
  return 'parents' in def;
}

/** Drops overlaps, then names each header given the section it falls in (subheadings depend on their parent). */
function resolve(text: string, found: Resolved[], lex: Lexicon): HeaderMatch[] {
  const out: HeaderMatch[] = [];
  let current: SectionName = 'none';
  let lastEnd = -1;
  let sawSection = false;
  for (const f of found) {
    if (f.start < lastEnd) continue;
    lastEnd = f.end;
    let kind: HeaderMatch['kind'] = 'section';
    let name: SectionName;
    const key = headerKey(text.slice(f.start, f.end).replace(/:$/, ''));
    if (f.def === undefined) name = 'other';
    else if (isSubheadingDef(f.def)) {
      if (f.def.parents.includes(current)) {
        kind = 'subheading';
        name = current;
      } else name = lex.sections.get(key)?.name ?? f.def.orphan;
    } else name = !sawSection && f.def.asFirstHeader ? f.def.asFirstHeader : f.def.name;
    if (kind === 'section') {
      current = name;
      sawSection = true;
    }
    out.push({ start: f.start, end: f.end, text: text.slice(f.start, f.end), kind, name, bodyStart: f.bodyFrom });
  }
  // Body starts are clamped to the next header, then skip the junk between header and body.
  for (let i = 0; i < out.length; i++) {
    const h = out[i]!;
    const limit = out[i + 1]?.start ?? text.length;
    h.bodyStart = skipBodyJunk(text, Math.min(h.bodyStart, limit), limit);
  }
  return out;
}

/**
 * Splits a note into sections that cover it exactly: contiguous, non-overlapping, from 0 to text.length. Text before
 * the first header is an untitled section named 'none' (absorbed into the first section when it is only
 * whitespace). An empty note has no sections; a note with no header is one 'none' section.
 */
export function detectSections(text: string): Section[] {
  return sectionsFromHeaders(text, findHeaders(text));
}

/** Builds sections from headers already found (lets the sentence splitter share one header pass). */
export function sectionsFromHeaders(text: string, headers: readonly HeaderMatch[]): Section[] {
  if (text.length === 0) return [];
  const opening = headers.filter((h) => h.kind === 'section');
  const sections: Section[] = [];
  const first = opening[0];
  const preambleBlank = first !== undefined && text.slice(0, first.start).trim() === '';
  if (first === undefined || (first.start > 0 && !preambleBlank)) {
    const end = first?.start ?? text.length;
    sections.push({ start: 0, end, name: 'none', bodyStart: 0 });
  }
  opening.forEach((h, i) => {
    const start = i === 0 && preambleBlank ? 0 : h.start;
    const end = opening[i + 1]?.start ?? text.length;
    sections.push({ start, end, name: h.name, header: { start: h.start, end: h.end, text: h.text }, bodyStart: Math.min(h.bodyStart, end) });
  });
  return sections;
}

/** The section containing `offset` (binary search over sections sorted by start), or undefined outside them. */
export function sectionAt(sections: readonly Section[], offset: number): Section | undefined {
  let lo = 0;
  let hi = sections.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = sections[mid]!;
    if (offset < s.start) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return s;
  }
  return undefined;
}
