import { expect, it } from 'vitest';
import { DurableWriter } from '../../server/sync/durable-writer';
import { Fanout, type Peer } from '../../server/sync/fanout';
import { YJS_CRASHERS } from './fuzz-frames';
import { stepUpdate } from './helpers';

// A valid update, and one that Yjs applies (as pending) but cannot merge with anything (poison.test.ts).
const unmergeable = [stepUpdate('a', 'valid'), YJS_CRASHERS.unmergeable];

it('writes a tick of updates one by one when Yjs cannot merge them, instead of failing the room', async () => {
  const written: Uint8Array[] = [];
  const applied: Uint8Array[] = [];
  const failures: unknown[] = [];
  const writer = new DurableWriter(
    async (update) => {
      written.push(update);
    },
    (update) => applied.push(update),
    (error) => failures.push(error),
  );
  for (const update of unmergeable) writer.push(update);
  await writer.drain();
  expect(failures).toEqual([]);
  expect(written).toEqual(unmergeable);
  expect(applied).toEqual(unmergeable);
});

it('hands each write on with the authors of what it holds: one merged write, both authors; written one by one, one each', async () => {
  const durable: [Uint8Array, string[]][] = [];
  const writer = new DurableWriter<string>(
    async () => {},
    (update, authors) => durable.push([update, [...authors]]),
    () => {},
  );
  writer.push(stepUpdate('a', 'Ann'), 'Ann');
  writer.push(stepUpdate('b', 'Bob'), 'Bob');
  await writer.drain();
  expect(durable.map(([, authors]) => authors)).toEqual([['Ann', 'Bob']]);

  durable.length = 0;
  writer.push(unmergeable[0], 'Ann');
  writer.push(unmergeable[1], 'Bob');
  await writer.drain();
  expect(durable).toEqual([
    [unmergeable[0], ['Ann']],
    [unmergeable[1], ['Bob']],
  ]);
});

it('sends a window one item at a time when its items cannot be encoded together (a throw in a timer would end the process)', async () => {
  const sent: Uint8Array[] = [];
  const peer: Peer = { send: (message) => sent.push(message), bufferedAmount: 0, close() {} };
  const fanout = new Fanout<number>({
    peers: () => [peer],
    windowMs: 5,
    slowClientBytes: 1000,
    onSlowPeer() {},
    encode: (items) => {
      if (items.length > 1) throw new Error('cannot merge');
      return Uint8Array.of(items[0]);
    },
  });
  fanout.addAll([1]);
  fanout.addAll([2]);
  await new Promise((resolve) => setTimeout(resolve, 30));
  expect(sent).toEqual([Uint8Array.of(1), Uint8Array.of(2)]);
  fanout.stop();
});
