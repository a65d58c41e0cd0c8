/**
 * History codes. ICD-10-CM Official Guidelines Section I.C.21.c.4: personal history codes (Z85–Z87, and I25.2 for
 * an old myocardial infarction, Section I.C.9.e.4) explain a patient's past condition that no longer exists and is
 * not receiving treatment; family history codes (Z80–Z84) say a family member had the condition.
 * Each table maps an ICD-10-CM code prefix of the active condition to the history code; the longest prefix wins.
 */
export interface PrefixMap {
  prefix: string;
  code: string;
}

export const PERSONAL_HISTORY: readonly PrefixMap[] = [
  { prefix: 'I21', code: 'I25.2' },
  { prefix: 'I22', code: 'I25.2' },
  { prefix: 'I63', code: 'Z86.73' },
  { prefix: 'G45', code: 'Z86.73' },
  { prefix: 'I26', code: 'Z86.711' },
  { prefix: 'I82', code: 'Z86.718' },
  { prefix: 'F17', code: 'Z87.891' },
  { prefix: 'C15', code: 'Z85.01' },
  { prefix: 'C16', code: 'Z85.028' },
  { prefix: 'C18', code: 'Z85.038' },
  { prefix: 'C19', code: 'Z85.048' },
  { prefix: 'C20', code: 'Z85.048' },
  { prefix: 'C22', code: 'Z85.05' },
  { prefix: 'C25', code: 'Z85.07' },
  { prefix: 'C32', code: 'Z85.21' },
  { prefix: 'C34', code: 'Z85.118' },
  { prefix: 'C43', code: 'Z85.820' },
  { prefix: 'C44', code: 'Z85.828' },
  { prefix: 'C50', code: 'Z85.3' },
  { prefix: 'C53', code: 'Z85.41' },
  { prefix: 'C54', code: 'Z85.42' },
  { prefix: 'C55', code: 'Z85.42' }, // uterus, part unspecified: Z85.42 "other parts of uterus" (Index: History, personal, malignant neoplasm, uterus)
  { prefix: 'C56', code: 'Z85.43' },
  { prefix: 'C61', code: 'Z85.46' },
  { prefix: 'C64', code: 'Z85.528' },
  { prefix: 'C67', code: 'Z85.51' },
  { prefix: 'C71', code: 'Z85.841' },
  { prefix: 'C73', code: 'Z85.850' },
  { prefix: 'C81', code: 'Z85.71' },
  { prefix: 'C82', code: 'Z85.72' },
  { prefix: 'C83', code: 'Z85.72' },
  { prefix: 'C85', code: 'Z85.72' },
  { prefix: 'C90', code: 'Z85.79' },
  { prefix: 'C91', code: 'Z85.6' },
  { prefix: 'C92', code: 'Z85.6' },
  { prefix: 'C95', code: 'Z85.6' },
  { prefix: 'C', code: 'Z85.9' },
];

export const FAMILY_HISTORY: readonly PrefixMap[] = [
  { prefix: 'C15', code: 'Z80.0' },
  { prefix: 'C16', code: 'Z80.0' },
  { prefix: 'C18', code: 'Z80.0' },
  { prefix: 'C19', code: 'Z80.0' },
  { prefix: 'C20', code: 'Z80.0' },
  { prefix: 'C25', code: 'Z80.0' },
  { prefix: 'C34', code: 'Z80.1' },
  { prefix: 'C50', code: 'Z80.3' },
  { prefix: 'C56', code: 'Z80.41' },
  { prefix: 'C61', code: 'Z80.42' },
  { prefix: 'C64', code: 'Z80.51' },
  { prefix: 'C67', code: 'Z80.52' },
  { prefix: 'C91', code: 'Z80.6' },
  { prefix: 'C92', code: 'Z80.6' },
  { prefix: 'C', code: 'Z80.9' },
  { prefix: 'I2', code: 'Z82.49' },
  { prefix: 'I1', code: 'Z82.49' },
  { prefix: 'I5', code: 'Z82.49' },
  { prefix: 'I63', code: 'Z82.3' },
  { prefix: 'E10', code: 'Z83.3' },
  { prefix: 'E11', code: 'Z83.3' },
  { prefix: 'E78', code: 'Z83.42' },
  { prefix: 'G40', code: 'Z82.0' },
  { prefix: 'G30', code: 'Z82.0' },
  { prefix: 'J45', code: 'Z82.5' },
  { prefix: 'J44', code: 'Z82.5' },
  { prefix: 'N18', code: 'Z84.19' },
  { prefix: 'F32', code: 'Z81.8' },
  { prefix: 'F33', code: 'Z81.8' },
  { prefix: 'F10', code: 'Z81.1' },
];

/**
 * Chronic systemic conditions are coded whenever documented, even in a past-history list (Section III, "other
 * diagnoses": conditions that affect care, treatment or monitoring), instead of becoming a history code. Local
 * conditions such as GERD are not on the list: a past-history line alone does not show they affect this stay.
 */
export const CHRONIC_PREFIXES: readonly string[] = [
  'I10', 'I11', 'I12', 'I13', 'I15', 'E08', 'E09', 'E10', 'E11', 'E13', 'N18', 'I50', 'I42', 'I25.1', 'I48', 'J44', 'J45', 'E03',
  'B18', 'B19.2', 'B20', 'G40', 'F01', 'F02', 'F03', 'G30', 'G80', 'E78', 'E66', 'G20', 'M10', 'F32', 'F33', 'F41',
  'D63', 'N40', 'G47.33', 'M81', 'E05', 'K70', 'K74', 'Z99.2', 'Z95',
];

export function longestPrefix(table: readonly PrefixMap[], code: string): string | undefined {
  let best: PrefixMap | undefined;
  for (const e of table) if (code.startsWith(e.prefix) && (!best || e.prefix.length > best.prefix.length)) best = e;
  return best?.code;
}

/**
 * Status and history Z codes worth reporting from anywhere in the note (Section III: they affect care and
 * monitoring): transplant, dialysis, device and bypass status, long-term insulin or oral hypoglycaemics, nicotine
 * dependence history, cancer/VTE/stroke history, DNR, bariatric surgery. Other Z codes count only when they are in
 * the final diagnostic statement.
 */
export const REPORTABLE_STATUS_PREFIXES: readonly string[] = [
  'Z94', 'Z99.2', 'Z99.81', 'Z95.1', 'Z95.5', 'Z95.0', 'Z95.2', 'Z95.81', 'Z79.4', 'Z79.84', 'Z87.891', 'Z85', 'Z86.73',
  'Z86.71', 'Z66', 'Z98.84', 'Z93', 'Z21',
  // Current tobacco dependence affects care wherever it is documented (social history included; I.C.5.b / Section III).
  'F17.2',
];
