/**
 * Dense bi-encoder (SapBERT-style): text -> L2-normalised vector. Runs clinlink's own small models and an unchanged
 * Hugging Face BERT ONNX export (input_ids / attention_mask / token_type_ids -> last_hidden_state) the same way.
 */
import { ClinlinkError, invalidArgument } from '../errors.js';
import { readModelDir, type ModelConfig, type Pooling } from './model-dir.js';
import { OnnxSession, type FloatOutput } from './onnx.js';
import { TextTokenizer, type EncodedBatch, type EncodedRow } from './tokenizer.js';

export interface EncoderOpenOptions {
  /** onnxruntime intra-op threads (default 1) */
  threads?: number;
  /**
   * Override the model's pooling: 'mean' (average of the token vectors) suits whole sentences and reports, where the
   * [CLS] vector of a model trained on short names is a poor summary.
   */
  pooling?: Pooling;
  /** Override the model's max_length (tokens per text, [CLS]/[SEP] included); must not exceed its position table. */
  maxLength?: number;
}

export interface EmbedOptions {
  /** texts per onnxruntime call (default 64); texts are sorted by token length first so padding stays small */
  batchSize?: number;
}

const DEFAULT_BATCH = 64;

export class BiEncoder {
  readonly id: string;
  readonly dim: number;
  readonly maxLength: number;
  readonly pooling: Pooling;

  private constructor(
    private readonly session: OnnxSession,
    readonly tokenizer: TextTokenizer,
    readonly config: ModelConfig,
    dim: number,
    private readonly output: string,
    options: EncoderOpenOptions = {},
  ) {
    this.id = config.id;
    this.dim = dim;
    this.maxLength = options.maxLength ?? config.max_length;
    this.pooling = options.pooling ?? config.pooling;
  }

  /** Opens a model folder (model.onnx + tokenizer.json [+ clinlink.json]); see model-dir.ts for the defaults. */
  static async open(dir: string, options: EncoderOpenOptions = {}): Promise<BiEncoder> {
    const md = readModelDir(dir, 'bi-encoder');
    if (options.pooling !== undefined && options.pooling !== 'cls' && options.pooling !== 'mean') throw invalidArgument("pooling must be 'cls' or 'mean'", 'pooling');
    if (options.maxLength !== undefined && (!Number.isInteger(options.maxLength) || options.maxLength < 3)) throw invalidArgument('maxLength must be an integer >= 3', 'maxLength');
    const tokenizer = TextTokenizer.load(md.tokenizerFile);
    checkVocab(tokenizer, md.config, md.tokenizerFile);
    const session = await OnnxSession.open(md.modelFile, {
      ...(options.threads !== undefined ? { threads: options.threads } : {}),
      ...(md.config.sha256 ? { sha256: md.config.sha256 } : {}),
      ...(md.config.quantized === 'int8' ? { qdq: true } : {}),
    });
    try {
      checkInputs(session);
      const output = session.outputs.some((o) => o.name === 'last_hidden_state') ? 'last_hidden_state' : session.outputs[0]!.name;
      // Probe: the highest token id must fit the embedding table, and the output width must match the config.
      const probe = tokenizer.pad([{ ids: [tokenizer.clsId, tokenizer.vocabSize - 1, tokenizer.sepId], typeIds: [0, 0, 0] }]);
      const out = await run(session, probe, output);
      if (out.dims.length !== 3 && out.dims.length !== 2) {
        throw new ClinlinkError('E_MODEL_MISMATCH', `output ${output} has rank ${out.dims.length}; expected [batch, sequence, dim] or [batch, dim]`, { file: md.modelFile });
      }
      const dim = out.dims[out.dims.length - 1]!;
      if (md.config.dim !== undefined && md.config.dim !== dim) {
        throw new ClinlinkError('E_MODEL_MISMATCH', `model outputs ${dim}-d vectors but the config says ${md.config.dim}`, { file: md.modelFile, field: 'dim' });
      }
      return new BiEncoder(session, tokenizer, md.config, dim, output, options);
    } catch (e) {
      await session.close();
      throw e;
    }
  }

  /** Embeds texts; returns rows x dim floats (row i = texts[i]), L2-normalised unless the config says otherwise. */
  async embed(texts: readonly string[], options: EmbedOptions = {}): Promise<Float32Array> {
    if (!Array.isArray(texts) || texts.some((t) => typeof t !== 'string')) throw invalidArgument('texts must be an array of strings', 'texts');
    const batchSize = checkBatchSize(options.batchSize);
    const rows = texts.map((t) => this.tokenizer.encode(t, this.maxLength));
    const out = new Float32Array(texts.length * this.dim);
    for (const idx of lengthBuckets(rows, batchSize)) {
      const enc = this.tokenizer.pad(idx.map((i) => rows[i]!));
      const res = await run(this.session, enc, this.output);
      idx.forEach((row, b) => this.poolInto(res, enc, b, out, row * this.dim));
    }
    return out;
  }

  private poolInto(res: FloatOutput, enc: EncodedBatch, b: number, out: Float32Array, o: number): void {
    const d = this.dim;
    const v = out.subarray(o, o + d);
    if (res.dims.length === 2) {
      v.set(res.data.subarray(b * d, (b + 1) * d));
    } else {
      const L = res.dims[1]!;
      const base = b * L * d;
      if (this.pooling === 'cls') {
        v.set(res.data.subarray(base, base + d));
      } else {
        const n = enc.lengths[b]!;
        for (let t = 0; t < n; t++) {
          const s = base + t * d;
          for (let j = 0; j < d; j++) v[j]! += res.data[s + j]!;
        }
        for (let j = 0; j < d; j++) v[j]! /= Math.max(1, n);
      }
    }
    if (this.config.normalize) {
      let ss = 0;
      for (let j = 0; j < d; j++) ss += v[j]! * v[j]!;
      const inv = ss > 0 ? 1 / Math.sqrt(ss) : 0;
      for (let j = 0; j < d; j++) v[j]! *= inv;
    }
  }

  async close(): Promise<void> {
    await this.session.close();
  }
}

/** Indices grouped into batches of similar token length (stable: equal lengths keep input order). */
export function lengthBuckets(rows: readonly EncodedRow[], batchSize: number): number[][] {
  const order = rows.map((_, i) => i).sort((a, b) => rows[a]!.ids.length - rows[b]!.ids.length || a - b);
  const out: number[][] = [];
  for (let s = 0; s < order.length; s += batchSize) out.push(order.slice(s, s + batchSize));
  return out;
}

export function checkBatchSize(n: number | undefined): number {
  if (n === undefined) return DEFAULT_BATCH;
  if (!Number.isInteger(n) || n < 1) throw invalidArgument('batchSize must be a positive integer', 'batchSize');
  return n;
}

export function checkVocab(tok: TextTokenizer, config: ModelConfig, file: string): void {
  if (config.vocab_size !== undefined && tok.vocabSize > config.vocab_size) {
    throw new ClinlinkError('E_MODEL_MISMATCH', `tokenizer has ${tok.vocabSize} tokens but the model's embedding table has ${config.vocab_size} rows`, { file, field: 'vocab_size' });
  }
}

export function checkInputs(session: OnnxSession): void {
  for (const n of ['input_ids', 'attention_mask']) {
    if (!session.hasInput(n)) throw new ClinlinkError('E_MODEL_MISMATCH', `model has no "${n}" input (inputs: ${session.inputs.map((i) => i.name).join(', ')})`, { file: session.file });
  }
  for (const i of session.inputs) {
    if (!['input_ids', 'attention_mask', 'token_type_ids'].includes(i.name)) {
      throw new ClinlinkError('E_MODEL_MISMATCH', `model input "${i.name}" is not one clinlink can feed`, { file: session.file });
    }
  }
}

export function run(session: OnnxSession, enc: EncodedBatch, output: string): Promise<FloatOutput> {
  const dims = [enc.batch, enc.seqLen];
  return session.runFloat(
    {
      input_ids: { data: enc.inputIds, dims },
      attention_mask: { data: enc.attentionMask, dims },
      token_type_ids: { data: enc.tokenTypeIds, dims },
    },
    output,
  );
}
