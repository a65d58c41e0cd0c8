import { describe, expect, it } from 'vitest';
import { readVocabulary } from '../../src/ontology/loaders/custom.js';
import { starterVocabularyFiles } from '../../src/ontology/starter.js';
import { readLines } from '../../src/io/lines.js';
import { sharedDataPath } from '../helpers/shared-data.js';
import type { VocabConcept } from '../../src/ontology/loaders/custom.js';

const orderFile = sharedDataPath('icd10cm/icd10cm-order-2026.txt.gz');

async function starterConcepts(): Promise<VocabConcept[]> {
  const all: VocabConcept[] = [];
  for (const f of starterVocabularyFiles()) all.push(...(await readVocabulary(f)).concepts);
  return all;
}

describe('embedded starter vocabulary', () => {
  it('has at least 1,500 concepts with unique codes, resolvable parents and no is-a cycle', async () => {
    const concepts = await starterConcepts();
    expect(concepts.length).toBeGreaterThanOrEqual(1500);
    const byCode = new Map(concepts.map((c) => [c.code, c]));
    expect(byCode.size).toBe(concepts.length);
    const dangling = concepts.flatMap((c) => (c.parents ?? []).filter((p) => !byCode.has(p)).map((p) => `${c.code} -> ${p}`));
    expect(dangling).toEqual([]);
    // Depth-first search for a back edge.
    const state = new Map<string, 1 | 2>();
    const cycles: string[] = [];
    const visit = (code: string, path: string[]) => {
      if (state.get(code) === 2) return;
      if (state.get(code) === 1) return void cycles.push([...path, code].join(' > '));
      state.set(code, 1);
      for (const p of byCode.get(code)?.parents ?? []) visit(p, [...path, code]);
      state.set(code, 2);
    };
    for (const c of concepts) visit(c.code, []);
    expect(cycles).toEqual([]);
  });

  it('covers every semantic group and the common clinical abbreviations', async () => {
    const concepts = await starterConcepts();
    const groups = new Set(concepts.map((c) => c.group));
    for (const g of ['condition', 'finding', 'procedure', 'medication', 'anatomy', 'test', 'device']) expect(groups).toContain(g);
    const abbreviations = new Set(concepts.flatMap((c) => c.abbreviations ?? []));
    for (const a of ['CHF', 'SOB', 'HTN', 'MI', 'COPD', 'DM2', 'AKI', 'UTI', 'DVT', 'PE', 'CAD', 'CKD', 'CXR', 'CBC']) expect(abbreviations).toContain(a);
  });

  it.skipIf(!orderFile)('cites only ICD-10-CM codes that exist in FY2026 with their billable flag right', async () => {
    const billable = new Map<string, boolean>();
    for await (const { text } of readLines(orderFile!)) {
      const code = text.slice(6, 13).trim();
      if (code) billable.set(code.length > 3 ? `${code.slice(0, 3)}.${code.slice(3)}` : code, text[14] === '1');
    }
    expect(billable.size).toBe(98_186);
    const problems: string[] = [];
    let checked = 0;
    for (const c of await starterConcepts()) {
      for (const [code, flag] of Object.entries(c.icd10cm ?? {})) {
        checked++;
        if (!billable.has(code)) problems.push(`${c.code}: ${code} does not exist in FY2026`);
        else if (billable.get(code) !== flag) problems.push(`${c.code}: ${code} is ${billable.get(code) ? 'billable' : 'a header'}, recorded as ${flag ? 'billable' : 'header'}`);
      }
    }
    expect(checked).toBeGreaterThan(500);
    expect(problems).toEqual([]);
  });
});
