/**
 * The rule editor, loaded on demand: the build's rules and parameter files as JSON, checked by
 * the plugin as you type. An edit that loads is applied to the build at once; one that does
 * not stays here as a draft with its problems at their lines, and the build (the runner, the
 * export) keeps the last version that loaded.
 */
import { Alert, Button, Card, Col, Empty, Flex, Popconfirm, Row, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { LoadedBundle } from '../../../plugin/index.js';
import { useBuildStore } from '../build/buildStore.js';
import { buildContents } from '../build/dependencies.js';
import { baseFiles, type Workspace } from '../build/workspace.js';
import { problemPlace } from '../composer/problemPlace.js';
import { useT } from '../i18n/useT.js';
import { navigate, routeHref } from '../routing/route.js';
import { checkFile, fileKind } from './checkFile.js';
import { CodeEditor, type CodeEditorHandle } from './CodeEditor.js';
import { placeProblems } from './diagnostics.js';
import { ExamplesPanel } from './ExamplesPanel.js';
import type { EditLogic } from './BranchPanel.js';
import { FormulaPanel, type EditNumber } from './FormulaPanel.js';
import { numberPlace, withValueAt } from './formulaEdit.js';
import { TryPanel } from './TryPanel.js';

const CHECK_DELAY_MS = 250;

/** The files the build needs that the editor handles, rules first. */
function editableFiles(bundle: LoadedBundle, templateIds: readonly string[]): string[] {
  const contents = buildContents(bundle, templateIds);
  const rulesFiles = bundle.manifest.rules.filter((path) => bundle.rules.size > 0 && [...contents.ruleIds].some((id) => bundle.rules.get(id)?.file === path));
  return [...rulesFiles, ...contents.parameterFiles];
}

interface RuleEditorProps {
  bundle: LoadedBundle;
  workspace: Workspace;
  file?: string | undefined;
}

export default function RuleEditor({ bundle, workspace, file }: RuleEditorProps) {
  const { t } = useT();
  const files = useMemo(() => editableFiles(bundle, workspace.templateIds), [bundle, workspace.templateIds]);
  const path = file && files.includes(file) ? file : files[0];

  return (
    <div className="page" data-testid="rule-editor" data-file={path}>
      <div className="page-heading">
        <Typography.Title level={3}>{t('editor.title')}</Typography.Title>
        <Typography.Text type="secondary">{t('editor.subtitle')}</Typography.Text>
      </div>
      {path === undefined ? (
        <Card>
          <Empty description={t('editor.empty')} data-testid="editor-empty">
            <Button type="primary" href={routeHref({ screen: 'build' })}>{t('editor.toComposer')}</Button>
          </Empty>
        </Card>
      ) : (
        <FileEditor key={path} bundle={bundle} workspace={workspace} files={files} path={path} />
      )}
    </div>
  );
}

function FileEditor({ bundle, workspace, files, path }: { bundle: LoadedBundle; workspace: Workspace; files: string[]; path: string }) {
  const { lang, t } = useT();
  const draft = useBuildStore((s) => s.drafts[path]);
  const edited = useBuildStore((s) => Object.hasOwn(s.edits, path));
  const editedPaths = useBuildStore((s) => s.edits);
  const { commitFile, setDraft, discardDraft, revertFile } = useBuildStore.getState();
  const lastGoodText = () => `${JSON.stringify(workspace.files[path], null, 2)}\n`;
  const [initial, setInitial] = useState(() => ({ text: draft ?? lastGoodText(), version: 0 }));
  const [text, setText] = useState(initial.text);
  const [checkedText, setCheckedText] = useState(initial.text);
  const editor = useRef<CodeEditorHandle>(null);

  useEffect(() => {
    const timer = setTimeout(() => setCheckedText(text), CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const check = useMemo(() => checkFile(workspace.files, bundle, path, checkedText), [workspace.files, bundle, path, checkedText]);

  // Apply what loads; keep what does not as a draft (persisted, so a reload shows it again).
  useEffect(() => {
    if (check.applied) {
      if (JSON.stringify(check.value) !== JSON.stringify(workspace.files[path])) commitFile(path, check.value);
      else if (useBuildStore.getState().drafts[path] !== undefined) discardDraft(path);
    } else if (useBuildStore.getState().drafts[path] !== check.text) {
      setDraft(path, check.text);
    }
  }, [check, path, workspace.files, commitFile, discardDraft, setDraft]);

  const placed = useMemo(() => placeProblems(check.text, path, check.problems), [check, path]);
  const errors = check.problems.filter((p) => p.severity === 'error').length;
  const kind = fileKind(bundle, path);

  const showText = (good: string) => {
    setInitial((old) => ({ text: good, version: old.version + 1 }));
    setText(good);
    setCheckedText(good);
  };
  const discard = () => {
    discardDraft(path);
    showText(lastGoodText());
  };
  const revert = () => {
    const base = baseFiles(useBuildStore.getState().base)?.[path];
    revertFile(path);
    showText(`${JSON.stringify(base, null, 2)}\n`);
  };
  // A number changed on the formula view. In the parameters file open here it goes into the
  // editor's text like typing: applied when the bundle loads, else kept as a draft, so numbers
  // that must agree (weights summing to 100%) can be changed one after the other. Anywhere else
  // (a rule's literal, another file's parameter) it is applied only when the bundle still loads,
  // so the formula view never leaves a rule that does not compile or a file nobody looks at broken.
  const editNumber: EditNumber = (rule, number, value) => {
    const place = numberPlace(rule, number, workspace.files, bundle.manifest.parameters ?? []);
    const current = place && (place.file === path ? check.value : workspace.files[place.file]);
    const next = place && current !== undefined ? withValueAt(current, place.pointer, value) : undefined;
    if (!place || next === undefined) return { message: t('editor.formulaNoPlace') };
    const nextText = `${JSON.stringify(next, null, 2)}\n`;
    const checked = checkFile(workspace.files, bundle, place.file, nextText);
    const first = checked.problems.find((p) => p.severity === 'error') ?? checked.problems[0];
    const refusal = first ? `${first.message[lang]} [${first.code}]` : t('editor.formulaNoPlace');
    if (place.file === path && kind === 'parameters') {
      showText(nextText);
      return checked.applied ? undefined : { message: `${t('editor.formulaDraft')} ${refusal}` };
    }
    if (!checked.applied) return { message: refusal, ...(number.source.kind === 'param' ? { open: place.file } : {}) };
    if (place.file === path) showText(nextText);
    else commitFile(place.file, next);
    return undefined;
  };
  // A branch changed on the formula view: the rule's whole logic, applied only when the bundle
  // still loads (a rule that does not compile never reaches the build), its examples run on it.
  const editLogic: EditLogic = (rule, logic) => {
    const pointer = `${rule.pointer}/logic`;
    const current = rule.file === path ? check.value : workspace.files[rule.file];
    const next = current === undefined ? undefined : withValueAt(current, pointer, logic);
    if (next === undefined) return { refused: t('editor.formulaNoPlace') };
    const nextText = `${JSON.stringify(next, null, 2)}\n`;
    const checked = checkFile(workspace.files, bundle, rule.file, nextText);
    if (!checked.applied) {
      const first = checked.problems.find((p) => p.severity === 'error') ?? checked.problems[0];
      return { refused: first ? `${first.message[lang]} [${first.code}]` : t('editor.formulaNoPlace') };
    }
    if (rule.file === path) showText(nextText);
    else commitFile(rule.file, next);
    return { examples: checked.examples };
  };
  // A parameters file shows its own values as typed, draft or not.
  const ownParameters = kind === 'parameters' ? (check.value as { parameters?: unknown } | undefined)?.parameters : undefined;
  const formulaParams = typeof ownParameters === 'object' && ownParameters !== null && !Array.isArray(ownParameters)
    ? { ...check.parameters, ...ownParameters }
    : check.parameters;
  const fileLabel = (f: string) => (Object.hasOwn(editedPaths, f) ? `${f} · ${t('app.edited')}` : f);

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <Card size="small" className="editor-card">
          <Flex className="editor-toolbar" gap={8} align="center" justify="space-between" wrap>
              <Select
              value={path}
              onChange={(next) => navigate({ screen: 'editor', file: next })}
              className="editor-file-select"
              data-testid="editor-file"
              aria-label={t('editor.file')}
              options={[
                { label: t('editor.rulesFiles'), options: files.filter((f) => fileKind(bundle, f) === 'rules').map((f) => ({ value: f, label: fileLabel(f) })) },
                { label: t('editor.parameterFiles'), options: files.filter((f) => fileKind(bundle, f) === 'parameters').map((f) => ({ value: f, label: fileLabel(f) })) },
              ].filter((group) => group.options.length > 0)}
            />
            <Space size={8} wrap>
              {text !== checkedText ? (
                <Tag bordered={false} data-testid="editor-status" data-state="checking">{t('editor.checking')}</Tag>
              ) : check.applied ? (
                <Tag color="success" bordered={false} data-testid="editor-status" data-state="applied">{t('editor.applied')}</Tag>
              ) : (
                <Tag color="error" bordered={false} data-testid="editor-status" data-state="broken">{t('editor.broken', { count: errors })}</Tag>
              )}
              <Button size="small" onClick={discard} disabled={check.applied && text === checkedText} data-testid="editor-discard">
                {t('editor.discard')}
              </Button>
              <Popconfirm title={t('editor.revertConfirm')} okText={t('editor.revert')} cancelText={t('common.cancel')} onConfirm={revert} disabled={!edited && draft === undefined}>
                <Button size="small" disabled={!edited && draft === undefined} data-testid="editor-revert">{t('editor.revert')}</Button>
              </Popconfirm>
            </Space>
          </Flex>
          {!check.applied && text === checkedText && (
            <Alert type="warning" showIcon className="editor-keeps" message={t('editor.keepsLastGood')} data-testid="editor-keeps" />
          )}
          <CodeEditor
            key={initial.version}
            ref={editor}
            initialText={initial.text}
            onChange={setText}
            problems={placed.here}
            problemsText={check.text}
            lang={lang}
          />
          {(placed.here.length > 0 || placed.elsewhere.length > 0) && (
            <ul className="problem-list editor-problems" data-testid="editor-problems">
              {placed.here.map(({ problem, line, column }, i) => (
                <li key={`h${i}`} data-testid="editor-problem" data-line={line} data-column={column} data-code={problem.code} data-severity={problem.severity}>
                  <Button type="link" size="small" className="problem-jump" onClick={() => editor.current?.goTo(line, column)}>
                    {t('editor.lineColumn', { line, column })}
                  </Button>
                  <Typography.Text type={problem.severity === 'error' ? 'danger' : 'warning'}>{problem.message[lang]}</Typography.Text>{' '}
                  <Typography.Text type="secondary">[{problem.code}]</Typography.Text>
                </li>
              ))}
              {placed.elsewhere.map((problem, i) => (
                <li key={`e${i}`} data-testid="editor-problem-elsewhere">
                  <Typography.Text code>{problemPlace(problem)}</Typography.Text>{' '}
                  <Typography.Text type="danger">{problem.message[lang]}</Typography.Text>{' '}
                  <Typography.Text type="secondary">[{problem.code}]</Typography.Text>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <Flex vertical gap={16}>
          <FormulaPanel rules={check.rules} params={formulaParams} onEdit={editNumber} onEditLogic={editLogic} />
          {kind === 'rules' && <ExamplesPanel rules={check.rules} examples={check.examples} />}
          <TryPanel rules={check.rules} />
        </Flex>
      </Col>
    </Row>
  );
}
