/**
 * Points bench: one person's history posted to the ledger, earnings first (a signed deal each, on
 * seeded days of 2026), then redemptions (a gift each, on seeded days, many of them backdated
 * before later ones), each checked against the lowest balance from its day on. Timed per size;
 * the check recomputes every end-of-day balance once from the entries (sorted) and fails if one
 * is negative or the final balance differs from the ledger's.
 */
import { addDays, createLedger, loadBundle, seededRandom, type Ledger } from '../../plugin/index.js';
import type { BenchSection } from './section.js';
import { readDefaultBundle } from './default-bundle.js';

const SIZES: Array<{ earnings: number; redemptions: number }> = [
  { earnings: 3_200, redemptions: 800 },
  { earnings: 32_000, redemptions: 8_000 },
];
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

function consistent(ledger: Ledger): boolean {
  const list = [...ledger.entries].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.seq - b.seq));
  let running = 0;
  for (let i = 0; i < list.length; i++) {
    running += list[i]!.points;
    if (list[i + 1]?.day !== list[i]!.day && running < 0) return false;
  }
  return running === ledger.balance('p');
}

export const pointsBench: BenchSection = {
  name: `points: ${SIZES.map((s) => `${s.redemptions.toLocaleString('en')} redemptions over ${(s.earnings + s.redemptions).toLocaleString('en')} entries`).join('; ')}`,
  run({ log, ratio }): boolean {
    const loaded = loadBundle(readDefaultBundle());
    if (!loaded.ok) throw new Error('bundle');
    let ok = true;
    for (const size of SIZES) {
      const made = createLedger(loaded.bundle);
      if (!made.ok) throw new Error('ledger');
      const ledger = made.ledger;
      const random = seededRandom(20260401);
      const day = () => addDays('2026-01-01', Math.floor(random() * 365));
      let t = process.hrtime.bigint();
      for (let i = 0; i < size.earnings; i++) ledger.earn({ key: `e${i}`, person: 'p', type: 'deal-signed', at: day() });
      const earnMs = ms(t);
      t = process.hrtime.bigint();
      let posted = 0;
      for (let i = 0; i < size.redemptions; i++) if (ledger.redeem({ key: `r${i}`, person: 'p', item: 'gift', at: day() }).status === 'posted') posted++;
      const redeemMs = ms(t);
      // the floor: every end-of-day balance recomputed once from all the entries, sorted
      t = process.hrtime.bigint();
      const good = consistent(ledger);
      const plainMs = ms(t);
      ratio(`${size.redemptions.toLocaleString('en')} redemptions`, redeemMs, 'one sorted recount', plainMs);
      ok = ok && good;
      log(`${size.earnings.toLocaleString('en')} earnings in ${earnMs.toFixed(0)} ms; ${size.redemptions.toLocaleString('en')} redemptions (${posted} posted, the rest short) in ${redeemMs.toFixed(0)} ms (${(redeemMs / size.redemptions).toFixed(3)} ms each); one sorted recount of all balances ${plainMs.toFixed(1)} ms; balance ${ledger.balance('p')}; ${good ? 'no day negative' : 'INCONSISTENT'}`);
    }
    return ok;
  },
};
