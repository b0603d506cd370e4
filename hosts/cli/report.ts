/** Prints problems as `file:line:column #/pointer  message [CODE]`, the place first. */
import { locatePointer, type Lang, type Problem } from '../../plugin/index.js';

export function describeProblem(p: Problem, lang: Lang, texts?: Map<string, string>): string {
  let where = p.file;
  if (p.row !== undefined) {
    where += `:${p.row}${p.column !== undefined ? `:${p.column}` : ''}`;
  } else {
    const text = texts?.get(p.file);
    if (text !== undefined) {
      const { line, column } = locatePointer(text, p.pointer);
      where += `:${line}:${column}`;
    }
  }
  const pointer = p.pointer ? ` #${p.pointer}` : '';
  const level = p.severity === 'warning' ? (lang === 'zh' ? '警告 ' : 'warning ') : '';
  return `${where}${pointer}  ${level}${p.message[lang]} [${p.code}]`;
}
