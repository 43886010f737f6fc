import * as Y from 'yjs';
import { StorageHealth } from './integrity';
import type { DocStore } from './store';

/** A DocStore in memory, for tests of rooms and the API that need no disk. */
export function memoryStore(): DocStore & { updates: Map<string, Uint8Array[]> } {
  const updates = new Map<string, Uint8Array[]>();
  const records = new Map<string, unknown>();
  return {
    updates,
    health: new StorageHealth(),
    async loadUpdates(room) {
      return [...(updates.get(room) ?? [])];
    },
    async appendUpdate(room, update) {
      updates.set(room, [...(updates.get(room) ?? []), update]);
    },
    async compact(room, state) {
      const log = updates.get(room);
      if (state) updates.set(room, [state]);
      else if (log && log.length > 1) updates.set(room, [Y.mergeUpdates(log)]);
    },
    async getRecord(room, key) {
      return records.get(`${room}\n${key}`);
    },
    async setRecord(room, key, value) {
      records.set(`${room}\n${key}`, value);
    },
    async swapRecord(room, key, expected, value) {
      // Compared as the other stores compare it, by value: getRecord hands out the stored object itself.
      if (JSON.stringify(records.get(`${room}\n${key}`)) !== JSON.stringify(expected)) return false;
      records.set(`${room}\n${key}`, value);
      return true;
    },
    async listRooms() {
      return [...new Set([...updates.keys(), ...[...records.keys()].map((key) => key.split('\n')[0])])].sort();
    },
    async ping() {},
    async close() {},
  };
}
