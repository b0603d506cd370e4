import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLUGIN_VERSION, satisfies, locatePointer } from '../../plugin/index.js';
// @ts-expect-error -- a plain .mjs build script without types
import { generate, OUTPUT } from '../../schemas/compile.mjs';

const root = join(import.meta.dirname, '..', '..');

describe('format housekeeping', () => {
  it('the committed validators are generated from the current schemas', () => {
    expect(readFileSync(OUTPUT as string, 'utf8')).toBe((generate as () => string)());
  });

  it('PLUGIN_VERSION follows package.json', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(PLUGIN_VERSION).toBe(pkg.version);
  });

  it('the runtime imports nothing Node-only or DOM-only, and nothing from a host', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          walk(path);
          continue;
        }
        if (!/\.ts$/.test(entry.name)) continue;
        const text = readFileSync(path, 'utf8');
        const imports = [...text.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1] as string);
        for (const spec of imports) {
          if (spec.startsWith('node:') || /^(fs|path|os|url|child_process|stream|util|crypto|react|antd)(\/|$)/.test(spec) || spec.includes('/hosts/') || spec.includes('/playground/')) {
            offenders.push(`${path}: ${spec}`);
          }
        }
        if (/\b(window|document|localStorage|process)\./.test(text.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, ''))) offenders.push(`${path}: DOM or process global`);
      }
    };
    walk(join(root, 'plugin'));
    expect(offenders).toEqual([]);
  });
});

describe('semver ranges', () => {
  it.each([
    ['0.1.0', '^0.1.0', true], ['0.1.9', '^0.1.0', true], ['0.2.0', '^0.1.0', false],
    ['1.4.0', '^1.2.0', true], ['2.0.0', '^1.2.0', false], ['1.2.9', '~1.2.3', true], ['1.3.0', '~1.2.3', false],
    ['0.1.0', '>=0.1.0 <1.0.0', true], ['1.0.0', '>=0.1.0 <1.0.0', false], ['1.0.0-rc.1', '<1.0.0', true],
    ['3.0.0', '^1.0.0 || ^3.0.0', true], ['0.1.0', '0.1.0', true],
  ])('%s in %s is %s', (version, range, expected) => {
    expect(satisfies(version, range)).toBe(expected);
  });

  it('an unreadable range is null, not false', () => {
    expect(satisfies('0.1.0', 'latest')).toBeNull();
  });
});

describe('locatePointer', () => {
  const text = '{\n  "a": [1, {"b": "x"}],\n  "c/d": true\n}';
  it('finds values and falls back to the nearest ancestor', () => {
    expect(locatePointer(text, '/a/1/b')).toEqual({ line: 2, column: 18 });
    expect(locatePointer(text, '/c~1d')).toEqual({ line: 3, column: 10 });
    expect(locatePointer(text, '/a/1/missing')).toEqual({ line: 2, column: 12 });
  });
});
