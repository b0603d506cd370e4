/** Small trees, the 2026 calendar and settings for the phasing tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOrgTree, DEFAULT_PHASING, parseCalendar, type OrgLevel, type OrgUnitInput, type PhasingSettings, type WorkingCalendar } from '../../plugin/index.js';
import { TEMPLATES_DIR } from '../support/default-bundle.js';

export function calendar2026(): WorkingCalendar {
  const r = parseCalendar(JSON.parse(readFileSync(join(TEMPLATES_DIR, 'calendars', 'cn-2026.json'), 'utf8')));
  if (!r.ok) throw new Error('calendar');
  return r.calendar;
}

export function tree(rows: Array<[id: string, parent: string | null, level?: OrgLevel]>) {
  const built = buildOrgTree<OrgUnitInput>(rows.map(([id, parentId, level]) => ({ id, parentId, name: id, ...(level ? { level } : {}) })));
  if (!built.ok) throw new Error(JSON.stringify(built.problems));
  return built.tree;
}

export const settings = (over: Partial<PhasingSettings> = {}): PhasingSettings => ({ ...DEFAULT_PHASING, ...over });
