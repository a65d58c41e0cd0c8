import { invalidArgument } from '../errors.js';
import { detectSections, sectionAt } from '../text/sections.js';
import { splitSentences } from '../text/sentences.js';
import { tokenize, type Token } from '../text/tokens.js';
import type { Assertion, Section, SectionName, Span } from '../types.js';
import { SECTION_DEFAULTS, type SectionDefault } from './section-defaults.data.js';
import {
  CATEGORY_MAX_SCOPE,
  PSEUDO_TRIGGERS,
  TERMINATORS,
  TRIGGERS,
  TRIGGER_ENDS_SCOPE,
  type AssertionCategory,
  type TerminatorDef,
  type TriggerDef,
} from './triggers.data.js';

/**
 * ConText (Harkema, Dowling, Thornblade & Chapman 2009): a mention is negated, uncertain, historical, hypothetical
 * or about a family member when it falls inside the scope of a trigger of that category.
 *
 * - Triggers, pseudo-triggers and terminators are matched on tokens, longest first, left to right; a pseudo-trigger
 *   ("no change", "gram negative") consumes its words so the trigger inside it never fires. Words of a target are
 *   never part of a trigger.
 * - Scope: a forward trigger reaches to the end of the sentence, a backward one to its start, both stopping at the
 *   first terminator of their category ("but", "however", "which", ";", "presents with" …) between trigger and
 *   target. Unlike the original ConText, which always runs to the sentence end, the scope is also capped at a
 *   number of words (pyConText's max scope; CATEGORY_MAX_SCOPE, per trigger where the lexicon says so): clinical
 *   text joins clauses with commas the splitter cannot separate ("no fever, he was found to have pneumonia").
 * - Section defaults (SECTION_DEFAULTS) are applied first; triggers only add categories.
 * - A family mention is not also historical: temporality describes the patient's own timeline.
 */

export interface ContextSentence extends Span {
  /** The sentence's own text: `note.slice(start, end)`. */
  text: string;
}

export type ScopeLimit = number | null;

export interface ContextOptions {
  /** Scope cap in words: one value for all categories, or per category; `null` = to the sentence end. */
  maxScope?: ScopeLimit | Partial<Record<AssertionCategory, ScopeLimit>>;
  /** A lexicon from `compileLexicon`; defaults to the built-in one. */
  lexicon?: ContextLexicon;
  /** Section defaults; the lexicon's (SECTION_DEFAULTS unless compiled otherwise) when absent, [] for none. */
  sectionDefaults?: readonly SectionDefault[];
}

/** One trigger that fired for a target, with its offsets in the note. */
export interface TriggerHit extends Span {
  phrase: string;
  category: AssertionCategory;
  direction: TriggerDef['direction'];
}

export interface AssertionExplanation {
  assertion: Assertion;
  /** Triggers whose scope covers the target. */
  triggers: TriggerHit[];
  /** Categories set by the section. */
  fromSection: AssertionCategory[];
}

const CATEGORIES: readonly AssertionCategory[] = ['negated', 'uncertain', 'historical', 'hypothetical', 'family'];
const WILDCARD = '\u0000*';
const MAX_GAP = 3;

/** One phrase of a compiled lexicon and what it does. */
export interface LexiconEntry {
  tokens: readonly string[];
  phrase: string;
  triggers: TriggerDef[];
  /** Categories this phrase terminates. */
  terminates: Set<AssertionCategory>;
  pseudo: boolean;
}

/** A compiled lexicon: phrases indexed by their first token. Build once, reuse. */
export interface ContextLexicon {
  readonly byFirst: ReadonlyMap<string, readonly LexiconEntry[]>;
  readonly triggerEndsScope: Readonly<Partial<Record<AssertionCategory, readonly AssertionCategory[]>>>;
  readonly defaults: ReadonlyMap<SectionName, { set: readonly AssertionCategory[]; unless: ContextLexicon | undefined }>;
}

function phraseTokens(phrase: string): string[] {
  return tokenize(phrase).map((t) => (t.text === '*' ? WILDCARD : t.lower));
}

function indexPhrases(
  triggers: readonly TriggerDef[],
  pseudo: readonly string[],
  terminators: readonly TerminatorDef[],
): Map<string, LexiconEntry[]> {
  const byKey = new Map<string, LexiconEntry>();
  const entry = (phrase: string): LexiconEntry | undefined => {
    const tokens = phraseTokens(phrase);
    if (tokens.length === 0 || tokens[0] === WILDCARD) return undefined;
    const key = tokens.join(' ');
    let e = byKey.get(key);
    if (!e) byKey.set(key, (e = { tokens, phrase, triggers: [], terminates: new Set(), pseudo: false }));
    return e;
  };
  for (const t of triggers) entry(t.phrase)?.triggers.push(t);
  for (const p of pseudo) {
    const e = entry(p);
    if (e) e.pseudo = true;
  }
  for (const t of terminators) {
    const e = entry(t.phrase);
    if (e) for (const c of t.categories ?? CATEGORIES) e.terminates.add(c);
  }
  const byFirst = new Map<string, LexiconEntry[]>();
  for (const e of byKey.values()) {
    const first = e.tokens[0]!;
    const list = byFirst.get(first) ?? [];
    list.push(e);
    byFirst.set(first, list);
  }
  return byFirst;
}

/** Compiles a ConText lexicon; every argument defaults to the built-in data. */
export function compileLexicon(
  data: {
    triggers?: readonly TriggerDef[];
    pseudoTriggers?: readonly string[];
    terminators?: readonly TerminatorDef[];
    triggerEndsScope?: Readonly<Partial<Record<AssertionCategory, readonly AssertionCategory[]>>>;
    sectionDefaults?: readonly SectionDefault[];
  } = {},
): ContextLexicon {
  const defaults = compileDefaults(data.sectionDefaults ?? SECTION_DEFAULTS);
  return {
    byFirst: indexPhrases(data.triggers ?? TRIGGERS, data.pseudoTriggers ?? PSEUDO_TRIGGERS, data.terminators ?? TERMINATORS),
    triggerEndsScope: data.triggerEndsScope ?? TRIGGER_ENDS_SCOPE,
    defaults,
  };
}

type CompiledDefaults = ContextLexicon['defaults'];

function compileDefaults(list: readonly SectionDefault[]): CompiledDefaults {
  const defaults = new Map<SectionName, { set: readonly AssertionCategory[]; unless: ContextLexicon | undefined }>();
  for (const d of list) {
    const unless = d.unlessSentenceHas?.length
      ? { byFirst: indexPhrases([], d.unlessSentenceHas, []), triggerEndsScope: {}, defaults: new Map() }
      : undefined;
    defaults.set(d.section, { set: d.set, unless });
  }
  return defaults;
}

const compiledDefaults = new WeakMap<readonly SectionDefault[], CompiledDefaults>();

/** Section defaults in force: `options.sectionDefaults` when given (compiled once per array), else the lexicon's. */
function defaultsFor(options: ContextOptions | undefined, lexicon: ContextLexicon): CompiledDefaults {
  const list = options?.sectionDefaults;
  if (!list) return lexicon.defaults;
  let d = compiledDefaults.get(list);
  if (!d) compiledDefaults.set(list, (d = compileDefaults(list)));
  return d;
}

let builtIn: ContextLexicon | undefined;
function defaultLexicon(): ContextLexicon {
  return (builtIn ??= compileLexicon());
}

/** Token index just past `entry` matched at i, or -1. `blocked[k]` marks tokens inside a target. */
function matchAt(entry: LexiconEntry, tokens: readonly Token[], blocked: readonly boolean[], i: number): number {
  const go = (p: number, k: number): number => {
    if (p === entry.tokens.length) return k;
    const want = entry.tokens[p]!;
    if (want === WILDCARD) {
      for (let gap = 1; gap <= MAX_GAP; gap++) {
        const last = k + gap - 1;
        const t = tokens[last];
        if (!t || blocked[last] || t.kind === 'punct') break;
        const end = go(p + 1, k + gap);
        if (end !== -1) return end;
      }
      return -1;
    }
    const t = tokens[k];
    if (!t || blocked[k] || t.lower !== want) return -1;
    return go(p + 1, k + 1);
  };
  return go(0, i);
}

interface Match {
  start: number; // token index
  end: number; // token index, exclusive
  entry: LexiconEntry;
  /** Categories ended here: by the winning phrase and by every shorter terminator matching at the same token. */
  terminates: Set<AssertionCategory>;
}

/** Longest-first, left-to-right phrase matches over the tokens (non-overlapping). */
function findMatches(lexicon: ContextLexicon, tokens: readonly Token[], blocked: readonly boolean[]): Match[] {
  const out: Match[] = [];
  let i = 0;
  while (i < tokens.length) {
    const cands = blocked[i] ? undefined : lexicon.byFirst.get(tokens[i]!.lower);
    let best: Match | undefined;
    const terminates = new Set<AssertionCategory>();
    if (cands) {
      for (const e of cands) {
        const end = matchAt(e, tokens, blocked, i);
        if (end <= i) continue;
        for (const c of e.terminates) terminates.add(c);
        if (!best || end > best.end) best = { start: i, end, entry: e, terminates };
      }
    }
    if (best) {
      for (const t of best.entry.triggers) for (const c of lexicon.triggerEndsScope[t.category] ?? []) terminates.add(c);
      out.push(best);
      i = best.end;
    } else i++;
  }
  return out;
}

function scopeFor(options: ContextOptions | undefined, category: AssertionCategory, trigger: TriggerDef): ScopeLimit {
  const o = options?.maxScope;
  if (o !== undefined && (o === null || typeof o === 'number')) return o;
  if (o && o[category] !== undefined) return o[category] ?? null;
  return trigger.maxScope ?? CATEGORY_MAX_SCOPE[category];
}

function checkSpan(s: Span, lo: number, hi: number, what: string): void {
  if (!Number.isInteger(s.start) || !Number.isInteger(s.end) || s.start < lo || s.end > hi || s.start > s.end) {
    throw invalidArgument(`${what} [${String(s.start)}, ${String(s.end)}) is not inside [${lo}, ${hi})`, what);
  }
}

/**
 * ConText assertions for each target in one sentence, in target order.
 *
 * @param sentence the sentence's text and its offsets in the note (`text === note.slice(start, end)`)
 * @param targets mention spans in note offsets, each inside the sentence
 * @param section the section the sentence is in (drives SECTION_DEFAULTS)
 */
/** "for the last 6 years", "for over 10 years", "for several months now"; not "… ago", "… in childhood", "… until 2005". */
const ONGOING_AFTER = /^\s*,?\s*(?:for|over)\s+(?:the\s+)?(?:(?:last|past)\s+)?(?:(?:over|more\s+than|about|approximately|almost|nearly)\s+)?(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|several|many|a\s+few|few)\s+(?:years?|months?|decades?)\b(?!\s+(?:ago|in\s+(?:childhood|the\s+past)|as\s+an?\s+(?:child|teen\w*|adolescent)|until|before|when|after|previously))/i;

/** A recent duration right before "history of": "three-month", "3 day", "2-week", "several-week". */
const DURATION_BEFORE = /\b(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few|couple(?:\s+of)?)[-\s](?:hours?|days?|weeks?|months?)[-\s]$/i;

/** "in 1992", "back in March 2004", "in the 1990s" right after a mention (not "since 1992": that runs up to now). */
const DATED_AFTER = /^\s*,?\s*(?:back\s+)?in\s+(?:(?:early|late|mid)[-\s])?(?:(?:january|february|march|april|may|june|july|august|september|october|november|december|spring|summer|fall|autumn|winter)\s+(?:of\s+)?)?(?:the\s+)?(?:19|20)\d\d(?:'?s)?\b/i;

export function assertContext(
  sentence: ContextSentence,
  targets: readonly Span[],
  section: SectionName,
  options?: ContextOptions,
): Assertion[] {
  return explainContext(sentence, targets, section, options).map((e) => e.assertion);
}

/** As `assertContext`, with the triggers and section defaults behind each assertion (for debugging and evaluation). */
export function explainContext(
  sentence: ContextSentence,
  targets: readonly Span[],
  section: SectionName,
  options?: ContextOptions,
): AssertionExplanation[] {
  if (sentence.text.length !== sentence.end - sentence.start) {
    throw invalidArgument(`sentence text has length ${sentence.text.length}, its span [${sentence.start}, ${sentence.end}) does not`, 'sentence');
  }
  for (const t of targets) checkSpan(t, sentence.start, sentence.end, 'target');
  const lexicon = options?.lexicon ?? defaultLexicon();
  const tokens = tokenize(sentence.text).map((t) => ({ ...t, start: t.start + sentence.start, end: t.end + sentence.start }));
  const n = tokens.length;

  // Token ranges of the targets (binary search: tokens are sorted); their tokens never take part in a trigger.
  const blocked = new Array<boolean>(n).fill(false);
  const ranges = targets.map((t) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tokens[mid]!.end <= t.start) lo = mid + 1;
      else hi = mid;
    }
    let te = lo;
    while (te < n && tokens[te]!.start < t.end) blocked[te++] = true;
    return te > lo ? { ts: lo, te } : undefined;
  });

  const matches = findMatches(lexicon, tokens, blocked);
  const sentenceWords = new Set(tokens.map((t) => t.lower));
  const fires = (trig: TriggerDef): boolean => !trig.sentenceHas || trig.sentenceHas.some((w) => sentenceWords.has(w));

  // Prefix counts: words before token k; terminators of each category starting before token k.
  const words = new Array<number>(n + 1).fill(0);
  for (let k = 0; k < n; k++) words[k + 1] = words[k]! + (tokens[k]!.kind === 'punct' ? 0 : 1);
  const termCount = new Map<AssertionCategory, number[]>();
  for (const c of CATEGORIES) {
    const arr = new Array<number>(n + 1).fill(0);
    const starts = new Set(matches.filter((m) => m.terminates.has(c)).map((m) => m.start));
    for (let k = 0; k < n; k++) arr[k + 1] = arr[k]! + (starts.has(k) ? 1 : 0);
    termCount.set(c, arr);
  }
  const terminatedBetween = (c: AssertionCategory, from: number, to: number): boolean => {
    const arr = termCount.get(c)!;
    return to > from && arr[to]! - arr[from]! > 0;
  };

  // Section default, unless the sentence says otherwise.
  const def = defaultsFor(options, lexicon).get(section);
  let fromSection: AssertionCategory[] = [];
  if (def) {
    const cancelled = def.unless !== undefined && findMatches(def.unless, tokens, new Array<boolean>(n).fill(false)).length > 0;
    if (!cancelled) fromSection = [...def.set];
  }

  // Only triggers within the widest possible scope of a target can reach it; scanning outwards from the target
  // keeps long sentences with many targets linear.
  let widest = 0;
  for (const m of matches) for (const trig of m.entry.triggers) widest = Math.max(widest, scopeFor(options, trig.category, trig) ?? Infinity);

  const results = ranges.map((r, i): AssertionExplanation => {
    const flags: Assertion = { negated: false, uncertain: false, historical: false, hypothetical: false, family: false };
    for (const c of fromSection) flags[c] = true;
    const hits: TriggerHit[] = [];
    const consider = (m: Match): void => {
      if (!r) return;
      for (const trig of m.entry.triggers) {
        if (!fires(trig)) continue;
        const c = trig.category;
        const limit = scopeFor(options, c, trig);
        let inScope = false;
        if (trig.direction !== 'backward' && m.end <= r.ts) {
          const dist = words[r.ts]! - words[m.end]! + 1;
          inScope = (limit === null || dist <= limit) && !terminatedBetween(c, m.end, r.ts);
        }
        if (!inScope && trig.direction !== 'forward' && m.start >= r.te) {
          const dist = words[m.start]! - words[r.te]! + 1;
          inScope = (limit === null || dist <= limit) && !terminatedBetween(c, r.te, m.start);
        }
        if (inScope) {
          flags[c] = true;
          hits.push({ start: tokens[m.start]!.start, end: tokens[m.end - 1]!.end, phrase: m.entry.phrase, category: c, direction: trig.direction });
        }
      }
    };
    if (r) {
      // First match at or after the target (matches never overlap a target's tokens).
      let lo = 0;
      let hi = matches.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (matches[mid]!.start < r.te) lo = mid + 1;
        else hi = mid;
      }
      for (let k = lo - 1; k >= 0; k--) {
        const m = matches[k]!;
        if (words[r.ts]! - words[m.end]! + 1 > widest) break;
        consider(m);
      }
      for (let k = lo; k < matches.length; k++) {
        const m = matches[k]!;
        if (words[m.start]! - words[r.te]! + 1 > widest) break;
        consider(m);
      }
      hits.sort((a, b) => a.start - b.start);
    }
    if (flags.family) flags.historical = false;
    // "a three-month history of lower abdominal pain", "a 3-day history of cough": a recent duration before "history
    // of" is the present illness (years are left to ONGOING_AFTER and the coder: "a 10-year history of breast
    // cancer"); so is "a history of recent adenocarcinoma": the episode is the current one.
    const hisHits = hits.filter((h) => h.category === 'historical');
    const current = (h: TriggerHit) =>
      h.phrase === 'history of' && (DURATION_BEFORE.test(sentence.text.slice(0, h.start - sentence.start)) || /^\s*(?:a\s+|an\s+)?recent(?:ly)?\b/i.test(sentence.text.slice(h.end - sentence.start, targets[i]!.start - sentence.start)));
    if (flags.historical && !fromSection.includes('historical') && hisHits.length > 0 && hisHits.every(current)) {
      flags.historical = false;
      hits.splice(0, hits.length, ...hits.filter((h) => h.category !== 'historical'));
    }
    // A duration that runs up to now makes a "history of" mention ongoing: "a history of rheumatoid arthritis for the
    // last 6 years", "diabetes for over 10 years" (ConText's temporality: still present, not historical).
    const after = sentence.text.slice(targets[i]!.end - sentence.start, targets[i]!.end - sentence.start + 48);
    if (flags.historical && ONGOING_AFTER.test(after)) flags.historical = false;
    // A calendar year right after the mention dates it: "Breast cancer in 1992." (ConText's temporality: an event
    // before this encounter). Still-current ones are the coder's business (a cancer under treatment, Section III).
    const dated = DATED_AFTER.exec(after);
    if (dated && !flags.family && !flags.historical) {
      flags.historical = true;
      const start = targets[i]!.end + dated[0].length - dated[0].trimStart().length;
      hits.push({ start, end: targets[i]!.end + dated[0].length, phrase: dated[0].trim().toLowerCase(), category: 'historical', direction: 'backward' });
    }
    return { assertion: flags, triggers: hits, fromSection };
  });
  // A list continues its trigger past the word cap: "denies complications including kidney disease, heart disease,
  // stroke, vision loss, or neuropathy" negates the last item as it does the first (the cap is for clauses, not lists).
  const order = targets.map((_, i) => i).sort((a, b) => targets[a]!.start - targets[b]!.start);
  for (let k = 1; k < order.length; k++) {
    const prev = results[order[k - 1]!]!;
    const cur = results[order[k]!]!;
    const negation = prev.triggers.find((h) => h.category === 'negated' && h.direction !== 'backward' && h.end <= targets[order[k - 1]!]!.start);
    const gap = sentence.text.slice(targets[order[k - 1]!]!.end - sentence.start, targets[order[k]!]!.start - sentence.start);
    if (!negation || cur.assertion.negated || !LIST_JOINT.test(gap)) continue;
    cur.assertion.negated = true;
    cur.triggers.push(negation);
    cur.triggers.sort((a, b) => a.start - b.start);
  }
  return results;
}

/** What separates two items of one list: a comma, a conjunction or both ("kidney disease, or neuropathy"). */
const LIST_JOINT = /^\s*(?:,\s*)?(?:(?:and|or|nor)\s+)?$/i;

export interface DocumentContextOptions extends ContextOptions {
  /** Sections of `text`; computed with `detectSections` when absent. */
  sections?: readonly Section[];
  /** Sentences of `text`; computed with `splitSentences` when absent. */
  sentences?: readonly Span[];
}

/**
 * ConText over a whole note: finds each target's sentence and section, then runs `assertContext` once per
 * sentence. Targets are note offsets; a target outside every sentence gets its section default only.
 */
export function assertInDocument(text: string, targets: readonly Span[], options: DocumentContextOptions = {}): Assertion[] {
  return explainInDocument(text, targets, options).map((e) => e.assertion);
}

/** As `assertInDocument`, with explanations. */
export function explainInDocument(text: string, targets: readonly Span[], options: DocumentContextOptions = {}): AssertionExplanation[] {
  for (const t of targets) checkSpan(t, 0, text.length, 'target');
  const sections = options.sections ?? detectSections(text);
  const sentences = options.sentences ?? splitSentences(text, sections);
  const out = new Array<AssertionExplanation>(targets.length);
  // Group targets by the sentence holding their start.
  const groups = new Map<number, number[]>();
  targets.forEach((t, idx) => {
    const si = sentenceIndex(sentences, t.start);
    const list = groups.get(si) ?? [];
    list.push(idx);
    groups.set(si, list);
  });
  for (const [si, idxs] of groups) {
    const sent = sentences[si];
    const sectionName = (idx: number): SectionName => sectionAt(sections, targets[idx]!.start)?.name ?? 'none';
    if (!sent) {
      for (const idx of idxs) out[idx] = sectionOnly(sectionName(idx), options);
      continue;
    }
    // Targets that run past their sentence are clipped to it; one ConText pass per (sentence, section).
    const bySection = new Map<SectionName, number[]>();
    for (const idx of idxs) {
      const name = sectionName(idx);
      const list = bySection.get(name) ?? [];
      list.push(idx);
      bySection.set(name, list);
    }
    const sentence = { text: text.slice(sent.start, sent.end), start: sent.start, end: sent.end };
    for (const [name, list] of bySection) {
      const clipped = list.map((idx) => {
        const t = targets[idx]!;
        const start = Math.min(Math.max(t.start, sent.start), sent.end);
        return { start, end: Math.max(start, Math.min(t.end, sent.end)) };
      });
      const res = explainContext(sentence, clipped, name, options);
      list.forEach((idx, k) => (out[idx] = res[k]!));
    }
  }
  return out;
}

function sectionOnly(section: SectionName, options: ContextOptions | undefined): AssertionExplanation {
  const flags: Assertion = { negated: false, uncertain: false, historical: false, hypothetical: false, family: false };
  const fromSection = [...(defaultsFor(options, options?.lexicon ?? defaultLexicon()).get(section)?.set ?? [])];
  for (const c of fromSection) flags[c] = true;
  if (flags.family) flags.historical = false;
  return { assertion: flags, triggers: [], fromSection };
}

/** Index of the sentence containing `offset` (sentences sorted, non-overlapping), or -1. */
function sentenceIndex(sentences: readonly Span[], offset: number): number {
  let lo = 0;
  let hi = sentences.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = sentences[mid]!;
    if (offset < s.start) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}
