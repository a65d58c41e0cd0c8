import { existsSync, readFileSync, statSync } from 'node:fs';
import { sha256File } from '../io/hash.js';
import { join } from 'node:path';
import { ClinlinkError } from '../errors.js';

export const INDEX_MANIFEST_FILE = 'index.json';

export interface IndexManifest {
  format: 'clinlink-vector-index';
  version: 1;
  backend: 'hnsw' | 'exact';
  /** The bi-encoder that produced the vectors; another model's queries would be meaningless here. */
  model: { id: string; sha256: string };
  /** The pack whose term ids are the labels. */
  packId: string;
  dim: number;
  count: number;
  params: { M?: number; efConstruction?: number; efSearch?: number; space: 'ip' };
  files: { name: string; bytes: number; sha256: string }[];
  created: string;
  seconds: number;
}

/**
 * Reads an index manifest and checks it against the model and pack about to use it, and every file against its
 * size and checksum. The checksum is verified before a native library reads the file: hnswlib trusts its input and
 * a damaged file could crash the process instead of raising an error.
 */
export async function readIndexManifest(dir: string, expect: { modelSha256: string; packId: string }): Promise<IndexManifest> {
  const file = join(dir, INDEX_MANIFEST_FILE);
  if (!existsSync(file)) throw new ClinlinkError('E_INDEX_CORRUPT', 'no vector index manifest', { file });
  let m: IndexManifest;
  try {
    m = JSON.parse(readFileSync(file, 'utf8')) as IndexManifest;
  } catch (err) {
    throw new ClinlinkError('E_INDEX_CORRUPT', 'vector index manifest is not valid JSON', { file }, { cause: err });
  }
  if (m.format !== 'clinlink-vector-index' || m.version !== 1) throw new ClinlinkError('E_INDEX_CORRUPT', 'not a clinlink vector index', { file, field: 'format' });
  if (m.model.sha256 !== expect.modelSha256) {
    throw new ClinlinkError('E_INDEX_MISMATCH', `index was built with model ${m.model.id}; rebuild it for the model in use`, { file, field: 'model' });
  }
  if (m.packId !== expect.packId) throw new ClinlinkError('E_INDEX_MISMATCH', 'index was built for another pack build; rebuild it', { file, field: 'packId' });
  for (const f of m.files) {
    const path = join(dir, f.name);
    if (!existsSync(path) || statSync(path).size !== f.bytes) throw new ClinlinkError('E_INDEX_CORRUPT', 'index file is missing or has the wrong size', { file: path });
    if ((await sha256File(path)) !== f.sha256) throw new ClinlinkError('E_INDEX_CORRUPT', 'index file checksum mismatch', { file: path });
  }
  return m;
}
