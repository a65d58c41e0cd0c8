/**
 * Embedding / scoring throughput of a model folder through clinlink's TS runtime (src/runtime), in onnxruntime-node.
 *   cd /work/main && npx vite-node training/bench_embed.ts -- models/clinlink-bi [threads=2] [batch=64]
 * Texts: NCBI dev mentions-like short strings (MEDIC is not read; synthetic clinical phrases of 1-8 words).
 */
import { performance } from 'node:perf_hooks';
import { BiEncoder } from '../src/runtime/bi-encoder.js';
import { CrossEncoder } from '../src/runtime/cross-encoder.js';
import { readModelDir } from '../src/runtime/model-dir.js';

const args = process.argv.slice(2).filter((a) => a !== '--');
const dir = args[0] ?? 'models/clinlink-bi';
const threads = Number(args[1] ?? 2);
const batchSize = Number(args[2] ?? 64);
const words = 'acute chronic severe familial hereditary type 2 diabetes mellitus breast ovarian cancer carcinoma syndrome deficiency disease of the heart lung kidney liver failure insufficiency muscular dystrophy myotonic renal cell tumor tumour adenomatous polyposis coli hemophilia anemia ataxia telangiectasia'.split(' ');
let seed = 42;
const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const texts = Array.from({ length: 20000 }, () => Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => words[Math.floor(rnd() * words.length)]).join(' '));

let kind: string;
try {
  kind = readModelDir(dir, 'bi-encoder').config.kind;
} catch {
  kind = 'cross-encoder';
}
if (kind === 'bi-encoder') {
  const enc = await BiEncoder.open(dir, { threads });
  await enc.embed(texts.slice(0, 500), { batchSize });
  const t = performance.now();
  await enc.embed(texts, { batchSize });
  const s = (performance.now() - t) / 1000;
  console.log(JSON.stringify({ model: enc.id, dim: enc.dim, threads, batchSize, texts: texts.length, seconds: +s.toFixed(2), perSecond: Math.round(texts.length / s) }));
  await enc.close();
} else {
  const ce = await CrossEncoder.open(dir, { threads });
  const pairs = texts.slice(0, 5000).map((t, i) => [t, texts[(i * 7 + 3) % texts.length]!] as [string, string]);
  await ce.score(pairs.slice(0, 200), { batchSize });
  const t = performance.now();
  await ce.score(pairs, { batchSize });
  const s = (performance.now() - t) / 1000;
  console.log(JSON.stringify({ model: ce.id, threads, batchSize, pairs: pairs.length, seconds: +s.toFixed(2), perSecond: Math.round(pairs.length / s) }));
  await ce.close();
}
