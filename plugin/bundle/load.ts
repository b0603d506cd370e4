/**
 * Loads a bundle all or nothing: every file is checked against its schema, every rule is
 * compiled, every reference resolved, and every problem found is reported together. Only a
 * bundle without errors is returned; warnings travel with it.
 */
import { NOT_FRACTION } from '../fractions.js';
import { createEngine, type Engine } from '../rules/index.js';
import { escapePointerToken, joinPointer, problem, type Problem } from '../problems.js';
import { PLUGIN_VERSION } from '../version.js';
import { parseJsonText } from './json-text.js';
import { paramTextProblems } from './param-text.js';
import type { ParameterCheckRegistry } from './parameter-checks.js';
import { checkFlows, checkTemplates } from './references.js';
import { defineRule, type DefinedRule } from './rule-definition.js';
import { checkSchema, type SchemaKind } from './schema-check.js';
import { satisfies } from './semver.js';
import { fromSingleFile, isJsonPath, isSingleFileBundle } from './single-file.js';
import {
  MANIFEST_FILE,
  type BundleFiles,
  type BundleManifest,
  type DatasetDef,
  type FlowDef,
  type Located,
  type ParametersFile,
  type RulesFile,
  type TemplateDef,
} from './types.js';

export interface LoadedBundle {
  manifest: BundleManifest;
  /** Folder form of the bundle as loaded (parsed JSON files, CSV as text). */
  files: BundleFiles;
  templates: Located<TemplateDef>[];
  flows: Located<FlowDef>[];
  rules: Map<string, DefinedRule>;
  /** All parameter groups, merged from the parameter files. */
  parameters: Record<string, unknown>;
  datasets: Map<string, { def: DatasetDef; content: unknown }>;
  /** The engine the rules were compiled with (domain operators included). */
  engine: Engine;
}

export type LoadResult =
  | { ok: true; bundle: LoadedBundle; warnings: Problem[] }
  | { ok: false; problems: Problem[] };

export interface LoadOptions {
  /** Compile with this engine (e.g. one with custom operators); a fresh one by default. */
  engine?: Engine;
  pluginVersion?: string;
}

interface BundleLoader {
  loadBundle(files: BundleFiles, options?: LoadOptions): LoadResult;
  loadSingleFileBundle(single: unknown, containerName: string, options?: LoadOptions): LoadResult;
}

/**
 * A loader that runs `checks` on the parameter groups. The checks come from above (the domains,
 * assembled at the runtime's entry) so that this lowest layer knows no domain.
 */
export function createBundleLoader(checks: ParameterCheckRegistry): BundleLoader {
  const loadBundle = (files: BundleFiles, options: LoadOptions = {}): LoadResult => loadWith(checks, files, options);
  return {
    loadBundle,
    loadSingleFileBundle: (single, containerName, options = {}) => loadSingleFile(loadBundle, single, containerName, options),
  };
}

function loadWith(checks: ParameterCheckRegistry, files: BundleFiles, options: LoadOptions): LoadResult {
  const problems: Problem[] = [];
  const finish = (): LoadResult => ({ ok: false, problems });

  for (const path of Object.keys(files)) problems.push(...protoKeys(files[path], path));
  if (problems.length) return finish();

  const manifestValue = readJson(files, MANIFEST_FILE, problems);
  if (manifestValue === undefined) {
    if (!problems.length) {
      problems.push(problem('BUNDLE_NO_MANIFEST', MANIFEST_FILE, '', {
        zh: '找不到 bundle.json', en: 'bundle.json is missing',
      }));
    }
    return finish();
  }
  const manifestProblems = checkSchema('bundle', manifestValue, MANIFEST_FILE);
  if (manifestProblems.length) {
    problems.push(...manifestProblems);
    return finish();
  }
  const manifest = manifestValue as BundleManifest;
  problems.push(...controlCharacterPaths(manifest));
  if (problems.length) return finish();
  problems.push(...checkPluginVersion(manifest, options.pluginVersion ?? PLUGIN_VERSION));

  // ids declared by files that failed their schema: the file is refused, but whoever names one
  // of its ids is not told a second time that it does not exist (one mistake, one message)
  const refusedIds: Record<SchemaKind, Set<string>> = { bundle: new Set(), rules: new Set(), flow: new Set(), template: new Set(), parameters: new Set() };
  const load = <T>(list: string[] | undefined, listName: string, kind: SchemaKind): Array<{ file: string; value: T }> => {
    const out: Array<{ file: string; value: T }> = [];
    (list ?? []).forEach((path, i) => {
      if (!Object.hasOwn(files, path)) {
        problems.push(problem('REF_MISSING_FILE', MANIFEST_FILE, joinPointer('', listName, i), {
          zh: `bundle.json 列出的文件 ${path} 不存在`, en: `bundle.json names ${path}, which does not exist`,
        }));
        return;
      }
      const value = readJson(files, path, problems);
      if (value === undefined) return;
      const schemaProblems = checkSchema(kind, value, path);
      problems.push(...schemaProblems);
      // a share written as a percent leaves the file's shape intact: it still loads (and the load
      // still fails), so the rules that read it do not add a cascade of "unknown parameter"
      if (!schemaProblems.length || schemaProblems.every((p) => p.code === NOT_FRACTION)) out.push({ file: path, value: value as T });
      else for (const id of declaredIds(kind, value)) refusedIds[kind].add(id);
    });
    return out;
  };

  const templateFiles = load<TemplateDef>(manifest.templates, 'templates', 'template');
  const rulesFiles = load<RulesFile>(manifest.rules, 'rules', 'rules');
  const flowFiles = load<FlowDef>(manifest.flows, 'flows', 'flow');
  const parameterFiles = load<ParametersFile>(manifest.parameters, 'parameters', 'parameters');

  const datasets = new Map<string, { def: DatasetDef; content: unknown }>();
  (manifest.datasets ?? []).forEach((def, i) => {
    const at = joinPointer('/datasets', i);
    if (datasets.has(def.id)) problems.push(duplicate('dataset', def.id, MANIFEST_FILE, joinPointer(at, 'id')));
    if (!Object.hasOwn(files, def.file)) {
      problems.push(problem('REF_MISSING_FILE', MANIFEST_FILE, joinPointer(at, 'file'), {
        zh: `数据集 ${def.id} 的文件 ${def.file} 不存在`, en: `dataset ${def.id}: file ${def.file} does not exist`,
      }));
      return;
    }
    const content = def.format === 'json' ? readJson(files, def.file, problems) : files[def.file];
    if (def.format !== 'json' && typeof content !== 'string') {
      problems.push(problem('DATASET_FORMAT', def.file, '', {
        zh: `数据集 ${def.id} 应为 ${def.format} 文本`, en: `dataset ${def.id} must be ${def.format} text`,
      }));
      return;
    }
    if (content !== undefined) datasets.set(def.id, { def, content });
  });

  const parameters: Record<string, unknown> = {};
  const parameterOrigin = new Map<string, string>();
  for (const { file, value } of parameterFiles) {
    for (const [group, groupValue] of Object.entries(value.parameters)) {
      const first = parameterOrigin.get(group);
      if (first !== undefined) {
        problems.push(problem('PARAM_DUPLICATE', file, joinPointer('/parameters', group), {
          zh: `参数组 ${group} 已在 ${first} 中定义`, en: `parameter group ${group} is already defined in ${first}`,
        }));
        continue;
      }
      parameterOrigin.set(group, file);
      parameters[group] = groupValue;
      const check = Object.hasOwn(checks.groups, group) ? checks.groups[group] : undefined;
      // the schema may have refused the same share already: one message a place
      const said = (p: Problem) => problems.some((q) => q.code === p.code && q.file === p.file && q.pointer === p.pointer);
      if (check) problems.push(...check(groupValue, file, joinPointer('/parameters', group)).filter((p) => !said(p)));
    }
  }
  for (const check of checks.crossGroup) problems.push(...check(parameters, (group) => parameterOrigin.get(group)));

  const engine = options.engine ?? createEngine();
  const rules = new Map<string, DefinedRule>();
  const ruleIds = new Map<string, string>();
  for (const { file, value } of rulesFiles) {
    value.rules.forEach((def, i) => {
      const pointer = joinPointer('/rules', i);
      const first = ruleIds.get(def.id);
      if (first !== undefined) {
        problems.push(duplicate('rule', def.id, file, joinPointer(pointer, 'id'), first));
        return;
      }
      ruleIds.set(def.id, file);
      const defined = defineRule(def, file, pointer, engine, parameters);
      problems.push(...defined.problems);
      if (defined.rule) rules.set(def.id, defined.rule);
    });
  }

  const seen = {
    parameters, fileOf: (group: string) => parameterOrigin.get(group), ruleIds: new Set([...ruleIds.keys(), ...refusedIds.rules]), rules, datasets,
    roleIds: new Set((manifest.roles ?? []).map((r) => r.id)),
  };
  for (const check of checks.bundle ?? []) problems.push(...check(seen));

  const templates = uniqueById(templateFiles, 'template', problems);
  const flows = uniqueById(flowFiles, 'flow', problems);
  const ctx = {
    manifest, templates, flows, rules, engine, params: parameters,
    ruleIds: new Set([...ruleIds.keys(), ...refusedIds.rules]),
    datasetIds: new Set(datasets.keys()),
    refusedFlowIds: refusedIds.flow,
    refusedTemplateIds: refusedIds.template,
  };
  problems.push(...checkTemplates(ctx), ...checkFlows(ctx));
  for (const { file, value } of [...templateFiles, ...flowFiles]) problems.push(...paramTextProblems(value, parameters, file));
  for (const { file, value } of parameterFiles) problems.push(...paramTextProblems(value.docs ?? {}, parameters, file, '/docs'));

  if (problems.some((p) => p.severity === 'error')) return finish();
  const folder: BundleFiles = { [MANIFEST_FILE]: manifest };
  for (const { file, value } of [...templateFiles, ...rulesFiles, ...flowFiles, ...parameterFiles]) folder[file] = value;
  for (const { def, content } of datasets.values()) folder[def.file] = content;
  return {
    ok: true,
    bundle: { manifest, files: folder, templates, flows, rules, parameters, datasets, engine },
    warnings: problems,
  };
}

/**
 * Loads a bundle in single-file form. Problems point into the one file: `file` is
 * `containerName` and the pointer runs through `/files/<path>`.
 */
function loadSingleFile(
  loadBundle: (files: BundleFiles, options: LoadOptions) => LoadResult,
  single: unknown,
  containerName: string,
  options: LoadOptions,
): LoadResult {
  if (!isSingleFileBundle(single)) {
    return { ok: false, problems: [problem('BUNDLE_NOT_SINGLE_FILE', containerName, '', {
      zh: '这不是单文件形式的包（需要 format 与 files）', en: 'not a single-file bundle (format and files are required)',
    })] };
  }
  const files = single.files;
  if (typeof files !== 'object' || files === null || Array.isArray(files)) {
    return { ok: false, problems: [problem('SCHEMA', containerName, '/files', {
      zh: 'files 必须是对象', en: 'files must be an object',
    })] };
  }
  const proto = protoKeys(single, containerName);
  if (proto.length) return { ok: false, problems: proto };
  const result = loadBundle(fromSingleFile(single), options);
  const relocate = (p: Problem): Problem => ({
    ...p,
    file: containerName,
    pointer: p.file === MANIFEST_FILE ? p.pointer : `/files/${escapePointerToken(p.file)}${p.pointer}`,
  });
  return result.ok
    ? { ...result, warnings: result.warnings.map(relocate) }
    : { ok: false, problems: result.problems.map(relocate) };
}

/** The ids a file that failed its schema still declares, read as far as its shape allows. */
function declaredIds(kind: SchemaKind, value: unknown): string[] {
  const idOf = (v: unknown): string[] => (typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string' ? [(v as { id: string }).id] : []);
  if (kind === 'rules') {
    const list = typeof value === 'object' && value !== null ? (value as { rules?: unknown }).rules : undefined;
    return Array.isArray(list) ? list.flatMap(idOf) : [];
  }
  return kind === 'flow' || kind === 'template' ? idOf(value) : [];
}

function readJson(files: BundleFiles, path: string, problems: Problem[]): unknown {
  const value = files[path];
  if (typeof value === 'string' && isJsonPath(path)) {
    const parsed = parseJsonText(value, path);
    if (!parsed.ok) {
      problems.push(parsed.problem);
      return undefined;
    }
    return parsed.value;
  }
  return value;
}

function checkPluginVersion(manifest: BundleManifest, version: string): Problem[] {
  const range = manifest.requires.plugin;
  const ok = satisfies(version, range);
  if (ok === null) {
    return [problem('BUNDLE_BAD_RANGE', MANIFEST_FILE, '/requires/plugin', {
      zh: `无法理解插件版本范围 "${range}"（例如 "^0.1.0" 或 ">=0.1.0 <1.0.0"）`,
      en: `cannot read the plugin version range "${range}" (e.g. "^0.1.0" or ">=0.1.0 <1.0.0")`,
    })];
  }
  if (!ok) {
    return [problem('BUNDLE_PLUGIN_VERSION', MANIFEST_FILE, '/requires/plugin', {
      zh: `此包需要插件版本 ${range}，当前插件版本为 ${version}`,
      en: `this bundle needs plugin ${range}; this plugin is ${version}`,
    })];
  }
  return [];
}

function duplicate(kind: string, id: string, file: string, pointer: string, first?: string): Problem {
  return problem('DUPLICATE_ID', file, pointer, {
    zh: `${kindZh[kind] ?? kind} ${id} 重复定义${first ? `（首次定义于 ${first}）` : ''}`,
    en: `${kind} ${id} is defined twice${first ? ` (first in ${first})` : ''}`,
  });
}

const kindZh: Record<string, string> = { rule: '规则', template: '模板', flow: '流程', dataset: '数据集' };

function uniqueById<T extends { id: string }>(
  entries: Array<{ file: string; value: T }>,
  kind: string,
  problems: Problem[],
): Located<T>[] {
  const seen = new Map<string, string>();
  const out: Located<T>[] = [];
  for (const { file, value } of entries) {
    const first = seen.get(value.id);
    if (first !== undefined) {
      problems.push(duplicate(kind, value.id, file, '/id', first));
      continue;
    }
    seen.set(value.id, file);
    out.push({ file, pointer: '', def: value });
  }
  return out;
}

/**
 * Own `__proto__` keys anywhere in a value (JSON.parse makes them; a reader that copies the
 * object would set a prototype instead). Walked without recursion; each with its pointer.
 */
function protoKeys(root: unknown, file: string): Problem[] {
  const out: Problem[] = [];
  const stack: Array<{ value: unknown; pointer: string }> = [{ value: root, pointer: '' }];
  while (stack.length) {
    const { value, pointer } = stack.pop() as { value: unknown; pointer: string };
    if (typeof value !== 'object' || value === null) continue;
    if (Object.hasOwn(value, '__proto__')) {
      out.push(problem('JSON_PROTO_KEY', file, joinPointer(pointer, '__proto__'), {
        zh: '不接受名为 __proto__ 的键', en: 'a key named __proto__ is not accepted',
      }));
    }
    for (const key of Object.keys(value)) {
      const child = (value as Record<string, unknown>)[key];
      if (typeof child === 'object' && child !== null) stack.push({ value: child, pointer: joinPointer(pointer, key) });
    }
  }
  return out;
}

/** C0 and C1 control characters and DEL: in a file name they break the terminal, the file system or both. */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/** Every file the manifest names whose name holds a control character (NUL included). */
function controlCharacterPaths(manifest: BundleManifest): Problem[] {
  const out: Problem[] = [];
  const check = (path: string, pointer: string): void => {
    if (!CONTROL_CHARACTER.test(path)) return;
    const shown = JSON.stringify(path);
    out.push(problem('BUNDLE_PATH_CONTROL', MANIFEST_FILE, pointer, {
      zh: `文件名 ${shown} 含控制字符，不接受`, en: `file name ${shown} contains a control character; it is not accepted`,
    }));
  };
  for (const list of ['templates', 'rules', 'flows', 'parameters'] as const) {
    (manifest[list] ?? []).forEach((path, i) => check(path, joinPointer('', list, i)));
  }
  (manifest.datasets ?? []).forEach((def, i) => check(def.file, joinPointer('/datasets', i, 'file')));
  return out;
}
