import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { StateCache } from '../../server/sync/state-cache';

function docWith(key: string, value: string): Y.Doc {
  const doc = new Y.Doc();
  doc.getMap('steps').set(key, value);
  return doc;
}

/** A form that counts how often it was made. */
function countedWhole() {
  const counted = {
    made: 0,
    form: (doc: Y.Doc) => {
      counted.made += 1;
      return Y.encodeStateAsUpdate(doc);
    },
  };
  return counted;
}

it('encodes the whole doc once per version, and again after each update', () => {
  const doc = docWith('a', 'first');
  const cache = new StateCache(doc);
  const whole = countedWhole();
  const first = cache.stateAs(whole.form);
  expect(first).toEqual(Y.encodeStateAsUpdate(doc));
  for (let i = 0; i < 1000; i += 1) expect(cache.stateAs(whole.form)).toBe(first);
  expect(whole.made).toBe(1);

  doc.getMap('steps').set('b', 'second');
  const second = cache.stateAs(whole.form);
  expect(second).not.toBe(first);
  expect(second).toEqual(Y.encodeStateAsUpdate(doc));
  expect(whole.made).toBe(2);
  cache.destroy();
});

it('keeps each form apart', () => {
  const doc = docWith('a', 'first');
  const cache = new StateCache(doc);
  const framed = (state: Y.Doc) => Uint8Array.of(9, ...Y.encodeStateAsUpdate(state));
  const vector = (state: Y.Doc) => Y.encodeStateVector(state);
  expect(cache.stateAs(framed)).toEqual(Uint8Array.of(9, ...Y.encodeStateAsUpdate(doc)));
  expect(cache.stateAs(vector)).toEqual(Y.encodeStateVector(doc));
  doc.getMap('steps').delete('a');
  expect(cache.stateAs(framed)).toEqual(Uint8Array.of(9, ...Y.encodeStateAsUpdate(doc)));
  cache.destroy();
});

it('knows when what a client lacks is the whole doc, byte for byte', () => {
  const doc = docWith('a', 'first');
  doc.getMap('steps').delete('a'); // a delete set, which every diff carries whole
  doc.getMap('steps').set('b', 'second');
  const cache = new StateCache(doc);
  const unrelated = Y.encodeStateVector(docWith('z', 'elsewhere'));
  for (const stateVector of [Y.encodeStateVector(new Y.Doc()), unrelated]) {
    expect(cache.lacksAll(stateVector)).toBe(true);
    expect(Y.encodeStateAsUpdate(doc, stateVector)).toEqual(Y.encodeStateAsUpdate(doc));
  }

  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  expect(cache.lacksAll(Y.encodeStateVector(copy))).toBe(false);
  expect(cache.lacksAll(Uint8Array.of(5, 1))).toBeUndefined();
  cache.destroy();
});

it('stops following the doc once destroyed', () => {
  const doc = docWith('a', 'first');
  const cache = new StateCache(doc);
  const whole = countedWhole();
  cache.stateAs(whole.form);
  cache.destroy();
  doc.getMap('steps').set('b', 'second');
  expect(cache.stateAs(whole.form)).toEqual(Y.encodeStateAsUpdate(doc));
});

it('is forgotten by an update that changes no type: typing into a step someone deleted meanwhile', () => {
  const ann = new Y.Doc();
  ann.getMap('steps').set('s', new Y.Map());
  const bob = new Y.Doc();
  Y.applyUpdate(bob, Y.encodeStateAsUpdate(ann));
  const before = Y.encodeStateVector(ann);
  (bob.getMap('steps').get('s') as Y.Map<string>).set('label', 'typed');
  const typed = Y.encodeStateAsUpdate(bob, before);
  ann.getMap('steps').delete('s');
  // The server holds Ann's map; what reaches it of Bob's typing, once Ann's delete is in, is only garbage-collected structs.
  const server = new Y.Doc();
  Y.applyUpdate(server, Y.encodeStateAsUpdate(ann));
  const cache = new StateCache(server);
  const whole = countedWhole();
  cache.stateAs(whole.form);
  Y.applyUpdate(ann, typed);
  Y.applyUpdate(server, Y.encodeStateAsUpdate(ann, Y.encodeStateVector(server)));
  expect(Y.encodeStateVector(server)).toEqual(Y.encodeStateVector(ann));
  // A page opening the map now is sent the server's whole state, Bob's structs included.
  expect(cache.stateAs(whole.form)).toEqual(Y.encodeStateAsUpdate(server));
  expect(whole.made).toBe(2);
  cache.destroy();
});
