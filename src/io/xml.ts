import { SaxesParser } from 'saxes';
import { ClinlinkError } from '../errors.js';
import { openMaybeGzip } from './lines.js';

export interface XmlHandlers {
  open(name: string, attributes: Readonly<Record<string, string>>): void;
  close(name: string): void;
  text(text: string): void;
}

/**
 * Streams a (possibly gzipped) XML file through saxes: the document never exists as one string. Errors are typed
 * and name the file and line: E_GZIP (truncated/corrupt gzip), E_ENCODING (invalid UTF-8), E_PARSE (not
 * well-formed XML, including a document cut short). A handler's own ClinlinkError passes through; `line()` gives
 * the parser's current line for handlers to cite.
 */
export async function streamXml(file: string, makeHandlers: (line: () => number) => XmlHandlers): Promise<void> {
  const parser = new SaxesParser({ position: true });
  const line = (): number => parser.line;
  const handlers = makeHandlers(line);
  parser.on('opentag', (tag) => handlers.open(tag.name, tag.attributes as Record<string, string>));
  parser.on('closetag', (tag) => handlers.close(tag.name));
  parser.on('text', (t) => handlers.text(t));
  parser.on('cdata', (t) => handlers.text(t));
  // saxes reports well-formedness errors through this handler; throwing stops the parse at the first one.
  parser.on('error', (err) => {
    throw new ClinlinkError('E_PARSE', `malformed XML: ${err.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '')}`, { file, line: parser.line });
  });
  const stream = await openMaybeGzip(file);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  try {
    for await (const chunk of stream) {
      let text: string;
      try {
        text = decoder.decode(chunk as Buffer, { stream: true });
      } catch {
        throw new ClinlinkError('E_ENCODING', 'invalid UTF-8 bytes', { file, line: parser.line + linesBeforeBadByte(chunk as Buffer) });
      }
      if (first && text.length > 0) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // saxes rejects a BOM as content before the prolog
        first = false;
      }
      parser.write(text);
    }
    try {
      const rest = decoder.decode();
      if (rest) parser.write(rest);
    } catch {
      throw new ClinlinkError('E_ENCODING', 'invalid UTF-8 bytes at end of file', { file, line: parser.line });
    }
    parser.close();
  } catch (err) {
    if (err instanceof ClinlinkError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code.startsWith('Z_') || /unexpected end of file|incorrect header/i.test(String((err as Error).message))) {
      throw new ClinlinkError('E_GZIP', 'truncated or corrupt gzip stream', { file, line: parser.line }, { cause: err });
    }
    throw new ClinlinkError('E_IO', 'read failed', { file, line: parser.line }, { cause: err });
  } finally {
    stream.destroy();
  }
}

/** Newlines in a chunk before its first undecodable byte, so an encoding error cites the right line. */
function linesBeforeBadByte(chunk: Buffer): number {
  const lossy = new TextDecoder('utf-8').decode(chunk);
  const bad = lossy.indexOf('\ufffd');
  let n = 0;
  for (let i = lossy.indexOf('\n'); i !== -1 && (bad === -1 || i < bad); i = lossy.indexOf('\n', i + 1)) n++;
  return n;
}
