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
  /** The best-matching term of the concept. */
  term: string;
  /** Cosine of the mention and the concept's best term; null when only the lexical channel found it. */
  dense: number | null;
  /** 1 for an exact normalised term match, a BM25-derived (0, 1) score for a full-text hit, 0 otherwise. */
  lexical: number;
}

/** Dense channel: nearest terms, de-duplicated by concept (best term wins), filtered. */
export function denseCandidates(pack: Pack, hits: readonly { label: number; score: number }[], filter: CandidateFilter, limit: number, accept: (hit: TermHit) => boolean): RawCandidate[] {
  const out = new Map<string, RawCandidate>();
  const terms = pack.termsByIds(hits.map((h) => h.label));
  for (const h of hits) {
    const t = terms.get(h.label);
    if (!t || !accept(t)) continue;
    const prev = out.get(t.conceptId);
    if (prev && (prev.dense ?? -1) >= h.score) continue;
    out.set(t.conceptId, { conceptId: t.conceptId, system: t.system, group: t.group, preferred: t.preferred, term: t.term, dense: h.score, lexical: 0 });
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
    out.set(t.conceptId, { conceptId: t.conceptId, system: t.system, group: t.group, preferred: t.preferred, term: t.term, dense: null, lexical: t.score });
    if (out.size >= limit) break;
  }
  return [...out.values()];
}
