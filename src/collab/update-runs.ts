import * as encoding from 'lib0/encoding';

/** One client's consecutive structs of an update, from `clock` on, already encoded (Yjs's first format). */
export interface StructRun {
  client: number;
  clock: number;
  count: number;
  bytes: Uint8Array;
}

/**
 * An update in Yjs's first format (v1) of these runs and no deletions, laid out as Yjs writes one:
 * how a large change or a whole doc is cut into parts (update-parts.ts, the server's
 * state-in-parts.ts).
 */
export function encodeRuns(runs: readonly StructRun[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, runs.length);
  for (const run of runs) {
    encoding.writeVarUint(encoder, run.count);
    encoding.writeVarUint(encoder, run.client);
    encoding.writeVarUint(encoder, run.clock);
    encoding.writeUint8Array(encoder, run.bytes);
  }
  encoding.writeVarUint(encoder, 0); // an empty delete set
  return encoding.toUint8Array(encoder);
}
