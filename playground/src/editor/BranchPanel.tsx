/**
 * The branches of a rule's `if` chain under its formula, as controls a non-programmer can use:
 * each branch's comparison, threshold (a number, or a parameter's path) and value, an else-if
 * added after a branch or removed, and the last edit undone. Every edit goes through the
 * editor's check (the bundle loads with it, the rule's examples run) before the build takes it,
 * and the JSON it changed is shown.
 */
import { Alert, Button, Flex, Input, Select, Tooltip, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { printFormula, type DefinedRule, type ExampleResult } from '../../../plugin/index.js';
import { useT } from '../i18n/useT.js';
import {
  addBranchAfter, COMPARE_OPS, COMPARE_SIGNS, ifChain, removeBranch, setBranchValue, setOperator, setThreshold,
  typedThreshold, typedValue, valueAtPointer, valueText, type Branch, type Chain, type LogicEdit,
} from './branchEdit.js';
import { editableText } from './formulaEdit.js';

/** Applies a rule's new logic; a refusal's message when the bundle does not take it, else the rule's examples run on it. */
export type EditLogic = (rule: DefinedRule, logic: unknown) => { refused: string } | { examples: ExampleResult[] };

interface BranchPanelProps {
  rule: DefinedRule;
  params: Readonly<Record<string, unknown>>;
  onEdit: EditLogic;
}

interface Done { change: LogicEdit; previous: unknown; examples: ExampleResult[] }

export function BranchPanel({ rule, params, onEdit }: BranchPanelProps) {
  const { lang, t } = useT();
  const [done, setDone] = useState<Done[]>([]);
  const [error, setError] = useState<string | undefined>();
  // closed at first: a file holds many `if` rules, and the formulas are what most people read
  const [open, setOpen] = useState(false);
  // a box left with text that was refused shows the rule's value again after the next edit
  const [epoch, setEpoch] = useState(0);
  const logic = rule.def.logic;
  const chain = ifChain(logic, params);
  if (!chain) return null;
  const inputs = rule.def.inputs;
  const printed = (value: unknown) => printFormula(value, { lang, params, inputs });

  const apply = (change: LogicEdit | undefined, refusal?: string) => {
    if (!change) {
      setError(refusal);
      return;
    }
    const outcome = onEdit(rule, change.logic);
    if ('refused' in outcome) {
      setError(outcome.refused);
      return;
    }
    setError(undefined);
    setEpoch((n) => n + 1);
    setDone((all) => [...all, { change, previous: logic, examples: outcome.examples.filter((e) => e.ruleId === rule.id) }]);
  };
  const undo = () => {
    const last = done[done.length - 1];
    if (!last) return;
    const outcome = onEdit(rule, last.previous);
    if ('refused' in outcome) {
      setError(outcome.refused);
      return;
    }
    setError(undefined);
    setEpoch((n) => n + 1);
    setDone((all) => all.slice(0, -1));
  };

  const enumValues = rule.def.output.enum;
  const numeric = rule.def.output.type === 'number' || rule.def.output.type === 'integer';
  const valueEditor = (branch: Pick<Branch, 'value' | 'valueAt'>, testId: string) => {
    // a computed value (a rounding, a ratio) is changed on the formula or in the JSON, not here
    if (!isPlainValue(branch.value)) return <span className="branch-left" data-testid={`${testId}-fixed`}>{printed(branch.value).text}</span>;
    if (enumValues && enumValues.some((v) => v === branch.value)) {
      return (
        <Select
          size="small"
          className="branch-value"
          data-testid={testId}
          aria-label={t('editor.branchValue')}
          value={JSON.stringify(branch.value)}
          onChange={(v: string) => apply(setBranchValue(logic, branch as Branch, JSON.parse(v)))}
          options={enumValues.map((v) => ({ value: JSON.stringify(v), label: printed(v).text }))}
        />
      );
    }
    return (
      <Input
        key={`${epoch}:${branch.valueAt}:${valueText(branch.value)}`}
        size="small"
        className="branch-value"
        data-testid={testId}
        aria-label={t('editor.branchValue')}
        defaultValue={valueText(branch.value)}
        onPressEnter={(e) => {
          const text = e.currentTarget.value;
          const typed = typedValue(text, params, numeric);
          apply(typed && setBranchValue(logic, branch as Branch, typed.value), t('editor.branchBadValue', { text }));
        }}
      />
    );
  };

  const last = done[done.length - 1];
  const failing = last?.examples.filter((e) => !e.pass).length ?? 0;

  if (!open) {
    return (
      <Button type="link" size="small" className="branch-toggle" data-testid="branch-toggle" data-rule={rule.id} onClick={() => setOpen(true)}>
        {t('editor.branchOpen', { count: chain.branches.length })}
      </Button>
    );
  }

  return (
    <div className="formula-branches" data-testid="branch-editor" data-rule={rule.id}>
      <Typography.Text type="secondary" className="branch-hint">{t('editor.branchHint')}</Typography.Text>
      {chain.branches.map((branch, i) => (
        <BranchRow
          key={`${epoch}:${i}:${JSON.stringify(branch.condition)}`}
          branch={branch}
          index={i}
          chain={chain}
          logic={logic}
          params={params}
          printed={printed}
          apply={apply}
          valueEditor={valueEditor(branch, 'branch-value')}
        />
      ))}
      {chain.otherwiseAt !== undefined && (
        <Flex className="branch-row" data-testid="branch-otherwise" align="center" gap={6} wrap>
          <span className="branch-word">{t('editor.branchElse')}</span>
          {valueEditor({ value: valueAtPointer(logic, chain.otherwiseAt), valueAt: chain.otherwiseAt }, 'branch-otherwise-value')}
        </Flex>
      )}
      <Flex gap={8} align="center" wrap className="branch-actions">
        <Button size="small" onClick={undo} disabled={!last} data-testid="branch-undo">{t('editor.branchUndo')}</Button>
        {last && (
          <Typography.Text type={failing ? 'warning' : 'success'} data-testid="branch-examples" data-failing={failing}>
            {t('editor.branchExamples', { pass: last.examples.length - failing, fail: failing })}
          </Typography.Text>
        )}
      </Flex>
      {error && <Alert type="error" showIcon className="formula-error" data-testid="branch-error" message={error} />}
      {last && (
        <div className="branch-change" data-testid="branch-change">
          <Typography.Text type="secondary">{t('editor.branchChange', { at: `logic${last.change.at}` })}</Typography.Text>
          <pre className="branch-before" data-testid="branch-before">− {JSON.stringify(last.change.before)}</pre>
          <pre className="branch-after" data-testid="branch-after">+ {JSON.stringify(last.change.after)}</pre>
        </div>
      )}
    </div>
  );
}

function isPlainValue(value: unknown): boolean {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return true;
  return typeof value === 'object' && Object.keys(value as object).length === 1 && typeof (value as { param?: unknown }).param === 'string';
}

interface BranchRowProps {
  branch: Branch;
  index: number;
  chain: Chain;
  logic: unknown;
  params: Readonly<Record<string, unknown>>;
  printed: (value: unknown) => ReturnType<typeof printFormula>;
  apply: (change: LogicEdit | undefined, refusal?: string) => void;
  valueEditor: ReactNode;
}

function BranchRow({ branch, index, chain, logic, params, printed, apply, valueEditor }: BranchRowProps) {
  const { t } = useT();
  const c = branch.compare;
  // the threshold as the formula shows it: a percent where it meets a rate
  const shown = c && printed({ [c.op]: [c.left, c.threshold.kind === 'number' ? c.threshold.value : { param: c.threshold.path }] })
    .lines.flat().find((p) => p.number);
  const percent = shown?.number?.percent ?? false;
  const thresholdText = !c ? '' : c.threshold.kind === 'param' ? c.threshold.path : shown ? editableText(shown) : String(c.threshold.value);
  return (
    <Flex className="branch-row" data-testid="branch" data-index={index} align="center" gap={6} wrap>
      <span className="branch-word">{index === 0 ? t('editor.branchIf') : t('editor.branchElseIf')}</span>
      {c ? (
        <>
          <span className="branch-left">{printed(c.left).text}</span>
          <Select
            size="small"
            className="branch-op"
            data-testid="branch-op"
            aria-label={t('editor.branchOp')}
            value={c.op}
            onChange={(op) => apply(setOperator(logic, branch, op))}
            options={COMPARE_OPS.map((op) => ({ value: op, label: COMPARE_SIGNS[op] }))}
          />
          <Tooltip title={t('editor.branchThreshold')}>
            <Input
              key={`${branch.conditionAt}:${thresholdText}`}
              size="small"
              className="branch-threshold"
              data-testid="branch-threshold"
              aria-label={t('editor.branchThreshold')}
              defaultValue={thresholdText}
              suffix={c.threshold.kind === 'number' && percent ? '%' : undefined}
              onPressEnter={(e) => {
                const text = e.currentTarget.value;
                const threshold = typedThreshold(text, percent, params);
                apply(threshold && setThreshold(logic, branch, threshold), t('editor.branchBadThreshold', { text }));
              }}
            />
          </Tooltip>
          {c.threshold.kind === 'param' && shown && <Typography.Text type="secondary" data-testid="branch-param-value">= {shown.text}</Typography.Text>}
        </>
      ) : (
        <span className="branch-left" data-testid="branch-condition">{printed(branch.condition).text}</span>
      )}
      <span className="branch-word">{t('editor.branchThen')}</span>
      {valueEditor}
      <Tooltip title={t('editor.branchAdd')}>
        <Button size="small" aria-label={t('editor.branchAdd')} data-testid="branch-add" onClick={() => apply(addBranchAfter(logic, branch))}>＋</Button>
      </Tooltip>
      <Tooltip title={t('editor.branchRemove')}>
        <Button
          size="small"
          danger
          aria-label={t('editor.branchRemove')}
          data-testid="branch-remove"
          disabled={chain.branches.length <= 1}
          onClick={() => apply(removeBranch(logic, chain, branch), t('editor.branchLast'))}
        >
          －
        </Button>
      </Tooltip>
    </Flex>
  );
}
