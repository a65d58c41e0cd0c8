// Shared by the bench scripts: where the data is, how results are written, how time and memory are read.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const shared = process.env.CLINLINK_SHARED_DATA ?? resolve(repo, '..', 'shared', 'data');

export function sharedFile(rel) {
  const f = join(shared, rel);
  if (!existsSync(f)) {
    console.error(`bench: ${f} not found (set CLINLINK_SHARED_DATA)`);
    process.exit(2);
  }
  return f;
}

export function peakRssMb() {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** Runs fn repeatedly for about `seconds`, returns operations per second. */
export function rate(fn, seconds = 2) {
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    fn(n);
    n++;
  }
  return Math.round(n / ((performance.now() - start) / 1000));
}

export function percentile(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

export function writeResult(name, result) {
  const dir = join(repo, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const out = { name, date: new Date().toISOString(), machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memGb: Math.round(totalmem() / 2 ** 30), node: process.version, loadAverage1mAtEnd: Number(loadavg()[0].toFixed(2)) }, ...result };
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(out, null, 2)}\n`);
  console.log(JSON.stringify(out, null, 2));
}
