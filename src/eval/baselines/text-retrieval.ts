/**
 * Document-to-document retrieval baselines over raw report text, for the report similarity eval: BM25 and word
 * TF-IDF cosine. Both are exact (an inverted index scores every document sharing a word with the query), so the
 * baselines are as strong as their models allow.
 *
 * Tokens: lower-cased runs of Unicode letters and digits (`\p{L}\p{N}` and underscore, as `\w+`); no stop list, no
 * stemming, like the independent measurements the eval is checked against.
 */

/** Lower-cased word tokens. */
export function wordTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
}

/** A corpus as sparse term-frequency rows over an interned vocabulary. */
class TermMatrix {
  readonly vocab = new Map<string, number>();
  readonly rows: Map<number, number>[];
  readonly df: Int32Array;
  readonly lengths: Float64Array;

  constructor(docs: readonly string[]) {
    this.rows = docs.map((d) => {
      const row = new Map<number, number>();
      for (const t of wordTokens(d)) {
        let id = this.vocab.get(t);
        if (id === undefined) {
          id = this.vocab.size;
          this.vocab.set(t, id);
        }
        row.set(id, (row.get(id) ?? 0) + 1);
      }
      return row;
    });
    this.df = new Int32Array(this.vocab.size);
    this.lengths = new Float64Array(docs.length);
    this.rows.forEach((row, i) => {
      let len = 0;
      for (const [t, c] of row) {
        this.df[t]!++;
        len += c;
      }
      this.lengths[i] = len;
    });
  }

  /** Term ids and counts of a query; words outside the corpus vocabulary cannot match and are dropped. */
  query(text: string): Map<number, number> {
    const q = new Map<number, number>();
    for (const t of wordTokens(text)) {
      const id = this.vocab.get(t);
      if (id !== undefined) q.set(id, (q.get(id) ?? 0) + 1);
    }
    return q;
  }
}

/** Inverted lists: per term, the documents and a per-document weight. */
function invert(rows: readonly Map<number, number>[], V: number, weight: (doc: number, term: number, count: number) => number): { off: Int32Array; docs: Int32Array; w: Float64Array } {
  const off = new Int32Array(V + 1);
  for (const row of rows) for (const t of row.keys()) off[t + 1]!++;
  for (let t = 0; t < V; t++) off[t + 1]! += off[t]!;
  const docs = new Int32Array(off[V]!);
  const w = new Float64Array(off[V]!);
  const fill = off.slice(0, V);
  rows.forEach((row, d) => {
    for (const [t, c] of row) {
      const at = fill[t]!++;
      docs[at] = d;
      w[at] = weight(d, t, c);
    }
  });
  return { off, docs, w };
}

/** Scores every corpus document against a query; documents sharing no word score 0. */
export interface TextRetriever {
  readonly name: string;
  readonly size: number;
  scores(query: string): Float64Array;
}

/**
 * Okapi BM25 (Robertson & Zaragoza 2009) with Lucene's non-negative idf:
 *     score(q, d) = Σ_{t ∈ q} idf(t) · tf(t,d)·(k1 + 1) / (tf(t,d) + k1·(1 − b + b·|d|/avgdl)),
 *     idf(t) = ln(1 + (N − df + 0.5)/(df + 0.5)),
 * each distinct query word counted once. Defaults k1 = 1.2, b = 0.75.
 */
export class Bm25 implements TextRetriever {
  readonly name = 'bm25';
  readonly size: number;
  private readonly m: TermMatrix;
  private readonly inv: { off: Int32Array; docs: Int32Array; w: Float64Array };

  constructor(docs: readonly string[], k1 = 1.2, b = 0.75) {
    this.m = new TermMatrix(docs);
    this.size = docs.length;
    const N = docs.length;
    let total = 0;
    for (const l of this.m.lengths) total += l;
    const avgdl = N ? total / N || 1 : 1;
    const idf = Array.from(this.m.df, (df) => Math.log(1 + (N - df + 0.5) / (df + 0.5)));
    this.inv = invert(this.m.rows, this.m.vocab.size, (d, t, tf) => (idf[t]! * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * this.m.lengths[d]!) / avgdl)));
  }

  scores(query: string): Float64Array {
    const out = new Float64Array(this.size);
    const { off, docs, w } = this.inv;
    for (const t of this.m.query(query).keys()) for (let p = off[t]!; p < off[t + 1]!; p++) out[docs[p]!]! += w[p]!;
    return out;
  }
}

/**
 * Word TF-IDF cosine: raw counts × smooth idf ln((1 + N)/(1 + df)) + 1, rows L2-normalised (scikit-learn's
 * TfidfVectorizer defaults); the query is weighed the same way.
 */
export class WordTfidf implements TextRetriever {
  readonly name = 'tfidf';
  readonly size: number;
  private readonly m: TermMatrix;
  private readonly idf: Float64Array;
  private readonly inv: { off: Int32Array; docs: Int32Array; w: Float64Array };

  constructor(docs: readonly string[]) {
    this.m = new TermMatrix(docs);
    this.size = docs.length;
    const N = docs.length;
    this.idf = Float64Array.from(this.m.df, (df) => Math.log((1 + N) / (1 + df)) + 1);
    const norms = this.m.rows.map((row) => {
      let ss = 0;
      for (const [t, c] of row) ss += (c * this.idf[t]!) ** 2;
      return Math.sqrt(ss) || 1;
    });
    this.inv = invert(this.m.rows, this.m.vocab.size, (d, t, c) => (c * this.idf[t]!) / norms[d]!);
  }

  scores(query: string): Float64Array {
    const out = new Float64Array(this.size);
    const q = this.m.query(query);
    let ss = 0;
    for (const [t, c] of q) ss += (c * this.idf[t]!) ** 2;
    const norm = Math.sqrt(ss) || 1;
    const { off, docs, w } = this.inv;
    for (const [t, c] of q) {
      const qw = (c * this.idf[t]!) / norm;
      for (let p = off[t]!; p < off[t + 1]!; p++) out[docs[p]!]! += qw * w[p]!;
    }
    return out;
  }
}
