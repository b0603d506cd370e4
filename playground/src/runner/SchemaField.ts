/** The SchemaField every template form renders through, with the registered components. The
 * safe compiler is imported first so no schema is ever compiled by Formily's default. */
import './safeCompiler.js';
import { createSchemaField } from '@formily/react';
import { components } from './components.js';

export const SchemaField = createSchemaField({ components });
