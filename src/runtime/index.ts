export { BiEncoder, type EmbedOptions, type EncoderOpenOptions } from './bi-encoder.js';
export { CrossEncoder } from './cross-encoder.js';
export { DEFAULT_MODEL_NAMES, defaultModelDir, modelsRoot } from './models.js';
export { readModelDir, SAPBERT_DEFAULTS, type ModelConfig, type ModelDir, type ModelKind, type Pooling } from './model-dir.js';
export { OnnxSession, type OnnxSessionOptions } from './onnx.js';
export { TextTokenizer, type EncodedBatch, type EncodedRow } from './tokenizer.js';
