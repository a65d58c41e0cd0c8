import { join } from 'node:path';
import { beforeAll } from 'vitest';
import { Coder, type CodeOptions } from '../../src/coding/coder.js';
import { buildIcdStarterPack } from './packs.js';
import { tempDir } from './tmp.js';

/**
 * A coder over the pack the coder is measured with (CMS ICD-10-CM files + Table of Drugs + starter), built once
 * per test file in a temp dir. Call inside a `describe` (it registers a beforeAll); `codesOf` returns the sorted codes
 * of a written note (inpatient, family history off unless given).
 */
export function useIcdCoder(): { coder: () => Coder; codesOf: (note: string, options?: CodeOptions) => Promise<string[]> } {
  const dir = tempDir();
  let coder: Coder | undefined;
  beforeAll(async () => {
    coder = await Coder.open(await buildIcdStarterPack(join(dir, 'pack')));
  }, 300_000);
  const get = (): Coder => {
    if (!coder) throw new Error('useIcdCoder: the coder is built in beforeAll');
    return coder;
  };
  return {
    coder: get,
    codesOf: async (note, options = {}) => (await get().code(note, { setting: 'inpatient', familyHistory: false, ...options })).map((c) => c.code).sort(),
  };
}
