import { describe, expect, it } from 'vitest';
import { findAbbreviationDefinitions } from '../../../src/abbrev/schwartz-hearst.js';

describe('Schwartz–Hearst abbreviation definitions', () => {
  const defs = (t: string) => findAbbreviationDefinitions(t).map((d) => [d.short, d.long, t.slice(d.longStart, d.longEnd), t.slice(d.shortStart, d.shortEnd)]);

  it('finds "long form (SF)" with exact spans', () => {
    expect(defs('History of chronic obstructive pulmonary disease (COPD) on home O2.')).toEqual([
      ['COPD', 'chronic obstructive pulmonary disease', 'chronic obstructive pulmonary disease', 'COPD'],
    ]);
    expect(defs('In most people with glucose-6-phosphate dehydrogenase (G6PD) deficiency')).toEqual([
      ['G6PD', 'glucose-6-phosphate dehydrogenase', 'glucose-6-phosphate dehydrogenase', 'G6PD'],
    ]);
    expect(defs('Patients with hereditary nonpolyposis colorectal cancer (HNPCC) were')).toEqual([
      ['HNPCC', 'hereditary nonpolyposis colorectal cancer', 'hereditary nonpolyposis colorectal cancer', 'HNPCC'],
    ]);
  });

  it('takes the short form from the first clause of a long parenthesis', () => {
    expect(defs('Known chronic obstructive pulmonary disease (COPD; GOLD stage 3, on home oxygen since 2019 and two admissions last year) presents.')).toEqual([
      ['COPD', 'chronic obstructive pulmonary disease', 'chronic obstructive pulmonary disease', 'COPD'],
    ]);
  });

  it('finds "SF (long form)"', () => {
    expect(defs('She had an MI (myocardial infarction) in 2010.')).toEqual([['MI', 'myocardial infarction', 'myocardial infarction', 'MI']]);
  });

  it('ignores parentheses that define nothing', () => {
    expect(defs('Blood pressure was high (180/100) today (see note).')).toEqual([]);
    expect(defs('metoprolol (25 mg) daily')).toEqual([]);
  });
});
