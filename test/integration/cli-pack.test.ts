import { execFileSync, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedDataPath } from '../helpers/shared-data.js';
import { tempDir } from '../helpers/tmp.js';

const cli = resolve(__dirname, '../../dist/cli.js');
const order = sharedDataPath('icd10cm/icd10cm-order-2026.txt.gz');
const tabular = sharedDataPath('icd10cm/icd10cm_tabular_2017.xml.gz');
const index = sharedDataPath('icd10cm/icd10cm_index_2017.xml.gz');
const obo = sharedDataPath('disease-ontology/doid-2016-09-01.obo.gz');
const have = Boolean(order && tabular && index && obo);

const run = (...args: string[]) => execFileSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, CLINLINK_CACHE: cache } });
const cache = tempDir('clinlink-cache-');

describe.skipIf(!have)('clinlink build + lookup over ICD-10-CM and Disease Ontology (real files)', () => {
  const pack = join(tempDir(), 'pack');
  let report: { manifest: { counts: { concepts: number }; sources: { kind: string; read: number; kept: number; skipped: Record<string, number> }[] } };
  beforeAll(() => {
    report = JSON.parse(run('build', '--out', pack, '--icd10cm-order', order!, '--icd10cm-tabular', tabular!, '--icd10cm-index', index!, '--obo', obo!, '--json'));
  }, 300_000);

  it('accounts for every row read', () => {
    for (const s of report.manifest.sources) {
      const skipped = Object.values(s.skipped).reduce((a, b) => a + b, 0);
      expect(s.kept + skipped, s.kind).toBe(s.read);
    }
    expect(report.manifest.sources.find((s) => s.kind === 'icd10cm-order')).toMatchObject({ read: 98_186, kept: 98_186 });
    expect(report.manifest.counts.concepts).toBeGreaterThan(98_186 + 6_000);
  });

  it('looks up E11.9, I21.4, J44.1 and N18.30 with titles and parents', () => {
    const get = (code: string) => JSON.parse(run('lookup', '--pack', pack, code, '--json'))[0];
    expect(get('E11.9')).toMatchObject({ id: 'ICD10CM:E11.9', preferred: 'Type 2 diabetes mellitus without complications', billable: true, parents: ['ICD10CM:E11'] });
    expect(get('I21.4')).toMatchObject({ preferred: 'Non-ST elevation (NSTEMI) myocardial infarction', billable: true, parents: ['ICD10CM:I21'] });
    expect(get('J44.1')).toMatchObject({ preferred: 'Chronic obstructive pulmonary disease with (acute) exacerbation', parents: ['ICD10CM:J44'] });
    expect(get('N18.30')).toMatchObject({ preferred: 'Chronic kidney disease, stage 3 unspecified', parents: ['ICD10CM:N18.3'] });
    expect(get('E11')).toMatchObject({ billable: false, parents: ['ICD10CM:E08-E13'] });
    expect(get('E11').children).toContain('ICD10CM:E11.9');
  });

  it('resolves DOID:9352 with its is-a chain and its ICD-10-CM cross-reference', () => {
    const [t2dm] = JSON.parse(run('lookup', '--pack', pack, 'DOID:9352', '--json'));
    expect(t2dm.preferred).toBe('type 2 diabetes mellitus');
    expect(t2dm.parents).toEqual(['DOID:9351']);
    const text = run('lookup', '--pack', pack, 'DOID:9352');
    expect(text).toMatch(/ancestors: DOID:9351 > DOID:4194 > DOID:0050013 > .*DOID:0014667 > DOID:4\n/);
    expect(t2dm.xrefs).toContainEqual(expect.objectContaining({ system: 'ICD10CM', code: 'E11' }));
  });

  it('finds a concept through an Alphabetic Index term', () => {
    const [hit] = JSON.parse(run('lookup', '--pack', pack, 'I21.4', '--json'));
    expect(hit.terms).toContainEqual({ text: 'Infarct, infarction, myocardium, myocardial, non-ST elevation', kind: 'index' });
  });

  it('info reports counts and a verified checksum', () => {
    const info = JSON.parse(run('info', '--pack', pack, '--verify', '--json'));
    expect(info.verified).toBe(true);
    expect(info.systems.ICD10CM).toBeGreaterThan(98_000);
    expect(info.systems.DOID).toBeGreaterThan(6_000);
  });
});

describe('clinlink CLI on the embedded starter pack', () => {
  it('annotates the example discharge summary without flags', () => {
    const out = run('annotate', resolve(__dirname, '../../examples/discharge-summary.txt'));
    expect(out).toMatch(/\d+ sections, \d+ sentences, \d+ entities/);
    expect(out).toMatch(/hypertension/i);
  });

  it('exits non-zero with a typed error, never a stack, on a missing pack', () => {
    const r = spawnSync(process.execPath, [cli, 'info', '--pack', '/nonexistent/pack'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^clinlink: E_PACK_MISSING: /);
  });
});
