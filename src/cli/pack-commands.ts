import type { Command } from 'commander';
import { buildPack, type SourceSpec } from '../ontology/build.js';
import type { SourceKind } from '../ontology/loaders/index.js';
import { Pack } from '../ontology/pack.js';
import { starterPackDir } from '../ontology/starter.js';
import type { Concept } from '../ontology/concept.js';
import { progressLine } from './progress.js';
import { indexEmbedder } from '../link/open.js';
import { BiEncoder } from '../runtime/bi-encoder.js';
import { defaultModelDir } from '../runtime/models.js';
import { buildVectorIndex } from '../vectors/build.js';
import type { IndexManifest } from '../vectors/manifest.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Flag name → source kind. Every flag may repeat; all sources combine into one pack. */
const SOURCE_FLAGS: [flag: string, kind: SourceKind, help: string][] = [
  ['icd10cm-order', 'icd10cm-order', 'CMS ICD-10-CM order file (icd10cm-order-YYYY.txt[.gz])'],
  ['icd10cm-tabular', 'icd10cm-tabular', 'ICD-10-CM tabular XML'],
  ['icd10cm-index', 'icd10cm-index', 'ICD-10-CM Alphabetic Index XML'],
  ['icd10cm-drugs', 'icd10cm-drugs', 'ICD-10-CM Table of Drugs and Chemicals XML (icd10cm_drug_YYYY.xml[.gz])'],
  ['icd10cm-neoplasm', 'icd10cm-neoplasm', 'ICD-10-CM Neoplasm Table XML (icd10cm_neoplasm_YYYY.xml[.gz])'],
  ['obo', 'obo', 'OBO ontology (Disease Ontology, HPO, MONDO)'],
  ['medic', 'medic', 'CTD MEDIC diseases TSV'],
  ['umls', 'umls', 'UMLS Metathesaurus RRF directory (MRCONSO, MRSTY, MRREL)'],
  ['snomed', 'snomed', 'SNOMED CT RF2 Snapshot directory'],
  ['gems', 'gems', 'ICD-9-CM/ICD-10-CM GEM file'],
  ['vocab', 'vocab', 'custom vocabulary (clinlink-vocab JSON or CSV)'],
];

async function buildIndexFor(dir: string, model: string | undefined, backend: 'auto' | 'exact' | 'hnsw'): Promise<IndexManifest> {
  const modelDir = model ?? defaultModelDir('bi-encoder');
  const encoder = await BiEncoder.open(modelDir, { threads: 2 });
  const pack = Pack.open(dir);
  const bar = progressLine('terms embedded');
  try {
    return await buildVectorIndex(pack, await indexEmbedder(encoder, modelDir), { backend, onProgress: (done) => bar.update('indexing', done) });
  } finally {
    bar.stop();
    pack.close();
    await encoder.close();
  }
}

export async function openPackOption(dir: string | undefined): Promise<Pack> {
  return Pack.open(dir ?? (await starterPackDir()));
}

export function registerPackCommands(program: Command): void {
  const build = program
    .command('build')
    .description('compile ontology sources into one on-disk pack')
    .requiredOption('--out <dir>', 'pack directory to write')
    .option('--name <name>', 'pack name recorded in its manifest')
    .option('--index', 'also embed every term with the bi-encoder and write the vector index')
    .option('--model <dir>', 'bi-encoder for --index (default: the shipped model)')
    .option('--backend <backend>', 'vector index backend for --index: auto, exact or hnsw', 'auto')
    .option('--json', 'print the build report as JSON');
  for (const [flag, , help] of SOURCE_FLAGS) build.option(`--${flag} <path>`, help, collect);
  build.action(async (opts: Record<string, string[] | string | boolean | undefined>) => {
    const sources: SourceSpec[] = [];
    for (const [flag, kind] of SOURCE_FLAGS) {
      const key = flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
      for (const path of (opts[key] as string[] | undefined) ?? []) sources.push({ kind, path });
    }
    const bar = progressLine('records');
    const result = await buildPack({
      out: String(opts.out),
      name: typeof opts.name === 'string' ? opts.name : undefined,
      sources,
      onProgress: (p) => bar.update(p.phase === 'load' ? `loading ${p.source}` : p.phase, p.records),
    });
    bar.stop();
    const index = opts.index ? await buildIndexFor(result.dir, opts.model as string | undefined, opts.backend as 'auto' | 'exact' | 'hnsw') : undefined;
    if (opts.json) {
      console.log(JSON.stringify({ dir: result.dir, seconds: result.seconds, manifest: result.manifest, examples: result.examples, ...(index ? { index } : {}) }, null, 2));
      return;
    }
    console.log(`pack written to ${result.dir} in ${result.seconds.toFixed(1)} s`);
    for (const r of result.reports) {
      const skipped = Object.entries(r.toJSON().skipped).map(([k, v]) => `${k}: ${v}`).join(', ');
      console.log(`  ${r.source.padEnd(16)} read ${r.read}, kept ${r.kept}${skipped ? `, skipped ${r.skippedTotal} (${skipped})` : ''}`);
    }
    const c = result.manifest.counts;
    console.log(`  concepts ${c.concepts}, terms ${c.terms}, is-a edges ${c.parents}, cross-references ${c.xrefs}`);
    for (const [reason, n] of Object.entries(result.manifest.skipped)) {
      const ex = result.examples[reason]?.slice(0, 3).join('; ');
      console.log(`  dropped at finish: ${reason}: ${n}${ex ? ` (e.g. ${ex})` : ''}`);
    }
    if (index) console.log(`  vector index: ${index.backend}, ${index.count} vectors × ${index.dim}, model ${index.model.id}, ${index.seconds.toFixed(1)} s`);
  });

  program
    .command('info')
    .description('describe a pack: sources, counts, what was skipped')
    .option('--pack <dir>', 'pack directory (default: the embedded starter pack)')
    .option('--verify', 'recompute the database checksum')
    .option('--json', 'JSON output')
    .action(async (opts: { pack?: string; verify?: boolean; json?: boolean }) => {
      const pack = await openPackOption(opts.pack);
      const verified = opts.verify ? await pack.verify() : undefined;
      const m = pack.manifest;
      if (opts.json) {
        console.log(JSON.stringify({ dir: pack.dir, ...m, ...(verified === undefined ? {} : { verified }) }, null, 2));
      } else {
        console.log(`pack ${m.name} (format ${m.format} v${m.version}, built ${m.created})`);
        console.log(`  ${pack.dir}`);
        console.log(`  concepts ${m.counts.concepts}, terms ${m.counts.terms}, is-a edges ${m.counts.parents}, cross-references ${m.counts.xrefs}`);
        for (const s of m.sources) console.log(`  source ${s.kind}: ${s.file} (read ${s.read}, kept ${s.kept})`);
        if (verified !== undefined) console.log(`  checksum ${verified ? 'OK' : 'MISMATCH'}`);
      }
      pack.close();
      if (verified === false) process.exitCode = 1;
    });

  program
    .command('lookup')
    .description('show a concept by id or code: terms, parents, children, cross-references')
    .argument('<codeOrId>', 'a concept id (DOID:9352, ICD10CM:E11.9) or a code (E11.9, E119)')
    .option('--pack <dir>', 'pack directory (default: the embedded starter pack)')
    .option('--json', 'JSON output')
    .action(async (codeOrId: string, opts: { pack?: string; json?: boolean }) => {
      const pack = await openPackOption(opts.pack);
      const concepts = pack.lookup(codeOrId);
      const withChildren = concepts.map((c) => ({ ...c, children: pack.children(c.id) }));
      if (opts.json) console.log(JSON.stringify(withChildren, null, 2));
      else if (!concepts.length) console.log(`nothing found for ${codeOrId}`);
      else for (const c of withChildren) printConcept(c, pack);
      pack.close();
      if (!concepts.length) process.exitCode = 1;
    });
}

function printConcept(c: Concept & { children: string[] }, pack: Pack): void {
  const flags = [c.group, c.billable === undefined ? '' : c.billable ? 'billable' : 'header', c.active ? '' : 'INACTIVE'].filter(Boolean);
  console.log(`${c.id}  ${c.preferred}  [${flags.join(', ')}]`);
  const label = (id: string) => `${id} ${pack.concept(id)?.preferred ?? ''}`.trim();
  if (c.parents.length) console.log(`  parents:   ${c.parents.map(label).join(' | ')}`);
  const ancestors = pack.ancestors(c.id);
  if (ancestors.length > c.parents.length) console.log(`  ancestors: ${ancestors.map((a) => a.id).join(' > ')}`);
  if (c.children.length) console.log(`  children:  ${c.children.slice(0, 12).join(', ')}${c.children.length > 12 ? ` … (${c.children.length})` : ''}`);
  for (const t of c.terms.filter((t) => t.kind !== 'preferred').slice(0, 15)) console.log(`  ${t.kind.padEnd(12)} ${t.text}`);
  if (c.semanticTypes.length) console.log(`  types:     ${c.semanticTypes.join(', ')}`);
  if (c.xrefs.length) console.log(`  xrefs:     ${c.xrefs.slice(0, 12).map((x) => `${x.system}:${x.code}`).join(', ')}${c.xrefs.length > 12 ? ' …' : ''}`);
  for (const [k, v] of Object.entries(c.attributes ?? {})) console.log(`  ${k}: ${v.join(' | ')}`);
}
