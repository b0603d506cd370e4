/**
 * What an edited rules or parameters file means, checked as the user types: parsed, then the
 * whole bundle loaded with the file replaced (all or nothing, as a host would). A file that
 * loads is applied; one that does not keeps the build on its last good version, while the
 * rules that do compile on their own still run their examples and the "try it" panel, so the
 * author sees the effect of an edit before the whole file is right. Pure, no React.
 */
import {
  checkSchema, defineRule, loadBundle, parseJsonText, runExamples,
  type BundleFiles, type DefinedRule, type ExampleResult, type LoadedBundle, type Problem, type RulesFile,
} from '../../../plugin/index.js';
import { paramGroupsIn } from '../build/dependencies.js';

interface FileCheck {
  path: string;
  text: string;
  /** The parsed file, when the text is JSON. */
  value?: unknown;
  /** The bundle loads with this file: the build takes it. */
  applied: boolean;
  /** Every problem of the candidate bundle (this file's and any other it broke). */
  problems: Problem[];
  /** The rules the examples and the "try it" panel use: this text's, where they compile. */
  rules: DefinedRule[];
  examples: ExampleResult[];
  /** The parameters the formulas read: the candidate bundle's when it loads, else the last good ones. */
  parameters: Record<string, unknown>;
}

type FileKind = 'rules' | 'parameters';

export function fileKind(bundle: LoadedBundle, path: string): FileKind | undefined {
  if (bundle.manifest.rules.includes(path)) return 'rules';
  if (bundle.manifest.parameters?.includes(path)) return 'parameters';
  return undefined;
}

/** Rules that read a parameter group defined in `value` (a parameters file). */
function rulesReading(rules: Iterable<DefinedRule>, value: unknown): DefinedRule[] {
  const groups = Object.keys((value as { parameters?: object } | undefined)?.parameters ?? {});
  return [...rules].filter((rule) => [...paramGroupsIn(rule.def.logic)].some((g) => groups.includes(g)));
}

export function checkFile(files: BundleFiles, lastGood: LoadedBundle, path: string, text: string): FileCheck {
  const kind = fileKind(lastGood, path);
  const parsed = parseJsonText(text, path);
  if (!parsed.ok) return { path, text, applied: false, problems: [parsed.problem], rules: [], examples: [], parameters: lastGood.parameters };
  const value = parsed.value;
  const result = loadBundle({ ...files, [path]: value });
  if (result.ok) {
    const all = [...result.bundle.rules.values()];
    const rules = kind === 'rules' ? all.filter((r) => r.file === path) : rulesReading(all, value);
    return { path, text, value, applied: true, problems: result.warnings, rules, examples: runExamples(rules), parameters: result.bundle.parameters };
  }
  let rules: DefinedRule[] = [];
  if (kind === 'rules' && checkSchema('rules', value, path).length === 0) {
    (value as RulesFile).rules.forEach((def, i) => {
      const defined = defineRule(def, path, `/rules/${i}`, lastGood.engine, lastGood.parameters);
      if (defined.rule && !defined.problems.some((p) => p.severity === 'error')) rules.push(defined.rule);
    });
  } else if (kind === 'parameters') {
    rules = rulesReading(lastGood.rules.values(), value);
  }
  return {
    path, text, value, applied: false, problems: result.problems, rules, examples: kind === 'rules' ? runExamples(rules) : [],
    parameters: lastGood.parameters,
  };
}
