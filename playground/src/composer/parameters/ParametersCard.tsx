/**
 * The build's parameters as forms: every group of every parameter file the build needs (found
 * from the references, so a new group in templates/ shows up by itself). Each change is tried
 * on the whole bundle first; only a bundle that loads takes it. A value the plugin refuses
 * (weights that do not sum to 100%, a green boundary under the yellow one) stays in the form
 * with the plugin's messages, while the build keeps its last valid parameters.
 */
import { Alert, Button, Card, Collapse, Empty, Flex, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { resolveParamTexts, type LoadedBundle, type ParametersFile, type Problem } from '../../../../plugin/index.js';
import { useBuildStore } from '../../build/buildStore.js';
import { buildContents } from '../../build/dependencies.js';
import { tryReplace, type Workspace } from '../../build/workspace.js';
import { useT } from '../../i18n/useT.js';
import { problemPlace } from '../problemPlace.js';
import { ValueEditor } from './ValueEditor.js';
import { customEditors } from './customEditors.js';

interface Pending {
  value: unknown;
  problems: Problem[];
}

export function ParametersCard({ bundle, workspace }: { bundle: LoadedBundle; workspace: Workspace }) {
  const { lang, t, pick } = useT();
  const commitFile = useBuildStore((s) => s.commitFile);
  const [pending, setPending] = useState<Record<string, Pending>>({});
  // Groups with a form of their own start open; the rest start closed; a toggle is remembered.
  const [toggled, setToggled] = useState<Record<string, boolean>>({});
  const files = useMemo(() => buildContents(bundle, workspace.templateIds).parameterFiles, [bundle, workspace.templateIds]);

  const groups = files.flatMap((path) => {
    const file = bundle.files[path] as ParametersFile;
    return Object.entries(file.parameters).map(([group, value]) => ({ path, file, group, value, key: `${path}#${group}` }));
  });

  const change = (entry: (typeof groups)[number], value: unknown) => {
    const content: ParametersFile = { ...entry.file, parameters: { ...entry.file.parameters, [entry.group]: value } };
    const result = tryReplace(workspace.files, entry.path, content);
    if (result.ok) {
      commitFile(entry.path, content);
      setPending(({ [entry.key]: _done, ...rest }) => rest);
    } else {
      setPending((all) => ({ ...all, [entry.key]: { value, problems: result.problems } }));
    }
  };

  const items = groups.map((entry) => {
    const waiting = pending[entry.key];
    // a doc quoting a parameter shows the value in use, the one the form below edits
    const doc = resolveParamTexts(entry.file.docs?.[entry.group], bundle.parameters);
    return {
      key: entry.key,
      label: (
        <Space size={8} wrap>
          <Typography.Text strong>{entry.group}</Typography.Text>
          <Typography.Text type="secondary" className="param-file">{entry.path}</Typography.Text>
          {waiting && <Tag color="error" bordered={false}>{t('params.notApplied')}</Tag>}
        </Space>
      ),
      children: (
        <div data-testid="param-group" data-group={entry.group}>
          {doc && <Typography.Paragraph type="secondary" className="param-doc">{pick(doc)}</Typography.Paragraph>}
          <ValueEditor value={waiting ? waiting.value : entry.value} path={[entry.group]} onChange={(v) => change(entry, v)} editors={customEditors} />
          {waiting && (
            <Alert
              type="error"
              showIcon
              className="param-problems"
              data-testid="param-problems"
              message={t('params.refused')}
              description={
                <ul className="problem-list">
                  {waiting.problems.map((p, i) => (
                    <li key={i}><Typography.Text code>{problemPlace(p)}</Typography.Text> {p.message[lang]}</li>
                  ))}
                </ul>
              }
              action={<Button size="small" onClick={() => setPending(({ [entry.key]: _dropped, ...rest }) => rest)}>{t('params.revert')}</Button>}
            />
          )}
        </div>
      ),
    };
  });

  return (
    <Card size="small" title={t('params.title')} className="params-card" data-testid="parameters">
      <Typography.Paragraph type="secondary">{t('params.hint')}</Typography.Paragraph>
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('params.empty')} />
      ) : (
        <Flex vertical>
          <Collapse
            items={items}
            activeKey={groups.filter((g) => toggled[g.key] ?? Object.keys(customEditors).some((p) => p.split('.')[0] === g.group)).map((g) => g.key)}
            onChange={(keys) => {
              const open = new Set(Array.isArray(keys) ? keys : [keys]);
              setToggled(Object.fromEntries(groups.map((g) => [g.key, open.has(g.key)])));
            }}
          />
        </Flex>
      )}
    </Card>
  );
}
