import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { encodeRuns, type StructRun } from '../../src/collab/update-runs';

/**
 * About how many bytes of a doc one part carries. A browser applies one Yjs update in one task:
 * a 1,000-step map's 260 kB took 200–320 ms on a 2-core machine, and a 5,000-step map's 1.4 MB
 * 480–570 ms, the longest task of its opening (BENCHMARKS.md). A part of this size took a task of
 * under 90 ms there (the first, with Yjs's code still cold, up to 170), and the page draws, reads
 * input and paints between parts.
 */
export const PART_BYTES = 64 * 1024;

/** One client's consecutive structs, from `clock` up to `end`, encoded. */
interface Run extends StructRun {
  end: number;
}

/**
 * The whole of `doc` as Yjs updates of about `partBytes` each, which applied in order leave a doc
 * as the whole would: the same structs, the same deletions. Each part is an update of its own
 * (the parts before the last hold runs of structs and no deletions; the last is Yjs's own
 * encoding of the rest, with the whole delete set), so a stock client applies each as it comes.
 * A struct whose origin is in a later part waits in Yjs's pending structs until it arrives; the
 * clients with the most structs go first, as most edits build on the bulk of a map.
 * A doc under `partBytes` is one part: `Y.encodeStateAsUpdate(doc)`.
 */
export function encodeStateInParts(doc: Y.Doc, partBytes: number): Uint8Array[] {
  const parts: Uint8Array[] = [];
  const sent = new Map<number, number>();
  let runs: Run[] = [];
  let size = 0;
  const clients = [...doc.store.clients].sort(([, a], [, b]) => b.length - a.length);
  for (const [client, structs] of clients) {
    let first = 0;
    let body = new Y.UpdateEncoderV1();
    const runTo = (last: number): Run => {
      const { id, length } = structs[last];
      return { client, clock: structs[first].id.clock, end: id.clock + length, count: last + 1 - first, bytes: body.toUint8Array() };
    };
    for (let i = 0; i < structs.length; i += 1) {
      structs[i].write(body, 0);
      if (size + encoding.length(body.restEncoder) < partBytes) continue;
      runs.push(runTo(i));
      parts.push(encodeRuns(runs));
      for (const run of runs) sent.set(run.client, run.end);
      runs = [];
      size = 0;
      first = i + 1;
      body = new Y.UpdateEncoderV1();
    }
    if (first < structs.length) {
      const run = runTo(structs.length - 1);
      runs.push(run);
      size += run.bytes.byteLength;
    }
  }
  // Whatever is left (runs short of a part), and every deletion, as Yjs encodes what a client lacks.
  parts.push(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(sent)));
  return parts;
}
