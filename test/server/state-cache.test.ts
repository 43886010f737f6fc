import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { StateCache } from '../../server/sync/state-cache';

function docWith(key: string, value: string): Y.Doc {
  const doc = new Y.Doc();
  doc.getMap('steps').set(key, value);
  return doc;
}

it('encodes the whole doc once per version, and again after each update', () => {
  const doc = docWith('a', 'first');
  const cache = new StateCache(doc);
  const first = cache.state();
  expect(first).toEqual(Y.encodeStateAsUpdate(doc));
  for (let i = 0; i < 1000; i += 1) expect(cache.state()).toBe(first);

  doc.getMap('steps').set('b', 'second');
  const second = cache.state();
  expect(second).not.toBe(first);
  expect(second).toEqual(Y.encodeStateAsUpdate(doc));
  cache.destroy();
});

it('makes each derived form once per version', () => {
  const doc = docWith('a', 'first');
  const cache = new StateCache(doc);
  let made = 0;
  const framed = (state: Uint8Array) => {
    made += 1;
    return Uint8Array.of(9, ...state);
  };
  const once = cache.stateAs(framed);
  expect(cache.stateAs(framed)).toBe(once);
  expect(made).toBe(1);
  doc.getMap('steps').delete('a');
  expect(cache.stateAs(framed)).toEqual(Uint8Array.of(9, ...Y.encodeStateAsUpdate(doc)));
  expect(made).toBe(2);
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
    expect(Y.encodeStateAsUpdate(doc, stateVector)).toEqual(cache.state());
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
  cache.destroy();
  doc.getMap('steps').set('b', 'second');
  expect(cache.state()).toEqual(Y.encodeStateAsUpdate(doc));
});
