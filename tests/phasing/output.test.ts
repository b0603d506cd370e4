/**
 * The phasing's output as its readers see it: a seeded company's whole result (every unit's
 * months and weeks in both tracks, profiles, differences) hashed as JSON against the hash the
 * code gave before its units' months and weeks were kept in flat stores and made when first read;
 * and a unit read the ways hosts read it (JSON, spread, structured clone, keys, assignment).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildOrgTree, parsePeriod, phaseTargets, type Fen, type OrgUnitInput, type PhasingResult, type PhasingSettings } from '../../plugin/index.js';
import { generateSampleCompany } from '../../plugin/sample/index.js';
import { calendar2026, settings } from './support.js';

const cal = calendar2026();

/** The bench's company in small: rep targets from the last period, rolled up; 24 months of history. */
function company(reps: number) {
  const c = generateSampleCompany({ reps, history: true });
  const built = buildOrgTree<OrgUnitInput>(c.units.map((u) => ({ id: u.id, parentId: u.parent_id || null, name: u.name, level: u.level })), 'test');
  if (!built.ok) throw new Error('tree');
  const tree = built.tree;
  const last = new Map(c.units.map((u) => [u.id, u.last_revenue]));
  const targets = new Map<string, { base: Fen; stretch: Fen }>();
  for (let i = tree.topDown.length - 1; i >= 0; i--) {
    const id = tree.topDown[i]!;
    const kids = tree.get(id)!.childIds;
    if (!kids.length) {
      const base = Math.round((last.get(id) ?? 0) * 115);
      targets.set(id, { base, stretch: Math.round(base * 1.2) });
    } else targets.set(id, kids.reduce((a, k) => ({ base: a.base + targets.get(k)!.base, stretch: a.stretch + targets.get(k)!.stretch }), { base: 0, stretch: 0 }));
  }
  const history = new Map([...c.history].map(([id, months]) => [id, new Map(c.months.map((m, i) => [m, Math.round((months[i] ?? 0) * 100)]))]));
  return { tree, targets, history };
}

const sha = (r: PhasingResult) => createHash('sha256').update(JSON.stringify(r)).digest('hex').slice(0, 16);

function phase(reps: number, period: string, by: 'month' | 'week', over: Partial<PhasingSettings>): PhasingResult {
  const { tree, targets, history } = company(reps);
  const r = phaseTargets({ tree, targets, period: parsePeriod(period)!, by, calendar: cal, settings: settings(over), history });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.result;
}

describe('the phasing result, fen for fen as before', () => {
  it('a 1,500-rep company by week over 2026-Q2, history profiles learned per team, reps cascaded: the same JSON', () => {
    const r = phase(1_500, '2026-Q2', 'week', { profile: 'history' });
    expect(r.units.length).toBeGreaterThan(1_500);
    expect(r.differences.length).toBeGreaterThan(0);
    expect(sha(r)).toBe('58d5e887765c42a2');
  });

  it('the same company by month over 2026, some units with profiles of their own (not cascaded, differences listed): the same JSON', () => {
    const { tree } = company(1_500);
    const ids = tree.topDown.filter((_, i) => i % 97 === 3);
    const units = Object.fromEntries(ids.map((id, k) => [id, k % 2 ? { profile: 'working-days' as const } : { profile: 'explicit' as const, months: [5, 5, 9, 8, 8, 9, 7, 7, 9, 8, 8, 17] }]));
    const r = phase(1_500, '2026', 'month', { profile: 'history', units });
    expect(r.units.some((u) => !u.cascaded && u.parentId !== null)).toBe(true);
    expect(sha(r)).toBe('2f608570a0b1253c');
  });
});

describe('a phased unit read the ways hosts read it', () => {
  const r = phase(40, '2026-Q2', 'week', { profile: 'history' });
  const u = r.units[r.units.length - 1]!;
  const plain = JSON.parse(JSON.stringify(u)) as Record<string, unknown>;

  it('has its fields as own enumerable properties, in order, carried by JSON, spreads and structured clones', () => {
    expect(Object.keys(u)).toEqual(['id', 'parentId', 'name', 'level', 'base', 'stretch', 'profile', 'cascaded', 'phasedBase', 'phasedStretch', 'slotShares']);
    expect(Object.keys(plain)).toEqual(Object.keys(u));
    expect(JSON.parse(JSON.stringify({ ...u }))).toEqual(plain);
    expect(JSON.parse(JSON.stringify(structuredClone(u)))).toEqual(plain);
    expect(u.phasedBase.slots.reduce((a, b) => a + b, 0)).toBe(u.base);
    expect(u.phasedStretch.months.reduce((a, b) => a + b, 0)).toBe(u.stretch);
  });

  it('gives the same arrays on every read, keeps a change made to them, and takes an assignment as a plain field would', () => {
    const other = r.units[r.units.length - 2]!;
    expect(u.phasedBase).toBe(u.phasedBase);
    expect(u.phasedStretch.slots).toBe(u.phasedStretch.slots);
    const slots = other.phasedBase.slots;
    slots[0] = slots[0]! + 1;
    expect(other.phasedBase.slots[0]).toBe(slots[0]);
    const replaced = { months: [1, 2, 3], slots: [6] };
    other.phasedStretch = replaced;
    expect(other.phasedStretch).toBe(replaced);
    expect(JSON.parse(JSON.stringify(other)).phasedStretch).toEqual(replaced);
    // the units around it keep their own numbers
    expect(JSON.parse(JSON.stringify(u))).toEqual(plain);
  });
});
