/**
 * The only module that touches onnxruntime-node. Opens sessions from bytes we have already read and checked, so a
 * missing, truncated or garbage model.onnx is a typed ClinlinkError (E_MODEL_MISSING / E_MODEL_CORRUPT), never a
 * native crash, and wraps run() failures (e.g. a token id past the embedding table) as E_MODEL_MISMATCH.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { ClinlinkError } from '../errors.js';

export interface OnnxSessionOptions {
  /** intra-op threads (default 1: embedding is usually run next to other work; raise for bulk jobs). */
  threads?: number;
  /** ORT graph optimisation level (default 'all'). */
  optimization?: 'disabled' | 'basic' | 'extended' | 'all';
  /**
   * Whether the graph stores int8 weights behind DequantizeLinear (QDQ). Default: detected from the bytes. When true,
   * ORT is told not to fuse QDQ into integer kernels (`disable_quant_qdq`), so the float maths stays as exported.
   */
  qdq?: boolean;
  /** Expected SHA-256 of the file (hex). A different hash is E_MODEL_CORRUPT. */
  sha256?: string;
}

export interface TensorInput {
  data: BigInt64Array;
  dims: readonly number[];
}

export interface FloatOutput {
  data: Float32Array;
  dims: readonly number[];
}

export interface TensorInfo {
  name: string;
  /** Static dims where known, symbolic dims as strings, [] when the model does not say. */
  shape: ReadonlyArray<number | string>;
  type: string | undefined;
}

/** An open ONNX model. */
export class OnnxSession {
  private closed = false;

  private constructor(
    private readonly session: ort.InferenceSession,
    readonly file: string,
    readonly inputs: readonly TensorInfo[],
    readonly outputs: readonly TensorInfo[],
    readonly qdq: boolean,
  ) {}

  static async open(file: string, options: OnnxSessionOptions = {}): Promise<OnnxSession> {
    if (!existsSync(file) || !statSync(file).isFile()) {
      throw new ClinlinkError('E_MODEL_MISSING', 'model file not found', { file });
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (cause) {
      throw new ClinlinkError('E_MODEL_MISSING', 'model file cannot be read', { file }, { cause });
    }
    if (options.sha256) {
      const got = createHash('sha256').update(bytes).digest('hex');
      if (got !== options.sha256.toLowerCase()) {
        throw new ClinlinkError('E_MODEL_CORRUPT', `model file SHA-256 ${got.slice(0, 12)}… does not match the configured ${options.sha256.slice(0, 12)}…`, { file });
      }
    }
    // An ONNX ModelProto starts with field 1 (ir_version, varint) => tag byte 0x08. Anything else is not a model.
    if (bytes.length < 16 || bytes[0] !== 0x08) {
      throw new ClinlinkError('E_MODEL_CORRUPT', 'file is not an ONNX model', { file });
    }
    const qdq = options.qdq ?? bytes.includes('DequantizeLinear');
    const so: ort.InferenceSession.SessionOptions = {
      intraOpNumThreads: Math.max(1, Math.floor(options.threads ?? 1)),
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: options.optimization ?? 'all',
      logSeverityLevel: 3,
    };
    if (qdq) so.extra = { session: { disable_quant_qdq: '1' } };
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), so);
    } catch (cause) {
      throw new ClinlinkError('E_MODEL_CORRUPT', `onnxruntime cannot load the model: ${firstLine(cause)}`, { file }, { cause });
    }
    const info = (m: readonly ort.InferenceSession.ValueMetadata[] | undefined, names: readonly string[]): TensorInfo[] =>
      names.map((name, i) => {
        const md = m?.[i];
        return md && md.isTensor ? { name, shape: md.shape, type: md.type } : { name, shape: [], type: undefined };
      });
    return new OnnxSession(session, file, info(session.inputMetadata, session.inputNames), info(session.outputMetadata, session.outputNames), qdq);
  }

  hasInput(name: string): boolean {
    return this.inputs.some((i) => i.name === name);
  }

  /** Runs the model on int64 inputs and returns the named float output (the first output when `output` is not given). */
  async runFloat(feeds: Record<string, TensorInput>, output?: string): Promise<FloatOutput> {
    if (this.closed) throw new ClinlinkError('E_INVALID_ARGUMENT', 'session is closed', { file: this.file });
    const name = output ?? this.outputs[0]?.name;
    if (!name || !this.outputs.some((o) => o.name === name)) {
      throw new ClinlinkError('E_MODEL_MISMATCH', `model has no output "${output ?? '(any)'}"; outputs: ${this.outputs.map((o) => o.name).join(', ')}`, { file: this.file });
    }
    const inputs: Record<string, ort.Tensor> = {};
    for (const i of this.inputs) {
      const f = feeds[i.name];
      if (!f) throw new ClinlinkError('E_MODEL_MISMATCH', `model input "${i.name}" is not one clinlink can feed`, { file: this.file });
      inputs[i.name] = new ort.Tensor('int64', f.data, f.dims);
    }
    let res: ort.InferenceSession.OnnxValueMapType;
    try {
      res = await this.session.run(inputs, [name]);
    } catch (cause) {
      throw new ClinlinkError('E_MODEL_MISMATCH', `model run failed: ${firstLine(cause)}`, { file: this.file }, { cause });
    }
    const t = res[name] as ort.Tensor | undefined;
    if (!t || t.type !== 'float32') {
      throw new ClinlinkError('E_MODEL_MISMATCH', `output "${name}" is ${t ? t.type : 'missing'}, expected float32`, { file: this.file });
    }
    const data = t.data as Float32Array;
    const dims = [...t.dims];
    t.dispose?.();
    return { data, dims };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.session.release();
  }
}

function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return (msg.split('\n')[0] ?? '').slice(0, 300);
}
