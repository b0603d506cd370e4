/**
 * Line targets from a targets table written by `allocate --by-line` (plugin/lines/line-targets.ts):
 * the reader the CLI's phase and track share, and the line mixes a tracked period keeps.
 */
import { describe, expect, it } from 'vitest';
import { lineMixes, readLineTargets, splitByProductLine, type ProductLineSettings } from '../../plugin/index.js';
import { tree } from '../phasing/support.js';

const settings: ProductLineSettings = {
  lines: [
    { id: 'cloud', name: { zh: '云', en: 'Cloud' }, weight: 55 },
    { id: 'saas', name: { zh: 'SaaS', en: 'SaaS' }, weight: 35 },
    { id: 'ai', name: { zh: 'AI', en: 'AI' }, weight: 10 },
  ],
  units: {},
};
const org = tree([['co', null], ['a', 'co'], ['b', 'co']]);
const targets = new Map([['co', { base: 200_000, stretch: 240_000 }], ['a', { base: 100_000, stretch: 120_000 }], ['b', { base: 100_000, stretch: 120_000 }]]);
const rows = (xs: Array<Record<string, string>>) => xs.map((record, i) => ({ line: i + 3, record }));

describe('readLineTargets', () => {
  it('takes a unit\'s line rows (an empty stretch is the base, a line left out is 0); other units split by the bundle\'s weights', () => {
    const r = readLineTargets(rows([
      { id: 'a', line: 'cloud', base: '900', stretch: '1100' },
      { id: 'a', line: 'ai', base: '100', stretch: '100' },
    ]), 'targets.csv', org, targets, settings);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect([...r.lineTargets.get('a')!]).toEqual([['cloud', { base: 90_000, stretch: 110_000 }], ['saas', { base: 0, stretch: 0 }], ['ai', { base: 10_000, stretch: 10_000 }]]);
    expect(r.lineTargets.get('b')).toEqual(splitByProductLine(org, targets, settings).get('b'));
    expect([...r.lineTargets.get('b')!.values()].map((t) => t.base)).toEqual([55_000, 35_000, 10_000]);
    const same = readLineTargets(rows([{ id: 'a', line: 'cloud', base: '1000', stretch: '' }, { id: 'a', line: 'saas', base: '0', stretch: '200' }]), 't', org, targets, settings);
    expect(same.ok && same.lineTargets.get('a')!.get('cloud')).toEqual({ base: 100_000, stretch: 100_000 });
  });

  it('refuses the whole table by row and column, sorted by row, in the CLI\'s codes and words', () => {
    const r = readLineTargets(rows([
      { id: 'zz', line: 'ai', base: '1', stretch: '1' },
      { id: 'a', line: 'mobile', base: '1', stretch: '1' },
      { id: 'a', line: 'cloud', base: '1000', stretch: '1200' },
      { id: 'a', line: 'cloud', base: '0', stretch: '0' },
      { id: 'b', line: 'saas', base: '-1', stretch: '' },
      { id: 'b', line: 'ai', base: '1000.001', stretch: '1200' },
    ]), 'targets.csv', org, targets, settings);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    // a's second cloud row replaces the first (0 + 0), so a's lines do not add up either, at a's first line row
    expect(r.problems.map((p) => [p.row, p.column, p.code, p.message.en])).toEqual([
      [3, 'id', 'TARGETS_UNKNOWN_UNIT', 'unit zz has no total row (a row with an empty line)'],
      [4, 'line', 'TARGETS_UNKNOWN_LINE', 'there is no product line mobile (known: cloud, saas, ai)'],
      [5, 'base', 'TARGETS_LINES_DO_NOT_ADD_UP', "unit a: its lines' base sums to 0 yuan, not its target of 1000 yuan"],
      [5, 'stretch', 'TARGETS_LINES_DO_NOT_ADD_UP', "unit a: its lines' stretch sums to 0 yuan, not its target of 1200 yuan"],
      [6, 'line', 'TARGETS_DUPLICATE_LINE', 'unit a: line cloud appears twice'],
      [7, 'base', 'TABLE_NOT_AMOUNT', 'base must be an amount >= 0 in yuan (at most 2 decimals), got "-1": must not be negative'],
      [7, 'base', 'TARGETS_LINES_DO_NOT_ADD_UP', "unit b: its lines' base sums to 0 yuan, not its target of 1000 yuan"],
      [8, 'base', 'TABLE_NOT_AMOUNT', 'base must be an amount >= 0 in yuan (at most 2 decimals), got "1000.001": has more than 2 decimals'],
    ]);
    expect(r.problems[0]!.message.zh).toBe('单位 zz 没有合计行（line 为空的行）');
  });
});

describe('lineMixes', () => {
  it('each unit with line targets weighs its lines by their Base; a unit whose lines are all 0 keeps the bundle\'s mix', () => {
    const given = new Map([
      ['a', new Map([['cloud', { base: 90_000, stretch: 0 }], ['saas', { base: 0, stretch: 0 }], ['ai', { base: 10_000, stretch: 0 }]])],
      ['b', new Map([['cloud', { base: 0, stretch: 5 }], ['saas', { base: 0, stretch: 0 }], ['ai', { base: 0, stretch: 0 }]])],
    ]);
    const mixed = lineMixes({ ...settings, units: { co: { cloud: 1 } } }, given);
    expect(mixed.units).toEqual({ co: { cloud: 1 }, a: { cloud: 90_000, saas: 0, ai: 10_000 } });
    expect(mixed.lines).toBe(settings.lines);
    // a month of a's target keeps the 9 : 0 : 1 of its half year
    const month = splitByProductLine(org, new Map([['a', { base: 1_001, stretch: 1_001 }]]), mixed);
    expect([...month.get('a')!.values()].map((t) => t.base)).toEqual([901, 0, 100]);
  });
});
