/**
 * Text from Chinese users' files: UTF-8 (with or without BOM) from most tools, GBK/GB18030
 * from Excel's "CSV" export on Chinese Windows. Valid UTF-8 wins; anything else is GB18030,
 * a superset of GBK. TextDecoder does both in Node and in browsers, so no iconv is needed.
 */
import { problem, type Problem } from '../problems.js';
import { byteHex, bytePlace, firstBadByte, isValidIn, type TextEncodingName } from '../text-bytes.js';

function detectEncoding(bytes: Uint8Array): TextEncodingName {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/**
 * A file's text, decided on the whole file: UTF-8 if all of it is, else GB18030 if all of it
 * is, else refused at the first bad byte (of whichever encoding reads further into the file,
 * the one the file was most likely meant to be in) with its line and column.
 */
export function decodeTextStrict(
  bytes: Uint8Array, file: string,
): { ok: true; text: string; encoding: TextEncodingName } | { ok: false; problem: Problem } {
  for (const encoding of ['utf-8', 'gb18030'] as const) {
    if (isValidIn(bytes, encoding)) return { ok: true, text: new TextDecoder(encoding).decode(bytes), encoding };
  }
  const utf8 = firstBadByte(bytes, 'utf-8');
  const gb = firstBadByte(bytes, 'gb18030');
  const [encoding, at] = gb > utf8 ? ['gb18030', gb] as const : ['utf-8', utf8] as const;
  const { line, column } = bytePlace(bytes, at, encoding);
  const name = encoding === 'utf-8' ? 'UTF-8' : 'GB18030';
  const p = problem('DATA_ENCODING', file, '', {
    zh: `第 ${line} 行第 ${column} 列：字节 0x${byteHex(bytes, at)} 既不是 UTF-8 也不是 GB18030（按 ${name} 读到此处出错）；请以 UTF-8 另存`,
    en: `line ${line}, column ${column}: byte 0x${byteHex(bytes, at)} is neither UTF-8 nor GB18030 (read as ${name} up to here); save the file as UTF-8`,
  });
  return { ok: false, problem: { ...p, row: line, column } };
}

export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncodingName } {
  const encoding = detectEncoding(bytes);
  const text = new TextDecoder(encoding).decode(bytes); // strips a UTF-8 BOM
  return { text, encoding };
}

/** A stream (or file) whose bytes are valid in neither encoding, with the place of the first bad byte. */
export class TextDecodeError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message.en);
    this.name = 'TextDecodeError';
  }
}

/**
 * A decoder for a stream of chunks. The encoding is decided from the first `sniffBytes` (a
 * split multi-byte character at the end of the sample is not held against UTF-8); after that,
 * every byte must be valid in it: the stream is decoded in runs that end after a byte below 0x30
 * (a line feed, a comma, a quote: never part of a multi-byte character in either encoding, so a
 * run never splits one), and a bad byte throws a
 * TextDecodeError with its line and column instead of becoming U+FFFD. Text already handed out
 * cannot be read again in the other encoding, so a UTF-8 stream with a GBK line is refused.
 */
export class SniffingDecoder {
  private pending: Uint8Array[] = [];
  private pendingLength = 0;
  private decided = false;
  private linesBefore = 0;
  /** Characters already handed out on the current line. */
  private columnsBefore = 0;
  private first = true;
  encoding: TextEncodingName | undefined;

  constructor(private readonly sniffBytes = 64 * 1024, private readonly file = '<input>') {}

  push(chunk: Uint8Array): string {
    this.pending.push(chunk);
    this.pendingLength += chunk.length;
    if (!this.decided) {
      if (this.pendingLength < this.sniffBytes) return '';
      this.decide(false);
    }
    return this.emit(false);
  }

  end(): string {
    if (!this.decided) this.decide(true);
    return this.emit(true);
  }

  private decide(final: boolean): void {
    const sample = concat(this.pending, this.pendingLength);
    this.pending = [sample];
    const probe = final ? sample : sample.subarray(0, completeUtf8Prefix(sample));
    this.encoding = isValidIn(probe, 'utf-8') ? 'utf-8' : 'gb18030';
    this.decided = true;
  }

  /** Decodes what is held up to its last safe cut (all of it at the end), keeping the rest. */
  private emit(final: boolean): string {
    const held = concat(this.pending, this.pendingLength);
    let cut = held.length;
    if (!final) while (cut > 0 && (held[cut - 1] as number) >= 0x30) cut--;
    if (cut === 0) {
      this.pending = [held];
      return '';
    }
    const run = held.subarray(0, cut);
    const rest = held.subarray(cut);
    this.pending = rest.length ? [rest] : [];
    this.pendingLength = rest.length;
    const encoding = this.encoding as TextEncodingName;
    let text: string;
    try {
      text = new TextDecoder(encoding, { fatal: true, ignoreBOM: !this.first }).decode(run);
    } catch {
      const at = firstBadByte(run, encoding);
      const place = bytePlace(run, at, encoding);
      const line = this.linesBefore + place.line;
      const column = place.line === 1 ? this.columnsBefore + place.column : place.column;
      const name = encoding === 'utf-8' ? 'UTF-8' : 'GB18030';
      const p = problem('DATA_ENCODING', this.file, '', {
        zh: `第 ${line} 行第 ${column} 列：字节 0x${byteHex(run, at)} 不是 ${name}（此前的内容按 ${name} 读取）；请以 UTF-8 另存`,
        en: `line ${line}, column ${column}: byte 0x${byteHex(run, at)} is not ${name} (the input before it was read as ${name}); save the file as UTF-8`,
      });
      throw new TextDecodeError({ ...p, row: line, column });
    }
    this.first = false;
    const lastFeed = text.lastIndexOf('\n');
    if (lastFeed < 0) this.columnsBefore += [...text].length;
    else {
      for (const b of run) if (b === 0x0a) this.linesBefore++;
      this.columnsBefore = [...text.slice(lastFeed + 1)].length;
    }
    return text;
  }
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/** Length of the sample without a trailing, incomplete UTF-8 sequence. */
function completeUtf8Prefix(bytes: Uint8Array): number {
  let i = bytes.length;
  let back = 0;
  while (i > 0 && back < 4 && ((bytes[i - 1] as number) & 0xc0) === 0x80) {
    i--;
    back++;
  }
  if (i === 0) return bytes.length;
  const lead = bytes[i - 1] as number;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return need > back + 1 ? i - 1 : bytes.length;
}
