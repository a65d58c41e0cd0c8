import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { invalidArgument } from './errors.js';
import { packageRoot } from './package-root.js';
import { starterPackDir } from './ontology/starter.js';
import type { PipelineOptions } from './pipeline.js';
import type { Doc } from './types.js';
import type { WorkerTask } from './worker.js';

export interface AnnotateManyOptions {
  /** Pack directory (default: the embedded starter pack). */
  packDir?: string;
  /** Worker threads (default: all cores). */
  workers?: number;
  pipeline?: PipelineOptions;
}

/**
 * Annotates a stream of notes on a pool of worker threads and yields the documents in input order. At most a few
 * notes per worker are in flight, so a million-note iterable never sits in memory at once.
 */
export async function* annotateMany(notes: AsyncIterable<string> | Iterable<string>, options: AnnotateManyOptions = {}): AsyncGenerator<Doc> {
  const workers = options.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 1) throw invalidArgument(`workers must be a positive integer, got ${workers}`, 'workers');
  const packDir = options.packDir ?? (await starterPackDir());
  const pool = new Piscina({ filename: join(packageRoot(), 'dist', 'worker.js'), minThreads: workers, maxThreads: workers });
  const window = workers * 4;
  const pending: Promise<Doc>[] = [];
  try {
    for await (const text of notes) {
      const task: WorkerTask = { packDir, options: options.pipeline ?? {}, text };
      pending.push(pool.run(task) as Promise<Doc>);
      if (pending.length >= window) yield await pending.shift()!;
    }
    while (pending.length) yield await pending.shift()!;
  } finally {
    // Settle what is still running before the pool goes, so no rejection is left unhandled.
    await Promise.allSettled(pending);
    await pool.destroy();
  }
}
