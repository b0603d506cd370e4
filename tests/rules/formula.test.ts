/**
 * Rules printed as formulas (issue 16 item 8): precedence with the fewest parentheses, `if`
 * chains, titles from the inputs, parameters resolved, percents where a rate is compared, and
 * a printer that takes any JSON without throwing, whose every number points back to where it is.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadBundle, printFormula, type FormulaPiece } from '../../plugin/index.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

const zh = (logic: unknown, extra: Partial<Parameters<typeof printFormula>[1]> = {}) => printFormula(logic, { lang: 'zh', ...extra }).text;
const en = (logic: unknown, extra: Partial<Parameters<typeof printFormula>[1]> = {}) => printFormula(logic, { lang: 'en', ...extra }).text;
const v = (name: string) => ({ var: name });

describe('printFormula', () => {
  it('prints the traffic light as the issue asks, parameters resolved and the completion rate named once', () => {
    const logic = {
      if: [
        { '<=': [v('target'), 0] }, 'grey',
        { if: [{ param: 'lights.green.inclusive' }, { '>=': [{ '/': [v('actual'), v('target')] }, { param: 'lights.green.from' }] }, { '>': [{ '/': [v('actual'), v('target')] }, { param: 'lights.green.from' }] }] }, 'green',
        { if: [{ param: 'lights.yellow.inclusive' }, { '>=': [{ '/': [v('actual'), v('target')] }, { param: 'lights.yellow.from' }] }, { '>': [{ '/': [v('actual'), v('target')] }, { param: 'lights.yellow.from' }] }] }, 'yellow',
        'red',
      ],
    };
    const params = { lights: { green: { from: 0.9, inclusive: true }, yellow: { from: 0.7, inclusive: false } } };
    const inputs = [
      { name: 'actual', description: { zh: '实际（元）', en: 'Actual (yuan)' } },
      { name: 'target', description: { zh: '目标（元）', en: 'Target (yuan)' } },
    ];
    expect(zh(logic, { params, inputs })).toBe([
      '完成率 = 实际 ÷ 目标', '若 目标 ≤ 0 则 灰', '否则若 完成率 ≥ 90% 则 绿', '否则若 完成率 > 70% 则 黄', '否则 红',
    ].join('\n'));
    expect(en(logic, { params, inputs })).toBe([
      'completion = Actual ÷ Target', 'if Target ≤ 0 then grey', 'else if completion ≥ 90% then green',
      'else if completion > 70% then yellow', 'else red',
    ].join('\n'));
  });

  it('puts parentheses only where the order of operations needs them', () => {
    const [a, b, c] = [v('a'), v('b'), v('c')];
    expect(en({ '-': [a, { '-': [b, c] }] })).toBe('a − (b − c)');
    expect(en({ '-': [{ '-': [a, b] }, c] })).toBe('a − b − c');
    expect(en({ '*': [{ '+': [a, b] }, c] })).toBe('(a + b) × c');
    expect(en({ '+': [a, { '*': [b, c] }] })).toBe('a + b × c');
    expect(en({ '/': [a, { '*': [b, c] }] })).toBe('a ÷ (b × c)');
    expect(en({ '/': [{ '*': [a, b] }, c] })).toBe('a × b ÷ c');
    expect(en({ and: [{ or: [a, b] }, c] })).toBe('(a or b) and c');
    expect(en({ or: [{ and: [a, b] }, c] })).toBe('a and b or c');
    expect(en({ '-': [{ '-': [a] }] })).toBe('−(−a)');
    expect(en({ '*': [-1, a] })).toBe('-1 × a');
    expect(en({ '<=': [1, a, { '+': [b, 2] }] })).toBe('1 ≤ a ≤ b + 2');
    expect(en({ '!': { '>=': [a, 3] } })).toBe('not (a ≥ 3)');
    expect(zh({ '+': [1, { if: [a, 2, 3] }] })).toBe('1 + (若 a 则 2，否则 3)');
  });

  it('reads domain operators and the rest as named calls', () => {
    expect(zh({ clamp: [{ ratio: [v('a'), v('b'), 0] }, 0, 1.2] })).toBe('限定(比值(a, b；否则 0), 0%, 120%)');
    expect(en({ round: [{ sum: [v('xs')] }, 2] })).toBe('round(sum(xs), 2)');
    expect(en({ streak: [v('rates'), { '<': [v(''), 0.5] }] }, { inputs: [{ name: 'rates', description: { en: 'Rates (1 = 100%)' } }] }))
      .toBe('streak(Rates, item < 50%)');
    expect(en({ substr: ['abc', 1] })).toBe('substr("abc", 1)');
    expect(en({ 'no-such-op': [1, { x: 1, y: 2 }] })).toBe('no-such-op(1, {"x":1,"y":2})');
  });

  it('shows fractions as percents only next to a rate, with exact digits', () => {
    const inputs = [{ name: 'rate', description: { zh: '周指标（1 = 100%）' } }, { name: 'n', description: { zh: '次数' } }];
    expect(zh({ '>=': [v('rate'), 0.07] }, { inputs })).toBe('周指标 ≥ 7%');
    expect(zh({ '>=': [v('rate'), 0.145] }, { inputs })).toBe('周指标 ≥ 14.5%');
    expect(zh({ '>=': [v('n'), 0.07] }, { inputs })).toBe('次数 ≥ 0.07');
    expect(zh({ '<': [v('rate'), { '-': [v('elapsed'), { param: 'tol' }] }] }, { inputs, params: { tol: 0.05 } })).toBe('周指标 < elapsed − 5%');
  });

  it('says where every number comes from: a literal at a pointer of the logic, or a parameter', () => {
    const logic = { if: [{ '>': [{ '/': [v('a'), v('b')] }, { param: 'g.from' }] }, 10, { '*': [2, { var: ['c', 3] }] }] };
    const numbers = printFormula(logic, { lang: 'en', params: { g: { from: 0.8 } } }).lines.flat().filter((p) => p.number);
    expect(numbers.map((p) => [p.text, p.number!.source])).toEqual([
      ['80%', { kind: 'param', path: 'g.from' }],
      ['10', { kind: 'literal', pointer: '/if/1' }],
      ['2', { kind: 'literal', pointer: '/if/2/*/0' }],
      ['3', { kind: 'literal', pointer: '/if/2/*/1/var/1' }],
    ]);
  });

  it('prints every rule of the shipped bundle without falling back to JSON; allocation rules in a few lines', () => {
    const loaded = loadBundle(defaultBundleFiles());
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const { bundle } = loaded;
    for (const rule of bundle.rules.values()) {
      for (const lang of ['zh', 'en'] as const) {
        const formula = printFormula(rule.def.logic, { lang, params: bundle.parameters, inputs: rule.def.inputs });
        expect(formula.text, rule.id).not.toMatch(/[{}]|param\(|undefined|NaN/);
        if (rule.file.includes('allocation')) expect(formula.lines.length, rule.id).toBeLessThanOrEqual(3);
      }
    }
    const light = bundle.rules.get('traffic-light')!;
    const text = printFormula(light.def.logic, { lang: 'zh', params: bundle.parameters, inputs: light.def.inputs }).text;
    expect(text.split('\n')[0]).toBe('完成率 = 实际完成金额 ÷ 目标金额');

    // a long sum reads a term a line; a sum inside a continued line is indented one step further
    const composite = bundle.rules.get('score-composite')!;
    const lines = printFormula(composite.def.logic, { lang: 'en', params: bundle.parameters, inputs: composite.def.inputs }).text.split('\n');
    expect(lines.length).toBe(5);
    for (const line of lines.slice(1)) expect(line).toMatch(/^ {4}\+ \d/);
    const trend = bundle.rules.get('filing-trend')!;
    const trendLines = printFormula(trend.def.logic, { lang: 'en', params: bundle.parameters, inputs: trend.def.inputs }).text.split('\n');
    expect(trendLines.map((l) => /^ */.exec(l)![0].length)).toEqual([0, 4, 8, 8]);
  });
});

/** JsonLogic-shaped trees with every operator the printer knows and some it does not. */
const OPS = ['var', 'param', 'if', '?:', 'and', 'or', '!', '!!', '==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%',
  'min', 'max', 'ratio', 'clamp', 'round', 'streak', 'sum', 'avg', 'map', 'filter', 'reduce', 'missing', 'in', 'cat', 'odd'];
const { tree } = fc.letrec((tie) => ({
  leaf: fc.oneof(fc.double(), fc.integer(), fc.string(), fc.boolean(), fc.constant(null), fc.constantFrom('', 'a', 'g.from', 'actual', 'target')),
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('leaf'),
    fc.array(tie('tree'), { maxLength: 4 }),
    fc.record({ op: fc.constantFrom(...OPS), args: fc.oneof(tie('tree'), fc.array(tie('tree'), { maxLength: 5 })) }).map(({ op, args }) => ({ [op]: args })),
    fc.dictionary(fc.string(), tie('tree'), { maxKeys: 3 }),
  ),
}));

function at(logic: unknown, pointer: string): unknown {
  return pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((cur, step) => Object.getOwnPropertyDescriptor(cur, step)?.value, logic);
}

describe('printFormula on any tree', () => {
  it('terminates without throwing, and every literal number it shows is the one at its pointer', () => {
    const params = { g: { from: 0.8 }, a: true };
    fc.assert(fc.property(tree, fc.constantFrom('zh', 'en') as fc.Arbitrary<'zh' | 'en'>, (logic, lang) => {
      const formula = printFormula(logic, { lang, params, inputs: [{ name: 'a', description: { zh: '甲（1 = 100%）' } }] });
      expect(typeof formula.text).toBe('string');
      for (const piece of formula.lines.flat() as FormulaPiece[]) {
        if (!piece.number) continue;
        const { value, source } = piece.number;
        expect(source.kind === 'literal' ? at(logic, source.pointer) : 0.8).toBe(value);
      }
    }), { numRuns: 2000 });
  });

  it('survives a rule nested deeper than any printer stack', () => {
    let logic: unknown = 1;
    for (let i = 0; i < 100_000; i++) logic = { '+': [logic, 1] };
    expect(printFormula(logic, { lang: 'en' }).text).toContain('…');
  });
});
