import { expect, it } from 'vitest';
import { PresenceOwners } from '../../server/sync/presence-owners';

const owners = (now = () => 0, remembered = 10) => new PresenceOwners<string>({ reserved: new Set([1]), graceMs: 1000, remembered, now });

it('gives each connection the first free clientID it announces, and nothing else', () => {
  const o = owners();
  expect(o.claim('ann', 1, undefined)).toBe('refused'); // the server's own
  expect(o.claim('ann', 10, undefined)).toBe('own');
  expect(o.claim('ann', 10, undefined)).toBe('own');
  expect(o.claim('ann', 11, undefined)).toBe('refused'); // one per connection
  expect(o.claim('bob', 10, undefined)).toBe('contested'); // perhaps Ann's own new socket: probe the old one
  expect(o.claim('bob', 20, undefined)).toBe('own');
  expect(o.owner(10)).toBe('ann');
  expect(o.release('ann')).toBe(10);
  expect(o.release('ann')).toBeUndefined();
  expect(o.claim('anyone', 10, undefined)).toBe('own'); // no key: first come, first served
});

it('keeps a keyed clientID for its key through the grace period, and hands it to the same key at once', () => {
  let time = 0;
  const o = owners(() => time);
  expect(o.claim('ann-1', 10, 'K')).toBe('own');
  expect(o.claim('mallory', 10, 'M')).toBe('refused'); // bound: not contested, no probe
  expect(o.claim('ann-2', 10, 'K')).toBe('own'); // her new socket, while the server still holds the old one
  expect(o.owner(10)).toBe('ann-2');
  expect(o.release('ann-1')).toBeUndefined(); // the old socket's close does not remove her
  expect(o.release('ann-2')).toBe(10);
  time = 900;
  expect(o.claim('mallory', 10, undefined)).toBe('refused');
  expect(o.claim('mallory', 10, 'M')).toBe('refused');
  expect(o.isBound(10, 'K')).toBe(true);
  expect(o.claim('ann-3', 10, 'K')).toBe('own');
  o.release('ann-3');
  time = 2000; // past the grace period
  expect(o.claim('mallory', 10, undefined)).toBe('own');
});

it('forgets the oldest away clientIDs past the number it remembers', () => {
  let time = 0;
  const o = owners(() => time, 2);
  for (const [peer, client] of [['a', 10], ['b', 20], ['c', 30]] as const) {
    o.claim(peer, client, `key-${peer}`);
    time += 1;
    o.release(peer);
  }
  expect(o.awayCount).toBe(2);
  expect(o.claim('x', 10, undefined)).toBe('own'); // the oldest, forgotten
  expect(o.claim('y', 20, undefined)).toBe('refused');
});
