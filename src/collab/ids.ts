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
