/**
 * Report similarity search on REAL concept sets, resampled (issue 6 item 6): the IU X-ray dev reports are annotated
 * with the embedded starter pack and distilled into concept sets with the default profile; corpora of 10k, 100k and
 * 1M reports are drawn from them with replacement (so the concept distribution, the share of normal studies and the
 * long posting lists of "no pneumothorax" are the real ones); 200 further draws are the queries. Measures add rate,
 * RSS and top-10 latency (default profile, explanations on).
 *
 * Two variants (SIM_VARIANTS=resampled,perturbed): `resampled` draws the 1,916 distinct sets as they are, so at 1M
 * every set repeats ~500 times (the honest worst case for duplicates); `perturbed` then changes each draw like a
 * slightly different report: with probability 1/2 one concept is dropped (sets of 2+), with probability 1/2 one
 * concept is added, drawn from the corpus's concept occurrences (with that occurrence's polarity and weight).
 * Queries of each variant come from the same draw. `add_per_sec` includes drawing (and perturbing) each set;
 * `distinct_sets`, `mean_candidate_sets` and `mean_scored_sets` count distinct concept sets, what the index scores.
 *
 * Options (environment): SIM_SIZES=10000,100000,1000000  SIM_VARIANTS=resampled,perturbed  SIM_OUT=bench/results/similarity-real.json
 *
 *   npx esbuild bench/similarity-real.ts --bundle --platform=node --format=esm --packages=external \
 *     --outfile=.scratch/bench/similarity-real.mjs && node --expose-gc .scratch/bench/similarity-real.mjs
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readReportCsv } from '../src/io/report-csv.js';
import { load } from '../src/load.js';
import { conceptSetFromDoc, type ConceptSet } from '../src/similarity/concept-set.js';
import { PackHierarchy } from '../src/similarity/hierarchy.js';
import { DEFAULT_SIMILARITY_PROFILE as P, applyPolarityIdf, polarityDf } from '../src/similarity/profile.js';
import { ReportIndex } from '../src/similarity/report-index.js';

const SIZES = (process.env.SIM_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const shared = process.env.CLINLINK_SHARED_DATA ?? resolve('..', 'shared', 'data');
const file = resolve(shared, 'iu-xray-openi/indiana_reports.dev.csv.gz');

const VARIANTS = (process.env.SIM_VARIANTS ?? 'resampled,perturbed').split(',') as ('resampled' | 'perturbed')[];
let seed = 7;
const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);

const nlp = await load();
const opts = { ...P.conceptSet, groupOf: (id: string) => nlp.pack.concept(id)?.group };
const base: ConceptSet[] = [];
for await (const row of readReportCsv(file, { idColumn: 'uid', empty: 'skip' })) base.push(conceptSetFromDoc(await nlp.annotate(row.text), opts));
const df = polarityDf(base);
const weighted = base.map((s) => applyPolarityIdf(s, df));
const resampled = () => weighted[Math.floor(random() * weighted.length)]!;
/** Every concept occurrence of the corpus (id, weight, negated): drawing one follows the corpus distribution. */
const occurrences: [string, number, boolean][] = weighted.flatMap((s) => [...[...s.present].map(([id, w]): [string, number, boolean] => [id, w, false]), ...[...s.negated].map(([id, w]): [string, number, boolean] => [id, w, true])]);
const perturbed = (): ConceptSet => {
  const s = resampled();
  const present = new Map(s.present);
  const negated = new Map(s.negated);
  const size = present.size + negated.size;
  if (size > 1 && random() < 0.5) {
    let x = Math.floor(random() * size);
    for (const m of [present, negated]) {
      if (x < m.size) {
        m.delete([...m.keys()][x]!);
        break;
      }
      x -= m.size;
    }
  }
  if (random() < 0.5) {
    const [id, w, neg] = occurrences[Math.floor(random() * occurrences.length)]!;
    if (!present.has(id) && !negated.has(id)) (neg ? negated : present).set(id, w);
  }
  return { present, negated, uncertain: new Set(s.uncertain) };
};
const hierarchy = new PackHierarchy(nlp.pack);
const loadStart = loadavg()[0]!;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Number(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!.toFixed(2));
};
const results = [];
for (const variant of VARIANTS) {
  const draw = variant === 'perturbed' ? perturbed : resampled;
  const queries = Array.from({ length: 200 }, draw);
  for (const size of SIZES) {
    const gc = (globalThis as { gc?: () => void }).gc;
    const live = () => {
      // Twice: array buffers of a dropped index are released by the collection after the one that finds them dead.
      gc?.();
      gc?.();
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    const baseline = live();
    let index: ReportIndex | null = new ReportIndex({ hierarchy });
    const t0 = performance.now();
    for (let i = 0; i < size; i++) index.add(`r${i}`, draw());
    const addSeconds = (performance.now() - t0) / 1000;
    // RSS depends on what earlier sizes left behind; live heap + array buffers after a GC is the index itself.
    const indexMb = Math.round((live() - baseline) / 2 ** 20);
    for (const q of queries.slice(0, 20)) index.search(q, { ...P.search, k: 10 });
    const times: number[] = [];
    const cpu: number[] = [];
    let candidates = 0;
    let scored = 0;
    for (const q of queries) {
      const c0 = process.cpuUsage();
      const s = performance.now();
      index.search(q, { ...P.search, k: 10 });
      times.push(performance.now() - s);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      candidates += index.lastSearch.candidates;
      scored += index.lastSearch.scored;
    }
    results.push({
      variant,
      reports: size,
      distinct_sets: index.distinctSets,
      add_per_sec: Math.round(size / addSeconds),
      rss_mb: Math.round(process.memoryUsage().rss / 2 ** 20),
      index_mb: indexMb,
      top10_p50_ms: pct(times, 50),
      top10_p90_ms: pct(times, 90),
      top10_p99_ms: pct(times, 99),
      // Process CPU time per query: what the search costs, without the wait for a core on the shared machine.
      top10_cpu_p50_ms: pct(cpu, 50),
      top10_cpu_p99_ms: pct(cpu, 99),
      // Counted in distinct sets (what the index scores), not reports.
      mean_candidate_sets: Math.round(candidates / queries.length),
      mean_scored_sets: Math.round(scored / queries.length),
    });
    console.error(JSON.stringify(results.at(-1)));
    index = null;
  }
}
const out = {
  name: 'similarity-real',
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memGb: Math.round(totalmem() / 2 ** 30), node: process.version },
  note: `IU X-ray dev reports (${base.length}) distilled with the starter pack, resampled with replacement (variants: see bench/similarity-real.ts); 2 cores shared with a model training run, load average ${loadStart.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end`,
  mean_concepts_per_report: Number((base.reduce((n, s) => n + s.present.size + s.negated.size, 0) / base.length).toFixed(1)),
  results,
};
writeFileSync(resolve(process.env.SIM_OUT ?? 'bench/results/similarity-real.json'), `${JSON.stringify(out, null, 2)}\n`);
console.log(JSON.stringify(out, null, 2));
