import { expect, it } from 'vitest';
import { PresenceOwners } from '../../server/sync/presence-owners';

it('gives each connection the first free clientID it announces, and nothing else', () => {
  const owners = new PresenceOwners<string>(new Set([1]));
  expect(owners.allows('ann', 1)).toBe(false); // the server's own
  expect(owners.allows('ann', 10)).toBe(true);
  expect(owners.allows('ann', 10)).toBe(true);
  expect(owners.allows('ann', 11)).toBe(false); // one per connection
  expect(owners.allows('bob', 10)).toBe(false);
  expect(owners.allows('bob', 20)).toBe(true);
  expect(owners.owner(10)).toBe('ann');
  expect(owners.release('ann')).toBe(10);
  expect(owners.release('ann')).toBeUndefined();
  expect(owners.allows('ann-again', 10)).toBe(true);
});
