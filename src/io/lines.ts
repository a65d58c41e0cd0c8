import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { ClinlinkError } from '../errors.js';

/** Opens a file as a byte stream, gunzipping when it starts with the gzip magic bytes (not by its name). */
export async function openMaybeGzip(file: string): Promise<Readable> {
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new ClinlinkError('E_IO', 'not a regular file', { file });
  } catch (err) {
    if (err instanceof ClinlinkError) throw err;
    throw new ClinlinkError('E_IO', 'cannot read file', { file }, { cause: err });
  }
  const head = await readHead(file, 2);
  const raw = createReadStream(file);
  if (head.length === 2 && head[0] === 0x1f && head[1] === 0x8b) {
    const gunzip = createGunzip();
    raw.on('error', (e) => gunzip.destroy(e));
    return raw.pipe(gunzip);
  }
  return raw;
}

async function readHead(file: string, n: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let len = 0;
  for await (const chunk of createReadStream(file, { start: 0, end: n - 1 })) {
    chunks.push(chunk as Buffer);
    len += (chunk as Buffer).length;
  }
  return Buffer.concat(chunks, len);
}

export interface Line {
  /** 1-based line number. */
  number: number;
  text: string;
}

/**
 * Streams the lines of a (possibly gzipped) text file. Strips a UTF-8 BOM and CR of CRLF endings; throws a typed
 * error naming the file and line for invalid UTF-8 and for truncated or corrupt gzip.
 */
export async function* readLines(file: string): AsyncGenerator<Line> {
  const stream = await openMaybeGzip(file);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending = '';
  let lineNo = 0;
  let first = true;
  try {
    for await (const chunk of stream) {
      let text: string;
      try {
        text = decoder.decode(chunk as Buffer, { stream: true });
      } catch {
        throw new ClinlinkError('E_ENCODING', 'invalid UTF-8 bytes', { file, line: lineNo + 1 + countNewlines(pending) });
      }
      if (first) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      pending += text;
      let start = 0;
      let nl: number;
      while ((nl = pending.indexOf('\n', start)) !== -1) {
        lineNo++;
        let end = nl;
        if (end > start && pending.charCodeAt(end - 1) === 13) end--;
        yield { number: lineNo, text: pending.slice(start, end) };
        start = nl + 1;
      }
      pending = pending.slice(start);
    }
    try {
      pending += decoder.decode();
    } catch {
      throw new ClinlinkError('E_ENCODING', 'invalid UTF-8 bytes at end of file', { file, line: lineNo + 1 });
    }
  } catch (err) {
    if (err instanceof ClinlinkError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code.startsWith('Z_') || /unexpected end of file|incorrect header|invalid/i.test(String((err as Error).message))) {
      throw new ClinlinkError('E_GZIP', 'truncated or corrupt gzip stream', { file, line: lineNo + 1 }, { cause: err });
    }
    throw new ClinlinkError('E_IO', 'read failed', { file, line: lineNo + 1 }, { cause: err });
  }
  if (pending.length > 0) {
    lineNo++;
    yield { number: lineNo, text: pending.endsWith('\r') ? pending.slice(0, -1) : pending };
  }
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
