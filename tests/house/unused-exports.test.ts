import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unusedExports } from './exports.js';

const root = join(import.meta.dirname, '..', '..');

describe('the house', () => {
  it('no module exports a name that no host, module or test imports', () => {
    expect(unusedExports(root).map((u) => `${u.file}: ${u.name}`)).toEqual([]);
  }, 120_000);
});
