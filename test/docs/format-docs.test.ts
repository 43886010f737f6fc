import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import {
  assessmentEntrySchema,
  CURRENT_VERSION,
  commentSchema,
  describeErrors,
  joinSchema,
  mapSchema,
  migrations,
  parseMapJson,
  programSchema,
  redesignSchema,
  stepSchema,
  waiverSchema,
} from '../../src/core/model';

/**
 * docs/format.md stays complete and true: every field of the zod model is documented, every map
 * on the page is a valid map that the published JSON Schema accepts, and every migration is named.
 */

const page = readFileSync(new URL('../../docs/format.md', import.meta.url), 'utf8');
const schema = JSON.parse(readFileSync(new URL('../../schema/stallmap-map.json', import.meta.url), 'utf8'));
const validate = new Ajv2020({ allErrors: true }).compile(schema);

const mapsOnPage = [...page.matchAll(/```json\n([^`]*?)\n```/g)].map((m) => m[1]).filter((text) => text.includes('"format": "stallmap/map"'));

describe('docs/format.md', () => {
  it('documents every field of the model', () => {
    const shapes = { map: mapSchema, step: stepSchema, join: joinSchema, waiver: waiverSchema, comment: commentSchema, program: programSchema, assessment: assessmentEntrySchema, redesign: redesignSchema };
    for (const [name, shape] of Object.entries(shapes)) {
      for (const field of Object.keys(shape.shape)) expect(page, `${name}.${field}`).toContain(`\`${field}\``);
    }
    expect(page).toContain('`$schema`');
    expect(page).toContain(`**version ${CURRENT_VERSION}**`);
  });

  it('says that references between ids are checked by Stallmap, not by the JSON Schema', () => {
    expect(page).toContain('References between ids are checked by Stallmap, not by the JSON Schema');
  });

  it('shows maps that Stallmap and the JSON Schema both accept', () => {
    expect(mapsOnPage.length).toBeGreaterThanOrEqual(2);
    for (const text of mapsOnPage) {
      const parsed = parseMapJson(text);
      expect(parsed.ok ? '' : describeErrors(parsed.errors)).toBe('');
      expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('names every migration', () => {
    for (const migration of migrations) expect(page).toContain(migration.name.split(':')[0]);
  });
});
