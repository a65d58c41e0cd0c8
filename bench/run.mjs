#!/usr/bin/env node
// Runs every benchmark (or those named on the command line) in its own process, so each one's peak RSS is its
// own, then rewrites the README's results table from bench/results/*.json.
//   npm run bench                # all
//   npm run bench -- pack link   # some
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const scripts = readdirSync(here)
  .filter((f) => /^[a-z-]+\.bench\.mjs$/.test(f))
  .filter((f) => wanted.length === 0 || wanted.includes(f.replace('.bench.mjs', '')));
let failed = 0;
for (const s of scripts) {
  console.error(`== ${s}`);
  const r = spawnSync(process.execPath, ['--expose-gc', join(here, s)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
spawnSync(process.execPath, [join(here, 'summarize.mjs')], { stdio: 'inherit' });
process.exit(failed ? 1 : 0);
