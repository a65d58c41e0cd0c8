import { invalidArgument } from '../errors.js';
import type { Span } from '../types.js';

export interface Token extends Span {
  /** The token as written: always `text.slice(start, end)` of the note. */
  text: string;
  /** Lower-cased, with the typographic apostrophe folded to ' (for matching trigger phrases). */
  lower: string;
  kind: 'word' | 'number' | 'punct';
}

const ALNUM = /[\p{L}\p{M}\p{N}]/u;
// Han, kana and Hangul-free scripts without spaces: one token per character, so phrases can still be matched.
const NO_SPACE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const SKIP = /[\s\p{Cc}\p{Cf}]/u;

type Cls = 'skip' | 'alnum' | 'ideo' | 'digit' | 'other';

function classify(ch: string): Cls {
  const c = ch.charCodeAt(0);
  if (c < 0x80) {
    if (c >= 0x30 && c <= 0x39) return 'digit';
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return 'alnum';
    if (c <= 0x20 || c === 0x7f) return 'skip';
    return 'other';
  }
  if (SKIP.test(ch)) return 'skip';
  if (NO_SPACE_SCRIPT.test(ch)) return 'ideo';
  if (ALNUM.test(ch)) return /\p{N}/u.test(ch) ? 'digit' : 'alnum';
  return 'other';
}

/** The code point at i as a string: a surrogate pair is one character, a lone surrogate (or a pair cut by `to`) is itself. */
function charAt(text: string, i: number, to: number = text.length): string {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return text.slice(i, i + 2);
  }
  return text[i] ?? '';
}

const isWordCls = (k: Cls): boolean => k === 'alnum' || k === 'digit';

/**
 * Words, numbers and punctuation with exact offsets into `text` (UTF-16 code units), optionally only inside
 * `span`. Rules, chosen so ConText phrases and the dictionary matcher agree on what a word is:
 * - a word is a run of letters, marks and digits; Han and kana characters are one token each;
 * - "." or "," between digits stays inside a number ("2.5", "1,000");
 * - "." between single letters stays inside a dotted abbreviation ("b.i.d", "e.g", "q.h.s"; the final "." is
 *   punctuation);
 * - an apostrophe between letters stays inside a word ("don't", "patient's");
 * - every other non-space character is one punctuation token (a surrogate pair is one character); whitespace,
 *   control and format characters (NUL, BOM, zero-width joiner) separate tokens and are never tokens.
 * Linear time, no backtracking.
 */
export function tokenize(text: string, span?: Span): Token[] {
  const from = span?.start ?? 0;
  const to = span?.end ?? text.length;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > text.length || from > to) {
    throw invalidArgument(`span [${String(from)}, ${String(to)}) is not inside a text of length ${text.length}`, 'span');
  }
  const out: Token[] = [];
  let i = from;
  while (i < to) {
    const ch = charAt(text, i, to);
    const cls = classify(ch);
    if (cls === 'skip') {
      i += ch.length;
      continue;
    }
    if (cls === 'ideo' || cls === 'other') {
      push(out, text, i, i + ch.length, cls === 'ideo' ? 'word' : 'punct');
      i += ch.length;
      continue;
    }
    const start = i;
    let allDigits = true;
    let segStart = i;
    for (;;) {
      // One run of letters/digits.
      while (i < to) {
        const c = charAt(text, i, to);
        const k = classify(c);
        if (!isWordCls(k)) break;
        if (k !== 'digit') allDigits = false;
        i += c.length;
      }
      // A joiner with a word character on both sides continues the token.
      const j = text[i];
      if (i + 1 >= to || (j !== '.' && j !== ',' && j !== "'" && j !== '’')) break;
      const next = charAt(text, i + 1, to);
      const nk = classify(next);
      if (!isWordCls(nk)) break;
      const prevCls = classify(text[i - 1] ?? ' ');
      let join = false;
      if (j === '.' || j === ',') {
        if (prevCls === 'digit' && nk === 'digit') join = true;
        else if (j === '.' && i - segStart === 1 && prevCls === 'alnum' && nk === 'alnum') {
          // Single letter before; join when the letter after is single too ("b.i.d", "e.g", "p.o").
          const after = i + 1 + next.length;
          join = after >= to || !isWordCls(classify(charAt(text, after, to)));
        }
      } else join = prevCls === 'alnum' && nk === 'alnum';
      if (!join) break;
      i += 1;
      segStart = i;
    }
    push(out, text, start, i, allDigits ? 'number' : 'word');
  }
  return out;
}

function push(out: Token[], text: string, start: number, end: number, kind: Token['kind']): void {
  const t = text.slice(start, end);
  out.push({ start, end, text: t, lower: t.toLowerCase().replace(/’/g, "'"), kind });
}
