import Database from 'better-sqlite3';
import type { Database as DB, Statement } from 'better-sqlite3';
import { normalizeTerm } from '../text/normalize.js';
import type { CrossReference, Term } from './concept.js';
import { FINAL_INDEXES, FINAL_SCHEMA, STAGING_SCHEMA, TERM_KIND_RANK } from './pack-schema.js';
import type { ConceptRecord, PackSink } from './sink.js';

/** What the finishing step dropped or repaired, by reason. Listed in the build report and the manifest. */
export interface FinishReport {
  concepts: number;
  terms: number;
  parents: number;
  xrefs: number;
  semanticTypes: number;
  attributes: number;
  /** Concepts per system. */
  systems: Record<string, number>;
  skipped: Record<string, number>;
  /** Up to 20 examples per skip reason (ids only, never text), so a user can find the cause. */
  examples: Record<string, string[]>;
}

/**
 * A PackSink that writes straight into SQLite staging tables inside one transaction, then `finish()` resolves
 * references, removes what cannot be kept (counted by reason), breaks is-a cycles and builds indexes.
 */
export class PackWriter implements PackSink {
  private readonly db: DB;
  private readonly upsertConcept: Statement;
  private readonly insertTerm: Statement;
  private readonly insertParent: Statement;
  private readonly insertXref: Statement;
  private readonly insertSty: Statement;
  private readonly insertAttr: Statement;
  /** Records written so far; the builder reads it for progress. */
  records = 0;

  constructor(file: string) {
    this.db = new Database(file);
    // A build writes a fresh file: durability during the build buys nothing, speed does.
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('temp_store = FILE');
    this.db.pragma('cache_size = -262144');
    this.db.exec(STAGING_SCHEMA);
    this.upsertConcept = this.db.prepare(`
      INSERT INTO concepts (id, system, code, preferred, grp, billable, active)
      VALUES (@id, @system, @code, @preferred, @grp, @billable, COALESCE(@active, 1))
      ON CONFLICT (id) DO UPDATE SET
        preferred = COALESCE(concepts.preferred, excluded.preferred),
        grp = CASE WHEN concepts.grp IS NULL OR (concepts.grp = 'other' AND @grp IS NOT NULL) THEN excluded.grp ELSE concepts.grp END,
        billable = COALESCE(@billable, concepts.billable),
        active = CASE WHEN @active IS NULL THEN concepts.active ELSE @active END`);
    this.insertTerm = this.db.prepare('INSERT INTO s_terms VALUES (?, ?, ?, ?, ?)');
    this.insertParent = this.db.prepare('INSERT INTO s_parents VALUES (?, ?)');
    this.insertXref = this.db.prepare('INSERT INTO s_xrefs VALUES (?, ?, ?, ?)');
    this.insertSty = this.db.prepare('INSERT INTO s_sty VALUES (?, ?)');
    this.insertAttr = this.db.prepare('INSERT INTO s_attrs VALUES (?, ?, ?)');
    this.db.exec('BEGIN');
  }

  concept(r: ConceptRecord): void {
    this.records++;
    this.upsertConcept.run({
      id: r.id,
      system: r.system,
      code: r.code,
      preferred: r.preferred?.trim() || null,
      grp: r.group ?? null,
      billable: r.billable === undefined ? null : r.billable ? 1 : 0,
      active: r.active === undefined ? null : r.active ? 1 : 0,
    });
  }

  term(conceptId: string, term: Term): void {
    this.records++;
    const text = term.text.trim();
    if (text === '') return; // an empty string can never match; not a term
    this.insertTerm.run(conceptId, text, normalizeTerm(text), term.kind, term.lang ?? null);
  }

  parent(childId: string, parentId: string): void {
    this.records++;
    this.insertParent.run(childId, parentId);
  }

  xref(conceptId: string, x: CrossReference): void {
    this.records++;
    this.insertXref.run(conceptId, x.system, x.code, x.relation ?? null);
  }

  semanticType(conceptId: string, semanticType: string): void {
    this.records++;
    this.insertSty.run(conceptId, semanticType);
  }

  attribute(conceptId: string, key: string, value: string): void {
    this.records++;
    this.insertAttr.run(conceptId, key, value);
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT OR REPLACE INTO meta VALUES (?, ?)').run(key, value);
  }

  /** Resolves staging into the final tables. Call once, after every loader. */
  finish(): FinishReport {
    const db = this.db;
    const skipped: Record<string, number> = {};
    const examples: Record<string, string[]> = {};
    const skip = (reason: string, n: number, ids: string[] = []) => {
      if (n <= 0) return;
      skipped[reason] = (skipped[reason] ?? 0) + n;
      if (ids.length) examples[reason] = [...(examples[reason] ?? []), ...ids].slice(0, 20);
    };
    const danglingIds = (sql: string): string[] => (db.prepare(sql).pluck().all() as string[]).slice(0, 20);

    db.exec(FINAL_SCHEMA);

    // A concept that no loader named a preferred term for takes its code, so nothing is nameless.
    db.exec(`UPDATE concepts SET preferred = code WHERE preferred IS NULL`);
    db.exec(`UPDATE concepts SET grp = 'other' WHERE grp IS NULL`);
    // The same normaliser as every other term, registered as a SQL function so the rows never leave SQLite.
    db.function('normalize_term', { deterministic: true }, (text: unknown) => normalizeTerm(String(text)));
    db.exec('CREATE INDEX s_terms_concept ON s_terms (concept_id, text)');
    db.exec(`INSERT INTO s_terms SELECT id, preferred, normalize_term(preferred), 'preferred', NULL FROM concepts
             WHERE NOT EXISTS (SELECT 1 FROM s_terms t WHERE t.concept_id = concepts.id AND t.text = concepts.preferred)`);
    const orphanTerms = db.prepare(`SELECT count(*) FROM s_terms t WHERE NOT EXISTS (SELECT 1 FROM concepts c WHERE c.id = t.concept_id)`).pluck().get() as number;
    skip('term of unknown concept', orphanTerms, orphanTerms ? danglingIds(`SELECT DISTINCT concept_id FROM s_terms t WHERE NOT EXISTS (SELECT 1 FROM concepts c WHERE c.id = t.concept_id) LIMIT 20`) : []);
    const unnormalisable = db.prepare(`SELECT count(*) FROM s_terms WHERE norm = ''`).pluck().get() as number;
    skip('term with no letters or digits', unnormalisable);
    const rankCase = `CASE kind ${Object.entries(TERM_KIND_RANK).map(([k, v]) => `WHEN '${k}' THEN ${v}`).join(' ')} ELSE 9 END`;
    const termsBefore = db.prepare(`SELECT count(*) FROM s_terms t JOIN concepts c ON c.id = t.concept_id WHERE norm <> ''`).pluck().get() as number;
    db.exec(`
      INSERT INTO terms (cid, text, norm, kind, lang)
      SELECT cid, text, norm, kind, lang FROM (
        SELECT c.cid, t.text, t.norm, t.kind, t.lang,
               row_number() OVER (PARTITION BY c.cid, CASE WHEN t.kind = 'abbreviation' THEN t.text ELSE lower(t.text) END ORDER BY ${rankCase}) AS rn
               , ${rankCase} AS krank
        FROM s_terms t JOIN concepts c ON c.id = t.concept_id WHERE t.norm <> '') WHERE rn = 1
      ORDER BY cid, krank`);
    const termsKept = db.prepare('SELECT count(*) FROM terms').pluck().get() as number;
    skip('duplicate term of the same concept (merged)', termsBefore - termsKept);

    // Parents: resolve both ends; a dangling end or a self-loop is dropped and counted.
    const danglingParents = db.prepare(`SELECT count(*) FROM s_parents p WHERE NOT EXISTS (SELECT 1 FROM concepts c WHERE c.id = p.parent) OR NOT EXISTS (SELECT 1 FROM concepts c WHERE c.id = p.child)`).pluck().get() as number;
    skip('dangling parent', danglingParents, danglingParents ? danglingIds(`SELECT child || ' -> ' || parent FROM s_parents p WHERE NOT EXISTS (SELECT 1 FROM concepts c WHERE c.id = p.parent) OR NOT EXISTS (SELECT 1 FROM concepts c WHERE c.id = p.child) LIMIT 20`) : []);
    const selfLoops = db.prepare(`SELECT count(*) FROM s_parents WHERE child = parent`).pluck().get() as number;
    skip('self is-a', selfLoops);
    db.exec(`INSERT OR IGNORE INTO parents (child, parent)
      SELECT c.cid, p.cid FROM s_parents s JOIN concepts c ON c.id = s.child JOIN concepts p ON p.id = s.parent WHERE s.child <> s.parent`);
    const cycleEdges = this.breakCycles();
    skip('is-a cycle edge removed', cycleEdges.length, cycleEdges);

    const danglingXrefs = db.prepare(`SELECT count(*) FROM s_xrefs x WHERE NOT EXISTS (SELECT 1 FROM concepts c WHERE c.id = x.concept_id)`).pluck().get() as number;
    skip('cross-reference of unknown concept', danglingXrefs, danglingXrefs ? danglingIds(`SELECT DISTINCT concept_id FROM s_xrefs x WHERE NOT EXISTS (SELECT 1 FROM concepts c WHERE c.id = x.concept_id) LIMIT 20`) : []);
    db.exec(`INSERT INTO xrefs (cid, system, code, relation)
      SELECT DISTINCT c.cid, x.system, x.code, x.relation FROM s_xrefs x JOIN concepts c ON c.id = x.concept_id`);
    const danglingSty = db.prepare(`SELECT count(*) FROM s_sty s WHERE NOT EXISTS (SELECT 1 FROM concepts c WHERE c.id = s.concept_id)`).pluck().get() as number;
    skip('semantic type of unknown concept', danglingSty);
    db.exec(`INSERT OR IGNORE INTO sty (cid, sty) SELECT c.cid, s.sty FROM s_sty s JOIN concepts c ON c.id = s.concept_id`);
    const danglingAttrs = db.prepare(`SELECT count(*) FROM s_attrs a WHERE NOT EXISTS (SELECT 1 FROM concepts c WHERE c.id = a.concept_id)`).pluck().get() as number;
    skip('attribute of unknown concept', danglingAttrs);
    db.exec(`INSERT INTO attrs (cid, key, value) SELECT DISTINCT c.cid, a.key, a.value FROM s_attrs a JOIN concepts c ON c.id = a.concept_id`);

    db.exec('DROP TABLE s_terms; DROP TABLE s_parents; DROP TABLE s_xrefs; DROP TABLE s_sty; DROP TABLE s_attrs;');
    db.exec(FINAL_INDEXES);
    db.exec('COMMIT');
    db.exec('ANALYZE');
    const count = (t: string) => db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
    const report: FinishReport = {
      concepts: count('concepts'),
      terms: count('terms'),
      parents: count('parents'),
      xrefs: count('xrefs'),
      semanticTypes: count('sty'),
      attributes: count('attrs'),
      systems: Object.fromEntries(db.prepare('SELECT system, count(*) FROM concepts GROUP BY system ORDER BY system').raw().all() as [string, number][]),
      skipped,
      examples,
    };
    return report;
  }

  /** Compacts the file; worth it once, at the end of a build. */
  vacuum(): void {
    this.db.exec('VACUUM');
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /**
   * Is-a must be a DAG: ancestor queries recurse over it. An iterative DFS finds back edges; each is removed and
   * reported as `child -> parent`. Uses typed arrays (CSR), so it stays small at UMLS scale.
   */
  private breakCycles(): string[] {
    const db = this.db;
    const maxCid = (db.prepare('SELECT max(cid) FROM concepts').pluck().get() as number | null) ?? 0;
    const n = maxCid + 1;
    const edgeCount = db.prepare('SELECT count(*) FROM parents').pluck().get() as number;
    const offsets = new Int32Array(n + 1);
    const targets = new Int32Array(edgeCount);
    const rows = db.prepare('SELECT child, parent FROM parents ORDER BY child').raw().iterate() as IterableIterator<[number, number]>;
    let e = 0;
    for (const [child, parent] of rows) {
      targets[e++] = parent;
      offsets[child + 1]!++;
    }
    for (let i = 0; i < n; i++) offsets[i + 1]! += offsets[i]!;
    const state = new Uint8Array(n); // 0 new, 1 on stack, 2 done
    const stackNode = new Int32Array(n);
    const stackEdge = new Int32Array(n);
    const removed: [number, number][] = [];
    for (let root = 0; root < n; root++) {
      if (state[root] !== 0) continue;
      let sp = 0;
      stackNode[0] = root;
      stackEdge[0] = offsets[root]!;
      state[root] = 1;
      while (sp >= 0) {
        const v = stackNode[sp]!;
        const ei = stackEdge[sp]!;
        if (ei < offsets[v + 1]!) {
          stackEdge[sp] = ei + 1;
          const w = targets[ei]!;
          if (w < 0) continue;
          if (state[w] === 1) {
            removed.push([v, w]);
            targets[ei] = -1;
          } else if (state[w] === 0) {
            state[w] = 1;
            sp++;
            stackNode[sp] = w;
            stackEdge[sp] = offsets[w]!;
          }
        } else {
          state[v] = 2;
          sp--;
        }
      }
    }
    if (removed.length === 0) return [];
    const del = db.prepare('DELETE FROM parents WHERE child = ? AND parent = ?');
    const idOf = db.prepare('SELECT id FROM concepts WHERE cid = ?').pluck();
    return removed.map(([c, p]) => {
      del.run(c, p);
      return `${idOf.get(c) as string} -> ${idOf.get(p) as string}`;
    });
  }
}
