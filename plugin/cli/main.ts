#!/usr/bin/env node
/** The `target-kit` command line: a thin Node host over the runtime in plugin/. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { fileURLToPath } from 'node:url';
import { realpathSync } from 'node:fs';
import type { Lang } from '../problems.js';
import { PLUGIN_VERSION } from '../version.js';
import { Failure, UsageError, type CliIo, type CommandContext } from './context.js';
import { convertCommand, convertHelp } from './commands/convert.js';
import { allocateCommand, allocateHelp } from './commands/allocate.js';
import { forecastCommand, forecastHelp } from './commands/forecast.js';
import { evalCommand, evalHelp } from './commands/eval.js';
import { lettersCommand, lettersHelp } from './commands/letters.js';
import { operatorsCommand, operatorsHelp } from './commands/operators.js';
import { testCommand, testHelp } from './commands/test.js';
import { validateCommand, validateHelp } from './commands/validate.js';
import { trackCommand, trackHelp } from './commands/track.js';
import { scoreCommand, scoreHelp } from './commands/score.js';
import { pointsCommand, pointsHelp } from './commands/points.js';

const mainHelp = {
  zh: `target-kit ${PLUGIN_VERSION}：销售目标管理模板包的命令行

用法：target-kit <命令> [参数] [--lang zh|en]

命令：
  validate <包>                  检查包（目录或单文件），列出所有问题
  test <包|模板目录|规则文件>      运行规则的示例
  eval --rule <规则> --data <数据> 计算规则（--each 逐条处理一组记录）
  convert <包> --out <路径>       目录形式与单文件形式互相转换
  operators                      列出规则引擎的全部运算符
  allocate --total <金额>         按三套方案把公司目标拆解到大区、团队、个人
  forecast [--history <文件>]     按月历史滚动预测未来 6 个月
  track --targets <文件> --actuals <文件>  进度、红黄绿灯、缺口与预警
  score --data <文件>             综合评分、明细、排名与奖项
  points --events <文件>          积分账本、余额与月度前三
  letters --plan <方案> --out <目录> 生成每个单位的承诺书（HTML/PDF）与人力资源导出

每个命令都支持 --help。退出码：0 成功，1 输入被拒绝或失败，2 用法错误。`,
  en: `target-kit ${PLUGIN_VERSION}: command line of the sales-target-management bundle

Usage: target-kit <command> [arguments] [--lang zh|en]

Commands:
  validate <bundle>                  check a bundle (folder or single file), list every problem
  test <bundle|template dir|rules>   run the rules' examples
  eval --rule <rule> --data <data>   evaluate a rule (--each for a stream of records)
  convert <bundle> --out <path>      folder form <-> single-file form
  operators                          list every operator of the rules engine
  allocate --total <amount>          split the company target over regions, teams, reps (3 plans)
  forecast [--history <file>]        rolling forecast of the next 6 months from monthly history
  track --targets <f> --actuals <f>  progress, traffic lights, gaps and alerts per unit
  score --data <file>                composite scores, breakdowns, ranks and awards
  points --events <file>             the points ledger, balances and the monthly top 3
  letters --plan <plan> --out <dir>  commitment letters per unit (HTML/PDF) and the HR export

Every command takes --help. Exit codes: 0 success, 1 input refused or failed, 2 usage error.`,
};

const common = {
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

type Parsed = { values: Record<string, string | boolean | undefined>; positionals: string[] };

function parse(args: string[], options: ParseArgsConfig['options']): Parsed {
  return parseArgs({ args, options: { ...common, ...options }, allowPositionals: true, strict: true }) as Parsed;
}

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
    switch (command) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.stdout.write(mainHelp[lang] + '\n');
        return command === undefined ? 2 : 0;
      case '--version':
        io.stdout.write(PLUGIN_VERSION + '\n');
        return 0;
      case 'validate': {
        const { values, positionals } = parse(rest, {});
        if (values.help) return help(io, validateHelp[lang]);
        const [target, ...extra] = positionals;
        if (!target || extra.length) throw new UsageError(lang === 'zh' ? '需要且只需要一个包路径' : 'exactly one bundle path is needed');
        await validateCommand(ctx, target);
        return 0;
      }
      case 'test': {
        const { values, positionals } = parse(rest, { params: { type: 'string' } });
        if (values.help) return help(io, testHelp[lang]);
        const [target, ...extra] = positionals;
        if (!target || extra.length) throw new UsageError(lang === 'zh' ? '需要且只需要一个路径' : 'exactly one path is needed');
        await testCommand(ctx, target, values.params as string | undefined);
        return 0;
      }
      case 'convert': {
        const { values, positionals } = parse(rest, { out: { type: 'string' } });
        if (values.help) return help(io, convertHelp[lang]);
        const [target, ...extra] = positionals;
        if (!target || extra.length) throw new UsageError(lang === 'zh' ? '需要且只需要一个包路径' : 'exactly one bundle path is needed');
        await convertCommand(ctx, target, values.out as string | undefined);
        return 0;
      }
      case 'operators': {
        const { values, positionals } = parse(rest, {});
        if (values.help) return help(io, operatorsHelp[lang]);
        if (positionals.length) throw new UsageError(lang === 'zh' ? `多余的参数：${positionals.join(' ')}` : `unexpected arguments: ${positionals.join(' ')}`);
        await operatorsCommand(ctx);
        return 0;
      }
      case 'letters': {
        const { values, positionals } = parse(rest, {
          plan: { type: 'string' }, out: { type: 'string' }, period: { type: 'string' }, level: { type: 'string' },
          signatures: { type: 'string' }, bundle: { type: 'string' }, use: { type: 'string' }, 'no-pdf': { type: 'boolean' },
        });
        if (values.help) return help(io, lettersHelp[lang]);
        if (positionals.length) throw new UsageError(lang === 'zh' ? `多余的参数：${positionals.join(' ')}` : `unexpected arguments: ${positionals.join(' ')}`);
        const v = values as Record<string, string | undefined>;
        await lettersCommand(ctx, {
          pdf: !values['no-pdf'],
          ...(v.plan !== undefined ? { plan: v.plan } : {}), ...(v.out !== undefined ? { out: v.out } : {}),
          ...(v.period !== undefined ? { period: v.period } : {}), ...(v.level !== undefined ? { level: v.level } : {}),
          ...(v.signatures !== undefined ? { signatures: v.signatures } : {}), ...(v.bundle !== undefined ? { bundle: v.bundle } : {}),
          ...(v.use !== undefined ? { use: v.use } : {}),
        });
        return 0;
      }
      case 'allocate': {
        const { values, positionals } = parse(rest, {
          units: { type: 'string' }, total: { type: 'string' }, stretch: { type: 'string' }, plan: { type: 'string' },
          bundle: { type: 'string' }, out: { type: 'string' }, exclude: { type: 'string' }, 'exclude-city': { type: 'string' },
        });
        if (values.help) return help(io, allocateHelp[lang]);
        if (positionals.length) throw new UsageError(lang === 'zh' ? `多余的参数：${positionals.join(' ')}` : `unexpected arguments: ${positionals.join(' ')}`);
        await allocateCommand(ctx, values as Record<string, string | undefined>);
        return 0;
      }
      case 'forecast': {
        const { values, positionals } = parse(rest, { history: { type: 'string' }, bundle: { type: 'string' }, out: { type: 'string' } });
        if (values.help) return help(io, forecastHelp[lang]);
        if (positionals.length) throw new UsageError(lang === 'zh' ? `多余的参数：${positionals.join(' ')}` : `unexpected arguments: ${positionals.join(' ')}`);
        await forecastCommand(ctx, values as Record<string, string | undefined>);
        return 0;
      }
      case 'track': {
        const { values, positionals } = parse(rest, {
          targets: { type: 'string' }, actuals: { type: 'string' }, calendar: { type: 'string' }, preset: { type: 'string' },
          period: { type: 'string' }, 'targets-period': { type: 'string' }, 'as-of': { type: 'string' }, activity: { type: 'string' }, plan: { type: 'string' },
          missing: { type: 'string' }, alerts: { type: 'string' }, bundle: { type: 'string' }, out: { type: 'string' },
        });
        if (values.help) return help(io, trackHelp[lang]);
        if (positionals.length) throw new UsageError(lang === 'zh' ? `多余的参数：${positionals.join(' ')}` : `unexpected arguments: ${positionals.join(' ')}`);
        await trackCommand(ctx, values as Record<string, string | undefined>);
        return 0;
      }
      case 'score': {
        const { values, positionals } = parse(rest, {
          data: { type: 'string' }, units: { type: 'string' }, within: { type: 'string' }, bundle: { type: 'string' }, out: { type: 'string' },
        });
        if (values.help) return help(io, scoreHelp[lang]);
        if (positionals.length) throw new UsageError(lang === 'zh' ? `多余的参数：${positionals.join(' ')}` : `unexpected arguments: ${positionals.join(' ')}`);
        await scoreCommand(ctx, values as Record<string, string | undefined>);
        return 0;
      }
      case 'points': {
        const { values, positionals } = parse(rest, {
          events: { type: 'string' }, 'as-of': { type: 'string' }, month: { type: 'string' }, ledger: { type: 'string' },
          bundle: { type: 'string' }, out: { type: 'string' },
        });
        if (values.help) return help(io, pointsHelp[lang]);
        if (positionals.length) throw new UsageError(lang === 'zh' ? `多余的参数：${positionals.join(' ')}` : `unexpected arguments: ${positionals.join(' ')}`);
        await pointsCommand(ctx, values as Record<string, string | undefined>);
        return 0;
      }
      case 'eval': {
        const { values, positionals } = parse(rest, {
          rule: { type: 'string' }, data: { type: 'string' }, each: { type: 'boolean' },
          bundle: { type: 'string' }, id: { type: 'string' }, params: { type: 'string' }, format: { type: 'string' },
        });
        if (values.help) return help(io, evalHelp[lang]);
        if (positionals.length) throw new UsageError(lang === 'zh' ? `多余的参数：${positionals.join(' ')}` : `unexpected arguments: ${positionals.join(' ')}`);
        await evalCommand(ctx, values as Record<string, string | undefined> & { each?: boolean });
        return 0;
      }
      default:
        throw new UsageError(lang === 'zh' ? `未知命令：${command}` : `unknown command: ${command}`);
    }
  } catch (e) {
    if (e instanceof Failure) {
      if (e.message) io.stderr.write(e.message + '\n');
      return 1;
    }
    if (e instanceof UsageError || isParseArgsError(e)) {
      io.stderr.write(`${(e as Error).message}\n${lang === 'zh' ? '用 --help 查看用法' : 'see --help'}\n`);
      return 2;
    }
    throw e;
  }
}

function help(io: CliIo, text: string): number {
  io.stdout.write(text + '\n');
  return 0;
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
  run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, cwd: process.cwd() })
    .then((code) => { process.exitCode = code; })
    .catch((e: unknown) => {
      process.stderr.write(`internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exitCode = 1;
    });
}
