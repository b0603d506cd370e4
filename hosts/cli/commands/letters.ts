/**
 * `target-kit letters --plan <file> --out <dir>`: one commitment letter per unit as print-ready
 * HTML (and PDF where Debian's Chromium is installed), plus the export for the HR system.
 */
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { hrExport, letterHtml, planLetters, problem, type LettersParameters, type Signature } from '../../../plugin/index.js';
import { writeFolderAtomic } from '../atomic.js';
import { loadBundleOrFail } from '../bundle-io.js';
import { NO_POSITIONALS, defineCommand } from '../command.js';
import { Failure, UsageError, say, write, type CommandContext, type Said } from '../context.js';
import { refuse } from '../problems-out.js';
import { tableOrFail } from '../table-input.js';
import { writeTable } from '../tables.js';

/** The host secret that signatures carry an HMAC under; the same as the signing host's. */
const KEY_ENV = 'TARGET_KIT_SIGNING_KEY';

const lettersHelp = {
  zh: `用法：target-kit letters --plan <方案文件> --out <目录> [--period 2026-Q2] [--level region,team]
                         [--signatures <文件>] [--use <方案名>] [--bundle <包>] [--no-pdf] [--lang zh|en]

为方案（allocate 的输出：id、parent_id、name、base、stretch，可选 level、head_name）中的每个单位生成
承诺书：<id>.html，装有 Chromium（/usr/bin/chromium）时另有 <id>.pdf；以及给人力资源系统的
hr-export.csv 与 hr-export.json（含内容哈希）。单位负责人的用户 id 取自 head_id 列（默认 head:<单位 id>）。
--signatures 为签署记录（unit_id、signer_id、signed_by、signed_at、hash、mac）：签名人须为负责人本人，
数值已变化的承诺书在导出中标为 void。环境变量 ${KEY_ENV} 为签名密钥（与签署的主机相同）：设置后签名须带以该密钥
计算的 mac；未设置时只能核验无密钥签名，并提示签名未加密钥（任何人都能重算哈希）。方案文件含多个方案（plan 列）时用 --use 选择。--lang 决定承诺书的语言。输出目录必须不存在或为空。`,
  en: `Usage: target-kit letters --plan <plan file> --out <dir> [--period 2026-Q2] [--level region,team]
                         [--signatures <file>] [--use <plan name>] [--bundle <bundle>] [--no-pdf] [--lang zh|en]

Writes a commitment letter for every unit of the plan (the allocate output: id, parent_id, name, base,
stretch, optionally level and head_name): <id>.html, and <id>.pdf where Chromium (/usr/bin/chromium) is
installed; plus hr-export.csv and hr-export.json (with each letter's content hash) for the HR system.
The unit head's user id comes from the head_id column (default head:<unit id>). --signatures is a
signing record (unit_id, signer_id, signed_by, signed_at, hash, mac): the signer must be the head himself;
letters whose numbers changed since they were signed show as void. The environment variable ${KEY_ENV}
is the signing key (the signing host's): with it a signature must carry the mac made with that key;
without it only unkeyed signatures can be checked, and the command says they are unkeyed (anyone can
recompute a hash). --use picks one plan of a file with several (its plan column). --lang sets the letters' language. The output folder must be new or empty.`,
};

interface LettersOptions {
  plan?: string;
  out?: string;
  period?: string;
  level?: string;
  signatures?: string;
  bundle?: string;
  /** Which plan of a file with several (the allocate output's `plan` column). */
  use?: string;
  pdf: boolean;
}

export const lettersCommand = defineCommand({
  name: 'letters',
  synopsis: { zh: '--plan <方案> --out <目录>', en: '--plan <plan> --out <dir>' },
  summary: { zh: '生成每个单位的承诺书（HTML/PDF）与人力资源导出', en: 'commitment letters per unit (HTML/PDF) and the HR export' },
  help: lettersHelp,
  options: {
    plan: { type: 'string' }, out: { type: 'string' }, period: { type: 'string' }, level: { type: 'string' },
    signatures: { type: 'string' }, bundle: { type: 'string' }, use: { type: 'string' }, 'no-pdf': { type: 'boolean' },
  },
  positionals: NO_POSITIONALS,
  run: (ctx, values) => letters(ctx, { ...values, pdf: !values['no-pdf'] }),
});

const NOT_WRITTEN: Said = { zh: '什么也没有写', en: 'nothing was written' };

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function letters(ctx: CommandContext, o: LettersOptions): Promise<void> {
  if (!o.plan) throw new UsageError(say(ctx, '缺少 --plan', '--plan is required'));
  if (!o.out) throw new UsageError(say(ctx, '缺少 --out', '--out is required'));
  const out = resolve(ctx.cwd, o.out);
  if (existsSync(out) && (await readdir(out)).length > 0) {
    throw new UsageError(say(ctx, `${o.out} 不是空目录`, `${o.out} is not empty`));
  }
  const { bundle } = await loadBundleOrFail(ctx, o.bundle);
  const params = bundle.parameters.letters as LettersParameters | undefined;
  if (!params) throw new Failure(say(ctx, '包中没有 letters 参数组（承诺书模板）', 'the bundle has no letters parameter group (the letter template)'));
  // any extension is read as CSV unless it is .xlsx or .json
  const table = await tableOrFail(ctx, o.plan, { name: basename(o.plan), refusal: NOT_WRITTEN });
  // `allocate --plan all` writes the three plans in one file: letters are for the one chosen
  const plans = [...new Set(table.rows.map((r) => r.record.plan).filter((p) => p !== undefined && p !== ''))].map(String);
  if (plans.length > 1 && !o.use) {
    throw new UsageError(say(ctx, `方案文件中有多个方案（${plans.join('、')}），用 --use 选择一个`, `the plan file holds several plans (${plans.join(', ')}); pick one with --use`));
  }
  const rows = o.use ? table.rows.filter((r) => String(r.record.plan) === o.use) : table.rows;
  if (o.use && rows.length === 0) throw new UsageError(say(ctx, `方案文件中没有方案 ${o.use}`, `the plan file has no plan ${o.use}`));
  const result = planLetters(rows, params, {
    period: o.period ?? '', lang: ctx.lang, file: basename(o.plan),
    ...(o.level ? { levels: o.level.split(',').map((s) => s.trim()) } : {}),
  });
  if (!result.ok) return refuse(ctx, result.problems, NOT_WRITTEN);

  const signatures = new Map<string, Signature>();
  const key = process.env[KEY_ENV] || undefined;
  if (o.signatures) {
    const sig = await tableOrFail(ctx, o.signatures, { name: basename(o.signatures), refusal: NOT_WRITTEN });
    // a record from before signatures bound the signer's id names only a typed name: refused, not shown as void
    if (!sig.columns.includes('signer_id')) {
      return refuse(ctx, [{ ...problem('LETTER_SIGNATURES_OLD', sig.name, '', {
        zh: '签署记录没有 signer_id 列（签名绑定用户 id 之前的格式，只有输入的姓名），无法核验；请负责人以登录身份重新签署',
        en: 'the signing record has no signer_id column (the format from before signatures bound the user id: a typed name only) and cannot be checked; have the heads sign again as themselves',
      }), row: 1, column: 'signer_id' }], NOT_WRITTEN);
    }
    for (const { record } of sig.rows) {
      const mac = String(record.mac ?? '').trim();
      signatures.set(String(record.unit_id), {
        signerId: String(record.signer_id ?? '').trim(), name: String(record.signed_by ?? ''), at: String(record.signed_at ?? ''),
        hash: String(record.hash ?? ''), ...(mac ? { mac } : {}),
      });
    }
    if (!key) {
      await write(ctx.stderr, say(ctx,
        `注意：未设置 ${KEY_ENV}，签名未加密钥：只能证明签署后内容未被改动而哈希未重算，任何人都能伪造；带 mac 的签名无法核验，标为 void\n`,
        `note: ${KEY_ENV} is not set, so signatures are unkeyed: they show a change made without recomputing the hash and nothing more, anyone can forge one; signatures that carry a mac cannot be checked and show as void\n`));
    }
  }

  // written into a fresh temporary folder beside, then moved into place: never half a set of letters
  const pdfs = await writeFolderAtomic(out, async (tmp) => {
    const names = letterFileNames(result.letters.map((l) => l.unitId));
    for (const [i, { letter }] of result.letters.entries()) {
      await writeFile(join(tmp, `${names[i]!}.html`), letterHtml(letter));
    }
    const rows = hrExport(result.letters, signatures, key);
    const columns = ['unit_id', 'unit_name', 'head_name', 'period', 'base', 'stretch', 'hash', 'status', 'signed_by', 'signer_id', 'signed_at', 'keyed'];
    await writeTable(join(tmp, 'hr-export.csv'), columns, rows as unknown as Array<Record<string, unknown>>);
    await writeTable(join(tmp, 'hr-export.json'), columns, rows as unknown as Array<Record<string, unknown>>);
    return o.pdf ? printPdfs(ctx, tmp, names) : 0;
  });
  await write(ctx.stdout, say(ctx,
    `已写入 ${result.letters.length} 份承诺书（HTML${pdfs ? `，${pdfs} 份 PDF` : ''}）与 hr-export.csv/json 到 ${o.out}\n`,
    `wrote ${result.letters.length} letters (HTML${pdfs ? `, ${pdfs} PDF` : ''}) and hr-export.csv/json to ${o.out}\n`));
}

/** PDFs through Debian's Chromium when it and playwright-core are there; otherwise HTML only. */
async function printPdfs(ctx: CommandContext, dir: string, names: string[]): Promise<number> {
  if (!existsSync(CHROMIUM)) {
    await write(ctx.stderr, say(ctx, `未找到 Chromium（${CHROMIUM}），只生成 HTML；安装：apt-get install -y chromium fonts-wqy-microhei\n`,
      `Chromium not found (${CHROMIUM}); HTML only. Install it with: apt-get install -y chromium fonts-wqy-microhei\n`));
    return 0;
  }
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch {
    await write(ctx.stderr, say(ctx, '未安装 playwright-core，只生成 HTML\n', 'playwright-core is not installed; HTML only\n'));
    return 0;
  }
  const browser = await playwright.chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    for (const name of names) {
      await page.goto(`file://${join(dir, `${name}.html`)}`);
      await page.pdf({ path: join(dir, `${name}.pdf`), format: 'A4', printBackground: true, preferCSSPageSize: true });
    }
    return names.length;
  } finally {
    await browser.close();
  }
}

/** Bytes of a file name kept for the id: a file system allows 255, and .html or .pdf and a suffix go after. */
const NAME_BYTES = 120;

/**
 * The file name (without extension) of each unit's letter, in the plan's order: the id with
 * anything but letters, digits, `.`, `_` and `-` made `_`, cut to NAME_BYTES of UTF-8, and
 * `-2`, `-3`… after a name an earlier letter has (ids `a/b` and `a_b`; `X` and `x`, or é typed in
 * one piece and in two, which a Windows or macOS disk holds as one file): every letter gets its own file, in any org.
 */
function letterFileNames(unitIds: readonly string[]): string[] {
  const taken = new Set<string>();
  return unitIds.map((id) => {
    let base = '';
    let bytes = 0;
    for (const c of id.replace(/[^\p{L}\p{N}._-]/gu, '_')) {
      bytes += Buffer.byteLength(c);
      if (bytes > NAME_BYTES) break;
      base += c;
    }
    // a leading dot would hide the file; an empty id still needs a name
    if (base === '' || base.startsWith('.')) base = `_${base}`;
    // as a disk that ignores case and Unicode normalisation (macOS, Windows) compares names
    const key = (name: string) => name.normalize('NFC').toLowerCase();
    let name = base;
    for (let n = 2; taken.has(key(name)); n++) name = `${base}-${n}`;
    taken.add(key(name));
    return name;
  });
}
