import type { StallMap } from './schema';

/**
 * Where the map format's JSON Schema is published (the file is schema/stallmap-map.json in the
 * repository and the package). One address for every copy of Stallmap, with the format's version
 * in it, so a file keeps naming the schema of the version that wrote it, wherever it travels.
 */
export const MAP_SCHEMA_URL = 'https://stallmap.dev/schema/v2/stallmap-map.json';

/**
 * A map as the file Stallmap writes: `"$schema"` first (editors validate and complete the file
 * against it; importing ignores it), then the map, two-space indented, ending in a newline.
 */
export function mapFileJson(map: StallMap): string {
  return `${JSON.stringify({ $schema: MAP_SCHEMA_URL, ...map }, null, 2)}\n`;
}
