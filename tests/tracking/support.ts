/** The default bundle loaded once, a small org and the 2026 calendar, for the tracking tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOrgTree, loadBundle, parseCalendar, type LoadedBundle, type OrgTree, type OrgUnitInput, type WorkingCalendar } from '../../plugin/index.js';
import { defaultBundleFiles, TEMPLATES_DIR } from '../support/default-bundle.js';

export function defaultBundle(mutate?: (files: Record<string, any>) => void): LoadedBundle { // eslint-disable-line @typescript-eslint/no-explicit-any
  const files = defaultBundleFiles() as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  mutate?.(files);
  const r = loadBundle(files);
  if (!r.ok) throw new Error(JSON.stringify(r.problems, null, 2));
  return r.bundle;
}

export function calendar2026(): WorkingCalendar {
  const r = parseCalendar(JSON.parse(readFileSync(join(TEMPLATES_DIR, 'calendars/cn-2026.json'), 'utf8')));
  if (!r.ok) throw new Error('calendar');
  return r.calendar;
}

/** co → east (t1: r1, r2), south (t2: r3) */
export function smallOrg(): OrgTree<OrgUnitInput> {
  const rows: OrgUnitInput[] = [
    { id: 'co', parentId: null, name: '公司' },
    { id: 'east', parentId: 'co', name: '华东' },
    { id: 'south', parentId: 'co', name: '华南' },
    { id: 't1', parentId: 'east', name: '上海一组' },
    { id: 't2', parentId: 'south', name: '广州一组' },
    { id: 'r1', parentId: 't1', name: '王磊' },
    { id: 'r2', parentId: 't1', name: '李娜' },
    { id: 'r3', parentId: 't2', name: '张伟' },
  ];
  const r = buildOrgTree(rows);
  if (!r.ok) throw new Error('org');
  return r.tree;
}
