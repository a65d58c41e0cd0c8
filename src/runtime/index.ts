export { BiEncoder, type EmbedOptions, type EncoderOpenOptions } from './bi-encoder.js';
export { CrossEncoder } from './cross-encoder.js';
export { DEFAULT_MODEL_NAMES, defaultModelDir, modelsRoot } from './models.js';
export { readModelDir, SAPBERT_DEFAULTS, type ModelConfig, type ModelDir, type ModelKind, type Pooling } from './model-dir.js';
export { OnnxSession, type OnnxSessionOptions } from './onnx.js';
export { TextTokenizer, type EncodedBatch, type EncodedRow } from './tokenizer.js';
export { TokenClassifier, DEFAULT_MAX_CHARS, DEFAULT_TAGGER_NAME, defaultTaggerDir, splitWords, type ClassifyOptions, type TokenClassifierConfig, type TokenClassifierOpenOptions, type WordPredictions } from './token-classifier.js';
export { LearnedTagger, type TagOptions, type TaggedSpan } from '../ner/learned-tagger.js';
