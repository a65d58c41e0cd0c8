import { describe, expect, it } from 'vitest';
import { detectSections } from '../../../src/text/sections.js';

describe('compound section headers', () => {
  it('a slash header is the section its first known part names', () => {
    const text = 'FINAL DIAGNOSIS/REASON FOR ADMISSION:,1.  Pneumonia.,HOSPITAL COURSE: , She improved on antibiotics.';
    expect(detectSections(text).map((s) => s.name)).toEqual(['discharge_diagnoses', 'hospital_course']);
  });
});
