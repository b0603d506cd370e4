/**
 * The people the role switcher offers, taken from the sample company's org tree: the HQ target
 * admin, the sales director (销售总监, who authorises an emergency recalculation) and the HRBP
 * at the company, the head of 华东 (the first region), a rep of 华东 (the
 * first rep of its first team, by his real name), and 华东's support engineer (技术支持工程师,
 * placed at the region like its head; he resolves the work orders assigned to him), and the
 * implementer (实施顾问), who builds the bundle: templates, parameters and rules. Each is a flow `Actor` ({id, roles, unitId}),
 * so what a persona may do and see is what the flows allow, decided by the same org tree.
 */
import type { Actor, AllocationUnitInput, Localized, OrgTree } from '../../../plugin/index.js';

export type PersonaId = 'hq-admin' | 'sales-director' | 'region-head' | 'rep' | 'hrbp' | 'engineer' | 'implementer';
export const PERSONA_IDS: readonly PersonaId[] = ['hq-admin', 'sales-director', 'region-head', 'rep', 'hrbp', 'engineer', 'implementer'];

/**
 * The bundle role (bundle.json `roles`) each persona acts in. What a persona may open and do is
 * asked of his role (roles/access.ts, roles/scope.ts), never of the persona's id.
 */
const ROLE: Record<PersonaId, string> = {
  'hq-admin': 'hq-admin',
  'sales-director': 'sales-director',
  'region-head': 'region-head',
  rep: 'rep',
  hrbp: 'hrbp',
  engineer: 'engineer',
  // not a bundle role: he configures the bundle and takes part in none of its flows
  implementer: 'implementer',
};

/** The bundle roles of a persona, known before the org tree is (the menu needs them first). */
export const rolesOf = (id: PersonaId): readonly string[] => [ROLE[id]];

export interface Persona {
  id: PersonaId;
  actor: Actor;
  /** The person's name as letters and signatures show it. */
  name: string;
  /** Role title, as the switcher shows it. */
  title: Localized;
  unitName: string;
}

const TITLES: Record<PersonaId, Localized> = {
  'hq-admin': { zh: '总部目标管理员', en: 'HQ target admin' },
  'sales-director': { zh: '销售总监', en: 'Sales director' },
  'region-head': { zh: '华东大区负责人', en: '华东 region head' },
  rep: { zh: '华东销售代表', en: 'Rep of 华东' },
  hrbp: { zh: 'HRBP', en: 'HRBP' },
  engineer: { zh: '华东大区技术支持工程师', en: 'Support engineer of 华东' },
  implementer: { zh: '实施顾问', en: 'Implementer' },
};

/** The region the region head and the rep belong to: 华东 in the sample, else the first region. */
function homeRegion(tree: OrgTree<AllocationUnitInput>) {
  const regions = tree.children(tree.root.id);
  return regions.find((r) => r.name.startsWith('华东')) ?? regions[0] ?? tree.root;
}

export function personas(tree: OrgTree<AllocationUnitInput>): Record<PersonaId, Persona> {
  const root = tree.root;
  const region = homeRegion(tree);
  const team = tree.children(region.id)[0] ?? region;
  const rep = tree.children(team.id)[0] ?? team;
  return {
    'hq-admin': { id: 'hq-admin', actor: { id: 'p-hq-admin', roles: [ROLE['hq-admin']], unitId: root.id }, name: '总部目标管理员', title: TITLES['hq-admin'], unitName: root.name },
    'sales-director': { id: 'sales-director', actor: { id: 'p-sales-director', roles: [ROLE['sales-director']], unitId: root.id }, name: '销售总监', title: TITLES['sales-director'], unitName: root.name },
    'region-head': { id: 'region-head', actor: { id: `head:${region.id}`, roles: [ROLE['region-head']], unitId: region.id }, name: `${region.name}负责人`, title: TITLES['region-head'], unitName: region.name },
    rep: { id: 'rep', actor: { id: rep.id, roles: [ROLE.rep], unitId: rep.id }, name: rep.name, title: TITLES.rep, unitName: rep.name },
    hrbp: { id: 'hrbp', actor: { id: 'p-hrbp', roles: [ROLE.hrbp], unitId: root.id }, name: 'HRBP', title: TITLES.hrbp, unitName: root.name },
    engineer: { id: 'engineer', actor: { id: `engineer:${region.id}`, roles: [ROLE.engineer], unitId: region.id }, name: `${region.name}技术支持工程师`, title: TITLES.engineer, unitName: region.name },
    implementer: { id: 'implementer', actor: { id: 'p-implementer', roles: [ROLE.implementer], unitId: root.id }, name: '实施顾问', title: TITLES.implementer, unitName: root.name },
  };
}

/** Whether the persona may see a unit: his own unit and everything below it (the flows' "unit" scope). */
export function canSeeUnit(tree: OrgTree<AllocationUnitInput>, persona: Persona, unitId: string): boolean {
  return tree.get(persona.actor.unitId) !== undefined && tree.isWithin(unitId, persona.actor.unitId);
}
