/** The version of this runtime; bundles declare the range they need in `requires.plugin`.
 * tests/bundle/version.test.ts keeps it equal to package.json's version. */
export const PLUGIN_VERSION = '0.1.0';
