/**
 * The board's role card in Node (issue 19 item 5): each figure is the runtime's — a rep's bonus
 * is createBonusSimulator's at his pace, a unit's is the exact sum of its reps', a forecast is
 * rollingForecastFen over the summed months, the alerts are trackAlerts' inside the view.
 */
import { describe, expect, it } from 'vitest';
import { createBonusSimulator, readForecastSettings, rollingForecastFen } from '../../plugin/index.js';
import { boardAlerts, boardProgress, trackerOf } from '../../playground/src/board/boardModel.js';
import { roleAlerts, roleBonuses, roleForecasts } from '../../playground/src/board/roleWork.js';
import { companyModel } from '../../playground/src/company/companyModel.js';
import { defaultBundle } from './support.js';

const bundle = defaultBundle();
const company = companyModel(bundle);
if (!company.ok) throw new Error('company');
const model = company.model;
const board = boardProgress(bundle, trackerOf(bundle)!, model, {});

describe('the role card', () => {
  it('a rep\'s bonus is the simulator\'s at his pace; a team\'s the sum of its reps\'', () => {
    const sim = createBonusSimulator(bundle);
    if (!sim.ok) throw new Error('bonus');
    const p = board.progress.get('HD01-01')!;
    const result = Math.round(p.actual / p.timeElapsed);
    const own = sim.simulator.simulate({ base: p.base!, stretch: p.stretch!, result });
    if (!own.ok) throw new Error('simulate');
    const [rep] = roleBonuses(bundle, model, board.progress, ['HD01-01'])!;
    expect(rep).toEqual({ unitId: 'HD01-01', unit: p.name, projected: result, bonus: own.result.bonus, reps: 1 });
    const reps = model.tree.children('HD01').map((u) => u.id);
    const [team] = roleBonuses(bundle, model, board.progress, ['HD01'])!;
    const each = roleBonuses(bundle, model, board.progress, reps)!;
    expect(team!.bonus).toBe(each.reduce((s, r) => s + r.bonus, 0));
    expect(team!.reps).toBe(reps.length);
    expect(team!.bonus).toBeGreaterThan(0);
  });

  it('a region\'s forecast rolls its reps\' summed months forward by the bundle\'s weights', () => {
    const settings = readForecastSettings(bundle.parameters);
    if (!settings.ok) throw new Error('forecast');
    const [hd] = roleForecasts(bundle, model, board.actuals.byDay, ['HD'])!;
    expect(hd!.months.length).toBe(settings.settings.horizon);
    // the period's closed months (January to April for an as-of day in May) follow the history
    expect(hd!.months[0]!.month).toBe(`${model.asOf.slice(0, 7)}`);
    const [r1] = roleForecasts(bundle, model, board.actuals.byDay, ['HD01-01'])!;
    const [r2] = roleForecasts(bundle, model, board.actuals.byDay, ['HD01-02'])!;
    expect(r1!.months.every((m) => Number.isInteger(m.amount))).toBe(true);
    expect(r2!.months.length).toBe(r1!.months.length);
    expect(rollingForecastFen([100, 100, 100], settings.settings)[0]).toBe(100);
  });

  it('the alerts are the runtime\'s inside the persona\'s view', () => {
    const raised = boardAlerts(bundle, model, board.actuals.byDay, board.timelines);
    if (!raised.ok) throw new Error('alerts');
    const inHd = roleAlerts(raised, model, 'HD');
    const inside = new Set(model.tree.subtree('HD').map((u) => u.id));
    expect(inHd.length).toBe(raised.alerts.filter((a) => inside.has(a.unitId)).length + raised.reviews.filter((r) => inside.has(r.unitId)).length);
    expect(inHd.every((a) => inside.has(a.unitId))).toBe(true);
    expect(roleAlerts(raised, model, 'HD01-01').every((a) => a.unitId === 'HD01-01')).toBe(true);
  });
});
