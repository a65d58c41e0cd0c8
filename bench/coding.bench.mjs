// Coding benchmark: MTSamples discharge summaries coded end to end (annotate + ICD-10-CM rules, Coder.code) with a
// pack built from the CMS ICD-10-CM files + the starter vocabulary (the pack the coding eval uses); notes/s, codes
// per note, peak RSS. The pack is built once into a temporary folder (its build time is reported, not counted), or
// taken from CLINLINK_CODING_PACK.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPack, Coder } from '../dist/index.js';
import { readCsv } from './mtsamples.mjs';
import { peakRssMb, repo, sharedFile, writeResult } from './common.mjs';

const rows = await readCsv(sharedFile('mtsamples/mtsamples.csv.gz'));
// Held-back rows are kept out of everything, timing included.
const held = new Set(readFileSync(sharedFile('mtsamples/HELD_BACK_ROWS.txt'), 'utf8').split(/\s+/).filter((x) => /^\d+$/.test(x)).map(Number));
const discharge = rows
  .map((r, i) => ({ r, i }))
  .filter(({ r, i }) => !held.has(i) && /discharge summary/i.test(r.medical_specialty ?? '') && (r.transcription ?? '').trim() !== '')
  .map(({ r }) => r.transcription);
const tokens = discharge.reduce((n, t) => n + (t.match(/\S+/g)?.length ?? 0), 0);

let packDir = process.env.CLINLINK_CODING_PACK;
let buildMs = null;
let tmp = null;
if (!packDir) {
  tmp = mkdtempSync(join(tmpdir(), 'clinlink-coding-bench-'));
  packDir = join(tmp, 'pack');
  const starter = join(repo, 'ontology', 'starter');
  const t = performance.now();
  await buildPack({
    out: packDir,
    name: 'icd10cm+starter',
    sources: [
      { kind: 'icd10cm-order', path: sharedFile('icd10cm/icd10cm-order-2026.txt.gz') },
      { kind: 'icd10cm-tabular', path: sharedFile('icd10cm/icd10cm_tabular_2017.xml.gz') },
      { kind: 'icd10cm-index', path: sharedFile('icd10cm/icd10cm_index_2017.xml.gz') },
      { kind: 'icd10cm-drugs', path: sharedFile('icd10cm/icd10cm_drug_2017.xml.gz') },
      { kind: 'icd10cm-neoplasm', path: sharedFile('icd10cm/icd10cm_neoplasm_2017.xml.gz') },
      ...readdirSync(starter).filter((f) => f.endsWith('.json')).map((f) => ({ kind: 'vocab', path: join(starter, f) })),
    ],
  });
  buildMs = Math.round(performance.now() - t);
}

try {
  const t0 = performance.now();
  const coder = await Coder.open(packDir);
  const loadMs = performance.now() - t0;
  // One untimed note so that first-call compilation is not billed to the measured pass.
  await coder.code(discharge[0]);
  const s = performance.now();
  let codes = 0;
  for (const note of discharge) codes += (await coder.code(note, { setting: 'inpatient' })).length;
  const sec = (performance.now() - s) / 1000;
  writeResult('coding', {
    pack: 'icd10cm+starter',
    pack_build_ms: buildMs,
    load_ms: Math.round(loadMs),
    discharge_summaries_1_worker_in_process: {
      notes: discharge.length,
      seconds: Number(sec.toFixed(2)),
      notes_per_sec: Number((discharge.length / sec).toFixed(1)),
      tokens_per_sec: Math.round(tokens / sec),
      codes_per_note: Number((codes / discharge.length).toFixed(2)),
    },
    peak_rss_mb: peakRssMb(),
  });
  coder.pipeline.pack.close();
} finally {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}
