/** `target-kit explain`: a rule as a readable formula with its inputs and current parameters. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEMPLATES_DIR } from '../support/default-bundle.js';
import { runCli } from '../support/run-cli.js';

describe('target-kit explain', () => {
  it('prints the traffic light as a formula, then its inputs and its parameters with their values', async () => {
    const r = await runCli(['explain', 'traffic-light']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('完成率 = 实际完成金额 ÷ 目标金额\n');
    expect(r.stdout).toMatch(/否则若 完成率 [>≥] \d+% 则 绿\n/);
    expect(r.stdout).toMatch(/actual +实际完成金额（元）；数值\n/);
    expect(r.stdout).toMatch(/lights\.green\.from = [\d.]+\n/);
    const en = await runCli(['explain', 'traffic-light', '--lang', 'en']);
    expect(en.stdout).toContain('completion = Actual amount ÷ Target amount\n');
    expect(en.stdout).toMatch(/else red\n/);
  });

  it('reads the parameters of the bundle it is given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'explain-'));
    cpSync(TEMPLATES_DIR, dir, { recursive: true });
    const params = JSON.parse(readFileSync(join(dir, 'parameters/tracking.json'), 'utf8'));
    params.parameters.lights = { green: { from: 0.95, inclusive: true }, yellow: { from: 0.75, inclusive: true } };
    writeFileSync(join(dir, 'parameters/tracking.json'), JSON.stringify(params));
    const r = await runCli(['explain', 'traffic-light', '--bundle', dir, '--lang', 'en']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('    else if completion ≥ 95% then green\n    else if completion ≥ 75% then yellow\n');
  });

  it('explains each of the nine allocation rules in a few lines, instead of 740 lines of JSON', async () => {
    const r = await runCli(['explain', 'rules/allocation.rules.json', '--lang', 'en']);
    expect(r.code).toBe(0);
    // each rule: its header line, then its formula indented by four, until its inputs
    const formulas = r.stdout.trimEnd().split('\n\n').map((block) => {
      const lines = block.split('\n').slice(1);
      return lines.slice(0, lines.findIndex((l) => !l.startsWith('    ')));
    });
    expect(formulas).toHaveLength(9);
    for (const f of formulas) expect(f.length).toBeGreaterThan(0);
    for (const f of formulas) expect(f.length).toBeLessThanOrEqual(3);
    expect(r.stdout.split('\n').length).toBeLessThan(120);
    for (const f of formulas) expect(f.join('\n')).not.toMatch(/[{}]/);
  });

  it('reads an input\'s fallback as what a missing input counts as, in both languages', async () => {
    const en = await runCli(['explain', 'pipeline-intent-entry', '--lang', 'en']);
    expect(en.stdout).toContain('    counts.demo (0 if missing) ≥ 1 and counts.needs_form (0 if missing) ≥ 1\n');
    const zh = await runCli(['explain', 'pipeline-intent-entry']);
    expect(zh.stdout).toContain('counts.demo（缺失时为 0） ≥ 1');
    // the input's type follows its description, not a second bracket after the description's own
    expect(en.stdout).toContain('    counts  Activities so far by type (type → count), up to the move; object\n');
    expect(zh.stdout + en.stdout).not.toMatch(/default|缺省/);
  });

  it('names the factor a factor rule scores, with its weight and its parameter entry', async () => {
    const en = await runCli(['explain', 'factor-history', '--lang', 'en']);
    expect(en.stdout).toMatch(/\n  factor:\n    Historical performance, weight 30% \(allocationFactors\.history\)\n/);
    const zh = await runCli(['explain', 'factor-history']);
    expect(zh.stdout).toMatch(/\n  因子：\n    历史业绩，权重 30% \(allocationFactors\.history\)\n/);
    // a rule no parameter entry names prints no such section
    expect((await runCli(['explain', 'traffic-light', '--lang', 'en'])).stdout).not.toMatch(/factor:|used by/);
  });

  it('prints its usage, and a missing rule id is a usage error', async () => {
    expect((await runCli(['explain', '--help'])).stdout).toContain('用法：target-kit explain');
    expect((await runCli(['explain', '--help', '--lang', 'en'])).stdout).toContain('Usage: target-kit explain');
    expect((await runCli(['explain'])).code).toBe(2);
  });

  it('refuses an unknown rule, naming the rules there are', async () => {
    const r = await runCli(['explain', 'no-such-rule', '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the bundle has no rule no-such-rule; its rules: ');
    expect(r.stderr).toContain('traffic-light');
  });
});
