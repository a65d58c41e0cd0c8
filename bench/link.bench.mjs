// Linking benchmark on the ICD-10-CM + Disease Ontology pack (~250k strings): vector index build time, size and
// memory (HNSW); HNSW recall@10 against exact search on the 787 NCBI dev mentions; mentions/s (median of 3 passes over the NCBI
// dev mentions, batches of 256) dense-only (no char channel), with
// the default channels (dense + exact + char 3-gram), and with rerank of the
// top 16; p50/p99 latency for one mention. Also projects index build time and memory for UMLS English (~8M strings)
// from the measured per-string rates.
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BiEncoder, ExactIndex, Pack, buildPack, openLinker } from '../dist/index.js';
import { peakRssMb, percentile, repo, sharedFile, writeResult } from './common.mjs';
import { readPubtatorMentions } from './pubtator.mjs';

const out = join(mkdtempSync(join(tmpdir(), 'clinlink-bench-')), 'pack');
await buildPack({
  out,
  sources: [
    { kind: 'icd10cm-order', path: sharedFile('icd10cm/icd10cm-order-2026.txt.gz') },
    { kind: 'icd10cm-tabular', path: sharedFile('icd10cm/icd10cm_tabular_2017.xml.gz') },
    { kind: 'icd10cm-index', path: sharedFile('icd10cm/icd10cm_index_2017.xml.gz') },
    { kind: 'obo', path: sharedFile('disease-ontology/doid-2016-09-01.obo.gz') },
  ],
});
const terms = Pack.open(out).manifest.counts.terms;
const rssBefore = peakRssMb();
const t0 = performance.now();
// Rerank uses the shipped cross-encoder (models/clinlink-cross); CLINLINK_BENCH_CROSS points at another one.
const cross = process.env.CLINLINK_BENCH_CROSS;
const linker = await openLinker(out, { buildIndex: { backend: 'hnsw' }, ...(cross ? { crossEncoder: cross } : {}) });
const buildSeconds = (performance.now() - t0) / 1000;
const indexDirName = join(out, 'indexes', readdirSync(join(out, 'indexes'))[0]);
const indexBytes = readdirSync(indexDirName).reduce((n, f) => n + statSync(join(indexDirName, f)).size, 0);

// Recall@10 of HNSW against exact search over the same vectors, on 1,000 dev mentions as queries.
const mentions = (await readPubtatorMentions(sharedFile('ncbi-disease/NCBIdevelopset_corpus.txt.gz'))).slice(0, 1000);
const encoder = await BiEncoder.open(process.env.CLINLINK_BENCH_MODEL ?? join(repo, 'models', 'clinlink-bi'), { threads: 2 });
const queries = await encoder.embed(mentions);
const pack = Pack.open(out);
const all = [...pack.iterateTerms()];
const matrix = await encoder.embed(all.map((t) => t.text), { batchSize: 256 });
const exact = new ExactIndex(matrix, encoder.dim, Int32Array.from(all.map((t) => t.termId)));
let recall;
{
  const truth = exact.search(queries, 10);
  const approx = linker.index.search(queries, 10);
  let hit = 0;
  truth.forEach((t, q) => {
    const got = new Set(approx[q].map((h) => h.label));
    hit += t.filter((h) => got.has(h.label)).length;
  });
  recall = Number((hit / (10 * truth.length)).toFixed(4));
}

// The same index without the char 3-gram channel: dense (+ exact) candidates only.
const denseOnly = await openLinker(out, { charChannel: false, crossEncoder: false });
// Median of three passes over all dev mentions after a warm-up pass: a single pass mostly measured JIT and cache
// warm-up (the first pass ran at about half the speed of the next ones) and one busy moment on the shared machine.
const passes = {};
async function throughput(rerank, l = linker, name) {
  await l.link(mentions, { k: 5, rerank, rerankTop: 16 });
  const rates = [];
  for (let pass = 0; pass < 3; pass++) {
    const s = performance.now();
    for (let i = 0; i < mentions.length; i += 256) await l.link(mentions.slice(i, i + 256), { k: 5, rerank, rerankTop: 16 });
    rates.push(Math.round(mentions.length / ((performance.now() - s) / 1000)));
  }
  passes[name] = rates;
  return [...rates].sort((a, b) => a - b)[1];
}
async function latency(rerank, l = linker) {
  const times = [];
  for (const m of mentions.slice(0, 300)) {
    const s = performance.now();
    await l.link(m, { k: 5, rerank });
    times.push(performance.now() - s);
  }
  return { p50_ms: Number(percentile(times, 50).toFixed(2)), p99_ms: Number(percentile(times, 99).toFixed(2)) };
}
const embedStart = performance.now();
await encoder.embed(all.slice(0, 20000).map((t) => t.text), { batchSize: 256 });
const embedPerSec = Math.round(20000 / ((performance.now() - embedStart) / 1000));
const perString = buildSeconds / terms;
writeResult('link', {
  pack_terms: terms,
  model: encoder.id,
  cross_encoder: linker.hasReranker ? JSON.parse(readFileSync(join(cross ?? join(repo, 'models', 'clinlink-cross'), 'clinlink.json'), 'utf8')).id : null,
  index: { backend: 'hnsw', build_seconds: Number(buildSeconds.toFixed(1)), file_mb: Number((indexBytes / 2 ** 20).toFixed(1)), recall_at_10_vs_exact: recall, rss_mb_after_open: peakRssMb() - rssBefore },
  embed_strings_per_sec: embedPerSec,
  mentions_per_sec_dense_only: await throughput(false, denseOnly, 'dense_only'),
  mentions_per_sec_dense_exact_char: await throughput(false, linker, 'dense_exact_char'),
  mentions_per_sec_rerank16: linker.hasReranker ? await throughput(true, linker, 'rerank16') : null,
  mentions_per_sec_passes: passes,
  latency_one_mention_dense_only: await latency(false, denseOnly),
  latency_one_mention_dense_exact_char: await latency(false),
  latency_one_mention_rerank16: linker.hasReranker ? await latency(true) : null,
  projection_umls_english_8m_strings: { build_minutes: Math.round((perString * 8e6) / 60), index_file_gb: Number(((indexBytes / terms) * 8e6 / 2 ** 30).toFixed(1)) },
  peak_rss_mb: peakRssMb(),
});
