/**
 * The bundle the playground shows, loaded once through the plugin's public entry, exactly as a
 * low-code host would load it. Loading is all or nothing: on failure the app shows the problems.
 */
import { loadBundle } from '../../../plugin/index.js';
import { defaultBundleFiles } from './defaultBundleFiles.js';

export const defaultBundle = loadBundle(defaultBundleFiles());
