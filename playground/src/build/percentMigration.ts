/**
 * Store version 6: shares and weights became fractions (0.3 = 30%) in every bundle file. Builds
 * saved before kept line weights, month weights and the allocation form's weight table in
 * percents (55/35/10, 30/30/40, 30/25/20/15/10), which the plugin now refuses. This step rewrites
 * them in the saved edits and in an imported bundle's files, keeping what they meant: a set that
 * sums to 100 is divided by 100 exactly; line mixes in other relative numbers (2/1/1) become the
 * same proportions as fractions summing to 1; month weights, which a period normalises, are
 * scaled down by hundreds until they fit. Anything already a fraction is left as it is.
 */
import { percentToFraction } from '../../../plugin/index.js';

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const near = (a: number, b: number) => Math.abs(a - b) < 1e-6;

/** Shares of one whole (line weights, a unit's mix, factor weights) as fractions summing to 1. */
function wholeShares(values: number[]): number[] {
  const sum = values.reduce((a, b) => a + b, 0);
  if (values.every((v) => v >= 0 && v <= 1) || sum <= 0) return values;
  if (near(sum, 100)) return values.map(percentToFraction);
  // relative weights: the same proportions, six decimals, the last one taking the rounding
  const rounded = values.map((v) => Math.round((v / sum) * 1e6) / 1e6);
  const rest = rounded.slice(0, -1).reduce((a, b) => a + b, 0);
  rounded[rounded.length - 1] = Math.round((1 - rest) * 1e6) / 1e6;
  return rounded;
}

/** Month weights a period normalises: scaled by hundredths until every one is at most 1. */
function monthShares(values: number[]): number[] {
  let out = values;
  while (out.some((v) => v > 1)) out = out.map(percentToFraction);
  return out;
}

function migrateMonths(holder: unknown): unknown {
  if (!isRecord(holder) || !Array.isArray(holder.months) || !holder.months.every(isNumber)) return holder;
  return { ...holder, months: monthShares(holder.months) };
}

function migrateProductLines(group: unknown): unknown {
  if (!isRecord(group)) return group;
  let out: Json = group;
  const lines = group.lines;
  if (Array.isArray(lines) && lines.every((l) => isRecord(l) && isNumber(l.weight))) {
    const weights = wholeShares((lines as Array<{ weight: number }>).map((l) => l.weight));
    out = { ...out, lines: (lines as Json[]).map((l, i) => ({ ...l, weight: weights[i] })) };
  }
  if (isRecord(group.units)) {
    const units: Json = {};
    for (const [id, mix] of Object.entries(group.units)) {
      if (!isRecord(mix) || !Object.values(mix).every(isNumber)) { units[id] = mix; continue; }
      const keys = Object.keys(mix);
      const shares = wholeShares(keys.map((k) => mix[k] as number));
      units[id] = Object.fromEntries(keys.map((k, i) => [k, shares[i]]));
    }
    out = { ...out, units };
  }
  return out;
}

function migratePhasing(group: unknown): unknown {
  if (!isRecord(group)) return group;
  let out: Json = group;
  if (group.explicit !== undefined) out = { ...out, explicit: migrateMonths(group.explicit) };
  if (isRecord(group.units)) out = { ...out, units: Object.fromEntries(Object.entries(group.units).map(([id, spec]) => [id, migrateMonths(spec)])) };
  return out;
}

/** A form's `weights` table of {factor, weight} rows and its `weightsTotal`, in sample data. */
function migrateWeightTable(values: unknown): unknown {
  if (!isRecord(values) || !Array.isArray(values.weights) || !values.weights.every((r) => isRecord(r) && isNumber(r.weight))) return values;
  const rows = values.weights as Json[];
  const percent = rows.some((r) => (r.weight as number) > 1);
  const out: Json = percent ? { ...values, weights: rows.map((r) => ({ ...r, weight: percentToFraction(r.weight as number) })) } : { ...values };
  if (isNumber(values.weightsTotal) && values.weightsTotal > 1) out.weightsTotal = percentToFraction(values.weightsTotal);
  return out;
}

/** One bundle file (parsed JSON) with its percent shares rewritten as fractions. */
function percentFileToFractions(file: unknown): unknown {
  if (!isRecord(file)) return file;
  let out: Json = file;
  if (isRecord(file.parameters)) {
    const parameters: Json = { ...file.parameters };
    if (parameters.productLines !== undefined) parameters.productLines = migrateProductLines(parameters.productLines);
    if (parameters.phasing !== undefined) parameters.phasing = migratePhasing(parameters.phasing);
    out = { ...out, parameters };
  }
  if (isRecord(file.forms) && isRecord(file.sampleData)) {
    out = { ...out, sampleData: Object.fromEntries(Object.entries(file.sampleData).map(([form, values]) => [form, migrateWeightTable(values)])) };
  }
  return out;
}

/** The store step from version 5: every saved edit and every imported file, rewritten. */
export function migratePercentShares(v5: unknown): unknown {
  if (!isRecord(v5)) return v5;
  const files = (record: unknown) => (isRecord(record) ? Object.fromEntries(Object.entries(record).map(([path, content]) => [path, percentFileToFractions(content)])) : record);
  const base = v5.base;
  return {
    ...v5,
    edits: files(v5.edits),
    base: isRecord(base) && base.kind === 'imported' ? { ...base, files: files(base.files) } : base,
  };
}
