/**
 * Where the active bundle survives restarts: one row keyed 'current' holding the single-file
 * bundle JSON and its hash; and the row 'signing-secret' whose `hash` holds the secret that
 * letters are signed under (server/signing.ts). NocoBase reads every file in server/collections when the plugin
 * is installed or enabled and creates the table.
 */
import { BUNDLES_COLLECTION } from '../../../../contract.js';

export { BUNDLES_COLLECTION };
export const CURRENT_KEY = 'current';

export default {
  name: BUNDLES_COLLECTION,
  dumpRules: 'required',
  fields: [
    { type: 'string', name: 'key', unique: true, allowNull: false },
    { type: 'string', name: 'bundleId' },
    { type: 'string', name: 'version' },
    { type: 'string', name: 'hash' },
    { type: 'json', name: 'bundle' },
  ],
};
