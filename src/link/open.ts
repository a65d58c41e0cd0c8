import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sha256File } from '../io/hash.js';
import { Pack } from '../ontology/pack.js';
import { starterPackDir } from '../ontology/starter.js';
import { BiEncoder } from '../runtime/bi-encoder.js';
import { CrossEncoder } from '../runtime/cross-encoder.js';
import { DEFAULT_MODEL_NAMES, defaultModelDir, modelsRoot } from '../runtime/models.js';
import { buildVectorIndex, indexDir, openVectorIndex, type IndexEmbedder, type VectorBuildOptions } from '../vectors/build.js';
import { INDEX_MANIFEST_FILE } from '../vectors/manifest.js';
import { CHAR_CHANNEL_MAX_TERMS, CharChannel } from './char-tfidf.js';
import { CALIBRATED_DECISIONS, decisionKey } from './decision.data.js';
import { Linker, type DecisionParams, type PairScorer } from './linker.js';

export interface LinkerOpenOptions {
  /** Bi-encoder folder (default: the shipped model, or $CLINLINK_MODELS_DIR). */
  model?: string;
  /** Cross-encoder folder; false for none (default: the shipped one when installed). */
  crossEncoder?: string | false;
  /** onnxruntime intra-op threads per model (default 2). */
  threads?: number;
  /** Build the pack's vector index when it has none for this model (default true). */
  buildIndex?: boolean | VectorBuildOptions;
  decision?: Partial<DecisionParams>;
  /** Build the char 3-gram TF-IDF channel over the pack's terms (default: when it has at most 2M terms). */
  charChannel?: boolean;
}

/** A bi-encoder with the identity a vector index records: its id and the SHA-256 of its weights. */
export async function indexEmbedder(encoder: BiEncoder, modelDir: string): Promise<IndexEmbedder> {
  const sha256 = encoder.config.sha256 ?? (await sha256File(join(modelDir, 'model.onnx')));
  return { id: encoder.id, sha256, dim: encoder.dim, embed: (texts) => encoder.embed(texts, { batchSize: 128 }), close: () => encoder.close() };
}

/**
 * Opens a linker over a pack (the embedded starter pack when none is given) with the default models. The pack's
 * vector index for the model is opened, or built on first use (exact search for small packs, HNSW above
 * EXACT_BACKEND_MAX_TERMS); `clinlink build --index` builds it ahead of time.
 */
export async function openLinker(packDir?: string, options: LinkerOpenOptions = {}): Promise<Linker> {
  const pack = Pack.open(packDir ?? (await starterPackDir()));
  const threads = options.threads ?? 2;
  const modelDir = options.model ?? defaultModelDir('bi-encoder');
  const encoder = await BiEncoder.open(modelDir, { threads });
  const embedder = await indexEmbedder(encoder, modelDir);
  if (!existsSync(join(indexDir(pack, embedder), INDEX_MANIFEST_FILE)) && options.buildIndex !== false) {
    await buildVectorIndex(pack, embedder, typeof options.buildIndex === 'object' ? options.buildIndex : {});
  }
  const index = await openVectorIndex(pack, embedder);
  let reranker: CrossEncoder | undefined;
  if (options.crossEncoder !== false) {
    const dir = options.crossEncoder ?? join(modelsRoot(), DEFAULT_MODEL_NAMES['cross-encoder']);
    if (options.crossEncoder !== undefined || existsSync(join(dir, 'model.onnx'))) reranker = await CrossEncoder.open(dir, { threads });
  }
  // Reranked scores have their own scale: their calibration is keyed by the pair of models (decisionKey).
  const decision = { ...CALIBRATED_DECISIONS[embedder.id], ...(reranker ? CALIBRATED_DECISIONS[decisionKey(embedder.id, reranker.id)] : {}), ...options.decision };
  const chars = options.charChannel !== false && pack.manifest.counts.terms <= CHAR_CHANNEL_MAX_TERMS ? new CharChannel([...pack.iterateTerms()]) : undefined;
  const scorer: PairScorer | undefined = reranker && {
    score: (pairs) => reranker.score(pairs),
    close: () => reranker.close(),
    ...(reranker.config.interpolation !== undefined ? { interpolation: reranker.config.interpolation } : {}),
  };
  return new Linker(pack, embedder, index, scorer, decision, chars);
}
