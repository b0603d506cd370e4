/**
 * Phased targets for the tracker (分阶段跟踪): from a phasing result, each unit's target for the
 * tracked period (the sum of the slots inside it: April of a quarter, a week, or the whole
 * quarter) and its time profile, so the light for April compares April's actuals with April's
 * phased target, and time progress and the run rate needed follow the profile.
 */
import type { Period } from '../calendar/index.js';
import type { Fen } from '../money/index.js';
import { problem, type Problem } from '../problems.js';
import type { TimeProfile, TrackTarget } from '../tracking/index.js';
import type { PhasingResult } from './phase.js';

type PhasedTargetsResult =
  | { ok: true; targets: Map<string, TrackTarget>; timelines: Map<string, TimeProfile> }
  | { ok: false; problems: Problem[] };

export function phasedTrackTargets(result: PhasingResult, tracked: Period): PhasedTargetsResult {
  const inside = result.slots.map((s) => s.start >= tracked.start && s.end <= tracked.end);
  const partial = result.slots.filter((s, i) => !inside[i] && s.start <= tracked.end && s.end >= tracked.start);
  if (!inside.some(Boolean) || partial.length) {
    return {
      ok: false,
      problems: [problem('PHASE_PERIOD_MISMATCH', 'period', '', {
        zh: `跟踪期间 ${tracked.key} 应由 ${result.period.key} 的整月${result.by === 'week' ? '或整周' : ''}组成`,
        en: `the tracked period ${tracked.key} must be made of whole ${result.by === 'week' ? 'weeks' : 'months'} of ${result.period.key}`,
      })],
    };
  }
  const targets = new Map<string, TrackTarget>();
  const timelines = new Map<string, TimeProfile>();
  for (const u of result.units) {
    let base: Fen = 0;
    let stretch: Fen = 0;
    const segments: Array<{ start: string; end: string; share: number }> = [];
    result.slots.forEach((s, i) => {
      if (!inside[i]) return;
      base += u.phasedBase.slots[i] as Fen;
      stretch += u.phasedStretch.slots[i] as Fen;
      // a straddling week accrues each month's part over that part's own working days
      const parts = s.parts.length ? s.parts : [{ start: s.start, end: s.end, workingDays: s.workingDays }];
      const amount = u.phasedBase.slots[i] as Fen;
      const wd = parts.reduce((a, p) => a + p.workingDays, 0);
      for (const p of parts) segments.push({ start: p.start, end: p.end, share: wd > 0 ? (amount * p.workingDays) / wd : amount / parts.length });
    });
    targets.set(u.id, { base, stretch });
    if (base > 0) timelines.set(u.id, { segments });
  }
  return { ok: true, targets, timelines };
}
