#!/usr/bin/env node
/** The `target-kit` command line: a thin Node host over the runtime in plugin/. */
import { fileURLToPath } from 'node:url';
import { realpathSync } from 'node:fs';
import type { Lang } from '../../plugin/problems.js';
import { PLUGIN_VERSION } from '../../plugin/version.js';
import { COMMANDS } from './commands/index.js';
import { Failure, UsageError, type CliIo, type CommandContext } from './context.js';
import { dispatch } from './dispatch.js';
import { mainHelp } from './main-help.js';

const HELP_WORDS = new Set(['--help', '-h', 'help']);

function langOf(args: string[]): Lang {
  const i = args.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  if (i < 0) return 'zh';
  const value = args[i]?.includes('=') ? args[i]?.split('=')[1] : args[i + 1];
  return value === 'en' ? 'en' : 'zh';
}

/** Runs one command line; returns the exit code. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const lang = langOf(argv);
  const ctx: CommandContext = { ...io, lang };
  const [command, ...rest] = argv;
  try {
    const langValue = argv.find((a, i) => argv[i - 1] === '--lang') ?? argv.find((a) => a.startsWith('--lang='))?.split('=')[1];
    if (langValue !== undefined && langValue !== 'zh' && langValue !== 'en') {
      throw new UsageError(lang === 'zh' ? '--lang 只能是 zh 或 en' : '--lang must be zh or en');
    }
    if (command === undefined || HELP_WORDS.has(command)) {
      io.stdout.write(mainHelp(COMMANDS, lang) + '\n');
      return command === undefined ? 2 : 0;
    }
    if (command === '--version') {
      io.stdout.write(PLUGIN_VERSION + '\n');
      return 0;
    }
    const definition = COMMANDS.find((c) => c.name === command);
    if (!definition) throw new UsageError(lang === 'zh' ? `未知命令：${command}` : `unknown command: ${command}`);
    return await dispatch(definition, rest, ctx);
  } catch (e) {
    if (e instanceof Failure) {
      if (e.message) io.stderr.write(e.message + '\n');
      return 1;
    }
    if (e instanceof UsageError || isParseArgsError(e)) {
      io.stderr.write(`${(e as Error).message}\n${lang === 'zh' ? '用 --help 查看用法' : 'see --help'}\n`);
      return 2;
    }
    const fsError = fileSystemMessage(e, lang);
    if (fsError) {
      io.stderr.write(fsError + '\n');
      return 1;
    }
    throw e;
  }
}

const FS_REASONS: Record<string, { zh: string; en: string }> = {
  ENOENT: { zh: '不存在', en: 'does not exist' },
  ENOTDIR: { zh: '路径中有一段不是目录', en: 'a part of the path is not a folder' },
  EISDIR: { zh: '是目录，需要文件', en: 'is a folder, a file is needed' },
  EACCES: { zh: '没有权限', en: 'permission denied' },
  EPERM: { zh: '没有权限', en: 'permission denied' },
  EROFS: { zh: '只读文件系统', en: 'read-only file system' },
  ENOSPC: { zh: '磁盘已满', en: 'no space left on the device' },
  EEXIST: { zh: '已存在', en: 'already exists' },
};

/** A file that cannot be read or written (a path given on the command line): one line, no stack. */
function fileSystemMessage(e: unknown, lang: Lang): string | undefined {
  const err = e as { code?: unknown; path?: unknown };
  if (!(e instanceof Error) || typeof err.code !== 'string' || !FS_REASONS[err.code]) return undefined;
  // a write goes to path.tmp-<pid> first: name the path the user gave
  const path = typeof err.path === 'string' ? err.path.replace(/\.tmp-\d+$/, '') : '';
  const reason = FS_REASONS[err.code]![lang];
  return lang === 'zh' ? `无法访问 ${path}：${reason}（${err.code}）` : `cannot access ${path}: ${reason} (${err.code})`;
}

/**
 * A closed pipe (`target-kit ... | head -1`): stop quietly, the reader has what it wanted.
 * Any other stream error is reported in one line.
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    process.exitCode = 1;
  });
}

function isParseArgsError(e: unknown): boolean {
  return e instanceof Error && typeof (e as { code?: unknown }).code === 'string'
    && ((e as unknown as { code: string }).code.startsWith('ERR_PARSE_ARGS'));
}

function isEntryPoint(): boolean {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  quietOnClosedPipe(process.stdout);
  quietOnClosedPipe(process.stderr);
  run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, cwd: process.cwd() })
    .then((code) => { process.exitCode = code; })
    .catch((e: unknown) => {
      // a bug of ours: one line; the stack only when asked for (TARGET_KIT_DEBUG=1)
      const detail = e instanceof Error ? (process.env.TARGET_KIT_DEBUG ? e.stack : e.message) : String(e);
      process.stderr.write(`internal error: ${detail}\n`);
      process.exitCode = 1;
    });
}
