import { describe, expect, it } from 'vitest';
import { buildOrgTree, type OrgUnitInput } from '../../plugin/index.js';

const u = (id: string, parentId: string | null, row?: number): OrgUnitInput => ({ id, parentId, name: id, ...(row ? { row } : {}) });

describe('org tree', () => {
  it('derives levels and walks the tree', () => {
    const r = buildOrgTree([u('co', null), u('east', 'co'), u('t1', 'east'), u('r1', 't1'), u('r2', 't1'), u('south', 'co')]);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const t = r.tree;
    expect(t.root.id).toBe('co');
    expect(t.get('r1')?.level).toBe('rep');
    expect(t.get('east')?.level).toBe('region');
    expect(t.children('t1').map((x) => x.id)).toEqual(['r1', 'r2']);
    expect(t.ancestors('r2').map((x) => x.id)).toEqual(['t1', 'east', 'co']);
    expect(t.isWithin('r2', 'east')).toBe(true);
    expect(t.isWithin('r2', 'south')).toBe(false);
    expect(t.subtree('east').map((x) => x.id)).toEqual(['east', 't1', 'r1', 'r2']);
    expect(t.topDown.indexOf('t1')).toBeLessThan(t.topDown.indexOf('r1'));
  });

  it('lists the units by place top down, the children of each a range of places in input order', () => {
    // rows out of order, a team before its region, children listed apart
    const r = buildOrgTree([u('t2', 'south'), u('east', 'co'), u('r1', 't1'), u('co', null), u('t1', 'east'), u('south', 'co'), u('r2', 't1'), u('r3', 't2')]);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const { flat, topDown } = r.tree;
    expect(flat.units.map((x) => x.id)).toEqual(topDown);
    flat.units.forEach((unit, i) => {
      const kids = Array.from({ length: flat.childCountAt[i]! }, (_, j) => topDown[flat.firstChildAt[i]! + j]);
      expect(kids).toEqual(unit.childIds);
      expect(flat.parentAt[i]).toBe(unit.parentId === null ? -1 : topDown.indexOf(unit.parentId));
      expect(flat.indexOf(unit.id)).toBe(i);
    });
    expect(flat.indexOf('nobody')).toBe(-1);
  });

  it('reports duplicates, unknown parents, cycles, several roots and depth by row', () => {
    const codes = (rows: OrgUnitInput[]) => {
      const r = buildOrgTree(rows, 'units.csv');
      return r.ok ? [] : r.problems.map((p) => `${p.code}@${p.row}:${p.column}`);
    };
    expect(codes([u('co', null, 2), u('a', 'co', 3), u('a', 'co', 4)])).toEqual(['ORG_DUPLICATE_ID@4:id']);
    expect(codes([u('co', null, 2), u('a', 'ghost', 3)])).toEqual(['ORG_UNKNOWN_PARENT@3:parent_id']);
    expect(codes([u('co', null, 2), u('a', 'b', 3), u('b', 'a', 4)])).toEqual(['ORG_CYCLE@3:parent_id', 'ORG_CYCLE@4:parent_id']);
    expect(codes([u('co', null, 2), u('co2', null, 3)])).toEqual(['ORG_ROOT@3:parent_id']);
    expect(codes([u('a', null, 2), u('b', 'a', 3), u('c', 'b', 4), u('d', 'c', 5), u('e', 'd', 6)])).toEqual(['ORG_TOO_DEEP@6:parent_id']);
  });
});

describe('org levels (issue 16)', () => {
  const l = (id: string, parentId: string | null, level?: OrgUnitInput['level'], row?: number): OrgUnitInput =>
    ({ id, parentId, name: id, ...(level ? { level } : {}), ...(row ? { row } : {}) });
  const codes = (rows: OrgUnitInput[]) => {
    const r = buildOrgTree(rows, 'units.csv');
    return r.ok ? [] : r.problems.map((p) => `${p.code}@${p.row}:${p.column}`);
  };

  it('accepts company → team → rep (no region), given or with the rep level derived', () => {
    const r = buildOrgTree([l('co', null, 'company'), l('t1', 'co', 'team'), l('r1', 't1', 'rep'), l('r2', 't1'), l('t2', 'co', 'team')]);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(['co', 't1', 'r1', 'r2', 't2'].map((id) => r.tree.get(id)?.level)).toEqual(['company', 'team', 'rep', 'rep', 'team']);
    // a region with reps directly under it, next to one with teams
    const mixed = buildOrgTree([l('co', null), l('east', 'co', 'region'), l('r1', 'east', 'rep'), l('west', 'co'), l('t1', 'west'), l('r2', 't1')]);
    expect(mixed.ok).toBe(true);
  });

  it('refuses levels going up or sideways, a top unit that is not a company and units below a rep', () => {
    expect(codes([l('co', null, 'company', 2), l('t1', 'co', 'team', 3), l('x', 't1', 'region', 4)])).toEqual(['ORG_LEVEL@4:level']);
    expect(codes([l('co', null, 'company', 2), l('t1', 'co', 'team', 3), l('t2', 't1', 'team', 4)])).toEqual(['ORG_LEVEL@4:level']);
    expect(codes([l('co', null, 'region', 2)])).toEqual(['ORG_LEVEL@2:level']);
    expect(codes([l('co', null, undefined, 2), l('r1', 'co', 'rep', 3), l('x', 'r1', undefined, 4)])).toEqual(['ORG_LEVEL@4:parent_id']);
  });
});
