import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Coder, type CodeAssignment } from '../../../src/coding/coder.js';
import { buildIcdStarterPack, icdStarterSources } from '../../helpers/packs.js';
import { tempDir } from '../../helpers/tmp.js';

/** The most specific billable code (ICD-10-CM Official Guidelines I.B.2) from the site words the note documents. */
describe.skipIf(!icdStarterSources())('coding specificity: sites written as alternatives in a title', () => {
  const dir = tempDir();
  let coder: Coder;
  beforeAll(async () => {
    coder = await Coder.open(await buildIcdStarterPack(join(dir, 'pack')));
  }, 300_000);
  const codesOf = async (note: string) => (await coder.code(note, { setting: 'inpatient', familyHistory: false })).map((c: CodeAssignment) => c.code).sort();

  it('one site of an "X and Y" title is enough ("nevi of scalp and neck")', async () => {
    expect(await codesOf(['DISCHARGE DIAGNOSES:', '1. Pigmented nevus on the scalp, biopsied.'].join('\n'))).toEqual(['D22.4']);
    expect(await codesOf(['DISCHARGE DIAGNOSES:', '1. Pigmented nevus, biopsied.'].join('\n'))).toEqual(['D22.9']);
  });
});
