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
 * one, where two random ids made two joins lying on each other. Eight letters of the alphabet
 * from a 53-bit hash of the two ids (cyrb53).
 */
export function joinIdFor(from: string, to: string): string {
  const text = `${from}\u0000${to}`;
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  let hash = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  let suffix = '';
  for (let i = 0; i < LENGTH; i++) {
    suffix += ALPHABET[hash % ALPHABET.length];
    hash = Math.floor(hash / ALPHABET.length);
  }
  return `j-${suffix}`;
}
