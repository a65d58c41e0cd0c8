/**
 * Where the shipped models live: <package root>/models/<name>/. The package root is found by walking up to the
 * package.json named "clinlink" (src/package-root.ts), so this works from src/ under vitest and from dist/ after
 * bundling. CLINLINK_MODELS_DIR overrides the models folder (e.g. to point at a SapBERT export).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ClinlinkError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import type { ModelKind } from './model-dir.js';

export const DEFAULT_MODEL_NAMES: Readonly<Record<ModelKind, string>> = {
  'bi-encoder': 'clinlink-bi',
  'cross-encoder': 'clinlink-cross',
};

/** Folder holding all models: $CLINLINK_MODELS_DIR or <package root>/models. */
export function modelsRoot(): string {
  const env = process.env['CLINLINK_MODELS_DIR'];
  return env ? resolve(env) : join(packageRoot(), 'models');
}

/** Folder of the default model of a kind. Throws E_MODEL_MISSING when it is not installed. */
export function defaultModelDir(kind: ModelKind): string {
  if (kind !== 'bi-encoder' && kind !== 'cross-encoder') throw new ClinlinkError('E_INVALID_ARGUMENT', `unknown model kind ${String(kind)}`, { field: 'kind' });
  const dir = join(modelsRoot(), DEFAULT_MODEL_NAMES[kind]);
  if (!existsSync(join(dir, 'model.onnx'))) throw new ClinlinkError('E_MODEL_MISSING', `default ${kind} model not installed`, { file: dir });
  return dir;
}
