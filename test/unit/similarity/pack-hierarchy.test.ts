import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPack } from '../../../src/ontology/build.js';
import { Pack } from '../../../src/ontology/pack.js';
import { conceptSet } from '../../../src/similarity/concept-set.js';
import { CanonicalHierarchy, PackEquivalence, PackHierarchy } from '../../../src/similarity/hierarchy.js';
import { ReportIndex } from '../../../src/similarity/report-index.js';
import { compareConceptSets } from '../../../src/similarity/tversky.js';
import { tempDir } from '../../helpers/tmp.js';

const MI = 'CLINLINK:myocardial-infarction';
const IHD = 'CLINLINK:ischemic-heart-disease';
const HD = 'CLINLINK:heart-disease';
const HF = 'CLINLINK:heart-failure';
const CP = 'CLINLINK:chest-pain';

describe('Pack-backed hierarchy and equivalence (cardio fixture)', () => {
  const dir = tempDir('clinlink-simpack-');
  let pack: Pack;
  let hierarchy: PackHierarchy;

  beforeAll(async () => {
    // A second small vocabulary: one concept shares MI's SNOMED CT cross-reference (a synonym), one only shares its
    // ICD-10-CM classification code (not a synonym).
    const extra = join(dir, 'extra.json');
    writeFileSync(
      extra,
      JSON.stringify({
        format: 'clinlink-vocab',
        version: 1,
        system: 'OTHER',
        concepts: [
          { code: 'heart-attack', preferred: 'Heart attack', group: 'condition', xrefs: [{ system: 'SNOMEDCT', code: '22298006' }] },
          { code: 'acute-mi-nos', preferred: 'Acute MI NOS', group: 'condition', icd10cm: { 'I21.9': true } },
        ],
      }),
    );
    await buildPack({
      out: join(dir, 'pack'),
      sources: [
        { kind: 'vocab', path: 'test/fixtures/vocab/cardio.json' },
        { kind: 'vocab', path: extra },
      ],
    });
    pack = Pack.open(join(dir, 'pack'));
    hierarchy = new PackHierarchy(pack, { cacheSize: 4 });
  });
  afterAll(() => pack?.close());

  it('ancestors are the full is-a closure with path lengths, cached', () => {
    expect([...hierarchy.ancestors(MI)]).toEqual([
      [IHD, 1],
      [HD, 2],
      ['CLINLINK:disease', 3],
    ]);
    expect(hierarchy.ancestors(MI)).toBe(hierarchy.ancestors(MI));
    expect(hierarchy.ancestors('CLINLINK:nope').size).toBe(0);
    expect(hierarchy.fingerprint).toContain(pack.manifest.packId);
  });

  it('partial credit over the pack: parent e^−1, grandparent e^−2, sibling nothing', () => {
    const q = conceptSet([MI]);
    expect(compareConceptSets(q, conceptSet([IHD]), { hierarchy }).score).toBeCloseTo(Math.exp(-1), 14);
    expect(compareConceptSets(q, conceptSet([HD]), { hierarchy }).score).toBeCloseTo(Math.exp(-2), 14);
    expect(compareConceptSets(q, conceptSet([HF]), { hierarchy }).score).toBe(0);
  });

  it('equivalence from shared exact cross-references, not from shared ICD codes', () => {
    const eq = new PackEquivalence(pack);
    expect(eq.canonical('OTHER:heart-attack')).toBe(MI);
    expect(eq.canonical(MI)).toBe(MI);
    expect(eq.members(MI)).toEqual([MI, 'OTHER:heart-attack']);
    expect(eq.canonical('OTHER:acute-mi-nos')).toBe('OTHER:acute-mi-nos');
    // Opting in to classification mappings joins them.
    expect(new PackEquivalence(pack, { relations: ['icd10cm-billable'] }).canonical('OTHER:acute-mi-nos')).toBe(MI);
    // The synonym inherits MI's place in the hierarchy.
    const canon = new CanonicalHierarchy(hierarchy, eq);
    expect(canon.ancestors(MI).get(HD)).toBe(2);
    const res = compareConceptSets(conceptSet(['OTHER:heart-attack', CP]), conceptSet([MI, CP]), { hierarchy, equivalence: eq });
    expect(res.score).toBe(1);
    expect(res.shared).toContainEqual({ query: 'OTHER:heart-attack', report: MI, negated: false, weight: 1 });
  });

  it('a ReportIndex over the pack searches, saves and reopens', () => {
    const eq = new PackEquivalence(pack);
    const index = new ReportIndex({ hierarchy, equivalence: eq });
    index.add('a', conceptSet([MI, CP]));
    index.add('b', conceptSet([IHD]));
    index.add('c', conceptSet([HF], [CP]));
    index.add('d', conceptSet(['OTHER:heart-attack']));
    const q = conceptSet(['OTHER:heart-attack', CP]);
    const hits = index.search(q);
    expect(hits.map((h) => h.id)).toEqual(['a', 'd', 'b']);
    expect(hits[0]!.score).toBe(1);
    // c: heart failure is no relative of MI (a sibling), and chest pain is contradicted.
    expect(hits.some((h) => h.id === 'c')).toBe(false);
    index.save(join(dir, 'idx'));
    const reopened = ReportIndex.open(join(dir, 'idx'), new PackHierarchy(pack), { equivalence: new PackEquivalence(pack) });
    expect(reopened.search(q)).toEqual(hits);
  });
});
