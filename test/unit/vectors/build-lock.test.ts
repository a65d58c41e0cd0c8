import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexEmbedder } from '../../../src/link/open.js';
import { buildPack } from '../../../src/ontology/build.js';
import { Pack } from '../../../src/ontology/pack.js';
import { BiEncoder } from '../../../src/runtime/bi-encoder.js';
import { buildVectorIndex, indexDir, openVectorIndex, type IndexEmbedder } from '../../../src/vectors/build.js';
import { tempDir } from '../../helpers/tmp.js';

/**
 * Two processes (or two workers) opening the same pack at once must not both write its partial index: one builds,
 * the other waits and gets the same index. A lock left by a process that died is taken over.
 */
const tinyBi = resolve(__dirname, '../../fixtures/runtime/tiny-bi');
const fixture = resolve(__dirname, '../../fixtures/vocab/cardio.json');

describe('vector index build lock', () => {
  const dir = tempDir();
  let encoder: BiEncoder;
  let base: IndexEmbedder;
  let n = 0;
  /** The real tiny model, counting the texts it embeds. */
  const counting = (fail = false): IndexEmbedder => ({
    id: base.id,
    sha256: base.sha256,
    dim: base.dim,
    embed: async (texts) => {
      if (fail) throw new Error('embedding failed');
      n += texts.length;
      return base.embed(texts);
    },
  });
  const freshPack = async (name: string) => {
    await buildPack({ out: join(dir, name), sources: [{ kind: 'vocab', path: fixture }] });
    return Pack.open(join(dir, name));
  };

  beforeAll(async () => {
    encoder = await BiEncoder.open(tinyBi, { threads: 1 });
    base = await indexEmbedder(encoder, tinyBi);
  });
  afterAll(async () => encoder.close());

  it('builds once when two builds of the same index start together, and both get the index', async () => {
    const pack = await freshPack('together');
    n = 0;
    const [a, b] = await Promise.all([
      buildVectorIndex(pack, counting(), { backend: 'hnsw', batchSize: 16 }),
      buildVectorIndex(pack, counting(), { backend: 'hnsw', batchSize: 16 }),
    ]);
    expect(n).toBe(pack.manifest.counts.terms);
    expect(b.files).toEqual(a.files);
    expect(a.count).toBe(pack.manifest.counts.terms);
    expect(existsSync(`${indexDir(pack, base)}.partial`)).toBe(false);
    expect(existsSync(join(indexDir(pack, base), 'build.lock'))).toBe(false);
    const index = await openVectorIndex(pack, base);
    expect(index.size).toBe(pack.manifest.counts.terms);
  }, 60_000);

  it('takes over the lock of a process that is gone', async () => {
    const pack = await freshPack('stale');
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const work = `${indexDir(pack, base)}.partial`;
    mkdirSync(work, { recursive: true });
    writeFileSync(join(work, 'build.lock'), JSON.stringify({ pid: Number(gone.stdout), host: hostname() }));
    n = 0;
    const m = await buildVectorIndex(pack, counting(), { backend: 'exact' });
    expect(m.count).toBe(pack.manifest.counts.terms);
    expect(n).toBe(pack.manifest.counts.terms);
  }, 60_000);

  it('releases the lock when a build fails, so the next build does not wait', async () => {
    const pack = await freshPack('failed');
    await expect(buildVectorIndex(pack, counting(true), { backend: 'exact' })).rejects.toThrow('embedding failed');
    expect(existsSync(join(`${indexDir(pack, base)}.partial`, 'build.lock'))).toBe(false);
    const m = await buildVectorIndex(pack, counting(), { backend: 'exact' });
    expect(m.count).toBe(pack.manifest.counts.terms);
  }, 60_000);
});
