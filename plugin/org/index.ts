export { buildOrgTree, ORG_LEVELS, readLevelCell, type OrgLevel, type OrgTree, type OrgUnitInput } from './org-tree.js';
