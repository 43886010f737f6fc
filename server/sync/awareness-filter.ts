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
    const kind = entryKind(awareness, entry.client, entry.clock, entry.state === 'null');
    if (kind !== 'echo') candidates.push({ entry, revival: kind === 'revival' });
  }
  const fresh: AwarenessEntry[] = [];
  for (const { entry, revival } of candidates) {
    const admitted = admit(entry, revival);
    if (admitted) fresh.push(admitted);
  }
  return fresh.length === 0 ? undefined : writeAwarenessEntries(fresh);
}

/**
 * What an entry is to the server: 'fresh' (newer than what it holds, or the removal of a state it
 * holds), a 'revival' (see freshAwarenessEntries), or an 'echo': nothing it does not already have.
 */
function entryKind(awareness: Awareness, client: number, clock: number, removal: boolean): 'fresh' | 'revival' | 'echo' {
  const meta = awareness.meta.get(client);
  const known = meta?.clock ?? 0;
  const present = awareness.states.has(client);
  if (clock > known || (clock === known && removal && present)) return 'fresh';
  if (!removal && !present && meta !== undefined) return 'revival';
  return 'echo';
}

/** The JSON `null` as UTF-8: a removed state. */
const NULL_STATE = [0x6e, 0x75, 0x6c, 0x6c];

/**
 * Whether an awareness update is only an echo: at least one entry, and every entry one the server
 * already has (clock not newer), so applying it would change nothing. The stock provider sends
 * every awareness message it receives back (see freshAwarenessEntries), so in a busy room most
 * awareness messages are these. Checked on the raw bytes, states neither decoded nor parsed;
 * anything that is not a well-formed awareness update is not an echo (it is handled, and refused,
 * as any message).
 */
export function isAwarenessEcho(awareness: Awareness, update: Uint8Array): boolean {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    if (count === 0) return false;
    for (let i = 0; i < count; i += 1) {
      const client = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state = decoding.readVarUint8Array(decoder);
      const removal = state.length === NULL_STATE.length && NULL_STATE.every((byte, at) => state[at] === byte);
      if (entryKind(awareness, client, clock, removal) !== 'echo') return false;
    }
    return !decoding.hasContent(decoder);
  } catch {
    return false;
  }
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
