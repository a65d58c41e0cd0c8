import { describe, expect, it } from 'vitest';
import { breastQuadrantCode } from '../../../src/coding/breast-site.js';

describe('breastQuadrantCode', () => {
  it('reads the quadrant from words or a clock position, by side', () => {
    expect(breastQuadrantCode('C50.912', ["Needle core biopsy of a 1.5 cm lesion at the 7 o'clock position of the left breast (inferomedial)."])).toBe('C50.312');
    // The same clock hour is lateral on the right breast: 7 o'clock right = lower-outer.
    expect(breastQuadrantCode('C50.911', ["A mass in the right breast at 7 o'clock."])).toBe('C50.511');
    expect(breastQuadrantCode('C50.911', ['Mammogram: spiculated mass in the upper outer quadrant of the right breast.'])).toBe('C50.411');
    expect(breastQuadrantCode('C50.912', ["Left breast lesion at 2 o'clock, 3 cm from the nipple."])).toBe('C50.412');
    expect(breastQuadrantCode('C50.921', ['Subareolar mass of the right breast in this man.'])).toBe('C50.021');
  });

  it('gives nothing for a boundary hour, two quadrants, the other breast or a code that already has its site', () => {
    expect(breastQuadrantCode('C50.912', ["Left breast mass at 12 o'clock."])).toBeNull();
    expect(breastQuadrantCode('C50.912', ['Left breast: masses in the upper outer and lower inner quadrants.'])).toBeNull();
    expect(breastQuadrantCode('C50.912', ['Right breast: cyst in the upper outer quadrant.'])).toBeNull();
    expect(breastQuadrantCode('C50.412', ['Left breast: lower inner quadrant scar.'])).toBeNull();
    expect(breastQuadrantCode('C50.912', ['No quadrant is stated.'])).toBeNull();
  });
});
