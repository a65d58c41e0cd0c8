/**
 * Character 3-gram TF-IDF cosine, scispaCy's linking method (TfidfVectorizer analyzer='char_wb', ngram_range 3):
 * each word is padded with spaces and cut into 3-grams; smooth idf ln((1+n)/(1+df))+1; L2-normalised vectors.
 * Exact cosine over an inverted index (no approximate search), so the baseline is as strong as it can be.
 */
/** Sparse TF-IDF vector: [gram id, weight] pairs, L2-normalised. */
export type QueryVector = readonly (readonly [number, number])[];

export class CharTfidf {
  private readonly gramIds = new Map<string, number>();
  private readonly idf: Float32Array;
  private readonly postingsOffsets: Int32Array;
  private readonly postingsDocs: Int32Array;
  private readonly postingsWeights: Float32Array;
  readonly size: number;

  constructor(names: readonly string[]) {
    this.size = names.length;
    // Two passes (document frequencies, then postings) so no per-name gram map outlives its name: holding them all
    // cost about 4 KB per name, over a gigabyte for a 250k-term pack.
    let dfs: number[] = [];
    let total = 0;
    for (const n of names) {
      for (const g of this.counts(n, true).keys()) ((dfs[g] = (dfs[g] ?? 0) + 1), total++);
    }
    const df = Int32Array.from(dfs);
    dfs = [];
    this.idf = new Float32Array(df.length);
    for (let g = 0; g < df.length; g++) this.idf[g] = Math.log((1 + names.length) / (1 + df[g]!)) + 1;
    this.postingsOffsets = new Int32Array(df.length + 1);
    for (let g = 0; g < df.length; g++) this.postingsOffsets[g + 1] = this.postingsOffsets[g]! + df[g]!;
    this.postingsDocs = new Int32Array(total);
    this.postingsWeights = new Float32Array(total);
    const fill = this.postingsOffsets.slice(0, df.length);
    names.forEach((n, i) => {
      const v = this.weigh(this.counts(n, false));
      for (const [g, w] of v) {
        const at = fill[g]!++;
        this.postingsDocs[at] = i;
        this.postingsWeights[at] = w;
      }
    });
  }

  /** Exact cosine of a string with an indexed row (reads the row's vector back from the postings it appears in). */
  rowSimilarity(query: string | QueryVector, row: number): number {
    let dot = 0;
    for (const [g, w] of typeof query === 'string' ? this.vectorize(query) : query) {
      const lo = this.postingsOffsets[g]!;
      const hi = this.postingsOffsets[g + 1]!;
      const at = lowerBound(this.postingsDocs, lo, hi, row);
      if (at < hi && this.postingsDocs[at] === row) dot += w * this.postingsWeights[at]!;
    }
    return dot;
  }

  /** Cosine of two strings in this index's IDF space (grams the index never saw weigh nothing). */
  similarity(a: string | QueryVector, b: string): number {
    const va = new Map(typeof a === 'string' ? this.vectorize(a) : a);
    let dot = 0;
    for (const [g, w] of this.vectorize(b)) dot += w * (va.get(g) ?? 0);
    return dot;
  }

  /** A string's L2-normalised TF-IDF vector, to reuse across many comparisons. */
  vectorize(text: string): QueryVector {
    return this.weigh(this.counts(text, false));
  }

  /**
   * Top-n dictionary rows by cosine. With a `budget`, the query's grams are read rarest first and the common ones
   * are dropped once that many postings have been read (always keeping the three rarest): a gram like " of" lists
   * most of an ICD-10-CM pack, costs the most and separates the least. Scores are then partial; rescore the hits
   * with `similarity` when exact values matter.
   */
  search(query: string, n: number, scratch = new Float32Array(this.size), budget = Infinity): { index: number; score: number }[] {
    let q = this.weigh(this.counts(query, false));
    if (Number.isFinite(budget)) {
      const length = (g: number) => this.postingsOffsets[g + 1]! - this.postingsOffsets[g]!;
      q = q.sort((a, b) => length(a[0]) - length(b[0]));
      let read = 0;
      let keep = 0;
      while (keep < q.length && (keep < 3 || read + length(q[keep]![0]) <= budget)) read += length(q[keep++]![0]);
      q = q.slice(0, keep);
    }
    const touched: number[] = [];
    for (const [g, w] of q) {
      for (let p = this.postingsOffsets[g]!; p < this.postingsOffsets[g + 1]!; p++) {
        const d = this.postingsDocs[p]!;
        if (scratch[d] === 0) touched.push(d);
        scratch[d]! += w * this.postingsWeights[p]!;
      }
    }
    const out = topN(touched, scratch, n);
    for (const d of touched) scratch[d] = 0;
    return out;
  }

  private counts(text: string, grow: boolean): Map<number, number> {
    const m = new Map<number, number>();
    for (const word of text.toLowerCase().split(/\s+/)) {
      if (!word) continue;
      const padded = ` ${word} `;
      for (let i = 0; i + 3 <= padded.length; i++) {
        const gram = padded.slice(i, i + 3);
        let id = this.gramIds.get(gram);
        if (id === undefined) {
          if (!grow) continue;
          id = this.gramIds.size;
          this.gramIds.set(gram, id);
        }
        m.set(id, (m.get(id) ?? 0) + 1);
      }
    }
    return m;
  }

  private weigh(counts: Map<number, number>): [number, number][] {
    const v: [number, number][] = [];
    let norm = 0;
    for (const [g, c] of counts) {
      const w = c * (this.idf?.[g] ?? 1);
      v.push([g, w]);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const e of v) e[1] /= norm;
    return v;
  }
}

/** First index in [lo, hi) of a sorted array whose value is >= x. Postings are filled in row order, so sorted. */
function lowerBound(a: Int32Array, lo: number, hi: number, x: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The n best of `rows` by score, best first, without sorting them all: a common 3-gram touches tens of thousands of
 * rows per query, and sorting those dominated the search. A size-n min-heap keeps the running best.
 */
function topN(rows: readonly number[], score: Float32Array, n: number): { index: number; score: number }[] {
  const heap: number[] = [];
  const less = (a: number, b: number) => score[a]! < score[b]! || (score[a] === score[b] && a > b);
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (const d of rows) {
    if (heap.length < n) {
      heap.push(d);
      for (let i = heap.length - 1; i > 0; ) {
        const p = (i - 1) >> 1;
        if (!less(heap[i]!, heap[p]!)) break;
        [heap[i], heap[p]] = [heap[p]!, heap[i]!];
        i = p;
      }
    } else if (n > 0 && less(heap[0]!, d)) {
      heap[0] = d;
      down(0);
    }
  }
  return heap.sort((a, b) => (less(a, b) ? 1 : less(b, a) ? -1 : 0)).map((index) => ({ index, score: score[index]! }));
}

/** Postings read per char-channel query (measured: NCBI dev accuracy unchanged against exact search). */
export const CHAR_POSTINGS_BUDGET = 20_000;

/** Above this many terms the in-memory char channel is not built (about 130 MB of postings per million terms). */
export const CHAR_CHANNEL_MAX_TERMS = 2_000_000;

/** The character channel over a pack's terms: TF-IDF rows carry their pack term id. */
export class CharChannel {
  readonly tfidf: CharTfidf;
  private readonly termIds: Int32Array;
  private readonly scratch: Float32Array<ArrayBuffer>;

  constructor(terms: readonly { termId: number; text: string }[]) {
    this.tfidf = new CharTfidf(terms.map((t) => t.text));
    this.termIds = Int32Array.from(terms.map((t) => t.termId));
    for (let i = 1; i < this.termIds.length; i++) {
      if (this.termIds[i]! <= this.termIds[i - 1]!) throw new RangeError('char channel terms must come in increasing term-id order');
    }
    this.scratch = new Float32Array(this.tfidf.size);
  }

  /**
   * Top-n pack terms by char 3-gram TF-IDF cosine with the mention: candidates from the rarer grams (a bounded
   * number of postings read per query, so a 250k-term pack costs what a 50k one does), exact cosines for the hits.
   */
  search(mention: string, n: number): { label: number; score: number }[] {
    const q = this.tfidf.vectorize(mention);
    return this.tfidf
      .search(mention, n, this.scratch, CHAR_POSTINGS_BUDGET)
      .map((h) => ({ label: this.termIds[h.index]!, score: this.tfidf.rowSimilarity(q, h.index) }))
      .sort((a, b) => b.score - a.score);
  }

  similarity(a: string | QueryVector, b: string): number {
    return this.tfidf.similarity(a, b);
  }

  /** Cosine of a vectorised mention with a pack term, read from the index (no re-tokenising) when it holds it. */
  similarityToTerm(q: QueryVector, termId: number, text: string): number {
    // Rows were added in term-id order, so the ids are sorted.
    const row = lowerBound(this.termIds, 0, this.termIds.length, termId);
    return row < this.termIds.length && this.termIds[row] === termId ? this.tfidf.rowSimilarity(q, row) : this.tfidf.similarity(q, text);
  }

  vectorize(text: string): QueryVector {
    return this.tfidf.vectorize(text);
  }
}
