import type { Pack } from '../ontology/pack.js';
import type { SemanticGroup, System, TermKind } from '../ontology/concept.js';
import { matchTokens, normalizeTerm, type MatchToken } from '../text/normalize.js';
import type { Span } from '../types.js';
import { DRUG_TABLE_SYSTEM } from '../ontology/loaders/icd10cm-drugs.js';
import { NEOPLASM_TABLE_SYSTEM } from '../ontology/loaders/icd10cm-neoplasm.js';
import { AMBIGUOUS_SHORT_FORMS, COMMON_WORD_TERMS, MIN_CASE_INSENSITIVE_LENGTH } from './guards.data.js';

/** One concept a matched string may denote. */
export interface DictionaryConcept {
  conceptId: string;
  system: System;
  group: SemanticGroup;
  term: string;
  kind: TermKind;
}

export interface DictionaryMatch extends Span {
  /** Every concept whose term has this normal form (the linker decides between them). */
  concepts: DictionaryConcept[];
  /** Normalised matched string. */
  norm: string;
  /** A short ambiguous form ("MS", "PT"): kept only when the note defines it or its context decides the sense. */
  guarded?: boolean;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  /** Concepts whose term ends here. */
  entries?: DictionaryConcept[];
  /** Written forms that must match case-sensitively (short terms and abbreviations). */
  caseForms?: Set<string>;
  caseInsensitive?: boolean;
  /** Only reachable through an ambiguous short form: report as a guarded match. */
  guarded?: boolean;
}

export interface MatcherOptions {
  systems?: readonly System[];
  groups?: readonly SemanticGroup[];
  /** Longest term in tokens; longer terms are left to the linker. */
  maxTokens?: number;
}

/**
 * Longest-match dictionary matcher over every term of a pack: a token trie keyed by the shared normaliser's token
 * keys, so matching is case-, plural- and punctuation-insensitive. Guards keep short and ambiguous strings from
 * firing on ordinary words: abbreviations and terms shorter than MIN_CASE_INSENSITIVE_LENGTH must match their
 * written case ("MI" matches "MI", never "mi"); common words never match alone; and matches of ambiguous short forms
 * ("MS", "PT", "ALL", "IT") are flagged `guarded`, for the annotator to keep only with evidence.
 */
export class DictionaryMatcher {
  private readonly root: TrieNode = { next: new Map() };
  readonly termCount: number;
  private readonly maxTokens: number;

  private constructor(maxTokens: number) {
    this.maxTokens = maxTokens;
    this.termCount = 0;
  }

  /** A matcher with no terms, for callers that add their own. */
  static empty(maxTokens = 12): DictionaryMatcher {
    return new DictionaryMatcher(maxTokens);
  }

  static fromPack(pack: Pack, options: MatcherOptions = {}): DictionaryMatcher {
    const m = new DictionaryMatcher(options.maxTokens ?? 12);
    let n = 0;
    const fillers: DictionaryConcept[] = [];
    const unspecifiedDefaults: DictionaryConcept[] = [];
    for (const t of pack.iterateTerms({ ...(options.systems ? { systems: options.systems } : {}), activeOnly: true })) {
      if (options.groups && !options.groups.includes(t.group)) continue;
      const concept = { conceptId: t.conceptId, system: t.system, group: t.group, term: t.text, kind: t.kind };
      // Neoplasm Table rows are body sites for the coder's neoplasm rule, not mentions of their own.
      if (t.system === NEOPLASM_TABLE_SYSTEM) continue;
      if (t.system === DRUG_TABLE_SYSTEM) {
        if (t.group === 'medication') fillers.push(concept);
        continue;
      }
      for (const form of surfaceForms(t.text, !/^ICD10CM:[V-Z]/.test(t.conceptId))) if (m.add(form, concept)) n++;
      // "Refractory anemia, unspecified" is written "refractory anemia": the unspecified code is the bare name's
      // default (I.B.2), added only where no other term has that name. Not for one-word names or external-cause and
      // status codes, whose bare words are everyday ones ("Activity, unspecified").
      const bare = t.system === 'ICD10CM' && t.kind === 'preferred' && !/^ICD10CM:[V-Z]/.test(t.conceptId) ? /^([^,]+\s[^,]+),\s+unspecified$/i.exec(t.text)?.[1] : undefined;
      if (bare) unspecifiedDefaults.push({ ...concept, term: bare });
    }
    for (const concept of unspecifiedDefaults) if (!m.has(concept.term) && m.add(concept.term, concept)) n++;
    // The Table of Drugs and Chemicals only fills gaps: a drug another vocabulary names keeps that concept, and its
    // industrial chemicals, venoms and gases ('substance': coffee, gas, bleach, hornet) are not matched in notes.
    for (const concept of fillers) if (!m.has(concept.term) && m.add(concept.term, concept)) n++;
    (m as { termCount: number }).termCount = n;
    return m;
  }

  /** True when some term with this normalised form is in the trie. */
  has(text: string): boolean {
    const norm = normalizeTerm(text);
    if (norm === '') return false;
    let node: TrieNode | undefined = this.root;
    for (const k of norm.split(' ')) node = node?.next.get(k);
    return (node?.entries?.length ?? 0) > 0;
  }

  /** Adds one term; returns false when a guard keeps it out (or it has no letters or digits). Ambiguous short forms
   * are kept but their matches are flagged `guarded`. */
  add(text: string, concept: DictionaryConcept): boolean {
    const norm = normalizeTerm(text);
    if (norm === '') return false;
    const keys = norm.split(' ');
    if (keys.length > this.maxTokens) return false;
    if (keys.length === 1 && COMMON_WORD_TERMS.has(norm)) return false;
    const caseSensitive = concept.kind === 'abbreviation' || text.trim().length < MIN_CASE_INSENSITIVE_LENGTH;
    const guarded = caseSensitive && keys.length === 1 && AMBIGUOUS_SHORT_FORMS.has(norm);
    let node = this.root;
    for (const k of keys) {
      let child = node.next.get(k);
      if (!child) node.next.set(k, (child = { next: new Map() }));
      node = child;
    }
    node.entries ??= [];
    if (!node.entries.some((e) => e.conceptId === concept.conceptId)) node.entries.push(concept);
    if (caseSensitive) (node.caseForms ??= new Set()).add(text.trim());
    else node.caseInsensitive = true;
    if (guarded) node.guarded = true;
    return true;
  }

  /**
   * Finds non-overlapping longest matches, left to right, within [from, to) of the text. Matches never cross a
   * newline or sentence punctuation, so a term cannot join the end of one sentence to the next.
   */
  match(text: string, from = 0, to = text.length): DictionaryMatch[] {
    const tokens = matchTokens(text, from, to);
    const out: DictionaryMatch[] = [];
    let i = 0;
    while (i < tokens.length) {
      const found = this.longestAt(text, tokens, i);
      if (found) {
        out.push(found.match);
        i = found.next;
      } else i++;
    }
    return out;
  }

  private longestAt(text: string, tokens: MatchToken[], i: number): { match: DictionaryMatch; next: number } | null {
    let node: TrieNode | undefined = this.root;
    let best: { match: DictionaryMatch; next: number } | null = null;
    for (let j = i; j < tokens.length && j - i < this.maxTokens; j++) {
      const tok = tokens[j]!;
      // Only letters-and-digits separate tokens of one term: a newline or sentence period between them ends it.
      if (j > i && !joinable(text, tokens[j - 1]!.end, tok.start)) break;
      node = node.next.get(tok.key);
      if (!node) break;
      if (node.entries && this.caseOk(node, text.slice(tokens[i]!.start, tok.end))) {
        best = {
          match: {
            start: tokens[i]!.start,
            end: tok.end,
            concepts: node.entries,
            norm: tokens.slice(i, j + 1).map((t) => t.key).join(' '),
            ...(node.guarded ? { guarded: true } : {}),
          },
          next: j + 1,
        };
      }
    }
    return best;
  }

  private caseOk(node: TrieNode, written: string): boolean {
    if (node.caseInsensitive) return true;
    // "TIAs" is the plural of the abbreviation "TIA", written in its case.
    const singular = /\p{Lu}s$/u.test(written) ? written.slice(0, -1) : null;
    return (node.caseForms?.has(written) || (singular !== null && node.caseForms?.has(singular))) ?? false;
  }
}

/** Characters allowed between two tokens of one term: spaces, hyphens, slashes, commas, apostrophes, parentheses. */
function joinable(text: string, a: number, b: number): boolean {
  if (b - a > 3) return false;
  for (let k = a; k < b; k++) {
    const c = text.charCodeAt(k);
    // newline, carriage return, period, semicolon, colon end a term
    if (c === 10 || c === 13 || c === 46 || c === 59 || c === 58) return false;
  }
  return true;
}

/**
 * The forms a term is written in notes: as listed, without a trailing "NEC" ("Sacroiliitis NEC" is written
 * "sacroiliitis"; `dropNec` false for external-cause and status terms, whose bare words are everyday ones: "Activity
 * NEC"), and an eponym without its possessive ("Asperger's disorder" is written "Asperger disorder"). "NOS" stays: an
 * inclusion term "Asthmatic bronchitis NOS" is the unqualified default, not every asthmatic bronchitis.
 */
export function surfaceForms(text: string, dropNec = true): string[] {
  const forms = new Set([text]);
  const bare = text.replace(/\s+NEC$/, '');
  if (dropNec && bare !== text && /\p{L}/u.test(bare)) forms.add(bare);
  for (const f of [...forms]) if (/\p{L}['’]s\b/u.test(f)) forms.add(f.replace(/(\p{L})['’]s\b/gu, '$1'));
  return [...forms];
}
