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
  for (const entry of readAwarenessEntries(update)) {
    const { client, clock, state } = entry;
    const known = awareness.meta.get(client)?.clock ?? 0;
    const present = awareness.states.has(client);
    if (clock > known || (clock === known && state === 'null' && present)) candidates.push({ entry, revival: false });
    else if (state !== 'null' && !present && awareness.meta.has(client)) candidates.push({ entry, revival: true });
  }
  const fresh: AwarenessEntry[] = [];
  for (const { entry, revival } of candidates) {
    const admitted = admit(entry, revival);
    if (admitted) fresh.push(admitted);
  }
  return fresh.length === 0 ? undefined : writeAwarenessEntries(fresh);
}

/** An awareness update's entries, read without parsing their JSON; MalformedMessage if it is not one. */
export function readAwarenessEntries(update: Uint8Array): AwarenessEntry[] {
  const entries: AwarenessEntry[] = [];
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i += 1) {
      const client = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state = decoding.readVarString(decoder);
      entries.push({ client, clock, state });
    }
    if (decoding.hasContent(decoder)) throw new Error('trailing bytes');
  } catch {
    throw new MalformedMessage('malformed awareness update');
  }
  return entries;
}

/** Entries as one awareness update (y-protocols' encoding). */
export function writeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { client, clock, state } of entries) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, state);
  }
  return encoding.toUint8Array(encoder);
}
