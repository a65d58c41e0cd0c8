import type { CrossReference, SemanticGroup, System, Term } from './concept.js';

/**
 * What a loader writes into. Loaders stream records into a sink instead of building concept objects in memory,
 * so a 15M-string UMLS release never lives in the JS heap. Records for one concept may arrive from several
 * loaders and in any order: the pack builder merges them by concept id and resolves references at the end.
 */
export interface ConceptRecord {
  id: string;
  system: System;
  code: string;
  preferred?: string;
  group?: SemanticGroup;
  billable?: boolean;
  active?: boolean;
}

export interface PackSink {
  concept(record: ConceptRecord): void;
  term(conceptId: string, term: Term): void;
  parent(childId: string, parentId: string): void;
  xref(conceptId: string, xref: CrossReference): void;
  semanticType(conceptId: string, semanticType: string): void;
  attribute(conceptId: string, key: string, value: string): void;
}

/**
 * Counts a loader reports. Nothing disappears silently: every row read is either kept or skipped with a reason.
 */
export class LoadReport {
  readonly source: string;
  readonly file: string;
  read = 0;
  kept = 0;
  readonly skipped = new Map<string, number>();
  /** Things handled that are not skips (e.g. billable vs header rows), for the build report. */
  readonly tallies = new Map<string, number>();

  constructor(source: string, file: string) {
    this.source = source;
    this.file = file;
  }

  skip(reason: string, count = 1): void {
    this.skipped.set(reason, (this.skipped.get(reason) ?? 0) + count);
  }

  tally(key: string, n = 1): void {
    this.tallies.set(key, (this.tallies.get(key) ?? 0) + n);
  }

  get skippedTotal(): number {
    let n = 0;
    for (const v of this.skipped.values()) n += v;
    return n;
  }

  toJSON(): { source: string; file: string; read: number; kept: number; skipped: Record<string, number>; tallies: Record<string, number> } {
    return { source: this.source, file: this.file, read: this.read, kept: this.kept, skipped: Object.fromEntries(this.skipped), tallies: Object.fromEntries(this.tallies) };
  }
}
