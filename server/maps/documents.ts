import * as Y from 'yjs';
import { writeMap } from '../../src/collab/doc';
import type { StallMap } from '../../src/core/model';
import type { Rooms } from '../sync/rooms';
import type { DocStore } from '../storage/store';
import type { MapAccess } from './access';
import { type Role, roomName } from './roles';
import { newMapId } from './tokens';

/**
 * A map as the server keeps it: the map room and the review room (written by collab/doc.ts, the
 * same code the page uses), and an access record. The access record goes last, so a map whose
 * creation was interrupted is never reachable.
 */
export async function storeNewMap(store: DocStore, access: MapAccess, rooms: NewMapRooms, mapId = newMapId()): Promise<{ id: string; tokens: Record<Role, string> }> {
  await store.appendUpdate(roomName(mapId, 'map'), rooms.map);
  await store.appendUpdate(roomName(mapId, 'review'), rooms.review);
  return { id: mapId, tokens: await access.create(mapId) };
}

/** A new map's two rooms as their first updates: measured before they are stored (a room past maxDocBytes could never be sent to anyone). */
export interface NewMapRooms {
  map: Uint8Array;
  review: Uint8Array;
}

export function encodeNewMap(map: StallMap): NewMapRooms {
  const doc = new Y.Doc();
  const review = new Y.Doc();
  writeMap(doc, map, 'import', review);
  const rooms = { map: Y.encodeStateAsUpdate(doc), review: Y.encodeStateAsUpdate(review) };
  doc.destroy();
  review.destroy();
  return rooms;
}

/**
 * The server's copy of a map as the bytes of its two rooms (Rooms.readState): from the live rooms
 * when loaded, else from disk; with each room's version as it was read (undefined: from disk).
 */
export async function readStoredState(rooms: Rooms, mapId: string) {
  const [map, review] = await Promise.all([rooms.readState(roomName(mapId, 'map')), rooms.readState(roomName(mapId, 'review'))]);
  return { map: map.updates, review: review.updates, versions: [map.version, review.version] };
}
