import Database from 'better-sqlite3';
import type { Database as DB, Statement } from 'better-sqlite3';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { sha256File } from '../io/hash.js';
import { join, resolve } from 'node:path';
import { ClinlinkError } from '../errors.js';
import { normalizeTerm } from '../text/normalize.js';
import type { Concept, CrossReference, SemanticGroup, System, Term, TermKind } from './concept.js';
import { PACK_DB_FILE, PACK_FORMAT, PACK_MANIFEST_FILE, PACK_VERSION } from './pack-schema.js';

export interface PackManifest {
  format: typeof PACK_FORMAT;
  version: number;
  /** Random id written into both the manifest and the database, so a mismatched pair is detected at open. */
  packId: string;
  name: string;
  created: string;
  sources: { kind: string; file: string; read: number; kept: number; skipped: Record<string, number> }[];
  counts: { concepts: number; terms: number; parents: number; xrefs: number; semanticTypes: number; attributes: number };
  /** Concepts per system. */
  systems: Record<string, number>;
  skipped: Record<string, number>;
  db: { file: string; bytes: number; sha256: string };
}

export interface TermHit {
  conceptId: string;
  system: System;
  code: string;
  preferred: string;
  group: SemanticGroup;
  term: string;
  kind: TermKind;
  /** 1 for an exact normalised match; otherwise a BM25-derived score in (0, 1). */
  score: number;
  /** Row id of the term: the label of its vector in a vector index. */
  termId: number;
}

export interface TermSearchOptions {
  limit?: number;
  systems?: readonly System[];
  groups?: readonly SemanticGroup[];
  /** Only exact normalised matches, no full-text search. */
  exactOnly?: boolean;
  activeOnly?: boolean;
}

export interface RelatedConcept {
  id: string;
  /** Path length from the query concept (1 = direct parent/child). */
  depth: number;
}

interface ConceptRow {
  cid: number;
  id: string;
  system: string;
  code: string;
  preferred: string;
  grp: string;
  billable: number | null;
  active: number;
}

/**
 * A read-only view of a built pack. Every query is a prepared SQLite statement; nothing is cached in the JS heap
 * beyond what a caller asks for, so memory stays bounded however large the pack is.
 */
export class Pack {
  readonly dir: string;
  readonly manifest: PackManifest;
  private readonly db: DB;
  private readonly stmts: Record<string, Statement>;

  private constructor(dir: string, manifest: PackManifest, db: DB) {
    this.dir = dir;
    this.manifest = manifest;
    this.db = db;
    const p = (sql: string) => db.prepare(sql);
    this.stmts = {
      byId: p('SELECT * FROM concepts WHERE id = ?'),
      byCid: p('SELECT * FROM concepts WHERE cid = ?'),
      byOwnCode: p('SELECT * FROM concepts WHERE code = ?'),
      byXref: p('SELECT c.* FROM xrefs x JOIN concepts c ON c.cid = x.cid WHERE x.code = ?'),
      terms: p('SELECT tid, text, kind, lang FROM terms WHERE cid = ? ORDER BY tid'),
      parents: p('SELECT c.id FROM parents p JOIN concepts c ON c.cid = p.parent WHERE p.child = ?'),
      children: p('SELECT c.id FROM parents p JOIN concepts c ON c.cid = p.child WHERE p.parent = ? ORDER BY c.id'),
      xrefs: p('SELECT system, code, relation FROM xrefs WHERE cid = ?'),
      sty: p('SELECT sty FROM sty WHERE cid = ?'),
      attrs: p('SELECT key, value FROM attrs WHERE cid = ? ORDER BY rowid'),
      exact: p(`SELECT t.tid, t.text, t.kind, c.* FROM terms t JOIN concepts c ON c.cid = t.cid WHERE t.norm = ?`),
      // The top rows come from FTS5 alone (ORDER BY its rank column with LIMIT lets it keep only the best), then join.
      fts: p(`WITH hits AS (SELECT rowid AS tid, rank FROM terms_fts WHERE terms_fts MATCH ? ORDER BY rank LIMIT ?)
              SELECT t.tid, t.text, t.kind, hits.rank AS rank, c.* FROM hits
              JOIN terms t ON t.tid = hits.tid JOIN concepts c ON c.cid = t.cid ORDER BY hits.rank`),
      ancestors: p(`WITH RECURSIVE up(cid, depth) AS (
                      SELECT parent, 1 FROM parents WHERE child = ?
                      UNION SELECT p.parent, up.depth + 1 FROM parents p JOIN up ON p.child = up.cid WHERE up.depth < ?)
                    SELECT c.id, min(up.depth) AS depth FROM up JOIN concepts c ON c.cid = up.cid GROUP BY up.cid ORDER BY depth, c.id`),
      descendants: p(`WITH RECURSIVE down(cid, depth) AS (
                      SELECT child, 1 FROM parents WHERE parent = ?
                      UNION SELECT p.child, down.depth + 1 FROM parents p JOIN down ON p.parent = down.cid WHERE down.depth < ?)
                    SELECT c.id, min(down.depth) AS depth FROM down JOIN concepts c ON c.cid = down.cid GROUP BY down.cid ORDER BY depth, c.id`),
      termById: p('SELECT t.tid, t.text, t.kind, c.* FROM terms t JOIN concepts c ON c.cid = t.cid WHERE t.tid = ?'),
      termsByIds: p('SELECT t.tid, t.text, t.kind, c.* FROM terms t JOIN concepts c ON c.cid = t.cid WHERE t.tid IN (SELECT value FROM json_each(?))'),
    };
  }

  /**
   * Opens a pack directory. Checks the manifest, the format version, the database size and the pack id shared by
   * manifest and database; the full checksum is `verify()` (it reads the whole file, so it is not done on open).
   */
  static open(dir: string): Pack {
    const root = resolve(dir);
    const manifestPath = join(root, PACK_MANIFEST_FILE);
    const dbPath = join(root, PACK_DB_FILE);
    if (!existsSync(manifestPath) || !existsSync(dbPath)) {
      throw new ClinlinkError('E_PACK_MISSING', `no pack here: expected ${PACK_MANIFEST_FILE} and ${PACK_DB_FILE}`, { file: root });
    }
    let manifest: PackManifest;
    try {
      manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as PackManifest;
    } catch (err) {
      throw new ClinlinkError('E_PACK_CORRUPT', 'manifest is not valid JSON', { file: manifestPath }, { cause: err });
    }
    if (manifest.format !== PACK_FORMAT) throw new ClinlinkError('E_PACK_CORRUPT', 'not a clinlink pack manifest', { file: manifestPath, field: 'format' });
    if (manifest.version !== PACK_VERSION) {
      throw new ClinlinkError('E_PACK_VERSION', `pack format version ${manifest.version}, this clinlink reads ${PACK_VERSION}: rebuild the pack`, { file: manifestPath, field: 'version' });
    }
    const bytes = statSync(dbPath).size;
    if (bytes !== manifest.db.bytes) {
      throw new ClinlinkError('E_PACK_CORRUPT', `database is ${bytes} bytes, manifest says ${manifest.db.bytes}`, { file: dbPath });
    }
    let db: DB;
    try {
      db = new Database(dbPath, { readonly: true, fileMustExist: true });
      const packId = db.prepare(`SELECT value FROM meta WHERE key = 'packId'`).pluck().get();
      if (packId !== manifest.packId) {
        db.close();
        throw new ClinlinkError('E_PACK_CORRUPT', 'database and manifest belong to different builds', { file: dbPath });
      }
    } catch (err) {
      if (err instanceof ClinlinkError) throw err;
      throw new ClinlinkError('E_PACK_CORRUPT', `database cannot be read: ${(err as Error).message}`, { file: dbPath }, { cause: err });
    }
    return new Pack(root, manifest, db);
  }

  /** Recomputes the database checksum and compares it with the manifest. */
  async verify(): Promise<boolean> {
    return (await sha256File(join(this.dir, PACK_DB_FILE))) === this.manifest.db.sha256;
  }

  get name(): string {
    return this.manifest.name;
  }

  /** The full concept, or null. */
  concept(id: string): Concept | null {
    const row = this.stmts.byId!.get(id) as ConceptRow | undefined;
    return row ? this.hydrate(row) : null;
  }

  /** Concepts whose own code is `code`, then concepts that cross-reference it. Optionally limited to one system. */
  conceptsByCode(code: string, system?: System): Concept[] {
    const seen = new Set<number>();
    const out: Concept[] = [];
    const add = (rows: ConceptRow[]) => {
      for (const r of rows) if (!seen.has(r.cid)) (seen.add(r.cid), out.push(this.hydrate(r)));
    };
    add((this.stmts.byOwnCode!.all(code) as ConceptRow[]).filter((r) => !system || r.system === system));
    const xrefRows = this.db
      .prepare(`SELECT c.* FROM xrefs x JOIN concepts c ON c.cid = x.cid WHERE x.code = ?${system ? ' AND x.system = ?' : ''}`)
      .all(...(system ? [code, system] : [code])) as ConceptRow[];
    add(xrefRows);
    return out;
  }

  /** What a person types: a concept id (`DOID:9352`, `ICD10CM:E11.9`) or a bare code (`E11.9`, `E119`). */
  lookup(codeOrId: string): Concept[] {
    const q = codeOrId.trim();
    const direct = this.concept(q);
    if (direct) return [direct];
    const byCode = this.conceptsByCode(q);
    if (byCode.length) return byCode;
    // ICD-10-CM codes are often written without their dot.
    if (/^[A-Za-z]\d[0-9A-Za-z]{2,5}$/.test(q)) return this.conceptsByCode(`${q.slice(0, 3)}.${q.slice(3)}`.toUpperCase());
    return [];
  }

  /** Exact normalised term hits first, then full-text (BM25) near-misses, best first. */
  searchTerms(query: string, options: TermSearchOptions = {}): TermHit[] {
    const limit = options.limit ?? 10;
    if (limit <= 0) return [];
    const norm = normalizeTerm(query);
    if (norm === '') return [];
    const keep = (r: ConceptRow) =>
      (!options.systems || options.systems.includes(r.system)) &&
      (!options.groups || options.groups.includes(r.grp as SemanticGroup)) &&
      (!options.activeOnly || r.active === 1);
    const hits: TermHit[] = [];
    const seen = new Set<number>();
    for (const r of this.stmts.exact!.all(norm) as (ConceptRow & { tid: number; text: string; kind: TermKind })[]) {
      if (!keep(r) || seen.has(r.tid)) continue;
      seen.add(r.tid);
      hits.push(this.hit(r, 1));
    }
    if (!options.exactOnly && hits.length < limit) {
      // Every token must occur (implicit AND); quoting makes each token a literal, never FTS syntax.
      const match = norm.split(' ').map((t) => `"${t}"`).join(' ');
      const rows = this.stmts.fts!.all(match, Math.max(limit * 2, 20)) as (ConceptRow & { tid: number; text: string; kind: TermKind; rank: number })[];
      for (const r of rows) {
        if (!keep(r) || seen.has(r.tid)) continue;
        seen.add(r.tid);
        // bm25() is negative, smaller is better; squash to (0, 1) below the exact-match score of 1.
        hits.push(this.hit(r, 1 - 1 / (1 + Math.max(0, -r.rank))));
        if (hits.length >= limit) break;
      }
    }
    return hits.slice(0, limit);
  }

  /** The term behind a vector label. */
  termById(termId: number): TermHit | null {
    const r = this.stmts.termById!.get(termId) as (ConceptRow & { tid: number; text: string; kind: TermKind }) | undefined;
    return r ? this.hit(r, 1) : null;
  }

  /**
   * The terms behind many vector labels in one query (a search returns a hundred labels per mention; one statement
   * per label costs more than the vector search itself). Unknown ids are absent from the map.
   */
  termsByIds(termIds: readonly number[]): Map<number, TermHit> {
    const out = new Map<number, TermHit>();
    if (termIds.length === 0) return out;
    for (const r of this.stmts.termsByIds!.all(JSON.stringify(termIds)) as (ConceptRow & { tid: number; text: string; kind: TermKind })[]) out.set(r.tid, this.hit(r, 1));
    return out;
  }

  parents(id: string): string[] {
    const cid = this.cidOf(id);
    return cid === null ? [] : (this.stmts.parents!.pluck().all(cid) as string[]);
  }

  children(id: string): string[] {
    const cid = this.cidOf(id);
    return cid === null ? [] : (this.stmts.children!.pluck().all(cid) as string[]);
  }

  /** Transitive is-a ancestors with their shortest path length. */
  ancestors(id: string, maxDepth = 64): RelatedConcept[] {
    const cid = this.cidOf(id);
    return cid === null ? [] : (this.stmts.ancestors!.all(cid, maxDepth) as RelatedConcept[]);
  }

  /** Transitive is-a descendants with their shortest path length. */
  descendants(id: string, maxDepth = 64): RelatedConcept[] {
    const cid = this.cidOf(id);
    return cid === null ? [] : (this.stmts.descendants!.all(cid, maxDepth) as RelatedConcept[]);
  }

  semanticTypes(id: string): string[] {
    const cid = this.cidOf(id);
    return cid === null ? [] : (this.stmts.sty!.pluck().all(cid) as string[]);
  }

  /** Streams every term (for the dictionary matcher and the vector index build), in term-id order. */
  *iterateTerms(options: { systems?: readonly System[]; activeOnly?: boolean } = {}): Generator<{ termId: number; conceptId: string; system: System; text: string; kind: TermKind; group: SemanticGroup }> {
    const rows = this.db
      .prepare(`SELECT t.tid, t.text, t.kind, c.id, c.system, c.grp, c.active FROM terms t JOIN concepts c ON c.cid = t.cid ORDER BY t.tid`)
      .raw()
      .iterate() as IterableIterator<[number, string, TermKind, string, string, string, number]>;
    for (const [tid, text, kind, id, system, grp, active] of rows) {
      if (options.systems && !options.systems.includes(system)) continue;
      if (options.activeOnly && active !== 1) continue;
      yield { termId: tid, conceptId: id, system, text, kind, group: grp as SemanticGroup };
    }
  }

  /** Streams every concept id with its system and group. */
  *iterateConcepts(): Generator<{ id: string; system: System; code: string; group: SemanticGroup; billable: boolean | undefined; active: boolean }> {
    const rows = this.db.prepare('SELECT id, system, code, grp, billable, active FROM concepts ORDER BY cid').raw().iterate() as IterableIterator<[string, string, string, string, number | null, number]>;
    for (const [id, system, code, grp, billable, active] of rows) {
      yield { id, system, code, group: grp as SemanticGroup, billable: billable === null ? undefined : billable === 1, active: active === 1 };
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private cidOf(id: string): number | null {
    const row = this.stmts.byId!.get(id) as ConceptRow | undefined;
    return row ? row.cid : null;
  }

  private hit(r: ConceptRow & { tid: number; text: string; kind: TermKind }, score: number): TermHit {
    return {
      conceptId: r.id,
      system: r.system,
      code: r.code,
      preferred: r.preferred,
      group: r.grp as SemanticGroup,
      term: r.text,
      kind: r.kind,
      score,
      termId: r.tid,
    };
  }

  private hydrate(r: ConceptRow): Concept {
    const terms = (this.stmts.terms!.all(r.cid) as { text: string; kind: TermKind; lang: string | null }[]).map((t) => {
      const term: Term = { text: t.text, kind: t.kind };
      if (t.lang) term.lang = t.lang;
      return term;
    });
    const xrefs = (this.stmts.xrefs!.all(r.cid) as { system: string; code: string; relation: string | null }[]).map((x) => {
      const xr: CrossReference = { system: x.system, code: x.code };
      if (x.relation) xr.relation = x.relation;
      return xr;
    });
    const attrRows = this.stmts.attrs!.all(r.cid) as { key: string; value: string }[];
    const concept: Concept = {
      id: r.id,
      system: r.system,
      code: r.code,
      preferred: r.preferred,
      terms,
      semanticTypes: this.stmts.sty!.pluck().all(r.cid) as string[],
      group: r.grp as SemanticGroup,
      parents: this.stmts.parents!.pluck().all(r.cid) as string[],
      xrefs,
      active: r.active === 1,
    };
    if (r.billable !== null) concept.billable = r.billable === 1;
    if (attrRows.length) {
      const attributes: Record<string, string[]> = {};
      for (const a of attrRows) (attributes[a.key] ??= []).push(a.value);
      concept.attributes = attributes;
    }
    return concept;
  }
}
