/**
 * JSON mistakes explained in the implementer's language: each mistake people make by hand (a
 * trailing comma, full-width punctuation from a Chinese input method, unquoted keys, single
 * quotes, comments, a stray BOM, a missing comma, something left open) is refused as
 * JSON_SYNTAX at the line and column of the offending character (or of what was left open),
 * with a Chinese and English message that names it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnoseJson } from '../../plugin/bundle/json-mistakes.js';
import { parseJsonText } from '../../plugin/index.js';
import { TEMPLATES_DIR } from '../support/default-bundle.js';

interface Case {
  name: string;
  text: string;
  /** line:column of the offending character */
  at: string;
  /** what the Chinese message must say (each) */
  zh: string[];
  /** and the English one */
  en: string;
}

const cases: Case[] = [
  { name: 'trailing comma before }', text: '{\n  "a": 1,\n}', at: '2:9', zh: ['尾随逗号', '“}”'], en: 'trailing comma' },
  { name: 'trailing comma before ]', text: '{\n  "units": [1, 2,\n  ]\n}', at: '2:17', zh: ['尾随逗号', '“]”'], en: 'trailing comma' },
  { name: 'full-width comma ，', text: '{\n  "a": 1，\n  "b": 2\n}', at: '2:9', zh: ['全角', '中文逗号“，”', '改为 ,'], en: 'full-width comma' },
  { name: 'full-width colon ：', text: '{\n  "a"：1\n}', at: '2:6', zh: ['全角', '中文冒号“：”', '改为 :'], en: 'full-width colon' },
  { name: 'full-width quotes “ ” around a key', text: '{\n  “name”: "x"\n}', at: '2:3', zh: ['全角', '中文左双引号', '把 “ 改为 "'], en: 'full-width left double quote' },
  { name: 'a string closed with ”', text: '{\n  "title": "销售目标”,\n  "x": 1\n}', at: '2:17', zh: ['全角', '中文右双引号', '改为 "'], en: 'full-width right double quote' },
  { name: 'a key closed with ”', text: '{"name”: "x"}', at: '1:7', zh: ['中文右双引号'], en: 'full-width right double quote' },
  { name: 'full-width single quotes ‘ ’', text: '{\n  ‘a’: 1\n}', at: '2:3', zh: ['全角', '中文左单引号“‘”', '改为 "'], en: 'full-width left single quote' },
  { name: 'full-width brackets 【】', text: '{\n  "a": 【1, 2】\n}', at: '2:8', zh: ['全角', '中文左方括号“【”', '改为 ['], en: 'full-width left bracket' },
  { name: 'full-width braces ｛｝', text: '{\n  "a": ｛"b": 1｝\n}', at: '2:8', zh: ['全角', '全角左花括号“｛”', '改为 {'], en: 'full-width left brace' },
  { name: 'full-width space', text: '{\n  "a":\u30001\n}', at: '2:7', zh: ['全角空格'], en: 'full-width space' },
  { name: 'unquoted key', text: '{\n  "a": 1,\n  name: "x"\n}', at: '3:3', zh: ['键没有加引号', '"name"'], en: 'unquoted key' },
  { name: 'unquoted Chinese key', text: '{\n  名称: "x"\n}', at: '2:3', zh: ['键没有加引号', '"名称"'], en: 'unquoted key' },
  { name: 'single-quoted key', text: "{\n  'a': 1\n}", at: '2:3', zh: ['单引号键'], en: 'single-quoted key' },
  { name: 'single-quoted string', text: "{\n  \"a\": 'x'\n}", at: '2:8', zh: ['单引号字符串'], en: 'single-quoted string' },
  { name: '// comment', text: '{\n  "a": 1, // 回款额\n  "b": 2\n}', at: '2:11', zh: ['注释', '//'], en: 'comment' },
  { name: '/* */ comment', text: '{\n  /* 说明 */\n  "a": 1\n}', at: '2:3', zh: ['注释', '/* */'], en: 'comment' },
  { name: 'a BOM inside the text', text: '{\n\ufeff  "a": 1\n}', at: '2:1', zh: ['BOM', 'U+FEFF'], en: 'BOM' },
  { name: 'a second BOM at the start', text: '\ufeff\ufeff{"a": 1}', at: '1:1', zh: ['BOM'], en: 'BOM' },
  { name: 'missing comma between members', text: '{\n  "a": 1\n  "b": 2\n}', at: '2:9', zh: ['缺少逗号', '第 3 行第 3 列'], en: 'missing comma' },
  { name: 'missing comma between elements', text: '[\n  {"a": 1}\n  {"a": 2}\n]', at: '2:11', zh: ['缺少逗号'], en: 'missing comma' },
  { name: 'unclosed string', text: '{\n  "a": "abc,\n  "b": 2\n}', at: '2:8', zh: ['未闭合的字符串'], en: 'unclosed string' },
  { name: 'unclosed string at the end', text: '{"a": "abc', at: '1:7', zh: ['未闭合的字符串', '文件结尾'], en: 'unclosed string' },
  { name: 'unclosed object', text: '{\n  "a": {\n    "b": 1\n  }\n', at: '1:1', zh: ['未闭合的对象', '文件结尾'], en: 'unclosed object' },
  { name: 'unclosed array closed by }', text: '{\n  "a": [1, 2\n}', at: '2:8', zh: ['未闭合的数组', '第 3 行第 1 列', '“]”'], en: 'unclosed array' },
  { name: 'unquoted text value (fallback)', text: '{\n  "title": oops\n}', at: '2:12', zh: ['没有加引号', '"oops"'], en: 'unquoted text' },
  { name: 'Python True', text: '[True]', at: '1:2', zh: ['小写的 true'], en: 'lower case' },
  { name: 'missing colon', text: '{"a" 1}', at: '1:6', zh: ['缺少冒号'], en: 'missing colon' },
  { name: 'leading zero', text: '{"a": 01}', at: '1:7', zh: ['无效的数字 01'], en: 'invalid number' },
  { name: 'bad escape', text: '{"path": "C:\\data"}', at: '1:13', zh: ['无效的转义'], en: 'invalid escape' },
  { name: 'one } too many', text: '{"a": 1}}', at: '1:9', zh: ['多出了“}”'], en: 'extra' },
  { name: 'an empty file', text: '', at: '1:1', zh: ['没有内容'], en: 'no content' },
  { name: 'anything else', text: '{"a": @}', at: '1:7', zh: ['此处应为一个值', '“@”'], en: 'expected a value' },
];

describe('JSON mistakes are named at their place', () => {
  it.each(cases)('$name', ({ text, at, zh, en }) => {
    const r = parseJsonText(text, 'x.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const [line, column] = at.split(':').map(Number);
    expect(r.problem).toMatchObject({ code: 'JSON_SYNTAX', file: 'x.json', row: line, column });
    expect(r.problem.message.zh).toContain(`第 ${line} 行第 ${column} 列`);
    for (const words of zh) expect(r.problem.message.zh).toContain(words);
    expect(r.problem.message.en).toContain(`line ${line}, column ${column}`);
    expect(r.problem.message.en).toContain(en);
    // our words, not V8's
    expect(r.problem.message.en).not.toMatch(/Unexpected token|Expected double-quoted|in JSON at position/);
  });

  it('still reads a file that starts with one BOM', () => {
    expect(parseJsonText('\ufeff{"a": "华"}', 'x')).toEqual({ ok: true, value: { a: '华' } });
  });
});

/** Every .json file under `dir`. */
function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

describe('the diagnosis agrees with JSON.parse', () => {
  const parses = (text: string) => {
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  };
  const place = () => ({ line: 0, column: 0 });

  it('finds nothing wrong in any template file', () => {
    const files = jsonFiles(TEMPLATES_DIR);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expect(diagnoseJson(readFileSync(file, 'utf8').replace(/^\ufeff/, ''), place), file).toBeUndefined();
  });

  it('finds a mistake exactly when JSON.parse fails, on damaged copies of a template', () => {
    const text = readFileSync(join(TEMPLATES_DIR, 'bundle.json'), 'utf8').replace(/^\ufeff/, '');
    const pieces = [',', ':', '"', '{', '}', '[', ']', ' ', '\n', '1', '-', 'e', '.', '\\', 'a', '，', '”', '/', '\ufeff', '0', 'true'];
    let seed = 16;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let broken = 0;
    for (let round = 0; round < 3000; round++) {
      let t = text;
      for (let edits = 1 + random(2); edits > 0; edits--) {
        const at = random(t.length + 1);
        const op = random(3);
        const piece = pieces[random(pieces.length)]!;
        t = op === 0 ? t.slice(0, at) + piece + t.slice(at) : op === 1 ? t.slice(0, at) + t.slice(at + 1) : t.slice(0, at) + piece + t.slice(at + 1);
      }
      const ok = parses(t);
      if (!ok) broken++;
      expect(diagnoseJson(t, place) === undefined, JSON.stringify(t)).toBe(ok);
    }
    expect(broken).toBeGreaterThan(500);
  });
});
