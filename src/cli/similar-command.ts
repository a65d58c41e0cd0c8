/**
 * `clinlink similar index|search`: build a report similarity index from a CSV of reports, and query it with a report.
 * The index directory holds the ReportIndex files plus `clinlink-similar.json` (the pack used, its id, and the
 * similarity profile), so `search` distils the query with the same pack and scores it the same way.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ClinlinkError, invalidArgument } from '../errors.js';
import { DEFAULT_TEXT_COLUMNS, readReportCsv } from '../io/report-csv.js';
import { load } from '../load.js';
import { starterPackDir } from '../ontology/starter.js';
import type { Pipeline } from '../pipeline.js';
import { conceptSetFromDoc, type ConceptSet } from '../similarity/concept-set.js';
import { applyPolarityIdf, DEFAULT_SIMILARITY_PROFILE, parseProfile, polarityDf, profileParts, type PolarityDf, type SimilarityProfile } from '../similarity/profile.js';
import { ReportIndex, type SearchHit } from '../similarity/report-index.js';
import type { Doc } from '../types.js';
import { readInput } from './annotate-command.js';
import { progressLine } from './progress.js';

export const SIDECAR = 'clinlink-similar.json';
const SIDECAR_FORMAT = 'clinlink-similar';

/** What `index` records next to the index. */
export interface SimilarSidecar {
  format: typeof SIDECAR_FORMAT;
  version: 1;
  /** The pack the reports were annotated with: absolute directory (null = the embedded starter pack) and id. */
  pack: { dir: string | null; id: string; name: string };
  profile: SimilarityProfile;
  /** Document frequencies per polarity of the indexed reports, when the profile weighs by polarity IDF (queries are weighed with them). */
  polarityDf: PolarityDf | null;
  source: { file: string; textColumns: string[]; idColumn: string; reports: number; skippedEmpty: number };
}

export interface IndexCsvOptions {
  csv: string;
  out: string;
  /** Pack directory; default the embedded starter pack. */
  pack?: string;
  textColumns?: readonly string[];
  idColumn?: string;
  /** Skip rows without text instead of failing. */
  skipEmpty?: boolean;
  /** Annotation worker threads; 1 (default) annotates in this thread. */
  workers?: number;
  profile?: SimilarityProfile;
  onProgress?: (done: number) => void;
}

/** Reads, annotates and indexes a CSV of reports, and saves the index with its sidecar. */
export async function indexReportCsv(options: IndexCsvOptions): Promise<SimilarSidecar> {
  const profile = options.profile ?? DEFAULT_SIMILARITY_PROFILE;
  const textColumns = options.textColumns ?? DEFAULT_TEXT_COLUMNS;
  const idColumn = options.idColumn ?? 'uid';
  const workers = options.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1) throw invalidArgument('workers must be a positive integer', 'workers');
  const nlp = await load(options.pack);
  const parts = profileParts(nlp.pack, profile);
  const index = new ReportIndex({ hierarchy: parts.hierarchy, ...(parts.equivalence ? { equivalence: parts.equivalence } : {}) });
  let skippedEmpty = 0;
  const rows = readReportCsv(options.csv, { textColumns, idColumn, empty: options.skipEmpty ? 'skip' : 'error', onSkip: () => skippedEmpty++ });
  let done = 0;
  // Polarity IDF needs the whole corpus first: sets wait in memory (a few hundred bytes per report), then are weighed and added.
  const pending: [string, ConceptSet][] = [];
  const addDoc = (id: string, doc: Doc) => {
    const set = conceptSetFromDoc(doc, parts.conceptSetOptions);
    if (profile.polarityIdf) pending.push([id, set]);
    else index.add(id, set);
    options.onProgress?.(++done);
  };
  if (workers === 1) {
    for await (const row of rows) addDoc(row.id, await nlp.annotate(row.text));
  } else {
    // annotateMany yields in input order: ids wait in a queue beside the texts.
    const ids: string[] = [];
    async function* texts(): AsyncGenerator<string> {
      for await (const row of rows) {
        ids.push(row.id);
        yield row.text;
      }
    }
    for await (const doc of nlp.annotateMany(texts(), { workers })) addDoc(ids.shift()!, doc);
  }
  const df = profile.polarityIdf ? polarityDf(pending.map(([, set]) => set)) : null;
  if (df) for (const [id, set] of pending) index.add(id, applyPolarityIdf(set, df));
  if (index.size === 0) throw new ClinlinkError('E_PARSE', 'no reports to index', { file: options.csv });
  index.save(options.out);
  const starter = options.pack === undefined;
  const sidecar: SimilarSidecar = {
    format: SIDECAR_FORMAT,
    version: 1,
    pack: { dir: starter ? null : resolve(options.pack!), id: nlp.pack.manifest.packId, name: nlp.pack.manifest.name },
    profile,
    polarityDf: df,
    source: { file: resolve(options.csv), textColumns: [...textColumns], idColumn, reports: index.size, skippedEmpty },
  };
  writeFileSync(join(options.out, SIDECAR), JSON.stringify(sidecar, null, 2));
  nlp.pack.close();
  return sidecar;
}

export function readSidecar(indexDir: string): SimilarSidecar {
  const file = join(indexDir, SIDECAR);
  if (!existsSync(file)) throw new ClinlinkError('E_INDEX_CORRUPT', `no ${SIDECAR}: not an index written by clinlink similar index`, { file });
  let v: Partial<SimilarSidecar>;
  try {
    v = JSON.parse(readFileSync(file, 'utf8')) as Partial<SimilarSidecar>;
  } catch (err) {
    throw new ClinlinkError('E_INDEX_CORRUPT', 'not valid JSON', { file }, { cause: err });
  }
  if (v.format !== SIDECAR_FORMAT || v.version !== 1 || !v.pack || typeof v.pack.id !== 'string' || (v.polarityDf !== null && typeof v.polarityDf?.reports !== 'number')) throw new ClinlinkError('E_INDEX_CORRUPT', 'not a clinlink-similar sidecar (version 1)', { file });
  return { ...(v as SimilarSidecar), profile: parseProfile(v.profile, 'profile') };
}

/** An opened index with the pipeline that distils queries for it. */
export interface OpenedSimilarIndex {
  index: ReportIndex;
  nlp: Pipeline;
  sidecar: SimilarSidecar;
  distil(text: string): Promise<ConceptSet>;
  close(): void;
}

/** Re-opens an index and the pack it was built with (the recorded one; a different pack id is E_INDEX_MISMATCH). */
export async function openSimilarIndex(indexDir: string): Promise<OpenedSimilarIndex> {
  const sidecar = readSidecar(indexDir);
  const packDir = sidecar.pack.dir ?? (await starterPackDir());
  const nlp = await load(packDir);
  try {
    if (nlp.pack.manifest.packId !== sidecar.pack.id) {
      throw new ClinlinkError('E_INDEX_MISMATCH', `index was built with pack ${sidecar.pack.id}, ${packDir} is now ${nlp.pack.manifest.packId}: rebuild the index`, { file: join(indexDir, SIDECAR), field: 'pack' });
    }
    const parts = profileParts(nlp.pack, sidecar.profile);
    const index = ReportIndex.open(indexDir, parts.hierarchy, parts.equivalence ? { equivalence: parts.equivalence } : {});
    return {
      index,
      nlp,
      sidecar,
      distil: async (text) => {
        const set = conceptSetFromDoc(await nlp.annotate(text), parts.conceptSetOptions);
        return sidecar.polarityDf ? applyPolarityIdf(set, sidecar.polarityDf) : set;
      },
      close: () => nlp.pack.close(),
    };
  } catch (err) {
    nlp.pack.close();
    throw err;
  }
}

/** Searches an opened index with a report's text. */
export async function searchSimilar(opened: OpenedSimilarIndex, text: string, k = 10): Promise<SearchHit[]> {
  if (!Number.isInteger(k) || k < 1) throw invalidArgument('k must be a positive integer', 'k');
  const query = await opened.distil(text);
  return opened.index.search(query, { ...opened.sidecar.profile.search, k });
}

/** Human-readable hits: score, then each part of the explanation with preferred names. */
export function formatHits(hits: readonly SearchHit[], nameOf: (id: string) => string): string {
  if (hits.length === 0) return 'no similar report (no concept in common)';
  const name = (id: string, negated: boolean) => `${negated ? 'no ' : ''}${nameOf(id)}`;
  const lines: string[] = [];
  hits.forEach((h, i) => {
    lines.push(`${String(i + 1).padStart(2)}. ${h.id}  score ${h.score.toFixed(3)}`);
    const part = (label: string, items: string[]) => {
      if (items.length) lines.push(`      ${label.padEnd(15)} ${items.join('; ')}`);
    };
    part('shared', h.shared.map((s) => (s.query === s.report ? name(s.query, s.negated) : `${name(s.query, s.negated)} = ${nameOf(s.report)}`)));
    part('partial', h.partial.map((p) => `${name(p.a, p.negated)} ~ ${nameOf(p.b)} (${p.relation}, ${p.depth} step${p.depth === 1 ? '' : 's'})`));
    part('contradictions', h.contradictions.map((c) => (c.queryNegated ? `query: no ${nameOf(c.query)} / report: ${nameOf(c.report)}` : `query: ${nameOf(c.query)} / report: no ${nameOf(c.report)}`)));
    part('only in query', h.onlyInQuery.map((u) => name(u.id, u.negated)));
    part('only in report', h.onlyInReport.map((u) => name(u.id, u.negated)));
  });
  return lines.join('\n');
}

const parsePositive = (what: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw invalidArgument(`${what} must be a positive integer`, what);
  return n;
};

export function registerSimilarCommands(program: Command): void {
  const similar = program.command('similar').description('similar-report search over concept sets (weighted Tversky), explained');

  similar
    .command('index')
    .description('annotate a CSV of reports and write a similarity index')
    .argument('<reports>', 'reports CSV with a header row (.gz ok)')
    .requiredOption('--out <dir>', 'index directory to write (replaced if it is an index)')
    .option('--text-columns <cols>', 'comma-separated text columns, joined in order', DEFAULT_TEXT_COLUMNS.join(','))
    .option('--id-column <col>', 'report id column', 'uid')
    .option('--pack <dir>', 'pack directory (default: the embedded starter pack)')
    .option('--skip-empty', 'skip reports whose text columns are all empty (default: error)')
    .option('--workers <n>', 'annotation worker threads (1 = in this thread)', parsePositive('workers'), 1)
    .action(async (csv: string, opts: { out: string; textColumns: string; idColumn: string; pack?: string; skipEmpty?: boolean; workers: number }) => {
      const bar = progressLine('reports');
      try {
        const sidecar = await indexReportCsv({
          csv,
          out: opts.out,
          textColumns: opts.textColumns.split(',').map((c) => c.trim()).filter(Boolean),
          idColumn: opts.idColumn,
          skipEmpty: opts.skipEmpty ?? false,
          workers: opts.workers,
          ...(opts.pack ? { pack: opts.pack } : {}),
          onProgress: (n) => bar.update('indexing', n),
        });
        bar.stop();
        const skipped = sidecar.source.skippedEmpty ? `, ${sidecar.source.skippedEmpty} empty rows skipped` : '';
        console.error(`indexed ${sidecar.source.reports} reports into ${resolve(opts.out)} with pack ${sidecar.pack.name} (${sidecar.pack.id})${skipped}`);
      } finally {
        bar.stop();
      }
    });

  similar
    .command('search')
    .description('the reports most similar to a query report, with what they share and where they differ')
    .argument('[text]', 'query report text, or - for standard input', '-')
    .requiredOption('--index <dir>', 'index directory written by clinlink similar index')
    .option('--k <n>', 'how many reports', parsePositive('k'), 10)
    .option('--json', 'hits as JSON')
    .action(async (text: string, opts: { index: string; k: number; json?: boolean }) => {
      const opened = await openSimilarIndex(opts.index);
      try {
        const hits = await searchSimilar(opened, text === '-' ? await readInput('-') : text, opts.k);
        if (opts.json) console.log(JSON.stringify(hits, null, 2));
        else console.log(formatHits(hits, (id) => opened.nlp.pack.concept(id)?.preferred ?? id));
      } finally {
        opened.close();
      }
    });
}
