/**
 * The formula view's edits, without a browser: a typed number read as an exact decimal (a
 * percent moved two places by its digits), the place a number is written at (a literal of the
 * rule, or the parameters file holding its group), and the file with the new value there.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadBundle, printFormula } from '../../plugin/index.js';
import { numberPlace, typedNumber, withValueAt } from '../../playground/src/editor/formulaEdit.js';
import { defaultBundleFiles } from '../support/default-bundle.js';

describe('typedNumber', () => {
  it('reads a percent as the decimal it names, exactly', () => {
    expect(typedNumber('85', true)).toBe(0.85);
    expect(typedNumber('85%', true)).toBe(0.85);
    expect(typedNumber(' 7 ', true)).toBe(0.07);
    expect(typedNumber('14.5', true)).toBe(0.145);
    expect(typedNumber('120', true)).toBe(1.2);
    expect(typedNumber('-10', true)).toBe(-0.1);
    expect(typedNumber('0.5', true)).toBe(0.005);
    expect(typedNumber('36', false)).toBe(36);
    expect(typedNumber('0.8', false)).toBe(0.8);
  });

  it('refuses what is not a plain decimal', () => {
    for (const text of ['', 'abc', '1e3', '1,000', '0x10', '.5', '5.', 'Infinity', '--1']) expect(typedNumber(text, false), text).toBeUndefined();
  });

  it('gives for any percent with up to four decimals the number its decimal text names', () => {
    fc.assert(fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 0, max: 4 }), (n, places) => {
      const text = places === 0 ? String(n) : `${n < 0 ? '-' : ''}${(Math.abs(n) / 10 ** places).toFixed(places)}`;
      // JavaScript reads decimal text correctly rounded, exponent included: "14.5e-2" is the double nearest 0.145
      expect(typedNumber(text, true)).toBe(Number(`${text}e-2`));
    }));
  });
});

describe('numberPlace and withValueAt', () => {
  const files = defaultBundleFiles();
  const loaded = loadBundle(files);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const { bundle } = loaded;
  const light = bundle.rules.get('traffic-light')!;
  const numbers = printFormula(light.def.logic, { lang: 'en', params: bundle.parameters, inputs: light.def.inputs })
    .lines.flat().flatMap((p) => (p.number ? [p.number] : []));

  it('finds a parameter in the parameters file that holds its group, and a literal in the rule', () => {
    const green = numbers.find((n) => n.source.kind === 'param' && n.source.path === 'lights.green.from')!;
    const place = numberPlace(light, green, files, bundle.manifest.parameters ?? [])!;
    expect((files[place.file] as { parameters: object }).parameters).toHaveProperty('lights');
    expect(place.pointer).toBe('/parameters/lights/green/from');
    const changed = withValueAt(files[place.file], place.pointer, 0.85) as { parameters: { lights: { green: { from: number } } } };
    expect(changed.parameters.lights.green.from).toBe(0.85);
    expect((files[place.file] as typeof changed).parameters.lights.green.from).toBe(green.value); // a copy, the original untouched

    const zero = numbers.find((n) => n.source.kind === 'literal')!;
    const literal = numberPlace(light, zero, files, bundle.manifest.parameters ?? [])!;
    expect(literal.file).toBe(light.file);
    expect(literal.pointer.startsWith(`${light.pointer}/logic/`)).toBe(true);
    const rules = withValueAt(files[literal.file], literal.pointer, 5);
    expect(JSON.stringify(rules)).not.toBe(JSON.stringify(files[literal.file]));
  });

  it('changes nothing where the pointer does not reach', () => {
    expect(withValueAt({ a: [1] }, '/a/3', 2)).toBeUndefined();
    expect(withValueAt({ a: 1 }, '/b/c', 2)).toBeUndefined();
    expect(withValueAt({ a: 1 }, '', 2)).toBeUndefined();
  });
});
