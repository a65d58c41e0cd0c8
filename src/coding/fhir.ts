import type { Assertion } from '../types.js';
import type { CodeAssignment } from './coder.js';

/** The subset of FHIR R4 the coder writes: a collection Bundle of Condition resources. */
export interface FhirCoding {
  system: string;
  code: string;
  display?: string;
}

export interface FhirExtension {
  url: string;
  valueInteger?: number;
  valueString?: string;
  valueDecimal?: number;
  extension?: FhirExtension[];
}

export interface FhirCondition {
  resourceType: 'Condition';
  id: string;
  extension?: FhirExtension[];
  clinicalStatus?: { coding: FhirCoding[] };
  verificationStatus: { coding: FhirCoding[] };
  category: { coding: FhirCoding[] }[];
  code: { coding: FhirCoding[]; text?: string };
  subject: { reference?: string; display?: string };
  note?: { text: string }[];
}

export interface FhirBundle {
  resourceType: 'Bundle';
  type: 'collection';
  timestamp: string;
  entry: { fullUrl: string; resource: FhirCondition }[];
}

export const ICD10CM_SYSTEM = 'http://hl7.org/fhir/sid/icd-10-cm';
/** Where an evidence span sits in the note; a clinlink extension (FHIR has no element for offsets into a text). */
export const EVIDENCE_EXTENSION = 'https://github.com/clinlink/clinlink/fhir/StructureDefinition/evidence';
export const CONFIDENCE_EXTENSION = 'https://github.com/clinlink/clinlink/fhir/StructureDefinition/confidence';

const VERIFICATION = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
const CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const CATEGORY = 'http://terminology.hl7.org/CodeSystem/condition-category';

export interface FhirOptions {
  /** Reference to the patient (default: a display-only reference, since the note alone names no resource). */
  subject?: { reference?: string; display?: string };
  timestamp?: Date;
}

/**
 * Coded conditions as a FHIR R4 Bundle of Condition resources. verificationStatus follows the assertion of the
 * evidence: confirmed unless every mention was uncertain (then provisional, as coded at inpatient discharge).
 * History codes (Z85–Z87, I25.2) are reported as resolved past conditions; everything else as active. Each piece of
 * evidence is an extension with the span's start, end and section; the note text itself is not copied.
 */
export function toFhirBundle(assignments: readonly CodeAssignment[], options: FhirOptions = {}): FhirBundle {
  const subject = options.subject ?? { display: 'patient of the coded note' };
  return {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp: (options.timestamp ?? new Date()).toISOString(),
    entry: assignments.map((a, i) => {
      const id = `condition-${i + 1}-${a.code.replace(/[^A-Za-z0-9]/g, '')}`;
      const uncertain = a.evidence.length > 0 && a.evidence.every((e) => e.assertion.uncertain);
      const history = /^Z8[5-7]/.test(a.code) || a.code === 'I25.2';
      const resource: FhirCondition = {
        resourceType: 'Condition',
        id,
        extension: [
          { url: CONFIDENCE_EXTENSION, valueDecimal: a.confidence },
          ...a.evidence.map((e) => ({
            url: EVIDENCE_EXTENSION,
            extension: [
              { url: 'start', valueInteger: e.start },
              { url: 'end', valueInteger: e.end },
              { url: 'section', valueString: e.section },
              { url: 'assertion', valueString: assertionLabel(e.assertion) },
            ],
          })),
        ],
        clinicalStatus: { coding: [{ system: CLINICAL, code: history ? 'resolved' : 'active' }] },
        verificationStatus: { coding: [{ system: VERIFICATION, code: uncertain ? 'provisional' : 'confirmed' }] },
        category: [{ coding: [{ system: CATEGORY, code: 'encounter-diagnosis', display: 'Encounter Diagnosis' }] }],
        code: { coding: [{ system: ICD10CM_SYSTEM, code: a.code, display: a.title }], text: a.title },
        subject,
        note: [{ text: a.rationale }],
      };
      return { fullUrl: `urn:uuid:${pseudoUuid(id, i)}`, resource };
    }),
  };
}

function assertionLabel(a: Assertion): string {
  const on = (Object.keys(a) as (keyof Assertion)[]).filter((k) => a[k]);
  return on.length ? on.join(',') : 'affirmed';
}

/** A stable UUID-shaped id for fullUrl (a Bundle entry needs one; the conditions are not persisted anywhere). */
function pseudoUuid(seed: string, n: number): string {
  let h = 2166136261 ^ n;
  const hex: string[] = [];
  for (let round = 0; round < 4; round++) {
    for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    h = Math.imul(h ^ round, 16777619) >>> 0;
    hex.push(h.toString(16).padStart(8, '0'));
  }
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-8${s.slice(17, 20)}-${s.slice(20, 32)}`;
}
