import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOrgTree, creditOrders, loadBundle, parseCsv, parseYuan, readProductLines, readSplitTable, type Order } from '../../plugin/index.js';
import { generateSampleCompany, generateSampleCredit, SAMPLE_CREDIT_DATASETS } from '../../plugin/sample/index.js';
import { defaultBundleFiles, TEMPLATES_DIR } from '../support/default-bundle.js';

const DIR = join(TEMPLATES_DIR, 'data', 'sample-credit');

function sampleTree() {
  const rows = generateSampleCompany().units.map((u) => ({ id: u.id, parentId: u.parent_id || null, name: u.name, level: u.level }));
  const r = buildOrgTree(rows);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.tree;
}

describe('sample shared deals and line mix', () => {
  const files = defaultBundleFiles();
  const loaded = loadBundle(files);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const bundle = loaded.bundle;
  const lines = readProductLines(bundle.parameters)!.lines;
  const tree = sampleTree();
  const generated = generateSampleCredit(tree, lines);

  it('the committed files are exactly what the generator makes (UPDATE_SAMPLE=1 rewrites them)', () => {
    for (const [name, text] of Object.entries(generated)) {
      if (process.env.UPDATE_SAMPLE === '1') writeFileSync(join(DIR, name), text);
      expect(readFileSync(join(DIR, name), 'utf8'), name).toBe(text);
    }
    // and they are the bundle's datasets
    for (const [name, id] of [['orders.csv', SAMPLE_CREDIT_DATASETS.orders], ['splits.csv', SAMPLE_CREDIT_DATASETS.splits], ['line-mix.csv', SAMPLE_CREDIT_DATASETS.lineMix]] as const) {
      expect(bundle.datasets.get(id)?.def.file).toBe(`data/sample-credit/${name}`);
    }
  });

  it('shares every order among reps, on working days of the period, and credits it exactly', () => {
    const o = parseCsv(generated['orders.csv']);
    const s = parseCsv(generated['splits.csv']);
    if (!o.ok || !s.ok) throw new Error('csv');
    const read = readSplitTable(s.records, 'splits.csv', s.columns);
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    const orders = o.records.map(({ record }) => ({ orderId: record.order_id!, amount: parseYuan(record.amount)!, date: record.date!, line: record.line! }) satisfies Order);
    expect(orders).toHaveLength(36);
    const { credits } = creditOrders(orders, read.splits);
    for (const order of orders) {
      expect(order.date >= '2026-01-05' && order.date <= '2026-05-15').toBe(true);
      expect([0, 6]).not.toContain(new Date(`${order.date}T00:00:00Z`).getUTCDay());
      expect(lines.map((l) => l.id)).toContain(order.line);
      const parts = credits.filter((c) => c.orderId === order.orderId);
      expect(parts.length).toBeGreaterThan(1);
      expect(parts.every((c) => tree.get(c.id)?.level === 'rep')).toBe(true);
      expect(parts.reduce((a, c) => a + c.amount, 0)).toBe(order.amount);
    }
    // the rep persona (first rep of the first team) holds the first deal
    expect(credits.find((c) => c.orderId === 'SO-2026-0001' && c.id === tree.children(tree.children(tree.children(tree.root.id)[0]!.id)[0]!.id)[0]!.id)).toBeDefined();
  });

  it('gives every team line shares as fractions (whole percents) summing to 1', () => {
    const m = parseCsv(generated['line-mix.csv']);
    if (!m.ok) throw new Error('csv');
    expect(m.records.map((r) => r.record.id)).toEqual(tree.topDown.filter((id) => tree.get(id)!.level === 'team'));
    for (const { record } of m.records) {
      expect(lines.every((l) => Number(record[l.id]) <= 1)).toBe(true);
      expect(lines.reduce((a, l) => a + Math.round(Number(record[l.id]) * 100), 0)).toBe(100);
    }
  });

  it('is seeded: another seed makes other deals', () => {
    expect(generateSampleCredit(tree, lines)).toEqual(generated);
    expect(generateSampleCredit(tree, lines, { seed: 7 })['orders.csv']).not.toBe(generated['orders.csv']);
  });
});
