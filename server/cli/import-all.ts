import { existsSync, readFileSync } from 'node:fs';
import * as Y from 'yjs';
import { readMap, writeMap } from '../../src/collab/doc';
import { parseMap, type StallMap } from '../../src/core/model';
import { errorText } from '../log';
import { roomName } from '../maps/roles';
import { MAP_ID_PATTERN } from '../maps/tokens';
import { type ParsedArgs, UsageError } from './args';
import {
  type AccessRecord,
  accessFile,
  BACKUP_FORMAT,
  BACKUP_VERSION,
  canonicalJson,
  isAccessRecord,
  type Manifest,
  manifestPath,
  mapFile,
  stateFile,
} from './backup-format';
import { IMPORT_ALL_USAGE as usage } from './backup-commands';
import { dataDirOf, isRedisUrl, openDataDir, storageLabel } from './data-dir';
import { onePositional } from './export-all';
import type { Io } from './io';

/** One map, validated and ready to write: each room's state as one update, and its access record. */
interface Restorable {
  id: string;
  map: Uint8Array;
  review: Uint8Array;
  access: AccessRecord;
}

/**
 * `stallmap import-all` (backup-commands.ts): restores a backup written by export-all into a
 * data directory (a new one, or one holding none of its maps), with the maps' access records, so
 * every link from before opens its map again. All or nothing: every file is read and checked first, and any problem (a
 * file missing or invalid, a map already there) refuses the import before anything is written.
 * Exit 0: imported; 2: refused, nothing written.
 */
export async function importAll(args: ParsedArgs, io: Io): Promise<number> {
  const dir = onePositional(args.positionals, usage);
  const manifest = readManifest(dir);
  const problems: string[] = [];
  const ids = manifest.maps.map((entry) => entry?.id);
  for (const id of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) problems.push(`manifest.json: map ${id} is listed twice`);
  const maps = ids.map((id) => readMapFiles(dir, id, problems));
  if (problems.length > 0) throw new UsageError(`${dir} cannot be imported, nothing was written:\n${problems.map((p) => `  ${p}`).join('\n')}`, usage);
  const dataDir = dataDirOf(args.flags);
  const store = await openDataDir(dataDir, io, usage, { mustExist: false, salvage: 'none', onlyReads: false });
  try {
    const present: string[] = [];
    for (const map of maps as Restorable[]) {
      if ((await store.getRecord(map.id, 'access')) !== undefined || (await store.loadUpdates(roomName(map.id, 'map'))).length > 0) present.push(map.id);
    }
    if (present.length > 0) {
      // A Redis is where the running servers keep their maps: "a new data directory" means nothing there.
      const elsewhere = isRedisUrl(dataDir) ? 'a Redis that holds none of them' : 'a new data directory';
      throw new UsageError(`${storageLabel(dataDir)} already holds ${present.length === 1 ? 'map' : 'maps'} ${present.join(', ')}; import into ${elsewhere}. Nothing was written.`, usage);
    }
    let written = 0;
    try {
      for (const map of maps as Restorable[]) {
        await store.appendUpdate(roomName(map.id, 'map'), map.map);
        await store.appendUpdate(roomName(map.id, 'review'), map.review);
        // Last, as when a map is created: a map whose import was cut short is never reachable.
        await store.setRecord(map.id, 'access', map.access);
        written += 1;
      }
    } catch (error) {
      throw new Error(`writing failed after ${written} of ${maps.length} maps: ${errorText(error)}`);
    }
    io.out(`imported ${written} map${written === 1 ? '' : 's'} into ${storageLabel(dataDir)}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

function readJsonFile(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function readManifest(dir: string): Manifest {
  const path = manifestPath(dir);
  if (!existsSync(path)) throw new UsageError(`${dir} is not a Stallmap backup: no manifest.json (make one with stallmap export-all)`, usage);
  let manifest: Manifest;
  try {
    manifest = readJsonFile(path) as Manifest;
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${errorText(error)}`, usage);
  }
  if (manifest?.format !== BACKUP_FORMAT || !Array.isArray(manifest.maps)) throw new UsageError(`${path} is not a Stallmap backup manifest`, usage);
  if (manifest.version !== BACKUP_VERSION) throw new UsageError(`${path} is a backup of version ${manifest.version}; this stallmap reads version ${BACKUP_VERSION}`, usage);
  return manifest;
}

/** Reads and checks one map's files; what is wrong goes to `problems`. */
function readMapFiles(dir: string, id: unknown, problems: string[]): Restorable | undefined {
  if (typeof id !== 'string' || !MAP_ID_PATTERN.test(id)) {
    problems.push(`manifest.json: ${JSON.stringify(id)} is not a map id`);
    return undefined;
  }
  const read = (path: string): unknown => {
    try {
      return readJsonFile(path);
    } catch (error) {
      problems.push(`${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : errorText(error)}`);
      return undefined;
    }
  };
  const raw = read(mapFile(dir, id));
  const access = read(accessFile(dir, id));
  const state = existsSync(stateFile(dir, id)) ? read(stateFile(dir, id)) : undefined;
  if (raw === undefined || access === undefined) return undefined;
  const parsed = parseMap(raw);
  if (!parsed.ok) {
    problems.push(`${mapFile(dir, id)}: not a valid map: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    return undefined;
  }
  if (!isAccessRecord(access)) {
    problems.push(`${accessFile(dir, id)}: not an access record (created, hashes of edit, review, view: 64 hex digits each, and optionally the sealed links)`);
    return undefined;
  }
  // What the server reads, nothing else: the sealed links with the hashes, so editors are still handed the links after a restore.
  const record: AccessRecord = { created: access.created, hashes: { edit: access.hashes.edit, review: access.hashes.review, view: access.hashes.view }, ...(access.links ? { links: access.links } : {}) };
  return { id, access: record, ...(fromState(state, raw) ?? fromMap(parsed.map)) };
}

/** The exported Yjs state, if it reads back as map.json (so nothing in map.json was changed by hand). */
function fromState(state: unknown, raw: unknown): { map: Uint8Array; review: Uint8Array } | undefined {
  const { map, review } = (state ?? {}) as { map?: unknown; review?: unknown };
  if (typeof map !== 'string' || typeof review !== 'string') return undefined;
  const mapState = new Uint8Array(Buffer.from(map, 'base64'));
  const reviewState = new Uint8Array(Buffer.from(review, 'base64'));
  const doc = new Y.Doc();
  const reviewDoc = new Y.Doc();
  try {
    Y.applyUpdate(doc, mapState);
    Y.applyUpdate(reviewDoc, reviewState);
    const read = readMap(doc, reviewDoc, (raw as { id?: string }).id);
    return canonicalJson(read.map) === canonicalJson(raw) ? { map: mapState, review: reviewState } : undefined;
  } catch {
    return undefined;
  } finally {
    doc.destroy();
    reviewDoc.destroy();
  }
}

/** The rooms built from the map format, as a map created from an import is. */
function fromMap(map: StallMap): { map: Uint8Array; review: Uint8Array } {
  const doc = new Y.Doc();
  const review = new Y.Doc();
  writeMap(doc, map, 'import', review);
  const states = { map: Y.encodeStateAsUpdate(doc), review: Y.encodeStateAsUpdate(review) };
  doc.destroy();
  review.destroy();
  return states;
}
