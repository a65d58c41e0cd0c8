import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The runnable examples, run the way a user runs them (against the built package, `npm test` builds first).
const root = resolve(__dirname, '../..');
const run = (script: string, ...args: string[]) => execFileSync(process.execPath, [resolve(root, 'examples', script), ...args], { cwd: root, encoding: 'utf8' });

describe('examples/', () => {
  it('annotate.mjs lists the example note\'s entities with concepts and assertion', () => {
    const lines = run('annotate.mjs').trim().split('\n');
    expect(lines.length).toBeGreaterThan(20);
    expect(lines.find((l) => /\bfever\b/.test(l))).toMatch(/negated/);
    expect(lines.find((l) => /shortness of breath/.test(l))).toMatch(/ICD10CM:R06\.00/);
  }, 60_000);

  it('code.mjs codes the example note, with combination codes and a FHIR bundle', () => {
    const out = run('code.mjs');
    expect(out).toMatch(/^E11\.22 /m);
    expect(out).toMatch(/^I13\.0 /m);
    const bundle = JSON.parse(run('code.mjs', '--fhir')) as { resourceType: string; entry: unknown[] };
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.entry.length).toBeGreaterThan(3);
  }, 60_000);

  it('similar.mjs ranks the report that shares the effusion and the normal heart first, and explains it', () => {
    const out = run('similar.mjs', 'Small left pleural effusion. Heart size normal.');
    const first = out.split('\n')[0]!;
    expect(first).toMatch(/^c /);
    expect(out).toMatch(/contradicts: Pleural effusion/);
  }, 60_000);
});
