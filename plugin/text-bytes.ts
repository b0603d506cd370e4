/**
 * Bytes that should be text: where the first byte is that a strict decoder refuses, and the
 * line and column of that byte, so a refusal can point at it. Shared by the JSON reader (UTF-8
 * only) and the table reader (UTF-8, else GB18030). TextDecoder does both in Node and browsers.
 */

export type TextEncodingName = 'utf-8' | 'gb18030';

/** Whether all of `bytes` is valid in `encoding` (a UTF-8 BOM is fine). */
export function isValidIn(bytes: Uint8Array, encoding: TextEncodingName): boolean {
  try {
    new TextDecoder(encoding, { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Offset of the first byte `encoding` refuses, or -1 when all is valid. A strict streaming
 * decoder fails on a prefix as soon as the prefix holds the bad byte, so the shortest failing
 * prefix is found by halving (only on the error path: valid text costs one decode).
 */
export function firstBadByte(bytes: Uint8Array, encoding: TextEncodingName): number {
  if (isValidIn(bytes, encoding)) return -1;
  const fails = (length: number): boolean => {
    try {
      new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(0, length), { stream: true });
      return false;
    } catch {
      return true;
    }
  };
  if (!fails(bytes.length)) {
    // only an incomplete sequence at the very end: point at where it starts
    for (let start = bytes.length - 1; start >= Math.max(0, bytes.length - 4); start--) {
      if (isValidIn(bytes.subarray(0, start), encoding)) return start;
    }
    return bytes.length - 1;
  }
  let lo = 1;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (fails(mid)) hi = mid;
    else lo = mid + 1;
  }
  // the bad byte may end a sequence that began earlier: point at where that sequence starts
  for (let start = lo - 1; start >= Math.max(0, lo - 4); start--) {
    if (isValidIn(bytes.subarray(0, start), encoding)) return start;
  }
  return lo - 1;
}

/** 1-based line and column (in characters) of the byte at `offset`, reading the line as `encoding`. */
export function bytePlace(bytes: Uint8Array, offset: number, encoding: TextEncodingName): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const before = new TextDecoder(encoding, { ignoreBOM: line > 1 }).decode(bytes.subarray(lineStart, offset), { stream: true });
  return { line, column: [...before].length + 1 };
}

/** The byte at `offset` as two hex digits, for messages. */
export function byteHex(bytes: Uint8Array, offset: number): string {
  return (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0');
}
