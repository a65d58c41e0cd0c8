import { abbreviationMap, expandAbbreviations, findAbbreviationDefinitions } from '../abbrev/schwartz-hearst.js';
import { ClinlinkError, invalidArgument } from '../errors.js';
import type { Concept } from '../ontology/concept.js';
import type { Pack, TermHit } from '../ontology/pack.js';
import type { Candidate } from '../types.js';
import type { IndexEmbedder } from '../vectors/build.js';
import type { VectorIndex } from '../vectors/vector-index.js';
import type { CharChannel } from './char-tfidf.js';
import { TermLookup, charCandidates, denseCandidates, lexicalCandidates, type CandidateFilter, type RawCandidate } from './candidates.js';

/** Scores (mention, term) pairs; higher is a better match. */
export interface PairScorer {
  score(pairs: [string, string][]): Promise<Float32Array>;
  close?(): Promise<void>;
  /**
   * Weight of the pair score added to the first-stage (fused) score: a reranked candidate scores
   * `fused + interpolation × pair score`. Absent: the pair score alone ranks. The shipped cross-encoder carries
   * its weight in its clinlink.json (`interpolation`), chosen on held-out training data.
   */
  readonly interpolation?: number;
}

/** How scores become decisions. Defaults are chosen on dev data (see README, "Linking"). */
export interface DecisionParams {
  /** Weight of an exact normalised term match added to the dense cosine. */
  exactBonus: number;
  /** Weight of a full-text (BM25) hit added to the dense cosine. */
  ftsWeight: number;
  /** Weight of the char 3-gram TF-IDF cosine added to the dense cosine (when the pack has a char channel). */
  charWeight: number;
  /** Below this final score the answer is NIL. */
  nilThreshold: number;
  /** Platt scaling of the final score into a probability: sigmoid(a·score + b). */
  calibration: { a: number; b: number };
  /** Same, for reranked scores (the cross-encoder logit, or fused + interpolation × logit when the model has a weight). */
  rerankCalibration: { a: number; b: number };
  rerankNilThreshold: number;
}

export const DEFAULT_DECISION: DecisionParams = Object.freeze({
  exactBonus: 0.3,
  ftsWeight: 0.1,
  charWeight: 0.75,
  nilThreshold: 0.75,
  calibration: { a: 12, b: -9.5 },
  rerankCalibration: { a: 1, b: 0 },
  rerankNilThreshold: 0.5,
});

export interface LinkOptions extends CandidateFilter {
  /** Candidates returned per mention (default 5, at most 100). */
  k?: number;
  /** Rerank with the cross-encoder (default: on when one is loaded). */
  rerank?: boolean;
  /** How many top candidates the cross-encoder sees (default 16). */
  rerankTop?: number;
  /**
   * Full-text (BM25) near misses join the candidates when no term matches exactly and the best dense cosine is
   * below this. Default 0 (off; measured on NCBI dev, see README "Linking"); above 1 they always run.
   */
  fullTextBelow?: number;
  /**
   * Text around the mention(s), e.g. the sentence or the whole note. Abbreviations it defines
   * ("chronic obstructive pulmonary disease (COPD)") are expanded before linking, so a later "COPD" links as its
   * long form. One context applies to every mention of the call.
   */
  context?: string;
}

export interface LinkResult {
  /** The decision: the best candidate, or null (NIL) when nothing in the pack matches well enough. */
  concept: Candidate | null;
  candidates: Candidate[];
}

const MAX_K = 100;
/**
 * Off by default: on NCBI dev (MEDIC pack) full-text near misses cost acc@1 (0.806 → 0.796) for +0.008 acc@5
 * and made linking ~1.4× slower; exact term hits stay on.
 */
const FULL_TEXT_BELOW = 0;
const MAX_MENTION_CHARS = 512;

/**
 * Mentions → concepts: dense retrieval over every term of the pack ∪ a lexical channel (exact and full-text term
 * hits), an optional cross-encoder rerank of the top candidates, then NIL and a calibrated confidence.
 */
export class Linker {
  readonly pack: Pack;
  private readonly embedder: IndexEmbedder;
  /** The dense index over the pack's terms. */
  readonly index: VectorIndex;
  private readonly reranker: PairScorer | undefined;
  readonly decision: DecisionParams;
  private readonly styCache = new Map<string, string[]>();
  /** Codes per concept id: hydrating a whole concept per candidate cost as much as the search. Bounded. */
  private readonly codesCache = new Map<string, string[]>();

  /** Char 3-gram TF-IDF over every term (scispaCy's linker as a channel); absent for very large packs. */
  readonly chars: CharChannel | undefined;
  private readonly terms: TermLookup;

  constructor(pack: Pack, embedder: IndexEmbedder, index: VectorIndex, reranker?: PairScorer, decision: Partial<DecisionParams> = {}, chars?: CharChannel) {
    this.pack = pack;
    this.terms = new TermLookup(pack);
    this.chars = chars;
    this.embedder = embedder;
    this.index = index;
    this.reranker = reranker;
    this.decision = { ...DEFAULT_DECISION, ...decision };
  }

  /** The linker over a pack (default: the embedded starter pack) with the default models; see openLinker. */
  static async open(packDir?: string, options?: import('./open.js').LinkerOpenOptions): Promise<Linker> {
    const { openLinker } = await import('./open.js');
    return openLinker(packDir, options);
  }

  /** Id of the bi-encoder behind the vector index. */
  get modelId(): string {
    return this.embedder.id;
  }

  /** Releases the models and the pack; the linker is unusable afterwards. */
  async close(): Promise<void> {
    await this.embedder.close?.();
    await this.reranker?.close?.();
    this.pack.close();
  }

  get hasReranker(): boolean {
    return this.reranker !== undefined;
  }

  link(mention: string, options?: LinkOptions): Promise<LinkResult>;
  link(mentions: readonly string[], options?: LinkOptions): Promise<LinkResult[]>;
  async link(input: string | readonly string[], options: LinkOptions = {}): Promise<LinkResult | LinkResult[]> {
    const k = options.k ?? 5;
    if (!Number.isFinite(k) || k <= 0) throw invalidArgument(`k must be a positive number, got ${k}`, 'k');
    if (k > MAX_K) throw invalidArgument(`k must be at most ${MAX_K}`, 'k');
    this.checkFilter(options);
    const mentions = typeof input === 'string' ? [input] : input;
    // Overlong input is cut: no clinical mention is longer, and the encoder truncates anyway.
    const defined = options.context ? abbreviationMap(findAbbreviationDefinitions(options.context)) : undefined;
    const cleaned = mentions.map((m) => {
      const cut = m.slice(0, MAX_MENTION_CHARS).trim();
      return defined?.size ? expandAbbreviations(cut, defined) : cut;
    });
    const results = await this.linkBatch(cleaned, Math.floor(k), options);
    return typeof input === 'string' ? results[0]! : results;
  }

  private async linkBatch(mentions: string[], k: number, options: LinkOptions): Promise<LinkResult[]> {
    const empty: LinkResult = { concept: null, candidates: [] };
    const live = mentions.map((m, i) => [m, i] as const).filter(([m]) => /[\p{L}\p{N}]/u.test(m));
    const out: LinkResult[] = mentions.map(() => empty);
    if (!live.length) return out;
    const pool = Math.max(k, options.rerankTop ?? 16, 32);
    const accept = (t: TermHit) => this.accepts(t, options);
    const vectors = await this.embedder.embed(live.map(([m]) => m));
    const dim = this.embedder.dim;
    const hits = this.index.search(vectors, pool * 2);
    const perMention: RawCandidate[][] = live.map(([m], j) => {
      const dense = denseCandidates(this.terms, hits[j]!, options, pool, accept);
      const bestDense = dense.reduce((b, c) => Math.max(b, c.dense ?? -1), -1);
      const fullText = bestDense < (options.fullTextBelow ?? FULL_TEXT_BELOW);
      const lexical = lexicalCandidates(this.pack, m, options, Math.min(pool, 20), accept, fullText);
      const merged = new Map(dense.map((c) => [c.conceptId, c]));
      if (this.chars) {
        for (const c of charCandidates(this.terms, this.chars.search(m, pool), pool, accept)) {
          const d = merged.get(c.conceptId);
          if (d) d.chars = c.chars;
          else merged.set(c.conceptId, c);
        }
      }
      for (const c of lexical) {
        const d = merged.get(c.conceptId);
        if (d) {
          d.lexical = Math.max(d.lexical, c.lexical);
          if (c.lexical === 1) (d.term = c.term), (d.termId = c.termId);
        } else merged.set(c.conceptId, c);
      }
      return [...merged.values()];
    });
    // Every candidate is scored on the same features: the missing dense cosines and char similarities are computed.
    await this.fillDense(perMention, vectors, dim);
    if (this.chars) {
      perMention.forEach((list, j) => {
        const q = this.chars!.vectorize(live[j]![0]);
        for (const c of list) c.chars ??= this.chars!.similarityToTerm(q, c.termId, c.term);
      });
    }
    const useRerank = (options.rerank ?? this.hasReranker) && this.hasReranker;
    const rankedAll = perMention.map((list) => list.map((c) => ({ c, score: this.fusedScore(c) })).sort((a, b) => b.score - a.score));
    // One cross-encoder call for the top candidates of every mention of the batch (length-bucketed inside),
    // not one per mention: the per-call overhead dominated at 16 pairs.
    let logits: Float32Array | undefined;
    const tops = rankedAll.map((ranked) => ranked.slice(0, options.rerankTop ?? 16));
    if (useRerank) logits = await this.reranker!.score(tops.flatMap((top, j) => top.map((r): [string, string] => [live[j]![0], r.c.term])));
    let at = 0;
    for (let j = 0; j < live.length; j++) {
      const i = live[j]![1];
      let ranked = rankedAll[j]!;
      let calibrated: (s: number) => number = (s) => sigmoid(this.decision.calibration.a * s + this.decision.calibration.b);
      let nil = this.decision.nilThreshold;
      if (logits && ranked.length) {
        const w = this.reranker!.interpolation;
        const base = at;
        ranked = tops[j]!.map((r, n) => ({ c: r.c, score: w === undefined ? logits![base + n]! : r.score + w * logits![base + n]! })).sort((a, b) => b.score - a.score);
        calibrated = (s) => sigmoid(this.decision.rerankCalibration.a * s + this.decision.rerankCalibration.b);
        nil = this.decision.rerankNilThreshold;
      }
      at += tops[j]!.length;
      const candidates = ranked.slice(0, k).map((r) => this.toCandidate(r.c, r.score, calibrated(r.score)));
      const best = candidates[0];
      out[i] = { concept: best && best.confidence >= nil ? best : null, candidates };
    }
    return out;
  }

  private fusedScore(c: RawCandidate): number {
    const d = this.decision;
    return (c.dense ?? 0) + (c.lexical === 1 ? d.exactBonus : d.ftsWeight * c.lexical) + d.charWeight * (c.chars ?? 0);
  }

  private async fillDense(perMention: RawCandidate[][], mentionVectors: Float32Array, dim: number): Promise<void> {
    const dot = (v: Float32Array, at: number, j: number) => {
      let s = 0;
      for (let d = 0; d < dim; d++) s += v[at + d]! * mentionVectors[j * dim + d]!;
      return s;
    };
    // The index holds every term's vector: read it back; embed only what it cannot give (never, for a sound index).
    const missing: { c: RawCandidate; j: number }[] = [];
    perMention.forEach((list, j) =>
      list.forEach((c) => {
        if (c.dense !== null) return;
        const v = this.index.vector(c.termId);
        if (v) c.dense = dot(v, 0, j);
        else missing.push({ c, j });
      }),
    );
    if (!missing.length) return;
    const termVectors = await this.embedder.embed(missing.map((m) => m.c.term));
    missing.forEach(({ c, j }, n) => (c.dense = dot(termVectors, n * dim, j)));
  }

  private accepts(t: TermHit, f: CandidateFilter): boolean {
    if (f.systems && !f.systems.includes(t.system)) return false;
    if (f.groups && !f.groups.includes(t.group)) return false;
    if (f.activeOnly || f.billableOnly) {
      const c = this.pack.concept(t.conceptId);
      if (!c || (f.activeOnly && !c.active) || (f.billableOnly && !isBillable(c))) return false;
    }
    if (f.semanticTypes) {
      let sty = this.styCache.get(t.conceptId);
      if (!sty) this.styCache.set(t.conceptId, (sty = this.pack.semanticTypes(t.conceptId)));
      if (!sty.some((s) => f.semanticTypes!.includes(s))) return false;
    }
    return true;
  }

  private checkFilter(f: CandidateFilter): void {
    const known = new Set(Object.keys(this.pack.manifest.systems));
    for (const s of f.systems ?? []) {
      if (!known.has(s)) throw new ClinlinkError('E_INVALID_ARGUMENT', `system "${s}" is not in this pack (it has ${[...known].join(', ')})`, { field: 'systems' });
    }
  }

  private toCandidate(c: RawCandidate, score: number, confidence: number): Candidate {
    let codes = this.codesCache.get(c.conceptId);
    if (!codes) {
      const concept = this.pack.concept(c.conceptId);
      codes = concept ? conceptCodes(concept) : [c.conceptId];
      if (this.codesCache.size >= 100_000) this.codesCache.clear();
      this.codesCache.set(c.conceptId, codes);
    }
    return { conceptId: c.conceptId, system: c.system, codes, term: c.term, score: round(score), confidence: round(confidence) };
  }
}

/** A concept's own code and the codes it cross-references, as `SYSTEM:code`. */
export function conceptCodes(c: Concept): string[] {
  const own = c.id;
  return [own, ...c.xrefs.filter((x) => x.relation !== 'alt_id').map((x) => `${x.system}:${x.code}`)].filter((v, i, a) => a.indexOf(v) === i);
}

function isBillable(c: Concept): boolean {
  if (c.system === 'ICD10CM') return c.billable === true;
  return c.xrefs.some((x) => x.relation === 'icd10cm-billable');
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

