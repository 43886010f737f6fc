import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { itemFromFields, joinsOf, metaOf, stepsOf } from '../../src/collab/doc';
import { encodeAwareness, encodeSyncStep1, encodeSyncStep2, encodeUpdate } from '../../server/sync/messages';

/**
 * Frames a hostile or broken client might send to the sync server: random bytes, y-protocols
 * messages truncated or with bytes changed, wrong message types, huge varints, well-formed sync
 * messages carrying malformed Yjs updates, awareness updates with garbage JSON, and some valid
 * messages between them. Shared by the fuzz test and the soak benchmark.
 */

const hex = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'));

/**
 * Updates this fuzzing found that Yjs's applyUpdate takes but that make Yjs throw later (see
 * poison.test.ts): kept, so every run sends them again.
 */
export const YJS_CRASHERS = {
  /** Held as pending, it makes every encoding of the doc throw 'Integer out of Range'. */
  unencodable: hex('0101aec0c0efa69fbb6309a8630201770772656e616d65640163010201'),
  /** Merged with any other update: 'Unexpected case'. */
  unmergeable: hex('01047a2d6a012800630b0466726f6d017704667a2d612800630b02746f017704667a2d622800630b0768616e646f66660177076d656574696e6700'),
  /** These two, merged, give an update whose application throws 'reading id'. */
  pair: [
    hex('01046300270105737465707304667a2d610128006300046b696e6401770568756d616e28006300056c6162656c01770666757a7a20612800630008706f736974696f6e01760201787d0101797d0200'),
    hex(
      '01056304270105737465707304667a2d620128006304046b696e64017702616928006304056c6162656c01770666757a7a2062280063e0c9040b776f726b4d696e75746573017d03280063040876657269666965730175017704667a2d6100',
    ),
  ],
};

/** Valid updates of many shapes, from a doc of its own (the fuzz never touches others' items). */
export function updateCorpus(clientID: number): Uint8Array[] {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const steps = stepsOf(doc);
  steps.set('fz-a', itemFromFields({ kind: 'human', label: 'fuzz a', position: { x: 1, y: 2 } }));
  steps.set('fz-b', itemFromFields({ kind: 'ai', label: 'fuzz b', workMinutes: 3, verifies: ['fz-a'] }));
  steps.get('fz-a')?.set('label', 'renamed');
  steps.get('fz-a')?.set('position', { x: 5, y: 6 });
  joinsOf(doc).set('fz-j', itemFromFields({ from: 'fz-a', to: 'fz-b', handoff: 'meeting' }));
  metaOf(doc).set('notes', 'not a meta field');
  doc.getText('stray').insert(0, 'text where none belongs');
  doc.getArray('stray-list').push([1, 'two', { three: 3 }, new Uint8Array([4])]);
  steps.delete('fz-b');
  doc.getText('stray').delete(2, 5);
  updates.push(Y.encodeStateAsUpdate(doc));
  doc.destroy();
  return updates;
}

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

const varUint = (n: number) => {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, n);
  return encoding.toUint8Array(encoder);
};

/** Varints too long for lib0 (over 53 bits), or claiming lengths far past the message. */
const HUGE_VARINTS = [
  Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f),
  Uint8Array.of(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01),
  varUint(2 ** 31),
  varUint(Number.MAX_SAFE_INTEGER),
];

/** Small changes to a valid message: cut it short, overwrite, insert or remove bytes. */
function mutated(base: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    fc.tuple(base, fc.nat()).map(([b, at]) => b.slice(0, at % Math.max(1, b.length))),
    fc.tuple(base, fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { minLength: 1, maxLength: 4 })).map(([b, edits]) => {
      const copy = b.slice();
      for (const [at, value] of edits) if (copy.length > 0) copy[at % copy.length] = value;
      return copy;
    }),
    fc.tuple(base, fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([b, at, bytes]) => {
      const cut = at % (b.length + 1);
      return concat(b.slice(0, cut), bytes, b.slice(cut));
    }),
    fc.tuple(base, fc.nat(), fc.integer({ min: 1, max: 16 })).map(([b, at, length]) => {
      const cut = at % (b.length + 1);
      return concat(b.slice(0, cut), b.slice(cut + length));
    }),
  );
}

/** Awareness updates whose entries are well framed but whose states are not JSON objects (or lie about their count). */
const awarenessGarbage = fc
  .tuple(
    fc.nat({ max: 5 }),
    fc.array(
      fc.tuple(
        fc.nat(),
        fc.nat(),
        fc.oneof(fc.json(), fc.string(), fc.constantFrom('{', '{"user":{"name":', 'null', '[]', '"x"', '{"a":1}', '{}'), fc.json().map((j) => j.slice(0, -1))),
      ),
      { maxLength: 4 },
    ),
  )
  .map(([count, entries]) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, count);
    for (const [client, clock, state] of entries) {
      encoding.writeVarUint(encoder, client);
      encoding.writeVarUint(encoder, clock);
      encoding.writeVarString(encoder, state);
    }
    return encodeAwareness(encoding.toUint8Array(encoder));
  });

function validAwareness(): Uint8Array {
  const awareness = new Awareness(new Y.Doc());
  awareness.setLocalState({ user: { name: 'fuzz' }, cursor: { x: 1, y: 2 } });
  const message = encodeAwareness(encodeAwarenessUpdate(awareness, [awareness.clientID]));
  awareness.destroy();
  return message;
}

/** One frame to send: bytes, or (rarely) text. */
export type Frame = Uint8Array | string;

export function frameArbitrary(corpus: Uint8Array[]): fc.Arbitrary<Frame> {
  const update = fc.constantFrom(...corpus);
  const validMessage = fc.oneof(
    update.map(encodeUpdate),
    update.map(encodeSyncStep2),
    fc.constant(encodeSyncStep1(Y.encodeStateVector(new Y.Doc()))),
    fc.constant(validAwareness()),
    fc.constant(Uint8Array.of(3)),
  );
  return fc.oneof(
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 64 }) },
    { weight: 3, arbitrary: mutated(validMessage) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 4, max: 100_000 }), fc.uint8Array({ maxLength: 32 })).map(([type, rest]) => concat(varUint(type), rest)) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(0, 1), fc.constantFrom(...HUGE_VARINTS), fc.uint8Array({ maxLength: 16 })).map(([type, huge, rest]) => concat(varUint(type), huge, rest)) },
    { weight: 4, arbitrary: mutated(update).map((bad) => encodeUpdate(bad)) },
    { weight: 2, arbitrary: mutated(update).map((bad) => encodeSyncStep2(bad)) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 32 }).map((sv) => encodeSyncStep1(sv)) },
    { weight: 3, arbitrary: awarenessGarbage },
    { weight: 2, arbitrary: validMessage },
    { weight: 1, arbitrary: fc.constantFrom(YJS_CRASHERS.unencodable, YJS_CRASHERS.unmergeable, ...YJS_CRASHERS.pair).map(encodeUpdate) },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  );
}

/** `count` connections' worth of frames, 1 to 8 each, the same for the same seed. */
export function fuzzScripts(seed: number, count: number): Frame[][] {
  const corpus = updateCorpus(1_000_000 + seed);
  return fc.sample(fc.array(frameArbitrary(corpus), { minLength: 1, maxLength: 8 }), { seed, numRuns: count });
}
