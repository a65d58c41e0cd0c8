import { expect } from 'vitest';
import { ClinlinkError } from '../../src/errors.js';

/** The ClinlinkError a promise rejects with; fails the test when it resolves or throws anything else. */
export async function errorOf(promise: Promise<unknown>): Promise<ClinlinkError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(ClinlinkError);
    return e as ClinlinkError;
  }
  throw new Error('expected a ClinlinkError');
}
