import { openLinker, type LinkerOpenOptions } from './link/open.js';
import { DictionaryMatcher } from './ner/dictionary-matcher.js';
import { Pack } from './ontology/pack.js';
import { starterPackDir } from './ontology/starter.js';
import { Pipeline, type PipelineOptions } from './pipeline.js';

export interface LoadOptions extends PipelineOptions {
  /**
   * Attach the linker (ONNX bi-encoder + vector index; options are passed to openLinker) so noun phrases the
   * dictionary misses are linked too. Default false: the dictionary pipeline needs no model.
   */
  linker?: boolean | LinkerOpenOptions;
}

/**
 * Opens a pack (the embedded starter pack when none is given) and returns an annotation pipeline over it:
 * `const nlp = await load(); const doc = await nlp.annotate(text);`
 */
export async function load(packDir?: string, options: LoadOptions = {}): Promise<Pipeline> {
  const pack = Pack.open(packDir ?? (await starterPackDir()));
  const matcher = DictionaryMatcher.fromPack(pack);
  const linker = options.linker ? await openLinker(pack.dir, typeof options.linker === 'object' ? options.linker : {}) : undefined;
  return new Pipeline(pack, matcher, linker, options);
}
