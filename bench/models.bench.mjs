// Model runtime benchmark (issue 3): load time, texts/s embedded by the shipped bi-encoder (batch 256, 1 and 2
// threads), (mention, term) pairs/s scored by a cross-encoder, peak RSS. Texts: the NCBI-disease dev mentions, the
// kind of string the linker embeds. The cross-encoder is the shipped models/clinlink-cross; CLINLINK_BENCH_CROSS
// points at another one.
import { join } from 'node:path';
import { BiEncoder, CrossEncoder } from '../dist/index.js';
import { peakRssMb, repo, sharedFile, writeResult } from './common.mjs';
import { readPubtatorMentions } from './pubtator.mjs';

const mentions = await readPubtatorMentions(sharedFile('ncbi-disease/NCBIdevelopset_corpus.txt.gz'));
// 20k texts: the dev mentions repeated (the runtime has no cache, so repeats cost the same as new strings).
const texts = Array.from({ length: 20_000 }, (_, i) => mentions[i % mentions.length]);
const biDir = process.env.CLINLINK_BENCH_MODEL ?? join(repo, 'models', 'clinlink-bi');

async function embedRate(threads) {
  const t0 = performance.now();
  const enc = await BiEncoder.open(biDir, { threads });
  const loadMs = performance.now() - t0;
  await enc.embed(texts.slice(0, 512), { batchSize: 256 });
  const t1 = performance.now();
  await enc.embed(texts, { batchSize: 256 });
  const perSec = Math.round(texts.length / ((performance.now() - t1) / 1000));
  const id = enc.id;
  await enc.close();
  return { id, loadMs, perSec };
}

const one = await embedRate(1);
const two = await embedRate(2);
let cross = null;
const crossDir = process.env.CLINLINK_BENCH_CROSS ?? join(repo, 'models', 'clinlink-cross');
{
  const t0 = performance.now();
  const ce = await CrossEncoder.open(crossDir, { threads: 2 });
  const loadMs = performance.now() - t0;
  const pairs = texts.slice(0, 4096).map((m, i) => [m, mentions[(i * 7) % mentions.length]]);
  await ce.score(pairs.slice(0, 256));
  const t1 = performance.now();
  await ce.score(pairs);
  cross = { id: ce.id, load_ms: Math.round(loadMs), pairs_per_sec_2_threads: Math.round(pairs.length / ((performance.now() - t1) / 1000)) };
  await ce.close();
}
writeResult('models', {
  bi_encoder: { id: one.id, load_ms: Math.round(Math.min(one.loadMs, two.loadMs)), texts_per_sec_batch256_1_thread: one.perSec, texts_per_sec_batch256_2_threads: two.perSec },
  cross_encoder: cross,
  peak_rss_mb: peakRssMb(),
});
