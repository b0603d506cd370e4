export { buildOrgTree, ORG_LEVELS, type OrgLevel, type OrgTree, type OrgUnitInput } from './org-tree.js';
