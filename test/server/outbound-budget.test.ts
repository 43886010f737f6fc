import { expect, it } from 'vitest';
import { connectionOutboundBudget, OutboundBudget, roomOutboundBudget, serverOutboundBudget } from '../../server/sync/outbound-budget';

/** A clock the test moves by hand. */
function clock() {
  let ms = 0;
  return { now: () => ms, advance: (by: number) => (ms += by) };
}

it('spends at every level or at none, and names the level that is short', () => {
  const time = clock();
  const server = new OutboundBudget('server', 100, 1000, undefined, time.now);
  const room = server.child('room', 100, 600);
  const one = room.child('connection', 10, 300);
  const other = room.child('connection', 10, 300);

  expect(one.spend(300)).toBeUndefined();
  expect(one.spend(1)?.scope).toBe('connection');
  expect(other.spend(300)).toBeUndefined();
  // The room has 0 left: a third connection is refused there, and nothing was spent anywhere.
  const third = room.child('connection', 10, 300);
  expect(third.spend(100)?.scope).toBe('room');
  expect(server.child('room', 100, 600).spend(400)).toBeUndefined();
  expect(server.child('room', 100, 600).spend(400)?.scope).toBe('server');

  time.advance(1000); // the server and the rooms refill 100, connections 10
  expect(third.spend(100)).toBeUndefined();
  expect(one.spend(10)?.scope).toBe('room');
  time.advance(100);
  expect(one.spend(10)).toBeUndefined();
  expect(one.spend(2)?.scope).toBe('connection');
});

it('always affords one whole map of the largest size, whatever the rates', () => {
  const settings = { outboundBytesPerSecond: 1, roomOutboundBytesPerSecond: 1, serverOutboundBytesPerSecond: 1, maxDocBytes: 16 * 1024 * 1024 };
  const connection = connectionOutboundBudget(roomOutboundBudget(serverOutboundBudget(settings), settings), settings);
  expect(connection.spend(settings.maxDocBytes + 6)).toBeUndefined();
});
