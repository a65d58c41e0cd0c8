import nlp from 'compromise';
import { AbbreviationSenses } from './abbrev/lexicon.js';
import { annotateMany } from './parallel.js';
import { abbreviationMap, findAbbreviationDefinitions } from './abbrev/schwartz-hearst.js';
import { assertContext, type ContextOptions } from './assertion/context.js';
import type { Linker } from './link/linker.js';
import { conceptCodes } from './link/linker.js';
import { DictionaryMatcher, type DictionaryConcept } from './ner/dictionary-matcher.js';
import type { LearnedTagger, TaggedSpan } from './ner/learned-tagger.js';
import { agreeingCandidate, coordinatedNeoplasmQuery, inheritedClassQuery, isBareModifier } from './ner/tagger-spans.js';
import { composeSiteFindings } from './ner/site-composition.js';
import type { Pack } from './ontology/pack.js';
import { TERM_KIND_RANK } from './ontology/pack-schema.js';
import { detectSections, sectionAt } from './text/sections.js';
import { splitSentences } from './text/sentences.js';
import { tokenizeForMatch } from './text/normalize.js';
import type { Assertion, Candidate, Doc, Entity, Section, Span } from './types.js';

export interface PipelineOptions {
  /** Systems preferred when one string names concepts of several (first wins), e.g. ['ICD10CM', 'CLINLINK']. */
  preferSystems?: readonly string[];
  /** ConText options (scope caps, lexicon, section defaults). */
  context?: ContextOptions;
  /** Return every dictionary concept of a mention as `candidates` (default true). */
  candidates?: boolean;
  /**
   * Noun phrases (compromise) that the dictionary did not match are linked by the linker and kept when it does not
   * answer NIL (default: on when the pipeline has a linker and no learned tagger).
   */
  nounPhrases?: boolean;
  /**
   * Compose a body site and the finding word next to it ("right ankle pain", "fracture of left wrist") into one
   * mention of the pack term holding both words (default true).
   */
  composeSites?: boolean;
  /**
   * Linker confidence a noun phrase needs to become an entity (default NOUN_PHRASE_MIN_CONFIDENCE). Far above the
   * linker's NIL threshold: that one is fitted on mentions known to name a concept, while most noun phrases name none.
   */
  nounPhraseMinConfidence?: number;
  /**
   * Learned disease tagger (ONNX token classifier, models/clinlink-ner): its spans that no dictionary mention overlaps
   * are linked by the linker and kept when it does not answer NIL, like noun phrases. `load()` opens the model (and
   * the linker, which the tagger needs); default off (see README "Annotation" for the measured trade-off).
   */
  tagger?: boolean | TaggerOptions;
}

export interface TaggerOptions {
  /** token-classifier folder (default: the shipped models/clinlink-ner) */
  dir?: string;
  /** tagger spans below this confidence (mean BIO probability, 0..1) are not linked (default 0.5) */
  minConfidence?: number;
  /** how tagger spans and dictionary mentions combine (default `add`; see Pipeline.withTagger) */
  mode?: 'add' | 'prefer' | 'confirm';
}

interface Mention extends Span {
  concepts: DictionaryConcept[];
  /** Linker confidence, for mentions the linker found (noun phrases). */
  confidence?: number;
  source: NonNullable<Entity['source']>;
  /** Text the concept was found by, when it is not the span's own text (an expanded abbreviation). */
  via?: string;
}

/** Tagger spans less certain than this are not linked: measured on NCBI dev (training/RESULTS.md). */
const DEFAULT_TAGGER_MIN_CONFIDENCE = 0.5;

/**
 * See PipelineOptions.nounPhraseMinConfidence. NCBI-disease dev, --linker: at the NIL threshold (0.25) noun phrases
 * took mention F1 from 0.646 to 0.499 (P 0.39); at 0.6 0.623, at 0.8–0.9 0.643.
 */
export const NOUN_PHRASE_MIN_CONFIDENCE = 0.9;

/** Confidence of a dictionary hit by term kind: an exact preferred term is near certain, an index path less so. */
const KIND_CONFIDENCE: Record<string, number> = { preferred: 0.95, synonym: 0.93, inclusion: 0.9, abbreviation: 0.85, index: 0.8 };

/**
 * The annotation pipeline. It reads top-down, one step per stage; each stage lives in its own module:
 * sections → sentences → mentions (dictionary, in-note abbreviations) → concepts → assertion → entities.
 */
export class Pipeline {
  readonly pack: Pack;
  readonly matcher: DictionaryMatcher;
  readonly linker: Linker | undefined;
  readonly tagger: LearnedTagger | undefined;
  private readonly senses: AbbreviationSenses;
  private readonly options: PipelineOptions;

  constructor(pack: Pack, matcher: DictionaryMatcher, linker?: Linker, options: PipelineOptions = {}, tagger?: LearnedTagger) {
    this.pack = pack;
    this.matcher = matcher;
    this.linker = linker;
    this.tagger = tagger;
    this.senses = new AbbreviationSenses(pack);
    this.options = options;
  }

  async annotate(text: string): Promise<Doc> {
    const sections = detectSections(text);
    const sentences = splitSentences(text, sections);
    let mentions = this.composeSites(text, sentences, this.findMentions(text, sentences, sections));
    if (this.linker && this.tagger && this.options.tagger !== false) mentions = await this.withTagger(text, sentences, sections, mentions);
    // With the tagger, noun phrases are off unless asked for: on NCBI dev they add ~2,500 linked phrases for 6 hits.
    if (this.linker && (this.options.nounPhrases ?? !this.tagger)) mentions.push(...(await this.nounPhraseMentions(text, sentences, mentions)));
    mentions.sort((a, b) => a.start - b.start);
    const entities = this.toEntities(text, mentions, sentences, sections);
    return { text, sections, sentences, entities };
  }

  /** Annotates a stream of notes on worker threads (all cores by default), yielding documents in input order. */
  annotateMany(notes: AsyncIterable<string> | Iterable<string>, options: { workers?: number } = {}): AsyncGenerator<Doc> {
    return annotateMany(notes, { ...options, packDir: this.pack.dir, pipeline: this.options });
  }

  /** Dictionary matches per sentence, guarded short forms resolved, and later uses of in-note abbreviations. */
  private findMentions(text: string, sentences: readonly Span[], sections: readonly Section[]): Mention[] {
    const defined = abbreviationMap(findAbbreviationDefinitions(text));
    const headers = sections.flatMap((s) => (s.header ? [s.header] : []));
    const inHeader = (m: Span) => headers.some((h) => m.start < h.end && h.start < m.end);
    const out: Mention[] = [];
    for (const s of sentences) {
      const section = sectionAt(sections, s.start)?.name ?? 'none';
      for (const m of this.matcher.match(text, s.start, s.end)) {
        // "HISTORY OF PRESENT ILLNESS:" names a section, not an illness.
        if (inHeader(m)) continue;
        const written = text.slice(m.start, m.end);
        const long = defined.get(written);
        if (long) {
          // The note says what this short form means: that beats any lexicon sense.
          const expanded = this.expand(long);
          if (expanded.length) {
            out.push({ start: m.start, end: m.end, concepts: expanded, source: 'abbreviation', via: long });
            continue;
          }
        }
        if (m.guarded || (m.concepts.length > 1 && m.concepts.every((c) => c.kind === 'abbreviation'))) {
          const words = tokenizeForMatch(text.slice(s.start, s.end));
          const chosen = this.senses.choose(m.concepts, words, section);
          if (chosen.length) out.push({ start: m.start, end: m.end, concepts: chosen, source: 'abbreviation' });
          continue;
        }
        out.push({ start: m.start, end: m.end, concepts: m.concepts, source: 'dictionary' });
      }
      // A short form defined in this note but unknown to the pack still links through its long form.
      if (defined.size) this.addDefinedUses(text, s, defined, out);
    }
    return out.sort((a, b) => a.start - b.start);
  }

  /**
   * A body site with a finding word next to it ("right ankle pain", "fracture of left wrist") becomes one mention of
   * the pack term holding both words (src/ner/site-composition.ts); the site and a bare head word it covers go.
   */
  private composeSites(text: string, sentences: readonly Span[], mentions: Mention[]): Mention[] {
    if (this.options.composeSites === false) return mentions;
    const isSite = (m: Mention) => m.concepts.length > 0 && m.concepts.every((c) => c.group === 'anatomy');
    const sites = mentions.filter(isSite);
    if (!sites.length) return mentions;
    const composed = composeSiteFindings(this.pack, text, sites, mentions.filter((m) => !isSite(m)))
      // One sentence only: a head word across a sentence break is another statement.
      .filter((c) => sentences.some((s) => s.start <= c.start && c.end <= s.end));
    if (!composed.length) return mentions;
    const gone = new Set(composed.flatMap((c) => c.replaces.map((r) => `${r.start}:${r.end}`)));
    // A mention the composed span overlaps without being replaced (a longer dictionary match) wins: keep it.
    const kept = composed.filter((c) => !mentions.some((m) => !gone.has(`${m.start}:${m.end}`) && m.start < c.end && c.start < m.end));
    const removed = new Set(kept.flatMap((c) => c.replaces.map((r) => `${r.start}:${r.end}`)));
    return [...mentions.filter((m) => !removed.has(`${m.start}:${m.end}`)), ...kept.map((c): Mention => ({ start: c.start, end: c.end, concepts: c.concepts, source: 'dictionary' }))].sort((a, b) => a.start - b.start);
  }

  /**
   * Learned-tagger spans inside one sentence and outside section headers, linked in one batch (NIL answers and
   * concepts that are not conditions/findings are dropped), merged with the dictionary mentions by `tagger.mode`:
   * - `add`: only spans no dictionary mention overlaps are added;
   * - `prefer`: a linked span also replaces the condition/finding dictionary mentions it overlaps with other
   *   boundaries (a span identical to a dictionary mention keeps the dictionary's concepts);
   * - `confirm`: as `prefer`, and condition/finding dictionary matches (not note-defined abbreviations) that no tagger
   *   span overlaps are dropped.
   * A span that overlaps a mention of another group (a drug, a procedure…) is left to the dictionary. (Leaving
   * note-defined abbreviations to the dictionary too was measured: NCBI dev mention F1 0.852 -> 0.847, so it is not.)
   */
  private async withTagger(text: string, sentences: readonly Span[], sections: readonly Section[], mentions: Mention[]): Promise<Mention[]> {
    if (!this.tagger || !this.linker || !/\p{L}/u.test(text)) return mentions;
    const opts = typeof this.options.tagger === 'object' ? this.options.tagger : {};
    const mode = opts.mode ?? 'add';
    const [spans = []] = await this.tagger.tag([text], { minConfidence: opts.minConfidence ?? DEFAULT_TAGGER_MIN_CONFIDENCE });
    const headers = sections.flatMap((s) => (s.header ? [s.header] : []));
    const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;
    const isCondition = (m: Mention) => m.concepts.some((c) => c.group === 'condition' || c.group === 'finding');
    const sentenceOf = new Map<TaggedSpan, Span>();
    let si = 0;
    const inSentence = spans.filter((p) => {
      while (si < sentences.length && sentences[si]!.end <= p.start) si++;
      const s = sentences[si];
      if (s === undefined || p.start < s.start || s.end < p.end || headers.some((h) => overlaps(h, p))) return false;
      sentenceOf.set(p, s);
      return true;
    });
    // Bare modifiers still confirm the dictionary match they overlap ("cataract" in "cataract formation"), but are
    // not linked on their own.
    const candidates = inSentence.filter((p) => {
      if (isBareModifier(text, sentenceOf.get(p)!, p)) return false;
      const hit = mentions.filter((m) => overlaps(m, p));
      if (!hit.length) return true;
      if (mode === 'add') return false;
      return hit.every(isCondition) && !hit.some((m) => m.start === p.start && m.end === p.end);
    });
    const linked: Mention[] = [];
    if (candidates.length) {
      const queries = candidates.map((p) => {
        const span = text.slice(p.start, p.end);
        return coordinatedNeoplasmQuery(span) ?? inheritedClassQuery(span) ?? span;
      });
      const results = await this.linker.link(queries, { k: 5, rerank: this.linker.hasReranker });
      candidates.forEach((p, i) => {
        const { concept: top, candidates: ranked } = results[i]!;
        if (!top) return;
        const pick = agreeingCandidate(
          queries[i]!,
          (r) => {
            const concept = this.pack.concept(ranked[r]!.conceptId);
            return { preferred: concept?.preferred ?? '', terms: concept?.terms.map((t) => t.text) ?? [], confidence: ranked[r]!.confidence };
          },
          ranked.length,
        );
        const best = pick === 0 ? top : ranked[pick]!;
        const concept = this.pack.concept(best.conceptId);
        if (!concept || !['condition', 'finding'].includes(concept.group)) return;
        linked.push({ start: p.start, end: p.end, source: 'learned', confidence: best.confidence, concepts: [{ conceptId: best.conceptId, system: best.system, group: concept.group, term: best.term, kind: 'synonym' }] });
      });
    }
    let kept = mentions.filter((m) => !linked.some((l) => overlaps(l, m)));
    if (mode === 'confirm') kept = kept.filter((m) => m.source !== 'dictionary' || !isCondition(m) || inSentence.some((p) => overlaps(p, m)));
    return [...kept, ...linked].sort((a, b) => a.start - b.start);
  }

  /** Noun phrases no dictionary mention overlaps, linked in one batch; NIL answers are dropped. */
  private async nounPhraseMentions(text: string, sentences: readonly Span[], taken: readonly Mention[]): Promise<Mention[]> {
    const phrases = nounPhrases(text, sentences).filter((p) => !taken.some((m) => m.start < p.end && p.start < m.end));
    if (!phrases.length || !this.linker) return [];
    const results = await this.linker.link(phrases.map((p) => text.slice(p.start, p.end)), { k: 3, rerank: this.linker.hasReranker });
    const out: Mention[] = [];
    const min = this.options.nounPhraseMinConfidence ?? NOUN_PHRASE_MIN_CONFIDENCE;
    phrases.forEach((p, i) => {
      const best = results[i]!.concept;
      if (!best || best.confidence < min) return;
      const concept = this.pack.concept(best.conceptId);
      if (!concept || !['condition', 'finding'].includes(concept.group)) return;
      out.push({ ...p, source: 'noun-phrase', confidence: best.confidence, concepts: [{ conceptId: best.conceptId, system: best.system, group: concept.group, term: best.term, kind: 'synonym' }] });
    });
    return out;
  }

  private addDefinedUses(text: string, s: Span, defined: ReadonlyMap<string, string>, out: Mention[]): void {
    for (const [short, long] of defined) {
      const re = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(short)}(?![\\p{L}\\p{N}])`, 'gu');
      const slice = text.slice(s.start, s.end);
      for (const m of slice.matchAll(re)) {
        const start = s.start + m.index;
        const end = start + short.length;
        if (out.some((o) => o.start < end && start < o.end)) continue;
        const concepts = this.expand(long);
        if (concepts.length) out.push({ start, end, concepts, source: 'abbreviation', via: long });
      }
    }
  }

  /** Concepts of a long form: a dictionary match that covers all of it. */
  private expand(long: string): DictionaryConcept[] {
    const [m] = this.matcher.match(long);
    return m && m.start === 0 && m.end === long.trimEnd().length ? m.concepts : [];
  }

  private toEntities(text: string, mentions: readonly Mention[], sentences: readonly Span[], sections: readonly Section[]): Entity[] {
    const entities: Entity[] = [];
    let si = 0;
    for (let i = 0; i < mentions.length; ) {
      const m = mentions[i]!;
      while (si < sentences.length && sentences[si]!.end <= m.start) si++;
      const sentence = sentences[si];
      // All mentions of one sentence go through ConText together.
      const group: Mention[] = [];
      while (i < mentions.length && sentence && mentions[i]!.end <= sentence.end) group.push(mentions[i++]!);
      if (!sentence || group.length === 0) {
        i++;
        continue;
      }
      const section = sectionAt(sections, sentence.start)?.name ?? 'none';
      const assertions = assertContext({ text: text.slice(sentence.start, sentence.end), start: sentence.start, end: sentence.end }, group, section, this.options.context);
      group.forEach((g, n) => entities.push(this.entity(text, g, section, assertions[n]!)));
    }
    return entities;
  }

  private entity(text: string, m: Mention, section: Entity['section'], assertion: Assertion): Entity {
    const ranked = this.rankConcepts(m.concepts);
    const ambiguity = 1 / (1 + 0.15 * (ranked.length - 1));
    const base = (c: DictionaryConcept) => m.confidence ?? KIND_CONFIDENCE[c.kind] ?? 0.8;
    const candidates = ranked.map((c, n) => this.candidate(c, base(c) * (n === 0 ? ambiguity : ambiguity * 0.5)));
    const best = candidates[0] ?? null;
    const e: Entity = {
      text: text.slice(m.start, m.end),
      start: m.start,
      end: m.end,
      type: ranked[0]?.group ?? 'other',
      section,
      assertion,
      concept: best,
      source: m.source,
    };
    if (this.options.candidates !== false) e.candidates = candidates;
    return e;
  }

  /** Orders a string's concepts: preferred systems, then the authority of the matching term kind. */
  private rankConcepts(concepts: readonly DictionaryConcept[]): DictionaryConcept[] {
    const prefer = this.options.preferSystems ?? [];
    const sysRank = (s: string) => (prefer.includes(s) ? prefer.indexOf(s) : prefer.length);
    return [...concepts].sort((a, b) => sysRank(a.system) - sysRank(b.system) || (TERM_KIND_RANK[a.kind] ?? 9) - (TERM_KIND_RANK[b.kind] ?? 9) || (a.conceptId < b.conceptId ? -1 : 1));
  }

  private candidate(c: DictionaryConcept, confidence: number): Candidate {
    const concept = this.pack.concept(c.conceptId);
    return { conceptId: c.conceptId, system: c.system, codes: concept ? conceptCodes(concept) : [c.conceptId], term: c.term, score: 1, confidence: Math.round(confidence * 1e4) / 1e4 };
  }
}

const NP_STOP = /^(?:a|an|the|his|her|their|its|this|that|these|those|some|any|no|all|both|each|our|your|my)\s+/i;

/** Noun phrases of each sentence (compromise), trimmed of determiners and trailing punctuation, 2+ letters. */
function nounPhrases(text: string, sentences: readonly Span[]): Span[] {
  const out: Span[] = [];
  for (const s of sentences) {
    const sentence = text.slice(s.start, s.end);
    for (const n of nlp(sentence).nouns().json({ offset: true }) as { text: string; offset: { start: number; length: number } }[]) {
      let start = s.start + n.offset.start;
      let phrase = text.slice(start, start + n.offset.length);
      const det = NP_STOP.exec(phrase);
      if (det) (start += det[0].length), (phrase = phrase.slice(det[0].length));
      phrase = phrase.replace(/[\s.,;:!?)\]]+$/u, '');
      if (!/\p{L}{3}/u.test(phrase) || /^(?:he|she|it|they|patient|pt|history)$/i.test(phrase)) continue;
      out.push({ start, end: start + phrase.length });
    }
  }
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

