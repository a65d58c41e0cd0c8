import type { Pack } from '../ontology/pack.js';

/** Cap on remembered answers per pack: cleared when reached, so a long-running coder's memory stays bounded. */
const MAX_ENTRIES = 20_000;

/**
 * A memo of answers per pack and (case-folded) phrase, for lookups that cost several full-text queries and that notes
 * repeat ("acoustic neuroma", "squamous cell carcinoma of the larynx").
 */
export function packMemo<T>(): (pack: Pack, phrase: string, compute: () => T) => T {
  const answers = new WeakMap<Pack, Map<string, T>>();
  return (pack, phrase, compute) => {
    let m = answers.get(pack);
    if (!m) answers.set(pack, (m = new Map()));
    const key = phrase.toLowerCase();
    if (m.has(key)) return m.get(key)!;
    if (m.size >= MAX_ENTRIES) m.clear();
    const value = compute();
    m.set(key, value);
    return value;
  };
}
