/**
 * What a destructive action would remove from the build, counted, so its confirmation can name
 * it ("the plan review (6 regions), 3 signed letters, 2 filings …") instead of a generic
 * warning. Read off the same store the action changes, so the list cannot drift from it.
 */
import type { MessageKey } from '../i18n/messages.js';
import type { BuildSnapshot } from './buildStore.js';

export interface LossItem {
  key: MessageKey;
  count: number;
}

/** The review and its letters: what withdrawing, or publishing over, a review replaces. */
export function reviewLoss(s: BuildSnapshot): LossItem[] {
  const out: LossItem[] = [];
  if (s.flows.review) out.push({ key: 'loss.review', count: Object.keys(s.flows.review.instances).length });
  const signed = Object.values(s.flows.letters).filter((i) => i.state === 'signed').length;
  if (signed > 0) out.push({ key: 'loss.letters', count: signed });
  return out;
}

/** Everything done on the build: what resetting to the sample, or importing a bundle, replaces. */
export function buildLoss(s: BuildSnapshot): LossItem[] {
  const f = s.flows;
  const counted: LossItem[] = [
    { key: 'loss.templates', count: s.base.kind === 'imported' || s.templateIds !== null ? 1 : 0 },
    { key: 'loss.edits', count: new Set([...Object.keys(s.edits), ...Object.keys(s.drafts)]).size },
    ...reviewLoss(s),
    { key: 'loss.filings', count: Object.keys(f.filings).length },
    { key: 'loss.workOrders', count: Object.keys(f.workOrders).length },
    { key: 'loss.actualEdits', count: Object.keys(f.actualEdits).length },
    { key: 'loss.visits', count: f.activities.length },
    { key: 'loss.recalc', count: f.recalc ? 1 : 0 },
  ];
  if (s.simulation) counted.push({ key: 'loss.simulation', count: Object.keys(s.simulation.locks).length });
  // the simulation counts its locks, which may be none: it is listed whenever there is one
  return counted.filter((i) => i.count > 0 || i.key === 'loss.simulation');
}
