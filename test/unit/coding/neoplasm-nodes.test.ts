import { describe, expect, it } from 'vitest';
import { useIcdCoder } from '../../helpers/coder.js';
import { icdStarterSources } from '../../helpers/packs.js';

/** I.C.2 and the Neoplasm Table (lymph gland, secondary): positive lymph nodes are coded by the primary's region. */
describe.skipIf(!icdStarterSources())('coding: lymph node spread of a primary malignancy', () => {
  const { codesOf } = useIcdCoder();

  it('codes intra-abdominal nodes for a colon primary with positive nodes, none when no node is positive', async () => {
    const list = ['DISCHARGE DIAGNOSES:', '1. Sigmoid colon cancer.'];
    expect(await codesOf(['HOSPITAL COURSE: Pathology showed 3 of 18 lymph nodes positive for tumor.', ...list].join('\n'))).toEqual(['C18.7', 'C77.2']);
    expect(await codesOf(['HOSPITAL COURSE: Pathology showed 0 of 18 lymph nodes positive, no positive nodes.', ...list].join('\n'))).toEqual(['C18.7']);
  });
});
