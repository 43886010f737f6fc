import { expect, it } from 'vitest';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { freshAwarenessEntries } from '../../server/sync/awareness-filter';
import { MalformedMessage } from '../../server/sync/messages';

it('passes new states and removals, drops echoes of states the server has, rejects garbage', () => {
  const person = new Awareness(new Y.Doc());
  person.setLocalState({ name: 'Ann' });
  const server = new Awareness(new Y.Doc());
  server.setLocalState(null);

  const first = encodeAwarenessUpdate(person, [person.clientID]);
  expect(freshAwarenessEntries(server, first)).toEqual(first);
  applyAwarenessUpdate(server, first, 'test');
  // The stock provider echoes what it received: same clock, nothing new.
  expect(freshAwarenessEntries(server, first)).toBeUndefined();

  person.setLocalStateField('cursor', { x: 1, y: 2 });
  const moved = encodeAwarenessUpdate(person, [person.clientID]);
  expect(freshAwarenessEntries(server, moved)).toEqual(moved);

  expect(() => freshAwarenessEntries(server, new Uint8Array([1, 5]))).toThrow(MalformedMessage);
  person.destroy();
  server.destroy();
});
