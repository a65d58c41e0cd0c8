import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClinlinkError } from '../../../src/errors.js';
import { DEFAULT_TAGGER_NAME, TokenClassifier, defaultTaggerDir, splitWords, windows } from '../../../src/runtime/token-classifier.js';
import { modelsRoot } from '../../../src/runtime/models.js';

/**
 * The shipped disease tagger (models/clinlink-ner, written by training/export_ner.py --reference): onnxruntime-node
 * must reproduce torch's per-word probabilities, word offsets and decoded spans stored in
 * test/fixtures/runtime/shipped-clinlink-ner.json. The reference goes through Python's own word splitting, windowing
 * and window choice (training/ner_common.py), so equality here also checks that the TS twin of those matches.
 */
const FIX = fileURLToPath(new URL('../../fixtures/runtime/', import.meta.url));
const DIR = join(modelsRoot(), DEFAULT_TAGGER_NAME);

interface RefText {
  text: string;
  starts: number[];
  ends: number[];
  probs: number[][];
  spans: [number, number][];
}
interface Ref {
  id: string;
  sha256: string;
  max_length: number;
  labels: string[];
  texts: RefText[];
}

describe(`shipped token classifier models/${DEFAULT_TAGGER_NAME}`, () => {
  let tc: TokenClassifier;
  const ref = JSON.parse(readFileSync(join(FIX, `shipped-${DEFAULT_TAGGER_NAME}.json`), 'utf8')) as Ref;
  beforeAll(async () => {
    tc = await TokenClassifier.open(defaultTaggerDir(), { threads: 1 });
  });
  afterAll(() => tc.close());

  it('is the model the reference was computed with', () => {
    const conf = JSON.parse(readFileSync(join(DIR, 'clinlink.json'), 'utf8')) as { id: string; sha256: string; labels: string[]; max_length: number };
    expect(conf.id).toBe(ref.id);
    expect(conf.sha256).toBe(ref.sha256);
    expect(tc.labels).toEqual(ref.labels);
    expect(tc.maxLength).toBe(ref.max_length);
  });

  it('reproduces torch: same words and offsets, probabilities within 1e-4', async () => {
    const out = await tc.classify(ref.texts.map((t) => t.text));
    let maxDiff = 0;
    ref.texts.forEach((t, i) => {
      const o = out[i]!;
      expect([...o.starts]).toEqual(t.starts);
      expect([...o.ends]).toEqual(t.ends);
      t.probs.forEach((row, w) => row.forEach((v, k) => (maxDiff = Math.max(maxDiff, Math.abs(v - o.probs[w * row.length + k]!)))));
    });
    expect(maxDiff).toBeLessThanOrEqual(1e-4);
    // the long text spans several windows, so the window choice is exercised too
    const long = ref.texts.find((t) => t.starts.length > 2 * ref.max_length);
    expect(long).toBeDefined();
  });

  it('gives the same result whatever the batch size (padding and batch order do not leak into words)', async () => {
    const texts = ref.texts.map((t) => t.text);
    const [a, b] = [await tc.classify(texts, { batchSize: 1 }), await tc.classify(texts, { batchSize: 64 })];
    a.forEach((x, i) => {
      const y = b[i]!;
      let d = 0;
      x.probs.forEach((v, k) => (d = Math.max(d, Math.abs(v - y.probs[k]!))));
      expect(d).toBeLessThan(1e-5);
    });
  });

  it('defined output for empty, whitespace-only and control-only texts; rejects non-strings', async () => {
    const out = await tc.classify(['', ' \t\r\n', '\u0000\u0001']);
    for (const o of out) {
      expect(o.starts.length).toBe(0);
      expect(o.probs.length).toBe(0);
    }
    expect(await tc.classify([])).toEqual([]);
    await expect(tc.classify([42 as unknown as string])).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    await expect(tc.classify(['a'], { batchSize: 0 })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
  });
});

describe('splitWords: BertPreTokenizer boundaries on the original string', () => {
  const words = (t: string) => [...splitWords(t)].map(([s, e]) => t.slice(s, e));

  it('splits on whitespace (CRLF, tabs, NBSP), makes each punctuation mark and CJK ideograph a word', () => {
    expect(words('G6PD-deficiency,\r\n\ttype 2\u00a0DM (T2DM).')).toEqual(['G6PD', '-', 'deficiency', ',', 'type', '2', 'DM', '(', 'T2DM', ')', '.']);
    expect(words('肺炎患者')).toEqual(['肺', '炎', '患', '者']);
    expect(words('Болезнь Крона')).toEqual(['Болезнь', 'Крона']);
  });

  it('never splits a surrogate pair; offsets are UTF-16 code units of the original', () => {
    const t = 'fever 😷 cough\u{1F912}x';
    const spans = [...splitWords(t)];
    expect(spans.map(([s, e]) => t.slice(s, e))).toEqual(['fever', '😷', 'cough\u{1F912}x']);
    expect(spans[1]).toEqual([6, 8]);
  });

  it('handles lone surrogates and empty input', () => {
    expect(words('a\ud800b c')).toEqual(['a\ud800b', 'c']);
    expect(words('')).toEqual([]);
  });
});

describe('windows', () => {
  it('covers every word, keeps each window within budget, overlaps by about half', () => {
    const pieces = Array.from({ length: 200 }, (_, i) => new Array<number>(1 + (i % 3)).fill(7));
    const ws = windows(pieces, 20);
    const covered = new Set<number>();
    for (const [s, e] of ws) {
      let n = 0;
      for (let i = s; i < e; i++) (n += pieces[i]!.length), covered.add(i);
      expect(n).toBeLessThanOrEqual(20);
    }
    expect(covered.size).toBe(200);
    for (let i = 1; i < ws.length; i++) expect(ws[i]![0]).toBeLessThan(ws[i - 1]![1]);
  });

  it('gives a word longer than the budget a window of its own', () => {
    expect(windows([[1], new Array<number>(30).fill(2), [3]], 10)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
    expect(windows([], 10)).toEqual([]);
  });
});

describe('opening a model folder', () => {
  it('typed errors for a missing folder, a wrong kind and bad labels', async () => {
    await expect(TokenClassifier.open('/nonexistent/clinlink-ner')).rejects.toBeInstanceOf(ClinlinkError);
    const tmp = mkdtempSync(join(tmpdir(), 'clinlink-tc-'));
    for (const f of ['model.onnx', 'tokenizer.json']) copyFileSync(join(DIR, f), join(tmp, f));
    const conf = JSON.parse(readFileSync(join(DIR, 'clinlink.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(tmp, 'clinlink.json'), JSON.stringify({ ...conf, kind: 'bi-encoder' }));
    await expect(TokenClassifier.open(tmp)).rejects.toMatchObject({ code: 'E_MODEL_MISMATCH' });
    writeFileSync(join(tmp, 'clinlink.json'), JSON.stringify({ ...conf, labels: ['B-Disease', 'O', 'I-Disease'] }));
    await expect(TokenClassifier.open(tmp)).rejects.toMatchObject({ code: 'E_MODEL_CORRUPT' });
    writeFileSync(join(tmp, 'clinlink.json'), JSON.stringify({ ...conf, labels: ['O', 'B-Disease'] }));
    await expect(TokenClassifier.open(tmp)).rejects.toMatchObject({ code: 'E_MODEL_MISMATCH' });
    writeFileSync(join(tmp, 'clinlink.json'), JSON.stringify({ ...conf, sha256: '0'.repeat(64) }));
    await expect(TokenClassifier.open(tmp)).rejects.toMatchObject({ code: 'E_MODEL_CORRUPT' });
  });
});
