const ALPHABET = 'abcdefghijkmnopqrstuvwxyz23456789';

/** Short random ids (`ai-7k2m9q`): readable in exports, and unlikely to collide between peers editing at once. */
export function newId(prefix: string, taken?: (id: string) => boolean): string {
  for (;;) {
    const bytes = crypto.getRandomValues(new Uint8Array(8));
    let suffix = '';
    for (const byte of bytes) suffix += ALPHABET[byte % ALPHABET.length];
    const id = `${prefix}-${suffix}`;
    if (!taken?.(id)) return id;
  }
}
