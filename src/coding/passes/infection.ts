/** Chapter 1 passes: severe sepsis and the unnamed infection beside a named one. */
import type { DocView } from '../doc-view.js';
import { mergeDrafts, type Draft } from '../draft.js';

/** Sepsis and other systemic infection codes that R65.2- (severe sepsis) follows (tabular R65.2 "code first"). */
export const SYSTEMIC_INFECTION = /^(?:A4[01]|A02\.1|A20\.7|A21\.7|A22\.7|A24\.1|A26\.7|A28\.2|A32\.7|A39\.[1-4]|A42\.7|A48\.3|A54\.86|B00\.7|B37\.7|T80\.2|T81\.4|T82\.[67]|T83\.[56]|T84\.[5-7]|T85\.7|O85|O86\.04|P36|R78\.81)/;
/** Acute organ dysfunctions of severe sepsis (I.C.1.d.1.a.iv examples and the tabular R65.2 "use additional code"). */
const ORGAN_DYSFUNCTION = /^(?:N17|J96\.[029]|J80|G93\.4[01]|K72\.0|D65|D68\.9|R57|E87\.2)/;
const SEPSIS_LINK = /\b(?:secondary\s+to|due\s+to|from|related\s+to|caused\s+by|because\s+of|in\s+the\s+setting\s+of|associated\s+with)\b[^.;]{0,80}\bsep(?:sis|tic)\b|\bsep(?:sis|tic)\b[^.;]{0,40}\b(?:with|causing|complicated\s+by|leading\s+to|resulting\s+in)\b/i;

/**
 * I.C.1.d.1.a: sepsis with an acute organ dysfunction the provider attributes to it ("acute renal failure …
 * secondary to acute tubular necrosis and sepsis") is severe sepsis, R65.20 beside the systemic infection (the
 * tabular R65.2 "code first" list); nothing is added when an R65.2- (septic shock R65.21) is coded already. An organ
 * dysfunction not tied to the sepsis in its sentence is not (I.C.1.d.1.a.ii).
 */
export function severeSepsis(view: DocView, drafts: Draft[]): Draft[] {
  if (drafts.some((d) => d.code.startsWith('R65.2')) || !drafts.some((d) => SYSTEMIC_INFECTION.test(d.code))) return drafts;
  const organs = drafts.filter((d) => ORGAN_DYSFUNCTION.test(d.code) && d.evidence.some((ev) => !ev.assertion.negated && SEPSIS_LINK.test(view.sentenceTextAt(ev.start))));
  if (!organs.length) return drafts;
  return [...drafts, mergeDrafts('R65.20', organs, 'sepsis with an acute organ dysfunction attributed to it: severe sepsis (I.C.1.d.1.a)')];
}

/** Codes of infections with a site or an agent: a bare "infection" beside one of them is that infection. */
const NAMED_INFECTION = /^(?:A|B(?!99)|J0[0-6]|J1[0-8]|J2[0-2]|J3[26]|J8[56]|L0[0-8]|N39\.0|N1[0-2]|N30|N41|N45|N7[0-3]|K35|K61|K65|K81|K83\.0|H6[06]|H70|M00|M86|T8[0-5]\.[4-7])/;

/**
 * I.A.9 / I.B: B99.9 "unspecified infectious disease" is for an infection nothing else identifies; the word
 * "infection" in a sentence that codes a named infection ("exudative tonsillitis, probably mixed anaerobic
 * infection") describes that infection.
 */
export function dropUnnamedInfection(view: DocView, drafts: Draft[]): Draft[] {
  const others = drafts.filter((d) => d.code !== 'B99.9' && NAMED_INFECTION.test(d.code));
  if (!others.length) return drafts;
  const sentences = new Set(others.flatMap((d) => d.evidence.map((ev) => view.sentenceStartAt(ev.start))));
  return drafts.filter((d) => !(d.code === 'B99.9' && d.evidence.every((ev) => sentences.has(view.sentenceStartAt(ev.start)))));
}

/** The localized infection a sepsis mention names in its own words ("sepsis due to urinary tract infection"). */
const SEPSIS_SOURCE: readonly (readonly [RegExp, string])[] = [[/\burinary\s+tract\s+infection\b|\bUTI\b|\burinary\s+source\b/i, 'N39.0']];

/**
 * I.C.1.d.4: sepsis with a localized infection is coded as the systemic infection, then the localized one. A single
 * mention that names both ("Sepsis due to urinary tract infection") gives both codes.
 */
export function sepsisSource(drafts: Draft[]): Draft[] {
  const out = [...drafts];
  for (const d of drafts) {
    if (!/^A4[01]/.test(d.code)) continue;
    for (const [re, code] of SEPSIS_SOURCE) {
      if (out.some((x) => x.code === code) || !d.evidence.some((ev) => re.test(ev.text))) continue;
      out.push(mergeDrafts(code, [d], 'the localized infection of the sepsis, coded after it (I.C.1.d.4)'));
    }
  }
  return out;
}

/**
 * HIV-related conditions (I.C.1.a.2.f: "conditions resulting from his/her HIV positive status"): the opportunistic
 * infections and cancers of the AIDS-defining list, HIV wasting and HIV-associated nephropathy or encephalopathy.
 */
const HIV_RELATED = /^(?:B59|B37\.[18]|B25|C46|A31\.2|B58\.2|B45|B39|A07\.[23]|A81\.2|R64|A1[5-9]|B20)/;
/** The provider calls it AIDS, HIV disease, or ties a condition to it ("HIV nephropathy", "HIV-associated"). */
const HIV_DISEASE = /\bAIDS\b|\bHIV\s+(?:disease|infection\s+with|nephropathy|encephalopathy|dementia|wasting|cardiomyopathy|neuropathy|related|associated)|\bHIV-(?:related|associated|induced)/;

/**
 * I.C.1.a.2.d: a patient listed as "HIV positive", "known HIV" or with a bare "HIV" and no documented symptom or
 * HIV-related condition has asymptomatic HIV infection status, Z21; B20 is for "AIDS", "HIV disease", or HIV with a
 * related condition (I.C.1.a.2.f), which the note must say.
 */
export function hivStatus(view: DocView, drafts: Draft[]): Draft[] {
  const b20 = drafts.find((d) => d.code === 'B20');
  if (!b20 || HIV_DISEASE.test(view.doc.text) || drafts.some((d) => d !== b20 && HIV_RELATED.test(d.code))) return drafts;
  if (drafts.some((d) => d.code === 'Z21')) return drafts.filter((d) => d !== b20);
  return [...drafts.filter((d) => d !== b20), mergeDrafts('Z21', [b20], 'HIV without a documented HIV-related condition: asymptomatic HIV infection status (I.C.1.a.2.d)')];
}
