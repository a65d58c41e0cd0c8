/**
 * ONNX token classifier (Hugging Face layout: input_ids / attention_mask / token_type_ids -> `logits` [batch,
 * sequence, labels]) run over whole texts of any length.
 *
 * @huggingface/tokenizers (npm) returns no offsets, so words are split here on the ORIGINAL string exactly where
 * BertNormalizer + BertPreTokenizer split (whitespace, each punctuation character, each CJK ideograph) and each word is
 * word-pieced on its own: same pieces as the whole text, and every word keeps its UTF-16 offsets. A word is labelled by
 * its first piece (how training/train_ner.py trains). Long texts are cut into windows of at most max_length - 2 pieces
 * at word boundaries with half overlap; a word takes its probabilities from the window where it is farthest from a cut
 * (the same rule as training/ner_common.py, so Python dev numbers carry over).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ClinlinkError, invalidArgument } from '../errors.js';
import { checkBatchSize, checkInputs, run } from './bi-encoder.js';
import { modelsRoot } from './models.js';
import { OnnxSession } from './onnx.js';
import { TextTokenizer, type EncodedRow } from './tokenizer.js';

export const DEFAULT_TAGGER_NAME = 'clinlink-ner';

export interface TokenClassifierConfig {
  id: string;
  kind: 'token-classifier';
  /** label of each logit column, BIO (`O`, `B-Disease`, `I-Disease`, …) */
  labels: readonly string[];
  max_length: number;
  sha256?: string;
  vocab_size?: number;
  /**
   * What token_type_ids carry: `zeros` (plain BERT), or `inner-uppercase`: 1 on every piece of a word with an
   * uppercase letter after its first character ("DMD", "G6PD"), which an uncased tokenizer otherwise loses.
   */
  token_type_ids: 'zeros' | 'inner-uppercase';
}

export interface TokenClassifierOpenOptions {
  /** onnxruntime intra-op threads (default 1) */
  threads?: number;
}

export interface ClassifyOptions {
  /** windows per onnxruntime call (default 64) */
  batchSize?: number;
  /**
   * Only words ending within the first maxChars UTF-16 units are classified (default 1,000,000, about 500 pages:
   * ~10 s on one core). The model costs ~10 s per MB of text, so this bounds what one huge input can cost.
   */
  maxChars?: number;
}

export const DEFAULT_MAX_CHARS = 1_000_000;

/** Per-word predictions of one text: word i is text.slice(starts[i], ends[i]), its label probabilities are
 * probs[i * labels.length … (i + 1) * labels.length). */
export interface WordPredictions {
  starts: Int32Array;
  ends: Int32Array;
  probs: Float32Array;
}

/** A word longer than this many pieces is cut (it is labelled by its first piece anyway). */
const MAX_WORD_PIECES = 16;
/** Bound on the per-word piece cache (distinct words), so a huge note cannot grow it without limit. */
const CACHE_LIMIT = 200_000;

export class TokenClassifier {
  readonly id: string;
  readonly labels: readonly string[];
  readonly maxLength: number;
  private readonly cache = new Map<string, number[]>();

  private constructor(
    private readonly session: OnnxSession,
    readonly tokenizer: TextTokenizer,
    readonly config: TokenClassifierConfig,
    private readonly output: string,
  ) {
    this.id = config.id;
    this.labels = config.labels;
    this.maxLength = config.max_length;
  }

  /** Opens a model folder (model.onnx + tokenizer.json + clinlink.json with kind "token-classifier" and labels). */
  static async open(dirIn: string, options: TokenClassifierOpenOptions = {}): Promise<TokenClassifier> {
    const dir = resolve(dirIn);
    const modelFile = join(dir, 'model.onnx');
    const tokFile = join(dir, 'tokenizer.json');
    const config = readConfig(dir);
    const tokenizer = TextTokenizer.load(tokFile);
    if (config.vocab_size !== undefined && tokenizer.vocabSize > config.vocab_size) {
      throw new ClinlinkError('E_MODEL_MISMATCH', `tokenizer has ${tokenizer.vocabSize} tokens but the model's embedding table has ${config.vocab_size} rows`, { file: tokFile, field: 'vocab_size' });
    }
    const session = await OnnxSession.open(modelFile, {
      ...(options.threads !== undefined ? { threads: options.threads } : {}),
      ...(config.sha256 ? { sha256: config.sha256 } : {}),
    });
    try {
      checkInputs(session);
      const output = session.outputs.some((o) => o.name === 'logits') ? 'logits' : session.outputs[0]!.name;
      const probe = tokenizer.pad([{ ids: [tokenizer.clsId, tokenizer.vocabSize - 1, tokenizer.sepId], typeIds: [0, 0, 0] }]);
      const out = await run(session, probe, output);
      if (out.dims.length !== 3 || out.dims[1] !== 3 || out.dims[2] !== config.labels.length) {
        throw new ClinlinkError('E_MODEL_MISMATCH', `output ${output} has shape [${out.dims.join(', ')}]; expected [batch, sequence, ${config.labels.length} labels]`, { file: modelFile });
      }
      return new TokenClassifier(session, tokenizer, config, output);
    } catch (e) {
      await session.close();
      throw e;
    }
  }

  /** Opens models/clinlink-ner (or $CLINLINK_MODELS_DIR/clinlink-ner). */
  static openDefault(options: TokenClassifierOpenOptions = {}): Promise<TokenClassifier> {
    return TokenClassifier.open(defaultTaggerDir(), options);
  }

  /** Label probabilities of every word of every text (softmax of the logits), in input order. */
  async classify(texts: readonly string[], options: ClassifyOptions = {}): Promise<WordPredictions[]> {
    if (!Array.isArray(texts) || texts.some((t) => typeof t !== 'string')) throw invalidArgument('texts must be an array of strings', 'texts');
    const batchSize = checkBatchSize(options.batchSize);
    const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
    if (!Number.isInteger(maxChars) || maxChars < 0) throw invalidArgument('maxChars must be a non-negative integer', 'maxChars');
    const budget = this.maxLength - 2;
    const nl = this.labels.length;
    const docs = texts.map((t) => this.words(t, maxChars));
    const results: WordPredictions[] = docs.map((d) => {
      const probs = new Float32Array(d.starts.length * nl);
      // words no window covers stay "outside" (only possible when a text has no pieces at all)
      for (let i = 0; i < d.starts.length; i++) probs[i * nl] = 1;
      return { starts: Int32Array.from(d.starts), ends: Int32Array.from(d.ends), probs };
    });
    const jobs: Window[] = [];
    docs.forEach((d, doc) => {
      for (const [from, to] of windows(d.pieces, budget)) jobs.push({ doc, from, to, ...this.row(d, from, to, budget) });
    });
    // Similar lengths together keep padding small; the distance array keeps the best window per word.
    const best = docs.map((d) => new Int32Array(d.starts.length).fill(-1));
    const bestFrom = docs.map((d) => new Int32Array(d.starts.length));
    const order = jobs.map((_, i) => i).sort((a, b) => jobs[a]!.row.ids.length - jobs[b]!.row.ids.length || a - b);
    for (let s = 0; s < order.length; s += batchSize) {
      const idx = order.slice(s, s + batchSize);
      const enc = this.tokenizer.pad(idx.map((i) => jobs[i]!.row));
      const res = await run(this.session, enc, this.output);
      const L = res.dims[1]!;
      idx.forEach((ji, b) => {
        const w = jobs[ji]!;
        const nWords = docs[w.doc]!.starts.length;
        const n = w.to - w.from;
        for (let j = 0; j < n; j++) {
          const pos = w.firsts[j]!;
          if (pos < 0) continue;
          // distance to the nearest edge where this window CUTS the text (the text's own ends do not count)
          const d = Math.min(w.from > 0 ? j : 1 << 30, w.to < nWords ? n - 1 - j : 1 << 30);
          const word = w.from + j;
          // ties go to the earlier window (batches run in length order, not text order)
          const prev = best[w.doc]![word]!;
          if (d < prev || (d === prev && w.from > bestFrom[w.doc]![word]!)) continue;
          best[w.doc]![word] = d;
          bestFrom[w.doc]![word] = w.from;
          softmaxInto(res.data, (b * L + pos) * nl, nl, results[w.doc]!.probs, word * nl);
        }
      });
    }
    return results;
  }

  /** Words with offsets, pieces and token types (words made only of characters the normaliser drops are left out). */
  words(text: string, maxChars = Infinity): { starts: number[]; ends: number[]; pieces: number[][]; types: number[] } {
    const starts: number[] = [];
    const ends: number[] = [];
    const pieces: number[][] = [];
    const types: number[] = [];
    const caseTypes = this.config.token_type_ids === 'inner-uppercase';
    for (const [s, e] of splitWords(text.length > maxChars ? text.slice(0, maxChars) : text)) {
      // a word cut by the limit is left out rather than classified from half its letters
      if (e === maxChars && e < text.length && !/[\s\p{P}]/u.test(text[e]!)) break;
      const w = text.slice(s, e);
      let p = this.cache.get(w);
      if (!p) {
        p = this.tokenizer.pieces(w, MAX_WORD_PIECES);
        if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
        this.cache.set(w, p);
      }
      if (!p.length) continue;
      starts.push(s);
      ends.push(e);
      pieces.push(p);
      types.push(caseTypes && INNER_UPPER.test(w.slice(w.codePointAt(0)! > 0xffff ? 2 : 1)) ? 1 : 0);
    }
    return { starts, ends, pieces, types };
  }

  private row(d: { pieces: readonly number[][]; types: readonly number[] }, from: number, to: number, budget: number): { row: EncodedRow; firsts: number[] } {
    const ids = [this.tokenizer.clsId];
    const typeIds = [0];
    const firsts: number[] = [];
    for (let w = from; w < to; w++) {
      const p = d.pieces[w]!;
      const room = budget - (ids.length - 1);
      const take = p.length > room ? p.slice(0, Math.max(0, room)) : p;
      firsts.push(take.length ? ids.length : -1);
      for (const id of take) {
        ids.push(id);
        typeIds.push(d.types[w]!);
      }
    }
    ids.push(this.tokenizer.sepId);
    typeIds.push(0);
    return { row: { ids, typeIds }, firsts };
  }

  async close(): Promise<void> {
    await this.session.close();
  }
}

interface Window {
  doc: number;
  from: number;
  to: number;
  row: EncodedRow;
  firsts: number[];
}

/** models/clinlink-ner (or under $CLINLINK_MODELS_DIR). Throws E_MODEL_MISSING when it is not installed. */
export function defaultTaggerDir(): string {
  const dir = join(modelsRoot(), DEFAULT_TAGGER_NAME);
  if (!existsSync(join(dir, 'model.onnx'))) throw new ClinlinkError('E_MODEL_MISSING', 'default token classifier not installed', { file: dir });
  return dir;
}

/**
 * [from, to) word ranges of at most `budget` pieces (a single longer word is a window of its own); the next window
 * starts about half a budget of pieces later, at a word boundary. Same rule as training/ner_common.py windows().
 */
export function windows(pieces: readonly (readonly number[])[], budget: number): [number, number][] {
  const n = pieces.length;
  const out: [number, number][] = [];
  let s = 0;
  while (s < n) {
    let tot = 0;
    let e = s;
    while (e < n && (tot + pieces[e]!.length <= budget || e === s)) tot += pieces[e++]!.length;
    out.push([s, e]);
    if (e >= n) break;
    let step = 0;
    let ns = s;
    while (ns < e && step < 0.5 * budget) step += pieces[ns++]!.length;
    s = Math.max(ns, s + 1);
  }
  return out;
}

const PUNCT = /\p{P}/u;
const INNER_UPPER = /\p{Lu}/u;
const SPACE_SEP = /\p{Zs}/u;

/**
 * Word boundaries of BertNormalizer + BertPreTokenizer on the original string, as [start, end) UTF-16 offsets:
 * whitespace separates, every punctuation character and CJK ideograph is a word of its own. Iterates code points, so
 * a surrogate pair (emoji) is never split; a lone surrogate is an ordinary character.
 */
export function* splitWords(text: string): Generator<[number, number]> {
  let start = -1;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    const ch = len === 2 ? text.slice(i, i + 2) : text[i]!;
    if (cp === 32 || cp === 9 || cp === 10 || cp === 13 || SPACE_SEP.test(ch)) {
      if (start >= 0) yield [start, i];
      start = -1;
    } else if (isAsciiPunct(cp) || PUNCT.test(ch) || isCjk(cp)) {
      if (start >= 0) yield [start, i];
      start = -1;
      yield [i, i + len];
    } else if (start < 0) {
      start = i;
    }
    i += len;
  }
  if (start >= 0) yield [start, text.length];
}

function isAsciiPunct(c: number): boolean {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

function isCjk(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b920 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

function softmaxInto(src: Float32Array, o: number, n: number, dst: Float32Array, d: number): void {
  let max = -Infinity;
  for (let k = 0; k < n; k++) if (src[o + k]! > max) max = src[o + k]!;
  let sum = 0;
  for (let k = 0; k < n; k++) sum += Math.exp(src[o + k]! - max);
  for (let k = 0; k < n; k++) dst[d + k] = Math.exp(src[o + k]! - max) / sum;
}

function readConfig(dir: string): TokenClassifierConfig {
  const file = join(dir, 'clinlink.json');
  if (!existsSync(file)) throw new ClinlinkError('E_MODEL_MISSING', 'clinlink.json not found in the model folder', { file });
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new ClinlinkError('E_MODEL_CORRUPT', 'invalid JSON', { file }, { cause });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ClinlinkError('E_MODEL_CORRUPT', 'clinlink.json is not an object', { file });
  const r = raw as Record<string, unknown>;
  const bad = (field: string): never => {
    throw new ClinlinkError('E_MODEL_CORRUPT', `clinlink.json: invalid ${field}`, { file, field });
  };
  if (r['kind'] !== 'token-classifier') {
    throw new ClinlinkError('E_MODEL_MISMATCH', `model folder holds a ${String(r['kind'])}, not a token-classifier`, { file, field: 'kind' });
  }
  const labels = r['labels'];
  if (!Array.isArray(labels) || labels.length < 2 || labels.some((l) => typeof l !== 'string') || labels[0] !== 'O') bad('labels');
  const maxLength = r['max_length'];
  if (!Number.isInteger(maxLength) || (maxLength as number) < 4 || (maxLength as number) > 8192) bad('max_length');
  if (r['sha256'] !== undefined && !(typeof r['sha256'] === 'string' && /^[0-9a-f]{64}$/i.test(r['sha256']))) bad('sha256');
  if (r['vocab_size'] !== undefined && !(Number.isInteger(r['vocab_size']) && (r['vocab_size'] as number) > 0)) bad('vocab_size');
  const tt = r['token_type_ids'] ?? 'zeros';
  if (tt !== 'zeros' && tt !== 'inner-uppercase') bad('token_type_ids');
  const config: TokenClassifierConfig = {
    id: typeof r['id'] === 'string' ? r['id'] : basename(dir),
    kind: 'token-classifier',
    labels: labels as string[],
    max_length: maxLength as number,
    token_type_ids: tt as TokenClassifierConfig['token_type_ids'],
  };
  if (typeof r['sha256'] === 'string') config.sha256 = r['sha256'];
  if (typeof r['vocab_size'] === 'number') config.vocab_size = r['vocab_size'];
  return config;
}
