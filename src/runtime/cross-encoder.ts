/**
 * Cross-encoder reranker: scores (mention, candidate) pairs encoded as "[CLS] mention [SEP] candidate [SEP]" with
 * token_type_ids 0/1; the model's `logits` output is [batch, 1]. Higher = better match (raw logit; sigmoid it for a
 * 0..1 score).
 */
import { ClinlinkError, invalidArgument } from '../errors.js';
import { checkBatchSize, checkInputs, checkVocab, lengthBuckets, run, type EmbedOptions, type EncoderOpenOptions } from './bi-encoder.js';
import { readModelDir, type ModelConfig } from './model-dir.js';
import { OnnxSession } from './onnx.js';
import { TextTokenizer } from './tokenizer.js';

export class CrossEncoder {
  readonly id: string;
  readonly maxLength: number;

  private constructor(
    private readonly session: OnnxSession,
    readonly tokenizer: TextTokenizer,
    readonly config: ModelConfig,
    private readonly output: string,
  ) {
    this.id = config.id;
    this.maxLength = config.max_length;
  }

  static async open(dir: string, options: EncoderOpenOptions = {}): Promise<CrossEncoder> {
    const md = readModelDir(dir, 'cross-encoder');
    const tokenizer = TextTokenizer.load(md.tokenizerFile);
    checkVocab(tokenizer, md.config, md.tokenizerFile);
    const session = await OnnxSession.open(md.modelFile, {
      ...(options.threads !== undefined ? { threads: options.threads } : {}),
      ...(md.config.sha256 ? { sha256: md.config.sha256 } : {}),
      ...(md.config.quantized === 'int8' ? { qdq: true } : {}),
    });
    try {
      checkInputs(session);
      const output = session.outputs.some((o) => o.name === 'logits') ? 'logits' : session.outputs[0]!.name;
      const probe = tokenizer.pad([tokenizer.encodePair('a', 'b', md.config.max_length), { ids: [tokenizer.clsId, tokenizer.vocabSize - 1, tokenizer.sepId], typeIds: [0, 0, 0] }]);
      const out = await run(session, probe, output);
      const width = out.dims.length === 1 ? 1 : out.dims[out.dims.length - 1];
      if (out.dims[0] !== 2 || out.dims.length > 2 || width !== 1) {
        throw new ClinlinkError('E_MODEL_MISMATCH', `output ${output} has shape [${out.dims.join(', ')}]; a cross-encoder gives [batch, 1]`, { file: md.modelFile });
      }
      return new CrossEncoder(session, tokenizer, md.config, output);
    } catch (e) {
      await session.close();
      throw e;
    }
  }

  /** One score per pair, in input order. */
  async score(pairs: readonly (readonly [string, string])[], options: EmbedOptions = {}): Promise<Float32Array> {
    if (!Array.isArray(pairs) || pairs.some((p) => !Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'string' || typeof p[1] !== 'string')) {
      throw invalidArgument('pairs must be an array of [string, string]', 'pairs');
    }
    const batchSize = checkBatchSize(options.batchSize);
    const rows = pairs.map(([a, b]) => this.tokenizer.encodePair(a, b, this.maxLength));
    const out = new Float32Array(pairs.length);
    for (const idx of lengthBuckets(rows, batchSize)) {
      const enc = this.tokenizer.pad(idx.map((i) => rows[i]!));
      const res = await run(this.session, enc, this.output);
      idx.forEach((row, b) => (out[row] = res.data[b]!));
    }
    return out;
  }

  async close(): Promise<void> {
    await this.session.close();
  }
}
