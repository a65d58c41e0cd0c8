// Gold mention strings of a PubTator corpus, for the benchmarks' queries.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { createInterface } from 'node:readline';

export async function readPubtatorMentions(file) {
  const out = [];
  for await (const line of createInterface({ input: createReadStream(file).pipe(createGunzip()) })) {
    const cols = line.split('\t');
    if (cols.length >= 6) out.push(cols[3]);
  }
  return out;
}
