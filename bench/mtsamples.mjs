// Reads MTSamples rows (the CSV in ../shared/data) for the benchmarks.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';

export async function readCsv(file) {
  const rows = [];
  for await (const r of createReadStream(file).pipe(createGunzip()).pipe(parse({ columns: true }))) rows.push(r);
  return rows;
}
