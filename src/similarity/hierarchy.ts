/**
 * The two pieces of ontology knowledge the similarity measure uses beyond plain set overlap:
 *
 *  - `Hierarchy`: the transitive is-a closure, as ancestors with their shortest path length. A concept without an
 *    exact match earns partial credit from a related concept on the other side (tversky.ts).
 *  - `Equivalence`: synonymy across systems. Concepts with the same canonical id count as the same concept.
 *
 * Implementations: `MapHierarchy` (in memory, from parent edges) and `PackHierarchy` (over a built Pack, LRU-cached);
 * `IDENTITY_EQUIVALENCE`, `UnionFindEquivalence` (over supplied pairs) and `PackEquivalence` (concepts sharing an
 * exact cross-reference of the same system). `CanonicalHierarchy` combines the two: the hierarchy the scorers use,
 * over canonical ids.
 */
import { createHash } from 'node:crypto';
import { invalidArgument } from '../errors.js';
import type { Pack } from '../ontology/pack.js';
import { LruCache } from './lru.js';

/** Transitive is-a ancestors of a concept. */
export interface Hierarchy {
  /**
   * Every ancestor of `id` (not `id` itself) with its shortest is-a path length (1 = direct parent). An unknown id
   * has no ancestors. Must be deterministic: the index stores closures and compares them with fresh ones.
   */
  ancestors(id: string): ReadonlyMap<string, number>;
  /** Identifies the hierarchy's content (e.g. the pack id); a saved index refuses to open with another one. */
  readonly fingerprint?: string;
}

/** Synonymy: concepts with equal `canonical(id)` are the same concept for similarity. */
export interface Equivalence {
  /** The representative of `id`'s equivalence class (`id` itself when it has no synonyms). Idempotent. */
  canonical(id: string): string;
  /** Every member of the class of a canonical id, when known; lets the hierarchy merge the members' ancestors. */
  members?(canonicalId: string): readonly string[];
  readonly fingerprint?: string;
}

const EMPTY: ReadonlyMap<string, number> = new Map();

/** No synonymy: every concept is its own class. */
export const IDENTITY_EQUIVALENCE: Equivalence = Object.freeze({
  canonical: (id: string) => id,
  members: (id: string) => [id],
  fingerprint: 'identity',
});

/**
 * An in-memory hierarchy from child → parents edges (a DAG; a cycle is tolerated: a concept is never its own
 * ancestor). Closures are computed breadth-first on demand and kept.
 */
export class MapHierarchy implements Hierarchy {
  private readonly parents = new Map<string, readonly string[]>();
  private readonly closures = new Map<string, ReadonlyMap<string, number>>();
  private print: string | undefined;

  constructor(edges: Iterable<readonly [string, readonly string[]]> | Record<string, readonly string[]>) {
    const entries = Symbol.iterator in Object(edges) ? (edges as Iterable<readonly [string, readonly string[]]>) : Object.entries(edges);
    for (const [child, ps] of entries) {
      if (typeof child !== 'string' || child === '') throw invalidArgument('hierarchy child ids must be non-empty strings', 'hierarchy');
      const merged = new Set([...(this.parents.get(child) ?? []), ...ps]);
      merged.delete(child);
      this.parents.set(child, [...merged]);
    }
  }

  /** Direct parents of a concept. */
  parentsOf(id: string): readonly string[] {
    return this.parents.get(id) ?? [];
  }

  /** Every concept named as a child or a parent. */
  concepts(): string[] {
    const all = new Set<string>();
    for (const [c, ps] of this.parents) {
      all.add(c);
      for (const p of ps) all.add(p);
    }
    return [...all];
  }

  ancestors(id: string): ReadonlyMap<string, number> {
    const cached = this.closures.get(id);
    if (cached) return cached;
    const out = new Map<string, number>();
    let frontier = this.parents.get(id) ?? [];
    let depth = 1;
    while (frontier.length) {
      const next: string[] = [];
      for (const p of frontier) {
        if (p === id || out.has(p)) continue;
        out.set(p, depth);
        next.push(...(this.parents.get(p) ?? []));
      }
      frontier = next;
      depth++;
    }
    const result = out.size ? out : EMPTY;
    this.closures.set(id, result);
    return result;
  }

  get fingerprint(): string {
    if (this.print === undefined) {
      const h = createHash('sha256');
      for (const c of [...this.parents.keys()].sort()) h.update(`${c}\u0000${[...this.parents.get(c)!].sort().join('\u0001')}\n`);
      this.print = `map:${h.digest('hex').slice(0, 32)}`;
    }
    return this.print;
  }
}

export interface PackHierarchyOptions {
  /** Closures kept in memory; default 50,000. */
  cacheSize?: number;
  /** Longest is-a path followed; default 64 (the pack's own default: effectively the full closure). */
  maxDepth?: number;
}

/** The full is-a closure of a built pack (`Pack.ancestors`), LRU-cached. */
export class PackHierarchy implements Hierarchy {
  readonly fingerprint: string;
  private readonly cache: LruCache<string, ReadonlyMap<string, number>>;
  private readonly maxDepth: number;

  constructor(
    private readonly pack: Pack,
    options: PackHierarchyOptions = {},
  ) {
    this.maxDepth = options.maxDepth ?? 64;
    if (!Number.isInteger(this.maxDepth) || this.maxDepth < 1) throw invalidArgument('maxDepth must be a positive integer', 'maxDepth');
    this.cache = new LruCache(options.cacheSize ?? 50_000);
    this.fingerprint = `pack:${pack.manifest.packId}:depth=${this.maxDepth}`;
  }

  ancestors(id: string): ReadonlyMap<string, number> {
    const hit = this.cache.get(id);
    if (hit) return hit;
    const rows = this.pack.ancestors(id, this.maxDepth);
    const out = rows.length ? new Map(rows.map((r) => [r.id, r.depth] as const)) : EMPTY;
    this.cache.set(id, out);
    return out;
  }
}

/**
 * Synonymy from supplied pairs (a union-find). The canonical id of a class is its lexicographically smallest
 * member, so the result does not depend on the order of the pairs.
 */
export class UnionFindEquivalence implements Equivalence {
  private readonly parent = new Map<string, string>();
  private classes: Map<string, string[]> | undefined;
  private print: string | undefined;

  constructor(pairs: Iterable<readonly [string, string]> = []) {
    for (const [a, b] of pairs) this.union(a, b);
  }

  union(a: string, b: string): void {
    if (!a || !b) throw invalidArgument('equivalent ids must be non-empty strings', 'equivalence');
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    // The smaller id becomes the root: the root of every class is its smallest member.
    if (ra < rb) this.parent.set(rb, ra);
    else this.parent.set(ra, rb);
    this.classes = undefined;
    this.print = undefined;
  }

  canonical(id: string): string {
    return this.parent.has(id) ? this.find(id) : id;
  }

  members(canonicalId: string): readonly string[] {
    if (!this.classes) {
      this.classes = new Map();
      for (const id of this.parent.keys()) {
        const root = this.find(id);
        const list = this.classes.get(root);
        if (list) list.push(id);
        else this.classes.set(root, [id]);
      }
      for (const list of this.classes.values()) list.sort();
    }
    return this.classes.get(canonicalId) ?? [canonicalId];
  }

  get fingerprint(): string {
    if (this.print === undefined) {
      const h = createHash('sha256');
      for (const id of [...this.parent.keys()].sort()) h.update(`${id}\u0000${this.find(id)}\n`);
      this.print = `pairs:${h.digest('hex').slice(0, 32)}`;
    }
    return this.print;
  }

  private find(id: string): string {
    if (!this.parent.has(id)) {
      this.parent.set(id, id);
      return id;
    }
    let root = id;
    for (let p = this.parent.get(root)!; p !== root; p = this.parent.get(root)!) root = p;
    // Path compression.
    let cur = id;
    while (cur !== root) {
      const next = this.parent.get(cur)!;
      this.parent.set(cur, root);
      cur = next;
    }
    return root;
  }
}

export interface PackEquivalenceOptions {
  /**
   * Cross-reference relations that assert sameness; default: unspecified, 'xref', 'exact', 'same-as', 'umls-source'.
   * Classification mappings ('icd10cm-billable', 'gem-approximate', …) are excluded by default: many distinct
   * concepts map to one ICD code, so sharing it does not make them synonyms.
   */
  relations?: readonly (string | null)[];
  /** Only cross-references into these systems join classes; default all. */
  systems?: readonly string[];
  /** A class larger than this is treated as noise (every member stays its own class); default 256. */
  maxClassSize?: number;
  cacheSize?: number;
}

/**
 * Synonymy over a pack: two concepts are equivalent when one cross-references the other's own code, or both carry
 * the same exact cross-reference (same system, same code), transitively. Classes are explored lazily (one SQL
 * lookup per code) and cached; the canonical id is the smallest member id, so it is the same from every member.
 */
export class PackEquivalence implements Equivalence {
  readonly fingerprint: string;
  private readonly relations: Set<string | null>;
  private readonly systems: Set<string> | null;
  private readonly maxClassSize: number;
  private readonly cache: LruCache<string, readonly string[]>;

  constructor(
    private readonly pack: Pack,
    options: PackEquivalenceOptions = {},
  ) {
    this.relations = new Set(options.relations ?? [null, 'xref', 'exact', 'same-as', 'umls-source']);
    this.systems = options.systems ? new Set(options.systems) : null;
    this.maxClassSize = options.maxClassSize ?? 256;
    this.cache = new LruCache(options.cacheSize ?? 100_000);
    const h = createHash('sha256').update(JSON.stringify([[...this.relations].sort(), this.systems ? [...this.systems].sort() : null, this.maxClassSize]));
    this.fingerprint = `pack-xref:${pack.manifest.packId}:${h.digest('hex').slice(0, 16)}`;
  }

  canonical(id: string): string {
    return this.members(id)[0] ?? id;
  }

  /** The sorted members of `id`'s class (for any member, not only the canonical one). */
  members(id: string): readonly string[] {
    const hit = this.cache.get(id);
    if (hit) return hit;
    const cls = this.explore(id);
    for (const m of cls) this.cache.set(m, cls);
    if (!cls.includes(id)) this.cache.set(id, cls);
    return cls;
  }

  private keysOf(id: string): { system: string; code: string }[] {
    const c = this.pack.concept(id);
    if (!c) return [];
    const keys = [{ system: c.system, code: c.code }];
    for (const x of c.xrefs) {
      if (!this.relations.has(x.relation ?? null)) continue;
      if (this.systems && !this.systems.has(x.system)) continue;
      keys.push({ system: x.system, code: x.code });
    }
    return keys;
  }

  private explore(start: string): readonly string[] {
    if (!this.pack.concept(start)) return [start];
    const seen = new Set<string>([start]);
    const seenKeys = new Set<string>();
    const queue = [start];
    while (queue.length) {
      const id = queue.pop()!;
      for (const k of this.keysOf(id)) {
        const key = `${k.system}\u0000${k.code}`;
        if (seenKeys.has(key)) continue;
        seenKeys.add(key);
        for (const other of this.pack.conceptsByCode(k.code, k.system)) {
          if (seen.has(other.id)) continue;
          // `other` either owns the code or cross-references it; only an exact kind of cross-reference joins.
          const owns = other.system === k.system && other.code === k.code;
          const joins = owns || other.xrefs.some((x) => x.system === k.system && x.code === k.code && this.relations.has(x.relation ?? null));
          if (!joins) continue;
          seen.add(other.id);
          if (seen.size > this.maxClassSize) return [start];
          queue.push(other.id);
        }
      }
    }
    return [...seen].sort();
  }
}

/**
 * The hierarchy over canonical ids (the quotient of the is-a graph by synonymy): walking up from a class follows the
 * ancestors of every member, and of every member of each class reached, so `A:pneumonia → A:lung-disease ≡ B:lung →
 * B:organ` makes B:organ an ancestor of A:pneumonia at depth 2. Depths are shortest paths; a class is never its own
 * ancestor. Without synonymy this is the base hierarchy. Cached (LRU).
 */
export class CanonicalHierarchy implements Hierarchy {
  readonly fingerprint: string | undefined;
  private readonly cache: LruCache<string, ReadonlyMap<string, number>>;

  constructor(
    readonly base: Hierarchy,
    readonly equivalence: Equivalence = IDENTITY_EQUIVALENCE,
    cacheSize = 50_000,
  ) {
    this.cache = new LruCache(cacheSize);
    this.fingerprint = base.fingerprint;
  }

  /** Ancestors of a canonical id, as canonical ids. */
  ancestors(key: string): ReadonlyMap<string, number> {
    const hit = this.cache.get(key);
    if (hit) return hit;
    const eq = this.equivalence;
    if (eq === IDENTITY_EQUIVALENCE) {
      const base = this.base.ancestors(key);
      this.cache.set(key, base);
      return base;
    }
    const out = new Map<string, number>();
    const expanded = new Set<string>();
    // Dijkstra over classes; edges are the base closure (depth d jumps), so a class may be improved later.
    const pending: [string, number][] = [[key, 0]];
    while (pending.length) {
      let best = 0;
      for (let x = 1; x < pending.length; x++) if (pending[x]![1] < pending[best]![1]) best = x;
      const [cls, depth] = pending.splice(best, 1)[0]!;
      if (expanded.has(cls)) continue;
      expanded.add(cls);
      const members = eq.members?.(cls) ?? [cls];
      for (const m of members) {
        for (const [a, d] of this.base.ancestors(m)) {
          const ca = eq.canonical(a);
          if (ca === key) continue;
          const nd = depth + d;
          const prev = out.get(ca);
          if (prev !== undefined && prev <= nd) continue;
          out.set(ca, nd);
          // A singleton class reached through its only member adds nothing new: that member's closure is already
          // part of the closure just read. Other classes are expanded for their other members' ancestors.
          const others = eq.members?.(ca);
          if (ca !== a || (others && others.length > 1)) pending.push([ca, nd]);
        }
      }
    }
    const result = out.size ? out : EMPTY;
    this.cache.set(key, result);
    return result;
  }
}
