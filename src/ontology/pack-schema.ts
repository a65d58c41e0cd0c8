/**
 * The on-disk pack: one SQLite database (`pack.sqlite`) and a `manifest.json` beside it.
 *
 * Why SQLite: a UMLS-scale pack (4M concepts, 15M strings) must answer lookups with bounded memory, so strings stay
 * on disk behind B-tree indexes instead of living in the JS heap; FTS5 gives the linker's lexical channel (BM25) for
 * free; better-sqlite3 opens a multi-GB file in milliseconds.
 *
 * Concepts are keyed by a small integer `cid` inside the database; the public API speaks only string ids.
 */
export const PACK_FORMAT = 'clinlink-pack';
/** Bumped on any schema change; a pack of another version is refused with E_PACK_VERSION. */
export const PACK_VERSION = 1;
export const PACK_DB_FILE = 'pack.sqlite';
export const PACK_MANIFEST_FILE = 'manifest.json';

/** Tables filled while loaders stream: concepts are upserted, everything else references concepts by string id. */
export const STAGING_SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE concepts (
  cid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  system TEXT NOT NULL,
  code TEXT NOT NULL,
  preferred TEXT,
  grp TEXT,
  billable INTEGER,
  active INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE s_terms (concept_id TEXT NOT NULL, text TEXT NOT NULL, norm TEXT NOT NULL, kind TEXT NOT NULL, lang TEXT);
CREATE TABLE s_parents (child TEXT NOT NULL, parent TEXT NOT NULL);
CREATE TABLE s_xrefs (concept_id TEXT NOT NULL, system TEXT NOT NULL, code TEXT NOT NULL, relation TEXT);
CREATE TABLE s_sty (concept_id TEXT NOT NULL, sty TEXT NOT NULL);
CREATE TABLE s_attrs (concept_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL);
`;

/** Final tables, written from staging when the build finishes. */
export const FINAL_SCHEMA = `
CREATE TABLE terms (tid INTEGER PRIMARY KEY, cid INTEGER NOT NULL, text TEXT NOT NULL, norm TEXT NOT NULL, kind TEXT NOT NULL, lang TEXT);
CREATE TABLE parents (child INTEGER NOT NULL, parent INTEGER NOT NULL, PRIMARY KEY (child, parent)) WITHOUT ROWID;
CREATE TABLE xrefs (cid INTEGER NOT NULL, system TEXT NOT NULL, code TEXT NOT NULL, relation TEXT);
CREATE TABLE sty (cid INTEGER NOT NULL, sty TEXT NOT NULL, PRIMARY KEY (cid, sty)) WITHOUT ROWID;
CREATE TABLE attrs (cid INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL);
`;

export const FINAL_INDEXES = `
CREATE INDEX concepts_code ON concepts (code, system);
CREATE INDEX terms_norm ON terms (norm);
CREATE INDEX terms_cid ON terms (cid);
CREATE INDEX parents_parent ON parents (parent, child);
CREATE INDEX xrefs_code ON xrefs (code, system);
CREATE INDEX xrefs_cid ON xrefs (cid);
CREATE INDEX attrs_cid ON attrs (cid, key);
CREATE VIRTUAL TABLE terms_fts USING fts5 (norm, content='terms', content_rowid='tid', tokenize='unicode61 remove_diacritics 2');
INSERT INTO terms_fts (terms_fts) VALUES ('rebuild');
`;

/** Term kinds in order of authority: when one concept has the same string twice, the better kind is kept. */
export const TERM_KIND_RANK: Record<string, number> = { preferred: 0, abbreviation: 1, synonym: 2, inclusion: 3, index: 4 };
