/** The text of `target-kit --help`, its command list built from the definitions so it cannot drift. */
import type { Lang } from '../../plugin/problems.js';
import { PLUGIN_VERSION } from '../../plugin/version.js';
import type { CommandDef } from './command.js';

const frame = {
  zh: {
    head: `target-kit ${PLUGIN_VERSION}：销售目标管理模板包的命令行\n\n用法：target-kit <命令> [参数] [--lang zh|en]\n\n命令：`,
    foot: '每个命令都支持 --help。退出码：0 成功，1 输入被拒绝或失败，2 用法错误。',
  },
  en: {
    head: `target-kit ${PLUGIN_VERSION}: command line of the sales-target-management bundle\n\nUsage: target-kit <command> [arguments] [--lang zh|en]\n\nCommands:`,
    foot: 'Every command takes --help. Exit codes: 0 success, 1 input refused or failed, 2 usage error.',
  },
};

export function mainHelp(commands: readonly CommandDef[], lang: Lang): string {
  const left = commands.map((c) => [c.name, c.synopsis[lang]].filter(Boolean).join(' '));
  // two spaces after the widest, measured as a terminal shows it (a Chinese character takes two columns)
  const column = Math.max(...left.map(width)) + 2;
  const lines = commands.map((c, i) => `  ${pad(left[i] as string, column)}${c.summary[lang]}`);
  return [frame[lang].head, ...lines, '', frame[lang].foot].join('\n');
}

function width(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

function pad(text: string, column: number): string {
  return text + ' '.repeat(column - width(text));
}
