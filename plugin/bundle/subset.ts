/**
 * The subset of a bundle that some of its templates need (what an export of them carries),
 * found from the references the files make, never from a list: a template names the
 * templates it requires, its rules, its flow and its datasets; a flow names its guard rules;
 * a rule (or an inline guard) reads parameter groups with {"param": "group.key"}; a parameter
 * group names rules by id (score dimensions, awards). The closure of those is what the subset
 * carries: rules one by one, parameter files whole (a group's neighbours and docs belong
 * together), everything else by file. It is the runtime's, so that every host exporting a
 * part of a bundle (the playground's Export today) carries the same closure.
 */
import type { LoadedBundle } from './load.js';
import { paramTextGroups } from './param-text.js';
import type { BundleFiles, BundleManifest, RulesFile } from './types.js';

type TemplateEntry = LoadedBundle['templates'][number];

/** `ids` plus every template they require, transitively; requirements come first. */
export function withRequirements(templates: readonly TemplateEntry[], ids: readonly string[]): string[] {
  const byId = new Map(templates.map((t) => [t.def.id, t.def]));
  const out: string[] = [];
  const visit = (id: string, path: Set<string>) => {
    if (out.includes(id) || path.has(id) || !byId.has(id)) return;
    path.add(id);
    for (const other of byId.get(id)!.requires ?? []) visit(other, path);
    out.push(id);
  };
  for (const id of ids) visit(id, new Set());
  return out;
}

/** Every `{"param": "group.key"}` group read anywhere inside a JSON value. */
export function paramGroupsIn(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => paramGroupsIn(item, out));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'param') {
        const path = Array.isArray(child) ? child[0] : child;
        if (typeof path === 'string') out.add(path.split('.')[0] ?? path);
      }
      paramGroupsIn(child, out);
    }
  }
  return out;
}

function stringsIn(value: unknown, out: Set<string>): Set<string> {
  if (typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) value.forEach((item) => stringsIn(item, out));
  else if (typeof value === 'object' && value !== null) Object.values(value).forEach((child) => stringsIn(child, out));
  return out;
}

export interface SubsetContents {
  templateFiles: string[];
  ruleIds: Set<string>;
  flowFiles: string[];
  parameterFiles: string[];
  datasetIds: Set<string>;
}

/** What the templates `templateIds` need, transitively: template, flow and parameter files, rule and dataset ids. */
export function subsetContents(bundle: LoadedBundle, templateIds: readonly string[]): SubsetContents {
  const ids = withRequirements(bundle.templates, templateIds);
  const templates = ids.map((id) => bundle.templates.find((t) => t.def.id === id)!);
  const ruleIds = new Set<string>();
  const flowIds = new Set<string>();
  const datasetIds = new Set<string>();
  const groups = new Set<string>();
  for (const { def } of templates) {
    def.rules.forEach((id) => ruleIds.add(id));
    if (def.flow) flowIds.add(def.flow);
    def.datasets?.forEach((id) => datasetIds.add(id));
    def.parameters?.forEach((group) => groups.add(group));
  }
  // A text quoting a parameter needs its group to show it; read from the file as written, since a
  // host may hold the templates with their texts already resolved.
  for (const { file } of templates) paramTextGroups(bundle.files[file], groups);
  const flows = bundle.flows.filter((f) => flowIds.has(f.def.id));
  for (const { file } of flows) paramTextGroups(bundle.files[file], groups);
  for (const { def } of flows) {
    for (const transition of def.transitions) {
      const guard = transition.guard;
      if (guard && 'rule' in guard) ruleIds.add(guard.rule);
      else if (guard) paramGroupsIn(guard.logic, groups);
    }
  }

  // Rules read parameter groups; parameter files name rules: repeat until nothing new.
  const groupFile = new Map<string, string>();
  for (const path of bundle.manifest.parameters ?? []) {
    const file = bundle.files[path] as { parameters?: Record<string, unknown> } | undefined;
    for (const group of Object.keys(file?.parameters ?? {})) groupFile.set(group, path);
  }
  const parameterFiles = new Set<string>();
  for (;;) {
    const before = ruleIds.size + parameterFiles.size + groups.size;
    for (const id of ruleIds) paramGroupsIn(bundle.rules.get(id)?.def.logic, groups);
    for (const group of groups) {
      const path = groupFile.get(group);
      if (path) parameterFiles.add(path);
    }
    for (const path of parameterFiles) {
      paramTextGroups((bundle.files[path] as { docs?: unknown }).docs, groups);
      const named = stringsIn((bundle.files[path] as { parameters?: unknown }).parameters, new Set());
      for (const name of named) if (bundle.rules.has(name)) ruleIds.add(name);
    }
    if (ruleIds.size + parameterFiles.size + groups.size === before) break;
  }

  return {
    templateFiles: templates.map((t) => t.file),
    ruleIds,
    flowFiles: flows.map((f) => f.file),
    // manifest order, so an export of the whole sample lists files as templates/ does
    parameterFiles: (bundle.manifest.parameters ?? []).filter((path) => parameterFiles.has(path)),
    datasetIds,
  };
}

/**
 * The part of a bundle that the templates `templateIds` need, in folder form, its manifest
 * listing just that: what an export of those templates carries.
 */
export function bundleSubset(bundle: LoadedBundle, templateIds: readonly string[]): BundleFiles {
  const contents = subsetContents(bundle, templateIds);
  const files: BundleFiles = {};
  const rulesFiles: string[] = [];
  for (const path of bundle.manifest.rules) {
    const file = bundle.files[path] as RulesFile;
    const rules = file.rules.filter((rule) => contents.ruleIds.has(rule.id));
    if (rules.length === 0) continue; // a rules file must hold at least one rule
    rulesFiles.push(path);
    files[path] = { ...file, rules };
  }
  for (const path of [...contents.templateFiles, ...contents.flowFiles, ...contents.parameterFiles]) files[path] = bundle.files[path];
  const datasets = (bundle.manifest.datasets ?? []).filter((d) => contents.datasetIds.has(d.id));
  for (const d of datasets) files[d.file] = bundle.files[d.file];

  const manifest: BundleManifest = {
    ...bundle.manifest,
    templates: contents.templateFiles,
    rules: rulesFiles,
    flows: contents.flowFiles,
    parameters: contents.parameterFiles,
    datasets,
  };
  if (!bundle.manifest.flows) delete manifest.flows;
  if (!bundle.manifest.parameters) delete manifest.parameters;
  if (!bundle.manifest.datasets) delete manifest.datasets;
  files['bundle.json'] = manifest;
  return files;
}
