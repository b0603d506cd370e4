/**
 * TypeScript shapes of the bundle format. The JSON Schemas in `schemas/` are the contract;
 * these types mirror them for code that reads a bundle that has already been validated.
 */
import type { AuthorText, Localized } from '../problems.js';

/** bundle.json plus every file it names, keyed by path relative to bundle.json. JSON files
 * hold their parsed value, other files (CSV) their text. */
export type BundleFiles = Record<string, unknown>;

export const MANIFEST_FILE = 'bundle.json';

export type ValueType = 'number' | 'integer' | 'string' | 'boolean' | 'array' | 'object' | 'any';

interface RoleDef {
  id: string;
  name: Localized;
  level?: 'company' | 'region' | 'team' | 'rep';
}

export interface DatasetDef {
  id: string;
  file: string;
  format: 'csv' | 'json' | 'ndjson';
  title?: Localized;
}

export interface BundleManifest {
  $schema?: string;
  format: 1;
  id: string;
  name: Localized;
  description?: Localized;
  version: string;
  defaultLocale: 'zh-CN' | 'en-US';
  requires: { plugin: string };
  roles: RoleDef[];
  templates: string[];
  rules: string[];
  flows?: string[];
  parameters?: string[];
  datasets?: DatasetDef[];
  /** Single-file form only. */
  files?: BundleFiles;
}

export interface RuleInputDef {
  name: string;
  type: ValueType;
  required?: boolean;
  description?: Localized;
}

interface RuleExample {
  /** What the example shows, for whoever reads the rule: {zh, en}, or one string for both. */
  note?: AuthorText;
  data: Record<string, unknown>;
  expect?: unknown;
  expectError?: string;
  /** Parameter values this example was written for, by dotted path; the rest are the bundle's. */
  params?: Record<string, unknown>;
}

export interface RuleDef {
  id: string;
  description: Localized;
  inputs: RuleInputDef[];
  output: { type: ValueType; enum?: unknown[]; nullable?: boolean };
  logic: unknown;
  examples: RuleExample[];
}

export interface RulesFile {
  $schema?: string;
  rules: RuleDef[];
}

export interface ParametersFile {
  $schema?: string;
  parameters: Record<string, unknown>;
  docs?: Record<string, Localized>;
}

/** A Formily JSON Schema node; only the keys target-kit reads are typed. */
export interface FormNode {
  type: string;
  title?: string;
  properties?: Record<string, FormNode>;
  items?: FormNode;
  'x-component'?: string;
  [key: string]: unknown;
}

interface Binding {
  form?: string;
  rule: string;
  inputs: Record<string, string>;
  target: string;
  effect?: 'value' | 'visible' | 'validate';
  message?: Localized;
  /** validate: what a pass says in words, where a decider reads the verdict. */
  passMessage?: Localized;
}

type TemplateCategory =
  | 'filing' | 'allocation' | 'review' | 'commitment' | 'tracking'
  | 'scoring' | 'rewards' | 'follow-up' | 'process';

export interface TemplateDef {
  $schema?: string;
  id: string;
  title: Localized;
  description: Localized;
  category: TemplateCategory;
  roles: string[];
  requires?: string[];
  forms: Record<string, FormNode>;
  flow?: string;
  rules: string[];
  parameters?: string[];
  bindings?: Binding[];
  sampleData?: Record<string, Record<string, unknown>>;
  datasets?: string[];
}

interface FlowState {
  id: string;
  title: Localized;
  final?: boolean;
}

export interface FlowTransition {
  action: string;
  title: Localized;
  from: string | string[];
  to: string;
  roles: string[];
  scope?: 'own' | 'unit' | 'any';
  notActorOf?: string[];
  guard?: { rule: string; inputs?: Record<string, string> } | { logic: unknown };
  guardMessage?: Localized;
  requires?: string[];
  /** Payload fields that are amounts in yuan, checked by the one amount reader. */
  amounts?: string[];
  /** Payload fields holding evidence: at least one non-empty text or file each. */
  evidence?: string[];
  form?: string;
  assign?: Record<string, unknown>;
  due?: { workingHours: number; event?: string };
  emits?: Array<{ event: string; to?: string; message?: Localized }>;
}

export interface FlowDef {
  $schema?: string;
  id: string;
  title: Localized;
  description?: Localized;
  initial: string;
  states: FlowState[];
  transitions: FlowTransition[];
}

/** Where a definition came from, for error messages. */
export interface Located<T> {
  file: string;
  pointer: string;
  def: T;
}
