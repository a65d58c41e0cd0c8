// Pack benchmark: build time and peak RSS of the ICD-10-CM (order + 2017 tabular + 2017 index) + Disease Ontology
// pack; open time; lookups/s by code; ancestor-closure queries/s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pack, buildPack } from '../dist/index.js';
import { peakRssMb, rate, sharedFile, writeResult } from './common.mjs';

const out = join(mkdtempSync(join(tmpdir(), 'clinlink-bench-')), 'pack');
const t0 = performance.now();
const built = await buildPack({
  out,
  sources: [
    { kind: 'icd10cm-order', path: sharedFile('icd10cm/icd10cm-order-2026.txt.gz') },
    { kind: 'icd10cm-tabular', path: sharedFile('icd10cm/icd10cm_tabular_2017.xml.gz') },
    { kind: 'icd10cm-index', path: sharedFile('icd10cm/icd10cm_index_2017.xml.gz') },
    { kind: 'obo', path: sharedFile('disease-ontology/doid-2016-09-01.obo.gz') },
  ],
});
const buildSeconds = (performance.now() - t0) / 1000;
const buildPeakRss = peakRssMb();

const opens = [];
for (let i = 0; i < 5; i++) {
  const s = performance.now();
  Pack.open(out).close();
  opens.push(performance.now() - s);
}
const pack = Pack.open(out);
const codes = [...pack.iterateConcepts()].filter((c) => c.system === 'ICD10CM').map((c) => c.code);
const ids = [...pack.iterateConcepts()].map((c) => c.id);
const lookupsPerSec = rate((i) => pack.lookup(codes[(i * 7919) % codes.length]));
const ancestorsPerSec = rate((i) => pack.ancestors(ids[(i * 7919) % ids.length]));
const termSearchPerSec = rate((i) => pack.searchTerms(['heart failure', 'type 2 diabetes', 'fracture of femur', 'asthma'][i % 4], { limit: 10 }));
writeResult('pack', {
  sources: built.manifest.sources.map((s) => ({ kind: s.kind, read: s.read, kept: s.kept })),
  counts: built.manifest.counts,
  build_seconds: Number(buildSeconds.toFixed(1)),
  build_peak_rss_mb: buildPeakRss,
  db_mb: Number((built.manifest.db.bytes / 2 ** 20).toFixed(1)),
  open_ms_median: Number(opens.sort((a, b) => a - b)[2].toFixed(2)),
  lookups_per_sec: lookupsPerSec,
  ancestor_closures_per_sec: ancestorsPerSec,
  term_searches_per_sec: termSearchPerSec,
  peak_rss_mb: peakRssMb(),
});
pack.close();
rmSync(out, { recursive: true, force: true });
