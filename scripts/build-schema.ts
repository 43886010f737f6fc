/**
 * Writes schema/stallmap-map.json, the map format's JSON Schema, from the zod model
 * (`npm run schema`). The file is committed and published with the package; a test fails when it
 * differs from what this script would write, so run it after changing src/core/model/schema.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { mapJsonSchema } from '../src/core/model/json-schema';

export const SCHEMA_FILE = new URL('../schema/stallmap-map.json', import.meta.url);

/** The file's text: two-space JSON and a final newline, so diffs stay readable. */
export function schemaFileText(): string {
  return `${JSON.stringify(mapJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  mkdirSync(new URL('.', SCHEMA_FILE), { recursive: true });
  writeFileSync(SCHEMA_FILE, schemaFileText());
  console.log(`wrote ${SCHEMA_FILE.pathname}`);
}
