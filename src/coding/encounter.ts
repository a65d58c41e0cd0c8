import type { DocView } from './doc-view.js';

/**
 * Encounter codes a note states outright rather than through a condition mention (ICD-10-CM Official Guidelines
 * I.C.21.c.2 immunization, I.C.21.c.13 routine and administrative examinations).
 */
export interface EncounterCode {
  code: string;
  /** The words that document it, in note offsets. */
  start: number;
  end: number;
  reason: string;
}

const VACCINE =
  /\b(?:vaccines?|vaccinations?|immuni[sz]ations?|flu\s+shot|influenza\s+shot|pneumovax|prevnar|pediarix|pentacel|kinrix|dtap|tdap|td\s+booster|tetanus\s+(?:shot|booster|toxoid)|hib|mmr|proquad|varivax|gardasil|zostavax|shingrix|rotateq|rotarix|ipv|hepatitis\s+[ab]\s+(?:vaccine|series|shot))\b/i;
/** The vaccine is given at this encounter ("immunizations updated with hepatitis B"). */
const GIVEN_NOW = /\b(?:given|gave|administered|will\s+receive|receives?\s+today|received\s+today|was\s+done|were\s+done|today|now|updated\s+with)\b/i;
/** A vaccine talked about, owed, refused or given before is no immunization at this encounter. */
const NOT_GIVEN_NOW =
  /\b(?:declined?|refused?|refuses|deferred|defer|due|needs?|can\s+be|could\s+be|should\s+be|may\s+be|consider\w*|recommend\w*|offer\w*|not\s+(?:given|received|administered)|(?:has|have|had)\s+been\s+given|will\s+return|next\s+(?:visit|year)|last|up\s+to\s+date|previously|prior|history|seen\s+by|(?:on|in)\s+(?:\d{1,2}\/(?:\d{1,2}\/)?)?(?:19|20)\d\d|reaction|allerg\w*)\b/i;

const WELL_CHILD = /\bwell[-\s](?:child|baby|infant)(?:\s+(?:check(?:[-\s]?up)?|visit|exam(?:ination)?|care))?\b/i;
const ADULT_EXAM =
  /\b(?:annual|routine|yearly|complete|comprehensive|general)\s+(?:physical(?:\s+exam(?:ination)?)?|health\s+(?:maintenance\s+)?(?:exam(?:ination)?|visit)|wellness\s+(?:exam(?:ination)?|visit)|check[-\s]?up|preventive\s+(?:exam(?:ination)?|visit))\b|\bhealth\s+maintenance\s+(?:exam(?:ination)?|visit)\b|\bhealthy\s+check[-\s]?up\b/i;
/** "his last complete physical", "he was in for a complete physical on 05/02/2008" are not this visit's reason. */
const PAST_EXAM = /\b(?:last|previous|prior|most\s+recent|recent)\s+(?:\w+\s+){0,2}$|\b(?:was|were|had)\s+(?:\w+\s+){0,3}$/i;

/** A visit for dietary counselling, named as the visit's purpose ("This is a followup dietary consultation"). */
const DIET_VISIT = /\b(?:diet(?:ary)?|nutrition(?:al)?)\s+(?:consult(?:ation)?|counsel+ing|follow[-\s]?up|visit|assessment)\b/i;
/** The dietitian's own review of the patient's food records at this visit. */
const FOOD_RECORDS_REVIEWED =
  /\bfood\s+(?:diary|diaries|records?|logs?)\s+(?:\w+\s+){0,2}reviewed\b|\b(?:went\s+over|reviewed)\s+(?:\w+\s+){0,2}food\s+(?:diary|diaries|records?|logs?)\b/i;

/** A cancer screening named as such; the site is the first filled group. */
const CANCER_SCREENING =
  /\b(colon|colorectal|breast|cervical|prostate|lung)\s+cancer\s+screening\b|\bscreening\s+(?:for\s+)?(colon|colorectal|breast|cervical|prostate|lung)\s+cancer\b|\bscreening\s+(colonoscopy|mammogra\w*)\b/i;
/** Z12 codes by the first five letters of the site word. */
const SCREENING_CODE: Readonly<Record<string, string>> = { colon: 'Z12.11', color: 'Z12.11', breas: 'Z12.31', mammo: 'Z12.31', cervi: 'Z12.4', prost: 'Z12.5', lung: 'Z12.2' };

const PER_YEAR: Readonly<Record<string, number>> = { year: 1, month: 12, week: 52, day: 365 };

/** A relative named right after an age: "lives with 23-year-old mother" states her age, not the patient's. */
const RELATIVE_AFTER = /^\s+(?:(?:\w+\s+){0,2})(?:mother|father|mom|dad|parents?|sister|brother|sibling|son|daughter|wife|husband|spouse|partner|grandmother|grandfather|aunt|uncle|cousin|friend|boyfriend|girlfriend)\b/i;

/** The first age the note states for the patient ("N-year-old", "N months old"), in years; null when it states none. */
export function statedAge(text: string): number | null {
  for (const m of text.matchAll(/\b(\d{1,3})[-\s](year|month|week|day)s?[-\s]old\b/gi)) {
    if (RELATIVE_AFTER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 40))) continue;
    return Number(m[1]) / PER_YEAR[m[2]!.toLowerCase()]!;
  }
  return null;
}

/**
 * Z23 when a vaccine is given at this encounter (I.C.21.c.2: "Encounter for immunization"; the vaccine given, not
 * one discussed, owed or refused); Z00.1- / Z00.0- when the visit is a routine child or adult examination
 * (I.C.21.c.13), with abnormal findings when `findings` says the note codes a condition beside it.
 */
export function encounterCodes(view: DocView, findings: boolean): EncounterCode[] {
  const text = view.doc.text;
  const out: EncounterCode[] = [];
  for (const s of view.doc.sentences) {
    const sentence = text.slice(s.start, s.end);
    const v = VACCINE.exec(sentence);
    if (!v || !GIVEN_NOW.test(sentence) || NOT_GIVEN_NOW.test(sentence)) continue;
    out.push({ code: 'Z23', start: s.start + v.index, end: s.start + v.index + v[0].length, reason: 'encounter for immunization: a vaccine given at this visit (I.C.21.c.2)' });
    break;
  }
  // I.C.21.c.10 / Alphabetic Index "Counseling, dietary" Z71.3: a dietitian's visit (its purpose, or the food records
  // reviewed with the patient), coded beside the condition the counselling is for.
  const diet = reasonForVisit(view, DIET_VISIT) ?? firstMatch(view, FOOD_RECORDS_REVIEWED);
  if (diet) out.push({ ...diet, code: 'Z71.3', reason: 'dietary counseling and surveillance: a dietitian visit (I.C.21.c.10, Alphabetic Index "Counseling, dietary")' });
  // I.C.21.c.5: a screening for a cancer as the visit's purpose ("referred for colon cancer screening"). Beside
  // conditions the visit codes, the screening is left out, as the annotation rules do for a consult that also treats
  // reflux before the colonoscopy.
  const screening = findings ? null : reasonForVisit(view, CANCER_SCREENING, true);
  if (screening) {
    const site = CANCER_SCREENING.exec(text.slice(screening.start, screening.end))!.slice(1).find(Boolean)!.toLowerCase();
    out.push({ ...screening, code: SCREENING_CODE[site.slice(0, 5)]!, reason: 'encounter for screening for malignant neoplasm (I.C.21.c.5)' });
  }
  const exam = reasonForVisit(view, WELL_CHILD, true) ?? reasonForVisit(view, ADULT_EXAM, true);
  if (exam) {
    const age = statedAge(text);
    const child = WELL_CHILD.test(text.slice(exam.start, exam.end)) || (age !== null && age < 18);
    // Z00.11-: a newborn's examination, under 8 days (Z00.110) or 8 to 28 days old (Z00.111).
    const days = age === null ? null : Math.round(age * 365);
    const newborn = days !== null && days <= 28 ? (days < 8 ? 'Z00.110' : 'Z00.111') : null;
    const code = newborn ?? (child ? (findings ? 'Z00.121' : 'Z00.129') : findings ? 'Z00.01' : 'Z00.00');
    const reason = newborn ? 'health examination for a newborn (I.C.21.c.13)' : `routine ${child ? 'child health' : 'general adult'} examination ${findings ? 'with' : 'without'} abnormal findings (I.C.21.c.13)`;
    out.push({ ...exam, code, reason });
  }
  return out;
}

/**
 * The first match of `re` that names the visit's purpose: in the note's opening, its chief complaint or the start of
 * its HPI; for an `examination`, also an item of the final statement.
 */
function reasonForVisit(view: DocView, re: RegExp, examination = false): { start: number; end: number } | null {
  const text = view.doc.text;
  for (const m of text.matchAll(new RegExp(re.source, 'gi'))) {
    const section = view.sectionAt(m.index);
    // A subjective / HPI states the visit's purpose in its first lines ("presents with Mom and Dad for her 1-year
    // well child check"); later it may mention other visits.
    const hpiStart = section === 'history_of_present_illness' ? view.doc.sections.find((x) => x.name === section && x.start <= m.index && m.index < x.end)?.start : undefined;
    // An examination may be the final statement's diagnosis ("ASSESSMENT: Well child check."): an item of its own.
    const item = examination && view.isFinal(m.index) && /^[\s\d.,:)-]*$/.test(text.slice(view.sentenceStartAt(m.index), m.index));
    const opening = m.index < 400 || section === 'chief_complaint' || (hpiStart !== undefined && m.index - hpiStart < 300) || item;
    if (!opening || PAST_EXAM.test(text.slice(Math.max(0, m.index - 30), m.index))) continue;
    return { start: m.index, end: m.index + m[0].length };
  }
  return null;
}

/** The first match of `re` in a sentence that is not a plan or a suggestion ("recommend keeping a food diary"). */
function firstMatch(view: DocView, re: RegExp): { start: number; end: number } | null {
  const text = view.doc.text;
  for (const s of view.doc.sentences) {
    const sentence = text.slice(s.start, s.end);
    const m = re.exec(sentence);
    if (!m || /\b(?:recommend\w*|suggest\w*|should|will|would|refer\w*|consider\w*|if)\b/i.test(sentence)) continue;
    return { start: s.start + m.index, end: s.start + m.index + m[0].length };
  }
  return null;
}
