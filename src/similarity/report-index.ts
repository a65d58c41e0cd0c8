/**
 * `ReportIndex`: top-k similar-report search over concept sets, exact with respect to the reference scorer
 * (`rankReports` in tversky.ts) but without scoring every report.
 *
 * Layout (everything numeric lives in typed arrays; concept ids are interned to ints once):
 *  - signatures: real reports repeat (a normal chest study is the same handful of concepts thousands of times), so
 *    each distinct item list (same items in the same order, same weights bit for bit) is stored, posted and scored
 *    once. A hash table finds a report's signature at `add`; per report its signature and the next member of that
 *    signature (members in ascending report number); per signature its first/last member and live member count. A
 *    signature whose members were all removed is dead (still posted, skipped) until compaction, or revived by an
 *    equal set;
 *  - forward index: per signature, its items (synonyms merged, see `prepareItems`) as the interned original id
 *    (bitwise NOT when negated) and its raw weight: `offsets` (Int32), `entries` (Int32), `weights` (Float64);
 *  - inverted index: per (canonical concept, polarity) a posting list of signature numbers (Int32Array, ascending),
 *    and for long lists used by a search a bitmap, kept up to date incrementally;
 *  - is-a closure: per posted canonical concept, its ancestors (interned, with depth), computed once from the
 *    hierarchy at `add`; the reverse map (concept → indexed descendants) is derived from it when needed.
 *  A report is reachable from its concepts and, through the closure, from their ancestors and descendants, so no
 *  ancestor-expanded postings are stored per report.
 *
 * Search ("MaxScore", term at a time, over signatures; "report" below means a signature), for a query:
 *  1. Roles: for each query item, the posting lists that can credit it — its own concept (exact), its ancestors and
 *     descendants (path) or every concept under a common ancestor with IC > 0 (Lin), same polarity — and the
 *     opposite-polarity list of its own concept (contradiction: never makes a report a candidate, no credit alone
 *     means S = 0). Each credit list gets caps: the most one posting can add to I_A and to I_B.
 *  2. If the query's own set is indexed, it is scored first (θ often starts at 1). Lists are read in order of postings
 *     per unit of cap; hierarchical lists of similarity ≤ 0.1 go last and are normally never read (their
 *     contribution is bounded instead: at most s·W_B on the report side). Reading adds
 *     the list's cap to a float32 accumulator T per report. Candidates whose T grows large enough are kept in a
 *     short "hot" list and the best of them by T/(W_A + W_B) are scored exactly (forward index) now and then,
 *     raising θ. θ is the k-th best REPORT score: a signature's score counts once per live member (`MemberTopK`).
 *  3. Once a report seen in none of the lists read so far could not reach θ even if it were in all the remaining
 *     lists, no new candidates are admitted. The remaining lists then only update the candidates' T: short ones are
 *     read, long ones are left to bitmap probes in step 4.
 *  4. Select: one pass over the candidates (a sequential sweep of the accumulators when they are many) with cheap
 *     necessary conditions — T against a threshold from θ alone, then one using the report's total weight — then
 *     bitmap probes of the long lists (highest cap first, giving up as soon as the rest could not help enough), then
 *     the full bound. Survivors are scored exactly, best bound first, until the bound falls below θ.
 *  5. The best signatures are expanded to their live members; members of equal-score signatures interleave by report
 *     number, as the reference ranks them.
 *  Every bound is an upper bound of the true score (S grows with credit and falls with the differences; details at
 *  each bound), inflated by 1e-9 so that rounding never prunes a true top-k report. Contradictions: a contradicted
 *  pair leaves the differences but adds κ(w_a + w_b)/2, so bounds take at most the fraction 1 − κ/(2L) of its weight
 *  off them (L the steepest slope of φ), and only for sets in a contradicting list (flagged in select).
 *  `exhaustive: true` scores every candidate instead (for checking and benchmarking). `lastSearch` reports lists,
 *  postings, candidates, timings (counted in signatures).
 *
 * The exact scorer here repeats `scoreItems` step for step (same order of every sum), and the returned explanation is
 * computed by `scoreItems` itself (once per signature, copied per member), so index scores equal the reference scores
 * bit for bit. Ties rank the earlier-added report first.
 *
 * On disk (`save(dir)` / `ReportIndex.open(dir, hierarchy)`): a directory with `manifest.json` (format, version,
 * byte order, counts, hierarchy and equivalence fingerprints, size and SHA-256 of every file), `vocab.json` and
 * `ids.json` (JSON string arrays), and raw little-endian typed arrays: `canon.i32`, `sets.i32` (per report its
 * signature), `offsets.i32`, `entries.i32`, `weights.f64` (per signature), `closure-offsets.i32`, `closure-ids.i32`,
 * `closure-depths.i32`, `closure-has.u8`. Posting lists and the signature hash table are rebuilt at open (linear
 * passes), so they can never disagree with the forward index. Only live reports and signatures are written.
 * Format version 2 (version 1 stored one forward entry per report; opening one is E_INDEX_MISMATCH: rebuild).
 * The directory is written next to the target and renamed into place.
 *
 * Memory: per signature ~12 bytes per item (forward) + 4 per posting + 36 (totals, members, hash slot, accumulator,
 * flags, candidate list; + 16 once a search needs contradiction allowances); per report 9 (signature, next member, flag) + the id string; + S/8 bytes per bitmap (long
 * lists only). Measured: see bench/results/similarity*.json.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ClinlinkError, invalidArgument } from '../errors.js';
import { validateConceptSet, type ConceptSet } from './concept-set.js';
import { CanonicalHierarchy, IDENTITY_EQUIVALENCE, type Equivalence, type Hierarchy } from './hierarchy.js';
import {
  combine,
  createRelate,
  differencePenalty,
  informationContent,
  pathSimilarity,
  prepareItems,
  resolveParams,
  scoreItems,
  type ResolvedParams,
  type ScoringParams,
  type SetItem,
  type SimilarityExplanation,
  type SimilarityResult,
} from './tversky.js';

export const REPORT_INDEX_FORMAT = 'clinlink-similarity-index';
/** 2: one forward entry per distinct concept set (`sets.i32` maps reports to sets); 1 stored one per report. */
export const REPORT_INDEX_VERSION = 2;

export interface ReportIndexOptions {
  /** Is-a hierarchy for partial credit; null/absent: exact and synonym matches only. Fixed for the index's life. */
  hierarchy?: Hierarchy | null;
  /** Synonymy; default identity. Fixed for the index's life. */
  equivalence?: Equivalence;
  /** Canonical closures kept in memory for query concepts; default 50,000. */
  cacheSize?: number;
  /** Tuning: before scanning a posting list at least this long, candidates are scored to raise θ; default 2048. */
  refreshMinLength?: number;
}

export interface OpenOptions {
  equivalence?: Equivalence;
  cacheSize?: number;
  refreshMinLength?: number;
  /** Recompute every file's SHA-256 against the manifest before loading (slower); default false (sizes only). */
  verify?: boolean;
}

export interface SearchOptions extends ScoringParams {
  /** How many reports to return; default 10. */
  k?: number;
  /** Multiply weights by IDF over the indexed reports: ln((N + 1)/(df + 1)) + 1; default false. */
  idf?: boolean;
  /** Only reports scoring at least this (and always > 0); default 0. */
  minScore?: number;
  /** Build the explanation lists (default true); `terms` is always filled. */
  explain?: boolean;
  /** Score every candidate, no pruning; default false. Same results, slower. */
  exhaustive?: boolean;
}

export interface SearchHit extends SimilarityExplanation {
  id: string;
  score: number;
}

export interface SearchStats {
  /** Posting lists that can credit the query. */
  lists: number;
  /** Of those, lists that admitted new candidates. */
  listsScanned: number;
  /** Lists read at all (admitting, or only updating the candidates found); the others were bounded, not read. */
  listsRead: number;
  postingsScanned: number;
  /** Distinct concept sets (signatures) seen in a scanned list: each stands for all its reports. */
  candidates: number;
  /** Distinct concept sets scored exactly. */
  scored: number;
  /** Milliseconds spent preparing the query (roles, bounds), reading lists, selecting, and explaining the winners. */
  ms: { prepare: number; scan: number; select: number; explain: number };
}

interface Manifest {
  format: typeof REPORT_INDEX_FORMAT;
  version: number;
  created: string;
  littleEndian: boolean;
  counts: { reports: number; sets: number; entries: number; vocab: number };
  hierarchy: { present: boolean; fingerprint: string | null };
  equivalence: string | null;
  files: Record<string, { bytes: number; sha256: string }>;
}

const MANIFEST = 'manifest.json';
const FILES = ['vocab.json', 'ids.json', 'canon.i32', 'sets.i32', 'offsets.i32', 'entries.i32', 'weights.f64', 'closure-offsets.i32', 'closure-ids.i32', 'closure-depths.i32', 'closure-has.u8'] as const;
const EMPTY_I32 = new Int32Array(0);
/** Scratch for reading the bits of a weight (hashing signatures). */
const F64_SCRATCH = new Float64Array(1);
const F64_BITS = new Int32Array(F64_SCRATCH.buffer);
/** Before scanning a list at least this long, candidates are scored to raise θ (default). */
const REFRESH_MIN_LENGTH = 2048;
/** Hierarchical posting lists whose best similarity is at most this are bounded, not read. */
const SKIP_SIMILARITY = 0.1;

export class ReportIndex {
  private readonly hierarchy: CanonicalHierarchy | null;
  private readonly equivalence: Equivalence;
  private readonly refreshMinLength: number;

  // Vocabulary: interned concept ids (originals and canonical ids, ancestors included).
  private vocab: string[] = [];
  private vocabIds = new Map<string, number>();
  private canon: Int32Array = new Int32Array(64);
  /** Ancestors (canonical ints) with depths, for posted canonical concepts. */
  private closureIds: (Int32Array | undefined)[] = [];
  private closureDepths: (Int32Array | undefined)[] = [];

  // Reports: each is a member of one concept-set signature.
  private ids: string[] = [];
  private byId = new Map<string, number>();
  private deleted: Uint8Array = new Uint8Array(64);
  private deletedCount = 0;
  private nReports = 0;
  /** Per report: its signature. */
  private sigOf: Int32Array = new Int32Array(64);
  /** Per report: the next member of its signature (ascending report numbers), −1 at the end. */
  private nextMember: Int32Array = new Int32Array(64);

  // Signatures: distinct (item list, weights), in order of first appearance. Everything below is per signature.
  private nSigs = 0;
  private offsets: Int32Array = new Int32Array(65);
  private entries: Int32Array = new Int32Array(256);
  private weights: Float64Array = new Float64Array(256);
  private nEntries = 0;
  private rawTotal: Float64Array = new Float64Array(64);
  private maxItems = 0;
  private firstMember: Int32Array = new Int32Array(64);
  private lastMember: Int32Array = new Int32Array(64);
  /** Live members; 0 = dead (still posted until compaction, skipped by search). */
  private liveCount: Int32Array = new Int32Array(64);
  private deadSigs = 0;
  /** Open-addressing hash table of signatures (signature + 1; 0 = empty). */
  private sigTable: Int32Array = new Int32Array(256);

  // Inverted index over signatures: list key = canonical * 2 + negated.
  private post: (Int32Array | undefined)[] = [];
  private postLen: Int32Array = new Int32Array(128);
  private listMaxW: Float64Array = new Float64Array(128);
  /** Live reports containing each canonical concept (either polarity). */
  private df: Int32Array = new Int32Array(64);

  // Derived data, rebuilt lazily.
  private descDirty = true;
  private descOff: Int32Array = new Int32Array(1);
  private descIds: Int32Array = EMPTY_I32;
  private descDepth: Int32Array = EMPTY_I32;
  private idfDirty = true;
  private idfArr: Float64Array = new Float64Array(0);
  private wbIdfDirty = true;
  private wbIdf: Float64Array = new Float64Array(0);
  private icDirty = true;
  private icArr: Float64Array = new Float64Array(0);
  private icTotal = 0;

  // Search scratch (per signature).
  /** Per signature: accumulated credit bound T of the running search (0 = not a candidate); reset after each search. */
  private acc: Float32Array = new Float32Array(0);
  /** Per signature: contradiction allowance of the running search (see `markContradictions`); reset after each. */
  private ctr = { ctrA: new Float64Array(0), ctrB: new Float64Array(0) };
  private readonly contraScratch = (): { ctrA: Float64Array; ctrB: Float64Array } => {
    if (this.ctr.ctrA.length < this.acc.length) this.ctr = { ctrA: new Float64Array(this.acc.length), ctrB: new Float64Array(this.acc.length) };
    return this.ctr;
  };
  /** Per signature: 1 = in the hot list, 2 = scored; reset after each search. */
  private flags: Uint8Array = new Uint8Array(0);
  private cands: Int32Array = new Int32Array(0);
  private roleOf: Int32Array = new Int32Array(0);
  /** Bitmaps of long posting lists (probed instead of read), kept up to date incrementally; dropped on compaction. */
  private bitmaps = new Map<number, { bits: Uint32Array; built: number }>();
  /** The bitmap of a posting list (created or brought up to date on demand). */
  private readonly bitmapFor = (list: number): Uint32Array => {
    const words = (this.nSigs + 31) >>> 5;
    let bm = this.bitmaps.get(list);
    if (!bm) {
      bm = { bits: new Uint32Array(Math.max(words, 1)), built: 0 };
      this.bitmaps.set(list, bm);
    } else if (bm.bits.length < words) {
      const bits = new Uint32Array(Math.max(words, 2 * bm.bits.length));
      bits.set(bm.bits);
      bm.bits = bits;
    }
    const post = this.post[list]!;
    const len = this.postLen[list]!;
    const bits = bm.bits;
    for (let x = bm.built; x < len; x++) {
      const r = post[x]!;
      bits[r >>> 5] = bits[r >>> 5]! | (1 << (r & 31));
    }
    bm.built = len;
    return bits;
  };
  private stats: SearchStats = { lists: 0, listsScanned: 0, listsRead: 0, postingsScanned: 0, candidates: 0, scored: 0, ms: { prepare: 0, scan: 0, select: 0, explain: 0 } };

  constructor(options: ReportIndexOptions = {}) {
    this.equivalence = options.equivalence ?? IDENTITY_EQUIVALENCE;
    this.refreshMinLength = options.refreshMinLength ?? REFRESH_MIN_LENGTH;
    if (!Number.isInteger(this.refreshMinLength) || this.refreshMinLength < 1) throw invalidArgument('refreshMinLength must be a positive integer', 'refreshMinLength');
    this.hierarchy = options.hierarchy ? new CanonicalHierarchy(options.hierarchy, this.equivalence, options.cacheSize ?? 50_000) : null;
  }

  /** Live reports. */
  get size(): number {
    return this.nReports - this.deletedCount;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Live report ids, in insertion order. */
  *reportIds(): IterableIterator<string> {
    for (let r = 0; r < this.nReports; r++) if (!this.deleted[r]) yield this.ids[r]!;
  }

  /** Distinct concept sets (signatures) with at least one live report: what a search actually scores. */
  get distinctSets(): number {
    return this.nSigs - this.deadSigs;
  }

  /** Counters of the last search (lists pruned, candidates, exact scorings; counted in distinct sets). */
  get lastSearch(): Readonly<SearchStats> {
    return this.stats;
  }

  /**
   * Indexes a report. Synonyms merge (see `prepareItems`); the hierarchy is asked once per new concept. An id already
   * indexed is an error: remove it first.
   */
  add(id: string, set: ConceptSet): void {
    if (typeof id !== 'string' || id === '') throw invalidArgument('report id must be a non-empty string', 'id');
    if (this.byId.has(id)) throw invalidArgument(`report ${id} is already indexed; remove it first`, 'id');
    validateConceptSet(set);
    const items = prepareItems(set, this.equivalence);
    const r = this.nReports;
    this.ensureReportCapacity(r + 1);
    // The candidate signature is staged at the end of the entry arrays; it is kept only when new.
    const n = items.length;
    this.ensureEntryCapacity(this.nEntries + n);
    const start = this.nEntries;
    for (let x = 0; x < n; x++) {
      const it = items[x]!;
      const key = this.internCanonical(it.key);
      const orig = it.id === it.key ? key : this.internOriginal(it.id, key);
      this.ensureClosure(key);
      this.entries[start + x] = it.negated ? ~orig : orig;
      this.weights[start + x] = it.weight;
      this.df[key]!++;
    }
    const hash = this.hashEntries(start, n);
    let sig = this.findSig(hash, start, n);
    if (sig < 0) sig = this.appendSig(hash, n);
    else if (this.liveCount[sig] === 0) this.deadSigs--;
    this.sigOf[r] = sig;
    this.nextMember[r] = -1;
    if (this.firstMember[sig] === -1) this.firstMember[sig] = r;
    else this.nextMember[this.lastMember[sig]!] = r;
    this.lastMember[sig] = r;
    this.liveCount[sig]!++;
    this.ids[r] = id;
    this.byId.set(id, r);
    this.deleted[r] = 0;
    this.nReports++;
    this.markCorpusChanged();
  }

  /** Removes a report; false when it was not indexed. Space is reclaimed by compaction (automatic past 50% dead). */
  remove(id: string): boolean {
    const r = this.byId.get(id);
    if (r === undefined) return false;
    this.byId.delete(id);
    this.deleted[r] = 1;
    this.deletedCount++;
    const sig = this.sigOf[r]!;
    if (--this.liveCount[sig]! === 0) this.deadSigs++;
    for (let p = this.offsets[sig]!; p < this.offsets[sig + 1]!; p++) this.df[this.canonOfEntry(p)]!--;
    this.markCorpusChanged();
    if (this.deletedCount >= 1024 && this.deletedCount * 2 > this.nReports) this.compact();
    return true;
  }

  /** The indexed set of a report (synonyms merged, raw weights; `uncertain` is not stored), or null. */
  conceptSet(id: string): ConceptSet | null {
    const r = this.byId.get(id);
    if (r === undefined) return null;
    const set: ConceptSet = { present: new Map(), negated: new Map(), uncertain: new Set() };
    const sig = this.sigOf[r]!;
    for (let p = this.offsets[sig]!; p < this.offsets[sig + 1]!; p++) {
      const e = this.entries[p]!;
      (e < 0 ? set.negated : set.present).set(this.vocab[e < 0 ? ~e : e]!, this.weights[p]!);
    }
    return set;
  }

  /** IDF of a concept over the live reports: ln((N + 1)/(df + 1)) + 1, df counting its canonical concept. */
  idf(conceptId: string): number {
    this.ensureIdf();
    const c = this.vocabIds.get(this.equivalence.canonical(conceptId));
    return c === undefined ? Math.log(this.size + 1) + 1 : this.idfArr[this.canon[c]!]!;
  }

  /** Information content of a concept from the indexed reports, propagated up the hierarchy (see `informationContent`). */
  informationContent(conceptId: string): number {
    this.ensureIc();
    const c = this.vocabIds.get(this.equivalence.canonical(conceptId));
    return c === undefined ? informationContent(0, this.icTotal) : this.icArr[this.canon[c]!]!;
  }

  /** Rewrites the arrays without removed reports and dead signatures (numbers change, ids and order do not). */
  compact(): void {
    if (this.deletedCount === 0 && this.deadSigs === 0) return;
    const live: number[] = [];
    for (let r = 0; r < this.nReports; r++) if (!this.deleted[r]) live.push(r);
    const { sigs, newSigOf } = this.liveSignatures();
    this.rebuild(
      live.map((r) => this.ids[r]!),
      Int32Array.from(live, (r) => newSigOf[this.sigOf[r]!]!),
      sigs,
    );
    this.markCorpusChanged();
  }

  /** Live signatures in ascending order and the old → new signature numbers (−1 for dead ones). */
  private liveSignatures(): { sigs: number[]; newSigOf: Int32Array } {
    const sigs: number[] = [];
    const newSigOf = new Int32Array(this.nSigs).fill(-1);
    for (let g = 0; g < this.nSigs; g++) if (this.liveCount[g]! > 0) newSigOf[g] = sigs.push(g) - 1;
    return { sigs, newSigOf };
  }

  /** Replaces reports and signatures: `ids[n]` becomes report n of signature `sigOfReport[n]`, an index into `sigs`. */
  private rebuild(ids: string[], sigOfReport: Int32Array, sigs: number[]): void {
    let total = 0;
    for (const g of sigs) total += this.offsets[g + 1]! - this.offsets[g]!;
    const S = sigs.length;
    const offsets = new Int32Array(S + 1);
    const entries = new Int32Array(Math.max(total, 16));
    const weights = new Float64Array(Math.max(total, 16));
    let e = 0;
    sigs.forEach((g, n) => {
      for (let p = this.offsets[g]!; p < this.offsets[g + 1]!; p++, e++) {
        entries[e] = this.entries[p]!;
        weights[e] = this.weights[p]!;
      }
      offsets[n + 1] = e;
    });
    this.loadSignatures(offsets, entries, weights, total);
    this.loadReports(ids, sigOfReport);
  }

  /** Installs the signature arrays (totals, hash table, postings); members are set by `loadReports`. */
  private loadSignatures(offsets: Int32Array, entries: Int32Array, weights: Float64Array, nEntries: number): void {
    const S = offsets.length - 1;
    this.nSigs = S;
    this.offsets = offsets;
    this.entries = entries;
    this.weights = weights;
    this.nEntries = nEntries;
    this.rawTotal = new Float64Array(Math.max(S, 16));
    this.firstMember = new Int32Array(Math.max(S, 16)).fill(-1);
    this.lastMember = new Int32Array(Math.max(S, 16)).fill(-1);
    this.liveCount = new Int32Array(Math.max(S, 16));
    this.maxItems = 0;
    let size = 256;
    while (size < 2 * S) size *= 2;
    this.sigTable = new Int32Array(size);
    for (let g = 0; g < S; g++) {
      let t = 0;
      for (let x = offsets[g]!; x < offsets[g + 1]!; x++) t += weights[x]!;
      this.rawTotal[g] = t;
      const n = offsets[g + 1]! - offsets[g]!;
      if (n > this.maxItems) this.maxItems = n;
      this.tableInsert(this.hashEntries(offsets[g]!, n), g);
    }
    this.rebuildPostings();
  }

  /** Installs the reports (all live), their member lists, live counts and document frequencies. */
  private loadReports(ids: string[], sigOfReport: Int32Array): void {
    const N = ids.length;
    this.ids = ids;
    this.byId = new Map(ids.map((id, i) => [id, i]));
    this.nReports = N;
    this.deleted = new Uint8Array(Math.max(N, 16));
    this.deletedCount = 0;
    this.sigOf = growI32(sigOfReport, 16);
    this.nextMember = new Int32Array(Math.max(N, 16));
    this.df = new Int32Array(Math.max(this.vocab.length, 16));
    for (let r = 0; r < N; r++) {
      const g = sigOfReport[r]!;
      this.nextMember[r] = -1;
      if (this.firstMember[g] === -1) this.firstMember[g] = r;
      else this.nextMember[this.lastMember[g]!] = r;
      this.lastMember[g] = r;
      this.liveCount[g]!++;
    }
    this.deadSigs = 0;
    for (let g = 0; g < this.nSigs; g++) {
      if (this.liveCount[g] === 0) {
        this.deadSigs++;
        continue;
      }
      const c = this.liveCount[g]!;
      for (let x = this.offsets[g]!; x < this.offsets[g + 1]!; x++) this.df[this.canonOfEntry(x)]! += c;
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Search

  /** The k reports most similar to `query`, best first, each with its score and explanation. */
  search(query: ConceptSet, options: SearchOptions = {}): SearchHit[] {
    const p = resolveParams(options);
    const k = options.k ?? 10;
    if (!Number.isInteger(k) || k < 1) throw invalidArgument('k must be a positive integer', 'k');
    const minScore = options.minScore ?? 0;
    if (!(minScore >= 0 && minScore <= 1)) throw invalidArgument('minScore must be in [0, 1]', 'minScore');
    const useIdf = options.idf ?? false;
    validateConceptSet(query, 'query');
    this.stats = { lists: 0, listsScanned: 0, listsRead: 0, postingsScanned: 0, candidates: 0, scored: 0, ms: { prepare: 0, scan: 0, select: 0, explain: 0 } };
    if (this.size === 0) return [];
    const t0 = performance.now();

    const hierarchical = this.hierarchy !== null && p.maxDistance > 0;
    const lin = hierarchical && p.conceptSimilarity === 'lin';
    if (hierarchical) this.ensureDescendants();
    if (useIdf) this.ensureIdf();
    if (lin) this.ensureIc();
    const weightOf = useIdf ? (key: string) => this.idfOfKey(key) : undefined;
    const q = prepareItems(query, this.equivalence, weightOf);
    if (q.length === 0) return [];
    const nq = q.length;
    const qw = new Float64Array(nq);
    let WA = 0;
    for (let i = 0; i < nq; i++) WA += qw[i] = q[i]!.weight;

    // ---- Roles: what each posting list means for the query.
    const roles = new RoleTable();
    for (let i = 0; i < nq; i++) {
      const it = q[i]!;
      const key = this.vocabIds.get(it.key);
      const neg = it.negated ? 1 : 0;
      if (key !== undefined) {
        roles.get(key * 2 + neg).exact = i;
        roles.get(key * 2 + (1 - neg)).contra = i;
      }
      if (hierarchical) {
        const related = lin ? this.relatedLin(it.key, key ?? -1, p) : this.relatedPath(it.key, key ?? -1, p);
        for (const [b, s] of related) roles.get(b * 2 + neg).rel.push(i, s);
      }
    }

    // ---- Flatten roles into typed arrays, with caps for the bounds.
    this.ensureSearchScratch();
    const roleOf = this.roleOf;
    const nRoles = roles.map.size;
    const roleList = new Int32Array(nRoles);
    const roleExact = new Int32Array(nRoles);
    const roleContra = new Int32Array(nRoles);
    const relStart = new Int32Array(nRoles + 1);
    let nRel = 0;
    for (const r of roles.map.values()) nRel += r.rel.length / 2;
    const relItem = new Int32Array(nRel);
    const relSim = new Float64Array(nRel);
    const credit: CreditList[] = [];
    const contra: { list: number; len: number; item: number; vmax: number }[] = [];
    let cA = 0;
    let cB = 0;
    let ri = 0;
    let t = 0;
    for (const [listKey, role] of roles.map) {
      const len = listKey < this.postLen.length ? this.postLen[listKey]! : 0;
      roleList[ri] = listKey;
      roleExact[ri] = role.exact;
      roleContra[ri] = role.contra;
      relStart[ri] = t;
      for (let x = 0; x < role.rel.length; x += 2, t++) {
        relItem[t] = role.rel[x]!;
        relSim[t] = role.rel[x + 1]!;
      }
      if (len > 0) {
        roleOf[listKey] = ri;
        const vmax = this.listMaxW[listKey]! * (useIdf ? this.idfArr[listKey >> 1]! : 1);
        let aSum = 0;
        let bCap = 0;
        let sMax = 0;
        if (role.exact >= 0) aSum = bCap = Math.min(qw[role.exact]!, vmax);
        for (let x = relStart[ri]!; x < t; x++) {
          const c = relSim[x]! * Math.min(qw[relItem[x]!]!, vmax);
          aSum += c;
          if (relSim[x]! > sMax) sMax = relSim[x]!;
          if (role.exact < 0 && role.contra < 0 && c > bCap) bCap = c;
        }
        if (role.contra >= 0) {
          cA += qw[role.contra]!;
          cB += vmax;
          contra.push({ list: listKey, len, item: role.contra, vmax });
        }
        if (role.exact >= 0 || t > relStart[ri]!) credit.push({ list: listKey, len, aSum, bCap, role: ri, exact: role.exact >= 0, sMax });
      }
      ri++;
    }
    relStart[nRoles] = t;
    // Cheap, valuable lists first: postings per unit of credit they can give. The suffix left unread when scanning
    // stops is then the costliest for the least credit. (Any order is exact; this one prunes best.)
    // Hierarchical lists of low similarity (≤ SKIP_SIMILARITY) go last and are never read: what they could add is
    // bounded instead (at most s·W_B on the report side).
    const skip = (c: CreditList) => !c.exact && c.sMax <= SKIP_SIMILARITY && !(options.exhaustive ?? false);
    credit.sort((x, y) => Number(skip(x)) - Number(skip(y)) || x.len / (x.aSum + x.bCap) - y.len / (y.aSum + y.bCap) || x.list - y.list);
    let scanned = credit.length;
    while (scanned > 0 && skip(credit[scanned - 1]!)) scanned--;

    // Before the arrays are handed over: staging the query's entries may grow them.
    const seed = this.findQuerySig(useIdf ? prepareItems(query, this.equivalence) : q);
    let run: SearchRun | undefined;
    try {
      run = new SearchRun({
        seed,
        p,
        k,
        minScore,
        useIdf,
        exhaustive: options.exhaustive ?? false,
        refreshMinLength: this.refreshMinLength,
        qw,
        WA,
        cA,
        cB,
        contra,
        credit,
        scanned,
        roleExact,
        roleContra,
        relStart,
        relItem,
        relSim,
        roleOf,
        post: this.post,
        listMaxW: this.listMaxW,
        maxItems: this.maxItems,
        entries: this.entries,
        weights: this.weights,
        offsets: this.offsets,
        canon: this.canon,
        idfArr: this.idfArr,
        wb: useIdf ? this.ensureWbIdf() : this.rawTotal,
        liveCount: this.liveCount,
        anyDead: this.deadSigs > 0,
        nSigs: this.nSigs,
        bitmapFor: this.bitmapFor,
        acc: this.acc,
        contraScratch: this.contraScratch,
        flags: this.flags,
        cands: this.cands,
      });
      const t1 = performance.now();
      run.scan();
      const t2 = performance.now();
      const winners = this.expandMembers(run.select(), k);
      const t3 = performance.now();

      // ---- Explanations for the winners, by the reference matcher (once per signature, copied per member).
      const relate = hierarchical ? createRelate(this.hierarchy!, p, lin ? (key) => this.icOfKey(key) : undefined) : null;
      const explain = options.explain ?? true;
      const hits: (SearchHit & { n: number })[] = [];
      const bySig = new Map<number, SimilarityResult>();
      for (const r of winners) {
        const sig = this.sigOf[r]!;
        let res = bySig.get(sig);
        if (res) res = structuredClone(res);
        else bySig.set(sig, (res = scoreItems(q, this.sigItems(sig, useIdf), relate, p, explain)));
        hits.push({ id: this.ids[r]!, ...res, n: r });
      }
      hits.sort((a, b) => b.score - a.score || a.n - b.n);
      const ms = { prepare: t1 - t0, scan: t2 - t1, select: t3 - t2, explain: performance.now() - t3 };
      this.stats = { lists: credit.length, listsScanned: Math.min(run.admitted, run.read), listsRead: run.read, postingsScanned: run.postingsScanned, candidates: run.nc, scored: run.scored, ms };
      return hits.map(({ n: _n, ...hit }) => hit);
    } finally {
      run?.reset();
      for (let x = 0; x < nRoles; x++) roleOf[roleList[x]!] = -1;
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Persistence

  /** Writes the live reports to `dir` (created or replaced atomically). See the module comment for the layout. */
  save(dir: string): void {
    const target = resolve(dir);
    if (existsSync(target)) {
      const isIndex = existsSync(join(target, MANIFEST)) || readdirSync(target).length === 0;
      if (!statSync(target).isDirectory() || !isIndex) {
        throw new ClinlinkError('E_IO', 'refusing to replace a directory that is not a similarity index', { file: target });
      }
    }
    const live: number[] = [];
    for (let r = 0; r < this.nReports; r++) if (!this.deleted[r]) live.push(r);
    const { sigs, newSigOf } = this.liveSignatures();
    const sets = Int32Array.from(live, (r) => newSigOf[this.sigOf[r]!]!);
    let total = 0;
    for (const g of sigs) total += this.offsets[g + 1]! - this.offsets[g]!;
    const offsets = new Int32Array(sigs.length + 1);
    const entries = new Int32Array(total);
    const weights = new Float64Array(total);
    let e = 0;
    sigs.forEach((g, n) => {
      for (let x = this.offsets[g]!; x < this.offsets[g + 1]!; x++, e++) {
        entries[e] = this.entries[x]!;
        weights[e] = this.weights[x]!;
      }
      offsets[n + 1] = e;
    });
    const V = this.vocab.length;
    const cOff = new Int32Array(V + 1);
    const cHas = new Uint8Array(V);
    let cTotal = 0;
    for (let c = 0; c < V; c++) {
      const ids = this.closureIds[c];
      if (ids) {
        cHas[c] = 1;
        cTotal += ids.length;
      }
      cOff[c + 1] = cTotal;
    }
    const cIds = new Int32Array(cTotal);
    const cDepth = new Int32Array(cTotal);
    for (let c = 0; c < V; c++) {
      const ids = this.closureIds[c];
      if (!ids) continue;
      cIds.set(ids, cOff[c]!);
      cDepth.set(this.closureDepths[c]!, cOff[c]!);
    }
    const payload: Record<(typeof FILES)[number], Uint8Array> = {
      'vocab.json': Buffer.from(JSON.stringify(this.vocab)),
      'ids.json': Buffer.from(JSON.stringify(live.map((r) => this.ids[r]!))),
      'canon.i32': bytes(this.canon.subarray(0, V)),
      'sets.i32': bytes(sets),
      'offsets.i32': bytes(offsets),
      'entries.i32': bytes(entries),
      'weights.f64': bytes(weights),
      'closure-offsets.i32': bytes(cOff),
      'closure-ids.i32': bytes(cIds),
      'closure-depths.i32': bytes(cDepth),
      'closure-has.u8': cHas,
    };
    const tmp = join(dirname(target), `.${randomUUID()}.tmp`);
    try {
      mkdirSync(tmp, { recursive: true });
      const files: Manifest['files'] = {};
      for (const name of FILES) {
        const data = payload[name];
        writeFileSync(join(tmp, name), data);
        files[name] = { bytes: data.byteLength, sha256: createHash('sha256').update(data).digest('hex') };
      }
      const manifest: Manifest = {
        format: REPORT_INDEX_FORMAT,
        version: REPORT_INDEX_VERSION,
        created: new Date().toISOString(),
        littleEndian: endianness() === 'LE',
        counts: { reports: live.length, sets: sigs.length, entries: total, vocab: V },
        hierarchy: { present: this.hierarchy !== null, fingerprint: this.hierarchy?.fingerprint ?? null },
        equivalence: this.equivalence.fingerprint ?? null,
        files,
      };
      writeFileSync(join(tmp, MANIFEST), JSON.stringify(manifest, null, 2));
      if (existsSync(target)) {
        const old = join(dirname(target), `.${randomUUID()}.old`);
        renameSync(target, old);
        renameSync(tmp, target);
        rmSync(old, { recursive: true, force: true });
      } else renameSync(tmp, target);
    } catch (err) {
      rmSync(tmp, { recursive: true, force: true });
      if (err instanceof ClinlinkError) throw err;
      throw new ClinlinkError('E_IO', `cannot write the index: ${(err as Error).message}`, { file: target }, { cause: err });
    }
  }

  /**
   * Opens a saved index. `hierarchy` (and `options.equivalence`) must be the ones it was built with: a different
   * fingerprint, or a hierarchy where there was none (or the reverse), is E_INDEX_MISMATCH. Damaged files are
   * E_INDEX_CORRUPT: sizes are always checked, checksums with `verify: true`, and the arrays' structure always.
   */
  static open(dir: string, hierarchy?: Hierarchy | null, options: OpenOptions = {}): ReportIndex {
    const root = resolve(dir);
    const manifestPath = join(root, MANIFEST);
    if (!existsSync(manifestPath)) throw new ClinlinkError('E_INDEX_CORRUPT', 'no similarity index manifest', { file: manifestPath });
    let m: Manifest;
    try {
      m = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    } catch (err) {
      throw new ClinlinkError('E_INDEX_CORRUPT', 'similarity index manifest is not valid JSON', { file: manifestPath }, { cause: err });
    }
    if (m.format !== REPORT_INDEX_FORMAT) throw new ClinlinkError('E_INDEX_CORRUPT', 'not a clinlink similarity index', { file: manifestPath, field: 'format' });
    if (m.version !== REPORT_INDEX_VERSION) {
      throw new ClinlinkError('E_INDEX_MISMATCH', `similarity index format version ${m.version}, this clinlink reads ${REPORT_INDEX_VERSION}: rebuild it`, { file: manifestPath, field: 'version' });
    }
    if (m.littleEndian !== (endianness() === 'LE')) throw new ClinlinkError('E_INDEX_MISMATCH', 'index was written on a machine of the other byte order', { file: manifestPath });
    const h = hierarchy ?? null;
    if (m.hierarchy.present !== (h !== null)) {
      throw new ClinlinkError('E_INDEX_MISMATCH', m.hierarchy.present ? 'index was built with a hierarchy: pass it to open' : 'index was built without a hierarchy', { file: manifestPath, field: 'hierarchy' });
    }
    if (h && m.hierarchy.fingerprint && h.fingerprint && h.fingerprint !== m.hierarchy.fingerprint) {
      throw new ClinlinkError('E_INDEX_MISMATCH', `index was built with hierarchy ${m.hierarchy.fingerprint}, not ${h.fingerprint}`, { file: manifestPath, field: 'hierarchy' });
    }
    const eq = options.equivalence ?? IDENTITY_EQUIVALENCE;
    if (m.equivalence && eq.fingerprint && m.equivalence !== eq.fingerprint) {
      throw new ClinlinkError('E_INDEX_MISMATCH', `index was built with equivalence ${m.equivalence}, not ${eq.fingerprint}`, { file: manifestPath, field: 'equivalence' });
    }
    const read = (name: (typeof FILES)[number]): Buffer => {
      const file = join(root, name);
      const info = m.files?.[name];
      if (!info || !existsSync(file)) throw new ClinlinkError('E_INDEX_CORRUPT', `missing index file ${name}`, { file });
      const data = readFileSync(file);
      if (data.byteLength !== info.bytes) throw new ClinlinkError('E_INDEX_CORRUPT', `${name} is ${data.byteLength} bytes, manifest says ${info.bytes}`, { file });
      if (options.verify && createHash('sha256').update(data).digest('hex') !== info.sha256) throw new ClinlinkError('E_INDEX_CORRUPT', `${name} checksum mismatch`, { file });
      return data;
    };
    const corrupt = (what: string, name: string) => new ClinlinkError('E_INDEX_CORRUPT', what, { file: join(root, name) });
    let vocab: unknown;
    let ids: unknown;
    try {
      vocab = JSON.parse(read('vocab.json').toString('utf8'));
      ids = JSON.parse(read('ids.json').toString('utf8'));
    } catch (err) {
      if (err instanceof ClinlinkError) throw err;
      throw new ClinlinkError('E_INDEX_CORRUPT', 'vocabulary or id list is not valid JSON', { file: root }, { cause: err });
    }
    if (!Array.isArray(vocab) || !vocab.every((v) => typeof v === 'string' && v !== '')) throw corrupt('vocabulary must be an array of ids', 'vocab.json');
    if (!Array.isArray(ids) || !ids.every((v) => typeof v === 'string' && v !== '')) throw corrupt('report ids must be an array of strings', 'ids.json');
    const V = vocab.length;
    const canon = toI32(read('canon.i32'));
    const sets = toI32(read('sets.i32'));
    const offsets = toI32(read('offsets.i32'));
    const entries = toI32(read('entries.i32'));
    const weights = toF64(read('weights.f64'));
    const cOff = toI32(read('closure-offsets.i32'));
    const cIds = toI32(read('closure-ids.i32'));
    const cDepth = toI32(read('closure-depths.i32'));
    const cHas = new Uint8Array(read('closure-has.u8'));
    const N = ids.length;
    const S = offsets.length - 1;
    if (canon.length !== V || cOff.length !== V + 1 || cHas.length !== V || sets.length !== N || S < 0 || entries.length !== weights.length || cIds.length !== cDepth.length) {
      throw corrupt('array lengths do not agree with the manifest', MANIFEST);
    }
    if (offsets[0] !== 0 || offsets[S] !== entries.length) throw corrupt('set offsets do not cover the entries', 'offsets.i32');
    for (let g = 0; g < S; g++) if (offsets[g + 1]! < offsets[g]!) throw corrupt('set offsets decrease', 'offsets.i32');
    const used = new Uint8Array(S);
    for (let r = 0; r < N; r++) {
      const g = sets[r]!;
      if (!(g >= 0 && g < S)) throw corrupt('report set out of range', 'sets.i32');
      used[g] = 1;
    }
    if (used.includes(0)) throw corrupt('a concept set without reports', 'sets.i32');
    for (let c = 0; c < V; c++) if (canon[c]! < 0 || canon[c]! >= V || canon[canon[c]!] !== canon[c]) throw corrupt('canonical map out of range', 'canon.i32');
    for (let x = 0; x < entries.length; x++) {
      const e = entries[x]!;
      const o = e < 0 ? ~e : e;
      if (o >= V) throw corrupt('entry concept out of range', 'entries.i32');
      const w = weights[x]!;
      if (!(w > 0 && Number.isFinite(w))) throw corrupt('weights must be finite and > 0', 'weights.f64');
    }
    if (cOff[0] !== 0 || cOff[V] !== cIds.length) throw corrupt('closure offsets do not cover the closures', 'closure-offsets.i32');
    for (let c = 0; c < V; c++) if (cOff[c + 1]! < cOff[c]!) throw corrupt('closure offsets decrease', 'closure-offsets.i32');
    for (let x = 0; x < cIds.length; x++) if (cIds[x]! < 0 || cIds[x]! >= V || !(cDepth[x]! >= 1)) throw corrupt('closure entry out of range', 'closure-ids.i32');

    const index = new ReportIndex({
      hierarchy: h,
      equivalence: eq,
      ...(options.cacheSize ? { cacheSize: options.cacheSize } : {}),
      ...(options.refreshMinLength ? { refreshMinLength: options.refreshMinLength } : {}),
    });
    index.vocab = vocab as string[];
    index.vocabIds = new Map(index.vocab.map((v, i) => [v, i]));
    if (index.vocabIds.size !== V) throw corrupt('duplicate vocabulary entries', 'vocab.json');
    index.canon = growI32(canon, V + 1);
    for (let c = 0; c < V; c++) {
      if (!cHas[c]) continue;
      index.closureIds[c] = cIds.slice(cOff[c]!, cOff[c + 1]!);
      index.closureDepths[c] = cDepth.slice(cOff[c]!, cOff[c + 1]!);
    }
    index.loadSignatures(offsets, entries, weights, entries.length);
    index.loadReports(ids as string[], sets);
    if (index.byId.size !== N) throw corrupt('duplicate report ids', 'ids.json');
    return index;
  }

  /** Recomputes every file's checksum against the manifest. */
  static verify(dir: string): boolean {
    const root = resolve(dir);
    const m = JSON.parse(readFileSync(join(root, MANIFEST), 'utf8')) as Manifest;
    return FILES.every((name) => {
      const file = join(root, name);
      return existsSync(file) && createHash('sha256').update(readFileSync(file)).digest('hex') === m.files[name]?.sha256;
    });
  }

  // -------------------------------------------------------------------------------------------------------------
  // Internals

  private canonOfEntry(x: number): number {
    const e = this.entries[x]!;
    return this.canon[e < 0 ? ~e : e]!;
  }

  private intern(id: string): number {
    let c = this.vocabIds.get(id);
    if (c !== undefined) return c;
    c = this.vocab.length;
    this.vocab.push(id);
    this.vocabIds.set(id, c);
    this.canon = growI32(this.canon, c + 1);
    this.canon[c] = c;
    this.df = growI32(this.df, c + 1);
    this.postLen = growI32(this.postLen, 2 * c + 2);
    this.listMaxW = growF64(this.listMaxW, 2 * c + 2);
    return c;
  }

  private internCanonical(key: string): number {
    return this.intern(key);
  }

  private internOriginal(id: string, key: number): number {
    const c = this.intern(id);
    this.canon[c] = key;
    return c;
  }

  /** Stores the ancestor closure of a posted canonical concept (once). */
  private ensureClosure(key: number): void {
    if (!this.hierarchy || this.closureIds[key]) return;
    const anc = this.hierarchy.ancestors(this.vocab[key]!);
    const ids = new Int32Array(anc.size);
    const depths = new Int32Array(anc.size);
    let n = 0;
    for (const [a, d] of anc) {
      ids[n] = this.internCanonical(a);
      depths[n++] = d;
    }
    this.closureIds[key] = ids;
    this.closureDepths[key] = depths;
    this.descDirty = true;
  }

  private pushPosting(list: number, r: number, w: number): void {
    let arr = this.post[list];
    const len = this.postLen[list]!;
    if (!arr || len === arr.length) {
      const next = new Int32Array(Math.max(4, len * 2));
      if (arr) next.set(arr);
      arr = next;
      this.post[list] = arr;
    }
    arr[len] = r;
    this.postLen[list] = len + 1;
    if (w > this.listMaxW[list]!) this.listMaxW[list] = w;
  }

  private rebuildPostings(): void {
    const lists = 2 * this.vocab.length;
    const counts = new Int32Array(lists);
    const maxW = new Float64Array(lists);
    for (let g = 0; g < this.nSigs; g++) {
      for (let x = this.offsets[g]!; x < this.offsets[g + 1]!; x++) {
        const key = this.canonOfEntry(x) * 2 + (this.entries[x]! < 0 ? 1 : 0);
        counts[key]!++;
        if (this.weights[x]! > maxW[key]!) maxW[key] = this.weights[x]!;
      }
    }
    const post: (Int32Array | undefined)[] = new Array(lists);
    for (let l = 0; l < lists; l++) if (counts[l]! > 0) post[l] = new Int32Array(counts[l]!);
    const fill = new Int32Array(lists);
    for (let g = 0; g < this.nSigs; g++) {
      for (let x = this.offsets[g]!; x < this.offsets[g + 1]!; x++) {
        const key = this.canonOfEntry(x) * 2 + (this.entries[x]! < 0 ? 1 : 0);
        post[key]![fill[key]!++] = g;
      }
    }
    this.post = post;
    this.bitmaps.clear();
    this.postLen = growI32(fill, lists + 2);
    this.listMaxW = growF64(maxW, lists + 2);
  }

  private markCorpusChanged(): void {
    this.idfDirty = true;
    this.wbIdfDirty = true;
    this.icDirty = true;
  }

  private ensureReportCapacity(n: number): void {
    this.sigOf = growI32(this.sigOf, n);
    this.nextMember = growI32(this.nextMember, n);
    this.deleted = growU8(this.deleted, n);
  }

  private ensureSigCapacity(n: number): void {
    this.offsets = growI32(this.offsets, n + 1);
    this.rawTotal = growF64(this.rawTotal, n);
    this.firstMember = growI32(this.firstMember, n);
    this.lastMember = growI32(this.lastMember, n);
    this.liveCount = growI32(this.liveCount, n);
  }

  /** Hash of n staged or stored entries from `start`: concept codes and the exact bits of the weights. */
  private hashEntries(start: number, n: number): number {
    const bits = F64_BITS;
    let h = 0x811c9dc5 ^ n;
    for (let x = start; x < start + n; x++) {
      F64_SCRATCH[0] = this.weights[x]!;
      h = Math.imul(h ^ this.entries[x]!, 0x01000193);
      h = Math.imul(h ^ bits[0]!, 0x01000193);
      h = Math.imul(h ^ bits[1]!, 0x01000193);
    }
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    return (h ^ (h >>> 13)) >>> 0;
  }

  /** The signature equal (same items in the same order, same weights) to the n entries staged at `start`, or −1. */
  private findSig(hash: number, start: number, n: number): number {
    const table = this.sigTable;
    const mask = table.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const g = table[slot]! - 1;
      if (g < 0) return -1;
      const o = this.offsets[g]!;
      if (this.offsets[g + 1]! - o !== n) continue;
      let x = 0;
      while (x < n && this.entries[o + x] === this.entries[start + x] && this.weights[o + x] === this.weights[start + x]) x++;
      if (x === n) return g;
    }
  }

  private tableInsert(hash: number, g: number): void {
    const table = this.sigTable;
    const mask = table.length - 1;
    let slot = hash & mask;
    while (table[slot] !== 0) slot = (slot + 1) & mask;
    table[slot] = g + 1;
  }

  /** Keeps the n entries staged at the end of the entry arrays as a new signature (no members yet). */
  private appendSig(hash: number, n: number): number {
    const g = this.nSigs;
    this.ensureSigCapacity(g + 1);
    const start = this.nEntries;
    let total = 0;
    for (let x = start; x < start + n; x++) {
      const w = this.weights[x]!;
      total += w;
      const e = this.entries[x]!;
      this.pushPosting(this.canon[e < 0 ? ~e : e]! * 2 + (e < 0 ? 1 : 0), g, w);
    }
    this.nEntries += n;
    this.offsets[g + 1] = this.nEntries;
    this.rawTotal[g] = total;
    this.firstMember[g] = -1;
    this.lastMember[g] = -1;
    this.liveCount[g] = 0;
    if (n > this.maxItems) this.maxItems = n;
    this.nSigs++;
    if (2 * this.nSigs > this.sigTable.length) {
      this.sigTable = new Int32Array(2 * this.sigTable.length);
      for (let s = 0; s < this.nSigs; s++) this.tableInsert(this.hashEntries(this.offsets[s]!, this.offsets[s + 1]! - this.offsets[s]!), s);
    } else this.tableInsert(hash, g);
    return g;
  }

  /** The live signature with exactly the query's items (raw weights, same order), or −1. Interns nothing. */
  private findQuerySig(raw: SetItem[]): number {
    const n = raw.length;
    this.ensureEntryCapacity(this.nEntries + n);
    const start = this.nEntries;
    for (let x = 0; x < n; x++) {
      const it = raw[x]!;
      const key = this.vocabIds.get(it.key);
      const orig = it.id === it.key ? key : this.vocabIds.get(it.id);
      if (key === undefined || orig === undefined || this.canon[orig] !== key) return -1;
      this.entries[start + x] = it.negated ? ~orig : orig;
      this.weights[start + x] = it.weight;
    }
    const g = this.findSig(this.hashEntries(start, n), start, n);
    return g >= 0 && this.liveCount[g]! > 0 ? g : -1;
  }

  /**
   * The top k reports from the best signatures (best first, with their scores): each signature's live members in
   * ascending report number, ranked by score and then report number, as the reference ranks reports.
   */
  private expandMembers(top: { sigs: number[]; scores: number[] }, k: number): number[] {
    const picked: { r: number; score: number }[] = [];
    for (let x = 0; x < top.sigs.length; x++) {
      let taken = 0;
      for (let r = this.firstMember[top.sigs[x]!]!; r !== -1 && taken < k; r = this.nextMember[r]!) {
        if (this.deleted[r]) continue;
        picked.push({ r, score: top.scores[x]! });
        taken++;
      }
    }
    picked.sort((a, b) => b.score - a.score || a.r - b.r);
    return picked.slice(0, k).map((h) => h.r);
  }

  private ensureEntryCapacity(n: number): void {
    this.entries = growI32(this.entries, n);
    this.weights = growF64(this.weights, n);
  }

  private ensureSearchScratch(): void {
    const n = this.nSigs;
    if (this.acc.length < n) {
      const size = Math.max(n, Math.min(2 * this.acc.length, n + (1 << 20)));
      this.acc = new Float32Array(size);
      this.flags = new Uint8Array(size);
      this.cands = new Int32Array(size);
    }
    const lists = 2 * this.vocab.length;
    if (this.roleOf.length < lists) this.roleOf = new Int32Array(Math.max(lists, 2 * this.roleOf.length)).fill(-1);
  }

  private ensureDescendants(): void {
    if (!this.descDirty) return;
    const V = this.vocab.length;
    const off = new Int32Array(V + 1);
    for (let b = 0; b < V; b++) {
      const anc = this.closureIds[b];
      if (anc) for (let x = 0; x < anc.length; x++) off[anc[x]! + 1]!++;
    }
    for (let u = 0; u < V; u++) off[u + 1]! += off[u]!;
    const ids = new Int32Array(off[V]!);
    const depth = new Int32Array(off[V]!);
    const fill = off.slice(0, V);
    for (let b = 0; b < V; b++) {
      const anc = this.closureIds[b];
      if (!anc) continue;
      const ds = this.closureDepths[b]!;
      for (let x = 0; x < anc.length; x++) {
        const u = anc[x]!;
        ids[fill[u]!] = b;
        depth[fill[u]!++] = ds[x]!;
      }
    }
    this.descOff = off;
    this.descIds = ids;
    this.descDepth = depth;
    this.descDirty = false;
  }

  private ensureIdf(): void {
    if (!this.idfDirty && this.idfArr.length >= this.vocab.length) return;
    const V = this.vocab.length;
    const N = this.size;
    const arr = new Float64Array(V);
    for (let c = 0; c < V; c++) arr[c] = Math.log((N + 1) / (this.df[c]! + 1)) + 1;
    this.idfArr = arr;
    this.idfDirty = false;
  }

  private idfOfKey(key: string): number {
    const c = this.vocabIds.get(key);
    return c === undefined ? Math.log(this.size + 1) + 1 : this.idfArr[c]!;
  }

  private ensureWbIdf(): Float64Array {
    if (!this.wbIdfDirty && this.wbIdf.length >= this.nSigs) return this.wbIdf;
    const wb = new Float64Array(Math.max(this.nSigs, 1));
    for (let g = 0; g < this.nSigs; g++) {
      let total = 0;
      for (let x = this.offsets[g]!; x < this.offsets[g + 1]!; x++) total += this.weights[x]! * this.idfArr[this.canonOfEntry(x)]!;
      wb[g] = total;
    }
    this.wbIdf = wb;
    this.wbIdfDirty = false;
    return wb;
  }

  private ensureIc(): void {
    if (!this.icDirty && this.icArr.length >= this.vocab.length) return;
    const V = this.vocab.length;
    const freq = new Float64Array(V);
    let total = 0;
    for (let b = 0; b < V; b++) {
      const n = this.df[b]!;
      if (n <= 0) continue;
      total += n;
      freq[b]! += n;
      const anc = this.closureIds[b];
      if (anc) for (let x = 0; x < anc.length; x++) freq[anc[x]!]! += n;
    }
    const ic = new Float64Array(V);
    for (let c = 0; c < V; c++) ic[c] = informationContent(freq[c]!, total);
    this.icArr = ic;
    this.icTotal = total;
    this.icDirty = false;
  }

  private icOfKey(key: string): number {
    const c = this.vocabIds.get(key);
    return c === undefined ? informationContent(0, this.icTotal) : this.icArr[c]!;
  }

  /** Ancestors of a query concept as (interned canonical, depth) pairs; non-interned ancestors have no lists. */
  private ancestorsOf(key: string, keyInt: number): [Int32Array, Int32Array] {
    if (keyInt >= 0 && this.closureIds[keyInt]) return [this.closureIds[keyInt]!, this.closureDepths[keyInt]!];
    const anc = this.hierarchy!.ancestors(key);
    const ids: number[] = [];
    const depths: number[] = [];
    for (const [a, d] of anc) {
      const c = this.vocabIds.get(a);
      if (c === undefined) continue;
      ids.push(c);
      depths.push(d);
    }
    return [Int32Array.from(ids), Int32Array.from(depths)];
  }

  /** Path similarity: ancestors and descendants within maxDistance, exp(−γ·d), the shorter path when both. */
  private relatedPath(key: string, keyInt: number, p: ResolvedParams): Map<number, number> {
    const out = new Map<number, number>();
    const put = (b: number, d: number) => {
      if (b === keyInt || d > p.maxDistance) return;
      const s = pathSimilarity(d, p.gamma);
      const prev = out.get(b);
      if (prev === undefined || s > prev) out.set(b, s);
    };
    const [ancIds, ancDepths] = this.ancestorsOf(key, keyInt);
    for (let x = 0; x < ancIds.length; x++) put(ancIds[x]!, ancDepths[x]!);
    if (keyInt >= 0 && keyInt + 1 < this.descOff.length) {
      for (let x = this.descOff[keyInt]!; x < this.descOff[keyInt + 1]!; x++) put(this.descIds[x]!, this.descDepth[x]!);
    }
    return out;
  }

  /** Lin similarity: every indexed concept under a common ancestor u with IC(u) > 0, best u, within maxDistance. */
  private relatedLin(key: string, keyInt: number, p: ResolvedParams): Map<number, number> {
    const out = new Map<number, number>();
    const icA = this.icOfKey(key);
    const [ancIds, ancDepths] = this.ancestorsOf(key, keyInt);
    const visit = (u: number, dA: number) => {
      if (dA > p.maxDistance) return;
      const icU = this.icArr[u]!;
      if (!(icU > 0)) return;
      const consider = (b: number, dB: number) => {
        if (b === keyInt || dA + dB > p.maxDistance) return;
        const den = icA + this.icArr[b]!;
        if (!(den > 0)) return;
        const s = Math.min(1, (2 * icU) / den);
        const prev = out.get(b);
        if (prev === undefined || s > prev) out.set(b, s);
      };
      consider(u, 0);
      if (u + 1 < this.descOff.length) for (let x = this.descOff[u]!; x < this.descOff[u + 1]!; x++) consider(this.descIds[x]!, this.descDepth[x]!);
    };
    if (keyInt >= 0) visit(keyInt, 0);
    for (let x = 0; x < ancIds.length; x++) visit(ancIds[x]!, ancDepths[x]!);
    return out;
  }

  /** A signature's items as the reference matcher sees them. */
  private sigItems(g: number, useIdf: boolean): SetItem[] {
    const items: SetItem[] = [];
    for (let x = this.offsets[g]!; x < this.offsets[g + 1]!; x++) {
      const e = this.entries[x]!;
      const o = e < 0 ? ~e : e;
      const c = this.canon[o]!;
      items.push({ key: this.vocab[c]!, id: this.vocab[o]!, negated: e < 0, weight: useIdf ? this.weights[x]! * this.idfArr[c]! : this.weights[x]! });
    }
    return items;
  }
}

interface CreditList {
  list: number;
  len: number;
  /** Upper bound of what one posting adds to I_A (summed over the query items the list relates to). */
  aSum: number;
  /** Upper bound of what one posting adds to I_B. */
  bCap: number;
  role: number;
  exact: boolean;
  /** Largest similarity of a hierarchical role (for rel-only lists). */
  sMax: number;
}

interface SearchInput {
  p: ResolvedParams;
  k: number;
  minScore: number;
  useIdf: boolean;
  exhaustive: boolean;
  refreshMinLength: number;
  qw: Float64Array;
  WA: number;
  /** Query weight and report weight that contradiction lists could take out of the differences. */
  cA: number;
  cB: number;
  /** The posting lists that contradict a query item (opposite polarity of its own concept). */
  contra: { list: number; len: number; item: number; vmax: number }[];
  /** Per signature scratch (zero outside a search; allocated on first use): the contradiction allowance on the query
   * and report side. */
  contraScratch: () => { ctrA: Float64Array; ctrB: Float64Array };
  credit: CreditList[];
  /** credit[0..scanned) are read; the rest are bounded only. */
  scanned: number;
  roleExact: Int32Array;
  roleContra: Int32Array;
  relStart: Int32Array;
  relItem: Int32Array;
  relSim: Float64Array;
  roleOf: Int32Array;
  post: (Int32Array | undefined)[];
  listMaxW: Float64Array;
  maxItems: number;
  entries: Int32Array;
  weights: Float64Array;
  offsets: Int32Array;
  canon: Int32Array;
  idfArr: Float64Array;
  /** A live signature equal to the query (its score seeds θ before any list is read), or −1. */
  seed: number;
  /** Per signature: total weight (the report side's W_B). */
  wb: Float64Array;
  /** Per signature: live members (how many reports one exact score stands for; 0 = dead, skipped). */
  liveCount: Int32Array;
  anyDead: boolean;
  nSigs: number;
  bitmapFor: (list: number) => Uint32Array;
  acc: Float32Array;
  flags: Uint8Array;
  cands: Int32Array;
}

const HOT_MAX = 4096;
const HOT = 1;
const SCORED = 2;
/** Set in select: the signature is in a short contradicting list. */
const CONTRA = 4;

/**
 * One search: scans the credit lists and selects the top k (see the module comment). A class rather than closures
 * so that V8 sees the same call targets on every search.
 */
class SearchRun {
  readonly heap: MemberTopK;
  nc = 0;
  scored = 0;
  admitted: number;
  /** Lists 0..read-1 have been read: every candidate's T includes them. */
  read = 0;
  /** The accumulators were cleared by the final sweep. */
  private swept = false;
  private readonly evaluated: number[] = [];
  private survivors: Int32Array = new Int32Array(1024);
  private ubs: Float64Array = new Float64Array(1024);
  private ns = 0;
  private slackA = 0;
  private th = 0;
  /** Long lists left to bitmap probes in select (credit indices), and their gains. */
  private readonly probeIdx: number[] = [];
  private probeBits: Uint32Array[] = [];
  private probeGain: Float64Array = new Float64Array(0);
  private probeTotal = 0;
  private ctr: { ctrA: Float64Array; ctrB: Float64Array } = { ctrA: new Float64Array(0), ctrB: new Float64Array(0) };
  /** The candidates flagged CONTRA, whose allowances are cleared in reset. */
  private marked: Int32Array = new Int32Array(256);
  private nMarked = 0;
  /** The fraction of a contradicted pair's weight the bounds may take off the differences (see the constructor). */
  private readonly fContra: number;
  /** Per j: the least d₁ of a report seen in none of lists 0..j-1 (credit from j..m-1 or a contradiction per item). */
  private readonly sufD1: Float64Array;
  postingsScanned = 0;
  /** T is a float32 sum of at most maxItems gains (one per item of the report); this factor covers its rounding. */
  private readonly f32slack: number;
  private readonly m: number;
  private readonly contraSafe: boolean;
  private readonly adjA: number;
  private readonly adjB: number;
  private readonly want: number;
  private sufA: Float64Array;
  private sufBe: Float64Array;
  private sufBh: Float64Array;
  private sMaxH: Float64Array;
  private hot: Int32Array = new Int32Array(1024);
  private nh = 0;
  private hotT: number;
  private readonly hierA: Float64Array;
  private readonly exA: Float64Array;
  private readonly ctrW: Float64Array;
  private readonly qSt: Uint8Array;

  constructor(private readonly s: SearchInput) {
    const { p, k, credit } = s;
    this.m = credit.length;
    this.admitted = this.m;
    this.heap = new MemberTopK(k);
    this.want = Math.max(4 * k, 64);
    // Contradictions are never cheaper than leaving the concept unmatched when κ/2 ≥ the steepest slope of φ.
    const L = p.formula === 'symmetric' ? p.beta * Math.max(p.alpha, 1 - p.alpha) : Math.max(p.alpha, p.beta);
    this.contraSafe = p.kappa / 2 >= L;
    // A contradicted pair (w_a, w_b) leaves the differences but costs C = κ(w_a + w_b)/2. φ changes by at most L per
    // unit of d₁ + d₂, so φ(d₁, d₂) + C ≥ φ(d₁ + (1 − f)w_a, d₂ + (1 − f)w_b) with f = 1 − κ/(2L): for the bounds a
    // contradiction is worth at most the fraction f of its weight off the differences, at no cost.
    const f = this.contraSafe ? 0 : Math.min(1, 1 - p.kappa / (2 * L) + 1e-12);
    this.fContra = f;
    this.adjA = f * s.cA;
    this.adjB = f * s.cB;
    // A low start: the threshold rises on its own (to the median T) whenever the list fills up.
    this.hotT = s.WA / 8;
    this.f32slack = 1 + (s.maxItems + 2) * 2 ** -22;
    const nq = s.qw.length;
    this.hierA = new Float64Array(nq);
    this.exA = new Float64Array(nq);
    this.ctrW = new Float64Array(nq);
    this.qSt = new Uint8Array(nq);
    this.sufA = new Float64Array(this.m + 1);
    this.sufBe = new Float64Array(this.m + 1);
    this.sufBh = new Float64Array(this.m + 1);
    this.sMaxH = new Float64Array(this.m + 1);
    this.sufD1 = new Float64Array(this.m + 1);
    this.suffixCaps();
  }

  /**
   * The most a report can gain from lists j..m-1. Report-side credit is split into exact (sufBe) and hierarchical
   * (sufBh, with the largest similarity sMaxH): hierarchical credit c on an item of weight v needs c ≤ s·v, so it
   * leaves at least c·(1 − s)/s of that item in d₂.
   */
  private suffixCaps(): void {
    const s = this.s;
    const capA = new Float64Array(s.qw.length);
    let sumA = 0;
    let sumBe = 0;
    let sumBh = 0;
    let maxB = 0;
    let sMax = 0;
    // Per query item: its best credit c_i from the lists left, or (with a contradicting list) a contradiction, worth
    // (1 − f)·w_i in d₁ at least: d₁ ≥ Σ_i min(w_i − c_i, (1 − f)·w_i).
    const nq = s.qw.length;
    const contraItem = new Uint8Array(nq);
    for (const c of s.contra) contraItem[c.item] = 1;
    const keep = 1 - this.fContra;
    const d1 = (): number => {
      let d = 0;
      for (let i = 0; i < nq; i++) {
        const a = s.qw[i]! - capA[i]!;
        d += contraItem[i] ? Math.min(a, keep * s.qw[i]!) : a;
      }
      return Math.max(0, d);
    };
    this.sufD1[this.m] = d1();
    for (let j = this.m - 1; j >= 0; j--) {
      const c = s.credit[j]!;
      const vmax = s.listMaxW[c.list]! * (s.useIdf ? s.idfArr[c.list >> 1]! : 1);
      const e = s.roleExact[c.role]!;
      if (e >= 0) {
        const v = Math.min(s.qw[e]!, vmax);
        if (v > capA[e]!) (sumA += v - capA[e]!), (capA[e] = v);
      }
      for (let x = s.relStart[c.role]!; x < s.relStart[c.role + 1]!; x++) {
        const i = s.relItem[x]!;
        const v = s.relSim[x]! * Math.min(s.qw[i]!, vmax);
        if (v > capA[i]!) (sumA += v - capA[i]!), (capA[i] = v);
      }
      if (c.exact) sumBe += c.bCap;
      else if (c.bCap > 0) {
        sumBh += c.bCap;
        if (c.sMax > sMax) sMax = c.sMax;
      }
      if (c.bCap > maxB) maxB = c.bCap;
      const capB = s.maxItems * maxB;
      this.sufA[j] = Math.min(s.WA, sumA);
      this.sufBe[j] = Math.min(sumBe, capB);
      this.sufBh[j] = Math.min(sumBh, capB);
      this.sMaxH[j] = sMax;
      this.sufD1[j] = d1();
    }
  }

  theta(): number {
    return this.heap.full ? Math.max(this.s.minScore, this.heap.worstScore) : this.s.minScore;
  }

  private ratio(I: number, D1: number, D2: number): number {
    return I > 0 ? I / (I + differencePenalty(D1, D2, this.s.p)) : 0;
  }

  /** Bounds are inflated so that rounding never prunes a true top-k report. */
  private inflate(x: number): number {
    return x * (1 + 1e-9) + 1e-12;
  }

  /** A report seen in none of lists 0..j-1: its credit comes from lists j..m-1 only, its weight is unknown. */
  unseen(j: number): number {
    const IA = this.sufA[j]!;
    const Be = this.sufBe[j]!;
    const Xmax = this.sufBh[j]!;
    const sm = this.sMaxH[j]!;
    const D1 = this.sufD1[j]!;
    const rho = sm > 0 && sm < 1 ? (1 - sm) / sm : 0;
    // g(X) = ratio((IA + Be + X)/2, D1, ρX) is a ratio of linear functions between the kinks of φ: its maximum
    // over [0, Xmax] is at an end or at the kink ρX = D1.
    let best = Math.max(this.ratio((IA + Be) / 2, D1, 0), this.ratio((IA + Be + Xmax) / 2, D1, rho * Xmax));
    if (rho > 0 && D1 / rho < Xmax) best = Math.max(best, this.ratio((IA + Be + D1 / rho) / 2, D1, D1));
    return this.inflate(best);
  }

  /**
   * A report of total weight wb whose credits satisfy I_A + I_B ≤ T (and I_A ≤ W_A, I_B ≤ wb). S grows with each
   * credit, so the best case spends all of T; the best split of T is at an end of the feasible range or where φ has
   * a kink (D₁ = D₂, or a clamp at 0).
   */
  boundT(T: number, wb: number, adjA: number, adjB: number): number {
    const WA = this.s.WA;
    const Tp = Math.min(T, WA + wb);
    const I = Tp / 2;
    if (!(I > 0)) return 0;
    const lo = Math.max(0, Tp - wb);
    const hi = Math.min(WA, Tp);
    let best = 0;
    for (let t = 0; t < 5; t++) {
      const IA = t === 0 ? lo : t === 1 ? hi : t === 2 ? (WA - adjA - wb + Tp + adjB) / 2 : t === 3 ? WA - adjA : Tp + adjB - wb;
      if (t >= 2 && !(IA > lo && IA < hi)) continue;
      const v = this.ratio(I, Math.max(0, WA - IA - adjA), Math.max(0, wb - (Tp - IA) - adjB));
      if (v > best) best = v;
      if (t === 2 && adjA === 0 && adjB === 0) break;
    }
    return this.inflate(best);
  }

  /**
   * Smallest T (accumulated over the lists read, plus slackA) that can still reach θ whatever the report's weight:
   * with I_A ≤ T, D₁ ≥ D₁base − T, and X ≤ slackB of hierarchical credit from unread lists of similarity ≤ s, which
   * leaves at least ρX = X·(1 − s)/s in d₂: S ≤ max_X (T + X)/2 / ((T + X)/2 + φ(D₁, ρX)). That maximum grows with
   * T, so the threshold is found by bisection. −∞ when θ is 0, +∞ when θ cannot be reached.
   */
  private minTotal(th: number, slackB: number, sSkip: number, adjA: number): number {
    if (!(th > 0)) return -Infinity;
    const D1base = Math.max(0, this.s.WA - adjA);
    const rho = sSkip > 0 && sSkip < 1 ? (1 - sSkip) / sSkip : 0;
    const Xmax = sSkip > 0 ? slackB : 0;
    const G = (T: number) => {
      const D1 = Math.max(0, D1base - T);
      let best = this.ratio(T / 2, D1, 0);
      best = Math.max(best, this.ratio((T + Xmax) / 2, D1, rho * Xmax));
      if (rho > 0 && D1 / rho < Xmax) best = Math.max(best, this.ratio((T + D1 / rho) / 2, D1, D1));
      return this.inflate(best);
    };
    let lo = 0;
    let hi = 2 * (this.s.WA + slackB) + 1;
    if (G(hi) < th) return Infinity;
    if (G(lo) >= th) return -Infinity;
    for (let it = 0; it < 60; it++) {
      const mid = (lo + hi) / 2;
      if (G(mid) >= th) hi = mid;
      else lo = mid;
    }
    return lo;
  }

  /** Exact score of report r. Repeats `scoreItems` step for step (same order of every sum) on the forward index. */
  scoreReport(r: number): number {
    const s = this.s;
    const qw = s.qw;
    const hierA = this.hierA;
    const exA = this.exA;
    const ctrW = this.ctrW;
    const qSt = this.qSt;
    const roleOf = s.roleOf;
    const roleExact = s.roleExact;
    const roleContra = s.roleContra;
    const relStart = s.relStart;
    const relItem = s.relItem;
    const relSim = s.relSim;
    const entries = s.entries;
    const weights = s.weights;
    const canon = s.canon;
    const idfArr = s.idfArr;
    const useIdf = s.useIdf;
    hierA.fill(0);
    qSt.fill(0);
    let IB = 0;
    let d2 = 0;
    for (let x = s.offsets[r]!, end = s.offsets[r + 1]!; x < end; x++) {
      const code = entries[x]!;
      const neg = code < 0 ? 1 : 0;
      const c = canon[neg ? ~code : code]!;
      const v = useIdf ? weights[x]! * idfArr[c]! : weights[x]!;
      const ro = roleOf[c * 2 + neg]!;
      let cr = 0;
      if (ro >= 0) {
        const e = roleExact[ro]!;
        const ci = roleContra[ro]!;
        if (e >= 0) {
          cr = Math.min(qw[e]!, v);
          qSt[e] = 1;
          exA[e] = cr;
        } else if (ci >= 0) {
          qSt[ci] = 2;
          ctrW[ci] = v;
        }
        for (let y = relStart[ro]!, yEnd = relStart[ro + 1]!; y < yEnd; y++) {
          const i = relItem[y]!;
          const c2 = relSim[y]! * Math.min(qw[i]!, v);
          if (c2 > hierA[i]!) hierA[i] = c2;
          if (e < 0 && ci < 0 && c2 > cr) cr = c2;
        }
        if (e < 0 && ci >= 0) continue;
      }
      IB += cr;
      d2 += v - cr;
    }
    let IA = 0;
    let d1 = 0;
    let C = 0;
    const kappa = s.p.kappa;
    for (let i = 0; i < qw.length; i++) {
      const w = qw[i]!;
      const st = qSt[i]!;
      if (st === 2) {
        C += (kappa * (w + ctrW[i]!)) / 2;
        continue;
      }
      const cr = st === 1 ? exA[i]! : hierA[i]!;
      IA += cr;
      d1 += w - cr;
    }
    return combine((IA + IB) / 2, d1, d2, C, s.p);
  }

  /** Scores r exactly (once) and offers it to the top-k. */
  evaluate(r: number): void {
    this.s.flags[r]! |= SCORED;
    this.evaluated.push(r);
    this.scored++;
    const score = this.scoreReport(r);
    if (score > 0 && score >= this.s.minScore) this.heap.offer(score, r, this.s.liveCount[r]!);
  }

  /** Keeps r in the hot list; past HOT_MAX entries, only those strictly above the median T stay. */
  private pushHot(r: number): void {
    const acc = this.s.acc;
    const flags = this.s.flags;
    flags[r]! |= HOT;
    if (this.nh === this.hot.length) this.hot = growI32(this.hot, this.nh + 1);
    this.hot[this.nh++] = r;
    if (this.nh < HOT_MAX) return;
    const nh = this.nh;
    const ts = new Float64Array(nh);
    for (let x = 0; x < nh; x++) ts[x] = acc[this.hot[x]!]!;
    ts.sort();
    const median = ts[nh >> 1]!;
    this.hotT = Math.max(this.hotT, median + Math.abs(median) * 1e-6 + 1e-30);
    let w = 0;
    for (let x = 0; x < nh; x++) {
      const h = this.hot[x]!;
      if (acc[h]! >= this.hotT && (flags[h]! & SCORED) === 0) this.hot[w++] = h;
      else flags[h]! &= ~HOT;
    }
    this.nh = w;
  }

  /** Raises θ: scores the `want` unscored hot candidates with the largest T. */
  private raiseTheta(want = this.want): void {
    const acc = this.s.acc;
    const flags = this.s.flags;
    const wb = this.s.wb;
    const WA = this.s.WA;
    const pick = new TopK(want);
    // T/(W_A + W_B), not T: among sets with the same credit so far, the ones without extra weight score higher (a
    // duplicate of the query scores 1 where its supersets tie with it on T).
    for (let x = 0; x < this.nh; x++) {
      const r = this.hot[x]!;
      if ((flags[r]! & SCORED) === 0) pick.offer(acc[r]! / (WA + wb[r]!), r);
    }
    for (const r of pick.drainBestFirst()) this.evaluate(r);
  }

  /**
   * Reads the credit lists in order, accumulating T per report. Once a report seen in none of the lists so far
   * could not reach θ, no new candidates are admitted: the remaining lists only add to the reports already seen.
   */
  scan(): void {
    const s = this.s;
    const acc = s.acc;
    const flags = s.flags;
    const cands = s.cands;
    const live = s.anyDead ? s.liveCount : null;
    if (s.seed >= 0 && !s.exhaustive) this.evaluate(s.seed);
    let sinceRefresh = 0;
    for (let j = 0; j < this.m; j++) {
      const c = s.credit[j]!;
      if (!s.exhaustive && this.admitted === this.m) {
        if (this.heap.full && this.unseen(j) < this.theta()) this.admitted = j;
        else if (this.nc > 0 && (j === s.scanned || (j < s.scanned && c.len >= s.refreshMinLength && sinceRefresh >= this.postingsScanned / 2))) {
          sinceRefresh = 0;
          this.raiseTheta();
          if (this.heap.full && this.unseen(j) < this.theta()) this.admitted = j;
        }
      }
      // Lists past `scanned` are read only while they could still admit a report that reaches θ.
      if (j >= s.scanned && this.admitted !== this.m) break;
      const len = c.len;
      // Once no new candidates are admitted, a long list is probed per surviving candidate (bitmap) in select,
      // rather than read in full.
      if (this.admitted !== this.m && len * 4 >= this.nc && len * 32 >= s.nSigs) {
        this.probeIdx.push(j);
        this.read = j + 1;
        continue;
      }
      const list = s.post[c.list]!;
      const gain = Math.fround(c.aSum + c.bCap);
      this.postingsScanned += len;
      sinceRefresh += len;
      let hotT = this.hotT;
      if (this.admitted === this.m) {
        let nc = this.nc;
        for (let x = 0; x < len; x++) {
          const r = list[x]!;
          if (live !== null && live[r] === 0) continue;
          const prev = acc[r]!;
          if (prev === 0) cands[nc++] = r;
          const T = prev + gain;
          acc[r] = T;
          if (T >= hotT && flags[r] === 0) {
            this.nc = nc;
            this.pushHot(r);
            hotT = this.hotT;
          }
        }
        this.nc = nc;
      } else {
        for (let x = 0; x < len; x++) {
          const r = list[x]!;
          const prev = acc[r]!;
          if (prev === 0) continue;
          const T = prev + gain;
          acc[r] = T;
          if (T >= hotT && flags[r] === 0) {
            this.pushHot(r);
            hotT = this.hotT;
          }
        }
      }
      this.read = j + 1;
    }
  }

  /** Scores the candidates whose bound reaches θ, best bound first; returns the best signatures (k reports or more). */
  select(): { sigs: number[]; scores: number[] } {
    const s = this.s;
    const acc = s.acc;
    const flags = s.flags;
    const cands = s.cands;
    const nc = this.nc;
    if (s.exhaustive) {
      for (let x = 0; x < nc; x++) if ((flags[cands[x]!]! & SCORED) === 0) this.evaluate(cands[x]!);
      return this.heap.drainBestFirst();
    }
    // Every candidate has been through every list read; the lists never read (all hierarchical, of similarity at
    // most sSkip) add at most slackA on the query side and min(slackB, sSkip·W_B) on the report side.
    const slackA = this.sufA[this.read]!;
    const slackB = this.sufBh[this.read]!;
    const sSkip = this.sMaxH[this.read]!;
    const f32 = this.f32slack;
    // Probed lists, highest gain first.
    const probe = this.probeIdx.map((j) => s.credit[j]!).sort((x, y) => y.aSum + y.bCap - (x.aSum + x.bCap));
    this.probeBits = probe.map((c) => s.bitmapFor(c.list));
    this.probeGain = Float64Array.from(probe, (c) => c.aSum + c.bCap);
    this.probeTotal = this.probeGain.reduce((a, b) => a + b, 0);
    // Before a pass over many candidates, a larger batch of the hot list buys a θ closer to the final one (each
    // exact score costs well under a microsecond; every candidate the pass can then drop saves about as much).
    this.raiseTheta(nc > 16 * this.want ? Math.max(this.want, Math.min(1024, nc >> 8)) : this.want);
    let th = this.theta();
    // Sets in a contradicting list (marked, or in a long list's bitmap) get the contradiction allowance adjA/adjB in
    // their bounds; all others none, which is what keeps the bounds tight when θ is near 1.
    this.markContradictions();
    const TminC = this.minTotal(th, slackB, sSkip, this.adjA) - slackA;
    const Tmin0 = this.adjA > 0 ? this.minTotal(th, slackB, sSkip, 0) - slackA : TminC;
    this.slackA = slackA;
    this.th = th;
    let linC = 0;
    {
      const p = s.p;
      const lambda = p.formula === 'symmetric' ? p.beta * Math.min(p.alpha, 1 - p.alpha) : Math.min(p.alpha, p.beta);
      linC = th > 0 && lambda > 0 ? ((th * lambda) / ((1 - th) / 2 + th * lambda)) * (1 - 1e-9) : 0;
    }
    // W′ = W_A − the set's contradiction allowance, not clamped at 0 (the report's own weight absorbs the rest).
    const linW0 = s.WA;
    // What T (lists read, plus all probed lists) must reach, first without and then with the report's weight:
    // φ(D₁, D₂) ≥ λ·(D₁ + D₂) and D₁ + D₂ ≥ W_A + W_B − T − contradictable weight, so S < θ unless
    // T ≥ c·(W′ + W_B) (minus the unread lists' slack).
    const probeTotal = this.probeTotal;
    const T0 = TminC - probeTotal;
    const wbArr = s.wb;
    const n = s.nSigs;
    const { ctrA, ctrB } = this.ctr;
    // (The per-candidate test is written out in both loops: a closure would move these locals into a context.)
    if (nc * 8 > n) {
      // Many candidates: one read-only sequential sweep over the accumulators, then cleared with fill().
      this.swept = true;
      for (let r = 0; r < n; r++) {
        const a = acc[r]!;
        if (a === 0) continue;
        const T = a * f32;
        if (T < T0 || (flags[r]! & SCORED) !== 0) continue;
        const hasC = (flags[r]! & CONTRA) !== 0;
        const aA = hasC ? ctrA[r]! : 0;
        const aB = hasC ? ctrB[r]! : 0;
        const wb = wbArr[r]!;
        const extraB = Math.min(slackB, sSkip * wb);
        const need = Math.max(hasC ? TminC : Tmin0, linC * (linW0 - aA - aB + wb) - slackA - extraB) - 1e-9;
        if (T + probeTotal < need) continue;
        this.consider(r, T, wb, extraB, need, aA, aB);
      }
      acc.fill(0, 0, n);
      flags.fill(0, 0, n);
    } else {
      for (let x = 0; x < nc; x++) {
        const r = cands[x]!;
        const T = acc[r]! * f32;
        if (T < T0 || (flags[r]! & SCORED) !== 0) continue;
        const hasC = (flags[r]! & CONTRA) !== 0;
        const aA = hasC ? ctrA[r]! : 0;
        const aB = hasC ? ctrB[r]! : 0;
        const wb = wbArr[r]!;
        const extraB = Math.min(slackB, sSkip * wb);
        const need = Math.max(hasC ? TminC : Tmin0, linC * (linW0 - aA - aB + wb) - slackA - extraB) - 1e-9;
        if (T + probeTotal < need) continue;
        this.consider(r, T, wb, extraB, need, aA, aB);
      }
    }
    let survivors = this.survivors;
    let ubs = this.ubs;
    let ns = this.ns;
    // A large survivor set (a low θ): score the best bounds in batches, raising θ, dropping what falls below.
    while (ns > 8192) {
      const pick = new TopK(2048);
      for (let x = 0; x < ns; x++) pick.offer(ubs[x]!, survivors[x]!);
      for (const r of pick.drainBestFirst()) this.evaluate(r);
      th = this.theta();
      let w = 0;
      for (let x = 0; x < ns; x++) {
        if ((flags[survivors[x]!]! & SCORED) !== 0 || ubs[x]! < th) continue;
        survivors[w] = survivors[x]!;
        ubs[w++] = ubs[x]!;
      }
      ns = w;
    }
    const order = Array.from({ length: ns }, (_, x) => x).sort((x, y) => ubs[y]! - ubs[x]! || survivors[x]! - survivors[y]!);
    for (const x of order) {
      if (ubs[x]! < this.theta()) break;
      const r = survivors[x]!;
      if ((flags[r]! & SCORED) === 0) this.evaluate(r);
    }
    return this.heap.drainBestFirst();
  }

  /**
   * Keeps r as a survivor when its bound reaches θ. T covers the lists read; the probed lists are checked bit by
   * bit (highest gain first, giving up as soon as even all the rest could not lift T to `need`), then the unread
   * lists' slack is added: slackA on the query side and extraB = min(slackB, sSkip·W_B) on the report side.
   */
  private consider(r: number, T: number, wb: number, extraB: number, need: number, adjA: number, adjB: number): void {
    let rem = this.probeTotal;
    const bits = this.probeBits;
    const gains = this.probeGain;
    const word = r >>> 5;
    const bit = r & 31;
    for (let k = 0; k < gains.length; k++) {
      const g = gains[k]!;
      rem -= g;
      if (((bits[k]![word]! >>> bit) & 1) === 1) T += g;
      else if (T + rem < need) return;
    }
    const ub = this.boundT(T + this.slackA + extraB, wb, adjA, adjB);
    if (ub < this.th) return;
    if (this.ns === this.survivors.length) {
      this.survivors = growI32(this.survivors, this.ns + 1);
      this.ubs = growF64(this.ubs, this.ns + 1);
    }
    this.survivors[this.ns] = r;
    this.ubs[this.ns++] = ub;
  }

  /**
   * Flags the candidates in contradicting lists (CONTRA) and sums per candidate what its contradictions may take off
   * the differences: f·w_a on the query side, f·(the list's largest weight) on the report side (rounded up).
   */
  private markContradictions(): void {
    const s = this.s;
    if (this.adjA === 0 && this.adjB === 0) return;
    const { flags, acc } = s;
    this.ctr = s.contraScratch();
    const { ctrA, ctrB } = this.ctr;
    const f = this.fContra * (1 + 1e-12);
    let marked = this.marked;
    let nm = 0;
    for (const c of s.contra) {
      const post = s.post[c.list]!;
      const a = f * s.qw[c.item]!;
      const b = f * c.vmax;
      for (let x = 0; x < c.len; x++) {
        const r = post[x]!;
        if (acc[r] === 0) continue;
        if ((flags[r]! & CONTRA) === 0) {
          flags[r]! |= CONTRA;
          if (nm === marked.length) marked = growI32(marked, nm + 1);
          marked[nm++] = r;
        }
        ctrA[r]! += a;
        ctrB[r]! += b;
      }
    }
    this.marked = marked;
    this.nMarked = nm;
  }

  /** Clears the per-report scratch of every report this search touched. */
  reset(): void {
    const { acc, flags, cands } = this.s;
    for (let x = 0; x < this.nMarked; x++) {
      const r = this.marked[x]!;
      flags[r] = 0;
      this.ctr.ctrA[r] = 0;
      this.ctr.ctrB[r] = 0;
    }
    if (!this.swept) {
      for (let x = 0; x < this.nc; x++) {
        const r = cands[x]!;
        acc[r] = 0;
        flags[r] = 0;
      }
    }
    for (let x = 0; x < this.nh; x++) flags[this.hot[x]!] = 0;
    for (const r of this.evaluated) flags[r] = 0;
  }
}

/** Per posting list: which query item it matches exactly, contradicts, or relates to (item, similarity pairs). */
class RoleTable {
  readonly map = new Map<number, { exact: number; contra: number; rel: number[] }>();
  get(list: number): { exact: number; contra: number; rel: number[] } {
    let r = this.map.get(list);
    if (!r) {
      r = { exact: -1, contra: -1, rel: [] };
      this.map.set(list, r);
    }
    return r;
  }
}

/**
 * The best signatures by score, weighted by their live members: keeps the fewest whole score groups that hold at
 * least k reports, so θ (the lowest kept score) is the k-th best report score so far. A tie group is never split:
 * which of its reports make the top k depends on report numbers, settled when members are expanded.
 */
class MemberTopK {
  private scores: Float64Array = new Float64Array(16);
  private sigs: Int32Array = new Int32Array(16);
  private counts: Int32Array = new Int32Array(16);
  private n = 0;
  private total = 0;

  constructor(private readonly k: number) {}

  get full(): boolean {
    return this.total >= this.k;
  }

  get worstScore(): number {
    return this.scores[0]!;
  }

  offer(score: number, sig: number, count: number): void {
    if (count <= 0 || (this.full && score < this.scores[0]!)) return;
    this.push(score, sig, count);
    // Only a score above the lowest can let the lowest group go (otherwise the group grows with the total).
    if (score === this.scores[0]!) return;
    const held: [number, number, number][] = [];
    for (;;) {
      const low = this.scores[0]!;
      let cm = 0;
      while (this.n > 0 && this.scores[0] === low) {
        held.push([this.scores[0]!, this.sigs[0]!, this.counts[0]!]);
        cm += this.counts[0]!;
        this.pop();
      }
      if (this.total - cm >= this.k && this.n > 0) {
        this.total -= cm;
        held.length = 0;
        continue;
      }
      for (const [s, g, c] of held) this.push(s, g, c, false);
      return;
    }
  }

  /** Empties the heap, best first. */
  drainBestFirst(): { sigs: number[]; scores: number[] } {
    const sigs: number[] = new Array(this.n);
    const scores: number[] = new Array(this.n);
    for (let x = this.n - 1; x >= 0; x--) {
      sigs[x] = this.sigs[0]!;
      scores[x] = this.scores[0]!;
      this.pop();
    }
    this.total = 0;
    return { sigs, scores };
  }

  private push(score: number, sig: number, count: number, counted = true): void {
    if (this.n === this.scores.length) {
      this.scores = growF64(this.scores, this.n + 1);
      this.sigs = growI32(this.sigs, this.n + 1);
      this.counts = growI32(this.counts, this.n + 1);
    }
    if (counted) this.total += count;
    let i = this.n++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.scores[parent]! <= score) break;
      this.scores[i] = this.scores[parent]!;
      this.sigs[i] = this.sigs[parent]!;
      this.counts[i] = this.counts[parent]!;
      i = parent;
    }
    this.scores[i] = score;
    this.sigs[i] = sig;
    this.counts[i] = count;
  }

  /** Removes the root (the total is the caller's business). */
  private pop(): void {
    const last = --this.n;
    if (last === 0) return;
    const score = this.scores[last]!;
    const sig = this.sigs[last]!;
    const count = this.counts[last]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= last) break;
      const c = l + 1 < last && this.scores[l + 1]! < this.scores[l]! ? l + 1 : l;
      if (this.scores[c]! >= score) break;
      this.scores[i] = this.scores[c]!;
      this.sigs[i] = this.sigs[c]!;
      this.counts[i] = this.counts[c]!;
      i = c;
    }
    this.scores[i] = score;
    this.sigs[i] = sig;
    this.counts[i] = count;
  }
}

/** Bounded selection of the best (score, report) pairs; ties favour the smaller report number. */
class TopK {
  private readonly scores: Float64Array;
  private readonly reps: Int32Array;
  private n = 0;

  constructor(private readonly k: number) {
    this.scores = new Float64Array(k);
    this.reps = new Int32Array(k);
  }

  get full(): boolean {
    return this.n === this.k;
  }

  get worstScore(): number {
    return this.scores[0]!;
  }

  offer(score: number, r: number): void {
    if (this.n < this.k) {
      let i = this.n++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.worse(score, r, this.scores[parent]!, this.reps[parent]!)) break;
        this.scores[i] = this.scores[parent]!;
        this.reps[i] = this.reps[parent]!;
        i = parent;
      }
      this.scores[i] = score;
      this.reps[i] = r;
      return;
    }
    if (!this.worse(this.scores[0]!, this.reps[0]!, score, r)) return;
    this.siftDown(score, r);
  }

  /** Empties the heap, best first. */
  drainBestFirst(): number[] {
    const out: number[] = new Array(this.n);
    while (this.n > 0) {
      out[this.n - 1] = this.reps[0]!;
      const last = --this.n;
      if (last > 0) this.siftDown(this.scores[last]!, this.reps[last]!);
    }
    return out;
  }

  private worse(s1: number, r1: number, s2: number, r2: number): boolean {
    return s1 < s2 || (s1 === s2 && r1 > r2);
  }

  private siftDown(score: number, r: number): void {
    let i = 0;
    const n = this.n;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      let c = l;
      if (l + 1 < n && this.worse(this.scores[l + 1]!, this.reps[l + 1]!, this.scores[l]!, this.reps[l]!)) c = l + 1;
      if (!this.worse(this.scores[c]!, this.reps[c]!, score, r)) break;
      this.scores[i] = this.scores[c]!;
      this.reps[i] = this.reps[c]!;
      i = c;
    }
    this.scores[i] = score;
    this.reps[i] = r;
  }
}

function growI32(a: Int32Array, need: number): Int32Array {
  if (need <= a.length) return a;
  let n = Math.max(16, a.length * 2);
  while (n < need) n *= 2;
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

function growF64(a: Float64Array, need: number): Float64Array {
  if (need <= a.length) return a;
  let n = Math.max(16, a.length * 2);
  while (n < need) n *= 2;
  const b = new Float64Array(n);
  b.set(a);
  return b;
}

function growU8(a: Uint8Array, need: number): Uint8Array {
  if (need <= a.length) return a;
  let n = Math.max(16, a.length * 2);
  while (n < need) n *= 2;
  const b = new Uint8Array(n);
  b.set(a);
  return b;
}

function bytes(a: Int32Array | Float64Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function toI32(buf: Buffer): Int32Array {
  if (buf.byteLength % 4 !== 0) throw new ClinlinkError('E_INDEX_CORRUPT', 'file size is not a multiple of 4');
  const out = new Int32Array(buf.byteLength / 4);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

function toF64(buf: Buffer): Float64Array {
  if (buf.byteLength % 8 !== 0) throw new ClinlinkError('E_INDEX_CORRUPT', 'file size is not a multiple of 8');
  const out = new Float64Array(buf.byteLength / 8);
  new Uint8Array(out.buffer).set(buf);
  return out;
}
