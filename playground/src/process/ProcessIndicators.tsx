/**
 * Process indicators (过程指标): one role's indicators (sales rep, customer success, project
 * manager: HQ and heads pick the role; a rep sees his own) collected daily by the plugin's
 * `createIndicatorCollector`, for reps from the sample activities and the visits logged on the
 * phone view (the pipeline board's list), for the other roles from their own sample activities,
 * scoped to the persona with `scopeIndicatorResults`
 * (a rep his own figures, a manager his subtree, HQ everything). Shows the anomaly list (person,
 * indicator, date, value, baseline, direction), the behaviour health index per person and team
 * for the last week with its threshold, a person's weekly growth curve beside the team median,
 * the playbook's recommendations with their reasons for teams below the red line (for a rep, who
 * sees no team rows, his weakest dimension's training and his coaching step instead; for a head
 * with no team below the line, which team is lowest), and what is collected about the role's people.
 * The collection runs in the worker (shared/worker/tasks.ts `process`), with a progress sign and a
 * cancel: a large import's activities never hold the page.
 */
import { Card, Col, Empty, List, Row, Segmented, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { collectedAbout, createIndicatorModel, weakestTraining, type Anomaly, type HealthPoint, type LoadedBundle, type Recommendation, type TeamHealthPoint } from '../../../plugin/index.js';
import { useBuildStore } from '../build/buildStore.js';
import type { Workspace } from '../build/workspace.js';
import { useCompany } from '../company/useCompany.js';
import { WorkPage } from '../company/WorkPage.js';
import { useT } from '../i18n/useT.js';
import { GrowthCurve } from './GrowthCurve.js';
import { DataTable, type DataColumn } from '../shared/table/DataTable.js';
import { RunSign } from '../shared/worker/RunSign.js';
import { useComputed } from '../shared/worker/useComputed.js';
import { warm } from '../shared/worker/computeClient.js';
import { fill, isProcessRole, PROCESS_ROLES, ROLE_TEXTS, type ProcessRole } from './roles.js';

const num = (x: number | null) => (x === null ? '—' : String(Number(x.toFixed(2))));
/** The last row of each id (rows come in week order). */
function latest<T extends { week: string }>(rows: readonly T[], id: (r: T) => string): T[] {
  const last = new Map<string, T>();
  for (const r of rows) { const k = id(r); const prev = last.get(k); if (!prev || prev.week <= r.week) last.set(k, r); }
  return [...last.values()];
}

export default function ProcessIndicators({ bundle, workspace }: { bundle: LoadedBundle; workspace: Workspace }) {
  const { t, pick } = useT();
  warm(workspace.files);
  const { result, persona } = useCompany(bundle);
  const company = result.ok ? result.model : null;
  const logged = useBuildStore((s) => s.flows.activities);
  const [chosenRole, setChosenRole] = useState<ProcessRole>('rep');
  // a rep sees his own figures, so only the reps' indicators; HQ and heads pick the role
  const personaIsRep = company && persona ? company.tree.get(persona.actor.unitId)?.level === 'rep' : false;
  const role: ProcessRole = personaIsRep ? 'rep' : chosenRole;
  const unitId = persona?.actor.unitId ?? null;
  // the bundle's indicator settings and playbook (names, thresholds, trainings): data, compiled once per build
  const compiled = useMemo(() => createIndicatorModel(bundle), [bundle]);
  const request = useMemo(() => (company && unitId ? { role, logged, unitId } : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the worker rebuilds the company; a new tree is what changes it
    [company?.tree, unitId, role, logged]);
  const run = useComputed('process', workspace.files, request);
  const outcome = run.result;

  const problems = !result.ok ? result.problems : !compiled.ok ? compiled.problems : outcome && !outcome.ok ? outcome.problems : [];
  if (!company || !persona || !compiled.ok || (outcome && !outcome.ok)) return <WorkPage testId="process" title={t('nav.process')} persona={persona} problems={problems} />;
  if (!outcome) {
    return (
      <WorkPage testId="process" title={t('nav.process')} persona={persona}>
        <RunSign run={run} testId="process-run" />
      </WorkPage>
    );
  }
  const model = compiled.model;
  const { results: r, lastWeek, names, viewerIsRep: isRep } = outcome.figures;
  const all = r;
  const roleName = (id: string) => { const n = model.settings.roles[id]; return n ? pick(n) : id; };
  const name = (id: string) => names[id] ?? id;
  const indicatorName = (id: string) => { const d = all.indicators.find((x) => x.id === id); return d ? pick(d.name) : id; };
  const { threshold } = model.settings.health;
  const { redLine, weeks } = model.playbook;
  const health = r.health.filter((h) => h.week === lastWeek);
  const teamHealth = r.teamHealth.filter((h) => h.week === lastWeek);
  const recommendations = latest(r.recommendations, (x) => x.teamId);
  const people = new Set(r.daily.map((d) => d.personId)).size;
  const me = persona.actor.unitId;
  // the figures shown are for the request the worker answered last; a newer one is on its way
  const shownRole = run.resultFor?.role ?? role;

  /** What the playbook card says when no team recommendation is shown: never a bare "nothing". */
  const noRecommendation = () => {
    if (isRep) {
      const mine = health.find((h) => h.personId === me);
      const training = mine ? weakestTraining(model, mine.scores) : null;
      const coaching = r.coaching.find((c) => c.personId === me && c.open);
      return (
        <div data-testid="playbook-personal">
          <Typography.Paragraph type="secondary">{t('process.repNoPlaybook')}</Typography.Paragraph>
          <Typography.Paragraph strong data-testid="playbook-training" data-dimension={training?.dimension ?? ''}>
            {training && mine
              ? t('process.training', { name: name(me), dimension: indicatorName(training.dimension), score: num(mine.scores[training.dimension] ?? null), training: pick(training.name) })
              : t('process.noTraining', { name: name(me), week: lastWeek || '—' })}
          </Typography.Paragraph>
          {coaching && <Typography.Paragraph data-testid="playbook-coaching">{t('process.coachingOpen', { since: coaching.since, weeks: coaching.weeks, threshold })}</Typography.Paragraph>}
        </div>
      );
    }
    const lowest = teamHealth.filter((h) => h.index !== null).sort((a, b) => a.index! - b.index! || (a.teamId < b.teamId ? -1 : 1))[0];
    return lowest
      ? <Typography.Paragraph data-testid="playbook-lowest">{t('process.lowestTeam', { weeks, redLine, team: name(lowest.teamId), health: num(lowest.index), week: lastWeek })}</Typography.Paragraph>
      : <Empty description={t('process.noRecommendations')} />;
  };

  const status = (index: number | null, line: number) => (index === null ? '—'
    : index < line ? <Tag color="red">{t('process.below')}</Tag> : <Tag color="green">{t('process.ok')}</Tag>);
  const directionText = (a: Anomaly) => t(a.direction === 'up' ? 'process.up' : 'process.down');
  const anomalyColumns: Array<DataColumn<Anomaly>> = [
    { key: 'person', title: t('process.person'), text: (a) => name(a.personId) },
    { key: 'indicator', title: t('process.indicator'), filter: true, text: (a) => indicatorName(a.indicator) },
    { key: 'date', title: t('process.date'), text: (a) => a.date },
    { key: 'value', title: t('process.value'), align: 'right', text: (a) => num(a.value), sort: (a) => a.value },
    { key: 'baseline', title: t('process.baseline'), align: 'right', text: (a) => num(a.baseline), sort: (a) => a.baseline },
    { key: 'direction', title: t('process.direction'), filter: true, text: directionText, render: (a) => <Tag color={a.direction === 'up' ? 'blue' : 'orange'}>{directionText(a)}</Tag> },
  ];
  const healthColumns: TableColumnsType<HealthPoint> = [
    { title: t('process.person'), key: 'person', render: (_, h) => name(h.personId) },
    { title: t('process.index'), key: 'index', align: 'right', render: (_, h) => num(h.index) },
    { title: t('process.status'), key: 'status', render: (_, h) => status(h.index, threshold) },
  ];
  const teamColumns: TableColumnsType<TeamHealthPoint> = [
    { title: t('process.team'), key: 'team', render: (_, h) => name(h.teamId) },
    { title: t('process.members'), dataIndex: 'members', key: 'members', align: 'right' },
    { title: t('process.index'), key: 'index', align: 'right', render: (_, h) => num(h.index) },
    { title: t('process.status'), key: 'status', render: (_, h) => status(h.index, threshold) },
  ];
  const strategyColumns: TableColumnsType<Recommendation['strategies'][number]> = [
    { title: t('process.strategy'), key: 'name', width: '30%', render: (_, s) => <Typography.Text strong>{pick(s.name)}</Typography.Text> },
    { title: t('process.reason'), key: 'reason', render: (_, s) => pick(s.reason) },
  ];

  return (
    <WorkPage testId="process" title={t('nav.process')} persona={persona}
      subtitle={shownRole === 'rep'
        ? t('process.subtitle', { people, from: all.from ?? '—', to: all.to ?? '—', days: model.settings.anomaly.workingDays })
        : fill(pick(ROLE_TEXTS.subtitle), { people, role: roleName(shownRole), from: all.from ?? '—', to: all.to ?? '—', days: model.settings.anomaly.workingDays })}>
      {!personaIsRep && (
        <div className="process-role-picker">
          <Typography.Text type="secondary">{pick(ROLE_TEXTS.picker)}</Typography.Text>
          <Segmented<string> data-testid="process-role" value={role} aria-label={pick(ROLE_TEXTS.picker)}
            onChange={(v) => { if (isProcessRole(v)) setChosenRole(v); }}
            options={PROCESS_ROLES.map((id) => ({ value: id, label: <span data-testid={`process-role-${id}`}>{roleName(id)}</span> }))} />
        </div>
      )}
      <RunSign run={run} testId="process-run" />
      <Card size="small" className="work-card" title={t('process.anomalies')} extra={<Tag>{r.anomalies.length}</Tag>}>
        <DataTable<Anomaly> testId="anomaly-table" title={t('nav.process')} rowKey={(a) => `${a.personId}:${a.indicator}:${a.date}`} rows={r.anomalies} columns={anomalyColumns}
          pageSize={false} scroll={{ y: 360 }} empty={<Empty description={t('process.noAnomalies')} />} />
      </Card>
      <GrowthCurve weekly={r.weekly} daily={r.daily} lastDay={all.to} indicators={all.indicators} name={name} self={isRep ? me : null}
        {...(shownRole === 'rep' ? {} : { dayLabel: (who: string, date: string) => fill(pick(ROLE_TEXTS.dayValues), { name: who, date }) })} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card size="small" className="work-card" title={t('process.health', { week: lastWeek || '—' })} extra={<Tag color="geekblue">{t('process.threshold', { threshold })}</Tag>}>
            <Table<HealthPoint> size="small" rowKey="personId" pagination={false} dataSource={health} columns={healthColumns} data-testid="health-table" scroll={{ y: 360 }} />
            {teamHealth.length > 0 && (
              <Table<TeamHealthPoint> size="small" rowKey="teamId" pagination={false} dataSource={teamHealth} columns={teamColumns} data-testid="team-health-table" className="process-team-health" />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" className="work-card" title={t('process.playbook', { weeks, redLine })} data-testid="playbook">
            {recommendations.length ? recommendations.map((rec) => (
              <div key={rec.teamId} data-testid={`recommendation-${rec.teamId}`} className="process-recommendation">
                <Typography.Paragraph strong>{t('process.teamBelow', { team: name(rec.teamId), weeks: rec.weeksBelow, health: num(rec.health), week: rec.week })}</Typography.Paragraph>
                <Table size="small" rowKey="id" pagination={false} dataSource={rec.strategies} columns={strategyColumns} />
              </div>
            )) : noRecommendation()}
          </Card>
          <Card size="small" className="work-card" title={fill(pick(ROLE_TEXTS.collected), { role: roleName(shownRole) })} data-testid="process-collected">
            <List size="small" dataSource={collectedAbout(model, shownRole)} renderItem={(c) => (
              <List.Item><Typography.Text strong>{pick(c.name)}</Typography.Text>{c.collects ? <Typography.Text type="secondary">{pick(c.collects)}</Typography.Text> : null}</List.Item>
            )} />
          </Card>
        </Col>
      </Row>
    </WorkPage>
  );
}
