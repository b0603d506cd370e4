/**
 * Names for the parts of a loaded bundle the playground works with, derived from the plugin's
 * public types so they cannot drift from what `loadBundle` returns.
 */
import type { LoadedBundle } from '../../../plugin/index.js';

export type TemplateEntry = LoadedBundle['templates'][number];
export type TemplateDef = TemplateEntry['def'];
export type Binding = NonNullable<TemplateDef['bindings']>[number];
export type FormSchema = TemplateDef['forms'][string];
export type Manifest = LoadedBundle['manifest'];
