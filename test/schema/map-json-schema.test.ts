import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parseMap, parseMapJson, type SchemaError } from '../../src/core/model';
import { CURRENT_VERSION, mapFileJson, MAP_SCHEMA_URL } from '../../src/core/model';
import { templates } from '../../src/core/templates';
import { SCHEMA_FILE, schemaFileText } from '../../scripts/build-schema';
import { loadFixture } from '../fixtures/load';

/**
 * schema/stallmap-map.json is generated from the zod model (npm run schema) and committed. It must
 * be what the script writes today, accept every map Stallmap accepts, and refuse what Stallmap
 * refuses wherever JSON Schema can say it: the cross-reference check (unique ids, joins and
 * `verifies` naming steps) is Stallmap's alone, and that is the one difference allowed.
 */

const committed = readFileSync(SCHEMA_FILE, 'utf8');
const schema = JSON.parse(committed);
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(schema);
const schemaErrors = (value: unknown) => (validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`));

const fixturesDir = fileURLToPath(new URL('../fixtures/', import.meta.url));
const jsonFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? jsonFiles(path) : name.endsWith('.json') ? [path] : [];
  });

/** The messages of the zod model's cross-reference check, which JSON Schema cannot express. */
const crossReference = (e: SchemaError) => /^(duplicate id|no step|a join may not (start|end) at)/.test(e.message);

describe('schema/stallmap-map.json', () => {
  it('is what `npm run schema` writes from the zod model today', () => {
    expect(committed).toBe(schemaFileText());
  });

  it('names itself, the format and the version, and says that references are checked by Stallmap', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(MAP_SCHEMA_URL);
    expect(schema.properties.format.const).toBe('stallmap/map');
    expect(schema.properties.version.enum).toContain(CURRENT_VERSION);
    expect(schema.description).toMatch(/unique across steps and joins/);
  });

  it('accepts every template', () => {
    for (const template of templates) expect(schemaErrors(template.map), template.name).toEqual([]);
  });

  const files = jsonFiles(fixturesDir).map((path) => ({ name: relative(fixturesDir, path), text: readFileSync(path, 'utf8') }));

  it('agrees with Stallmap on every fixture: valid maps pass, invalid ones fail unless only their references are wrong', () => {
    let valid = 0;
    let refused = 0;
    for (const { name, text } of files) {
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        continue; // not JSON at all: no schema to consult
      }
      const parsed = parseMapJson(text);
      if (parsed.ok) {
        expect(schemaErrors(raw), name).toEqual([]);
        valid++;
      } else if (parsed.errors.every(crossReference)) {
        expect(schemaErrors(raw), `${name}: only references are wrong, which JSON Schema cannot see`).toEqual([]);
      } else {
        expect(schemaErrors(raw).length, `${name} is refused by Stallmap: ${parsed.errors.map((e) => e.message).join('; ')}`).toBeGreaterThan(0);
        refused++;
      }
    }
    // The fixture tree holds dozens of maps and a few broken files: a glob that found nothing must not pass.
    expect(valid).toBeGreaterThan(30);
    expect(refused).toBeGreaterThan(0);
  });

  const example = () => loadFixture('contract-review') as unknown as Record<string, any>;
  const schemaCan: [string, (m: Record<string, any>) => void][] = [
    ['an unknown step field', (m) => (m.steps[1].owenr = 'x')],
    ['an unknown top-level field', (m) => (m.colour = 'red')],
    ['negative minutes', (m) => (m.steps[1].workMinutes = -2)],
    ['minutes as text', (m) => (m.steps[2].waitMinutes = '4h')],
    ['a rate above 1', (m) => (m.steps[1].overrideRate = 1.5)],
    ['an unknown kind', (m) => (m.steps[0].kind = 'robot')],
    ['an unknown handoff', (m) => (m.joins[0].handoff = 'fax')],
    ['an empty label', (m) => (m.steps[0].label = '')],
    ['a bad id', (m) => (m.steps[0].id = 'has space')],
    ['a missing label', (m) => delete m.steps[3].label],
    ['a wrong format', (m) => (m.format = 'other')],
    ['a version from the future', (m) => (m.version = CURRENT_VERSION + 1)],
    ['a bad rule setting', (m) => (m.settings = { rules: { 'human-join': 'loud' } })],
    ['a share above 1', (m) => (m.joins[0].share = 2)],
    ['rework that is not true or false', (m) => (m.joins[0].rework = 'yes')],
    ['an assessment of an unknown surface', (m) => (m.assessment = { vibes: { score: 3, evidence: 'x' } })],
    ['a score of 6', (m) => (m.assessment = { workflow: { score: 6, evidence: 'x' } })],
    ['a milestone without a date', (m) => (m.program = { milestone: { text: 'Live', due: 'soon' } })],
    ['a redesign step with an unknown kind', (m) => (m.redesign = { steps: [{ id: 'a', kind: 'robot', label: 'A' }], joins: [] })],
  ];
  it.each(schemaCan)('refuses %s, as Stallmap does', (_what, breakIt) => {
    const map = example();
    breakIt(map);
    expect(parseMap(map).ok).toBe(false);
    expect(schemaErrors(map)).not.toEqual([]);
  });

  const stallmapOnly: [string, (m: Record<string, any>) => void][] = [
    ['a join to a missing step', (m) => (m.joins[0].to = 'ghost')],
    ['a duplicate id across steps and joins', (m) => (m.joins[0].id = 'sum')],
    ['a join leaving an end', (m) => m.joins.push({ id: 'j9', from: 'out', to: 'chk' })],
    ['verifies naming a missing step', (m) => (m.steps[2].verifies = ['gone'])],
  ];
  it.each(stallmapOnly)('leaves %s to Stallmap (docs/format.md says so)', (_what, breakIt) => {
    const map = example();
    breakIt(map);
    expect(parseMap(map).ok).toBe(false);
    expect(schemaErrors(map)).toEqual([]);
  });

  it('accepts a file as Stallmap writes it, "$schema" and all, and Stallmap reads it back unchanged', () => {
    const parsed = parseMap(loadFixture('contract-review'));
    if (!parsed.ok) throw new Error('the example must parse');
    const text = mapFileJson(parsed.map);
    expect(JSON.parse(text).$schema).toBe(MAP_SCHEMA_URL);
    expect(schemaErrors(JSON.parse(text))).toEqual([]);
    const again = parseMapJson(`\uFEFF${text}`);
    expect(again.ok && again.map).toEqual(parsed.map);
  });
});
