/**
 * Alphabetic Index "Osteoarthritis": the site decides the category — hip M16.-, knee M17.-, first carpometacarpal
 * joint M18.-, other joints M19.0- (primary). "Osteoarthritis" or "degenerative joint disease" linked without its site
 * (M19.90) takes the joint its own clause names, with the side (I.B.13: a bilateral site without a bilateral code is
 * coded for each side).
 */
interface JointCodes {
  joint: RegExp;
  right: string;
  left: string;
  /** The bilateral code, or null when the category has none (then right and left are both coded). */
  bilateral: string | null;
  unspecified: string;
}

const JOINTS: readonly JointCodes[] = [
  { joint: /\bknees?\b/i, right: 'M17.11', left: 'M17.12', bilateral: 'M17.0', unspecified: 'M17.10' },
  { joint: /\bhips?\b/i, right: 'M16.11', left: 'M16.12', bilateral: 'M16.0', unspecified: 'M16.10' },
  { joint: /\bshoulders?\b/i, right: 'M19.011', left: 'M19.012', bilateral: null, unspecified: 'M19.019' },
  { joint: /\belbows?\b/i, right: 'M19.021', left: 'M19.022', bilateral: null, unspecified: 'M19.029' },
  { joint: /\bwrists?\b/i, right: 'M19.031', left: 'M19.032', bilateral: null, unspecified: 'M19.039' },
  { joint: /\bankles?\b|\bfeet\b|\bfoot\b/i, right: 'M19.071', left: 'M19.072', bilateral: null, unspecified: 'M19.079' },
];

const SPINE = /\b(?:spine|spinal|vertebrae|vertebral|facets?|facet\s+joints?)\b/i;
const SPINAL_REGIONS: readonly (readonly [RegExp, string])[] = [
  [/\b(?:cervical|neck)\b/i, 'M47.812'],
  [/\bthoracic\b/i, 'M47.814'],
  [/\blumbosacral\b/i, 'M47.817'],
  [/\blumbar\b(?!\s*sacral)/i, 'M47.816'],
];

const BILATERAL = /\b(?:bilateral(?:ly)?|both|b\/l)\b/i;

/**
 * The site codes for an osteoarthritis whose clause names exactly one kind of joint; null when it names none or
 * several (a generalized or multi-site osteoarthritis stays M19.9-/M15.-).
 */
export function osteoarthritisSiteCodes(clause: string): string[] | null {
  const named = JOINTS.filter((j) => j.joint.test(clause));
  // Alphabetic Index "Osteoarthritis, spine — see Spondylosis": by spinal region (without myelopathy or
  // radiculopathy, which the linked osteoarthritis does not state), M47.9 when no region is named.
  if (named.length === 0 && SPINE.test(clause)) {
    const regions = SPINAL_REGIONS.filter(([re]) => re.test(clause));
    return [regions.length === 1 ? regions[0]![1] : 'M47.9'];
  }
  if (named.length !== 1) return null;
  const j = named[0]!;
  const right = /\bright\b/i.test(clause);
  const left = /\bleft\b/i.test(clause);
  if (BILATERAL.test(clause) || (right && left) || /\b(?:knees|hips|shoulders|elbows|wrists|ankles|feet)\b/i.test(clause.match(j.joint)?.[0] ?? '')) {
    return j.bilateral ? [j.bilateral] : [j.right, j.left];
  }
  if (right) return [j.right];
  if (left) return [j.left];
  return [j.unspecified];
}
