import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, operatorReference } from '../../plugin/index.js';

const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

describe('README', () => {
  it('embeds the operator reference generated from the engine (regenerate with `target-kit operators --lang en`)', () => {
    const start = readme.indexOf('<!-- operators:start -->');
    const end = readme.indexOf('<!-- operators:end -->');
    expect(start).toBeGreaterThan(0);
    expect(readme.slice(start + '<!-- operators:start -->'.length, end).trim()).toBe(operatorReference(createEngine(), 'en').trim());
  });

  it('shows the two set-up commands and the test command', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test');
  });
});
