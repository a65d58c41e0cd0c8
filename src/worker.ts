/**
 * Worker thread entry for annotateMany: each worker opens the pack once and annotates the notes it is sent.
 * Bundled by tsup to dist/worker.js.
 */
import { load } from './load.js';
import type { Pipeline, PipelineOptions } from './pipeline.js';
import type { Doc } from './types.js';

export interface WorkerTask {
  packDir: string;
  options: PipelineOptions;
  text: string;
}

let pipeline: Promise<Pipeline> | undefined;
let openedFor: string | undefined;

export default async function annotateTask(task: WorkerTask): Promise<Doc> {
  if (!pipeline || openedFor !== task.packDir) {
    openedFor = task.packDir;
    pipeline = load(task.packDir, task.options);
  }
  return (await pipeline).annotate(task.text);
}
