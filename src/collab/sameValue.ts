/**
 * Whether two plain values the doc holds (a string, a position, a list of ids, a comment) are the
 * same: the same value, or objects that read the same. An object written by one peer reaches the
 * others with its keys in the order it was written, so reading them is enough to compare.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
