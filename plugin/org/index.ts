export { buildOrgTree, ORG_LEVELS, type OrgLevel, type OrgTree, type OrgTreeResult, type OrgUnit, type OrgUnitInput } from './org-tree.js';
