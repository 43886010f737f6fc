import { expect, it } from 'vitest';
import { TokenBucket } from '../../server/sync/token-bucket';

it('allows a burst up to its capacity, then its rate', () => {
  let now = 0;
  const bucket = new TokenBucket(10, 20, () => now);
  for (let i = 0; i < 20; i += 1) expect(bucket.take()).toBe(true);
  expect(bucket.take()).toBe(false);
  now += 500; // five tokens back
  for (let i = 0; i < 5; i += 1) expect(bucket.take()).toBe(true);
  expect(bucket.take()).toBe(false);
  now += 60_000; // never more than the capacity
  expect(bucket.take(20)).toBe(true);
  expect(bucket.take(1)).toBe(false);
});
