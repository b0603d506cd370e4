/**
 * The weekly digest (每周进度简报): for each manager (the head of every unit with units under
 * it) his direct units' lights, completion and gaps to date, and the open alerts below him, as
 * zh/en plain text and markdown, with the bars a host draws into a small chart. Keyed by unit
 * and ISO week, so a host sends each manager one a week however often it runs. Pure: figures
 * come from the tracking run (the same progress the board shows), the percentages from
 * `lightPercent`, so a digest never disagrees with the board on a colour or a figure.
 */
import { periodOf, type Day } from '../calendar/index.js';
import { formatYuanGrouped, type Fen } from '../money/index.js';
import type { OrgTree } from '../org/index.js';
import type { TimeoutAlert } from '../pipeline/index.js';
import type { Lang, Localized } from '../problems.js';
import { fillPlaceholders, type DigestTexts, type NoticeKind } from './settings.js';
import type { AdjustmentReview, EscalationAlert } from '../tracking/index.js';
import type { Light } from '../tracking/lights.js';
import { lightPercent } from '../tracking/percent.js';
import type { UnitProgress } from '../tracking/progress.js';

interface DigestRow {
  unitId: string;
  name: string;
  light: Light;
  /** As the board prints it ("87.5%", "—"). */
  completion: string;
  /** actual / base as a number for the chart's bar (0 when there is no target). */
  ratio: number;
  actual: Fen;
  base: Fen | null;
  gap: Fen | null;
}

interface DigestAlert { kind: NoticeKind; unitId: string; unitName: string; since: string; level: number | null; why: Localized }

export interface WeeklyDigest {
  /** `digest|unit|week`, percent-encoded parts: one a manager a week. */
  key: string;
  week: string;
  asOf: Day;
  unitId: string;
  unitName: string;
  recipient: { id: string; name: string };
  rows: DigestRow[];
  /** The light counts of the rows. */
  lights: Record<Light, number>;
  openAlerts: DigestAlert[];
  title: Localized;
  text: Localized;
  markdown: Localized;
}

interface DigestInput {
  /** The bundle's digest texts (`notifications.digest`): every word a digest prints. */
  texts: DigestTexts;
  tree: OrgTree;
  progress: readonly UnitProgress[];
  asOf: Day;
  alerts?: readonly EscalationAlert[];
  reviews?: readonly AdjustmentReview[];
  followUps?: readonly TimeoutAlert[];
  /** Keys already delivered: those digests are left out. */
  delivered?: ReadonlySet<string>;
  /** Open alerts listed by name before "… and N more" (default 8). */
  listAlerts?: number;
}

const LIGHT_MARK: Record<Light, string> = { green: '🟢', yellow: '🟡', red: '🔴', grey: '⚪' };

/** Every manager's digest for the ISO week of `asOf`, top down, less those delivered. */
export function weeklyDigests(input: DigestInput): WeeklyDigest[] {
  const { tree, asOf, texts } = input;
  const fill = fillPlaceholders;
  const yuan = (fen: Fen | null, lang: Lang) => (fen === null ? '—' : fill(texts.amount[lang], { amount: formatYuanGrouped(fen) }));
  const week = periodOf(asOf, 'week').key;
  const byId = new Map(input.progress.map((p) => [p.id, p]));
  const limit = input.listAlerts ?? 8;
  const open: DigestAlert[] = [
    ...(input.alerts ?? []).filter((a) => a.open).map((a) => ({ kind: a.action as NoticeKind, unitId: a.unitId, unitName: a.unitName, since: a.since, level: a.level as number | null, why: a.why })),
    ...(input.reviews ?? []).filter((r) => r.open).map((r) => ({ kind: 'adjustment-review' as const, unitId: r.unitId, unitName: tree.get(r.unitId)?.name ?? r.unitId, since: r.since, level: null, why: r.why })),
    ...(input.followUps ?? []).filter((f) => f.open).map((f) => ({
      kind: 'follow-up-overdue' as const, unitId: f.ownerId, unitName: tree.get(f.ownerId)?.name ?? f.ownerId, since: f.due, level: null,
      why: { zh: fill(texts.followUpWhy.zh, { record: f.opportunityId, rule: f.rule, due: f.due }), en: fill(texts.followUpWhy.en, { record: f.opportunityId, rule: f.rule, due: f.due }) },
    })),
  ];
  const out: WeeklyDigest[] = [];
  for (const id of tree.topDown) {
    const unit = tree.get(id)!;
    if (!unit.childIds.length) continue;
    const key = ['digest', id, week].map(encodeURIComponent).join('|');
    if (input.delivered?.has(key)) continue;
    const rows: DigestRow[] = [];
    for (const child of tree.children(id)) {
      const p = byId.get(child.id);
      if (!p) continue;
      const base = p.explanation.base;
      rows.push({
        unitId: p.id, name: p.name, light: p.light, completion: lightPercent(base), // only the chart's bar length: no boundary is judged on it
        ratio: p.base && p.base > 0 ? p.actual / p.base : 0,
        actual: p.actual, base: p.base, gap: p.gapBase,
      });
    }
    const lights: Record<Light, number> = { green: 0, yellow: 0, red: 0, grey: 0 };
    for (const r of rows) lights[r.light]++;
    const below = new Set(tree.subtree(id).map((u) => u.id));
    below.delete(id);
    const alerts = open.filter((a) => below.has(a.unitId)).sort((a, b) => (b.level ?? 0) - (a.level ?? 0) || a.unitId.localeCompare(b.unitId));
    const own = byId.get(id);
    const recipient = { id: unit.input.head ?? unit.id, name: unit.name };
    const render = (lang: Lang, md: boolean) => {
      const light = (l: Light) => texts.lightNames[l][lang];
      const title = fill(texts.title[lang], { unit: unit.name, week, asOf });
      const lines: string[] = [];
      if (own) {
        lines.push(fill(texts.overall[lang], { completion: lightPercent(own.explanation.base), light: light(own.light), actual: yuan(own.actual, lang), gap: yuan(own.gapBase, lang) }));
      }
      lines.push(fill(texts.lights[lang], { green: String(lights.green), yellow: String(lights.yellow), red: String(lights.red), grey: String(lights.grey) }));
      if (md) {
        const columns = texts.columns[lang].split('|').map((c) => c.trim());
        lines.push('', `| ${columns.join(' | ')} |`, `|${columns.map(() => '---').join('|')}|`);
        for (const r of rows) lines.push(`| ${r.name} | ${LIGHT_MARK[r.light]} | ${r.completion} | ${yuan(r.gap, lang)} |`);
      } else {
        for (const r of rows) lines.push(`- ${fill(texts.row[lang], { unit: r.name, light: light(r.light), completion: r.completion, gap: yuan(r.gap, lang) })}`);
      }
      lines.push('', fill(texts.openAlerts[lang], { count: String(alerts.length) }));
      for (const a of alerts.slice(0, limit)) lines.push(`- ${fill(texts.alert[lang], { kind: texts.kindNames[a.kind][lang], unit: a.unitName, why: a.why[lang] })}`);
      if (alerts.length > limit) lines.push(`- ${fill(texts.more[lang], { count: String(alerts.length - limit) })}`);
      return { title, body: lines.join('\n') };
    };
    const zhText = render('zh', false);
    const enText = render('en', false);
    out.push({
      key, week, asOf, unitId: id, unitName: unit.name, recipient, rows, lights, openAlerts: alerts,
      title: { zh: zhText.title, en: enText.title },
      text: { zh: zhText.body, en: enText.body },
      markdown: { zh: render('zh', true).body, en: render('en', true).body },
    });
  }
  return out;
}
