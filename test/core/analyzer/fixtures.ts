import { readFileSync } from 'node:fs';
import { describeErrors, parseMapJson, type StallMap } from '../../../src/core/model';

/** A map from test/fixtures (path relative to it), through the real schema: a broken fixture fails loudly. */
export function loadMap(path: string): StallMap {
  const file = new URL(`../../fixtures/${path}`, import.meta.url);
  const parsed = parseMapJson(readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error(`fixture ${path} is not a valid map:\n${describeErrors(parsed.errors)}`);
  return parsed.map;
}
