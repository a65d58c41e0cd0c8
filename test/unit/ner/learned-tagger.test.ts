import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LearnedTagger, type TaggedSpan } from '../../../src/ner/learned-tagger.js';
import type { WordPredictions } from '../../../src/runtime/token-classifier.js';

/** The shipped disease tagger (models/clinlink-ner) on sentences written for this test, and its BIO decoding. */
describe('LearnedTagger with the shipped model', () => {
  let tagger: LearnedTagger;
  beforeAll(async () => {
    tagger = await LearnedTagger.open(undefined, { threads: 1 });
  });
  afterAll(() => tagger.close());

  const found = (text: string, spans: readonly TaggedSpan[]) => spans.map((s) => text.slice(s.start, s.end));

  it('finds disease mentions with their full extent in realistic sentences', async () => {
    const texts = [
      'The patient is a 67-year-old man with type 2 diabetes mellitus, chronic kidney disease and congestive heart failure.',
      'Mutations in the BRCA1 gene predispose women to hereditary breast and ovarian cancer.',
      'Boys with Duchenne muscular dystrophy develop progressive weakness and dilated cardiomyopathy.',
    ];
    const [a = [], b = [], c = []] = (await tagger.tag(texts)).map((s, i) => found(texts[i]!, s));
    expect(a).toEqual(expect.arrayContaining(['type 2 diabetes mellitus', 'chronic kidney disease']));
    // NCBI annotators would take "congestive" too; this small model sometimes stops at "heart failure"
    expect(a.some((m) => /^(?:congestive )?heart failure$/.test(m))).toBe(true);
    expect(a).not.toContain('man');
    expect(b).toContain('hereditary breast and ovarian cancer');
    expect(b).not.toContain('BRCA1');
    expect(c).toEqual(expect.arrayContaining(['Duchenne muscular dystrophy', 'dilated cardiomyopathy']));
  });

  it('offsets index the original string through CRLF, emoji, Greek and Chinese text', async () => {
    const plain = 'Follow-up for Crohn disease and asthma.';
    const noisy = 'Αναφέρεται ιστορικό 😷.\r\n肺炎。\r\n\tFollow-up for Crohn disease and asthma.';
    const [p, n] = await tagger.tag([plain, noisy]);
    expect(found(plain, p!)).toEqual(expect.arrayContaining(['Crohn disease', 'asthma']));
    const shift = noisy.indexOf('Follow-up');
    const inNoisy = n!.filter((s) => s.start >= shift).map((s) => [s.start - shift, s.end - shift]);
    expect(inNoisy).toEqual(p!.map((s) => [s.start, s.end]));
    for (const s of n!) {
      expect(s.end).toBeGreaterThan(s.start);
      expect(s.confidence).toBeGreaterThan(0);
      expect(s.confidence).toBeLessThanOrEqual(1);
      expect(s.label).toBe('Disease');
    }
  });

  it('empty and whitespace-only notes give no spans; minConfidence filters; bad options are typed errors', async () => {
    expect(await tagger.tag(['', '   \r\n\t'])).toEqual([[], []]);
    const t = 'Boys with Duchenne muscular dystrophy develop progressive weakness.';
    const [all = []] = await tagger.tag([t]);
    const [sure = []] = await tagger.tag([t], { minConfidence: 0.9 });
    expect(sure.every((s) => s.confidence >= 0.9)).toBe(true);
    expect(sure.length).toBeLessThanOrEqual(all.length);
    await expect(tagger.tag([t], { minConfidence: 2 })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
  });

  it('a 5 MB note gives valid, sorted, non-overlapping spans and stops at maxChars', async () => {
    const unit = 'Patient with chronic obstructive pulmonary disease presents with cough.\r\n';
    const big = unit.repeat(Math.ceil(5_000_000 / unit.length)).slice(0, 5_000_000);
    const maxChars = 200_000;
    const [spans = []] = await tagger.tag([big], { maxChars });
    expect(spans.length).toBeGreaterThan(100);
    let last = 0;
    for (const s of spans) {
      expect(s.start).toBeGreaterThanOrEqual(last);
      expect(s.end).toBeLessThanOrEqual(maxChars);
      last = s.end;
    }
    // the same sentence everywhere: the disease is found in (nearly) every copy whichever window it falls in
    const copd = found(big, spans).filter((t) => t === 'chronic obstructive pulmonary disease').length;
    expect(copd).toBeGreaterThanOrEqual(0.95 * Math.floor(maxChars / unit.length));
  }, 120_000);
});

describe('BIO decoding', () => {
  // A tagger over a stub classifier: decode() only needs the label set.
  const stub = { labels: ['O', 'B-Disease', 'I-Disease'], id: 'stub' } as unknown as ConstructorParameters<typeof LearnedTagger>[0];
  const tagger = new LearnedTagger(stub);
  const preds = (rows: number[][]): WordPredictions => ({
    starts: Int32Array.from(rows.map((_, i) => i * 10)),
    ends: Int32Array.from(rows.map((_, i) => i * 10 + 5)),
    probs: Float32Array.from(rows.flat()),
  });

  it('never starts a span with I and does not split a mention over one B/I confusion', () => {
    // words: O, I?, I, O  -> one span over words 1-2 (argmax would give I after O)
    const spans = tagger.decode(preds([[0.9, 0.05, 0.05], [0.1, 0.4, 0.5], [0.05, 0.05, 0.9], [0.9, 0.05, 0.05]]));
    expect(spans.map((s) => [s.start, s.end])).toEqual([[10, 25]]);
    // B B: two mentions
    const two = tagger.decode(preds([[0.05, 0.9, 0.05], [0.05, 0.9, 0.05]]));
    expect(two.map((s) => [s.start, s.end])).toEqual([
      [0, 5],
      [10, 15],
    ]);
  });

  it('span confidence is the mean probability of the decoded labels', () => {
    const [s] = tagger.decode(preds([[0.1, 0.8, 0.1], [0.1, 0.3, 0.6]]));
    expect(s).toEqual({ start: 0, end: 15, label: 'Disease', confidence: 0.7 });
    expect(tagger.decode(preds([]))).toEqual([]);
  });
});
