/**
 * The formula view: each rule of the file as text its owner can read (the runtime's
 * `printFormula`), parameters at their values. Every number is a button: click it, type the new
 * value, Enter, and the rule's or the parameter's JSON changes, checked like any edit; a value
 * the bundle refuses is not applied and its message is shown under the rule. A rule that is an
 * `if` chain also shows its branches as controls (BranchPanel).
 */
import { Alert, Card, Empty, Flex, Input, Typography } from 'antd';
import { useState } from 'react';
import { printFormula, type DefinedRule, type FormulaPiece } from '../../../plugin/index.js';
import { useT } from '../i18n/useT.js';
import { routeHref } from '../routing/route.js';
import { BranchPanel, type EditLogic } from './BranchPanel.js';
import { editableText, typedNumber } from './formulaEdit.js';

/** What the formula view shows when a number is not applied, and the file to open to change it there. */
interface Refusal { message: string; open?: string }

/** Applies a number typed on the formula view; says why when it is not applied. */
export type EditNumber = (rule: DefinedRule, number: NonNullable<FormulaPiece['number']>, value: number) => Refusal | undefined;

interface FormulaPanelProps {
  rules: readonly DefinedRule[];
  params: Readonly<Record<string, unknown>>;
  onEdit: EditNumber;
  onEditLogic: EditLogic;
}

export function FormulaPanel({ rules, params, onEdit, onEditLogic }: FormulaPanelProps) {
  const { lang, t, pick } = useT();
  const [editing, setEditing] = useState<{ rule: string; line: number; piece: number } | undefined>();
  const [refused, setRefused] = useState<(Refusal & { rule: string }) | undefined>();

  const commit = (rule: DefinedRule, number: NonNullable<FormulaPiece['number']>, text: string) => {
    const value = typedNumber(text, number.percent);
    if (value === undefined) {
      setRefused({ rule: rule.id, message: t('editor.formulaNotNumber', { text }) });
      return;
    }
    setEditing(undefined);
    if (value === number.value) return;
    const refusal = onEdit(rule, number, value);
    setRefused(refusal === undefined ? undefined : { rule: rule.id, ...refusal });
  };

  return (
    <Card size="small" title={t('editor.formula')} data-testid="formula-panel">
      {rules.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('editor.noExamples')} />
      ) : (
        <Flex vertical gap={14}>
          <Typography.Text type="secondary" className="formula-hint">{t('editor.formulaHint')}</Typography.Text>
          {rules.map((rule) => {
            const formula = printFormula(rule.def.logic, { lang, params, inputs: rule.def.inputs });
            return (
              <div key={rule.id} className="formula-rule" data-testid="formula-rule" data-rule={rule.id}>
                <Typography.Text code>{rule.id}</Typography.Text>{' '}
                <Typography.Text type="secondary" className="formula-description">{pick(rule.def.description)}</Typography.Text>
                <div className="formula-lines" data-testid="formula-text">
                  {formula.lines.map((line, l) => (
                    <div key={l} className="formula-line">
                      {line.map((piece, p) => {
                        const number = piece.number;
                        if (!number) return <span key={p}>{piece.text}</span>;
                        const source = number.source.kind === 'param' ? number.source.path : number.source.pointer;
                        if (editing?.rule === rule.id && editing.line === l && editing.piece === p) {
                          return (
                            <Input
                              key={p}
                              size="small"
                              autoFocus
                              className="formula-input"
                              data-testid="formula-input"
                              defaultValue={editableText(piece)}
                              suffix={number.percent ? '%' : undefined}
                              aria-label={t('editor.formulaEdit', { source })}
                              onPressEnter={(e) => commit(rule, number, e.currentTarget.value)}
                              onBlur={() => setEditing(undefined)}
                              onKeyDown={(e) => { if (e.key === 'Escape') setEditing(undefined); }}
                            />
                          );
                        }
                        return (
                          <button
                            key={p}
                            type="button"
                            className={`formula-number formula-${number.source.kind}`}
                            data-testid="formula-number"
                            data-source={number.source.kind}
                            data-at={source}
                            title={number.source.kind === 'param' ? t('editor.formulaParam', { path: source }) : t('editor.formulaLiteral')}
                            onClick={() => { setRefused(undefined); setEditing({ rule: rule.id, line: l, piece: p }); }}
                          >
                            {piece.text}
                          </button>
                        );
                      })}
                    </div>
                  ))}
                </div>
                <BranchPanel rule={rule} params={params} onEdit={onEditLogic} />
                {refused?.rule === rule.id && (
                  <Alert
                    type="error"
                    showIcon
                    className="formula-error"
                    data-testid="formula-error"
                    message={refused.message}
                    description={refused.open && (
                      <a href={routeHref({ screen: 'editor', file: refused.open })} data-testid="formula-open-file">
                        {t('editor.formulaOpenFile', { file: refused.open })}
                      </a>
                    )}
                  />
                )}
              </div>
            );
          })}
        </Flex>
      )}
    </Card>
  );
}
