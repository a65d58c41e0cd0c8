import { copyFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClinlinkError } from '../../../src/errors.js';
import { BiEncoder } from '../../../src/runtime/bi-encoder.js';
import { CrossEncoder } from '../../../src/runtime/cross-encoder.js';
import { DEFAULT_MODEL_NAMES, defaultModelDir, modelsRoot } from '../../../src/runtime/models.js';
import { OnnxSession } from '../../../src/runtime/onnx.js';
import { TextTokenizer } from '../../../src/runtime/tokenizer.js';
import { tempDir } from '../../helpers/tmp.js';

const FIX = fileURLToPath(new URL('../../fixtures/runtime/', import.meta.url));
interface Reference {
  max_length: number;
  vocab_size: number;
  dim: number;
  texts: string[];
  pairs: [string, string][];
  ids: number[][];
  cls: number[][];
  mean: number[][];
  cls_int8: number[][];
  pair_ids: number[][];
  pair_tt: number[][];
  logits: number[];
}
const ref = JSON.parse(readFileSync(join(FIX, 'reference.json'), 'utf8')) as Reference;
const tmp = tempDir('clinlink-runtime-');

function maxAbsDiff(got: Float32Array, want: number[][], rows?: number[]): number {
  let m = 0;
  const d = want[0]!.length;
  (rows ?? want.map((_, i) => i)).forEach((r, i) => {
    for (let j = 0; j < d; j++) m = Math.max(m, Math.abs(got[i * d + j]! - want[r]![j]!));
  });
  return m;
}

function copyModel(name: string, to: string, files = ['model.onnx', 'tokenizer.json', 'clinlink.json']): string {
  const dir = join(tmp, to);
  mkdirSync(dir, { recursive: true });
  for (const f of files) copyFileSync(join(FIX, name, f), join(dir, f));
  return dir;
}

function patchConfig(dir: string, patch: Record<string, unknown>): void {
  const f = join(dir, 'clinlink.json');
  writeFileSync(f, JSON.stringify({ ...JSON.parse(readFileSync(f, 'utf8')), ...patch }));
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ClinlinkError);
    return (e as ClinlinkError).code;
  }
  return 'no error';
}

describe('TextTokenizer', () => {
  const tok = TextTokenizer.load(join(FIX, 'tiny-bi', 'tokenizer.json'));
  it('gives the same ids as the Python tokenizer (truncation keeps [SEP]; empty, CJK, Cyrillic, accents, 10,000 chars)', () => {
    ref.texts.forEach((t, i) => expect(tok.encode(t, ref.max_length).ids).toEqual(ref.ids[i]));
    expect(tok.vocabSize).toBe(ref.vocab_size);
  });
  it('encodes pairs with longest-first truncation and token_type_ids 0/1', () => {
    ref.pairs.forEach(([a, b], i) => {
      const r = tok.encodePair(a, b, ref.max_length);
      expect(r.ids).toEqual(ref.pair_ids[i]);
      expect(r.typeIds).toEqual(ref.pair_tt[i]);
    });
  });
  it('pads with the pad id and masks padding', () => {
    const b = tok.encodeBatch(['heart attack', ''], ref.max_length);
    expect(b.batch).toBe(2);
    expect(b.lengths[1]).toBe(2);
    const row1 = Array.from(b.inputIds.subarray(b.seqLen, 2 * b.seqLen), Number);
    expect(row1.slice(0, 2)).toEqual([tok.clsId, tok.sepId]);
    expect(row1.slice(2).every((x) => x === tok.padId)).toBe(true);
    expect(Array.from(b.attentionMask.subarray(b.seqLen, 2 * b.seqLen), Number)).toEqual([1, 1, ...new Array<number>(b.seqLen - 2).fill(0)]);
  });
  it('long-text prefix tokenisation equals full tokenisation', () => {
    const long = 'Pneumonia, acute; asthma (chronic) ' + 'diabetes-mellitus, type 2 '.repeat(800);
    const full = tok.encode(long, 100000).ids;
    for (const n of [3, 16, 64, 300]) expect(tok.encode(long, n).ids).toEqual([...full.slice(0, n - 1), tok.sepId]);
  });
  it('rejects a max_length that cannot hold the special tokens', () => {
    expect(() => tok.encode('x', 1)).toThrow(ClinlinkError);
  });
});

describe('BiEncoder on the tiny fixture model', () => {
  let enc: BiEncoder;
  beforeAll(async () => {
    enc = await BiEncoder.open(join(FIX, 'tiny-bi'));
  });
  afterAll(async () => enc.close());

  it('matches torch (max abs diff <= 1e-4) and is L2-normalised', async () => {
    expect(enc.dim).toBe(ref.dim);
    expect(enc.id).toBe('tiny-bi');
    const e = await enc.embed(ref.texts);
    expect(e.length).toBe(ref.texts.length * ref.dim);
    expect(maxAbsDiff(e, ref.cls)).toBeLessThanOrEqual(1e-4);
    for (let i = 0; i < ref.texts.length; i++) {
      let s = 0;
      for (let j = 0; j < ref.dim; j++) s += e[i * ref.dim + j]! ** 2;
      expect(Math.abs(Math.sqrt(s) - 1)).toBeLessThan(1e-5);
    }
  });

  it('gives a text the same vector alone and in a batch with longer texts (any batch size, order restored)', async () => {
    const alone = await enc.embed(['diabetes']);
    const mixed = ['x '.repeat(40), 'diabetes', ref.texts[10]!, 'asthma', ''];
    for (const batchSize of [1, 2, 64]) {
      const e = await enc.embed(mixed, { batchSize });
      for (let j = 0; j < enc.dim; j++) expect(Math.abs(e[enc.dim + j]! - alone[j]!)).toBeLessThan(1e-5);
      const each = await Promise.all(mixed.map((t) => enc.embed([t])));
      each.forEach((v, i) => {
        for (let j = 0; j < enc.dim; j++) expect(Math.abs(e[i * enc.dim + j]! - v[j]!)).toBeLessThan(1e-5);
      });
    }
  });

  it('handles no texts and rejects bad arguments with typed errors', async () => {
    expect((await enc.embed([])).length).toBe(0);
    expect(await code(enc.embed('text' as unknown as string[]))).toBe('E_INVALID_ARGUMENT');
    expect(await code(enc.embed([1 as unknown as string]))).toBe('E_INVALID_ARGUMENT');
    expect(await code(enc.embed(['a'], { batchSize: 0 }))).toBe('E_INVALID_ARGUMENT');
  });
});

describe('pooling, plain HF layout, int8 and cross-encoder', () => {
  it('mean pooling from clinlink.json matches torch', async () => {
    const dir = copyModel('tiny-bi', 'mean');
    patchConfig(dir, { pooling: 'mean' });
    const enc = await BiEncoder.open(dir);
    expect(maxAbsDiff(await enc.embed(ref.texts), ref.mean)).toBeLessThanOrEqual(1e-4);
    await enc.close();
  });

  it('opens a plain Hugging Face export (model.onnx + tokenizer.json, no clinlink.json) with SapBERT defaults', async () => {
    const dir = copyModel('tiny-bi', 'hf-plain', ['model.onnx', 'tokenizer.json']);
    const enc = await BiEncoder.open(dir, { threads: 2 });
    expect(enc.maxLength).toBe(25);
    expect(enc.pooling).toBe('cls');
    expect(enc.id).toBe('hf-plain');
    expect(enc.dim).toBe(ref.dim);
    const short = ref.texts.map((_, i) => i).filter((i) => ref.ids[i]!.length < ref.max_length);
    expect(maxAbsDiff(await enc.embed(short.map((i) => ref.texts[i]!)), ref.cls, short)).toBeLessThanOrEqual(1e-4);
    await enc.close();
  });

  it('runs the int8 QDQ model with disable_quant_qdq and matches fake-quantised torch', async () => {
    const s = await OnnxSession.open(join(FIX, 'tiny-bi-int8', 'model.onnx'));
    expect(s.qdq).toBe(true);
    await s.close();
    const enc = await BiEncoder.open(join(FIX, 'tiny-bi-int8'));
    expect(maxAbsDiff(await enc.embed(ref.texts), ref.cls_int8)).toBeLessThanOrEqual(1e-4);
    await enc.close();
  });

  it('cross-encoder logits match torch, in input order, for any batch size', async () => {
    const ce = await CrossEncoder.open(join(FIX, 'tiny-cross'));
    for (const batchSize of [1, 2, 64]) {
      const s = await ce.score(ref.pairs, { batchSize });
      ref.logits.forEach((l, i) => expect(Math.abs(s[i]! - l)).toBeLessThanOrEqual(1e-4));
    }
    expect((await ce.score([])).length).toBe(0);
    expect(await code(ce.score([['a'] as unknown as [string, string]]))).toBe('E_INVALID_ARGUMENT');
    await ce.close();
  });
});

describe('bad model folders give typed errors', () => {
  it('missing folder / model / tokenizer => E_MODEL_MISSING', async () => {
    expect(await code(BiEncoder.open(join(tmp, 'nope')))).toBe('E_MODEL_MISSING');
    const noModel = copyModel('tiny-bi', 'no-model', ['tokenizer.json', 'clinlink.json']);
    expect(await code(BiEncoder.open(noModel))).toBe('E_MODEL_MISSING');
    const noTok = copyModel('tiny-bi', 'no-tok', ['model.onnx', 'clinlink.json']);
    expect(await code(BiEncoder.open(noTok))).toBe('E_MODEL_MISSING');
    expect(await code(OnnxSession.open(join(tmp, 'nope.onnx')))).toBe('E_MODEL_MISSING');
  });

  it('corrupt model.onnx (garbage, truncated, wrong hash) => E_MODEL_CORRUPT', async () => {
    const garbage = copyModel('tiny-bi', 'garbage', ['tokenizer.json']);
    writeFileSync(join(garbage, 'model.onnx'), Buffer.from('this is not an onnx model at all, just text'));
    expect(await code(BiEncoder.open(garbage))).toBe('E_MODEL_CORRUPT');
    const trunc = copyModel('tiny-bi', 'trunc', ['tokenizer.json']);
    const bytes = readFileSync(join(FIX, 'tiny-bi', 'model.onnx'));
    writeFileSync(join(trunc, 'model.onnx'), bytes.subarray(0, Math.floor(bytes.length / 3)));
    expect(await code(BiEncoder.open(trunc))).toBe('E_MODEL_CORRUPT');
    const flipped = copyModel('tiny-bi', 'flipped');
    const b2 = Buffer.from(bytes);
    b2[b2.length - 100] = b2[b2.length - 100]! ^ 0xff;
    writeFileSync(join(flipped, 'model.onnx'), b2);
    expect(await code(BiEncoder.open(flipped))).toBe('E_MODEL_CORRUPT');
    const badJson = copyModel('tiny-bi', 'bad-json');
    writeFileSync(join(badJson, 'clinlink.json'), '{ nope');
    expect(await code(BiEncoder.open(badJson))).toBe('E_MODEL_CORRUPT');
    const badTok = copyModel('tiny-bi', 'bad-tok');
    writeFileSync(join(badTok, 'tokenizer.json'), '{"model": 3}');
    expect(await code(BiEncoder.open(badTok))).toBe('E_MODEL_CORRUPT');
  });

  it('tokenizer larger than the embedding table => E_MODEL_MISMATCH (config check and, without config, the probe run)', async () => {
    const big = JSON.parse(readFileSync(join(FIX, 'tiny-bi', 'tokenizer.json'), 'utf8')) as { model: { vocab: Record<string, number> } };
    for (let i = 0; i < 400; i++) big.model.vocab[`zz${i}`] = ref.vocab_size + i;
    const withConf = copyModel('tiny-bi', 'vocab-conf');
    writeFileSync(join(withConf, 'tokenizer.json'), JSON.stringify(big));
    expect(await code(BiEncoder.open(withConf))).toBe('E_MODEL_MISMATCH');
    const plain = copyModel('tiny-bi', 'vocab-plain', ['model.onnx']);
    writeFileSync(join(plain, 'tokenizer.json'), JSON.stringify(big));
    expect(await code(BiEncoder.open(plain))).toBe('E_MODEL_MISMATCH');
  });

  it('wrong dim, wrong kind, wrong output shape => E_MODEL_MISMATCH', async () => {
    const dim = copyModel('tiny-bi', 'dim');
    patchConfig(dim, { dim: 768 });
    expect(await code(BiEncoder.open(dim))).toBe('E_MODEL_MISMATCH');
    expect(await code(BiEncoder.open(join(FIX, 'tiny-cross')))).toBe('E_MODEL_MISMATCH');
    expect(await code(CrossEncoder.open(join(FIX, 'tiny-bi')))).toBe('E_MODEL_MISMATCH');
    const biAsCross = copyModel('tiny-bi', 'bi-as-cross', ['model.onnx', 'tokenizer.json']);
    expect(await code(CrossEncoder.open(biAsCross))).toBe('E_MODEL_MISMATCH');
  });
});

describe('default model location', () => {
  it('resolves <package root>/models/<name> and honours CLINLINK_MODELS_DIR', () => {
    const root = modelsRoot();
    expect(root.endsWith('models')).toBe(true);
    const saved = process.env['CLINLINK_MODELS_DIR'];
    try {
      process.env['CLINLINK_MODELS_DIR'] = join(tmp, 'models-none');
      expect(() => defaultModelDir('bi-encoder')).toThrow(ClinlinkError);
      const alt = join(tmp, 'models-alt');
      cpSync(join(FIX, 'tiny-bi'), join(alt, DEFAULT_MODEL_NAMES['bi-encoder']), { recursive: true });
      process.env['CLINLINK_MODELS_DIR'] = alt;
      expect(defaultModelDir('bi-encoder')).toBe(join(alt, DEFAULT_MODEL_NAMES['bi-encoder']));
    } finally {
      if (saved === undefined) delete process.env['CLINLINK_MODELS_DIR'];
      else process.env['CLINLINK_MODELS_DIR'] = saved;
    }
  });
});
