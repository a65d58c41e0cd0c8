import { invalidArgument } from '../errors.js';
import type { Section, Span } from '../types.js';
import { findHeaders, sectionsFromHeaders } from './sections.js';
import { CLOSING_CHARS, LOWER_CONTINUING_ABBREVIATIONS, NEVER_FINAL_ABBREVIATIONS, NUMBER_PREFIX_ABBREVIATIONS } from './sentences.data.js';

const LOWER = /\p{Ll}/u;
const LETTER = /\p{L}/u;

/** Whitespace, control characters (NUL…) and format characters: never the edge of a sentence. */
function isBlank(c: number): boolean {
  return (
    c <= 0x20 || c === 0x7f || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200b) || c === 0x2028 ||
    c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isInlineSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0d || c === 0xa0 || c === 0x0c || c === 0x0b;
const isLowerAt = (text: string, i: number): boolean => LOWER.test(text[i] ?? '');

/**
 * Clinical sentence splitting. Returns spans trimmed of whitespace (and of the stray commas a flattened CSV note
 * leaves), with offsets into `text`, in order and non-overlapping. A sentence ends:
 * - at a section boundary; a section header is a sentence of its own ("HISTORY OF PRESENT ILLNESS:");
 * - before a subheading ("LUNGS: Clear." is one sentence, "HEENT: normal,NECK: supple" two);
 * - at a blank line, and at a line break unless the line is visibly wrapped (it ends in a lower-case letter,
 *   comma or hyphen and the next line starts in lower case);
 * - at a period after a full word followed by a lower-case word ("No effusion. heart is normal.");
 * - at . ! ? followed by space (or ",X" in flattened notes) and a character that is not lower case, unless the
 *   word before is a title or connective ("Dr.", "e.g.", "vs.", "approx."); decimals and dotted dosing
 *   abbreviations ("2.5 mg", "p.o. b.i.d. with food") have no space after the inner periods so never split;
 *   a "?" with a space before it ("? pneumonia") is the uncertainty mark, not an end;
 * - before a numbered-list item: "1." or "1)" after a line start, colon, comma or sentence end, then 2, 3, … in
 *   sequence ("1. Pneumonia 2. CHF" → two items; "grade 2. No ..." is not a list).
 * `sections` defaults to `detectSections(text)`; pass them when already computed. Linear time.
 */
export function splitSentences(text: string, sections?: readonly Section[]): Span[] {
  const headers = findHeaders(text);
  const secs = sections ?? sectionsFromHeaders(text, headers);
  const subStarts = headers.filter((h) => h.kind === 'subheading').map((h) => h.start);
  const out: Span[] = [];
  const splitter = new RegionSplitter(text, out, subStarts);
  let cursor = 0;
  for (const s of secs) {
    if (!Number.isInteger(s.start) || !Number.isInteger(s.end) || s.start < 0 || s.end > text.length || s.start > s.end) {
      throw invalidArgument(`section [${String(s.start)}, ${String(s.end)}) is not inside a text of length ${text.length}`, 'sections');
    }
    const from = Math.max(s.start, cursor);
    if (from >= s.end) continue;
    let bodyFrom = from;
    if (s.header && s.header.start >= from && s.header.end <= s.end) {
      splitter.split(from, s.header.start);
      splitter.emit(s.header.start, s.header.end);
      bodyFrom = s.header.end;
    }
    splitter.split(bodyFrom, s.end);
    cursor = s.end;
  }
  return out;
}

class RegionSplitter {
  private sub = 0;

  constructor(
    private readonly text: string,
    private readonly out: Span[],
    private readonly subStarts: readonly number[],
  ) {}

  /** Adds [start, end) trimmed, if anything is left. */
  emit(start: number, end: number): void {
    const t = this.text;
    let s = start;
    let e = end;
    while (s < e && (isBlank(t.charCodeAt(s)) || t.charCodeAt(s) === 0x2c)) s++;
    while (e > s && (isBlank(t.charCodeAt(e - 1)) || t.charCodeAt(e - 1) === 0x2c)) e--;
    const last = this.out[this.out.length - 1];
    if (e > s && (!last || last.end <= s)) this.out.push({ start: s, end: e });
  }

  split(from: number, to: number): void {
    const t = this.text;
    let sentStart = from;
    let lastList = 0;
    let prevNonBlank = -1; // index of the last non-blank character of the current sentence
    const cut = (end: number, next: number): void => {
      this.emit(sentStart, end);
      sentStart = next;
      prevNonBlank = -1;
    };
    while (this.sub < this.subStarts.length && (this.subStarts[this.sub] ?? 0) < from) this.sub++;

    let i = from;
    while (i < to) {
      while (this.sub < this.subStarts.length && (this.subStarts[this.sub] ?? 0) < i) this.sub++;
      if (this.subStarts[this.sub] === i) {
        this.sub++;
        if (i > sentStart) cut(i, i);
      }
      const c = t.charCodeAt(i);

      if (c === 0x0a) {
        let j = i + 1;
        while (j < to && isInlineSpace(t.charCodeAt(j))) j++;
        if (j < to && t.charCodeAt(j) === 0x0a) {
          cut(i, j);
          i = j;
          continue;
        }
        const prev = prevNonBlank >= 0 ? t[prevNonBlank] ?? '' : '';
        const wrapped = j < to && isLowerAt(t, j) && (LOWER.test(prev) || prev === ',' || prev === '-');
        if (!wrapped) cut(i, i + 1);
        i++;
        continue;
      }

      if (isDigit(c)) {
        const marker = this.listMarker(i, to, sentStart, prevNonBlank, lastList);
        if (marker) {
          if (prevNonBlank >= 0) cut(i, i);
          lastList = marker.value;
          prevNonBlank = marker.end - 1;
          i = marker.end;
          continue;
        }
        // Skip the rest of the number so a later digit is never read as a list marker start.
        let j = i + 1;
        while (j < to && isDigit(t.charCodeAt(j))) j++;
        prevNonBlank = j - 1;
        i = j;
        continue;
      }

      if (c === 0x2e || c === 0x21 || c === 0x3f) {
        const end = this.terminal(i, to);
        if (end) {
          cut(end.end, end.next);
          i = end.next;
          continue;
        }
      } else if (c === 0x3002 || c === 0xff01 || c === 0xff1f) {
        // 。！？ end a sentence without a following space.
        cut(i + 1, i + 1);
        i++;
        continue;
      }

      if (!isBlank(c)) prevNonBlank = i;
      i++;
    }
    this.emit(sentStart, to);
  }

  /** If the . ! ? at i ends a sentence: where the sentence ends and where the next may start. */
  private terminal(i: number, to: number): { end: number; next: number } | undefined {
    const t = this.text;
    const ch = t[i];
    if (ch !== '.' && (i === 0 || isBlank(t.charCodeAt(i - 1)))) return undefined; // "? pneumonia"
    let k = i + 1;
    while (k < to && CLOSING_CHARS.includes(t[k] ?? '')) k++;
    const end = k;
    if (k >= to) return { end, next: k };
    let m = k;
    const c = t.charCodeAt(k);
    if (c === 0x2c) {
      // Flattened notes turn line breaks into commas: "pain.,The" or "pain. ,The" ends; "b.i.d., Lasix" does not.
      if (k + 1 < to && !isBlank(t.charCodeAt(k + 1))) m = k + 1;
      else return undefined;
    } else if (isBlank(c)) {
      while (m < to && isBlank(t.charCodeAt(m))) m++;
      if (m < to && t.charCodeAt(m) === 0x2c && m + 1 < to && !isBlank(t.charCodeAt(m + 1))) m++;
    } else return undefined;
    if (m >= to) return { end, next: m };
    if (isLowerAt(t, m)) return ch === '.' && this.endsBeforeLowerCase(i, m) ? { end, next: m } : undefined;
    if (ch === '.') {
      const word = this.wordBefore(i);
      if (NUMBER_PREFIX_ABBREVIATIONS.has(word)) {
        if (isDigit(t.charCodeAt(m))) return undefined;
      } else if (NEVER_FINAL_ABBREVIATIONS.has(word)) return undefined;
      // An initial after a title: "Dr. J. Smith".
      if (word.length === 1 && LETTER.test(word) && this.titleBefore(i - 1)) return undefined;
    }
    return { end, next: m };
  }

  /**
   * A period before a lower-case word still ends the sentence when what precedes it is a full word, not an
   * abbreviation: dictated and radiology text often starts sentences in lower case ("No pneumothorax. heart size is
   * normal."), and joining them would let "No" negate the next sentence. A full word: 4+ letters, no inner dots, not
   * a known clinical abbreviation ("approx.", "tabs.", "meds."), after a sentence of at least three words.
   */
  private endsBeforeLowerCase(period: number, next: number): boolean {
    const t = this.text;
    const word = this.wordBefore(period);
    if (word.length < 4 || word.includes('.') || NEVER_FINAL_ABBREVIATIONS.has(word) || LOWER_CONTINUING_ABBREVIATIONS.has(word)) return false;
    // The sentence so far: at least three words (so "Hx. of" or a stray "Cont. at home" never splits).
    let words = 0;
    let inWord = false;
    for (let k = period - 1; k >= 0 && words < 3; k--) {
      const letter = LETTER.test(t[k] ?? '');
      if (letter && !inWord) words++;
      inWord = letter;
      if (t[k] === '\n' || t[k] === '.') break;
    }
    // The next word must be a word too ("e.g. x-ray" style fragments and units stay joined).
    return words >= 3 && /^\p{Ll}{2,}/u.test(t.slice(next, next + 3));
  }

  /** The lower-cased letters-and-dots word ending just before position i (at most 12 characters back). */
  private wordBefore(i: number): string {
    const t = this.text;
    let s = i;
    while (s > 0 && i - s < 12 && /[\p{L}.]/u.test(t[s - 1] ?? '')) s--;
    return t.slice(s, i).replace(/^\.+/, '').toLowerCase();
  }

  /** Whether the word before the one ending at `i` is a title ("Dr." in "Dr. J."). */
  private titleBefore(i: number): boolean {
    const t = this.text;
    let s = i;
    while (s > 0 && LETTER.test(t[s - 1] ?? '')) s--;
    let k = s - 1;
    while (k >= 0 && isInlineSpace(t.charCodeAt(k))) k--;
    if (k < 0 || t[k] !== '.') return false;
    const w = this.wordBefore(k);
    return NEVER_FINAL_ABBREVIATIONS.has(w) && w.length > 1;
  }

  /**
   * A numbered-list marker at i: 1–2 digits then "." + space or ")" (+ space or letter). At the start of a sentence
   * any number is an item; inside one, item 1 needs a colon, comma or sentence end before it and item n>1 needs the
   * previous item to have been n−1.
   */
  private listMarker(
    i: number,
    to: number,
    sentStart: number,
    prevNonBlank: number,
    lastList: number,
  ): { value: number; end: number } | undefined {
    const t = this.text;
    const before = i > 0 ? t.charCodeAt(i - 1) : 0x0a;
    if (i > sentStart && !(isBlank(before) || before === 0x2c || before === 0x3a || before === 0x28)) return undefined;
    let j = i;
    while (j < to && isDigit(t.charCodeAt(j)) && j - i < 3) j++;
    if (j - i > 2 || j >= to || isDigit(t.charCodeAt(j))) return undefined;
    const punct = t[j];
    const after = j + 1 < to ? t.charCodeAt(j + 1) : -1;
    if (punct === '.') {
      if (!(after !== -1 && isInlineSpace(after))) return undefined;
    } else if (punct === ')') {
      if (!(after !== -1 && (isInlineSpace(after) || LETTER.test(t[j + 1] ?? '')))) return undefined;
    } else return undefined;
    // Something other than a number must follow, or "1. 2. 3." sequences of page numbers would count.
    let k = j + 1;
    while (k < to && isInlineSpace(t.charCodeAt(k))) k++;
    if (k >= to || t.charCodeAt(k) === 0x0a) return undefined;
    const value = Number(t.slice(i, j));
    const prev = prevNonBlank >= 0 ? t[prevNonBlank] ?? '' : '';
    const startsItem = prevNonBlank < 0 || ':,.;!?)'.includes(prev);
    // At the start of a sentence (after a line break, header or list item) any number is an item: "10. Statin".
    if (prevNonBlank < 0 || (value === 1 && startsItem) || (value === lastList + 1 && lastList > 0)) return { value, end: j + 1 };
    return undefined;
  }
}
