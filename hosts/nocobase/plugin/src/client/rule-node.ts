/**
 * The target-kit-rule node on NocoBase's workflow canvas, so a workflow the importer created
 * shows our node (title, config form) instead of an unknown one. The workflow client builds
 * its instructions with `new`, so a plain class with the fields it reads is enough; nothing
 * here imports the workflow plugin, and without it this does nothing.
 */
interface WorkflowClientPlugin {
  registerInstruction(type: string, instruction: new () => object): void;
}

function isWorkflowClientPlugin(value: unknown): value is WorkflowClientPlugin {
  return typeof value === 'object' && value !== null
    && typeof (value as { registerInstruction?: unknown }).registerInstruction === 'function';
}

const zh = (): boolean => typeof document !== 'undefined' && document.documentElement.lang.toLowerCase().startsWith('zh');

class RuleNodeInstruction {
  readonly type = 'target-kit-rule';
  readonly group = 'control';
  readonly title = zh() ? 'target-kit 规则' : 'target-kit rule';
  readonly description = zh()
    ? '用包中的规则计算记录：结果为真走“是”分支，为假走“否”分支；结果存入节点结果。'
    : 'Evaluates a bundle rule on the record: a truthy result takes the "yes" branch, a falsy one the "no" branch; the result is the node\'s result.';
  readonly fieldset = {
    rule: {
      type: 'string',
      title: zh() ? '规则 id' : 'Rule id',
      required: true,
      'x-decorator': 'FormItem',
      'x-component': 'Input',
    },
    inputs: {
      type: 'object',
      title: zh() ? '输入映射（规则输入 → 字段名）' : 'Inputs (rule input → field name)',
      'x-decorator': 'FormItem',
      'x-component': 'Input.JSON',
      'x-component-props': { autoSize: { minRows: 3 } },
    },
  };

  createDefaultConfig(): Record<string, unknown> {
    return { rule: '', inputs: {} };
  }
}

export function registerRuleNode(workflow: unknown): void {
  if (!isWorkflowClientPlugin(workflow)) return;
  try {
    workflow.registerInstruction('target-kit-rule', RuleNodeInstruction);
  } catch (e) {
    // a canvas that refuses our node must not take the forms down with it
    console.warn('target-kit: the workflow canvas did not accept the target-kit-rule node', e);
  }
}
