/**
 * `target-kit init <dir>`: a customer bundle, a copy of the default bundle that carries its own
 * schemas, so an editor checks and completes every file wherever the copy goes. The default
 * bundle's `$schema` paths point into this repository (`../schemas/...`); a copy elsewhere got
 * "Unable to load schema". Here the schemas travel in `<dir>/.schemas/`, every `$schema` is
 * rewritten relative to its file, rule logic is checked against the JsonLogic schema of our
 * operators, and `.vscode/settings.json` maps each file to its schema for editors that ignore
 * `$schema` or files that lack it.
 */
import { cp, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, posix, relative, resolve } from 'node:path';
import { isJsonPath, type BundleManifest, type LoadedBundle, type ParametersFile } from '../../../plugin/index.js';
import { writeFolderAtomic } from '../atomic.js';
import { loadBundleOrFail } from '../bundle-io.js';
import { defineCommand } from '../command.js';
import { UsageError, say, write, type CommandContext } from '../context.js';
import { defaultBundleDir } from '../read-bundle.js';

const initHelp = {
  zh: `用法：target-kit init <目录> [--lang zh|en]

在 <目录> 中创建一个客户包：默认包的副本，自带 JSON Schema（.schemas/，每个文件的 $schema 改为
相对该文件的路径）和 VS Code 设置（.vscode/settings.json 的 json.schemas），所以复制到任何地方，
编辑器都能补全和检查每个文件，包括参数文件和规则的 JsonLogic。<目录> 必须不存在或为空，
不会覆盖任何文件。之后用 target-kit validate <目录> 检查。`,
  en: `Usage: target-kit init <dir> [--lang zh|en]

Creates a customer bundle in <dir>: a copy of the default bundle that carries its JSON Schemas
(.schemas/, every file's $schema rewritten relative to that file) and VS Code settings
(.vscode/settings.json, json.schemas), so an editor completes and checks every file, parameters and
rule JsonLogic included, wherever the copy goes. <dir> must not exist or be empty; nothing is
overwritten. Check it afterwards with target-kit validate <dir>.`,
};

export const initCommand = defineCommand({
  name: 'init',
  synopsis: { zh: '<目录>', en: '<dir>' },
  summary: { zh: '创建自带 schema 的客户包（默认包的副本）', en: 'create a customer bundle that carries its schemas' },
  help: initHelp,
  options: {},
  positionals: { min: 1, max: 1, what: { zh: '目录', en: 'folder' } },
  run: (ctx, _values, positionals) => init(ctx, positionals[0] as string),
});

/** Where the schemas live inside a customer bundle. */
const SCHEMAS = '.schemas';
const JSONLOGIC = 'jsonlogic.schema.json';

async function init(ctx: CommandContext, target: string): Promise<void> {
  const out = resolve(ctx.cwd, target);
  const existing = await stat(out).catch(() => undefined);
  if (existing && (!existing.isDirectory() || (await readdir(out)).length > 0)) {
    throw new UsageError(say(ctx, `${target} 已存在且不是空目录，init 不会覆盖任何文件`,
      `${target} exists and is not an empty folder; init overwrites nothing`));
  }
  const source = defaultBundleDir();
  // the copy is of a bundle that loads: a broken installation is reported, not copied
  const { bundle } = await loadBundleOrFail(ctx, source, { zh: '默认包无效，什么也没有写', en: 'the default bundle is invalid; nothing was written' });
  const schemaDir = join(dirname(source), 'schemas');
  const schemaNames = (await readdir(schemaDir)).filter((f) => f.endsWith('.schema.json')).sort();

  await mkdir(dirname(out), { recursive: true });
  const count = await writeFolderAtomic(out, async (folder) => {
    await cp(source, folder, { recursive: true });
    await mkdir(join(folder, SCHEMAS));
    for (const name of schemaNames) {
      const schema = JSON.parse(await readFile(join(schemaDir, name), 'utf8')) as Record<string, unknown>;
      const copy = name === 'parameters.schema.json' ? withKnownGroups(editorSchema(name, schema), groupsOf(bundle)) : editorSchema(name, schema);
      await writeFile(join(folder, SCHEMAS, name), JSON.stringify(copy, null, 2) + '\n');
    }
    let rewritten = 0;
    for (const path of await jsonFiles(folder)) {
      if (await pointAtCopies(folder, path, schemaNames)) rewritten++;
    }
    await mkdir(join(folder, '.vscode'));
    await writeFile(join(folder, '.vscode', 'settings.json'), JSON.stringify(vscodeSettings(bundle.manifest), null, 2) + '\n');
    return rewritten;
  });
  await write(ctx.stdout, say(ctx,
    `已创建客户包 ${target}：${count} 个文件的 $schema 指向包内的 ${SCHEMAS}/（${schemaNames.length} 个 schema，含 JsonLogic），VS Code 设置在 .vscode/settings.json。\n下一步：target-kit validate ${target}\n`,
    `created the customer bundle ${target}: ${count} files name their schema in ${SCHEMAS}/ inside it (${schemaNames.length} schemas, JsonLogic included), VS Code settings in .vscode/settings.json.\nNext: target-kit validate ${target}\n`));
}

/**
 * A schema as the copy carries it: without `$id`, so editors and validators resolve its `$ref`s
 * against the file beside it rather than fetching target-kit.dev; and the JsonLogic placeholder
 * of common.schema.json pointing at the JsonLogic schema. The runtime's validators leave logic to
 * the engine, whose messages name the operator; an editor has no engine, so it gets the schema.
 */
function editorSchema(name: string, schema: Record<string, unknown>): Record<string, unknown> {
  const { $id: _id, ...rest } = schema;
  if (name !== 'common.schema.json') return rest;
  const defs = rest['$defs'] as Record<string, Record<string, unknown>>;
  return { ...rest, $defs: { ...defs, jsonLogic: { ...defs['jsonLogic'], $ref: `${JSONLOGIC}#/$defs/logic` } } };
}

interface KnownGroup {
  value: unknown;
  docs?: { zh: string; en: string };
}

function groupsOf(bundle: LoadedBundle): Map<string, KnownGroup> {
  const groups = new Map<string, KnownGroup>();
  for (const path of bundle.manifest.parameters ?? []) {
    const file = bundle.files[path] as ParametersFile;
    for (const [group, value] of Object.entries(file.parameters)) {
      const docs = file.docs?.[group];
      groups.set(group, docs ? { value, docs } : { value });
    }
  }
  return groups;
}

/** The shape of a value as the bundle has it: keys to complete, kinds to check; arrays by their kind only. */
function shapeOf(value: unknown): Record<string, unknown> {
  if (Array.isArray(value)) return { type: 'array' };
  if (typeof value === 'object' && value !== null) {
    return { type: 'object', properties: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shapeOf(v)])) };
  }
  if (typeof value === 'number') return { type: 'number', default: value };
  return { type: typeof value, default: value };
}

/**
 * The parameters schema of the repository accepts any group; the copy also knows the groups the
 * default bundle has (their keys, the kind of each value, the docs as hover text), so an editor
 * completes `lights.green.from` and flags text where a number belongs. A group the repository's
 * schema already describes keeps that description; new groups and keys stay allowed.
 */
function withKnownGroups(schema: Record<string, unknown>, groups: Map<string, KnownGroup>): Record<string, unknown> {
  const properties = schema['properties'] as Record<string, Record<string, unknown>>;
  const parameters = properties['parameters'] ?? {};
  const described = (parameters['properties'] ?? {}) as Record<string, unknown>;
  const known: Record<string, unknown> = {};
  for (const [group, { value, docs }] of groups) {
    known[group] = described[group] ?? { ...shapeOf(value), ...(docs ? { description: `${docs.zh}\n${docs.en}` } : {}) };
  }
  return { ...schema, properties: { ...properties, parameters: { ...parameters, properties: { ...described, ...known } } } };
}

async function jsonFiles(root: string, under = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(root, under), { withFileTypes: true })) {
    const path = under ? `${under}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (path !== SCHEMAS) out.push(...(await jsonFiles(root, path)));
    } else if (isJsonPath(path)) out.push(path);
  }
  return out;
}

/**
 * Rewrites a file's `$schema` to the copy in `.schemas/`, relative to the file; says whether it
 * had one. The text is edited in place, not re-serialised, so the file keeps its layout.
 */
async function pointAtCopies(root: string, path: string, names: readonly string[]): Promise<boolean> {
  const file = join(root, path);
  const text = await readFile(file, 'utf8');
  const match = /"\$schema"\s*:\s*"([^"]*)"/.exec(text);
  if (!match) return false;
  const name = basename(match[1] ?? '');
  if (!names.includes(name)) return false;
  const to = relative(dirname(path), `${SCHEMAS}/${name}`).split('\\').join('/');
  const index = match.index + match[0].lastIndexOf(`"${match[1]}"`);
  await writeFile(file, `${text.slice(0, index)}"${to}"${text.slice(index + (match[1] ?? '').length + 2)}`);
  return true;
}

/** `json.schemas` for VS Code: each file the manifest lists, by kind, and loose JsonLogic files. */
function vscodeSettings(manifest: BundleManifest): Record<string, unknown> {
  const url = (name: string) => `./${posix.join(SCHEMAS, name)}`;
  const match = (paths: readonly string[] | undefined) => (paths ?? []).map((p) => `/${p}`);
  return {
    'json.validate.enable': true,
    'json.schemas': [
      { fileMatch: ['/bundle.json'], url: url('bundle.schema.json') },
      { fileMatch: match(manifest.templates), url: url('template.schema.json') },
      { fileMatch: match(manifest.rules), url: url('rules.schema.json') },
      { fileMatch: match(manifest.flows), url: url('flow.schema.json') },
      { fileMatch: match(manifest.parameters), url: url('parameters.schema.json') },
      { fileMatch: ['*.jsonlogic.json'], url: url(JSONLOGIC) },
    ],
  };
}
