import type { Concept, CrossReference, Term } from '../../src/ontology/concept.js';
import type { ConceptRecord, PackSink } from '../../src/ontology/sink.js';

/**
 * An in-memory PackSink for loader tests. Keeps every record, grouped by concept id, and merges concept records
 * the way the pack builder does: the first non-empty preferred wins, a group replaces only a missing or 'other'
 * one, billable/active take the last value given. Records for ids never declared as concepts are kept too (the
 * builder reports those as dangling; tests may want to see them).
 */
export class RecordingSink implements PackSink {
  readonly concepts = new Map<string, ConceptRecord>();
  readonly terms = new Map<string, Term[]>();
  readonly parents = new Map<string, Set<string>>();
  readonly xrefs = new Map<string, CrossReference[]>();
  readonly semanticTypes = new Map<string, Set<string>>();
  readonly attributes = new Map<string, Map<string, string[]>>();
  /** Calls per record kind, duplicates included. */
  readonly calls = { concept: 0, term: 0, parent: 0, xref: 0, semanticType: 0, attribute: 0 };

  concept(record: ConceptRecord): void {
    this.calls.concept++;
    const prev = this.concepts.get(record.id);
    if (!prev) {
      this.concepts.set(record.id, { ...record });
      return;
    }
    if (!prev.preferred?.trim() && record.preferred?.trim()) prev.preferred = record.preferred;
    if (record.group !== undefined && (prev.group === undefined || prev.group === 'other')) prev.group = record.group;
    if (record.billable !== undefined) prev.billable = record.billable;
    if (record.active !== undefined) prev.active = record.active;
  }

  term(conceptId: string, term: Term): void {
    this.calls.term++;
    push(this.terms, conceptId, { ...term });
  }

  parent(childId: string, parentId: string): void {
    this.calls.parent++;
    add(this.parents, childId, parentId);
  }

  xref(conceptId: string, xref: CrossReference): void {
    this.calls.xref++;
    push(this.xrefs, conceptId, { ...xref });
  }

  semanticType(conceptId: string, semanticType: string): void {
    this.calls.semanticType++;
    add(this.semanticTypes, conceptId, semanticType);
  }

  attribute(conceptId: string, key: string, value: string): void {
    this.calls.attribute++;
    let byKey = this.attributes.get(conceptId);
    if (!byKey) this.attributes.set(conceptId, (byKey = new Map()));
    push(byKey, key, value);
  }

  /** Term texts of a concept, optionally of one kind. */
  termTexts(conceptId: string, kind?: Term['kind']): string[] {
    return (this.terms.get(conceptId) ?? []).filter((t) => kind === undefined || t.kind === kind).map((t) => t.text);
  }

  parentsOf(conceptId: string): string[] {
    return [...(this.parents.get(conceptId) ?? [])];
  }

  attributeValues(conceptId: string, key: string): string[] {
    return this.attributes.get(conceptId)?.get(key) ?? [];
  }

  /** Concept ids that carry a term with exactly this text (case-insensitive). */
  conceptsWithTerm(text: string, kind?: Term['kind']): string[] {
    const want = text.toLowerCase();
    const out: string[] = [];
    for (const [id, terms] of this.terms) {
      if (terms.some((t) => t.text.toLowerCase() === want && (kind === undefined || t.kind === kind))) out.push(id);
    }
    return out;
  }

  /** The merged concept in the library's model, or undefined when no concept record was given for the id. */
  toConcept(conceptId: string): Concept | undefined {
    const r = this.concepts.get(conceptId);
    if (!r) return undefined;
    const attrs = this.attributes.get(conceptId);
    return {
      id: r.id,
      system: r.system,
      code: r.code,
      preferred: r.preferred ?? r.code,
      terms: [...(this.terms.get(conceptId) ?? [])],
      semanticTypes: [...(this.semanticTypes.get(conceptId) ?? [])],
      group: r.group ?? 'other',
      parents: this.parentsOf(conceptId),
      xrefs: [...(this.xrefs.get(conceptId) ?? [])],
      ...(r.billable === undefined ? {} : { billable: r.billable }),
      active: r.active ?? true,
      ...(attrs ? { attributes: Object.fromEntries([...attrs].map(([k, v]) => [k, [...v]])) } : {}),
    };
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function add<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}
