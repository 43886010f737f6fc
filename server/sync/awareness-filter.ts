import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Awareness } from 'y-protocols/awareness';
import { MalformedMessage } from './messages';

/**
 * The entries of an awareness update that can change anything, re-encoded; undefined if none can.
 *
 * The stock provider sends every awareness change it receives back to the server (its handler
 * does not look at the origin), so in a room of 50 most awareness messages are echoes of states
 * the server already has. y-protocols parses each entry's JSON before it compares clocks; this
 * compares first, so an echo costs a few varint reads instead of a JSON.parse per person.
 * The rule is y-protocols' own: a newer clock wins; an equal clock only to remove a state.
 * `keep` then decides, per fresh entry, whether this sender may make it (see presence.ts).
 */
export function freshAwarenessEntries(
  awareness: Awareness,
  update: Uint8Array,
  keep: (client: number, state: string) => boolean = () => true,
): Uint8Array | undefined {
  let fresh: { client: number; clock: number; state: string }[] = [];
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i += 1) {
      const client = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state = decoding.readVarString(decoder);
      const known = awareness.meta.get(client)?.clock ?? 0;
      if (clock > known || (clock === known && state === 'null' && awareness.states.has(client))) fresh.push({ client, clock, state });
    }
    if (decoding.hasContent(decoder)) throw new Error('trailing bytes');
  } catch {
    throw new MalformedMessage('malformed awareness update');
  }
  fresh = fresh.filter(({ client, state }) => keep(client, state));
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
