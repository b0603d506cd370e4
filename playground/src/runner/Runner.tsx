/**
 * The template runner, loaded on demand: the template's forms rendered by Formily on its sample
 * data, its bindings running live, and the rule results beside the forms.
 */
import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Flex, Result, Row, Tabs } from 'antd';
import { useMemo, useState } from 'react';
import type { LoadedBundle } from '../../../plugin/index.js';
import { useT } from '../i18n/useT.js';
import { routeHref } from '../routing/route.js';
import { FormPane } from './FormPane.js';
import { runnerLang } from './langRef.js';
import { ResultsPanel } from './ResultsPanel.js';
import { RulesCard } from './RulesCard.js';
import { createRunnerForms } from './runnerForms.js';
import { formTitle } from './schemaI18n.js';
import { TemplateHeader } from './TemplateHeader.js';

interface RunnerProps {
  bundle: LoadedBundle;
  templateId: string;
}

export default function Runner({ bundle, templateId }: RunnerProps) {
  const { lang, t } = useT();
  const entry = bundle.templates.find((e) => e.def.id === templateId);
  // Restoring the sample data builds fresh forms: simpler and more faithful than resetting
  // each field, since computed fields get recomputed from scratch.
  const [generation, setGeneration] = useState(0);
  const forms = useMemo(
    () => (entry ? createRunnerForms(entry.def, bundle, runnerLang) : {}),
    [entry, bundle, generation],
  );

  if (!entry) {
    return (
      <Result
        status="404"
        title={t('runner.notFound', { id: templateId })}
        subTitle={t('runner.notFoundHint')}
        extra={<Button type="primary" href={routeHref({ screen: 'gallery' })}>{t('nav.back')}</Button>}
      />
    );
  }

  const { def } = entry;
  const formNames = Object.keys(def.forms);
  const panes = formNames.map((name) => ({
    key: name,
    title: formTitle(def.forms[name]!, lang),
    label: formTitle(def.forms[name]!, lang) ?? name,
    children: <FormPane key={`${name}-${generation}`} name={name} form={forms[name]!} schema={def.forms[name]!} />,
  }));

  return (
    <div className="page" data-testid="runner" data-template-id={def.id}>
      <TemplateHeader
        def={def}
        manifest={bundle.manifest}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => setGeneration((g) => g + 1)} data-testid="runner-reset">
            {t('runner.reset')}
          </Button>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card size="small" title={(panes.length === 1 ? panes[0]!.title : undefined) ?? t('runner.forms')} className="runner-forms">
            {panes.length === 1 ? panes[0]!.children : <Tabs items={panes.map(({ key, label, children }) => ({ key, label, children }))} />}
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Flex vertical gap={16}>
            <ResultsPanel bindings={def.bindings ?? []} formNames={formNames} forms={forms} rules={bundle.rules} />
            <RulesCard ruleIds={def.rules} rules={bundle.rules} />
          </Flex>
        </Col>
      </Row>
    </div>
  );
}
