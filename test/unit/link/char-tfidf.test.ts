import { describe, expect, it } from 'vitest';
import { CharChannel, CharTfidf } from '../../../src/link/char-tfidf.js';

const TERMS = [
  'leukemia',
  'acute myeloid leukemia',
  'adenomatous polyposis coli',
  'familial adenomatous polyposis',
  'breast cancer',
  'ovarian cancer',
  'hemophilia A',
  'anemia',
  'cystic fibrosis',
  'myotonic dystrophy',
];

describe('char 3-gram TF-IDF', () => {
  it('finds spelling variants and word-order changes, best first', () => {
    const index = new CharTfidf(TERMS);
    expect(TERMS[index.search('leukaemia', 1)[0]!.index]).toBe('leukemia');
    expect(TERMS[index.search('haemophilia A', 1)[0]!.index]).toBe('hemophilia A');
    expect(TERMS[index.search('polyposis, adenomatous, familial', 1)[0]!.index]).toBe('familial adenomatous polyposis');
    const hits = index.search('cancer of the breast', 5);
    expect(TERMS[hits[0]!.index]).toBe('breast cancer');
    for (let i = 1; i < hits.length; i++) expect(hits[i]!.score).toBeLessThanOrEqual(hits[i - 1]!.score);
  });

  it('returns exactly the top n of a full sort', () => {
    const index = new CharTfidf(TERMS);
    const all = index.search('an', 100);
    for (const n of [0, 1, 3, 7]) expect(index.search('an', n)).toEqual(all.slice(0, n));
  });

  it('scores a string against itself 1 and unrelated strings near 0; unseen grams weigh nothing', () => {
    const index = new CharTfidf(TERMS);
    expect(index.similarity('breast cancer', 'breast cancer')).toBeCloseTo(1, 5);
    expect(index.similarity('breast cancer', 'myotonic dystrophy')).toBeLessThan(0.1);
    expect(index.similarity('zzzz', 'breast cancer')).toBe(0);
  });

  it('labels hits with the pack term ids it was built from', () => {
    const channel = new CharChannel(TERMS.map((text, i) => ({ termId: 100 + i, text })));
    expect(channel.search('cystic fibrosis', 1)).toEqual([{ label: 108, score: expect.closeTo(1, 5) }]);
  });
});

describe('char channel on a pack-sized index', () => {
  // 30k synthetic names sharing very common grams ("disease of the"), like ICD-10-CM titles.
  const words = ['acute', 'chronic', 'disease', 'of', 'the', 'left', 'right', 'kidney', 'heart', 'lung', 'liver', 'failure', 'stage', 'type'];
  const names = Array.from({ length: 30_000 }, (_, i) => {
    const w = (k: number) => words[(i * (k + 3) + k * 7) % words.length]!;
    return `${w(0)} ${w(1)} disease of the ${w(2)} ${i.toString(36)}`;
  });
  names[12_345] = 'myotonic dystrophy type 1';

  it('reads a bounded number of postings yet finds the rare-gram match, with exact cosines', () => {
    const channel = new CharChannel(names.map((text, i) => ({ termId: i, text })));
    const [best] = channel.search('dystrophy myotonic', 5);
    expect(best!.label).toBe(12_345);
    expect(best!.score).toBeCloseTo(channel.similarity('dystrophy myotonic', names[12_345]!), 5);
  });
});
