import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Coder, type CodeAssignment } from '../../../src/coding/coder.js';
import { buildIcdStarterPack, icdStarterSources } from '../../helpers/packs.js';
import { tempDir } from '../../helpers/tmp.js';

/** I.C.2 and the Neoplasm Table (lymph gland, secondary): positive lymph nodes are coded by the primary's region. */
describe.skipIf(!icdStarterSources())('coding: lymph node spread of a primary malignancy', () => {
  const dir = tempDir();
  let coder: Coder;
  beforeAll(async () => {
    coder = await Coder.open(await buildIcdStarterPack(join(dir, 'pack')));
  }, 300_000);
  const codesOf = async (note: string) => (await coder.code(note, { setting: 'inpatient', familyHistory: false })).map((c: CodeAssignment) => c.code).sort();

  it('codes intra-abdominal nodes for a colon primary with positive nodes, none when no node is positive', async () => {
    const list = ['DISCHARGE DIAGNOSES:', '1. Sigmoid colon cancer.'];
    expect(await codesOf(['HOSPITAL COURSE: Pathology showed 3 of 18 lymph nodes positive for tumor.', ...list].join('\n'))).toEqual(['C18.7', 'C77.2']);
    expect(await codesOf(['HOSPITAL COURSE: Pathology showed 0 of 18 lymph nodes positive, no positive nodes.', ...list].join('\n'))).toEqual(['C18.7']);
  });
});
