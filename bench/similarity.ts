/**
 * Report similarity search benchmark (src/similarity).
 *
 * Run (from the repo root; bundles this file with esbuild, which tsup already brings, then runs plain Node):
 *
 *   npx esbuild bench/similarity.ts --bundle --platform=node --format=esm --outfile=/tmp/clinlink-bench/similarity.mjs \
 *     && node --expose-gc /tmp/clinlink-bench/similarity.mjs
 *
 * (--expose-gc lets the script collect the build's garbage before measuring searches.)
 *
 * Options (environment): SIM_SIZES=10000,100000,1000000  SIM_QUERIES=200  SIM_SEED=1  SIM_OUT=bench/results/similarity.json
 *
 * Data: synthetic, resampled from a realistic shape: ~3,000 concepts in a 6-level random is-a DAG (5 roots, 10% of
 * concepts with a second parent), semantic groups drawn per concept (weights from the default group table); a
 * report has 5–25 distinct concepts drawn from a Zipf(s = 1) over the concepts (popularity independent of depth),
 * 10% of them negated. Queries are fresh reports from the same distribution.
 *
 * Measured per corpus size: add rate, RSS, search latency p50/p90/p99 for top-10 (default parameters: symmetric,
 * α 0.5, β 1, γ 1, path similarity, explanations on), the same with IDF, with Lin similarity (also with
 * maxDistance 2), and exhaustive scoring (no pruning) for comparison; at the largest size also save/open time and
 * size on disk. Latencies are of a second pass over the queries (JIT warmed); the first, cold pass is reported
 * alongside for the default and IDF runs. Each search includes building the explanations of its 10 hits.
 */
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir, cpus, loadavg } from 'node:os';
import { DEFAULT_GROUP_WEIGHTS, conceptSet, type ConceptSet } from '../src/similarity/concept-set.js';
import { MapHierarchy } from '../src/similarity/hierarchy.js';
import { ReportIndex, type SearchOptions } from '../src/similarity/report-index.js';
import type { SemanticGroup } from '../src/ontology/concept.js';
import { seededRandom as rng } from '../src/eval/seeded-random.js';

const SIZES = (process.env.SIM_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const QUERIES = Number(process.env.SIM_QUERIES ?? 200);
const SEED = Number(process.env.SIM_SEED ?? 1);
const OUT = process.env.SIM_OUT ?? 'bench/results/similarity.json';


const random = rng(SEED);
const LEVELS = [5, 15, 60, 240, 680, 2000]; // 3,000 concepts, 6 levels (paths up to 5 is-a edges)
const concepts: string[] = [];
const levelOf: number[][] = [];
const edges: [string, string[]][] = [];
for (let L = 0; L < LEVELS.length; L++) {
  levelOf.push([]);
  for (let i = 0; i < LEVELS[L]!; i++) {
    const id = `SYN:${concepts.length}`;
    const n = concepts.length;
    concepts.push(id);
    levelOf[L]!.push(n);
    if (L === 0) continue;
    const parents = new Set<string>([concepts[levelOf[L - 1]![Math.floor(random() * levelOf[L - 1]!.length)]!]!]);
    if (random() < 0.1) {
      const up = L >= 2 && random() < 0.5 ? L - 2 : L - 1;
      parents.add(concepts[levelOf[up]![Math.floor(random() * levelOf[up]!.length)]!]!);
    }
    edges.push([id, [...parents]]);
  }
}
const hierarchy = new MapHierarchy(edges);
const GROUPS: [SemanticGroup, number][] = [
  ['condition', 0.3],
  ['finding', 0.35],
  ['anatomy', 0.15],
  ['procedure', 0.05],
  ['device', 0.05],
  ['test', 0.05],
  ['medication', 0.05],
];
const weightOf = concepts.map(() => {
  let x = random();
  for (const [g, p] of GROUPS) if ((x -= p) < 0) return DEFAULT_GROUP_WEIGHTS[g];
  return DEFAULT_GROUP_WEIGHTS.other;
});
// Zipf(1) over a random permutation of the concepts.
const perm = concepts.map((_, i) => i);
for (let i = perm.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [perm[i], perm[j]] = [perm[j]!, perm[i]!];
}
const cdf = new Float64Array(concepts.length);
{
  let s = 0;
  for (let r = 0; r < concepts.length; r++) cdf[r] = s += 1 / (r + 1);
  for (let r = 0; r < concepts.length; r++) cdf[r]! /= s;
}
function zipf(): number {
  const x = random();
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return perm[lo]!;
}
function sampleReport(): ConceptSet {
  const n = 5 + Math.floor(random() * 21);
  const chosen = new Set<number>();
  while (chosen.size < n) chosen.add(zipf());
  const present: [string, number][] = [];
  const negated: [string, number][] = [];
  for (const c of chosen) (random() < 0.1 ? negated : present).push([concepts[c]!, weightOf[c]!]);
  return conceptSet(present, negated);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const mb = (b: number) => Math.round(b / 2 ** 20);
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

interface Run {
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  max: number;
  /** Process CPU time per query (user + system): unaffected by waiting for a core on a shared machine. */
  cpu: { p50: number; p90: number; p99: number };
  queries: number;
  /** The same queries' first (cold: JIT warm-up, first use of caches) pass, when measured. */
  cold?: { p50: number; p99: number; max: number };
  /** Mean milliseconds per phase (see SearchStats.ms). */
  phases: Record<string, number>;
  avgLists: number;
  avgListsAdmitting: number;
  avgListsRead: number;
  avgPostingsRead: number;
  avgCandidates: number;
  avgScored: number;
}

function summary(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: round(percentile(sorted, 50)), p90: round(percentile(sorted, 90)), p99: round(percentile(sorted, 99)), max: round(sorted[sorted.length - 1] ?? NaN) };
}

/** Runs every query once (the cold pass, reported separately when `cold`), then measures a second pass. */
function measure(index: ReportIndex, queries: ConceptSet[], options: SearchOptions, cold = true): Run {
  const coldTimes: number[] = [];
  for (const q of cold ? queries : queries.slice(0, 3)) {
    const t0 = performance.now();
    index.search(q, options);
    coldTimes.push(performance.now() - t0);
  }
  const times: number[] = [];
  const cpu: number[] = [];
  const acc = { lists: 0, admitting: 0, read: 0, postings: 0, candidates: 0, scored: 0 };
  const phases: Record<string, number> = { prepare: 0, scan: 0, select: 0, explain: 0 };
  for (const q of queries) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    index.search(q, options);
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    const s = index.lastSearch;
    acc.lists += s.lists;
    acc.admitting += s.listsScanned;
    acc.read += s.listsRead;
    acc.postings += s.postingsScanned;
    acc.candidates += s.candidates;
    acc.scored += s.scored;
    for (const [k, v] of Object.entries(s.ms)) phases[k] = (phases[k] ?? 0) + v;
  }
  const n = queries.length;
  const { p50, p90, p99, max } = summary(times);
  const cpuSummary = summary(cpu);
  const run: Run = {
    p50,
    p90,
    p99,
    mean: round(times.reduce((a, b) => a + b, 0) / n),
    max,
    cpu: { p50: cpuSummary.p50, p90: cpuSummary.p90, p99: cpuSummary.p99 },
    queries: n,
    phases: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, round(v / n)])),
    avgLists: round(acc.lists / n, 1),
    avgListsAdmitting: round(acc.admitting / n, 1),
    avgListsRead: round(acc.read / n, 1),
    avgPostingsRead: Math.round(acc.postings / n),
    avgCandidates: Math.round(acc.candidates / n),
    avgScored: Math.round(acc.scored / n),
  };
  if (cold) {
    const c = summary(coldTimes);
    run.cold = { p50: c.p50, p99: c.p99, max: c.max };
  }
  return run;
}

const queries = Array.from({ length: QUERIES }, sampleReport);
const index = new ReportIndex({ hierarchy });
const results: Record<string, unknown>[] = [];
let added = 0;
let addMs = 0;
const log = (...args: unknown[]) => console.log(...args);
const loadAtStart = loadavg()[0]!;
log(`node ${process.version}, ${cpus().length} cpus (${cpus()[0]?.model ?? '?'}), sizes ${SIZES.join(', ')}, ${QUERIES} queries`);

for (const size of SIZES) {
  const t0 = performance.now();
  const before = added;
  while (added < size) index.add(`report-${added++}`, sampleReport());
  const phaseMs = performance.now() - t0;
  addMs += phaseMs;
  // Collect the build's garbage now rather than inside the first measurement (needs node --expose-gc).
  (globalThis as { gc?: () => void }).gc?.();
  const rss = process.memoryUsage().rss;
  const row: Record<string, unknown> = {
    reports: size,
    addRatePerSecond: Math.round(((added - before) / phaseMs) * 1000),
    rssMB: mb(rss),
    heapUsedMB: mb(process.memoryUsage().heapUsed),
  };
  row.top10 = measure(index, queries, { k: 10 });
  log(`${size}: add ${row.addRatePerSecond}/s, RSS ${row.rssMB} MB, top-10 ${JSON.stringify(row.top10)}`);
  row.top10Idf = measure(index, queries, { k: 10, idf: true });
  log(`${size}: idf ${JSON.stringify(row.top10Idf)}`);
  const few = queries.slice(0, Math.max(10, Math.floor(QUERIES / 5)));
  row.top10Lin = measure(index, few, { k: 10, conceptSimilarity: 'lin' }, false);
  log(`${size}: lin ${JSON.stringify(row.top10Lin)}`);
  row.top10LinMaxDistance2 = measure(index, few, { k: 10, conceptSimilarity: 'lin', maxDistance: 2 }, false);
  log(`${size}: lin maxDistance 2 ${JSON.stringify(row.top10LinMaxDistance2)}`);
  row.top10Exhaustive = measure(index, queries.slice(0, size >= 1_000_000 ? 20 : 50), { k: 10, exhaustive: true }, false);
  log(`${size}: exhaustive ${JSON.stringify(row.top10Exhaustive)}`);
  if (size === SIZES[SIZES.length - 1]) {
    const dir = join(tmpdir(), `clinlink-bench-simindex-${process.pid}`);
    const s0 = performance.now();
    index.save(dir);
    const saveMs = performance.now() - s0;
    const bytes = readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
    const o0 = performance.now();
    const reopened = ReportIndex.open(dir, hierarchy);
    const openMs = performance.now() - o0;
    const same = queries.slice(0, 20).every((q) => JSON.stringify(reopened.search(q)) === JSON.stringify(index.search(q)));
    row.persistence = { saveMs: Math.round(saveMs), openMs: Math.round(openMs), diskMB: mb(bytes), identicalResults: same };
    log(`${size}: persistence ${JSON.stringify(row.persistence)}`);
    rmSync(dir, { recursive: true, force: true });
  }
  results.push(row);
}

const report = {
  benchmark: 'report similarity search (src/similarity/report-index.ts)',
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? null,
  note: `Shared 2-core machine (a model training run and other jobs were using the CPU; 1-minute load average ${loadAtStart.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end): wall-clock latencies include waiting for a core; cpu.* is the process CPU time per query. All times in ms.`,
  loadAverage: loadavg(),
  data: {
    concepts: concepts.length,
    levels: LEVELS,
    zipfExponent: 1,
    conceptsPerReport: '5-25 uniform',
    negatedRate: 0.1,
    secondParentRate: 0.1,
    queries: QUERIES,
    seed: SEED,
  },
  defaults: { formula: 'symmetric', alpha: 0.5, beta: 1, gamma: 1, contradictionWeight: 1, conceptSimilarity: 'path', k: 10, explain: true },
  totalAddSeconds: round(addMs / 1000, 1),
  results,
};
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, `${JSON.stringify(report, null, 2)}\n`);
log(`wrote ${OUT}`);
