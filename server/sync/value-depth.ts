import * as Y from 'yjs';
import { MAX_JSON_DEPTH } from '../http/json-depth';
import { MalformedMessage } from './messages';

/** How deeply a value nests arrays and objects, walked without recursion; stops once past `stopAt`. */
export function valueDepth(value: unknown, stopAt = Number.POSITIVE_INFINITY): number {
  const stack: [unknown, number][] = [[value, 0]];
  let deepest = 0;
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (typeof item !== 'object' || item === null || ArrayBuffer.isView(item)) continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > stopAt) return deepest;
    for (const child of Array.isArray(item) ? item : Object.values(item)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * Throws MalformedMessage if an update holds a plain value (a field of a step, the map's
 * settings) nested deeper than MAX_JSON_DEPTH. Yjs decodes such values by recursion: 6,000 levels
 * passed on the shadow but overflowed the stack when the room applied them, which left the update
 * on disk, out of the room's doc, and failing every compaction.
 */
export function checkValueDepth(update: Uint8Array): void {
  let structs: ReturnType<typeof Y.decodeUpdate>['structs'];
  try {
    structs = Y.decodeUpdate(update).structs;
  } catch {
    throw new MalformedMessage('malformed Yjs update');
  }
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    for (const value of struct.content.getContent()) {
      if (value instanceof Y.AbstractType) continue;
      if (valueDepth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) throw new MalformedMessage(`a value nests deeper than ${MAX_JSON_DEPTH} levels`);
    }
  }
}
