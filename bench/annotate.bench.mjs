// Annotation benchmark: notes/s and tokens/s on the MTSamples discharge summaries and on all MTSamples notes,
// with the embedded starter pack, 1 and 2 workers; peak RSS.
import { load, annotateMany } from '../dist/index.js';
import { readCsv } from './mtsamples.mjs';
import { peakRssMb, sharedFile, writeResult } from './common.mjs';

const rows = await readCsv(sharedFile('mtsamples/mtsamples.csv.gz'));
const notes = rows.map((r) => r.transcription ?? '').filter((t) => t.trim() !== '');
const discharge = rows.filter((r) => /discharge summary/i.test(r.medical_specialty ?? '')).map((r) => r.transcription ?? '').filter((t) => t.trim() !== '');
const tokens = (texts) => texts.reduce((n, t) => n + (t.match(/\S+/g)?.length ?? 0), 0);

const t0 = performance.now();
const nlp = await load();
const loadMs = performance.now() - t0;

async function single(texts) {
  const s = performance.now();
  let entities = 0;
  for (const t of texts) entities += (await nlp.annotate(t)).entities.length;
  const sec = (performance.now() - s) / 1000;
  return { notes: texts.length, seconds: Number(sec.toFixed(2)), notes_per_sec: Number((texts.length / sec).toFixed(1)), tokens_per_sec: Math.round(tokens(texts) / sec), entities };
}

async function pooled(texts, workers) {
  const s = performance.now();
  let n = 0;
  for await (const doc of annotateMany(texts, { workers })) n += doc.entities.length >= 0 ? 1 : 0;
  const sec = (performance.now() - s) / 1000;
  return { notes: n, seconds: Number(sec.toFixed(2)), notes_per_sec: Number((n / sec).toFixed(1)), tokens_per_sec: Math.round(tokens(texts) / sec) };
}

writeResult('annotate', {
  pack: 'starter',
  load_ms: Math.round(loadMs),
  discharge_summaries_1_worker_in_process: await single(discharge),
  discharge_summaries_2_workers: await pooled(discharge, 2),
  all_notes_1_worker_in_process: await single(notes),
  all_notes_2_workers: await pooled(notes, 2),
  peak_rss_mb: peakRssMb(),
});
