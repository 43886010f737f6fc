import { digest as sha256 } from 'lib0/hash/sha256';

const ALPHABET = 'abcdefghijkmnopqrstuvwxyz23456789';
/** The largest multiple of the alphabet's size a byte can hold: bytes past it would favour the first letters. */
const UNBIASED_BELOW = 256 - (256 % ALPHABET.length);
const LENGTH = 8;

export type RandomBytes = (bytes: Uint8Array<ArrayBuffer>) => Uint8Array;
const cryptoBytes: RandomBytes = (bytes) => crypto.getRandomValues(bytes);

/**
 * Short random ids (`ai-7k2m9q`): readable in exports, and unlikely to collide between peers
 * editing at once. Each letter is equally likely: a random byte past the last whole round of the
 * alphabet is drawn again rather than folded back by a modulo.
 */
export function newId(prefix: string, taken?: (id: string) => boolean, random: RandomBytes = cryptoBytes): string {
  for (;;) {
    let suffix = '';
    while (suffix.length < LENGTH) {
      for (const byte of random(new Uint8Array(LENGTH))) {
        if (byte < UNBIASED_BELOW && suffix.length < LENGTH) suffix += ALPHABET[byte % ALPHABET.length];
      }
    }
    const id = `${prefix}-${suffix}`;
    if (!taken?.(id)) return id;
  }
}

/**
 * The id of the join from step `from` to step `to`, the same on every page: two people joining
 * the same two steps at once (or one of them offline) write the same join, which merges into
 * one, where two random ids made two joins lying on each other. Its letters are drawn as a random
 * id's are, from the SHA-256 of the two ids instead of random bytes.
 */
export function joinIdFor(from: string, to: string): string {
  return newId('j', undefined, bytesOf(`${from}\u0000${to}`));
}

/** Bytes that stand in for random ones, the same for the same text: its SHA-256, then the SHA-256 of that, and so on. */
function bytesOf(text: string): RandomBytes {
  let pool = sha256(new TextEncoder().encode(text));
  let at = 0;
  return (bytes) => {
    for (let i = 0; i < bytes.length; i++) {
      if (at === pool.length) [pool, at] = [sha256(pool), 0];
      bytes[i] = pool[at++];
    }
    return bytes;
  };
}
