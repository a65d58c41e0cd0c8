// Rewrites the README's benchmark section (between the bench markers) from bench/results/*.json.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repo } from './common.mjs';

const dir = join(repo, 'bench', 'results');
const results = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8'))) : [];
const flat = (obj, prefix = '') =>
  Object.entries(obj).flatMap(([k, v]) => (v && typeof v === 'object' && !Array.isArray(v) ? flat(v, `${prefix}${k}.`) : Array.isArray(v) ? [] : [[`${prefix}${k}`, v]]));
const lines = ['<!-- bench:start -->'];
for (const r of results) {
  lines.push('', `**${r.name}** (${r.date.slice(0, 10)}, ${r.machine.cpus} × ${r.machine.cpu}, Node ${r.machine.node})`, '', '| measure | value |', '|---|---|');
  for (const [k, v] of flat(r)) if (!['name', 'date'].includes(k) && !k.startsWith('machine.')) lines.push(`| ${k} | ${v} |`);
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
