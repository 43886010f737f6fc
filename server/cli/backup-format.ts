import { join } from 'node:path';
import { isSealedLinks, type SealedLinks } from '../maps/sealed-links';

/**
 * The layout of a backup (export-all writes it, import-all reads it):
 *
 *   DIR/manifest.json              { format, version, exported, maps: [{ id, title, steps, joins, warnings? }], skipped: [{ id, reason }] }
 *   DIR/maps/<id>/map.json         the map in the map format, review data (waivers, comments) included
 *   DIR/maps/<id>/access.json      the access record: the SHA-256 hashes of its three tokens, so its links keep working,
 *                                  and its review and view tokens sealed under the edit token, so editors can still be handed them
 *   DIR/maps/<id>/state.json       { map, review }: each room's Yjs state, base64, so a restore is exact
 *
 * `map.json` is what people and other tools read (`stallmap analyze` takes it as it is); the
 * state is what a restore uses, as long as it still reads back as `map.json` (someone may have
 * edited that by hand, and then it wins).
 */
export const BACKUP_FORMAT = 'stallmap-backup';
export const BACKUP_VERSION = 1;

export interface ManifestEntry {
  id: string;
  title: string;
  steps: number;
  joins: number;
  /** Known damage, as the server shows it with the map. */
  warnings?: string[];
}

export interface Manifest {
  format: typeof BACKUP_FORMAT;
  version: number;
  exported: string;
  maps: ManifestEntry[];
  skipped: { id: string; reason: string }[];
}

export interface AccessRecord {
  created: string;
  hashes: { edit: string; review: string; view: string };
  /** Absent on maps created before links could be handed out again (maps/sealed-links.ts). */
  links?: SealedLinks;
}

export interface StateFile {
  map: string;
  review: string;
}

export const manifestPath = (dir: string) => join(dir, 'manifest.json');
export const mapDir = (dir: string, id: string) => join(dir, 'maps', id);
export const mapFile = (dir: string, id: string) => join(mapDir(dir, id), 'map.json');
export const accessFile = (dir: string, id: string) => join(mapDir(dir, id), 'access.json');
export const stateFile = (dir: string, id: string) => join(mapDir(dir, id), 'state.json');

const HASH = /^[0-9a-f]{64}$/;

export function isAccessRecord(value: unknown): value is AccessRecord {
  const record = value as AccessRecord | undefined;
  const hashes = record?.hashes;
  return (
    typeof record?.created === 'string' &&
    typeof hashes === 'object' &&
    hashes !== null &&
    [hashes.edit, hashes.review, hashes.view].every((hash) => typeof hash === 'string' && HASH.test(hash)) &&
    (record.links === undefined || isSealedLinks(record.links))
  );
}

/** JSON with object keys sorted, to compare two values regardless of key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
