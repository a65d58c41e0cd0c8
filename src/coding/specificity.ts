import type { Concept } from '../ontology/concept.js';
import type { Pack } from '../ontology/pack.js';
import { normalizeTerm } from '../text/normalize.js';

/** Title words that carry no specificity ("Dysphagia, oropharyngeal phase": the word before "phase" is the qualifier). */
const NEUTRAL = new Set(['of', 'and', 'or', 'the', 'in', 'to', 'with', 'due', 'by', 'for', 'on', 'as', 'other', 'specified', 'unspecified', 'type', 'nos', 'site', 'part', 'region', 'a', 'an', 'not', 'elsewhere', 'classified', 'encounter', 'initial', 'phase']);

/** Title words that join alternatives of one axis ("scalp and neck", "fingers or toes"). */
const ALTERNATIVE = new Set(['and', 'or']);

/** Route words in front of drug words ("oral agents", "oral antibiotics", "topical steroids"). */
const ROUTE_OF_DRUG = /\b(?:oral|oral(?:ly)?\s+administered|topical|intravenous|subcutaneous)\s+(?:[a-z-]+\s+)?(?:(?:anti-?)?hypoglycemics?|(?:anti-?)?diabetics?|agents?|medications?|medicines?|meds|antibiotics?|drugs?|steroids?|contraceptives?|pills?|tablets?|intake|therapy)\b/gi;

/** A dose's level ("the Neurontin is relatively at low dose") is no qualifier of the condition ("low back pain"). */
const DOSE_LEVEL = /\b(?:low|high|lower|higher|full|maximum|maximal|minimal|small|large)[-\s]dos(?:e|es|ing|age)\b/gi;

/** Words before a number that make it a qualifier ("type 2", "stage 3"); a bare number in a sentence is not one. */
const NUMBER_KEYS = new Set(['type', 'stage', 'grade', 'class', 'degree', 'trimester']);
const ROMAN: Readonly<Record<string, number>> = { i: 1, ii: 2, iii: 3, iv: 4, v: 5, vi: 6 };
const ROMAN_AFTER_KEY = /\b(type|stage|grade|class|degree)\s+(iii|ii|iv|vi|v|i)([ab])?\b/gi;

export interface SpecificChoice {
  code: string;
  title: string;
  /** Title words found in the context that took it below its category. */
  matched: string[];
  /** Qualifier words of the title the context does not have. */
  missing: number;
}

interface Billable {
  code: string;
  preferred: string;
  /** Normalised title words, computed once. */
  words: string[];
  /** Indexes into `words` where a comma part of the title begins ("…, recurrent, right ear"). */
  parts: ReadonlySet<number>;
}

function billable(code: string, preferred: string): Billable {
  const out: string[] = [];
  const parts = new Set<number>();
  for (const part of preferred.split(',')) {
    parts.add(out.length);
    out.push(...words(part));
  }
  return { code, preferred, words: out, parts };
}

const concepts = new WeakMap<Pack, Map<string, Concept | null>>();

/** pack.concept, memoised per pack: the coding rules ask for the same few hundred concepts again and again. */
export function conceptOf(pack: Pack, id: string): Concept | null {
  let cache = concepts.get(pack);
  if (!cache) concepts.set(pack, (cache = new Map()));
  let c = cache.get(id);
  if (c === undefined) cache.set(id, (c = pack.concept(id)));
  return c;
}

/** Billable codes under a root, per pack: descendants of a category are read from SQLite once, not per mention. */
const pools = new WeakMap<Pack, Map<string, Billable[]>>();

function billableUnder(pack: Pack, root: string): Billable[] {
  let cache = pools.get(pack);
  if (!cache) pools.set(pack, (cache = new Map()));
  let pool = cache.get(root);
  if (!pool) {
    // pack.concept, not the memo: the pool keeps the few fields it needs, not every descendant concept.
    pool = [root, ...pack.descendants(root).map((d) => d.id)]
      .map((id) => pack.concept(id))
      .flatMap((c) => (c && c.billable === true ? [billable(c.code, c.preferred)] : []));
    cache.set(root, pool);
  }
  return pool;
}

/**
 * Where the search for a more specific code starts. A header below the category ("G43.1 Migraine with aura") is
 * what the Index answered: stay in its subtree. A billable link (often the unspecified code) may move to any
 * billable code of its category.
 */
function poolRoot(pack: Pack, code: string): string {
  const concept = conceptOf(pack, `ICD10CM:${code}`);
  const category = `ICD10CM:${code.slice(0, 3)}`;
  if (concept && concept.billable !== true && code.length > 3) {
    // A header for an unspecified side or site ("S91.319 Laceration without foreign body, unspecified foot") only
    // waits for its 7th character; the side the note states is a sibling under its parent (S91.311-).
    const parent = concept.parents.find((p) => p.startsWith('ICD10CM:') && p.length > 'ICD10CM:'.length + 3);
    return /\bunspecified\b/i.test(concept.preferred) && parent ? parent : concept.id;
  }
  return conceptOf(pack, category) ? category : `ICD10CM:${code}`;
}

/** Note words that mean an ICD-10-CM title word ("lower extremity" = "lower limb"). */
const EQUIVALENT: Readonly<Record<string, string>> = { extremity: 'limb', extremities: 'limb', intraductal: 'ductal' };

/** Note words for a site and the words ICD-10-CM titles use for it. */
const SITE_WORDS: readonly (readonly [RegExp, string])[] = [
  [/\b(?:legs?|thighs?|calf|calves|shins?|knees?|ankles?|foot|feet|heels?)\b/i, 'lower limb'],
  [/\b(?:arms?|forearms?|elbows?|wrists?|hands?)\b/i, 'upper limb'],
  // Levels of an upper-limb amputation (Z89.21- below, Z89.22- above the elbow).
  [/\b(?:forearms?|lower\s+arms?|below[-\s](?:the[-\s])?elbow)\b/i, 'below elbow'],
  [/\b(?:upper\s+arms?|above[-\s](?:the[-\s])?elbow)\b/i, 'above elbow'],
  [/\b(?:colon|colonic|sigmoid|cecum|cecal|rectosigmoid)\b/i, 'large intestine'],
  [/\b(?:jejun\w*|ileum|ileal|duoden\w*|small\s+bowel)\b/i, 'small intestine'],
  // "Pain in thoracic spine" (M54.6) is the pain of the thoracic or mid back.
  [/\b(?:thoracic|mid|middle)[-\s]back\b/i, 'thoracic spine'],
];

/**
 * Body parts a side word may name instead of the condition's own site ("left leg pain" beside an ovarian cancer).
 * Limbs and the body surface only: organs have adjective forms in titles ("testicle" / "Left testicular pain").
 */
const SIDED_PART = /^(?:legs?|arms?|hands?|foot|feet|knees?|ankles?|hips?|shoulders?|elbows?|wrists?|thighs?|calf|calves|groin|forearms?|fingers?|toes?|chest|flank|neck|face|cheek|temple|buttocks?|heel|shin)$/i;
const SIDE_THEN_WORD = /\b(?:right|left)\b((?:[\s-]+(?:upper|lower|mid|middle|sided?))?[\s-]+)(\w+)/gi;

/** The stemmed title words of a category's billable codes ("ear" for H66, "ovary" and "left" for C56). */
const categoryWordCache = new WeakMap<Pack, Map<string, ReadonlySet<string>>>();
function categoryWords(pack: Pack, category: string): ReadonlySet<string> {
  let cache = categoryWordCache.get(pack);
  if (!cache) categoryWordCache.set(pack, (cache = new Map()));
  let set = cache.get(category);
  if (!set) cache.set(category, (set = new Set(billableUnder(pack, `ICD10CM:${category}`).flatMap((c) => c.words.map(stem)))));
  return set;
}

/**
 * I.B.13: a side belongs to the body part written after it. The text with every side word removed that names a body
 * part the code's category never names ("… of the ovary who presented with left leg swelling": "left" is the leg's,
 * not the ovary's); sides of parts the category names ("right ear" for otitis, "left lower extremity" for a
 * sarcoma, read as "lower limb") stay.
 */
export function withoutForeignSides(pack: Pack, code: string, text: string, mention = ''): string {
  if (!/\b(?:right|left)\b/i.test(text)) return text;
  // The mention's own words name its part too: "left hip fracture" is a femur fracture (S72) of the left side.
  const category = categoryWords(pack, code.slice(0, 3));
  const mentionWords = new Set(words(mention).map(stem));
  const own = { has: (w: string) => category.has(w) || mentionWords.has(w) };
  return text.replace(SIDE_THEN_WORD, (whole: string, gap: string, part: string) => {
    if (!SIDED_PART.test(part)) return whole;
    const site = SITE_WORDS.find(([re]) => re.test(part))?.[1];
    const named = own.has(stem(normalizeTerm(part))) || (site !== undefined && site.split(' ').every((w) => own.has(stem(w))));
    return named ? whole : `${gap.trimStart()}${part}`;
  });
}

/**
 * The plain words of a Greek title word: "Dorsalgia" (M54) is back pain, so a note's "back pain" is already what the
 * category says and no reason to move to "Low back pain" (Index "Pain, back M54.9").
 */
const TITLE_GLOSS: Readonly<Record<string, readonly string[]>> = { dorsalgia: ['back', 'pain'], cervicalgia: ['neck', 'pain'] };

/** Sides and body parts: where a condition is, not what it is. */
const BODY_WORDS = /^(?:right|left|bilateral|unilateral|sided?|upper|lower|limbs?|legs?|arms?|hands?|foot|feet|knees?|ankles?|hips?|shoulders?|elbows?|wrists?|thighs?|calf|forearms?|fingers?|toes?|head|neck|back|chest|trunk|region|part)$/;

/** Words that say a value is off ("elevated cholesterol"), not which kind of condition it is. */
const LEVEL_WORDS = new Set(['elevated', 'high', 'increased', 'raised', 'low', 'decreased', 'reduced', 'abnormal']);

/** Title words whose absence is the default, like words after "without" ("Alcohol dependence, uncomplicated"). */
const DEFAULT_WORDS = new Set(['uncomplicated', 'unrestricted', 'contralateral']);

/**
 * Light suffix stripping so that adjective and noun forms of a qualifier meet ("hypercapnic" / "hypercapnia",
 * "diabetic" / "diabetes", "ischemic" / "ischemia"); short words are left alone.
 */
export function stem(word: string): string {
  const w = EQUIVALENT[word] ?? word;
  return w.length > 5 ? w.replace(/(?:ically|ical|ic|ia|al|es|s|a)$/, '') : w;
}

function words(text: string): string[] {
  return normalizeTerm(text).split(' ').filter(Boolean);
}

/** Title words outside its "without …" parts (a "without" part runs to the next comma or "with"). */
function statedWords(title: string): string[] {
  const { words: all, parts } = billable('', title);
  let negated = false;
  return all.filter((w, i) => {
    if (parts.has(i)) negated = false;
    if (w === 'without' || w === 'with') negated = w === 'without';
    return !negated;
  });
}

/**
 * The most specific billable code the words of the mention and its clause support (Official Guidelines I.B.2:
 * code to the highest number of characters available). Among the billable codes of the linked code's category,
 * each scores +1 per qualifier word of its title found in the context and −1 per qualifier missing — except words
 * after "without" in the title, whose absence is the default ("without complications"). A number counts only
 * after its key word ("type 2", "stage 3"). Ties keep the linked code when it is billable, else the 'unspecified'
 * child, else the shortest code. Never returns a header. `mention` is the text that linked to `code`.
 */
export function mostSpecificBillable(pack: Pack, code: string, context: string, mention?: string): SpecificChoice | null {
  // A route of administration is no site: "oral hypoglycemics" says nothing of the mouth (I.B.2 specificity comes
  // from the documented condition, not from its treatment).
  context = context.replace(ROUTE_OF_DRUG, ' ').replace(DOSE_LEVEL, ' ');
  // Titles number stages, types and classes in Arabic numerals ("Chronic kidney disease, stage 4"); notes often write
  // them in Roman ones ("stage IV chronic kidney disease", "stage IIIa").
  context = context.replace(ROMAN_AFTER_KEY, (_m, key: string, roman: string, sub: string | undefined) => `${key} ${ROMAN[roman.toLowerCase()]!}${sub ?? ''}`);
  const concept = conceptOf(pack, `ICD10CM:${code}`);
  if (!concept) return null;
  if (conceptOf(pack, `ICD10CM:${code.slice(0, 3)}`)) context = withoutForeignSides(pack, code, context, mention);
  const root = poolRoot(pack, code);
  const pool = billableUnder(pack, root);
  if (pool.length === 0) return null;
  // ICD-10-CM titles say "lower limb", "large intestine" where notes say leg, colon (I.B.2: the site is documented).
  const sites = SITE_WORDS.filter(([re]) => re.test(context)).map(([, w]) => ` ${w}`).join('');
  // Tabular K40–K46 inclusion terms: an incarcerated, irreducible or strangulated hernia is a hernia "with
  // obstruction" (gangrene only when stated).
  const obstructed = /^K4[0-6]/.test(code) && /\b(?:incarcerat\w*|irreducible|strangulat\w*)\b/i.test(context) ? ' obstruction' : '';
  // A stated side of a paired organ is a unilateral condition ("Conductive hearing loss, right ear" → H90.11).
  const unilateral = /\b(?:right|left)\b/i.test(context) && !/\b(?:bilateral\w*|both)\b/i.test(context) ? ' unilateral' : '';
  // "bilaterally", "of both feet": the titles say "bilateral".
  const bilateral = /\bbilaterally\b|\bboth\s+(?:\w+\s+)?(?:sides|feet|hands|legs|arms|eyes|ears|knees|hips|shoulders|wrists|ankles|elbows|extremities|limbs|lungs|kidneys|breasts)\b/i.test(context) ? ' bilateral' : '';
  const ctxWords = words(context + sites + unilateral + bilateral + obstructed);
  const ctx = new Set(ctxWords.map(stem));
  const pairs = new Set(ctxWords.slice(1).map((w, i) => `${ctxWords[i]} ${w}`));
  // Words the linked code already states are not evidence for moving away from it.
  // Nor is a level word of the mention that linked to a billable code: "elevated cholesterol" is a term of E78.00,
  // its "elevated" no reason to move to "Elevated Lipoprotein(a)". Site words still count ("thoracic kyphosis"
  // linked to "kyphosis, site unspecified"), and a header's mention words choose its child.
  const linkedBy = concept.billable && mention ? words(mention).filter((w) => LEVEL_WORDS.has(w)) : [];
  // A word the linked title negates ("…without perforation or abscess") is stated absent, not stated: a sibling
  // "with perforation and abscess" still needs the note to say so.
  const stated = [...words(conceptOf(pack, root)?.preferred ?? ''), ...statedWords(concept.preferred), ...linkedBy];
  const baseWords = new Set([...stated, ...stated.flatMap((w) => TITLE_GLOSS[w] ?? [])].map(stem));
  // I.B.13 / I.B.2: the word after "unspecified" in a title ("…, unspecified ear") names the axis that code leaves
  // open; when every sided sibling names the same axis ("right ear", "left ear"), the axis word is no qualifier
  // either way: only the value (right, left) tells the codes apart, so a side the note documents wins over the
  // code for an unspecified side. (A pool of many sites — "left forearm" beside "left foot" — has no such axis.)
  const afterUnspecified = (c: Billable, i: number) => i > 1 && c.words[i - 1] === 'unspecified' && !c.parts.has(i);
  const sided = pool.filter((c) => c.words.includes('right') || c.words.includes('left'));
  const axis = new Set(
    pool.flatMap((c) => c.words.flatMap((w, i) => (afterUnspecified(c, i) && sided.length > 0 && sided.every((o) => o.words.includes(w)) ? [stem(w)] : []))),
  );
  // A specific billable linked code's own qualifiers the note states ("parathyroid" of D35.1) are missing from a
  // sibling that lacks them: "right parathyroid adenoma" stays D35.1, not the sided "right adrenal gland" D35.01. (A
  // catch-all "unspecified"/"other" code is a starting point, not a choice to keep.)
  const rootWords = new Set(words(conceptOf(pack, root)?.preferred ?? '').map(stem));
  const ownQualifiers = concept.billable === true && !/\b(?:unspecified|other)\b/i.test(concept.preferred) ? [...new Set(words(concept.preferred).filter((w) => !NEUTRAL.has(w)).map(stem))].filter((w) => !rootWords.has(w) && ctx.has(w)) : [];
  let best: { c: (typeof pool)[number]; score: number; matched: string[]; missing: number } | null = null;
  // A billable link moves to another subcategory only when the note names what that subcategory is about: "right
  // leg muscle spasm" (M62.838) is no "Contracture of muscle, right lower leg" (M62.461) for its site words alone.
  // The subcategory's own title words count, or the code's own words other than sides and body parts ("Sepsis due to
  // Escherichia coli" under "…other Gram-negative organisms" is named by "E. coli").
  const ownWords = (title: string) => words(title).filter((w) => !NEUTRAL.has(w) && !BODY_WORDS.test(w) && !DEFAULT_WORDS.has(w) && !baseWords.has(stem(w)));
  const headerNamed = new Map<string, boolean | null>();
  const subcategoryNamed = (c: Billable): boolean => {
    const sub = c.code.slice(0, 5);
    if (concept.billable !== true || c.code.length < 5 || sub === code.slice(0, 5)) return true;
    let named = headerNamed.get(sub);
    if (named === undefined) {
      const own = ownWords(conceptOf(pack, `ICD10CM:${sub}`)?.preferred ?? c.preferred);
      // null: the header names nothing of its own, so every code under it may be chosen.
      named = own.length === 0 ? null : own.some((w) => ctx.has(stem(w)));
      headerNamed.set(sub, named);
    }
    return named !== false || ownWords(c.preferred).some((w) => ctx.has(stem(w)));
  };
  for (const c of pool) {
    if (!subcategoryNamed(c)) continue;
    const title = c.words;
    let score = 0;
    let missing = 0;
    const matched: string[] = [];
    let absentIsDefault = false;
    const positive = new Set<string>();
    const foundAt = (i: number): boolean => {
      const w = title[i];
      if (w === undefined || NEUTRAL.has(w)) return false;
      const prev = title[i - 1] ?? '';
      return /^\d+$/.test(w) && NUMBER_KEYS.has(prev) ? pairs.has(`${prev} ${w}`) : ctx.has(stem(w));
    };
    title.forEach((w, i) => {
      // "without spontaneous rupture of ear drum, recurrent, right ear": the "without" part ends at the comma; the
      // parts after it are qualifiers the note must state (a side after it is no default).
      if (c.parts.has(i)) absentIsDefault = false;
      if (w === 'without' || w === 'with') {
        absentIsDefault = w === 'without';
        return;
      }
      // "…, not specified as recurrent" (A04.72) is the code for a note that does not say recurrent: like "without".
      if (w === 'not' && title[i + 1] === 'specified' && title[i + 2] === 'as') {
        absentIsDefault = true;
        return;
      }
      const s = stem(w);
      // "Laceration without foreign body of scalp": the negated part is the foreign body; the site after it is stated.
      if (absentIsDefault && w === 'body' && title[i - 1] === 'foreign') {
        absentIsDefault = false;
        return;
      }
      if (NEUTRAL.has(w) || baseWords.has(s) || axis.has(s)) return;
      // "…, lumbar region without mention of lumbar back pain": a word the title already states is no absence, and
      // "…with discogenic back pain and lower extremity pain" is not twice about pain.
      if (positive.has(s)) return;
      if (!absentIsDefault) positive.add(s);
      if (DEFAULT_WORDS.has(w)) {
        if (ctx.has(s)) matched.push(w);
        return;
      }
      // "Unspecified lump in the right breast, unspecified quadrant": a word the title itself leaves unspecified is
      // no qualifier the note must state (I.B.2).
      // Same comma part only: in "Otitis media, unspecified, right ear" the side is a qualifier (I.B.13).
      if (afterUnspecified(c, i)) return;
      const found = foundAt(i);
      // "Melanocytic nevi of scalp and neck": words joined by "and"/"or" are alternatives of one axis; the site the
      // note names is enough, its partner is not a missing qualifier (I.B.2).
      if (!found && ((ALTERNATIVE.has(title[i - 1] ?? '') && foundAt(i - 2)) || (ALTERNATIVE.has(title[i + 1] ?? '') && foundAt(i + 2)))) return;
      if (found) {
        score += absentIsDefault ? -1 : 1;
        matched.push(w);
      } else if (!absentIsDefault) {
        score -= 1;
        missing++;
      }
    });
    if (c.code !== code) for (const q of ownQualifiers) if (!c.words.some((w) => stem(w) === q)) score -= 1;
    if (!best || score > best.score || (score === best.score && preferOnTie(c.code, c.preferred, best.c.code, best.c.preferred, code))) best = { c, score, matched, missing };
  }
  return best ? { code: best.c.code, title: best.c.preferred, matched: best.matched, missing: best.missing } : null;
}

/**
 * Guideline I.B.13 (laterality): a bilateral condition whose category has no bilateral code is coded once for the
 * right side and once for the left. Returns both choices, or null when the context does not say bilateral, the
 * category has a bilateral code, or the category has no sided codes.
 */
export function bilateralChoices(pack: Pack, code: string, context: string): [SpecificChoice, SpecificChoice] | null {
  if (!/\bbilateral(?:ly)?\b/i.test(context)) return null;
  const root = poolRoot(pack, code);
  const titles = billableUnder(pack, root).map((c) => c.preferred.toLowerCase());
  if (titles.some((t) => /\bbilateral\b/.test(t)) || !titles.some((t) => /\bright\b/.test(t)) || !titles.some((t) => /\bleft\b/.test(t))) return null;
  // "bilateral hip pain, right worse than left" grades the two sides; it does not make the pain one-sided.
  const without = context.replace(/\bbilateral(?:ly)?\b/gi, ' ').replace(/\b(?:right|left)\s+(?:(?:is|side)\s+)?(?:worse|greater|more(?:\s+\w+)?|larger|bigger)\s+than\s+(?:the\s+)?(?:right|left)\b/gi, ' ');
  const right = mostSpecificBillable(pack, code, `${without} right`);
  const left = mostSpecificBillable(pack, code, `${without} left`);
  if (!right || !left || right.code === left.code) return null;
  if (!/\bright\b/i.test(right.title) || !/\bleft\b/i.test(left.title)) return null;
  // Only when the note names the site: "bilateral arthralgias" is no pair of wrists.
  if (right.missing > 0 || left.missing > 0) return null;
  return [right, left];
}

function preferOnTie(a: string, aTitle: string, b: string, bTitle: string, linked: string): boolean {
  if (a === linked) return true;
  if (b === linked) return false;
  // Nearest to the code the Index gave (longest shared prefix): "Otitis media, unspecified, right ear" (H66.91) for
  // H66.90, not the suppurative H66.41 that ties with it on the side word.
  const shared = (x: string) => [...x].findIndex((ch, i) => ch !== linked[i]);
  const as = shared(a) < 0 ? a.length : shared(a);
  const bs = shared(b) < 0 ? b.length : shared(b);
  if (as !== bs) return as > bs;
  const au = /unspecified/i.test(aTitle);
  const bu = /unspecified/i.test(bTitle);
  if (au !== bu) return au;
  return a.length < b.length || (a.length === b.length && a < b);
}

/**
 * Guideline I.C.2 / I.B.2 (neoplasms are coded to the documented site): when the mention left a neoplasm at an
 * unspecified site, a sibling whose every site word appears in one sentence of the note body (pathology, endoscopy,
 * imaging narrative: "a mass at the splenic flexure") names the site. Only a single such sibling counts. `sentences`
 * are the note's sentences about a tumour.
 */
/** Site words of neoplasm titles that many organs share (bladder neck, pancreas head, stomach body). */
const GENERIC_SITE = /^(?:neck|head|body|tail|base|wall|dome|border|surface|floor|tip)$/;

export function neoplasmSiteFromNote(pack: Pack, code: string, sentences: readonly string[]): SpecificChoice | null {
  if (!/^(?:C|D[0-4])/.test(code)) return null;
  const concept = conceptOf(pack, `ICD10CM:${code}`);
  if (!concept || !/\bunspecified\b/i.test(concept.preferred)) return null;
  const category = code.slice(0, 3);
  if (!conceptOf(pack, `ICD10CM:${category}`)) return null;
  const base = new Set([...words(conceptOf(pack, `ICD10CM:${category}`)?.preferred ?? ''), 'malignant', 'neoplasm', 'unspecified'].map(stem));
  const bags = sentences.map((x) => new Set(words(withoutForeignSides(pack, code, x)).map(stem)));
  const organ = [...base].filter((w) => !NEUTRAL.has(w) && !['malignant', 'neoplasm', 'unspecified'].includes(w));
  const hits: SpecificChoice[] = [];
  for (const c of billableUnder(pack, `ICD10CM:${category}`)) {
    if (c.code === code || /\b(?:unspecified|overlapping|other)\b/i.test(c.preferred)) continue;
    const site = c.words.filter((w) => !NEUTRAL.has(w) && !base.has(stem(w)) && w !== 'without' && w !== 'with');
    if (site.length === 0) continue;
    // A site named by a generic word ("neck" of C67.5 bladder neck) must be written with the organ ("bladder neck"):
    // a "HEAD AND NECK" examination line is no bladder site.
    const needsOrgan = site.length === 1 && GENERIC_SITE.test(site[0]!) && organ.length > 0;
    if (bags.some((b) => site.every((w) => b.has(stem(w))) && (!needsOrgan || organ.some((w) => b.has(w))))) hits.push({ code: c.code, title: c.preferred, matched: site, missing: 0 });
  }
  return hits.length === 1 ? hits[0]! : null;
}
