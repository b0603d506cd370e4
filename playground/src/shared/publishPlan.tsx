/**
 * Simulate = publish (模拟即发布): publishing takes the simulator's totals, chosen plan and the
 * locks that hold (the plugin's `simulatePlans` sets the others aside) and hands them to the
 * review's `publish`, after one confirmation that says what is published and what it replaces.
 * The simulator and the work list both publish through here, so they cannot publish different plans.
 */
import { App } from 'antd';
import { useCallback } from 'react';
import { createPlanReview, formatYuan, simulatePlans, type Fen, type LoadedBundle } from '../../../plugin/index.js';
import { useBuildStore } from '../build/buildStore.js';
import { useConfirmLoss } from '../build/confirmLoss.js';
import { reviewLoss } from '../build/loss.js';
import type { CompanyModel } from '../company/companyModel.js';
import { useT } from '../i18n/useT.js';
import { confirmedOf, simulatedPlanId, simulatedTotals } from './reviewRuntime.js';

/** Exact yuan with grouping: 150,000,000.00 (the confirmation quotes the amount to the fen). */
export const exactYuan = (fen: Fen) => formatYuan(fen).replace(/^(\d+)/, (whole) => whole.replace(/\B(?=(\d{3})+(?!\d))/g, ','));

export function usePublishPlan(bundle: LoadedBundle, model: CompanyModel | null): (onError: (message: string) => void) => void {
  const { t, pick } = useT();
  const { message } = App.useApp();
  const publishReview = useBuildStore((s) => s.publishReview);
  const confirm = useConfirmLoss();
  return useCallback((onError) => {
    if (!model) return;
    const state = useBuildStore.getState();
    const simulation = state.simulation;
    const totals = simulatedTotals(model, simulation);
    const planId = simulatedPlanId(simulation);
    const run = simulatePlans(model.prepared, totals, simulation?.locks ?? {});
    if (!run.ok) { onError(run.problems.map((p) => pick(p.message)).join('; ')); return; }
    const plan = run.plans.find((p) => p.plan.id === planId);
    if (!plan) { onError(planId); return; }
    const refused = Object.keys(run.refused).length;
    const name = pick(plan.plan.name);
    confirm({
      title: t('publish.title', { plan: name }),
      what: (
        <>
          {t('publish.what', { plan: name, base: exactYuan(plan.base), stretch: exactYuan(plan.stretch), locks: Object.keys(run.kept).length, regions: model.tree.children(model.tree.root.id).length })}
          {refused > 0 && <> {t('publish.refusedLocks', { count: refused })}</>}
        </>
      ),
      items: reviewLoss(state),
      okText: t('publish.button'),
      onOk: () => {
        // the simulator's plan, whatever plan a review published before it had
        const runtime = createPlanReview({ bundle, prepared: model.prepared, planId, period: model.period.key, totals });
        // the filings confirmed so far enter the published plan too (as locks or floors, per the bundle)
        const r = runtime.publish({ id: `review-${model.period.key}`, now: new Date().toISOString(), totals, locks: run.kept, confirmed: confirmedOf(useBuildStore.getState().flows.filings) });
        if (!r.ok) { onError(r.problems.map((p) => pick(p.message)).join('; ')); return; }
        publishReview(r.review);
        void message.success(t('publish.done', { plan: name }));
      },
    });
  }, [bundle, confirm, message, model, pick, publishReview, t]);
}
