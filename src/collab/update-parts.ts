import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { encodeRuns, type StructRun } from './update-runs';


/**
 * A Yjs update as several updates of about `partBytes` each (one struct larger than that is a
 * part of its own), in the order to send them, so that the server can take a change larger
 * than its message limit (an import into an open map, its undo, a day of offline edits).
 *
 * The parts are sent last first: the highest clocks first, and last the part holding each
 * client's first structs and the whole delete set. Yjs cannot integrate a client's structs before
 * those under them, so the server holds every part but the last as pending structs, unwritten and
 * unrelayed (server/sync/shadow-doc.ts), and the last completes them in one transaction: the
 * server stores the change at once and colleagues get it whole, never a map half replaced. (An
 * update of several clients, such as offline edits on top of a colleague's, may have a client's
 * first structs in an earlier part; that client's structs then arrive as they come: the same
 * change in the end.)
 *
 * An update within `partBytes` is one part: itself.
 */
export function updateInParts(update: Uint8Array, partBytes: number): Uint8Array[] {
  if (update.byteLength <= partBytes) return [update];
  const { structs } = Y.decodeUpdate(update);
  // Yjs writes each client's structs in order of clock; the parts follow them.
  const parts: StructRun[][] = [];
  let runs: StructRun[] = [];
  let size = 0;
  const ends = new Map<number, number>();
  let i = 0;
  while (i < structs.length) {
    const { client } = structs[i].id;
    const body = new Y.UpdateEncoderV1();
    const first = i;
    let full = false;
    for (; i < structs.length && structs[i].id.client === client; i += 1) {
      structs[i].write(body, 0);
      ends.set(client, structs[i].id.clock + structs[i].length);
      if (size + encoding.length(body.restEncoder) >= partBytes) {
        i += 1;
        full = true;
        break;
      }
    }
    const bytes = body.toUint8Array();
    runs.push({ client, clock: structs[first].id.clock, count: i - first, bytes });
    size += bytes.byteLength;
    if (full) {
      parts.push(runs);
      runs = [];
      size = 0;
    }
  }
  if (runs.length > 0) parts.push(runs);
  // Every struct is under `ends`, so what the update holds beyond it is its delete set alone.
  const deletions = Y.diffUpdate(update, Y.encodeStateVector(ends));
  const encoded = parts.map(encodeRuns);
  encoded[0] = Y.mergeUpdates([encoded[0], deletions]);
  return encoded.reverse();
}
