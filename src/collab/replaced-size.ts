import * as Y from 'yjs';
import type { StallMap } from '../core/model';
import { writeMap } from './doc';

/**
 * Whether the map doc, once `map` replaced what it holds, would be at most `limit` bytes as the
 * server measures a room (its encoded state, STALLMAP_MAX_DOC_BYTES): past it the server refuses
 * the import (4413) after the page has made it, so the page asks first. Most imports are far
 * under: what the doc is now plus twice the map's JSON (Yjs encodes a map in less) says so at
 * the cost of one encoding. Only near the limit is the replace made on a copy and measured.
 */
export function fitsAfterReplace(doc: Y.Doc, map: StallMap, limit: number): boolean {
  const now = Y.encodeStateAsUpdate(doc);
  if (now.byteLength + 2 * JSON.stringify(map).length <= limit) return true;
  const copy = new Y.Doc();
  try {
    Y.applyUpdate(copy, now);
    writeMap(copy, map);
    return Y.encodeStateAsUpdate(copy).byteLength <= limit;
  } finally {
    copy.destroy();
  }
}
