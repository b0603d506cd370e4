/**
 * Text from Chinese users' files: UTF-8 (with or without BOM) from most tools, GBK/GB18030
 * from Excel's "CSV" export on Chinese Windows. Valid UTF-8 wins; anything else is GB18030,
 * a superset of GBK. TextDecoder does both in Node and in browsers, so no iconv is needed.
 */
import { problem, type Problem } from '../problems.js';
import { byteHex, bytePlace, firstBadByte, isValidIn, type TextEncodingName } from '../text-bytes.js';

/** The part of TextDecoder we use; spelled out because the runtime is compiled without DOM types. */
interface StreamDecoder {
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}

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

/**
 * A decoder for a stream of chunks that decides the encoding from the first `sniffBytes`
 * (a split multi-byte character at the end of the sample is not held against UTF-8).
 */
export class SniffingDecoder {
  private pending: Uint8Array[] = [];
  private pendingLength = 0;
  private decoder: StreamDecoder | undefined;
  encoding: TextEncodingName | undefined;

  constructor(private readonly sniffBytes = 64 * 1024) {}

  push(chunk: Uint8Array): string {
    if (this.decoder) return this.decoder.decode(chunk, { stream: true });
    this.pending.push(chunk);
    this.pendingLength += chunk.length;
    if (this.pendingLength < this.sniffBytes) return '';
    return this.decide(false);
  }

  end(): string {
    if (!this.decoder) return this.decide(true);
    return this.decoder.decode();
  }

  private decide(final: boolean): string {
    const sample = concat(this.pending, this.pendingLength);
    this.pending = [];
    const probe = final ? sample : sample.subarray(0, completeUtf8Prefix(sample));
    this.encoding = detectEncoding(probe);
    this.decoder = new TextDecoder(this.encoding);
    return this.decoder.decode(sample, { stream: !final });
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
