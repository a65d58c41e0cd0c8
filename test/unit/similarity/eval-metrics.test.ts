import { describe, expect, it } from 'vitest';
import { Bm25, WordTfidf, wordTokens } from '../../../src/eval/baselines/text-retrieval.js';
import { averagePrecision, ndcgAtK, precisionAtK } from '../../../src/eval/metrics.js';
import { jaccard, judgements, rankAll, scoreRankings } from '../../../src/eval/similarity.js';

describe('ranking metrics on hand-computed cases', () => {
  // Ranking: r1 (rel), r2, r3 (rel), r4, r5 (rel); 4 relevant in total (one never retrieved).
  const ranked = ['r1', 'r2', 'r3', 'r4', 'r5'];
  const relevant = new Set(['r1', 'r3', 'r5', 'r9']);

  it('P@k counts relevant ids in the first k, over k', () => {
    expect(precisionAtK(ranked, relevant, 1)).toBe(1);
    expect(precisionAtK(ranked, relevant, 2)).toBe(0.5);
    expect(precisionAtK(ranked, relevant, 5)).toBeCloseTo(3 / 5, 12);
    // A ranking shorter than k still divides by k: missing positions are misses.
    expect(precisionAtK(ranked, relevant, 10)).toBeCloseTo(3 / 10, 12);
    expect(precisionAtK([3, 1, 2], new Set([2]), 2)).toBe(0);
    expect(() => precisionAtK(ranked, relevant, 0)).toThrow(RangeError);
  });

  it('AP averages precision at each relevant hit over all relevant ids', () => {
    // (1/1 + 2/3 + 3/5) / 4 = 0.566666…
    expect(averagePrecision(ranked, relevant)).toBeCloseTo((1 + 2 / 3 + 3 / 5) / 4, 12);
    expect(averagePrecision([7, 8, 9], new Set([9]))).toBeCloseTo(1 / 3, 12);
    expect(averagePrecision(ranked, new Set<string>())).toBe(0);
  });

  it('nDCG@k uses gains 2^g − 1 and log2 discounts against the ideal order', () => {
    // gains [0, 1, 0.5]: DCG = 0 + 1/log2(3) + (√2 − 1)/2; ideal [1, 0.5, 0]: 1 + (√2 − 1)/log2(3).
    const dcg = 1 / Math.log2(3) + (Math.SQRT2 - 1) / 2;
    const ideal = 1 + (Math.SQRT2 - 1) / Math.log2(3);
    expect(ndcgAtK([0, 1, 0.5], [0.5, 0, 1], 3)).toBeCloseTo(dcg / ideal, 12);
    expect(ndcgAtK([1, 0.5], [1, 0.5, 0.5], 2)).toBeCloseTo(1, 12);
    expect(ndcgAtK([0, 0], [0, 0], 2)).toBe(0);
  });

  it('rankAll: score descending, ties in corpus order, the query itself left out', () => {
    expect(rankAll([0.5, 0.9, 0, 0.9, 0], 1)).toEqual([3, 0, 2, 4]);
    expect(rankAll([0, 0, 0], 2)).toEqual([0, 1]);
  });

  it('jaccard of label sets', () => {
    expect(jaccard(new Set(['a', 'b']), new Set(['b', 'c']))).toBeCloseTo(1 / 3, 12);
    expect(jaccard(new Set(['normal']), new Set(['normal']))).toBe(1);
  });
});

describe('judgements and scoreRankings', () => {
  const labels = [new Set(['normal']), new Set(['normal']), new Set(['Cardiomegaly']), new Set(['Cardiomegaly', 'Pleural Effusion']), new Set(['Nodule'])];
  const j = judgements(labels, ['Cardiomegaly', 'Nodule', 'normal']);

  it('relevant = identical label set; queries need one relevant report', () => {
    expect([...j.relevant[0]!]).toEqual([1]);
    expect(j.relevant[2]!.size).toBe(0);
    expect(j.queries).toEqual([0, 1]);
    expect(j.classCounts).toEqual({ Cardiomegaly: 2, Nodule: 1, normal: 2 });
    expect([...j.classQueries.keys()]).toEqual(['Cardiomegaly', 'normal']); // a class in one report cannot be retrieved
  });

  it('scores a fixed ranking by hand', () => {
    // Query 0 ranks 2, 1, 3, 4 (its relevant report second); query 1 ranks 0 first. Query 2 ranks 3 first, 3 ranks 4 first.
    const rankings: Record<number, number[]> = { 0: [2, 1, 3, 4], 1: [0, 2, 3, 4], 2: [3, 0, 1, 4], 3: [4, 2, 0, 1] };
    const m = scoreRankings((q) => rankings[q]!, labels, j);
    expect(m.p1).toBe(0.5); // (0 + 1) / 2
    expect(m.p10).toBe(0.1); // (1/10 + 1/10) / 2
    expect(m.map).toBe(0.75); // (1/2 + 1) / 2
    // Query 0's graded gains: [0, 1, 0, 0] → DCG 1/log2(3), ideal 1; query 1: 1.
    expect(m.ndcg10).toBeCloseTo((1 / Math.log2(3) + 1) / 2, 4);
    // Cardiomegaly queries 2 and 3: 2's top report has it, 3's (Nodule) does not; normal: query 0's top is report 2.
    expect(m.per_class).toEqual({ Cardiomegaly: 0.5, normal: 0.5 });
  });
});

describe('text retrieval baselines', () => {
  const docs = ['No pleural effusion.', 'Small left pleural effusion, small right effusion.', 'Cardiomegaly without effusion.'];

  it('tokenises words in lower case', () => {
    expect(wordTokens('No pleural-effusion; 2 views.')).toEqual(['no', 'pleural', 'effusion', '2', 'views']);
  });

  it('BM25 matches the formula (k1 = 1.2, b = 0.75, Lucene idf) by hand', () => {
    const bm = new Bm25(docs);
    const s = bm.scores('pleural effusion');
    const N = 3;
    const lens = [3, 7, 3];
    const avg = 13 / 3;
    const idf = (df: number) => Math.log(1 + (N - df + 0.5) / (df + 0.5));
    const term = (tf: number, len: number, df: number) => (idf(df) * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * len) / avg));
    expect(s[0]).toBeCloseTo(term(1, lens[0]!, 2) + term(1, lens[0]!, 3), 12);
    expect(s[1]).toBeCloseTo(term(1, lens[1]!, 2) + term(2, lens[1]!, 3), 12);
    expect(s[2]).toBeCloseTo(term(1, lens[2]!, 3), 12);
    expect([...bm.scores('pneumothorax')]).toEqual([0, 0, 0]);
  });

  it('word TF-IDF gives cosine 1 for a document against itself and 0 without shared words', () => {
    const tf = new WordTfidf(docs);
    const s = tf.scores(docs[2]!);
    expect(s[2]).toBeCloseTo(1, 12);
    expect(s[0]).toBeGreaterThan(0); // shares "effusion"
    expect(new WordTfidf(['alpha beta', 'gamma']).scores('alpha')[1]).toBe(0);
    // Hand value: docs ["a b", "a"], query "a": idf(a)=1, idf(b)=ln(3/2)+1; cos(q, d0) = 1/√(1 + idf(b)²).
    const small = new WordTfidf(['a b', 'a']);
    const idfB = Math.log(3 / 2) + 1;
    expect(small.scores('a')[0]).toBeCloseTo(1 / Math.sqrt(1 + idfB * idfB), 12);
    expect(small.scores('a')[1]).toBeCloseTo(1, 12);
  });
});
