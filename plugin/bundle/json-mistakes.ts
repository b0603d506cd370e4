/**
 * Why JSON text does not parse, in the words of the person who typed it: the first mistake,
 * at the offset of the character that is wrong (or of the bracket or quote left open), named in
 * Chinese and English. Only asked after JSON.parse has failed; read without recursion.
 */

interface JsonMistake {
  /** Offset (UTF-16 units) of the offending character in the text. */
  offset: number;
  zh: string;
  en: string;
}

/** Full-width punctuation a Chinese input method types instead of JSON's, with the ASCII to use. */
const FULL_WIDTH: Record<string, { ascii: string; zh: string; en: string }> = {
  '，': { ascii: ',', zh: '中文逗号', en: 'full-width comma' },
  '：': { ascii: ':', zh: '中文冒号', en: 'full-width colon' },
  '“': { ascii: '"', zh: '中文左双引号', en: 'full-width left double quote' },
  '”': { ascii: '"', zh: '中文右双引号', en: 'full-width right double quote' },
  '‘': { ascii: '"', zh: '中文左单引号', en: 'full-width left single quote' },
  '’': { ascii: '"', zh: '中文右单引号', en: 'full-width right single quote' },
  '【': { ascii: '[', zh: '中文左方括号', en: 'full-width left bracket' },
  '】': { ascii: ']', zh: '中文右方括号', en: 'full-width right bracket' },
  '｛': { ascii: '{', zh: '全角左花括号', en: 'full-width left brace' },
  '｝': { ascii: '}', zh: '全角右花括号', en: 'full-width right brace' },
  '［': { ascii: '[', zh: '全角左方括号', en: 'full-width left bracket' },
  '］': { ascii: ']', zh: '全角右方括号', en: 'full-width right bracket' },
  '\u3000': { ascii: ' ', zh: '全角空格', en: 'full-width space' },
};

function fullWidth(offset: number, ch: string): JsonMistake {
  const f = FULL_WIDTH[ch]!;
  const ascii = f.ascii === ' ' ? { zh: '空格', en: 'space' } : { zh: f.ascii, en: f.ascii };
  const shown = ch === '\u3000' ? 'U+3000' : ch;
  return {
    offset,
    zh: `全角标点：这里是${f.zh}“${shown}”，JSON 要用英文半角的 ${ascii.zh}，请把 ${shown} 改为 ${ascii.zh}`,
    en: `full-width punctuation: this is a ${f.en} "${shown}"; JSON needs the ASCII ${ascii.en} instead`,
  };
}

type Frame = { kind: 'object' | 'array'; open: number };
type State = 'value' | 'firstValue' | 'key' | 'firstKey' | 'colon' | 'after' | 'end';

const isWs = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isWordStart = (c: string) => /[\p{L}_$]/u.test(c);
const WORD = /[\p{L}\p{N}_$-]+/uy;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** What the character at `i` is, for a message: `"x"`, or its code point when unprintable. */
function shownChar(text: string, i: number): { zh: string; en: string } {
  const c = text.codePointAt(i);
  if (c === undefined) return { zh: '文件结尾', en: 'the end of the file' };
  if (c < 0x20 || c === 0x7f) {
    const hex = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
    return { zh: `控制字符 ${hex}`, en: `control character ${hex}` };
  }
  const s = String.fromCodePoint(c);
  return { zh: `“${s}”`, en: `"${s}"` };
}

export function diagnoseJson(text: string, where: (offset: number) => { line: number; column: number }): JsonMistake | undefined {
  const place = (offset: number) => {
    const { line, column } = where(offset);
    return { zh: `第 ${line} 行第 ${column} 列`, en: `line ${line}, column ${column}` };
  };
  const stack: Frame[] = [];
  let state: State = 'value';
  let lastComma = -1;
  /** Where the last value or key ended, and the last string read (for a full-width quote in it). */
  let lastEnd = 0;
  let lastString: { start: number; end: number } | undefined;
  let i = 0;

  const unclosed = (frame: Frame, found: number): JsonMistake => {
    const zhWhat = frame.kind === 'object' ? '对象（{）' : '数组（[）';
    const enWhat = frame.kind === 'object' ? 'object ({)' : 'array ([)';
    const close = frame.kind === 'object' ? '}' : ']';
    const at = found >= text.length
      ? { zh: '直到文件结尾都没有', en: 'the file ends without' }
      : { zh: `到${place(found).zh}的 ${shownChar(text, found).zh} 为止都没有`, en: `${shownChar(text, found).en} at ${place(found).en} comes before` };
    return {
      offset: frame.open,
      zh: `未闭合的${zhWhat}：从这里开始，${at.zh}对应的 “${close}”`,
      en: `unclosed ${enWhat}: opened here, and ${at.en} its "${close}"`,
    };
  };

  /** A mistake right after a string with a full-width quote in it is that quote's. */
  const quoteInLastString = (): JsonMistake | undefined => {
    if (!lastString) return undefined;
    for (let j = lastString.start + 1; j < lastString.end - 1; j++) {
      const ch = text[j]!;
      if (ch === '“' || ch === '”') return fullWidth(j, ch);
    }
    return undefined;
  };

  const unexpected = (at: number, zhWanted: string, enWanted: string): JsonMistake => {
    const shown = shownChar(text, at);
    return {
      offset: at,
      zh: `此处应为${zhWanted}，却是${shown.zh}`,
      en: `expected ${enWanted} here, found ${shown.en}`,
    };
  };

  /** Reads the string opening at `i`; returns its end, or a mistake. */
  const readString = (start: number): number | JsonMistake => {
    let j = start + 1;
    for (;;) {
      const ch = text[j];
      if (ch === undefined || ch === '\n' || ch === '\r') {
        // a full-width closing quote on the string's line is the likely culprit
        for (let k = start + 1; k < j; k++) if (text[k] === '”' || text[k] === '“') return fullWidth(k, text[k]!);
        return {
          offset: start,
          zh: `未闭合的字符串：从这里的引号开始，${ch === undefined ? '直到文件结尾' : '到行尾'}都没有结束的英文双引号 "`,
          en: `unclosed string: it opens here and ${ch === undefined ? 'the file ends' : 'the line ends'} without a closing "`,
        };
      }
      if (ch === '"') return j + 1;
      if (ch === '\\') {
        const e = text[j + 1];
        if (e !== undefined && '"\\/bfnrt'.includes(e)) j += 2;
        else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(j + 2, j + 6))) j += 6;
        else {
          return {
            offset: j,
            zh: `无效的转义“\\${e ?? ''}”：字符串里的反斜杠须写成 \\\\（Windows 路径请用 / 或 \\\\）`,
            en: `invalid escape "\\${e ?? ''}": write a backslash in a string as \\\\`,
          };
        }
        continue;
      }
      if (ch.charCodeAt(0) < 0x20) {
        const hex = `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
        return {
          offset: j,
          zh: `字符串中有未转义的控制字符 ${hex}${ch === '\t' ? '（制表符，请写成 \\t）' : ''}`,
          en: `unescaped control character ${hex} in a string${ch === '\t' ? ' (a tab: write \\t)' : ''}`,
        };
      }
      j++;
    }
  };

  for (;;) {
    while (isWs(text[i])) i++;
    const c = text[i];
    if (c === undefined) {
      const open = stack[stack.length - 1];
      if (open) return unclosed(open, i);
      if (state === 'end') return undefined;
      return { offset: i, zh: '文件没有内容（JSON 至少要有一个值，如 {}）', en: 'the file has no content (JSON needs a value, such as {})' };
    }
    // mistakes that are the same wherever they appear
    if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) {
      const kind = text[i + 1] === '/' ? '//' : '/* */';
      return {
        offset: i,
        zh: `注释：JSON 不允许注释（${kind}），请删除；说明可写进 "description" 之类的字段`,
        en: `comment: JSON does not allow comments (${kind}); remove it, or put the note in a field such as "description"`,
      };
    }
    if (c === '\ufeff') {
      return {
        offset: i,
        zh: 'BOM（U+FEFF，字节顺序标记）出现在文件开头以外的地方（常因拼接文件或重复保存），请删除',
        en: 'BOM (U+FEFF, byte order mark) somewhere other than the start of the file (files pasted together, or saved twice); remove it',
      };
    }
    if (FULL_WIDTH[c]) return quoteInLastString() ?? fullWidth(i, c);

    if (state === 'end') {
      return {
        offset: i,
        zh: `JSON 已在前面结束，这里多出了${shownChar(text, i).zh}${c === '}' || c === ']' ? '（多余的右括号？）' : ''}`,
        en: `the JSON value has already ended; ${shownChar(text, i).en} is extra${c === '}' || c === ']' ? ' (one closing bracket too many?)' : ''}`,
      };
    }

    if (state === 'after') {
      const frame = stack[stack.length - 1]!;
      if (c === ',') {
        lastComma = i;
        state = frame.kind === 'object' ? 'key' : 'value';
        i++;
        continue;
      }
      if (c === '}' || c === ']') {
        if ((c === '}') !== (frame.kind === 'object')) return quoteInLastString() ?? unclosed(frame, i);
        stack.pop();
        i++;
        lastEnd = i;
        lastString = undefined;
        state = stack.length ? 'after' : 'end';
        continue;
      }
      const inString = quoteInLastString();
      if (inString) return inString;
      if (c === ':' && frame.kind === 'array') return unexpected(i, '逗号 , 或 ]', '"," or "]"');
      if ('"\'{[-'.includes(c) || /[0-9]/.test(c) || isWordStart(c)) {
        return {
          offset: lastEnd,
          zh: `缺少逗号：这一项后面要有英文逗号 ,，才能接${place(i).zh}的下一项`,
          en: `missing comma: this item needs a "," before the next one at ${place(i).en}`,
        };
      }
      return unexpected(i, frame.kind === 'object' ? '逗号 , 或 }' : '逗号 , 或 ]', frame.kind === 'object' ? '"," or "}"' : '"," or "]"');
    }

    if (state === 'colon') {
      if (c === ':') {
        state = 'value';
        i++;
        continue;
      }
      const inString = quoteInLastString();
      if (inString) return inString;
      return {
        offset: i,
        zh: `缺少冒号：键后面要有英文冒号 :，这里却是${shownChar(text, i).zh}`,
        en: `missing colon: a key must be followed by ":", found ${shownChar(text, i).en}`,
      };
    }

    if (state === 'key' || state === 'firstKey') {
      if (c === '}') {
        if (state === 'key') return trailingComma(lastComma, '}');
        stack.pop();
        i++;
        lastEnd = i;
        state = stack.length ? 'after' : 'end';
        continue;
      }
      if (c === '"') {
        const end = readString(i);
        if (typeof end !== 'number') return end;
        lastString = { start: i, end };
        i = end;
        lastEnd = end;
        state = 'colon';
        continue;
      }
      if (c === '\'') return singleQuoted(i, true);
      if (isWordStart(c) || /[0-9]/.test(c)) {
        WORD.lastIndex = i;
        const word = WORD.exec(text)?.[0] ?? c;
        return {
          offset: i,
          zh: `键没有加引号：键 ${word} 须用英文双引号括起，写成 "${word}"`,
          en: `unquoted key: the key ${word} must be in double quotes, as "${word}"`,
        };
      }
      if (c === ',') return extraComma(i);
      return unexpected(i, '用英文双引号括起的键', 'a key in double quotes');
    }

    // a value
    if (c === '{' || c === '[') {
      stack.push({ kind: c === '{' ? 'object' : 'array', open: i });
      state = c === '{' ? 'firstKey' : 'firstValue';
      lastString = undefined;
      i++;
      continue;
    }
    if (c === ']' || c === '}') {
      const frame = stack[stack.length - 1];
      if (state === 'firstValue' && c === ']') {
        stack.pop();
        i++;
        lastEnd = i;
        state = stack.length ? 'after' : 'end';
        continue;
      }
      if (frame && state === 'value' && lastComma >= 0 && (c === ']') === (frame.kind === 'array')) return trailingComma(lastComma, c);
      if (frame && (c === ']') !== (frame.kind === 'array')) return unclosed(frame, i);
      return unexpected(i, '一个值', 'a value');
    }
    if (c === '"') {
      const end = readString(i);
      if (typeof end !== 'number') return end;
      lastString = { start: i, end };
      i = end;
    } else if (c === '\'') {
      return singleQuoted(i, false);
    } else if (c === '-' || /[0-9]/.test(c)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      const after = m ? text[i + m[0].length] : undefined;
      if (!m || (after !== undefined && /[0-9.eE+\-\p{L}_]/u.test(after))) {
        const shown = /[\w.+-]+/y;
        shown.lastIndex = i;
        const token = shown.exec(text)?.[0] ?? c;
        return {
          offset: i,
          zh: `无效的数字 ${token}（JSON 数字不能以 0 开头、不能有 + 号，小数点两边都要有数字）`,
          en: `invalid number ${token} (no leading zeros, no "+", digits on both sides of ".")`,
        };
      }
      lastString = undefined;
      i += m[0].length;
    } else if (isWordStart(c)) {
      WORD.lastIndex = i;
      const word = WORD.exec(text)![0];
      if (word !== 'true' && word !== 'false' && word !== 'null') {
        const literal = ['true', 'false', 'null'].find((w) => w === word.toLowerCase()) ?? (word === 'None' ? 'null' : undefined);
        return literal
          ? {
            offset: i,
            zh: `${word} 不是 JSON 的值，请写成小写的 ${literal}`,
            en: `${word} is not a JSON value; write ${literal} in lower case`,
          }
          : {
            offset: i,
            zh: `文本没有加引号：${word} 须用英文双引号括起，写成 "${word}"`,
            en: `unquoted text: ${word} must be in double quotes, as "${word}"`,
          };
      }
      lastString = undefined;
      i += word.length;
    } else if (c === ',') {
      return state === 'firstValue' || state === 'value' && stack.length > 0 ? extraComma(i) : unexpected(i, '一个值', 'a value');
    } else {
      return unexpected(i, '一个值', 'a value');
    }
    lastEnd = i;
    state = stack.length ? 'after' : 'end';
  }
}

function trailingComma(offset: number, close: string): JsonMistake {
  return {
    offset,
    zh: `多余的逗号（尾随逗号）：“${close}” 前的最后一项后面不能有逗号，请删除这个逗号`,
    en: `trailing comma: no comma after the last item before "${close}"; remove this comma`,
  };
}

function extraComma(offset: number): JsonMistake {
  return {
    offset,
    zh: '多余的逗号：这里缺了一项，或多写了一个逗号',
    en: 'extra comma: an item is missing here, or there is one comma too many',
  };
}

function singleQuoted(offset: number, key: boolean): JsonMistake {
  return {
    offset,
    zh: `单引号${key ? '键' : '字符串'}：JSON 只认英文双引号 "，请把 ' 改为 "`,
    en: `single-quoted ${key ? 'key' : 'string'}: JSON only accepts double quotes ("), replace ' with "`,
  };
}
