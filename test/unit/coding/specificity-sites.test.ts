import { describe, expect, it } from 'vitest';
import { useIcdCoder } from '../../helpers/coder.js';
import { icdStarterSources } from '../../helpers/packs.js';

/** The most specific billable code (ICD-10-CM Official Guidelines I.B.2) from the site words the note documents. */
describe.skipIf(!icdStarterSources())('coding specificity: sites written as alternatives in a title', () => {
  const { codesOf } = useIcdCoder();

  it('one site of an "X and Y" title is enough ("nevi of scalp and neck")', async () => {
    expect(await codesOf(['DISCHARGE DIAGNOSES:', '1. Pigmented nevus on the scalp, biopsied.'].join('\n'))).toEqual(['D22.4']);
    expect(await codesOf(['DISCHARGE DIAGNOSES:', '1. Pigmented nevus, biopsied.'].join('\n'))).toEqual(['D22.9']);
  });
});
