import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Awareness } from 'y-protocols/awareness';
import { MalformedMessage } from './messages';

/** One entry of an awareness update: a clientID, its clock, its state as JSON ('null': removed). */
export interface AwarenessEntry {
  client: number;
  clock: number;
  state: string;
}

/**
 * Decides, per entry that could change something, what to apply: the entry (perhaps rewritten),
 * or undefined to drop it. `revival`: the entry is not newer than what the server knows, but it
 * sets a state for a clientID the server has removed (a person back on a new socket).
 */
export type AdmitEntry = (entry: AwarenessEntry, revival: boolean) => AwarenessEntry | undefined;

const admitFresh: AdmitEntry = (entry, revival) => (revival ? undefined : entry);

/**
 * The entries of an awareness update that can change anything, re-encoded; undefined if none can.
 *
 * The stock provider sends every awareness change it receives back to the server (its handler
 * does not look at the origin), so in a room of 50 most awareness messages are echoes of states
 * the server already has. y-protocols parses each entry's JSON before it compares clocks; this
 * compares first, so an echo costs a few varint reads instead of a JSON.parse per person.
 * The rule is y-protocols' own: a newer clock wins; an equal clock only to remove a state.
 *
 * One case y-protocols gets wrong for a server: when a person's socket drops, the server removes
 * their state with a clock one past theirs, and when their provider reconnects it resends its
 * state with its old clock, which y-protocols ignores until the person next moves (or the
 * provider's 15-second renewal). Such entries are handed to `admit` as revivals; presence.ts
 * lets the owner's through with a clock past the removal.
 */
export function freshAwarenessEntries(awareness: Awareness, update: Uint8Array, admit: AdmitEntry = admitFresh): Uint8Array | undefined {
  const candidates: { entry: AwarenessEntry; revival: boolean }[] = [];
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i += 1) {
      const client = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state = decoding.readVarString(decoder);
      const known = awareness.meta.get(client)?.clock ?? 0;
      const present = awareness.states.has(client);
      if (clock > known || (clock === known && state === 'null' && present)) candidates.push({ entry: { client, clock, state }, revival: false });
      else if (state !== 'null' && !present && awareness.meta.has(client)) candidates.push({ entry: { client, clock, state }, revival: true });
    }
    if (decoding.hasContent(decoder)) throw new Error('trailing bytes');
  } catch {
    throw new MalformedMessage('malformed awareness update');
  }
  const fresh: AwarenessEntry[] = [];
  for (const { entry, revival } of candidates) {
    const admitted = admit(entry, revival);
    if (admitted) fresh.push(admitted);
  }
  if (fresh.length === 0) return undefined;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, fresh.length);
  for (const { client, clock, state } of fresh) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, state);
  }
  return encoding.toUint8Array(encoder);
}
