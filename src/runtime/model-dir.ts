/**
 * A model folder: `model.onnx` + `tokenizer.json` (+ `clinlink.json`, written by training/export_onnx.py). Without
 * clinlink.json the folder is treated as a plain Hugging Face ONNX export (e.g. SapBERT through `optimum-cli export
 * onnx`) with SapBERT's defaults: [CLS] pooling, max_length 25, L2-normalised; `config.json` (HF) is read when present
 * for vocab_size / hidden_size checks.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ClinlinkError } from '../errors.js';

export type ModelKind = 'bi-encoder' | 'cross-encoder';
export type Pooling = 'cls' | 'mean';

export interface ModelConfig {
  id: string;
  kind: ModelKind;
  /** SHA-256 of model.onnx; checked at open when present. */
  sha256?: string;
  pooling: Pooling;
  max_length: number;
  normalize: boolean;
  /** embedding size (bi-encoder) or 1 (cross-encoder); checked against the model's output at open. */
  dim?: number;
  /** rows of the model's word-embedding table; the tokenizer must not produce ids beyond it. */
  vocab_size?: number;
  quantized?: 'none' | 'int8';
  /**
   * Cross-encoders only: how the linker combines this model with the first stage. When set, a reranked candidate
   * scores `first-stage score + interpolation × logit` (the weight is chosen on held-out training data, see
   * training/train_rerank.py); when absent, the logit alone ranks (a model trained to replace the first stage).
   */
  interpolation?: number;
}

export interface ModelDir {
  dir: string;
  modelFile: string;
  tokenizerFile: string;
  config: ModelConfig;
  /** true when clinlink.json was absent and defaults were used */
  defaults: boolean;
}

export const SAPBERT_DEFAULTS = { pooling: 'cls', max_length: 25, normalize: true } as const;

export function readModelDir(dirIn: string, kind: ModelKind): ModelDir {
  const dir = resolve(dirIn);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ClinlinkError('E_MODEL_MISSING', 'model folder not found', { file: dir });
  const modelFile = join(dir, 'model.onnx');
  const tokenizerFile = join(dir, 'tokenizer.json');
  if (!existsSync(modelFile)) throw new ClinlinkError('E_MODEL_MISSING', 'model.onnx not found in the model folder', { file: modelFile });
  if (!existsSync(tokenizerFile)) throw new ClinlinkError('E_MODEL_MISSING', 'tokenizer.json not found in the model folder', { file: tokenizerFile });
  const confFile = join(dir, 'clinlink.json');
  if (!existsSync(confFile)) {
    const hf = readJson(join(dir, 'config.json'), false) as { vocab_size?: unknown; hidden_size?: unknown; max_position_embeddings?: unknown } | undefined;
    const config: ModelConfig = {
      id: basename(dir),
      kind,
      pooling: SAPBERT_DEFAULTS.pooling,
      max_length: SAPBERT_DEFAULTS.max_length,
      normalize: kind === 'bi-encoder',
    };
    if (kind === 'cross-encoder') config.max_length = 64;
    if (hf && typeof hf.vocab_size === 'number') config.vocab_size = hf.vocab_size;
    if (hf && typeof hf.hidden_size === 'number' && kind === 'bi-encoder') config.dim = hf.hidden_size;
    return { dir, modelFile, tokenizerFile, config, defaults: true };
  }
  const raw = readJson(confFile, true) as Record<string, unknown>;
  const field = (name: string, ok: boolean): void => {
    if (!ok) throw new ClinlinkError('E_MODEL_CORRUPT', `clinlink.json: invalid ${name}`, { file: confFile, field: name });
  };
  const k = raw['kind'] ?? kind;
  field('kind', k === 'bi-encoder' || k === 'cross-encoder');
  if (k !== kind) throw new ClinlinkError('E_MODEL_MISMATCH', `model folder holds a ${String(k)}, not a ${kind}`, { file: confFile, field: 'kind' });
  const pooling = raw['pooling'] ?? 'cls';
  field('pooling', pooling === 'cls' || pooling === 'mean');
  const maxLength = raw['max_length'] ?? (kind === 'bi-encoder' ? SAPBERT_DEFAULTS.max_length : 64);
  field('max_length', Number.isInteger(maxLength) && (maxLength as number) >= 3 && (maxLength as number) <= 8192);
  const normalize = raw['normalize'] ?? kind === 'bi-encoder';
  field('normalize', typeof normalize === 'boolean');
  for (const n of ['dim', 'vocab_size']) if (raw[n] !== undefined) field(n, Number.isInteger(raw[n]) && (raw[n] as number) > 0);
  if (raw['sha256'] !== undefined) field('sha256', typeof raw['sha256'] === 'string' && /^[0-9a-f]{64}$/i.test(raw['sha256']));
  const config: ModelConfig = {
    id: typeof raw['id'] === 'string' ? raw['id'] : basename(dir),
    kind,
    pooling: pooling as Pooling,
    max_length: maxLength as number,
    normalize: normalize as boolean,
  };
  if (typeof raw['sha256'] === 'string') config.sha256 = raw['sha256'];
  if (typeof raw['dim'] === 'number') config.dim = raw['dim'];
  if (typeof raw['vocab_size'] === 'number') config.vocab_size = raw['vocab_size'];
  if (raw['quantized'] === 'int8' || raw['quantized'] === 'none') config.quantized = raw['quantized'];
  if (raw['interpolation'] !== undefined) {
    const w = raw['interpolation'];
    field('interpolation', kind === 'cross-encoder' && typeof w === 'number' && Number.isFinite(w) && w >= 0);
    config.interpolation = w as number;
  }
  return { dir, modelFile, tokenizerFile, config, defaults: false };
}

function readJson(file: string, required: boolean): unknown {
  if (!existsSync(file)) {
    if (required) throw new ClinlinkError('E_MODEL_MISSING', 'file not found', { file });
    return undefined;
  }
  try {
    const v: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not a JSON object');
    return v;
  } catch (cause) {
    throw new ClinlinkError('E_MODEL_CORRUPT', 'invalid JSON', { file }, { cause });
  }
}
