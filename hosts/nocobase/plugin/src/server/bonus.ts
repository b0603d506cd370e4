/**
 * `targetKit:bonus` (奖金模拟测算 over stored data): each rep's bonus in the caller's part of the
 * board — a rep his own, a head his subtree's reps, the company level all — by the runtime's
 * `boardBonuses` with the bundle's bonus rules and parameters, over the same kept board the
 * progress board answers from (board.ts), so the scope is the board's, cut on the server. A rep
 * may ask what an expected result would pay (`unit` and `result` in yuan), inside his scope only.
 */
import { boardBonuses, parseYuan } from '../../../../../plugin/index.js';
// the board's reading of a request: the same parameters, language and envelope
import { answer, langOf, param, type BoardViews, type Context } from './board.js';

interface BonusDeps<C extends Context> {
  /** The caller's part of the board (board.ts createBoardViews); undefined when he was refused, the refusal answered. */
  views: BoardViews<C>;
  bundle(): Parameters<typeof boardBonuses>[0] | undefined;
}

export function createBonusActions<C extends Context>(deps: BonusDeps<C>): Record<'bonus', (ctx: C, next: () => Promise<void>) => Promise<void>> {
  return {
    async bonus(ctx, next) {
      const lang = langOf(ctx);
      const resultText = param(ctx, 'result');
      const result = resultText === undefined ? undefined : parseYuan(resultText.replace(/,/g, ''));
      if (result === null || (result !== undefined && result < 0)) {
        answer(ctx, 400, { errors: [{ code: 'REQUEST_INVALID', pointer: '/result', message: { zh: `预计业绩应为非负金额（元）：${String(resultText)}`, en: `the expected result must be an amount >= 0 in yuan: ${String(resultText)}` }[lang] }] });
        return next();
      }
      // the board's own checks: bundle, scope, period, as-of day, a unit outside the scope (403)
      const view = await deps.views(ctx);
      const bundle = deps.bundle();
      if (!view || !bundle) return next();
      const unit = param(ctx, 'unit');
      const made = boardBonuses(bundle, view, result !== undefined && unit !== undefined ? { expected: { unit, result } } : {});
      if (!made.ok) {
        answer(ctx, 422, { errors: made.problems.map((p) => ({ code: p.code, message: p.message[lang], file: p.file })) });
        return next();
      }
      answer(ctx, 200, {
        data: {
          period: view.period, targetsPeriod: view.targetsPeriod.message[lang], asOf: view.asOf, root: view.root, reach: view.reach,
          reps: made.reps.map((r) => ({ ...r, explanation: r.explanation[lang], ...(r.expected ? { expected: { ...r.expected, explanation: r.expected.explanation[lang] } } : {}) })),
        },
      });
      return next();
    },
  };
}
