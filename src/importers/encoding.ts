// Decides how to decode a published CSV before any row is read. DfE performance-table files are
// UTF-8 (some with a byte order mark); the national GIAS download is windows-1252. A file that is
// neither (UTF-16 from Excel's "Unicode text", a binary) is refused with a reason, never guessed.
import fs from 'node:fs';
import { ImportRefused } from './problems.js';

export type Encoding = 'utf-8' | 'windows-1252';

export interface EncodingInfo {
  encoding: Encoding;
  /** A UTF-8 byte order mark was present and will be skipped. */
  bom: boolean;
}

// Bytes that windows-1252 leaves undefined: a file containing them is not windows-1252 either.
const UNDEFINED_IN_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

export async function detectEncoding(file: string, fileName: string): Promise<EncodingInfo> {
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  let bom = false;
  let validUtf8 = true;
  let undefined1252: number | null = null;
  let line = 1;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    if (first) {
      first = false;
      if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) {
        throw new ImportRefused(fileName, [
          { line: null, reason: 'the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as CSV UTF-8 or the original windows-1252 download' },
        ]);
      }
      bom = chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf;
    }
    if (chunk.includes(0)) {
      throw new ImportRefused(fileName, [{ line: null, reason: 'the file contains NUL bytes: it is not a text CSV (UTF-16 or binary?)' }]);
    }
    if (validUtf8) {
      try {
        utf8.decode(chunk, { stream: true });
      } catch {
        validUtf8 = false;
      }
    }
    if (undefined1252 === null) {
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i];
        if (b === 0x0a) line++;
        else if (UNDEFINED_IN_1252.has(b)) {
          undefined1252 = line;
          break;
        }
      }
    }
  }
  if (validUtf8) {
    try {
      utf8.decode();
    } catch {
      validUtf8 = false;
    }
  }
  if (validUtf8) return { encoding: 'utf-8', bom };
  if (bom) {
    throw new ImportRefused(fileName, [{ line: null, reason: 'the file starts with a UTF-8 byte order mark but is not valid UTF-8' }]);
  }
  if (undefined1252 !== null) {
    throw new ImportRefused(fileName, [
      { line: undefined1252, reason: 'the file is neither UTF-8 nor windows-1252 (it has bytes neither encoding defines)' },
    ]);
  }
  return { encoding: 'windows-1252', bom: false };
}
