/**
 * Examples that survive a parameter change (issue 16, item 4). Changing the light boundaries,
 * the score weights or the appeal limit used to fail `target-kit test` (2, 2 and 6 failures)
 * because boundary examples assumed the defaults; those examples now pin the values they were
 * written for, and the command says which examples pin and which follow the bundle.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEMPLATES_DIR } from '../support/default-bundle.js';
import { runCli } from '../support/run-cli.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- edits of parsed JSON files

function copyWith(file: string, edit: (json: Json) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'tk-params-'));
  cpSync(TEMPLATES_DIR, dir, { recursive: true });
  const path = join(dir, file);
  const json = JSON.parse(readFileSync(path, 'utf8')) as Json;
  edit(json);
  writeFileSync(path, JSON.stringify(json, null, 2));
  return dir;
}

const changes: [string, string, (json: Json) => void][] = [
  ['the light boundaries (85 / 65, both inclusive)', 'parameters/tracking.json', (j) => {
    j.parameters.lights = { green: { from: 0.85, inclusive: true }, yellow: { from: 0.65, inclusive: true } };
  }],
  ['the score weights (35 / 30 / 15 / 10 / 10)', 'parameters/scoring.json', (j) => {
    j.parameters.score.weights = { revenue: 0.35, margin: 0.3, newCustomers: 0.15, satisfaction: 0.1, compliance: 0.1 };
  }],
  ['the appeal limit (15%)', 'parameters/review.json', (j) => { j.parameters.review.appealLimit = 0.15; }],
];

describe('target-kit test after a parameter change', () => {
  it.each(changes)('passes after changing %s and prints which examples pin and which follow', async (_what, file, edit) => {
    const r = await runCli(['test', copyWith(file, edit), '--lang', 'en']);
    expect(r.stdout).not.toContain('FAIL');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Examples following the bundle's current parameters: \d+ \(.*traffic-light ×\d+/m);
    expect(r.stdout).toMatch(/^Examples pinning their own parameters \(params\): \d+/m);
    expect(r.stdout).toMatch(/^ {2}traffic-light examples #0 #1 #2 #3: .*lights\.yellow\.from/m);
    expect(r.stdout).toMatch(/^ {2}appeal-within-limit examples #0 #1 #2 #3: review\.appealLimit$/m);
    expect(r.stdout.trim().split('\n').at(-1)).toMatch(/^\d+ passed, 0 failed$/);
  });

  it('still tests the logic: a pinned boundary example fails when the rule changes', async () => {
    const dir = copyWith('rules/tracking.rules.json', (j) => {
      const light = (j.rules as Json[]).find((r) => r.id === 'traffic-light')!;
      // ">=" where the rule says ">": "exactly 80% is still yellow" must now fail, pin or not
      light.logic = JSON.parse(JSON.stringify(light.logic).replace('"lights.green.inclusive"', '"lights.yellow.inclusive"'));
    });
    const r = await runCli(['test', dir, '--lang', 'en']);
    expect(r.stdout).toMatch(/FAIL traffic-light example #2 "exactly 80% is still yellow/);
    expect(r.code).toBe(1);
  });

  it('says the split in Chinese too', async () => {
    const r = await runCli(['test', TEMPLATES_DIR]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^按包的当前参数运行的示例 \d+ 个/m);
    expect(r.stdout).toMatch(/^固定了自己参数（params）的示例 \d+ 个：$/m);
  });
});
