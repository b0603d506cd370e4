import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const events = `key,id,date,kind,type,item,reverses,note
e1,wl,2026-04-01T09:00:00+08:00,earn,deal-signed,,,
e2,wl,2026-04-02,earn,deal-signed,,,
e2,wl,2026-04-02,earn,deal-signed,,,resubmitted
e3,ln,2026-04-02,earn,customer-revisit,,,
e4,wl,2026-04-03,earn,deal-signed,,,
e5,wl,2026-04-03,earn,deal-signed,,,
g1,wl,2026-04-10,redeem,,gift,,
g2,ln,2026-04-10,redeem,,leave,,
c1,,2026-04-12,reverse,,,e5,deal cancelled
`;

describe('target-kit points', () => {
  const d = mkdtempSync(join(tmpdir(), 'tk-points-'));
  writeFileSync(join(d, 'events.csv'), events);

  it('replays events into balances; duplicates count once; a short redemption is refused with the reason', async () => {
    const r = await runCli(['points', '--events', 'events.csv', '--ledger', 'ledger.csv', '--lang', 'en'], { cwd: d });
    // refused rows are reported and the rest posted, but the run fails
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n').at(-1)).toBe('2 row(s) refused and not posted (see above); the output and --ledger hold the other rows only');
    expect(r.stdout.trim().split('\n')).toEqual(['id,balance,earned,spent,month_points,month_place', 'ln,10,10,0,10,2', 'wl,0,200,200,200,1']);
    expect(r.stderr).toContain('events.csv:4: key e2 is already posted; counted once');
    expect(r.stderr).toMatch(/events\.csv:9: ln has 10 points on 2026-04-10, short of the 500 needed to redeem leave \[POINTS_SHORT\]/);
    expect(r.stderr).toMatch(/events\.csv:10: .*\[POINTS_SHORT\]/); // reversing e5 after the gift would go negative
    expect(r.stderr).toContain('6 entries posted, 1 duplicate(s), 2 refused; 2026-04 top: 1. wl 200, 2. ln 10');
    const ledger = readFileSync(join(d, 'ledger.csv'), 'utf8');
    expect(ledger.split('\r\n')[0]).toBe('\ufeffseq,key,id,day,kind,points,type,item,reverses,note');
    expect(ledger.trim().split('\r\n')).toHaveLength(7); // the six posted entries, not the refused rows
  });

  it('exits 0 when nothing is refused; keys are one whatever their surrounding spaces or Unicode form, case kept', async () => {
    writeFileSync(join(d, 'keys.csv'), 'key,id,date,type\ncaf\u00e9,wl,2026-04-01,deal-signed\n"cafe\u0301 ",wl,2026-04-01,deal-signed\nCAF\u00c9,wl,2026-04-01,deal-signed\n');
    const r = await runCli(['points', '--events', 'keys.csv', '--out', 'json', '--lang', 'en'], { cwd: d });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('keys.csv:3: key caf\u00e9 is already posted; counted once');
    expect(JSON.parse(r.stdout).ledger.map((e: { key: string }) => e.key)).toEqual(['caf\u00e9', 'CAF\u00c9']);
  });

  it('gives balances at a date', async () => {
    const r = await runCli(['points', '--events', 'events.csv', '--as-of', '2026-04-02', '--out', 'json'], { cwd: d });
    const json = JSON.parse(r.stdout);
    expect(json.balances).toEqual([
      { id: 'ln', balance: 10, earned: 10, spent: 0, month_points: 10, month_place: 2 },
      { id: 'wl', balance: 100, earned: 100, spent: 0, month_points: 200, month_place: 1 },
    ]);
  });
});
