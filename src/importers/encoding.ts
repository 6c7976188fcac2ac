// Decides how to decode a published CSV before any row is read, from the whole file (never its first
// chunk). DfE performance-table files are UTF-8 (some with a byte order mark); the national GIAS download
// and Ofsted MI are windows-1252. A file that is neither (UTF-16 from Excel's "Unicode text", a binary),
// or a UTF-8 file with a few damaged bytes, is refused with the line and byte offset of the first bad
// byte — never silently decoded as windows-1252, which would garble every accented name in it.
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

interface Position {
  line: number;
  offset: number;
  byte: number;
}

/**
 * A byte-level UTF-8 validator (Unicode Table 3-7: no overlongs, no surrogates, nothing past U+10FFFF)
 * that streams over chunks and remembers where the first ill-formed byte is, how many well-formed
 * multi-byte characters it saw, and the other facts the decision needs.
 */
class Scanner {
  line = 1;
  offset = 0;
  multibyte = 0;
  invalid = 0;
  firstInvalid: Position | null = null;
  firstNul: Position | null = null;
  firstUndefined1252: Position | null = null;
  /** A UTF-8 byte order mark after the start: two files pasted together. */
  innerBom: Position | null = null;
  private need = 0;
  private lower = 0x80;
  private upper = 0xbf;
  private start: Position | null = null;
  private seq: number[] = [];

  private bad(at: Position): void {
    this.invalid++;
    this.firstInvalid ??= at;
  }

  private here(b: number): Position {
    return { line: this.line, offset: this.offset, byte: b };
  }

  feed(chunk: Buffer): void {
    for (let i = 0; i < chunk.length; i++, this.offset++) {
      const b = chunk[i];
      if (b === 0x0a && this.need === 0) {
        this.line++;
        continue;
      }
      if (b > 0x0a && b < 0x80 && this.need === 0) continue; // plain ASCII: the bulk of every file
      if (b === 0) this.firstNul ??= this.here(b);
      if (this.firstUndefined1252 === null && UNDEFINED_IN_1252.has(b)) this.firstUndefined1252 = this.here(b);
      if (this.need > 0) {
        if (b >= this.lower && b <= this.upper) {
          this.seq.push(b);
          this.lower = 0x80;
          this.upper = 0xbf;
          if (--this.need === 0) this.complete();
          continue;
        }
        // The sequence broke off: its lead byte is the bad one; this byte starts afresh.
        this.bad(this.start!);
        this.need = 0;
      }
      if (b === 0x0a) this.line++;
      if (b < 0x80) continue;
      const here = this.here(b);
      this.start = here;
      this.seq = [b];
      this.lower = 0x80;
      this.upper = 0xbf;
      if (b >= 0xc2 && b <= 0xdf) this.need = 1;
      else if (b >= 0xe0 && b <= 0xef) {
        this.need = 2;
        if (b === 0xe0) this.lower = 0xa0;
        if (b === 0xed) this.upper = 0x9f;
      } else if (b >= 0xf0 && b <= 0xf4) {
        this.need = 3;
        if (b === 0xf0) this.lower = 0x90;
        if (b === 0xf4) this.upper = 0x8f;
      } else this.bad(here);
    }
  }

  private complete(): void {
    const [a, b, c] = this.seq;
    // A byte order mark is not text: it says nothing about how the file's names are encoded.
    if (a === 0xef && b === 0xbb && c === 0xbf) {
      if (this.start!.offset > 0) this.innerBom ??= this.start;
      return;
    }
    this.multibyte++;
  }

  end(): void {
    if (this.need > 0) this.bad(this.start!);
    this.need = 0;
  }
}

const hex = (b: number) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`;

export async function detectEncoding(file: string, fileName: string): Promise<EncodingInfo> {
  const scan = new Scanner();
  let head: Buffer | null = null;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    if (head === null) {
      head = chunk.subarray(0, 3);
      if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
        throw new ImportRefused(fileName, [
          { line: null, reason: 'the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as CSV UTF-8 or the original windows-1252 download' },
        ]);
      }
    }
    scan.feed(chunk);
  }
  scan.end();
  const bom = head !== null && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  if (scan.firstNul) {
    throw new ImportRefused(fileName, [
      { line: scan.firstNul.line, reason: `the file contains NUL bytes (the first at byte offset ${scan.firstNul.offset}): it is not a text CSV (UTF-16 or binary?)` },
    ]);
  }
  if (scan.invalid === 0) return { encoding: 'utf-8', bom };

  const first = scan.firstInvalid!;
  const where = `byte ${hex(first.byte)} on line ${first.line} (byte offset ${first.offset})`;
  if (bom) {
    throw new ImportRefused(fileName, [
      { line: first.line, reason: `the file starts with a UTF-8 byte order mark but ${where} is not valid UTF-8: the file is damaged or mixes encodings` },
    ]);
  }
  // A windows-1252 file almost never contains a well-formed UTF-8 sequence (it would take a capital
  // accented letter followed by a curly quote or dash); a UTF-8 file damaged in a few places has many.
  if (scan.multibyte >= scan.invalid) {
    throw new ImportRefused(fileName, [
      {
        line: first.line,
        reason:
          `the file is UTF-8 (${scan.multibyte} accented or special character${scan.multibyte === 1 ? '' : 's'}) but ${where} and ` +
          `${scan.invalid - 1} other byte${scan.invalid === 2 ? '' : 's'} are not valid UTF-8: it was damaged or two encodings were mixed; ` +
          'reading it as windows-1252 would garble its names, so it is refused — re-download it or save it again as CSV UTF-8',
      },
    ]);
  }
  if (scan.firstUndefined1252) {
    throw new ImportRefused(fileName, [
      {
        line: scan.firstUndefined1252.line,
        reason: `the file is neither UTF-8 nor windows-1252: byte ${hex(scan.firstUndefined1252.byte)} on line ${scan.firstUndefined1252.line} (byte offset ${scan.firstUndefined1252.offset}) is defined by neither`,
      },
    ]);
  }
  if (scan.innerBom) {
    throw new ImportRefused(fileName, [
      { line: scan.innerBom.line, reason: `a UTF-8 byte order mark on line ${scan.innerBom.line} of a windows-1252 file: two files pasted together?` },
    ]);
  }
  return { encoding: 'windows-1252', bom: false };
}
