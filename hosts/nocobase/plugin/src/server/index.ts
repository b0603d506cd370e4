/** Entry NocoBase requires: the plugin class as the default export. */
export { default } from './plugin.js';
