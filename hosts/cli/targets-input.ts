/**
 * A targets table read as the org tree and each unit's Base and Stretch: the runtime's one
 * reader (NocoBase reads its stored targets through it too), under the name the commands use.
 */
export { readTargetUnits as targetUnitsOf } from '../../plugin/index.js';
