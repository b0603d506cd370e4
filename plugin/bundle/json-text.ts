/**
 * JSON text helpers for hosts that read files: parse with the line and column of a syntax
 * error, and find the line and column where the value at a JSON pointer starts, so an error
 * found by pointer can be shown at its place in the editor or on the command line.
 */
import { escapePointerToken, problem, type Problem } from '../problems.js';
import { byteHex, bytePlace, firstBadByte } from '../text-bytes.js';
import { diagnoseJson } from './json-mistakes.js';

type ParseResult = { ok: true; value: unknown } | { ok: false; problem: Problem };

/**
 * Parses JSON text, refusing what JSON.parse lets through silently: a key given twice in one
 * object (the last would win) and a `__proto__` key (a trap for every reader that copies
 * objects), each at its line and column.
 */
export function parseJsonText(text: string, file: string): ParseResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    const mistake = diagnoseJson(body, (offset) => lineColumn(body, offset));
    const message = e instanceof Error ? e.message : String(e);
    const pos = mistake ? mistake.offset : syntaxErrorOffset(message, body);
    const { line, column } = lineColumn(body, pos);
    const p = problem('JSON_SYNTAX', file, '', mistake
      ? {
        zh: `JSON 语法错误（第 ${line} 行第 ${column} 列）：${mistake.zh}`,
        en: `JSON syntax error at line ${line}, column ${column}: ${mistake.en}`,
      }
      : {
        zh: `JSON 语法错误（第 ${line} 行第 ${column} 列）：此处的写法不是有效的 JSON`,
        en: `JSON syntax error at line ${line}, column ${column}: ${message}`,
      });
    return { ok: false, problem: { ...p, row: line, column } };
  }
  const bad = badKey(body);
  if (bad) {
    const { line, column } = lineColumn(body, bad.offset);
    const shown = JSON.stringify(bad.key);
    const p = bad.kind === 'proto'
      ? problem('JSON_PROTO_KEY', file, bad.pointer, {
        zh: `第 ${line} 行第 ${column} 列：不接受名为 __proto__ 的键`,
        en: `line ${line}, column ${column}: a key named __proto__ is not accepted`,
      })
      : problem('JSON_DUPLICATE_KEY', file, bad.pointer, {
        zh: `第 ${line} 行第 ${column} 列：键 ${shown} 在同一对象中出现两次（第一次在第 ${bad.first.line} 行第 ${bad.first.column} 列）`,
        en: `line ${line}, column ${column}: key ${shown} appears twice in one object (first at line ${bad.first.line}, column ${bad.first.column})`,
      });
    return { ok: false, problem: { ...p, row: line, column } };
  }
  return { ok: true, value };
}

/**
 * JSON from bytes: UTF-8 only (RFC 8259), all of it; the first byte that is not UTF-8 is
 * refused at its line and column instead of becoming U+FFFD.
 */
export function parseJsonBytes(bytes: Uint8Array, file: string): ParseResult & { text: string } {
  const bad = firstBadByte(bytes, 'utf-8');
  if (bad >= 0) {
    const { line, column } = bytePlace(bytes, bad, 'utf-8');
    const p = problem('JSON_ENCODING', file, '', {
      zh: `第 ${line} 行第 ${column} 列：字节 0x${byteHex(bytes, bad)} 不是 UTF-8（JSON 文件须为 UTF-8 编码）`,
      en: `line ${line}, column ${column}: byte 0x${byteHex(bytes, bad)} is not UTF-8 (JSON files must be UTF-8)`,
    });
    return { ok: false, problem: { ...p, row: line, column }, text: new TextDecoder('utf-8').decode(bytes) };
  }
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  return { ...parseJsonText(text, file), text };
}

type BadKey =
  | { kind: 'proto'; key: string; offset: number; pointer: string }
  | { kind: 'duplicate'; key: string; offset: number; pointer: string; first: { line: number; column: number } };

/**
 * The first duplicate or `__proto__` key in valid JSON text, read without recursion (nesting
 * depth is the data's business, not the stack's).
 */
function badKey(text: string): BadKey | undefined {
  // one frame per open object (keys seen, with their offsets) or array (null); `at` is the
  // current key or index, for the pointer
  const frames: Array<{ keys: Map<string, number> | null; at: string | number }> = [];
  let expectKey = false;
  const pointer = (): string => frames.map((f) => `/${escapePointerToken(String(f.at))}`).join('');
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const start = i;
      let escaped = false;
      for (i++; text.charCodeAt(i) !== 0x22; i++) {
        if (text.charCodeAt(i) === 0x5c) {
          escaped = true;
          i++;
        }
      }
      if (!expectKey) continue;
      expectKey = false;
      const frame = frames[frames.length - 1] as { keys: Map<string, number>; at: string | number };
      const key = escaped ? (JSON.parse(text.slice(start, i + 1)) as string) : text.slice(start + 1, i);
      frame.at = key;
      if (key === '__proto__') return { kind: 'proto', key, offset: start, pointer: pointer() };
      const first = frame.keys.get(key);
      if (first !== undefined) {
        return { kind: 'duplicate', key, offset: start, pointer: pointer(), first: lineColumn(text, first) };
      }
      frame.keys.set(key, start);
    } else if (c === 0x7b) {
      frames.push({ keys: new Map(), at: '' });
      expectKey = true;
    } else if (c === 0x5b) {
      frames.push({ keys: null, at: 0 });
    } else if (c === 0x7d || c === 0x5d) {
      frames.pop();
      expectKey = false;
    } else if (c === 0x2c) {
      const frame = frames[frames.length - 1];
      if (frame?.keys === null) frame.at = (frame.at as number) + 1;
      else expectKey = true;
    }
  }
  return undefined;
}

/** V8 reports "... at position N" (and sometimes "(line L column C)"), but not always. */
function syntaxErrorOffset(message: string, text: string): number {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return offsetOf(text, Number(lc[1]), Number(lc[2]));
  const m = /position (\d+)/.exec(message);
  if (m) return Number(m[1]);
  return firstBadOffset(text);
}

/**
 * Without a position in the message, find the shortest prefix that is already wrong: a prefix
 * that ends before the mistake either parses or only fails for ending too early.
 */
function firstBadOffset(text: string): number {
  const wrong = (length: number): boolean => {
    try {
      JSON.parse(text.slice(0, length));
      return false;
    } catch (e) {
      const message = e instanceof Error ? e.message : '';
      if (/end of JSON input/i.test(message)) return false;
      const m = /position (\d+)/.exec(message);
      return !(m && Number(m[1]) >= length);
    }
  };
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (wrong(mid + 1)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset + column - 1;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Where the value at `pointer` starts in `text` (valid JSON), or the nearest ancestor that
 * exists when the pointer names something missing (a required property, say).
 */
export function locatePointer(text: string, pointer: string): { line: number; column: number } {
  const offsets = new Map<string, number>();
  try {
    scanValue(text, skipWs(text, 0), '', offsets);
  } catch {
    return { line: 1, column: 1 };
  }
  let p = pointer;
  for (;;) {
    const at = offsets.get(p);
    if (at !== undefined) return lineColumn(text, at);
    if (p === '') return { line: 1, column: 1 };
    p = p.slice(0, p.lastIndexOf('/'));
  }
}

function skipWs(text: string, i: number): number {
  while (i < text.length && /[\s\ufeff]/.test(text[i] as string)) i++;
  return i;
}

function scanString(text: string, i: number): number {
  i++;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** Records the offset of every value under its pointer; returns the offset after the value. */
function scanValue(text: string, i: number, pointer: string, out: Map<string, number>): number {
  out.set(pointer, i);
  const c = text[i];
  if (c === '{') {
    i = skipWs(text, i + 1);
    if (text[i] === '}') return i + 1;
    for (;;) {
      const keyEnd = scanString(text, i);
      const key = JSON.parse(text.slice(i, keyEnd)) as string;
      i = skipWs(text, skipWs(text, keyEnd) + 1);
      i = skipWs(text, scanValue(text, i, `${pointer}/${escapePointerToken(key)}`, out));
      if (text[i] === '}') return i + 1;
      i = skipWs(text, i + 1);
    }
  }
  if (c === '[') {
    i = skipWs(text, i + 1);
    if (text[i] === ']') return i + 1;
    for (let index = 0; ; index++) {
      i = skipWs(text, scanValue(text, i, `${pointer}/${index}`, out));
      if (text[i] === ']') return i + 1;
      i = skipWs(text, i + 1);
    }
  }
  if (c === '"') return scanString(text, i);
  while (i < text.length && !/[\s,\]}]/.test(text[i] as string)) i++;
  return i;
}
