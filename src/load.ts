import { DictionaryMatcher } from './ner/dictionary-matcher.js';
import { Pack } from './ontology/pack.js';
import { starterPackDir } from './ontology/starter.js';
import { Pipeline, type PipelineOptions } from './pipeline.js';

export interface LoadOptions extends PipelineOptions {}

/**
 * Opens a pack (the embedded starter pack when none is given) and returns an annotation pipeline over it:
 * `const nlp = await load(); const doc = await nlp.annotate(text);`
 */
export async function load(packDir?: string, options: LoadOptions = {}): Promise<Pipeline> {
  const pack = Pack.open(packDir ?? (await starterPackDir()));
  const matcher = DictionaryMatcher.fromPack(pack);
  return new Pipeline(pack, matcher, undefined, options);
}
