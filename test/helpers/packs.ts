import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildPack, type SourceSpec } from '../../src/ontology/build.js';
import { sharedDataPath } from './shared-data.js';

const starterDir = resolve(__dirname, '../../ontology/starter');

/** Sources of the pack the coder is measured with: CMS ICD-10-CM files (with the Table of Drugs) + the starter vocabulary. */
export function icdStarterSources(): SourceSpec[] | undefined {
  const order = sharedDataPath('icd10cm/icd10cm-order-2026.txt.gz');
  const tabular = sharedDataPath('icd10cm/icd10cm_tabular_2017.xml.gz');
  const index = sharedDataPath('icd10cm/icd10cm_index_2017.xml.gz');
  const drugs = sharedDataPath('icd10cm/icd10cm_drug_2017.xml.gz');
  const neoplasms = sharedDataPath('icd10cm/icd10cm_neoplasm_2017.xml.gz');
  if (!order || !tabular || !index || !drugs || !neoplasms) return undefined;
  return [
    { kind: 'icd10cm-order', path: order },
    { kind: 'icd10cm-tabular', path: tabular },
    { kind: 'icd10cm-index', path: index },
    { kind: 'icd10cm-drugs', path: drugs },
    { kind: 'icd10cm-neoplasm', path: neoplasms },
    ...readdirSync(starterDir).filter((f) => f.endsWith('.json')).map((f) => ({ kind: 'vocab' as const, path: join(starterDir, f) })),
  ];
}

export async function buildIcdStarterPack(out: string): Promise<string> {
  const sources = icdStarterSources();
  if (!sources) throw new Error('shared ICD-10-CM files missing');
  await buildPack({ out, sources, name: 'icd10cm+starter' });
  return out;
}
