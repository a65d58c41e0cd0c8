import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ClinlinkError } from '../errors.js';
import { sha256File } from '../io/hash.js';
import { LOADERS, SOURCE_ORDER, type SourceKind } from './loaders/index.js';
import { PACK_DB_FILE, PACK_FORMAT, PACK_MANIFEST_FILE, PACK_VERSION } from './pack-schema.js';
import { PackWriter } from './pack-writer.js';
import type { PackManifest } from './pack.js';
import type { LoadReport } from './sink.js';

export interface SourceSpec {
  kind: SourceKind;
  /** A file, or a directory for UMLS (RRF) and SNOMED CT (RF2). */
  path: string;
}

export interface BuildProgress {
  phase: 'load' | 'finish' | 'checksum';
  source?: string;
  records: number;
}

export interface BuildOptions {
  out: string;
  sources: SourceSpec[];
  name?: string;
  /** Called about every 50k records and at each phase change. */
  onProgress?: (p: BuildProgress) => void;
}

export interface BuildResult {
  dir: string;
  manifest: PackManifest;
  reports: LoadReport[];
  seconds: number;
  examples: Record<string, string[]>;
}

/**
 * Compiles sources into a pack. Sources combine: they are loaded in a fixed order (the CMS order file first, so its
 * titles win as preferred terms) into one database; references between them (a Disease Ontology xref to an
 * ICD-10-CM code, an index term of a tabular code) resolve at the end. The pack is written to a temporary folder
 * and moved into place only when complete, so a failed build never leaves a half pack that looks whole.
 */
export async function buildPack(options: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  if (options.sources.length === 0) throw new ClinlinkError('E_INVALID_ARGUMENT', 'no sources given to build', { field: 'sources' });
  const out = resolve(options.out);
  const tmp = `${out}.building-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  const dbFile = join(tmp, PACK_DB_FILE);
  const writer = new PackWriter(dbFile);
  const packId = randomUUID();
  const reports: LoadReport[] = [];
  try {
    const sources = [...options.sources].sort((a, b) => SOURCE_ORDER.indexOf(a.kind) - SOURCE_ORDER.indexOf(b.kind));
    for (const source of sources) {
      const load = LOADERS[source.kind];
      options.onProgress?.({ phase: 'load', source: source.kind, records: writer.records });
      const timer = options.onProgress
        ? setInterval(() => options.onProgress?.({ phase: 'load', source: source.kind, records: writer.records }), 250)
        : undefined;
      try {
        reports.push(...(await load(resolve(source.path), writer)));
      } finally {
        if (timer) clearInterval(timer);
      }
    }
    options.onProgress?.({ phase: 'finish', records: writer.records });
    writer.setMeta('packId', packId);
    writer.setMeta('format', PACK_FORMAT);
    writer.setMeta('version', String(PACK_VERSION));
    const finished = writer.finish();
    writer.vacuum();
    writer.close();
    options.onProgress?.({ phase: 'checksum', records: writer.records });
    const bytes = (await stat(dbFile)).size;
    const manifest: PackManifest = {
      format: PACK_FORMAT,
      version: PACK_VERSION,
      packId,
      name: options.name ?? sources.map((s) => s.kind).join('+'),
      created: new Date().toISOString(),
      sources: reports.map((r) => ({ kind: r.source, ...r.toJSON() })),
      counts: {
        concepts: finished.concepts,
        terms: finished.terms,
        parents: finished.parents,
        xrefs: finished.xrefs,
        semanticTypes: finished.semanticTypes,
        attributes: finished.attributes,
      },
      systems: finished.systems,
      skipped: finished.skipped,
      db: { file: PACK_DB_FILE, bytes, sha256: await sha256File(dbFile) },
    };
    await writeFile(join(tmp, PACK_MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    // Replace only the pack's own files; an existing indexes/ folder of an older build is stale and goes too.
    await rm(out, { recursive: true, force: true });
    await rename(tmp, out);
    return { dir: out, manifest, reports, seconds: (performance.now() - started) / 1000, examples: finished.examples };
  } catch (err) {
    writer.close();
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
}
