import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ClinlinkError } from '../../../src/errors.js';
import { Linker } from '../../../src/link/linker.js';
import { openLinker } from '../../../src/link/open.js';
import { buildPack } from '../../../src/ontology/build.js';
import { Pack } from '../../../src/ontology/pack.js';
import { indexDir } from '../../../src/vectors/build.js';
import { tempDir } from '../../helpers/tmp.js';

// A tiny real model written by training/make_fixture.py in the Hugging Face ONNX layout: its embeddings carry little
// meaning, so these tests pin the mechanics (channels, filters, NIL, index lifecycle), not linking quality.
const tinyBi = resolve(__dirname, '../../fixtures/runtime/tiny-bi');
const tinyCross = resolve(__dirname, '../../fixtures/runtime/tiny-cross');
const fixture = resolve(__dirname, '../../fixtures/vocab/cardio.json');

async function expectCode(p: Promise<unknown>, code: string): Promise<void> {
  await expect(p).rejects.toBeInstanceOf(ClinlinkError);
  await expect(p).rejects.toMatchObject({ code });
}

describe('Linker', () => {
  const dir = tempDir();
  const packDir = join(dir, 'pack');
  let linker: Linker;
  beforeAll(async () => {
    await buildPack({ out: packDir, sources: [{ kind: 'vocab', path: fixture }] });
    linker = await openLinker(packDir, { model: tinyBi, crossEncoder: false, threads: 1 });
  }, 60_000);

  it('ranks an exact term match first, with the concept codes and a confidence', async () => {
    const r = await linker.link('Heart attacks', { k: 3 });
    expect(r.candidates[0]).toMatchObject({ conceptId: 'CLINLINK:myocardial-infarction', term: 'heart attack' });
    expect(r.candidates[0]!.codes).toEqual(expect.arrayContaining(['CLINLINK:myocardial-infarction', 'ICD10CM:I21.9', 'SNOMEDCT:22298006']));
    expect(r.candidates.length).toBeLessThanOrEqual(3);
    expect(r.candidates[0]!.confidence).toBeGreaterThan(0);
    expect(r.candidates[0]!.confidence).toBeLessThanOrEqual(1);
  });

  it('links a batch in input order and filters by group', async () => {
    const rs = await linker.link(['CHF', 'chest pain'], { k: 2, groups: ['finding'] });
    expect(rs).toHaveLength(2);
    for (const r of rs) for (const c of r.candidates) expect(c.conceptId).toBe('CLINLINK:chest-pain');
  });

  it('returns NIL for empty, punctuation-only and unmatched mentions', async () => {
    expect(await linker.link('')).toEqual({ concept: null, candidates: [] });
    expect(await linker.link('?!…')).toEqual({ concept: null, candidates: [] });
    const long = await linker.link('x'.repeat(10_000), { k: 2 });
    expect(long.candidates.length).toBeLessThanOrEqual(2);
  });

  it('expands an abbreviation its context defines before linking', async () => {
    // "CF" is no term of the pack; the context defines it as "cardiac failure", which is.
    const context = 'Known cardiac failure (CF), on diuretics. CF stable.';
    const r = await linker.link('CF', { k: 1, context });
    expect(r.concept?.conceptId).toBe('CLINLINK:heart-failure');
    expect(r.candidates[0]!.term).toBe('cardiac failure');
    const without = await linker.link('CF', { k: 1 });
    expect(without.candidates[0]?.term).not.toBe('cardiac failure');
  });

  it('gives the same answers to concurrent calls as to sequential ones', async () => {
    const mentions = ['heart attack', 'CHF', 'chest pains', 'cardiac disease', 'IHD', 'pain in chest'];
    const sequential = [];
    for (const m of mentions) sequential.push(await linker.link(m, { k: 3 }));
    const concurrent = await Promise.all(mentions.map((m) => linker.link(m, { k: 3 })));
    expect(concurrent).toEqual(sequential);
  });

  it('rejects bad k and unknown systems with typed errors', async () => {
    await expectCode(linker.link('mi', { k: 0 }), 'E_INVALID_ARGUMENT');
    await expectCode(linker.link('mi', { k: 10_000 }), 'E_INVALID_ARGUMENT');
    await expectCode(linker.link('mi', { systems: ['NOPE'] }), 'E_INVALID_ARGUMENT');
  });

  it('reranks with a cross-encoder when one is given', async () => {
    const withRerank = await openLinker(packDir, { model: tinyBi, crossEncoder: tinyCross, threads: 1 });
    const r = await withRerank.link('heart failure', { k: 5, rerankTop: 4 });
    expect(r.candidates.length).toBeGreaterThan(0);
    expect(r.candidates.length).toBeLessThanOrEqual(4);
    const plain = await withRerank.link('heart failure', { k: 5, rerank: false });
    expect(plain.candidates[0]!.conceptId).toBe('CLINLINK:heart-failure');
  });

  it('interpolates the cross-encoder logit with the first-stage score when its config has a weight', async () => {
    // The same tiny cross-encoder, once with interpolation 0 in its clinlink.json: reranking must then keep the
    // first stage's order and scores exactly; with weight 100 each candidate scores fused + 100 · logit.
    const zero = join(dir, 'cross-w0');
    const big = join(dir, 'cross-w100');
    for (const [d, w] of [[zero, 0], [big, 100]] as const) {
      mkdirSync(d, { recursive: true });
      for (const f of readdirSync(tinyCross)) copyFileSync(join(tinyCross, f), join(d, f));
      const conf = JSON.parse(readFileSync(join(tinyCross, 'clinlink.json'), 'utf8')) as Record<string, unknown>;
      writeFileSync(join(d, 'clinlink.json'), JSON.stringify({ ...conf, interpolation: w }));
    }
    const mentions = ['heart failure', 'chest pains', 'IHD'];
    const plain = await linker.link(mentions, { k: 4 });
    const w0 = await openLinker(packDir, { model: tinyBi, crossEncoder: zero, threads: 1 });
    const kept = await w0.link(mentions, { k: 4, rerankTop: 4 });
    kept.forEach((r, i) => expect(r.candidates.map((c) => [c.conceptId, c.score])).toEqual(plain[i]!.candidates.map((c) => [c.conceptId, c.score])));
    const logitOnly = await openLinker(packDir, { model: tinyBi, crossEncoder: tinyCross, threads: 1 });
    const w100 = await openLinker(packDir, { model: tinyBi, crossEncoder: big, threads: 1 });
    const a = await logitOnly.link(mentions, { k: 4, rerankTop: 4 });
    const b = await w100.link(mentions, { k: 4, rerankTop: 4 });
    b.forEach((r, i) => {
      // Same four candidates; each scores its first-stage score + 100 · its logit, and they are ordered by it.
      const expected = plain[i]!.candidates
        .map((p) => ({ id: p.conceptId, score: p.score + 100 * a[i]!.candidates.find((c) => c.conceptId === p.conceptId)!.score }))
        .sort((x, y) => y.score - x.score);
      expect(r.candidates.map((c) => c.conceptId).sort()).toEqual(expected.map((e) => e.id).sort());
      r.candidates.forEach((c) => expect(c.score).toBeCloseTo(expected.find((e) => e.id === c.conceptId)!.score, 1));
      for (let n = 1; n < r.candidates.length; n++) expect(r.candidates[n - 1]!.score).toBeGreaterThanOrEqual(r.candidates[n]!.score);
    });
    await Promise.all([w0.close(), logitOnly.close(), w100.close()]);
  });

  it('refuses a negative or non-numeric interpolation weight', async () => {
    const bad = join(dir, 'cross-bad');
    mkdirSync(bad, { recursive: true });
    for (const f of readdirSync(tinyCross)) copyFileSync(join(tinyCross, f), join(bad, f));
    const conf = JSON.parse(readFileSync(join(tinyCross, 'clinlink.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(bad, 'clinlink.json'), JSON.stringify({ ...conf, interpolation: -1 }));
    await expectCode(openLinker(packDir, { model: tinyBi, crossEncoder: bad, threads: 1 }), 'E_MODEL_CORRUPT');
    writeFileSync(join(bad, 'clinlink.json'), JSON.stringify({ ...conf, interpolation: '0.1' }));
    await expectCode(openLinker(packDir, { model: tinyBi, crossEncoder: bad, threads: 1 }), 'E_MODEL_CORRUPT');
  });

  it('persists the vector index with a manifest and refuses a damaged one', async () => {
    const pack = Pack.open(packDir);
    const idx = indexDir(pack, { id: 'tiny-bi' });
    const manifest = JSON.parse(readFileSync(join(idx, 'index.json'), 'utf8'));
    expect(manifest).toMatchObject({ backend: 'exact', count: pack.manifest.counts.terms, dim: 32, model: { id: 'tiny-bi' } });
    // A second pack with a corrupted copy of the index.
    const broken = join(dir, 'broken');
    mkdirSync(broken);
    for (const f of ['manifest.json', 'pack.sqlite']) copyFileSync(join(packDir, f), join(broken, f));
    const brokenIdx = join(broken, 'indexes', 'tiny-bi');
    mkdirSync(brokenIdx, { recursive: true });
    for (const f of readdirSync(idx)) copyFileSync(join(idx, f), join(brokenIdx, f));
    const vec = readFileSync(join(brokenIdx, 'vectors.f32'));
    vec[10] = vec[10]! ^ 0xff;
    writeFileSync(join(brokenIdx, 'vectors.f32'), vec);
    await expectCode(openLinker(broken, { model: tinyBi, crossEncoder: false, buildIndex: false }), 'E_INDEX_CORRUPT');
    // An index made by another model.
    const m = JSON.parse(readFileSync(join(brokenIdx, 'index.json'), 'utf8'));
    writeFileSync(join(brokenIdx, 'index.json'), JSON.stringify({ ...m, model: { id: 'tiny-bi', sha256: 'f'.repeat(64) } }));
    await expectCode(openLinker(broken, { model: tinyBi, crossEncoder: false, buildIndex: false }), 'E_INDEX_MISMATCH');
    pack.close();
  });
});
