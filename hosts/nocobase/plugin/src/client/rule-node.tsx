/**
 * The target-kit-rule node (规则节点) on NocoBase's workflow canvas. Like the condition node in
 * its "yes/no" mode, it is a branching node: the canvas draws the node card and, under it, the
 * "否" (branchIndex 0) and "是" (branchIndex 1) branches with the nodes in them, each with its own
 * "+" to add nodes; the server runs branch 1 when the rule's result is truthy, else branch 0.
 * Its config drawer has the rule select, the inputs mapping rows and, for a flow's inline
 * guard, the JsonLogic read-only (rule-node-config.tsx).
 *
 * The canvas pieces (node card, branch column, canvas state and styles) are the ones the
 * workflow plugin exports for node plugins; the instruction itself is a plain object with the
 * fields the workflow client reads (plugin-workflow 2.2.15, `Instruction`).
 */
import { Branch, NodeDefaultView, useFlowContext, useStyles, type CanvasNode } from '@nocobase/plugin-workflow/client';
import React from 'react';
import type { Lang } from './format.js';
import { TargetKitInputsMapping, TargetKitLogicView, TargetKitRuleSelect } from './rule-node-config.js';
import { useUiLang } from './ui-lang.js';

import { RULE_NODE_TYPE } from '../../../contract.js';

/** plugin-workflow's classic client plugin, reduced to what we call. */
interface WorkflowClientPlugin {
  /** Takes a class (it builds the instance) or an instance of its own `Instruction` class. */
  registerInstruction(type: string, instruction: new () => object): void;
}

function isWorkflowClientPlugin(value: unknown): value is WorkflowClientPlugin {
  return typeof value === 'object' && value !== null
    && typeof (value as { registerInstruction?: unknown }).registerInstruction === 'function';
}

/** Branch labels as the condition node has them: "是" runs on a truthy result, "否" otherwise. */
const BRANCH_TEXT = { yes: { zh: '是', en: 'Yes' }, no: { zh: '否', en: 'No' } } satisfies Record<string, Record<Lang, string>>;

const NODE_TEXT = {
  title: { zh: 'target-kit 规则', en: 'target-kit rule' },
  description: {
    zh: '用包中的规则计算工作流的记录：结果为真走“是”分支，为假走“否”分支；结果存为节点结果，计算出错（缺少输入、未知规则）则节点失败。',
    en: 'Evaluates a bundle rule on the workflow\'s record: a truthy result takes the "Yes" branch, a falsy one the "No" branch; the result is the node\'s result, and an evaluation error (missing input, unknown rule) fails the node.',
  },
  rule: { zh: '规则', en: 'Rule' },
  inputs: { zh: '输入映射（规则输入 → 记录字段）', en: 'Inputs (rule input → record field)' },
  logic: { zh: '内联守卫条件', en: 'Inline guard' },
} satisfies Record<string, Record<Lang, string>>;

/** The node and its two branches, drawn as the condition node draws its yes/no mode. */
function RuleNodeCanvas({ data }: { data: CanvasNode }): React.JSX.Element {
  const lang = useUiLang();
  const { styles } = useStyles();
  const nodes = useFlowContext()?.nodes ?? [];
  const entry = (branchIndex: number): CanvasNode | undefined =>
    nodes.find((node) => node.upstreamId === data.id && node.branchIndex === branchIndex);
  return (
    <NodeDefaultView data={data}>
      <div className={styles.nodeSubtreeClass} data-testid={`tk-rule-node-${data.id}`}>
        <div className={styles.branchBlockClass}>
          <Branch from={data} entry={entry(0)} branchIndex={0} />
          <Branch from={data} entry={entry(1)} branchIndex={1} />
        </div>
        <div className={styles.conditionClass}>
          <span style={{ right: '4em' }}>{BRANCH_TEXT.no[lang]}</span>
          <span style={{ left: '4em' }}>{BRANCH_TEXT.yes[lang]}</span>
        </div>
      </div>
    </NodeDefaultView>
  );
}

/** The drawer's form values are the node's config; a node has a rule or an inline guard. */
interface ConfigField {
  display: 'visible' | 'hidden' | 'none';
  form: { values: unknown };
}

function hasLogic(field: ConfigField): boolean {
  const { values } = field.form;
  return typeof values === 'object' && values !== null && (values as { logic?: unknown }).logic !== undefined;
}

/** Reactions as functions (no expression strings): show the rule fields or the guard. */
const showForRule = (field: ConfigField): void => { field.display = hasLogic(field) ? 'hidden' : 'visible'; };
const showForLogic = (field: ConfigField): void => { field.display = hasLogic(field) ? 'visible' : 'hidden'; };

/** Our instruction as a class, since the workflow client accepts a class or its own instances. */
function ruleNodeInstruction(lang: Lang): new () => object {
  const instruction = {
    type: RULE_NODE_TYPE,
    group: 'control',
    title: NODE_TEXT.title[lang],
    description: NODE_TEXT.description[lang],
    testable: false,
    // the downstream of a node added above existing nodes goes into one of these branches
    branching: [
      { label: BRANCH_TEXT.yes[lang], value: 1 },
      { label: BRANCH_TEXT.no[lang], value: 0 },
    ],
    fieldset: {
      rule: {
        type: 'string',
        title: NODE_TEXT.rule[lang],
        'x-decorator': 'FormItem',
        'x-component': 'TargetKitRuleSelect',
        'x-reactions': [showForRule],
      },
      // no `type: 'object'`: an object field would start as {} and write `inputs: {}` (no input
      // at all) or `logic: {}` (a guard that is always true) into a node that has neither
      inputs: {
        title: NODE_TEXT.inputs[lang],
        'x-decorator': 'FormItem',
        'x-component': 'TargetKitInputsMapping',
        'x-reactions': [showForRule],
      },
      logic: {
        title: NODE_TEXT.logic[lang],
        'x-decorator': 'FormItem',
        'x-component': 'TargetKitLogicView',
        'x-reactions': [showForLogic],
      },
    },
    components: { TargetKitRuleSelect, TargetKitInputsMapping, TargetKitLogicView },
    Component: RuleNodeCanvas,
    createDefaultConfig(): Record<string, unknown> {
      return { rule: '' };
    },
  };
  return class RuleNodeInstruction {
    constructor() {
      Object.assign(this, instruction);
    }
  };
}

/** Registers our node with the workflow client; without the workflow plugin it does nothing. */
export function registerRuleNode(workflow: unknown, lang: Lang): void {
  if (!isWorkflowClientPlugin(workflow)) return;
  try {
    workflow.registerInstruction(RULE_NODE_TYPE, ruleNodeInstruction(lang));
  } catch (e) {
    // a canvas that refuses our node must not take the forms down with it
    console.warn('target-kit: the workflow canvas did not accept the target-kit-rule node', e);
  }
}
