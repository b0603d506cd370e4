/**
 * The check that a screen shows one language at a time (issue 19 item 8), shared by the
 * one-language walk and the whole-loop test: an en screen may show Chinese only inside data
 * values (the names of people, units, customers, and other text cells of the sample data), a zh
 * screen English only inside data values and the allow list of product names and codes below.
 */
import type { Page } from 'playwright-core';
import { parseCsv } from '../../plugin/index.js';
import { loadDefaultBundle } from './bundleOnDisk.js';

const bundle = loadDefaultBundle();

const CJK = /[\u3400-\u9fff\u3000-\u303f\uff01-\uff5e]/;

/**
 * Every text cell of the bundle's data (CSV and JSON datasets, the templates' sample data): what a screen shows as data;
 * and a region's short name (华东 of 华东大区), which the personas' titles carry.
 */
const dataValues: string[] = (() => {
  const values = new Set<string>();
  const walk = (v: unknown) => {
    if (typeof v === 'string') { if (v.trim()) values.add(v.trim()); return; }
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  for (const [, d] of bundle.datasets) {
    if (typeof d.content === 'string') {
      const csv = parseCsv(d.content);
      if (csv.ok) for (const r of csv.records) Object.values(r.record).forEach(walk);
    } else walk(d.content);
  }
  // a template's sample data is what a user typed into its form: data too
  for (const t of bundle.templates) walk(t.def.sampleData);
  for (const v of [...values]) if (/大区$/.test(v)) values.add(v.replace(/大区$/, ''));
  // longest first, so a unit's name goes before a person's name inside it
  return [...values].filter((v) => !/^[\d.,:\-\s/%]+$/.test(v)).sort((a, b) => b.length - a.length);
})();

/** Product names, codes and units of size, the same in both languages. */
const ALLOW_ZH = new Set(['target-kit', 'HRBP', 'HR', 'XLSX', 'CSV', 'PDF', 'JSON', 'JsonLogic', 'UTF', 'GBK', 'KPI', 'Excel', 'NocoBase', 'HMAC', 'SHA', 'ID', 'IndexedDB', 'HTML', 'ISO', 'SaaS', 'AI', 'Esc', 'KB', 'MB', 'SMTP']);

const escape = (v: string) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The text without the data values: Chinese values wherever they stand, Latin ones as whole words only. */
function stripData(text: string): string {
  let out = text;
  for (const v of dataValues) {
    if (!out.includes(v)) continue;
    out = CJK.test(v) ? out.split(v).join(' ') : out.replace(new RegExp(`(?<![\\w.-])${escape(v)}(?![\\w-])`, 'g'), ' ');
  }
  return out;
}

const context = (text: string, at: number) => text.slice(Math.max(0, at - 20), at + 20).replace(/\s+/g, ' ');

/**
 * A code rather than a word: a file or a parameter (parameters/phasing.json, bonus.cap), an id
 * (completion-rate, HD01-01, SO-2026-0001) or a name joined in camel case (coachingWeeks).
 */
const isCode = (token: string) => /[./_\d]/.test(token) || /[a-z]-[a-z]/i.test(token) || /[a-z][A-Z]/.test(token);

/** The pieces of the other language, each with a little context. */
export function leaks(text: string, lang: 'zh' | 'en'): string[] {
  const t = stripData(text);
  const found: string[] = [];
  if (lang === 'en') {
    for (const m of t.matchAll(new RegExp(`${CJK.source}+`, 'g'))) found.push(`"${m[0]}" in …${context(t, m.index)}…`);
  } else {
    for (const m of t.matchAll(/[A-Za-z0-9][\w./'-]*/g)) {
      const token = m[0].replace(/[.'-]+$/, '');
      // a file's extension (.xlsx) is a code
      if (t[m.index - 1] === '.') continue;
      if (!/[A-Za-z]{2}/.test(token) || ALLOW_ZH.has(token) || isCode(token)) continue;
      found.push(`"${token}" in …${context(t, m.index)}…`);
    }
  }
  return found;
}

/**
 * The screen's text once it has settled: no spinner, a page up, the same text twice in a row
 * 400 ms apart. Polled inside the page (one call a screen): polled from node, each look cost
 * three round trips (two counts and the text), a third of the one-language walk at load 25.
 */
export async function settledText(page: Page): Promise<string> {
  // each call its own key: a text left from the screen before never counts as the first look
  const key = `${Date.now()}-${Math.random()}`;
  const settled = await page.waitForFunction((key) => {
    const w = window as unknown as { tkSettle?: { key: string; text: string } };
    const spinning = document.querySelector('.app-content .ant-spin-spinning') !== null;
    const body = document.body.cloneNode(true) as HTMLElement;
    // the build's parameter groups name each parameter by its key, the name the rules use (a code)
    body.querySelectorAll('[data-testid="lang-switch"], [data-testid="param-group"], .cm-editor, script, style').forEach((e) => e.remove());
    const text = body.innerText;
    const stable = !spinning && w.tkSettle?.key === key && w.tkSettle.text === text && document.querySelector('.app-content .page') !== null;
    w.tkSettle = { key, text };
    return stable ? { text } : false;
  }, key, { polling: 400, timeout: 60_000 });
  return ((await settled.jsonValue()) as { text: string }).text;
}

/**
 * Where the bundle author's own text shows, for the one-language walk in English: the rule editor
 * (each example's note, {zh, en} in the bundle) and every template preview (field titles, column
 * headers and suffixes through x-i18n). In Chinese these screens still show codes inside the
 * rules' zh descriptions (lights, null, behind), the forms' names as tabs (main/filters) and raw
 * option values in the binding panel: those wait for the previews' own work (issue 19 item 9).
 */
export const AUTHOR_TEXT_VISITS_EN: ReadonlyArray<['implementer', string, string]> = [
  // three rules files carry most of the notes; a page costs seconds in CI
  ...['rules/tracking.rules.json', 'rules/scoring.rules.json', 'rules/bonus.rules.json'].map((file) =>
    ['implementer', `#/editor/${encodeURIComponent(file)}`, `[data-testid="rule-editor"][data-file="${file}"]`] as ['implementer', string, string]),
  ...bundle.templates.map((t) =>
    ['implementer', `#/templates/${t.def.id}`, `[data-testid="runner"][data-template-id="${t.def.id}"]`] as ['implementer', string, string]),
];
