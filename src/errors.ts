/**
 * One error family for the whole library. Every error carries a stable `code` and, where it applies, the file,
 * line and field that caused it. Messages never contain note text (patient data): only positions, names and counts.
 */
export type ClinlinkErrorCode =
  | 'E_PARSE' // a malformed row, element or field in an input file
  | 'E_IO' // a file that cannot be read or written
  | 'E_GZIP' // a truncated or corrupt gzip stream
  | 'E_ENCODING' // bytes that are not valid UTF-8
  | 'E_PACK_MISSING'
  | 'E_PACK_CORRUPT'
  | 'E_PACK_VERSION'
  | 'E_MODEL_MISSING'
  | 'E_MODEL_CORRUPT'
  | 'E_MODEL_MISMATCH'
  | 'E_INDEX_MISMATCH'
  | 'E_INDEX_CORRUPT'
  | 'E_INVALID_ARGUMENT'
  | 'E_CYCLE'
  | 'E_NOT_FOUND';

export interface ErrorLocation {
  file?: string;
  line?: number;
  field?: string;
}

export class ClinlinkError extends Error {
  readonly code: ClinlinkErrorCode;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly field: string | undefined;

  constructor(code: ClinlinkErrorCode, message: string, where: ErrorLocation = {}, options?: { cause?: unknown }) {
    const place = [where.file, where.line !== undefined ? `line ${where.line}` : undefined, where.field && `field ${where.field}`]
      .filter(Boolean)
      .join(', ');
    super(place ? `${message} (${place})` : message, options);
    this.name = 'ClinlinkError';
    this.code = code;
    this.file = where.file;
    this.line = where.line;
    this.field = where.field;
  }
}

export function invalidArgument(message: string, field?: string): ClinlinkError {
  return new ClinlinkError('E_INVALID_ARGUMENT', message, field ? { field } : {});
}
