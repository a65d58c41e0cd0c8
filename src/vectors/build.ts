import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ClinlinkError } from '../errors.js';
import { sha256File } from '../io/hash.js';
import type { Pack } from '../ontology/pack.js';
import { ExactIndex } from './exact.js';
import { DEFAULT_HNSW_PARAMS, HnswIndex, type HnswParams } from './hnsw.js';
import { INDEX_MANIFEST_FILE, readIndexManifest, type IndexManifest } from './manifest.js';
import type { VectorIndex } from './vector-index.js';

/** A bi-encoder as the index sees it: identity (for the manifest) and L2-normalised embeddings. */
export interface IndexEmbedder {
  readonly id: string;
  readonly sha256: string;
  readonly dim: number;
  embed(texts: string[]): Promise<Float32Array>;
  /** Releases the model (optional). */
  close?(): Promise<void>;
}

/** Below this many terms exact search is as fast as HNSW and needs no build (measured in bench/vectors). */
export const EXACT_BACKEND_MAX_TERMS = 50_000;

export interface VectorBuildOptions {
  backend?: 'hnsw' | 'exact' | 'auto';
  params?: HnswParams;
  batchSize?: number;
  /** Called after each batch with terms embedded so far and the total. */
  onProgress?: (done: number, total: number) => void;
}

/** The pack's index folder for one model: `<pack>/indexes/<model id>`. */
export function indexDir(pack: Pack, embedder: { id: string }): string {
  return join(pack.dir, 'indexes', embedder.id.replace(/[^A-Za-z0-9._-]+/g, '_'));
}

interface Checkpoint {
  done: number;
  lastTermId: number;
}

const LOCK_FILE = 'build.lock';
const LOCK_POLL_MS = 500;

interface BuildLock {
  pid: number;
  host: string;
}

/** Whether the process that wrote a lock still runs (a lock from another host is assumed alive). */
function lockHolderAlive(lock: BuildLock): boolean {
  if (lock.host !== hostname()) return true;
  try {
    process.kill(lock.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the build lock of `work` (an exclusive-create file holding pid and host), or waits for the process that
 * holds it: 'acquired' when this process builds, 'built' once another process has finished the same index. A lock
 * whose process is gone is stale and taken over (the build then resumes from its checkpoint). Without this, two
 * processes opening the same pack at once (worker pools, parallel test files) would write the same partial index.
 */
async function acquireBuildLock(work: string, dir: string): Promise<'acquired' | 'built'> {
  const lockFile = join(work, LOCK_FILE);
  for (;;) {
    if (existsSync(join(dir, INDEX_MANIFEST_FILE))) return 'built';
    await mkdir(work, { recursive: true });
    try {
      writeFileSync(lockFile, JSON.stringify({ pid: process.pid, host: hostname() } satisfies BuildLock), { flag: 'wx' });
      return 'acquired';
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue; // the holder finished and renamed the folder between our mkdir and create
      if (code !== 'EEXIST') throw err;
    }
    let holder: BuildLock | undefined;
    try {
      holder = JSON.parse(readFileSync(lockFile, 'utf8')) as BuildLock;
    } catch {
      holder = undefined; // gone (finished) or half-written: look again shortly
    }
    if (holder && !lockHolderAlive(holder)) {
      rmSync(lockFile, { force: true });
      continue;
    }
    await new Promise((r) => setTimeout(r, LOCK_POLL_MS));
  }
}

/**
 * Embeds every term of the pack and writes a vector index whose labels are term ids. Streamed in batches; an HNSW
 * build checkpoints every few batches (index file + position), so an interrupted build resumes where it stopped.
 * One process builds at a time (a lock in the partial folder); another asking for the same index waits for it and
 * gets its manifest.
 */
export async function buildVectorIndex(pack: Pack, embedder: IndexEmbedder, options: VectorBuildOptions = {}): Promise<IndexManifest> {
  const total = pack.manifest.counts.terms;
  const backend = options.backend && options.backend !== 'auto' ? options.backend : total <= EXACT_BACKEND_MAX_TERMS ? 'exact' : 'hnsw';
  const params = options.params ?? DEFAULT_HNSW_PARAMS;
  const batchSize = options.batchSize ?? 512;
  const dir = indexDir(pack, embedder);
  const work = `${dir}.partial`;
  if ((await acquireBuildLock(work, dir)) === 'built') return readIndexManifest(dir, { modelSha256: embedder.sha256, packId: pack.manifest.packId });
  try {
    return await buildLocked(pack, embedder, options, { backend, params, batchSize, dir, work });
  } catch (err) {
    rmSync(join(work, LOCK_FILE), { force: true }); // a failed build must not leave waiters waiting on a live process
    throw err;
  }
}

async function buildLocked(
  pack: Pack,
  embedder: IndexEmbedder,
  options: VectorBuildOptions,
  { backend, params, batchSize, dir, work }: { backend: 'hnsw' | 'exact'; params: HnswParams; batchSize: number; dir: string; work: string },
): Promise<IndexManifest> {
  const total = pack.manifest.counts.terms;
  const started = performance.now();
  const checkpointFile = join(work, 'checkpoint.json');
  const dim = embedder.dim;

  let checkpoint: Checkpoint = { done: 0, lastTermId: -1 };
  let hnsw: HnswIndex | undefined;
  let matrix: Float32Array | undefined;
  let labels: Int32Array | undefined;
  if (backend === 'hnsw') {
    const idxFile = join(work, 'hnsw.bin');
    if (existsSync(checkpointFile) && existsSync(idxFile)) {
      checkpoint = JSON.parse(readFileSync(checkpointFile, 'utf8')) as Checkpoint;
      hnsw = HnswIndex.load(idxFile, dim);
    } else hnsw = HnswIndex.create(dim, total, params);
  } else {
    matrix = new Float32Array(total * dim);
    labels = new Int32Array(total);
  }

  let batch: { termId: number; text: string }[] = [];
  let done = checkpoint.done;
  let sinceCheckpoint = 0;
  const flush = async () => {
    if (!batch.length) return;
    const vectors = await embedder.embed(batch.map((b) => b.text));
    if (hnsw) hnsw.add(vectors, batch.map((b) => b.termId));
    else {
      matrix!.set(vectors, done * dim);
      batch.forEach((b, i) => (labels![done + i] = b.termId));
    }
    done += batch.length;
    checkpoint = { done, lastTermId: batch[batch.length - 1]!.termId };
    batch = [];
    options.onProgress?.(done, total);
    if (hnsw && ++sinceCheckpoint >= 50) {
      sinceCheckpoint = 0;
      hnsw.save(join(work, 'hnsw.bin'));
      writeFileSync(checkpointFile, JSON.stringify(checkpoint));
    }
  };
  for (const t of pack.iterateTerms()) {
    if (t.termId <= checkpoint.lastTermId) continue;
    batch.push({ termId: t.termId, text: t.text });
    if (batch.length >= batchSize) await flush();
  }
  await flush();

  const files: IndexManifest['files'] = [];
  if (hnsw) {
    hnsw.save(join(work, 'hnsw.bin'));
    files.push(await describe(work, 'hnsw.bin'));
  } else {
    await writeFile(join(work, 'vectors.f32'), new Uint8Array(matrix!.buffer, 0, done * dim * 4));
    await writeFile(join(work, 'labels.i32'), new Uint8Array(labels!.buffer, 0, done * 4));
    files.push(await describe(work, 'vectors.f32'), await describe(work, 'labels.i32'));
  }
  const manifest: IndexManifest = {
    format: 'clinlink-vector-index',
    version: 1,
    backend,
    model: { id: embedder.id, sha256: embedder.sha256 },
    packId: pack.manifest.packId,
    dim,
    count: done,
    params: backend === 'hnsw' ? { ...params, space: 'ip' } : { space: 'ip' },
    files,
    created: new Date().toISOString(),
    seconds: (performance.now() - started) / 1000,
  };
  await writeFile(join(work, INDEX_MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  await rm(checkpointFile, { force: true });
  await rm(dir, { recursive: true, force: true });
  // Renamed with the lock inside, then unlocked: a waiter sees either the lock or the finished index, never neither.
  await rename(work, dir);
  await rm(join(dir, LOCK_FILE), { force: true });
  return manifest;
}

async function describe(dir: string, name: string): Promise<IndexManifest['files'][number]> {
  const path = join(dir, name);
  const bytes = (await stat(path)).size;
  return { name, bytes, sha256: await sha256File(path) };
}

/** Opens the pack's index for this model, checking model, pack and file checksums first. */
export async function openVectorIndex(pack: Pack, embedder: IndexEmbedder): Promise<VectorIndex> {
  const dir = indexDir(pack, embedder);
  const m = await readIndexManifest(dir, { modelSha256: embedder.sha256, packId: pack.manifest.packId });
  if (m.dim !== embedder.dim) throw new ClinlinkError('E_INDEX_MISMATCH', `index has dim ${m.dim}, model has ${embedder.dim}`, { file: dir, field: 'dim' });
  if (m.backend === 'hnsw') return HnswIndex.load(join(dir, 'hnsw.bin'), m.dim, m.params.efSearch);
  const vec = await readFile(join(dir, 'vectors.f32'));
  const lab = await readFile(join(dir, 'labels.i32'));
  const matrix = new Float32Array(vec.buffer.slice(vec.byteOffset, vec.byteOffset + vec.byteLength));
  const labels = new Int32Array(lab.buffer.slice(lab.byteOffset, lab.byteOffset + lab.byteLength));
  return new ExactIndex(matrix, m.dim, labels);
}
