import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as Y from 'yjs';
import { readMap } from '../../src/collab/doc';
import { errorText } from '../log';
import { roomName } from '../maps/roles';
import type { DocStore } from '../storage/store';
import { loadDoc } from '../sync/load';
import { accessFile, BACKUP_FORMAT, BACKUP_VERSION, isAccessRecord, type Manifest, manifestPath, mapDir, mapFile, stateFile } from './backup-format';
import { dataDirOf, openDataDir } from './data-dir';

import { type ParsedArgs, UsageError } from './args';
import { EXPORT_ALL_USAGE as usage } from './backup-commands';
import { type Io, pathProblem } from './io';

/**
 * `stallmap export-all` (backup-commands.ts): every map of a stopped server's data directory into
 * DIR (layout: backup-format.ts). On a damaged store it exports what can be read, from a repaired
 * temporary copy (the data directory is not repaired), and names what it could not. Exit 0:
 * every map exported; 1: some could not be read, or the store is damaged (listed on stderr); 2:
 * did not run.
 */
export async function exportAll(args: ParsedArgs, io: Io): Promise<number> {
  const dir = onePositional(args.positionals, usage);
  makeBackupDir(dir);
  const store = await openDataDir(dataDirOf(args.flags), io, usage, { mustExist: true, salvage: 'copy', onlyReads: true });
  try {
    const manifest = await exportMaps(store, dir);
    for (const { id, reason } of manifest.skipped) io.err(`stallmap: map ${id} not exported: ${reason}\n`);
    for (const map of manifest.maps) for (const warning of map.warnings ?? []) io.err(`stallmap: map ${map.id}: ${warning}\n`);
    io.out(`exported ${manifest.maps.length} map${manifest.maps.length === 1 ? '' : 's'} to ${dir}${manifest.skipped.length ? `; ${manifest.skipped.length} could not be read` : ''}\n`);
    return manifest.skipped.length > 0 || !store.health.healthy ? 1 : 0;
  } finally {
    await store.close();
  }
}

export function onePositional(positionals: string[], usage: string): string {
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one directory, got ${positionals.length}` : 'which directory? Name one', usage);
  return positionals[0];
}

/**
 * Makes the backup's directory, before the store is opened: a target that is a file, is not
 * empty or cannot be made (a path under a file, no permission) is for the person to fix (exit 2),
 * not found after the store was opened as an internal error.
 */
function makeBackupDir(dir: string): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new UsageError(`${dir} is not a directory: export into a new or empty directory`, usage);
    if (readdirSync(dir).length > 0) throw new UsageError(`${dir} is not empty: export into a new or empty directory`, usage);
    return;
  }
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new UsageError(`cannot create ${dir}: ${pathProblem(error)}`, usage);
  }
}

/** A map is a room without `/` that has an access record; each is read on its own, so one that cannot be read is skipped and named. */
async function exportMaps(store: DocStore, dir: string): Promise<Manifest> {
  const manifest: Manifest = { format: BACKUP_FORMAT, version: BACKUP_VERSION, exported: new Date().toISOString(), maps: [], skipped: [] };
  let rooms: string[];
  try {
    rooms = await store.listRooms();
  } catch (error) {
    manifest.skipped.push({ id: '*', reason: `the maps cannot be listed: ${errorText(error)}` });
    rooms = [];
  }
  for (const id of rooms.filter((room) => !room.includes('/'))) {
    try {
      const access = await store.getRecord(id, 'access');
      if (!isAccessRecord(access)) {
        manifest.skipped.push({ id, reason: 'it has no access record (its creation never finished, or the record was lost), so no link opens it' });
        continue;
      }
      const doc = new Y.Doc();
      const review = new Y.Doc();
      const loaded = [await loadDoc(store, roomName(id, 'map'), doc), await loadDoc(store, roomName(id, 'review'), review)];
      const { map, skipped } = readMap(doc, review, id);
      const warnings = [...store.health.warningsFor(id)];
      const unreadable = loaded.reduce((sum, l) => sum + l.skipped, 0);
      if (unreadable > 0) warnings.push(`${unreadable} stored updates could not be applied and are not in the export`);
      if (skipped.length > 0) warnings.push(`${skipped.length} items did not fit the map format and are only in state.json`);
      mkdirSync(mapDir(dir, id), { recursive: true });
      writeFileSync(mapFile(dir, id), `${JSON.stringify(map, null, 2)}\n`);
      writeFileSync(accessFile(dir, id), `${JSON.stringify(access, null, 2)}\n`);
      const state = { map: Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64'), review: Buffer.from(Y.encodeStateAsUpdate(review)).toString('base64') };
      writeFileSync(stateFile(dir, id), `${JSON.stringify(state)}\n`);
      doc.destroy();
      review.destroy();
      manifest.maps.push({ id, title: map.title, steps: map.steps.length, joins: map.joins.length, ...(warnings.length ? { warnings } : {}) });
    } catch (error) {
      manifest.skipped.push({ id, reason: errorText(error) });
    }
  }
  writeFileSync(manifestPath(dir), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
