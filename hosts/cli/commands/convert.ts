/** `target-kit convert <bundle> --out <path>`: folder form ⇄ single-file form, checked first. */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { isJsonPath, toSingleFile, type BundleFiles } from '../../../plugin/index.js';
import { writeFileAtomic, writeFolderAtomic } from '../atomic.js';
import { loadBundleOrFail } from '../bundle-io.js';
import { defineCommand } from '../command.js';
import { UsageError, say, write, type CommandContext } from '../context.js';

const convertHelp = {
  zh: `用法：target-kit convert <包> --out <路径> [--lang zh|en]

目录形式的包 → 单个 JSON 文件（--out 以 .json 结尾），或单文件包 → 目录（--out 为目录）。
先完整检查包，有错误时什么也不写。已存在的输出不会被覆盖。`,
  en: `Usage: target-kit convert <bundle> --out <path> [--lang zh|en]

A folder bundle → one JSON file (--out ends in .json), or a single-file bundle → a folder (--out is
a folder). The bundle is checked first; nothing is written when it has errors. An existing output
is never overwritten.`,
};

export const convertCommand = defineCommand({
  name: 'convert',
  synopsis: { zh: '<包> --out <路径>', en: '<bundle> --out <path>' },
  summary: { zh: '目录形式与单文件形式互相转换', en: 'folder form <-> single-file form' },
  help: convertHelp,
  options: { out: { type: 'string' } },
  positionals: { min: 1, max: 1, what: { zh: '包路径', en: 'bundle path' } },
  run: (ctx, values, positionals) => convert(ctx, positionals[0] as string, values.out),
});

async function convert(ctx: CommandContext, target: string, out: string | undefined): Promise<void> {
  if (!out) throw new UsageError(say(ctx, '缺少 --out', '--out is required'));
  const outPath = resolve(ctx.cwd, out);
  if (await stat(outPath).then(() => true, () => false)) {
    throw new UsageError(say(ctx, `${out} 已存在，不会覆盖`, `${out} exists; it is not overwritten`));
  }
  const { bundle, form } = await loadBundleOrFail(ctx, target, { zh: '包无效，什么也没有写', en: 'the bundle is invalid; nothing was written' });
  const files: BundleFiles = bundle.files;
  if (form === 'folder') {
    if (!/\.json$/i.test(out)) throw new UsageError(say(ctx, '目录形式的包要转成 .json 文件', 'a folder bundle converts to a .json file'));
    await mkdir(dirname(outPath), { recursive: true });
    await writeFileAtomic(outPath, JSON.stringify(toSingleFile(files), null, 2) + '\n');
  } else {
    // written into a fresh folder beside, renamed into place when whole
    await mkdir(dirname(outPath), { recursive: true });
    await writeFolderAtomic(outPath, async (folder) => {
      for (const [path, content] of Object.entries(files)) {
        const file = join(folder, path);
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, isJsonPath(path) ? JSON.stringify(content, null, 2) + '\n' : String(content));
      }
    });
  }
  await write(ctx.stdout, say(ctx, `已写入 ${out}\n`, `wrote ${out}\n`));
}
