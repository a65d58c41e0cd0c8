/**
 * C50.- (malignant neoplasm of breast) is subdivided by quadrant: C50.0 nipple and areola, C50.1 central portion,
 * C50.2 upper-inner, C50.3 lower-inner, C50.4 upper-outer, C50.5 lower-outer, C50.6 axillary tail (I.C.2: the site
 * documented). A breast cancer linked without its site (C50.9-) takes the quadrant the note states for the lesion of
 * that breast, in words ("inferomedial", "upper outer quadrant") or as a clock position, which maps to a quadrant by
 * side (the clock is read facing the patient: 3 o'clock is medial on the right breast, lateral on the left).
 */
const QUADRANT_WORDS: readonly { quadrant: string; words: RegExp }[] = [
  // "3 cm from the nipple" measures a distance: not a lesion of the nipple.
  { quadrant: '0', words: /(?<!\bfrom\s(?:the\s)?)\b(?:nipple|areolar?|subareolar|retroareolar|periareolar)\b/i },
  { quadrant: '2', words: /\b(?:upper[-\s]inner|superomedial|inner[-\s]upper|UIQ)\b/i },
  { quadrant: '3', words: /\b(?:lower[-\s]inner|inferomedial|inner[-\s]lower|LIQ)\b/i },
  { quadrant: '4', words: /\b(?:upper[-\s]outer|superolateral|outer[-\s]upper|UOQ)\b/i },
  { quadrant: '5', words: /\b(?:lower[-\s]outer|inferolateral|outer[-\s]lower|LOQ)\b/i },
  { quadrant: '6', words: /\baxillary\s+tail\b/i },
];

const CLOCK = /\b(1[0-2]|[1-9])(?::\d\d)?\s*(?:o['’]?\s*clock|o['’]clock)/gi;

/** The quadrant digit of a clock position on a breast, or null on a boundary (12, 3, 6, 9 o'clock). */
function clockQuadrant(hour: number, side: 'right' | 'left'): string | null {
  if (hour % 3 === 0) return null;
  const upper = hour > 9 || hour < 3;
  const towardNine = hour > 6; // 7–11 o'clock: the patient's right side of the breast as seen facing her
  // Right breast: the 9 o'clock side is lateral (outer); left breast: the 3 o'clock side is lateral.
  const outer = side === 'right' ? towardNine : !towardNine;
  return upper ? (outer ? '4' : '2') : outer ? '5' : '3';
}

/**
 * The quadrant-specific code for an unspecified-site breast cancer code (C50.9xy), from the note's sentences that
 * speak of that side's breast; null when none names a quadrant or they name different ones.
 */
export function breastQuadrantCode(code: string, sentences: readonly string[]): string | null {
  const m = /^C50\.9([12])([12])$/.exec(code);
  if (!m) return null;
  const side = m[2] === '1' ? 'right' : 'left';
  const other = side === 'right' ? 'left' : 'right';
  const found = new Set<string>();
  for (const s of sentences) {
    if (!/\bbreasts?\b/i.test(s) || !new RegExp(`\\b${side}\\b`, 'i').test(s) || new RegExp(`\\b${other}\\b`, 'i').test(s)) continue;
    for (const q of QUADRANT_WORDS) if (q.words.test(s)) found.add(q.quadrant);
    for (const c of s.matchAll(CLOCK)) {
      const q = clockQuadrant(Number(c[1]), side);
      if (q) found.add(q);
    }
  }
  if (found.size !== 1) return null;
  return `C50.${[...found][0]!}${m[1]!}${m[2]!}`;
}
