import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { goldStyleId, medicPackDir } from '../../src/eval/dictionary.js';
import { medicPackWithMentions } from '../../src/eval/link-production.js';
import { readPubtator } from '../../src/io/pubtator.js';
import { Pack } from '../../src/ontology/pack.js';
import { sharedDataPath } from '../helpers/shared-data.js';

/** `eval ner --add-mentions`: NCBI-disease TRAIN mentions join the MEDIC dictionary as synonyms of their gold concept. */
const medic = sharedDataPath('ctd-medic/CTD_diseases-2017.tsv.gz');
const train = sharedDataPath('ncbi-disease/NCBItrainset_corpus.txt.gz');

describe.skipIf(!medic || !train)('MEDIC pack with training mentions', () => {
  it('adds train mentions the dictionary lacks as exact terms of the concept that owns their gold id', async () => {
    const base = Pack.open(await medicPackDir(medic!));
    // The first few single-id train mentions that MEDIC does not already name exactly, and the concept owning the id.
    const wanted: { text: string; id: string }[] = [];
    for await (const doc of readPubtator(train!)) {
      for (const m of doc.mentions) {
        if (m.ids.length !== 1 || wanted.length >= 5) continue;
        const exact = base.searchTerms(m.text, { limit: 50 }).filter((h) => h.score === 1);
        const owners = base.lookup(m.ids[0]!);
        if (exact.length === 0 && owners.length === 1) wanted.push({ text: m.text, id: m.ids[0]! });
      }
      if (wanted.length >= 5) break;
    }
    base.close();
    expect(wanted.length).toBe(5);

    const { dir, added } = await medicPackWithMentions(medic!, [train!], ['Disease']);
    expect(added).toBeGreaterThan(1000);
    const pack = Pack.open(dir);
    for (const w of wanted) {
      const hits = pack.searchTerms(w.text, { limit: 50 }).filter((h) => h.score === 1);
      const ids = hits.map((h) => pack.concept(h.conceptId)!).map((c) => goldStyleId(c.system, c.code));
      expect(ids).toContain(w.id);
    }
    pack.close();
  }, 300_000);

  it('eval ner refuses --add-mentions without --dictionary, with a typed error', async () => {
    const run = promisify(execFile);
    const bin = resolve(__dirname, '../../bin/clinlink.js');
    const failure = await run(process.execPath, [bin, 'eval', 'ner', '--corpus', train!, '--pack', 'nowhere', '--add-mentions', train!]).then(
      () => null,
      (e: { stderr: string }) => e.stderr,
    );
    expect(failure).toMatch(/E_INVALID_ARGUMENT/);
    expect(failure).toMatch(/--add-mentions needs --dictionary/);
  });
});
