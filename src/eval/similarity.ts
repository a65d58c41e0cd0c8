/**
 * `clinlink eval similarity`: report-to-report retrieval on a labelled report collection (IU X-ray / Open-i: gold
 * "Problems" headings per report), the weighted Tversky index over concept sets against text baselines computed in
 * the same run.
 *
 * Protocol (fixed before any tuning, as in issue 6):
 *  - text = the text columns (default findings + impression); every report is indexed, empty ones included;
 *  - every report queries all the others (itself excluded); a full ranking is scored: the method's positive scores
 *    first, then every remaining report, ties broken by corpus order, the same rule for every method;
 *  - binary relevance: the other report's label set equals the query's (labels = the `;`-separated Problems,
 *    de-duplicated); graded relevance (nDCG@10): Jaccard of the two label sets, gain 2^g − 1;
 *  - P@1, P@10, mAP and nDCG@10 are averaged over the queries with at least one relevant report;
 *  - per class (long-tail headings and "normal"): top-1 accuracy = of the queries whose labels contain the class
 *    (and some other report has it), the fraction whose top-ranked report's labels contain it too.
 */
import { ClinlinkError } from '../errors.js';
import { readReportCsv, DEFAULT_TEXT_COLUMNS } from '../io/report-csv.js';
import type { Pipeline } from '../pipeline.js';
import { conceptSetFromDoc, type ConceptSet } from '../similarity/concept-set.js';
import { applyPolarityIdf, DEFAULT_SIMILARITY_PROFILE, polarityDf, profileParts, type SimilarityProfile } from '../similarity/profile.js';
import { ReportIndex } from '../similarity/report-index.js';
import { Bm25, WordTfidf, type TextRetriever } from './baselines/text-retrieval.js';
import { averagePrecision, ndcgAtK, precisionAtK, round } from './metrics.js';

/** The long-tail classes of issue 6 plus other rarer headings, fixed before measuring. */
export const LONG_TAIL_CLASSES: readonly string[] = [
  'Cardiomegaly',
  'Pleural Effusion',
  'Pneumothorax',
  'Pulmonary Atelectasis',
  'Pulmonary Edema',
  'Airspace Disease',
  'Emphysema',
  'Nodule',
  'Fractures, Bone',
  'Calcified Granuloma',
  'Scoliosis',
  'Hernia, Hiatal',
  'Pneumonia',
  'Pulmonary Congestion',
  'Consolidation',
  'Pulmonary Disease, Chronic Obstructive',
  'normal',
];

export interface RankingMetrics {
  p1: number;
  p10: number;
  map: number;
  ndcg10: number;
  /** Top-1 accuracy per class (see the module comment). */
  per_class: Record<string, number>;
}

/** What the dense baseline needs: L2-normalised rows, `dim` floats each. */
export interface ReportEmbedder {
  readonly id: string;
  readonly dim: number;
  embed(texts: string[]): Promise<Float32Array>;
}

export interface SimilarityEvalOptions {
  /** Labelled reports CSV (.gz ok). */
  reports: string;
  /** Annotation pipeline over the pack to evaluate. */
  nlp: Pipeline;
  profile?: SimilarityProfile;
  /** Dense baseline encoder; none skips it. */
  encoder?: ReportEmbedder;
  textColumns?: readonly string[];
  idColumn?: string;
  labelColumn?: string;
  classes?: readonly string[];
  /** Progress (stage name, done, total). */
  onProgress?: (stage: string, done: number, total: number) => void;
}

export interface SimilarityEvalResult {
  /** Queries scored (reports with at least one relevant report). */
  n: number;
  reports: number;
  pack: { name: string; id: string; dir: string; concepts: number };
  tversky: RankingMetrics & { profile: SimilarityProfile; ms_per_query: number };
  baselines: Record<string, RankingMetrics>;
  /** The dense baseline's encoder, when it ran. */
  dense_model: string | null;
  /** Reports per class in the corpus, for reading per_class. */
  class_counts: Record<string, number>;
}

/** A labelled corpus read for the eval. */
export interface LabelledReports {
  ids: string[];
  /** Plain text (the text columns joined by a blank line), as the text baselines see it. */
  plain: string[];
  /** Text with column headers (FINDINGS:, IMPRESSION:), as the annotation pipeline sees it. */
  annotated: string[];
  labels: Set<string>[];
}

export async function readLabelledReports(file: string, options: { textColumns?: readonly string[]; idColumn?: string; labelColumn?: string } = {}): Promise<LabelledReports> {
  const textColumns = options.textColumns ?? DEFAULT_TEXT_COLUMNS;
  const labelColumn = options.labelColumn ?? 'Problems';
  const out: LabelledReports = { ids: [], plain: [], annotated: [], labels: [] };
  for await (const row of readReportCsv(file, { textColumns, ...(options.idColumn ? { idColumn: options.idColumn } : {}), requiredColumns: [labelColumn], empty: 'keep' })) {
    const labels = new Set(row.record[labelColumn]!.split(';').map((l) => l.trim()).filter(Boolean));
    if (labels.size === 0) throw new ClinlinkError('E_PARSE', 'report has no label', { file, line: row.line, field: labelColumn });
    out.ids.push(row.id);
    out.annotated.push(row.text);
    out.plain.push(textColumns.map((c) => (row.record[c] ?? '').trim()).filter(Boolean).join('\n\n'));
    out.labels.push(labels);
  }
  if (out.ids.length < 2) throw new ClinlinkError('E_PARSE', 'need at least two reports', { file });
  return out;
}

// -------------------------------------------------------------------------------------------------------------
// Ranking and scoring

/** Every index except `self`, by score descending, ties by index ascending. */
export function rankAll(scores: ArrayLike<number>, self: number): number[] {
  const order: number[] = [];
  for (let j = 0; j < scores.length; j++) if (j !== self) order.push(j);
  order.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return order;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  const union = a.size + b.size - inter;
  return union === 0 ? 0 : inter / union;
}

/** Queries that count (at least one other report with the same label set) and the classes' query lists. */
export interface Judgements {
  relevant: Set<number>[];
  queries: number[];
  classQueries: Map<string, number[]>;
  classCounts: Record<string, number>;
}

export function judgements(labels: readonly Set<string>[], classes: readonly string[]): Judgements {
  const byKey = new Map<string, number[]>();
  labels.forEach((l, i) => {
    const key = [...l].sort().join('\u0000');
    const list = byKey.get(key);
    if (list) list.push(i);
    else byKey.set(key, [i]);
  });
  // Same sorted label list = same label set: the group of reports sharing the query's key.
  const relevant = labels.map((l) => new Set(byKey.get([...l].sort().join('\u0000'))!));
  relevant.forEach((r, i) => r.delete(i));
  const queries = relevant.flatMap((r, i) => (r.size > 0 ? [i] : []));
  const classQueries = new Map<string, number[]>();
  const classCounts: Record<string, number> = {};
  for (const c of classes) {
    const having = labels.flatMap((l, i) => (l.has(c) ? [i] : []));
    classCounts[c] = having.length;
    if (having.length >= 2) classQueries.set(c, having);
  }
  return { relevant, queries, classQueries, classCounts };
}

/**
 * Scores one method. `rankingOf(q)` is the full ranking of the other reports for query q (see `rankAll`).
 */
export function scoreRankings(rankingOf: (q: number) => readonly number[], labels: readonly Set<string>[], j: Judgements): RankingMetrics {
  let p1 = 0;
  let p10 = 0;
  let map = 0;
  let ndcg = 0;
  const wanted = new Set<number>(j.queries);
  for (const qs of j.classQueries.values()) for (const q of qs) wanted.add(q);
  const top1 = new Map<number, number>();
  for (const q of wanted) {
    const ranking = rankingOf(q);
    top1.set(q, ranking[0] ?? -1);
    const rel = j.relevant[q]!;
    if (rel.size === 0) continue;
    p1 += precisionAtK(ranking, rel, 1);
    p10 += precisionAtK(ranking, rel, 10);
    map += averagePrecision(ranking, rel);
    const gains = ranking.slice(0, 10).map((d) => jaccard(labels[q]!, labels[d]!));
    const ideal: number[] = [];
    for (let d = 0; d < labels.length; d++) if (d !== q) ideal.push(jaccard(labels[q]!, labels[d]!));
    ndcg += ndcgAtK(gains, ideal, 10);
  }
  const n = j.queries.length || 1;
  const per_class: Record<string, number> = {};
  for (const [c, qs] of j.classQueries) {
    let hit = 0;
    for (const q of qs) {
      const t = top1.get(q)!;
      if (t >= 0 && labels[t]!.has(c)) hit++;
    }
    per_class[c] = round(hit / qs.length);
  }
  return { p1: round(p1 / n), p10: round(p10 / n), map: round(map / n), ndcg10: round(ndcg / n), per_class };
}

/** Rankings from a text retriever over the corpus. */
export function textRankings(retriever: TextRetriever, texts: readonly string[]): (q: number) => number[] {
  return (q) => rankAll(retriever.scores(texts[q]!), q);
}

/** Rankings from unit-norm embeddings (cosine = dot product). */
export function denseRankings(matrix: Float32Array, dim: number): (q: number) => number[] {
  const n = matrix.length / dim;
  return (q) => {
    const scores = new Float64Array(n);
    const qo = q * dim;
    for (let d = 0; d < n; d++) {
      let s = 0;
      const o = d * dim;
      for (let x = 0; x < dim; x++) s += matrix[qo + x]! * matrix[o + x]!;
      scores[d] = s;
    }
    return rankAll(scores, q);
  };
}

/** Rankings from a ReportIndex: every positive-scoring report from the index, then `rankAll`'s rule. */
export function indexRankings(index: ReportIndex, sets: readonly ConceptSet[], ids: readonly string[], search: SimilarityProfile['search']): { rankingOf: (q: number) => number[]; ms: () => number } {
  const pos = new Map(ids.map((id, i) => [id, i]));
  let ms = 0;
  let calls = 0;
  return {
    rankingOf: (q) => {
      const t0 = performance.now();
      const hits = index.search(sets[q]!, { ...search, k: ids.length, explain: false });
      ms += performance.now() - t0;
      calls++;
      const scores = new Float64Array(ids.length);
      for (const h of hits) scores[pos.get(h.id)!] = h.score;
      return rankAll(scores, q);
    },
    ms: () => (calls ? ms / calls : 0),
  };
}

/** Annotates and distils every report, weighs them (polarity IDF when the profile says so), and indexes them. */
export async function indexReports(nlp: Pipeline, texts: readonly string[], ids: readonly string[], profile: SimilarityProfile, onProgress?: (done: number) => void): Promise<{ index: ReportIndex; sets: ConceptSet[] }> {
  const parts = profileParts(nlp.pack, profile);
  const index = new ReportIndex({ hierarchy: parts.hierarchy, ...(parts.equivalence ? { equivalence: parts.equivalence } : {}) });
  let sets: ConceptSet[] = [];
  for (let i = 0; i < texts.length; i++) {
    sets.push(conceptSetFromDoc(await nlp.annotate(texts[i]!), parts.conceptSetOptions));
    onProgress?.(i + 1);
  }
  if (profile.polarityIdf) {
    const df = polarityDf(sets);
    sets = sets.map((s) => applyPolarityIdf(s, df));
  }
  sets.forEach((s, i) => index.add(ids[i]!, s));
  return { index, sets };
}

export async function evaluateSimilarity(options: SimilarityEvalOptions): Promise<SimilarityEvalResult> {
  const profile = options.profile ?? DEFAULT_SIMILARITY_PROFILE;
  const classes = options.classes ?? LONG_TAIL_CLASSES;
  const corpus = await readLabelledReports(options.reports, {
    ...(options.textColumns ? { textColumns: options.textColumns } : {}),
    ...(options.idColumn ? { idColumn: options.idColumn } : {}),
    ...(options.labelColumn ? { labelColumn: options.labelColumn } : {}),
  });
  const N = corpus.ids.length;
  const progress = options.onProgress ?? (() => {});
  const j = judgements(corpus.labels, classes);

  const { index, sets } = await indexReports(options.nlp, corpus.annotated, corpus.ids, profile, (d) => progress('annotate', d, N));
  const tv = indexRankings(index, sets, corpus.ids, profile.search);
  const tversky = scoreRankings(tv.rankingOf, corpus.labels, j);

  const baselines: Record<string, RankingMetrics> = {};
  baselines['bm25'] = scoreRankings(textRankings(new Bm25(corpus.plain), corpus.plain), corpus.labels, j);
  baselines['tfidf'] = scoreRankings(textRankings(new WordTfidf(corpus.plain), corpus.plain), corpus.labels, j);
  if (options.encoder) {
    progress('embed', 0, N);
    const matrix = await options.encoder.embed([...corpus.plain]);
    baselines['dense'] = scoreRankings(denseRankings(matrix, options.encoder.dim), corpus.labels, j);
  }
  const m = options.nlp.pack.manifest;
  return {
    n: j.queries.length,
    reports: N,
    pack: { name: m.name, id: m.packId, dir: options.nlp.pack.dir, concepts: m.counts.concepts },
    tversky: { ...tversky, profile, ms_per_query: round(tv.ms(), 3) },
    baselines,
    dense_model: options.encoder?.id ?? null,
    class_counts: j.classCounts,
  };
}
