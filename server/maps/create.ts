import { CURRENT_VERSION, FORMAT, parseMap, type SchemaError, type StallMap } from '../../src/core/model';
import { findTemplate, templates } from '../../src/core/templates';

export type InitialMap = { ok: true; map: StallMap } | { ok: false; errors: SchemaError[]; templates?: string[] };

export const EMPTY_TITLE = 'Untitled map';

/**
 * What a new map starts as, from the body of `POST /api/maps`: `{}` an empty map, `{ "template":
 * NAME }` a copy of a template, anything else a map in the format, validated as an import. Its id
 * is always `newId`: a file's own id, or a template's name, would be shared by every map made from it.
 */
export function initialMap(body: unknown, newId: string): InitialMap {
  const initial = initialContent(body, newId);
  return initial.ok ? { ok: true, map: { ...initial.map, id: newId } } : initial;
}

function initialContent(body: unknown, newId: string): InitialMap {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errors: [{ path: '(top level)', message: 'must be a JSON object: a map, {"template": NAME} or {}' }] };
  }
  const keys = Object.keys(body);
  if (keys.length === 0) return { ok: true, map: emptyMap(newId) };
  if (keys.length === 1 && keys[0] === 'template') return fromTemplate((body as { template: unknown }).template);
  const parsed = parseMap(body);
  return parsed.ok ? parsed : { ok: false, errors: parsed.errors };
}

function emptyMap(id: string): StallMap {
  return { format: FORMAT, version: CURRENT_VERSION, id, title: EMPTY_TITLE, steps: [], joins: [], waivers: [], comments: [] };
}

function fromTemplate(name: unknown): InitialMap {
  const names = templates.map((t) => t.name);
  const template = typeof name === 'string' ? findTemplate(name) : undefined;
  if (!template) {
    const message = `unknown template ${JSON.stringify(name)}; known: ${names.join(', ')}`;
    return { ok: false, errors: [{ path: 'template', message }], templates: names };
  }
  return { ok: true, map: structuredClone(template.map) };
}

/** What a new map costs the disk's budget for new maps: its size as JSON, close to what it takes stored. */
export const mapBytes = (map: StallMap): number => Buffer.byteLength(JSON.stringify(map));
