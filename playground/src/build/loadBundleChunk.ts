/** The split point of `bundleLoader.ts`: only what the import() there brings in. */
export { loadBundle } from '../../../plugin/index.js';
