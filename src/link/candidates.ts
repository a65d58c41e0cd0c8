import type { SemanticGroup, System } from '../ontology/concept.js';
import type { Pack, TermHit } from '../ontology/pack.js';

/** Which concepts may be returned. */
export interface CandidateFilter {
  systems?: readonly System[];
  groups?: readonly SemanticGroup[];
  semanticTypes?: readonly string[];
  billableOnly?: boolean;
  activeOnly?: boolean;
}

/** A concept found by either channel, with the evidence from each. */
export interface RawCandidate {
  conceptId: string;
  system: System;
  group: SemanticGroup;
  preferred: string;
  /** The best-matching term of the concept, and its row id (its label in the vector index). */
  term: string;
  termId: number;
  /** Cosine of the mention and the concept's best term; null when only the lexical channel found it. */
  dense: number | null;
  /** 1 for an exact normalised term match, a BM25-derived (0, 1) score for a full-text hit, 0 otherwise. */
  lexical: number;
  /** Char 3-gram TF-IDF cosine of the mention and the concept's best such term; null until computed. */
  chars: number | null;
}

/**
 * Vector labels → terms, with a bounded cache in front of the pack: popular terms come back for mention after
 * mention, and the SQLite round trip per label was the largest cost of linking after the search itself.
 */
export class TermLookup {
  private readonly cache = new Map<number, TermHit>();

  constructor(
    private readonly pack: Pack,
    private readonly capacity = 200_000,
  ) {}

  termsByIds(ids: readonly number[]): Map<number, TermHit> {
    const out = new Map<number, TermHit>();
    const missing: number[] = [];
    for (const id of ids) {
      const t = this.cache.get(id);
      if (t) out.set(id, t);
      else missing.push(id);
    }
    if (missing.length) {
      if (this.cache.size + missing.length > this.capacity) this.cache.clear();
      for (const [id, t] of this.pack.termsByIds(missing)) (out.set(id, t), this.cache.set(id, t));
    }
    return out;
  }
}

/** Dense channel: nearest terms, de-duplicated by concept (best term wins), filtered. */
export function denseCandidates(pack: TermLookup, hits: readonly { label: number; score: number }[], filter: CandidateFilter, limit: number, accept: (hit: TermHit) => boolean): RawCandidate[] {
  const out = new Map<string, RawCandidate>();
  const terms = pack.termsByIds(hits.map((h) => h.label));
  for (const h of hits) {
    const t = terms.get(h.label);
    if (!t || !accept(t)) continue;
    const prev = out.get(t.conceptId);
    if (prev && (prev.dense ?? -1) >= h.score) continue;
    out.set(t.conceptId, { conceptId: t.conceptId, system: t.system, group: t.group, preferred: t.preferred, term: t.term, termId: t.termId, dense: h.score, lexical: 0, chars: null });
    if (out.size >= limit && !prev) break;
  }
  return [...out.values()];
}

/** Lexical channel: exact normalised term hits, then full-text near misses. */
export function lexicalCandidates(pack: Pack, mention: string, filter: CandidateFilter, limit: number, accept: (hit: TermHit) => boolean, fullText = true): RawCandidate[] {
  const out = new Map<string, RawCandidate>();
  // Full-text near misses only when no term matches exactly: an exact hit already wins the fusion, and the BM25
  // query is the most expensive step of linking.
  const exact = pack.searchTerms(mention, { limit: limit * 3, exactOnly: true }).filter((t) => t.score === 1 && accept(t));
  const hits = exact.length || !fullText ? exact : pack.searchTerms(mention, {
    limit: limit * 3,
    ...(filter.systems ? { systems: filter.systems } : {}),
    ...(filter.groups ? { groups: filter.groups } : {}),
    ...(filter.activeOnly ? { activeOnly: true } : {}),
  });
  for (const t of hits) {
    if (!accept(t) || out.has(t.conceptId)) continue;
    out.set(t.conceptId, { conceptId: t.conceptId, system: t.system, group: t.group, preferred: t.preferred, term: t.term, termId: t.termId, dense: null, lexical: t.score, chars: null });
    if (out.size >= limit) break;
  }
  return [...out.values()];
}

/** Character channel: the nearest terms by char 3-gram TF-IDF, de-duplicated by concept (best term wins). */
export function charCandidates(pack: TermLookup, hits: readonly { label: number; score: number }[], limit: number, accept: (hit: TermHit) => boolean): RawCandidate[] {
  const out = new Map<string, RawCandidate>();
  const terms = pack.termsByIds(hits.map((h) => h.label));
  for (const h of hits) {
    const t = terms.get(h.label);
    if (!t || !accept(t) || out.has(t.conceptId)) continue;
    out.set(t.conceptId, { conceptId: t.conceptId, system: t.system, group: t.group, preferred: t.preferred, term: t.term, termId: t.termId, dense: null, lexical: 0, chars: h.score });
    if (out.size >= limit) break;
  }
  return [...out.values()];
}
