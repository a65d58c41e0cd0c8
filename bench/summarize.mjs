// Rewrites the README's benchmark section (between the bench markers) from bench/results/*.json.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repo } from './common.mjs';

const dir = join(repo, 'bench', 'results');
// Every result names itself by its file; the machine comes from writeResult's `machine` or a script's own fields.
const results = existsSync(dir)
  ? readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => {
        const r = JSON.parse(readFileSync(join(dir, f), 'utf8'));
        return { ...r, name: f.replace(/\.json$/, ''), machine: r.machine ?? { cpus: r.cpus, cpu: r.cpuModel, node: r.node } };
      })
  : [];
const SKIP = new Set(['name', 'date', 'benchmark', 'note', 'cpus', 'cpuModel', 'node', 'loadAverage']);
// Diagnostic detail (per-phase timings, CPU splits, tails beyond p99) stays in the JSON; the README keeps headlines.
const DETAIL = /\.(cpu|phases|cold)\.|\.(avg\w*|mean|max|p90|heapUsedMB|queries)$|^(data|defaults)\./;
const flat = (obj, prefix = '') =>
  Object.entries(obj).flatMap(([k, v]) => {
    if (Array.isArray(v)) return v.every((x) => x && typeof x === 'object') ? v.flatMap((x, i) => flat(x, `${prefix}${k}[${i}].`)) : [[`${prefix}${k}`, v.join(', ')]];
    return v && typeof v === 'object' ? flat(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v]];
  });
const lines = ['<!-- bench:start -->'];
for (const r of results) {
  lines.push('', `**${r.name}** (${r.date.slice(0, 10)}, ${r.machine.cpus} × ${r.machine.cpu}, Node ${r.machine.node})`, '', '| measure | value |', '|---|---|');
  if (r.note) lines.push(`| note | ${r.note} |`);
  for (const [k, v] of flat(r)) if (!SKIP.has(k) && !k.startsWith('machine.') && !DETAIL.test(k)) lines.push(`| ${k} | ${v} |`);
}
lines.push('<!-- bench:end -->');
const readme = join(repo, 'README.md');
const text = readFileSync(readme, 'utf8');
const start = text.indexOf('<!-- bench:start -->');
const end = text.indexOf('<!-- bench:end -->');
if (start < 0 || end < 0) {
  console.error('README has no bench markers');
  process.exit(1);
}
writeFileSync(readme, text.slice(0, start) + lines.join('\n') + text.slice(end + '<!-- bench:end -->'.length));
